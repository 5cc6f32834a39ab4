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
import { EMPTY_CONTEXT, type FileContext } from './fileContext';
import type { FlagKey } from './flags';
import type { Word } from './words';
import { asMap, asSeq, at, get, keyRangeOf, number, pairOf, rangeOf, stringEntries, text } from './yamlNodes';

/** A label or annotation value with its range. */
export interface Labelled {
  key: string;
  value: string;
  range: TextRange;
}

/** The GPU request of a container (limit, Compose device reservation, or DRA claim). */
export interface GpuRequest {
  count: number;
  /** `nvidia.com/gpu`, `amd.com/gpu`, `compose` for a device reservation, `dra` for a resource claim. */
  resource: string;
  range: TextRange;
}

/** An accelerator that is not a GPU (TPU, AWS Neuron) or none at all (CPU): outside GPU sizing. */
export interface NonGpuAccelerator {
  kind: 'tpu' | 'neuron' | 'cpu';
  /** What says so, in words (`google.com/tpu: 4`). */
  evidence: string;
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
  /** A TPU or Neuron device request instead of GPUs. */
  nonGpu?: NonGpuAccelerator;
  /** Its `args` run as one `sh -c` script when it has no `command` (Dynamo v1alpha1 services). */
  shellArgs?: boolean;
  /**
   * Set by the readers of serving resources that state the engine, model and parallelism in
   * their own fields (LLMInferenceService, RayService, NIMService, KAITO, Helm values) rather than
   * on a command line (`declared.ts`).
   */
  declared?: DeclaredServing;
}

/** A flag value a resource states in a field of its own (`parallelism.tensor: 4`). */
export interface DeclaredFlag {
  /** What it means (flags.ts). */
  key: FlagKey;
  /** The field as written (`parallelism.tensor`), for messages. */
  name: string;
  value: string;
  range: TextRange;
}

