/**
 * Recognises the objects that run containers in a YAML document — Kubernetes workloads
 * (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob, `List`), LeaderWorkerSet,
 * KServe InferenceService and ServingRuntime, and Compose `services:` — and lists their
 * containers with what sizing needs around them: GPU limit, replicas, nodes per replica, node
 * selection labels, annotations, env. Whether a container runs an engine is decided later
 * (`engines.ts`).
 */
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import type { TextRange } from '../findings';
import { asMap, asSeq, at, get, keyRangeOf, number, pairOf, rangeOf, stringEntries, text } from './yamlNodes';

/** A label or annotation value with its range. */
export interface Labelled {
  key: string;
  value: string;
  range: TextRange;
}

/** The GPU request of a container (limit, or Compose device reservation). */
export interface GpuRequest {
  count: number;
  /** `nvidia.com/gpu`, `amd.com/gpu`, or `compose` for a device reservation. */
  resource: string;
  range: TextRange;
}

/** One container and its surroundings. */
export interface ContainerSite {
  /** Container (or Compose service) name. */
  name: string;
  node: YAMLMap;
  /** `containers`, `initContainers`, `model` (KServe predictor.model), `service` (Compose). */
  role: 'container' | 'init' | 'model' | 'service';
  /** For LeaderWorkerSet: which template. */
  template?: 'leader' | 'worker';
  gpus?: GpuRequest;
}

/** An object that runs containers. */
export interface WorkloadObject {
  kind: string;
  apiVersion?: string;
  /** metadata.name, or the Compose service name. */
  name: string;
  /** Where the name is written (the object's header for locating object-wide findings). */
  nameRange: TextRange;
  replicas: number;
  replicasRange?: TextRange;
  /** LeaderWorkerSet: pods per group (one multi-node replica). 1 elsewhere. */
  podsPerReplica: number;
  containers: ContainerSite[];
  /** LeaderWorkerSet: the worker template's containers (their GPUs count toward a replica). */
  workerContainers: ContainerSite[];
  /** Node labels the pods are pinned to (nodeSelector and required node affinity `In`). */
  nodeLabels: Labelled[];
  annotations: Labelled[];
  /** Compose: `x-llm-sizing.hardware` of the service or the file. */
  composeHardware?: Labelled;
  compose: boolean;
}

const POD_TEMPLATE_KINDS: Record<string, string[]> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

/** GPU resource names sized as GPUs (device plugins of NVIDIA, AMD and Intel Gaudi). */
const GPU_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu', 'habana.ai/gaudi'];

function gpuLimit(container: YAMLMap): GpuRequest | undefined {
  for (const section of ['limits', 'requests']) {
    const map = at(container, 'resources', section);
    for (const resource of GPU_RESOURCES) {
      const pair = pairOf(map, resource);
      const count = number(pair?.value);
      const range = rangeOf(pair?.value) ?? keyRangeOf(pair);
      if (count !== undefined && range) return { count, resource, range };
    }
  }
  return undefined;
}

function containersOf(podSpec: unknown, template?: 'leader' | 'worker'): ContainerSite[] {
  const out: ContainerSite[] = [];
  for (const [key, role] of [
    ['initContainers', 'init'],
    ['containers', 'container'],
  ] as const) {
    for (const item of asSeq(get(podSpec, key))?.items ?? []) {
      if (!isMap(item)) continue;
      const gpus = gpuLimit(item);
      out.push({
        name: text(get(item, 'name')) ?? '(unnamed)',
        node: item,
        role,
        ...(template ? { template } : {}),
        ...(gpus ? { gpus } : {}),
      });
    }
  }
  return out;
}

/** nodeSelector entries plus `In`/single-value terms of required node affinity. */
function nodeLabelsOf(podSpec: unknown): Labelled[] {
  const out: Labelled[] = stringEntries(get(podSpec, 'nodeSelector'));
  const terms = at(
    podSpec,
    'affinity',
    'nodeAffinity',
    'requiredDuringSchedulingIgnoredDuringExecution',
    'nodeSelectorTerms',
  );
  for (const term of asSeq(terms)?.items ?? []) {
    for (const expr of asSeq(get(term, 'matchExpressions'))?.items ?? []) {
      const key = text(get(expr, 'key'));
      const operator = text(get(expr, 'operator'));
      const values = asSeq(get(expr, 'values'))?.items ?? [];
      const first = values[0];
      const value = text(first);
      const range = rangeOf(first);
      // Only a single allowed value names the device; `In [a, b]` leaves the choice to the scheduler.
      if (key && operator === 'In' && values.length === 1 && value !== undefined && range)
        out.push({ key, value, range });
    }
  }
  return out;
}

function header(map: YAMLMap): { name: string; nameRange: TextRange } {
  const namePair = pairOf(get(map, 'metadata'), 'name');
  const name = text(namePair?.value) ?? '(unnamed)';
  const nameRange = rangeOf(namePair?.value) ?? keyRangeOf(pairOf(map, 'kind')) ?? rangeOf(map) ?? { start: 0, end: 0 };
  return { name, nameRange };
}

function replicasAt(map: unknown, ...path: string[]): { replicas: number; replicasRange?: TextRange } {
  const node = at(map, ...path);
  const n = number(node);
  const range = rangeOf(node);
  return n !== undefined && n >= 0
    ? { replicas: Math.floor(n), ...(range ? { replicasRange: range } : {}) }
    : { replicas: 1 };
}

