/**
 * NVIDIA Dynamo DynamoGraphDeployment: one workload per worker service, its engine and flags read
 * from the worker's command line (`python3 -m dynamo.vllm|dynamo.sglang|dynamo.trtllm` take their
 * engine's own flags), the prefill and decode workers of one graph sized together as one
 * disaggregated placement (disaggregatedPair.ts). Frontends, planners and routers run no engine.
 *
 * - v1alpha1: `spec.services.<Name>` with `componentType` (frontend | main | worker | planner),
 *   `subComponentType` (prefill | decode), `replicas`, `resources.limits.gpu` (per node; else
 *   requests), `multinode.nodeCount`, and the container in `extraPodSpec.mainContainer` (older
 *   examples put the whole command in one `args` string, run by a shell).
 * - v1beta1: `spec.components[]` with `name`, `type` (frontend | worker | prefill | decode),
 *   `replicas`, `multinode.nodeCount` and a plain `podTemplate.spec` (nvidia.com/gpu limits).
 *
 * The role comes from `subComponentType`/`type`, else the worker's flags (`--is-prefill-worker`,
 * `--is-decode-worker`, `--disaggregation-mode`), else its name. Sources: ai-dynamo/dynamo
 * examples/backends/{vllm,sglang,trtllm}/deploy/disagg*.yaml (v1alpha1 and v1beta1),
 * components/backends/vllm/deploy/disagg.yaml (the older single-string args).
 */
import { isMap, type YAMLMap } from 'yaml';
import type { FileContext } from '../fileContext';
import {
  containersOf,
  nodeLabelsOf,
  objectBase,
  replicasAt,
  selectorLabels,
  type ContainerSite,
  type GpuRequest,
  type Labelled,
  type WorkloadObject,
} from '../workloads';
import { asSeq, at, get, keyRangeOf, number, pairOf, rangeOf, text } from '../yamlNodes';

type Role = 'prefill' | 'decode' | 'worker';

/** What a service or component says of its role, before its flags are read. */
function declaredRole(type: string | undefined, sub: string | undefined): Role | undefined {
  const t = (sub ?? type ?? '').toLowerCase();
  if (t === 'prefill' || t === 'decode') return t;
  if (t === 'frontend' || t === 'main' || t === 'planner' || t === 'router' || t === 'epp') return undefined;
  // A plain worker: its flags, else its name, say which pool it is (disaggregatedPair.ts).
  return 'worker';
}

/** `gpu: "4"` of a v1alpha1 service's resources (limits, else requests). */
function serviceGpus(service: unknown): GpuRequest | undefined {
  for (const section of ['limits', 'requests']) {
    const pair = pairOf(at(service, 'resources', section), 'gpu');
    const count = number(pair?.value);
    const range = rangeOf(pair?.value) ?? keyRangeOf(pair);
    if (count !== undefined && range) return { count, resource: 'nvidia.com/gpu', range };
  }
  return undefined;
}

/** One worker as a workload object: `nodes` pods of the same container per replica. */
function worker(
  map: YAMLMap,
  name: string,
  nameNode: unknown,
  role: Role,
  site: ContainerSite,
  replicasOf: unknown,
  nodes: number,
  nodeLabels: Labelled[],
): WorkloadObject {
  const graph = text(at(map, 'metadata', 'name')) ?? '(unnamed)';
  const base = objectBase(map, 'DynamoGraphDeployment', text(get(map, 'apiVersion')));
  return {
    ...base,
    name: `${graph}/${name}`,
    nameRange: rangeOf(nameNode) ?? base.nameRange,
    ...replicasAt(replicasOf, 'replicas'),
    podsPerReplica: Math.max(1, nodes),
    containers: [site],
    // Every node of a multi-node worker runs the same container with the same GPUs.
    workerContainers: nodes > 1 ? [site] : [],
    nodeLabels,
    ...(role !== 'worker' ? { disaggregationRole: role } : {}),
    disaggregationGroup: graph,
  };
}

/** v1alpha1 `spec.services`: a map of service name → service. */
function services(map: YAMLMap): WorkloadObject[] {
  const out: WorkloadObject[] = [];
  const list = get(get(map, 'spec'), 'services');
  if (!isMap(list)) return out;
  for (const pair of list.items) {
    const name = text(pair.key);
    const service = pair.value;
    if (name === undefined || !isMap(service)) continue;
    const role = declaredRole(text(get(service, 'componentType')), text(get(service, 'subComponentType')));
    const container = at(service, 'extraPodSpec', 'mainContainer');
    if (!role || !isMap(container)) continue;
    const gpus = serviceGpus(service);
    const site: ContainerSite = {
      name: text(get(container, 'name')) ?? 'main',
      node: container,
      role: 'container',
      ...(gpus ? { gpus } : {}),
      shellArgs: get(container, 'command') === undefined,
    };
    const nodes = number(at(service, 'multinode', 'nodeCount')) ?? 1;
    out.push(worker(map, name, pair.key, role, site, service, nodes, selectorLabels(get(service, 'extraPodSpec'))));
  }
  return out;
}

/** v1beta1 `spec.components`: a list of components with plain pod templates. */
function components(map: YAMLMap, context: FileContext): WorkloadObject[] {
  const out: WorkloadObject[] = [];
  for (const component of asSeq(get(get(map, 'spec'), 'components'))?.items ?? []) {
    const name = text(get(component, 'name')) ?? '(unnamed)';
    const role = declaredRole(text(get(component, 'type')), undefined);
    const podSpec = at(component, 'podTemplate', 'spec');
    const containers = containersOf(podSpec, context).filter((c) => c.role === 'container');
    const site = containers.find((c) => c.gpus) ?? containers[0];
    if (!role || !site) continue;
    const nodes = number(at(component, 'multinode', 'nodeCount')) ?? 1;
    out.push(worker(map, name, get(component, 'name'), role, site, component, nodes, nodeLabelsOf(podSpec, context)));
  }
  return out;
}

/** The worker services of a DynamoGraphDeployment (v1alpha1 `services` or v1beta1 `components`). */
export function dynamoGraphObjects(map: YAMLMap, context: FileContext): WorkloadObject[] {
  return [...services(map), ...components(map, context)];
}
