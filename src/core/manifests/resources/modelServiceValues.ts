/**
 * Values files of llm-d's modelservice Helm chart: `modelArtifacts.uri` (`hf://org/name`, else the
 * served `modelArtifacts.name`) served by vLLM in a `decode` pool and, when created, a `prefill`
 * pool — each with `replicas`, `parallelism {tensor, data, dataLocal, workers}`, `containers[]`
 * (`modelCommand: vllmServe|imageDefault` runs `vllm serve` with the chart's flags plus `args`;
 * `custom` runs the container's own command), `nodeSelector` and `acceleratorTypes {labelKey,
 * labelValues}`. A pod gets dataLocal × tensor GPUs unless its container states them; with
 * `multinode: true` a replica is a LeaderWorkerSet of `workers` pods.
 * Source: llm-d-incubation/llm-d-modelservice charts/llm-d-modelservice/values.yaml,
 * templates/_helpers.tpl, examples/values-*.yaml.
 */
import type { Node, YAMLMap } from 'yaml';
import { gpuLimit, selectorLabels, type ContainerSite, type WorkloadObject } from '../workloads';
import { asSeq, at, get, keyRangeOf, number, pairOf, rangeOf, text } from '../yamlNodes';
import { declaredFlag, located } from './fields';

function role(map: YAMLMap, name: 'decode' | 'prefill', split: boolean): WorkloadObject | undefined {
  const pool = get(map, name);
  if (!pool || text(get(pool, 'create')) === 'false') return undefined;
  const containers = asSeq(get(pool, 'containers'))?.items ?? [];
  const container = (containers.find((c) => get(c, 'modelCommand')) ?? containers[0]) as YAMLMap | undefined;
  if (!container) return undefined;
  const parallelism = get(pool, 'parallelism');
  const tensor = number(get(parallelism, 'tensor')) ?? 1;
  const dataNode = get(parallelism, 'data');
  const data = number(dataNode);
  const workersField = number(get(parallelism, 'workers'));
  const dataLocalField = number(get(parallelism, 'dataLocal'));
  const workers = workersField ?? (data !== undefined && dataLocalField ? Math.floor(data / dataLocalField) : 1);
  const dataLocal = dataLocalField ?? (data !== undefined ? Math.floor(data / Math.max(1, workers)) : 1);
  const dp = data ?? dataLocal * workers;
  const multinode = text(get(map, 'multinode')) === 'true';
  const uri = located(at(map, 'modelArtifacts', 'uri'));
  const served = located(at(map, 'modelArtifacts', 'name'));
  const model = uri && /^hf:\/\//i.test(uri.value) && !uri.value.includes('{{') ? uri : (served ?? uri);
  const tensorNode = get(parallelism, 'tensor');
  const gpuRange = rangeOf(tensorNode) ?? rangeOf(parallelism) ?? rangeOf(pool) ?? { start: 0, end: 0 };
  const gpus = gpuLimit(container) ?? {
    count: Math.max(1, dataLocal * tensor),
    resource: 'nvidia.com/gpu',
    range: gpuRange,
  };
  const accelerator = get(pool, 'acceleratorTypes');
  const labelKey = text(get(accelerator, 'labelKey'));
  const values = asSeq(get(accelerator, 'labelValues'))?.items ?? [];
  const only = values.length === 1 ? located(values[0] as Node) : undefined;
  const site: ContainerSite = {
    name,
    node: container,
    role: 'container',
    gpus,
    declared: {
      engine: 'vllm',
      ...(model ? { model } : {}),
      flags: [
        ...declaredFlag(tensorNode, 'tensor', 'parallelism.tensor'),
        ...(dp > 1
          ? dataNode
            ? declaredFlag(dataNode, 'data', 'parallelism.data')
            : [{ key: 'data' as const, name: 'parallelism', value: String(dp), range: gpuRange }]
          : []),
      ],
      extraArgs: [],
      extraWords: [],
      notes: [
        `llm-d modelservice values: the ${name} pool (vLLM), ${gpuLimit(container) ? 'GPUs from its container' : `dataLocal ${dataLocal} × tensor ${tensor} GPUs per pod`}${multinode ? `, ${workers} pods per replica (LeaderWorkerSet)` : ''}`,
      ],
      anchor: keyRangeOf(pairOf(map, name)) ?? gpuRange,
    },
  };
  return {
    kind: 'HelmValues',
    apiVersion: 'llm-d/llm-d-modelservice',
    ...(split ? { disaggregationRole: name } : {}),
    name: served?.value ?? uri?.value ?? name,
    nameRange: served?.range ?? uri?.range ?? site.declared!.anchor!,
    replicas: Math.max(0, Math.floor(number(get(pool, 'replicas')) ?? 1)),
    ...(rangeOf(get(pool, 'replicas')) ? { replicasRange: rangeOf(get(pool, 'replicas'))! } : {}),
    podsPerReplica: multinode ? Math.max(1, workers) : 1,
    containers: [site],
    workerContainers: [],
    nodeLabels: selectorLabels(pool).concat(labelKey && only ? [{ key: labelKey, ...only }] : []),
    annotations: [],
    compose: false,
  };
}

/** The decode pool and, when created, the prefill pool of a modelservice values file. */
export function modelServiceValues(map: YAMLMap): WorkloadObject[] {
  const prefill = get(map, 'prefill');
  const split =
    prefill !== undefined && text(get(prefill, 'create')) !== 'false' && get(prefill, 'containers') !== undefined;
  return [role(map, 'decode', split), role(map, 'prefill', split)].filter((o): o is WorkloadObject => o !== undefined);
}