function kubernetesObject(map: YAMLMap, kind: string, apiVersion: string | undefined): WorkloadObject | undefined {
  const base = {
    kind,
    ...(apiVersion ? { apiVersion } : {}),
    ...header(map),
    annotations: stringEntries(at(map, 'metadata', 'annotations')),
    compose: false,
    workerContainers: [] as ContainerSite[],
    podsPerReplica: 1,
  };
  const podPath = POD_TEMPLATE_KINDS[kind];
  if (podPath) {
    const podSpec = at(map, ...podPath);
    const replicas =
      kind === 'Job' || kind === 'CronJob'
        ? replicasAt(
            map,
            ...(kind === 'Job' ? ['spec', 'parallelism'] : ['spec', 'jobTemplate', 'spec', 'parallelism']),
          )
        : kind === 'Pod' || kind === 'DaemonSet'
          ? { replicas: 1 }
          : replicasAt(map, 'spec', 'replicas');
    return { ...base, ...replicas, containers: containersOf(podSpec), nodeLabels: nodeLabelsOf(podSpec) };
  }
  if (kind === 'LeaderWorkerSet') {
    const lwt = at(map, 'spec', 'leaderWorkerTemplate');
    const worker = at(lwt, 'workerTemplate', 'spec');
    const leader = at(lwt, 'leaderTemplate', 'spec') ?? worker;
    const size = number(get(lwt, 'size')) ?? 1;
    // Without a leader template the leader runs the worker template (LWS API docs).
    const leaderContainers = containersOf(leader, 'leader');
    return {
      ...base,
      ...replicasAt(map, 'spec', 'replicas'),
      podsPerReplica: Math.max(1, Math.floor(size)),
      containers: leaderContainers,
      workerContainers: containersOf(worker, 'worker'),
      nodeLabels: nodeLabelsOf(leader).concat(nodeLabelsOf(worker)),
    };
  }
  if (kind === 'InferenceService') {
    const predictor = at(map, 'spec', 'predictor');
    const containers = containersOf(predictor);
    const model = asMap(get(predictor, 'model'));
    if (model) {
      const gpus = gpuLimit(model);
      containers.unshift({
        name: text(get(model, 'name')) ?? 'kserve-container',
        node: model,
        role: 'model',
        ...(gpus ? { gpus } : {}),
      });
    }
    return { ...base, ...replicasAt(predictor, 'minReplicas'), containers, nodeLabels: nodeLabelsOf(predictor) };
  }
  if (kind === 'ServingRuntime' || kind === 'ClusterServingRuntime') {
    const spec = get(map, 'spec');
    return { ...base, replicas: 1, containers: containersOf(spec), nodeLabels: nodeLabelsOf(spec) };
  }
  return undefined;
}

/** Compose `environment` → env entries (map or `KEY=value` list). */
export function composeEnvironment(service: unknown): Array<{ name: string; value: string; range: TextRange }> {
  const env = get(service, 'environment');
  const out: Array<{ name: string; value: string; range: TextRange }> = [];
  if (isMap(env)) {
    for (const e of stringEntries(env)) out.push({ name: e.key, value: e.value, range: e.range });
  } else if (isSeq(env)) {
    for (const item of env.items) {
      const t = text(item);
      const r = rangeOf(item);
      const eq = t?.indexOf('=') ?? -1;
      if (t === undefined || !r || eq < 1) continue;
      // A quoted item ("KEY=value") starts one character later than its text.
      const start = r.start + (r.end - r.start > t.length ? 1 : 0) + eq + 1;
      out.push({ name: t.slice(0, eq), value: t.slice(eq + 1), range: { start, end: start + t.length - eq - 1 } });
    }
  }
  return out;
}

function composeServices(root: YAMLMap): WorkloadObject[] {
  const services = asMap(get(root, 'services'));
  if (!services) return [];
  const fileHardware = stringEntries(get(root, 'x-llm-sizing')).find((e) => e.key === 'hardware');
  const out: WorkloadObject[] = [];
  for (const pair of services.items) {
    const name = text(pair.key);
    const service = asMap(pair.value);
    if (name === undefined || !service) continue;
    let gpus: GpuRequest | undefined;
    for (const device of asSeq(at(service, 'deploy', 'resources', 'reservations', 'devices'))?.items ?? []) {
      const countNode = get(device, 'count');
      const count = text(countNode) === 'all' ? undefined : number(countNode);
      const ids = asSeq(get(device, 'device_ids'))?.items.length;
      const n = count ?? ids;
      const range = rangeOf(countNode) ?? rangeOf(get(device, 'device_ids')) ?? rangeOf(device);
      if (n !== undefined && range) gpus = { count: n, resource: 'compose', range };
    }
    const own = stringEntries(get(service, 'x-llm-sizing')).find((e) => e.key === 'hardware');
    const hardware = own ?? fileHardware;
    const nameRange = keyRangeOf(pair as never) ?? rangeOf(service) ?? { start: 0, end: 0 };
    out.push({
      kind: 'ComposeService',
      name,
      nameRange,
      ...replicasAt(service, 'deploy', 'replicas'),
      podsPerReplica: 1,
      containers: [{ name, node: service, role: 'service', ...(gpus ? { gpus } : {}) }],
      workerContainers: [],
      nodeLabels: [],
      annotations: [],
      ...(hardware ? { composeHardware: hardware } : {}),
      compose: true,
    });
  }
  return out;
}

/** Every workload object in a document's root node (recursing into `kind: List`). */
export function workloadObjects(root: Node | null | undefined, depth = 0): WorkloadObject[] {
  const map = asMap(root);
  if (!map || depth > 4) return [];
  const kind = text(get(map, 'kind'));
  if (kind === 'List')
    return (asSeq(get(map, 'items'))?.items ?? []).flatMap((item) => workloadObjects(item as Node, depth + 1));
  if (kind !== undefined) {
    const object = kubernetesObject(map, kind, text(get(map, 'apiVersion')));
    return object ? [object] : [];
  }
  return composeServices(map);
}
