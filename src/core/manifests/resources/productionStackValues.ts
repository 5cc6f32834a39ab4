/**
 * Values files of the vLLM production-stack Helm chart: every `servingEngineSpec.modelSpec[]` entry
 * is one vLLM Deployment — `modelURL` (model), `repository`/`tag` (image), `replicaCount`,
 * `requestGPU` (GPUs per pod; a `resources` block overrides it), `vllmConfig` (`tensorParallelSize`,
 * `pipelineParallelSize`, `maxModelLen`, `maxNumSeqs`, `gpuMemoryUtilization`, `dtype`, `extraArgs`
 * appended last), `nodeSelectorTerms` (required node affinity). With `raySpec.enabled` a replica is
 * a Ray cluster: the head's `requestGPU` plus `replicaCount` workers of `requestGPU` each.
 * Source: vllm-project/production-stack helm/values.yaml, helm/templates/deployment-vllm-multi.yaml,
 * ray-cluster.yaml, tutorials/15-basic-pipeline-parallel.md.
 */
import type { Node, YAMLMap } from 'yaml';
import type { FlagKey } from '../flags';
import { gpuLimit, type ContainerSite, type GpuRequest, type Labelled, type WorkloadObject } from '../workloads';
import { scalarWord, type Word } from '../words';
import { asSeq, at, get, keyRangeOf, number, pairOf, rangeOf, text } from '../yamlNodes';
import { declaredFlag, imageFrom, located } from './fields';

/** `vllmConfig` keys → the flags they become (deployment-vllm-multi.yaml). */
const VLLM_CONFIG: Array<[string, FlagKey]> = [
  ['tensorParallelSize', 'tensor'],
  ['pipelineParallelSize', 'pipeline'],
  ['maxModelLen', 'maxModelLen'],
  ['maxNumSeqs', 'maxNumSeqs'],
  ['gpuMemoryUtilization', 'memoryFraction'],
  ['dtype', 'dtype'],
];

/** Single-valued `In` terms of `nodeSelectorTerms[].matchExpressions[]` (a choice of several names no device). */
function selectorTermLabels(terms: Node | undefined): Labelled[] {
  const out: Labelled[] = [];
  for (const term of asSeq(terms)?.items ?? []) {
    for (const expr of asSeq(get(term, 'matchExpressions'))?.items ?? []) {
      const key = text(get(expr, 'key'));
      const values = asSeq(get(expr, 'values'))?.items ?? [];
      const value = located(values[0] as Node | undefined);
      if (key && text(get(expr, 'operator')) === 'In' && values.length === 1 && value) out.push({ key, ...value });
    }
  }
  return out;
}

/** The list items of a values-file argument list as command-line words. */
function listWords(node: Node | undefined, source: string): Word[] {
  return (asSeq(node)?.items ?? []).flatMap((item) => {
    const word = scalarWord(item as Node, source);
    return word ? [word] : [];
  });
}

function requestedGpus(spec: unknown, count: Node | undefined): GpuRequest | undefined {
  const n = number(count);
  const range = rangeOf(count);
  return (
    gpuLimit(spec) ??
    (n !== undefined && range
      ? { count: n, resource: text(get(spec, 'requestGPUType')) ?? 'nvidia.com/gpu', range }
      : undefined)
  );
}

/** One workload per enabled `modelSpec` entry. */
export function productionStackValues(map: YAMLMap, source = ''): WorkloadObject[] {
  const engine = get(map, 'servingEngineSpec');
  if (text(get(engine, 'enableEngine')) === 'false') return [];
  const out: WorkloadObject[] = [];
  for (const item of asSeq(get(engine, 'modelSpec'))?.items ?? []) {
    const spec = item as YAMLMap;
    if (text(get(spec, 'enabled')) === 'false') continue;
    const name = located(get(spec, 'name'));
    const config = get(spec, 'vllmConfig');
    const ray = text(at(spec, 'raySpec', 'enabled')) === 'true';
    const replicasNode =
      text(at(spec, 'keda', 'enabled')) === 'true' ? at(spec, 'keda', 'minReplicaCount') : get(spec, 'replicaCount');
    const replicaCount = Math.max(0, Math.floor(number(replicasNode) ?? 1));
    const workerGpus = requestedGpus(spec, get(spec, 'requestGPU'));
    const headGpus = ray
      ? requestedGpus(at(spec, 'raySpec', 'headNode'), at(spec, 'raySpec', 'headNode', 'requestGPU'))
      : undefined;
    const model = located(get(spec, 'modelURL'));
    const image = imageFrom(get(spec, 'repository'), get(spec, 'tag'));
    const site: ContainerSite = {
      name: name?.value ?? 'vllm',
      node: spec,
      role: 'container',
      // Ray: the head pod runs a share of the replica too; the leader of the group is the head.
      ...((ray ? headGpus : workerGpus) ? { gpus: (ray ? headGpus : workerGpus)! } : {}),
      declared: {
        engine: 'vllm',
        ...(model ? { model } : {}),
        flags: VLLM_CONFIG.flatMap(([field, key]) => declaredFlag(get(config, field), key, `vllmConfig.${field}`)),
        extraArgs: [],
        extraWords: listWords(get(config, 'extraArgs'), source),
        ...(image ? { image } : {}),
        notes: [
          `vLLM production-stack values: modelSpec '${name?.value ?? ''}'${ray ? ', a Ray cluster of the head and replicaCount workers per replica' : ''}`,
        ],
        anchor: name?.range ?? keyRangeOf(pairOf(map, 'servingEngineSpec')) ?? { start: 0, end: 0 },
      },
    };
    out.push({
      kind: 'HelmValues',
      apiVersion: 'vllm-project/production-stack',
      name: name?.value ?? '(unnamed)',
      nameRange: name?.range ?? site.declared!.anchor!,
      ...(ray
        ? { replicas: 1 }
        : { replicas: replicaCount, ...(rangeOf(replicasNode) ? { replicasRange: rangeOf(replicasNode)! } : {}) }),
      podsPerReplica: ray ? replicaCount + 1 : 1,
      containers: [site],
      workerContainers:
        ray && workerGpus ? [{ name: 'ray-worker', node: spec, role: 'container', gpus: workerGpus }] : [],
      nodeLabels: selectorTermLabels(get(spec, 'nodeSelectorTerms')),
      annotations: [],
      compose: false,
    });
  }
  return out;
}
