/**
 * KServe LLMInferenceService (serving.kserve.io/v1alpha1, v1alpha2): vLLM serving `spec.model.uri`
 * with `spec.parallelism {tensor, pipeline, data, dataLocal, expert}`, the pod in `spec.template`
 * (container `main`: GPUs, env `VLLM_ADDITIONAL_ARGS`, args), multi-node when `spec.worker` is set
 * (a LeaderWorkerSet of data ÷ dataLocal pods), a separate prefill pool in `spec.prefill`, and
 * `spec.baseRefs` naming LLMInferenceServiceConfig templates merged under the service (later wins).
 * Source: kserve/kserve pkg/apis/serving/v1alpha2/llm_inference_service_types.go,
 * config/llmisvcconfig/*.yaml; kserve.github.io/website llmisvc-configuration.
 */
import { isMap, type Node, type YAMLMap } from 'yaml';
import type { FileContext } from '../fileContext';
import { declaredFlag, located } from './fields';
import {
  gpuLimit,
  objectBase,
  replicasAt,
  selectorLabels,
  type ContainerSite,
  type DeclaredServing,
  type WorkloadObject,
} from '../workloads';
import { asMap, asSeq, at, get, number, rangeOf, text } from '../yamlNodes';

/** The first of the specs (the service's own, then its baseRefs, last-listed first) that has the path. */
function first(specs: readonly unknown[], ...path: string[]): Node | undefined {
  for (const spec of specs) {
    const node = at(spec, ...path);
    if (node !== undefined && node !== null) return node;
  }
  return undefined;
}

/** The `main` container of a pod spec (else its first). */
function mainContainer(pod: unknown): YAMLMap | undefined {
  const items = asSeq(get(pod, 'containers'))?.items ?? [];
  return (items.find((c) => text(get(c, 'name')) === 'main') ?? items[0]) as YAMLMap | undefined;
}

/** One pool (the decode/aggregated top level, or `spec.prefill`) as a workload object. */
function pool(
  map: YAMLMap,
  specs: readonly unknown[],
  role: 'main' | 'prefill',
  model: DeclaredServing['model'],
  split: boolean,
): WorkloadObject | undefined {
  const pools = role === 'prefill' ? specs.map((s) => get(s, 'prefill')).filter(isMap) : specs;
  if (pools.length === 0) return undefined;
  const container = pools.map((p) => mainContainer(get(p, 'template'))).find(Boolean);
  const gpus = pools.map((p) => gpuLimit(mainContainer(get(p, 'template')))).find(Boolean);
  const template =
    pools.map((p) => get(p, 'template')).find((t) => selectorLabels(t).length) ?? get(pools[0], 'template');
  const worker = first(pools, 'worker');
  const tensor = first(pools, 'parallelism', 'tensor');
  const pipeline = first(pools, 'parallelism', 'pipeline');
  const data = first(pools, 'parallelism', 'data');
  const dataLocal = first(pools, 'parallelism', 'dataLocal');
  const expert = first(pools, 'parallelism', 'expert');
  const flags = [
    ...declaredFlag(tensor, 'tensor', 'parallelism.tensor'),
    ...declaredFlag(pipeline, 'pipeline', 'parallelism.pipeline'),
    // Data parallelism reaches vLLM in the multi-node template (--data-parallel-size).
    ...(worker ? declaredFlag(data, 'data', 'parallelism.data') : []),
    ...(text(expert) === 'true' ? declaredFlag(expert, 'expertParallel', 'parallelism.expert') : []),
  ];
  // LeaderWorkerSet size: data ÷ dataLocal, else pipeline (ParallelismSpec.GetSize).
  const size = worker
    ? Math.max(
        1,
        number(data) !== undefined ? Math.floor(number(data)! / (number(dataLocal) ?? 1)) : (number(pipeline) ?? 1),
      )
    : 1;
  const env = asSeq(get(container, 'env'))?.items ?? [];
  const additional = env.find((e) => text(get(e, 'name')) === 'VLLM_ADDITIONAL_ARGS');
  const additionalValue = located(get(additional, 'value'));
  const declared: DeclaredServing = {
    engine: 'vllm',
    ...(model ? { model } : {}),
    flags,
    extraArgs: additionalValue ? [{ ...additionalValue, node: get(additional, 'value')! }] : [],
    extraWords: [],
    notes: [
      `LLMInferenceService: vLLM (the llm-d image of KServe's template) serving spec.model${role === 'prefill' ? '; the prefill pool (spec.prefill)' : ''}${specs.length > 1 ? '; baseRefs merged under the service' : ''}`,
    ],
    anchor: rangeOf(at(map, 'metadata', 'name')) ?? rangeOf(map) ?? { start: 0, end: 0 },
  };
  const site: ContainerSite = {
    name: role === 'prefill' ? 'prefill' : (text(get(container, 'name')) ?? 'main'),
    node: container ?? (pools[0] as YAMLMap),
    role: 'container',
    ...(gpus ? { gpus } : {}),
    declared,
  };
  const workerPod = asMap(worker);
  const workerSite = workerPod ? mainContainer(workerPod) : undefined;
  const workerGpus = gpuLimit(workerSite);
  const replicaNode = first(pools, 'replicas') ?? first(pools, 'scaling', 'minReplicas');
  return {
    ...objectBase(map, 'LLMInferenceService', text(get(map, 'apiVersion'))),
    ...(replicaNode !== undefined ? replicasAt(replicaNode) : { replicas: 1 }),
    podsPerReplica: size,
    ...(split ? { disaggregationRole: role === 'prefill' ? ('prefill' as const) : ('decode' as const) } : {}),
    containers: [site],
    workerContainers: workerSite
      ? [{ name: 'worker', node: workerSite, role: 'container', ...(workerGpus ? { gpus: workerGpus } : {}) }]
      : [],
    nodeLabels: selectorLabels(template).concat(workerPod ? selectorLabels(workerPod) : []),
  };
}

/** The workloads of an LLMInferenceService: its main pool and, when it has one, its prefill pool. */
export function llmInferenceServiceObjects(map: YAMLMap, context: FileContext): WorkloadObject[] {
  const spec = get(map, 'spec');
  // baseRefs merge in order, later entries over earlier ones, the service's own spec over all.
  const bases = (asSeq(get(spec, 'baseRefs'))?.items ?? [])
    .map((r) => context.objects.get(`LLMInferenceServiceConfig/${text(get(r, 'name')) ?? ''}`))
    .filter((m): m is YAMLMap => m !== undefined)
    .map((m) => get(m, 'spec'))
    .reverse();
  const specs = [spec, ...bases].filter((s) => s !== undefined);
  const uri = located(first(specs, 'model', 'uri'));
  const name = located(first(specs, 'model', 'name'));
  // hf:// names the Hub repo; other schemes (pvc://, s3://, oci://) are paths: the served name says more.
  const model = uri && /^hf:\/\//i.test(uri.value) ? uri : name && name.value.includes('/') ? name : (uri ?? name);
  // With a prefill pool, the top level is the decode pool (KServe: "top level becomes decode").
  const split = specs.some((s) => isMap(get(s, 'prefill')));
  return [pool(map, specs, 'main', model, split), pool(map, specs, 'prefill', model, split)].filter(
    (o): o is WorkloadObject => o !== undefined,
  );
}