/** What a serving resource states outside a command line. */
export interface DeclaredServing {
  /** Engine kind (`vllm`, `nim`, …) as in flags.ts. */
  engine: 'vllm' | 'sglang' | 'nim' | 'tgi' | 'llama.cpp' | 'tensorrt-llm' | 'ollama';
  /** The model as the resource names it (URI, preset, model id), with its range. */
  model?: { value: string; range: TextRange };
  /** Flags from the resource's own fields; the command line and extra arguments override them. */
  flags: DeclaredFlag[];
  /** Extra engine arguments written as one text (`VLLM_ADDITIONAL_ARGS`), split like a shell would. */
  extraArgs: Array<{ value: string; range: TextRange; node?: Node }>;
  /** Extra engine arguments already in words (a values file's `extraArgs` list, a ConfigMap's `vllm:` map); they come last. */
  extraWords: Word[];
  /** The image, when the resource names it outside a container (`spec.image.repository`). */
  image?: { value: string; range: TextRange };
  /** Engine defaults the operator applies that the estimate needs (KAITO picks TP or DP from the model size). */
  operator?: { kind: 'kaito'; gpusPerNode: number; nodes: number };
  /** How the resource was read, for the placement's assumptions. */
  notes: string[];
  /** Where CodeLens and container-wide findings go (default: the container's name or image). */
  anchor?: TextRange;
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
  /**
   * A cloud VM size or instance type the resource itself names (KAITO `resource.instanceType`,
   * Ray `accelerator_type`), read like the instance-type node label.
   */
  instanceType?: Labelled;
  /** Nodes of one replica when the resource states them (KAITO `resource.count`). */
  nodesPerReplica?: number;
  /**
   * One pool of a resource that serves prefill and decode on separate workers (LLMInferenceService
   * `spec.prefill`, llm-d modelservice `prefill`/`decode`): the two pools of one object are also
   * sized together as one disaggregated placement (index.ts).
   */
  disaggregationRole?: 'prefill' | 'decode';
  /**
   * llm-d's `llm-d.ai/role` label (prefill | decode) on the object or its pod template: the label
   * llm-d's scheduler (its prefill and decode filters) picks the pools by. With vLLM's NIXL
   * connector both pools say `kv_both`, so the label, not the flags, tells them apart.
   */
  roleLabel?: Labelled & { value: 'prefill' | 'decode' };
  /**
   * The pools that belong together when they are separate objects of one resource (Dynamo's
   * services of one DynamoGraphDeployment): its name. Default: the object's own name.
   */
  disaggregationGroup?: string;
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

/** Device-plugin resources of accelerators that are not GPUs (GKE TPU; AWS Trainium/Inferentia). */
const NON_GPU_RESOURCES: Array<[string, NonGpuAccelerator['kind']]> = [
  ['google.com/tpu', 'tpu'],
  ['aws.amazon.com/neuron', 'neuron'],
  ['aws.amazon.com/neuroncore', 'neuron'],
  ['aws.amazon.com/neurondevice', 'neuron'],
];

/** A `resources:` mapping's GPU limit (else request); `node` is a container or a resource's spec. */
export function gpuLimit(node: unknown): GpuRequest | undefined {
  for (const section of ['limits', 'requests']) {
    const map = at(node, 'resources', section);
    for (const resource of GPU_RESOURCES) {
      const pair = pairOf(map, resource);
      const count = number(pair?.value);
      const range = rangeOf(pair?.value) ?? keyRangeOf(pair);
      if (count !== undefined && range) return { count, resource, range };
    }
  }
  return undefined;
}

/** A TPU or Neuron request of a container's `resources:`. */
function nonGpuLimit(node: unknown): NonGpuAccelerator | undefined {
  for (const section of ['limits', 'requests']) {
    const map = at(node, 'resources', section);
    for (const [resource, kind] of NON_GPU_RESOURCES) {
      const pair = pairOf(map, resource);
      const range = rangeOf(pair?.value) ?? keyRangeOf(pair);
      if (pair && range) return { kind, evidence: `${resource}: ${text(pair.value) ?? ''}`.trim(), range };
    }
  }
  return undefined;
}

/**
 * The ResourceClaimTemplate or ResourceClaim a pod's `resourceClaims[]` entry names: resource.k8s.io
 * v1beta1+ names it directly, the alpha API nested it under `source:`.
 */
function claimTarget(podClaim: unknown): string | undefined {
  return (
    text(get(podClaim, 'resourceClaimTemplateName')) ??
    text(get(podClaim, 'resourceClaimName')) ??
    text(at(podClaim, 'source', 'resourceClaimTemplateName')) ??
    text(at(podClaim, 'source', 'resourceClaimName'))
  );
}

/** The GPUs a container gets through DRA: its `resources.claims` → the pod's `resourceClaims` → the file's claim. */
function claimedGpus(container: YAMLMap, podSpec: unknown, context: FileContext): GpuRequest | undefined {
  for (const claim of asSeq(at(container, 'resources', 'claims'))?.items ?? []) {
    const claimName = text(get(claim, 'name'));
    const podClaim = (asSeq(get(podSpec, 'resourceClaims'))?.items ?? []).find(
      (c) => text(get(c, 'name')) === claimName,
    );
    const target = claimTarget(podClaim);
    const devices = target !== undefined ? context.claims.get(target) : undefined;
    if (!devices || devices.count === undefined || /tpu/i.test(devices.deviceClass ?? '')) continue;
    return { count: devices.count, resource: 'dra', range: devices.countRange ?? devices.range };
  }
  return undefined;
}

/** The product names of the DRA claims a pod's containers use, as GPU feature discovery spells them. */
function claimedProducts(podSpec: unknown, context: FileContext): Labelled[] {
  const out: Labelled[] = [];
  for (const podClaim of asSeq(get(podSpec, 'resourceClaims'))?.items ?? []) {
    const target = claimTarget(podClaim);
    const product = target !== undefined ? context.claims.get(target)?.product : undefined;
    // GPU feature discovery turns "NVIDIA H100 80GB HBM3" into the label value NVIDIA-H100-80GB-HBM3.
    if (product)
      out.push({ key: DRA_PRODUCT_LABEL, value: product.value.trim().replace(/\s+/g, '-'), range: product.range });
  }
  return out;
}

/** The pseudo node label a DRA claim's product selector is read as (lookup.ts DEVICE_LABELS). */
const DRA_PRODUCT_LABEL = 'resource.k8s.io/productName';

export function containersOf(podSpec: unknown, context: FileContext, template?: 'leader' | 'worker'): ContainerSite[] {
  const out: ContainerSite[] = [];
  for (const [key, role] of [
    ['initContainers', 'init'],
    ['containers', 'container'],
  ] as const) {
    for (const item of asSeq(get(podSpec, key))?.items ?? []) {
      if (!isMap(item)) continue;
      const gpus = gpuLimit(item) ?? claimedGpus(item, podSpec, context);
      const nonGpu = gpus ? undefined : nonGpuLimit(item);
      out.push({
        name: text(get(item, 'name')) ?? '(unnamed)',
        node: item,
        role,
        ...(template ? { template } : {}),
        ...(gpus ? { gpus } : {}),
        ...(nonGpu ? { nonGpu } : {}),
      });
    }
  }
  return out;
}

/** nodeSelector entries plus `In`/single-value terms of required node affinity, plus DRA claim products. */
export function nodeLabelsOf(podSpec: unknown, context: FileContext = EMPTY_CONTEXT): Labelled[] {
  return selectorLabels(podSpec).concat(claimedProducts(podSpec, context));
}

/** nodeSelector entries plus `In`/single-value terms of required node affinity. */
export function selectorLabels(podSpec: unknown): Labelled[] {
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

/** A replica count at a path (default 1), with its range. */
export function replicasAt(map: unknown, ...path: string[]): { replicas: number; replicasRange?: TextRange } {
  const node = at(map, ...path);
  const n = number(node);
  const range = rangeOf(node);
  return n !== undefined && n >= 0
    ? { replicas: Math.floor(n), ...(range ? { replicasRange: range } : {}) }
    : { replicas: 1 };
}

/** The fields every Kubernetes object shares (name, annotations), for the readers of other kinds. */
export function objectBase(
  map: YAMLMap,
  kind: string,
  apiVersion: string | undefined,
): Pick<
  WorkloadObject,
  'kind' | 'apiVersion' | 'name' | 'nameRange' | 'annotations' | 'compose' | 'workerContainers' | 'podsPerReplica'
> {
  return {
    kind,
    ...(apiVersion ? { apiVersion } : {}),
    ...header(map),
    annotations: stringEntries(at(map, 'metadata', 'annotations')),
    compose: false,
    workerContainers: [] as ContainerSite[],
    podsPerReplica: 1,
  };
}

/** Where a kind keeps the metadata of its pod templates (labels of the pods it runs). */
const TEMPLATE_METADATA: Record<string, string[][]> = {
  Deployment: [['spec', 'template', 'metadata']],
  StatefulSet: [['spec', 'template', 'metadata']],
  ReplicaSet: [['spec', 'template', 'metadata']],
  LeaderWorkerSet: [
    ['spec', 'leaderWorkerTemplate', 'leaderTemplate', 'metadata'],
    ['spec', 'leaderWorkerTemplate', 'workerTemplate', 'metadata'],
  ],
};

/** llm-d's `llm-d.ai/role` label of the object or its pods, when it says prefill or decode. */
function llmdRoleLabel(map: YAMLMap, kind: string): WorkloadObject['roleLabel'] {
  for (const path of [['metadata'], ...(TEMPLATE_METADATA[kind] ?? [])]) {
    const label = stringEntries(at(map, ...path, 'labels')).find((e) => e.key === 'llm-d.ai/role');
    const value = label?.value.trim().toLowerCase();
    if (label && (value === 'prefill' || value === 'decode')) return { ...label, value };
  }
  return undefined;
}

function kubernetesObject(
  map: YAMLMap,
  kind: string,
  apiVersion: string | undefined,
  context: FileContext,
): WorkloadObject | undefined {
  const roleLabel = llmdRoleLabel(map, kind);
  const base = { ...objectBase(map, kind, apiVersion), ...(roleLabel ? { roleLabel } : {}) };
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
    return {
      ...base,
      ...replicas,
      containers: containersOf(podSpec, context),
      nodeLabels: nodeLabelsOf(podSpec, context),
    };
  }
  if (kind === 'LeaderWorkerSet') {
    const lwt = at(map, 'spec', 'leaderWorkerTemplate');
    const worker = at(lwt, 'workerTemplate', 'spec');
    const leader = at(lwt, 'leaderTemplate', 'spec') ?? worker;
    const size = number(get(lwt, 'size')) ?? 1;
    // Without a leader template the leader runs the worker template (LWS API docs).
    const leaderContainers = containersOf(leader, context, 'leader');
    return {
      ...base,
      ...replicasAt(map, 'spec', 'replicas'),
      podsPerReplica: Math.max(1, Math.floor(size)),
      containers: leaderContainers,
      workerContainers: containersOf(worker, context, 'worker'),
      nodeLabels: nodeLabelsOf(leader, context).concat(nodeLabelsOf(worker, context)),
    };
  }
  if (kind === 'InferenceService') {
    const predictor = at(map, 'spec', 'predictor');
    const containers = containersOf(predictor, context);
    const model = asMap(get(predictor, 'model'));
    if (model) {
      const gpus = gpuLimit(model);
      const runtime = runtimeContainer(text(get(model, 'runtime')), context);
      containers.unshift({
        name: text(get(model, 'name')) ?? 'kserve-container',
        node: model,
        role: 'model',
        ...(gpus ? { gpus } : {}),
        ...(runtime ? { declared: runtime } : {}),
      });
    }
    return {
      ...base,
      ...replicasAt(predictor, 'minReplicas'),
      containers,
      nodeLabels: nodeLabelsOf(predictor, context),
    };
  }
  if (kind === 'ServingRuntime' || kind === 'ClusterServingRuntime') {
    // A runtime an InferenceService of the file uses is read through that service (its GPUs, replicas).
    if (context.usedRuntimes.has(base.name)) return undefined;
    const spec = get(map, 'spec');
    return { ...base, replicas: 1, containers: containersOf(spec, context), nodeLabels: nodeLabelsOf(spec, context) };
  }
  return undefined;
}

/**
 * The container of the (Cluster)ServingRuntime an InferenceService names, from the same file: its
 * image decides the engine (a NIM image names the model too) when the predictor states neither.
 */
function runtimeContainer(name: string | undefined, context: FileContext): DeclaredServing | undefined {
  if (name === undefined) return undefined;
  const runtime = context.objects.get(`ClusterServingRuntime/${name}`) ?? context.objects.get(`ServingRuntime/${name}`);
  const container = asSeq(at(runtime, 'spec', 'containers'))?.items[0];
  const imageNode = get(container, 'image');
  const image = text(imageNode);
  const range = rangeOf(imageNode);
  if (image === undefined || !range) return undefined;
  const engine = /^nvcr\.io\/nim\//i.test(image)
    ? 'nim'
    : /vllm/i.test(image)
      ? 'vllm'
      : /text-generation/i.test(image)
        ? 'tgi'
        : undefined;
  if (!engine) return undefined;
  return {
    engine,
    flags: [],
    extraArgs: [],
    extraWords: [],
    image: { value: image, range },
    notes: [`KServe runtime '${name}' of the same file: ${image}`],
  };
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

/** Readers of the resources that declare serving in fields of their own (declared.ts), registered there. */
export type DeclaredReader = (
  map: YAMLMap,
  kind: string | undefined,
  context: FileContext,
  source: string,
) => WorkloadObject[] | undefined;

/** Every workload object in a document's root node (recursing into `kind: List`). */
export function workloadObjects(
  root: Node | null | undefined,
  context: FileContext = EMPTY_CONTEXT,
  source = '',
  declared?: DeclaredReader,
  depth = 0,
): WorkloadObject[] {
  const map = asMap(root);
  if (!map || depth > 4) return [];
  const kind = text(get(map, 'kind'));
  if (kind === 'List')
    return (asSeq(get(map, 'items'))?.items ?? []).flatMap((item) =>
      workloadObjects(item as Node, context, source, declared, depth + 1),
    );
  const own = declared?.(map, kind, context, source);
  if (own) return own;
  if (kind !== undefined) {
    const object = kubernetesObject(map, kind, text(get(map, 'apiVersion')), context);
    return object ? [object] : [];
  }
  return composeServices(map);
}
