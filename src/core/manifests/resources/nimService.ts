/**
 * NVIDIA NIM Operator NIMService (apps.nvidia.com/v1alpha1): a NIM container described by fields —
 * `spec.image.{repository,tag}` (the model-specific image names the model; the universal `llm-nim`
 * image takes env `NIM_MODEL_NAME`), `spec.env`, `spec.resources` (GPUs per pod), `spec.replicas`
 * (or `spec.scale.hpa.minReplicas` when autoscaled), `spec.nodeSelector`/`affinity`,
 * `spec.storage.nimCache.profile` (the profile: backend, precision, TP), and
 * `spec.multiNode.parallelism {tensor, pipeline}` (a LeaderWorkerSet of `pipeline` pods, each with
 * `spec.resources`). A NIMCache of the same file gives TP and precision when no profile is named.
 * Source: NVIDIA/k8s-nim-operator api/apps/v1alpha1/nimservice_types.go, nimcache_types.go,
 * config/samples/nim.
 */
import type { YAMLMap } from 'yaml';
import type { FileContext } from '../fileContext';
import { gpuLimit, objectBase, replicasAt, selectorLabels, type DeclaredFlag, type WorkloadObject } from '../workloads';
import { at, get, number, rangeOf, text } from '../yamlNodes';
import { declaredFlag, imageFrom, located } from './fields';

/** TP and precision a NIMCache's `spec.source.ngc.model` selects, as a NIM profile name the mapping reads. */
function cacheProfile(cache: YAMLMap | undefined): DeclaredFlag[] {
  const model = at(cache, 'spec', 'source', 'ngc', 'model');
  const engine = text(get(model, 'engine'));
  const precision = text(get(model, 'precision'));
  const tp = get(model, 'tensorParallelism');
  const range = rangeOf(tp) ?? rangeOf(get(model, 'precision'));
  if (!range || (number(tp) === undefined && !precision)) return [];
  const value = [engine ?? 'vllm', precision, number(tp) !== undefined ? `tp${number(tp)}` : undefined]
    .filter(Boolean)
    .join('-');
  return [{ key: 'profile', name: 'NIMCache spec.source.ngc.model', value, range }];
}

/** The workload of a NIMService. */
export function nimServiceObjects(map: YAMLMap, context: FileContext): WorkloadObject[] {
  const spec = get(map, 'spec') as YAMLMap | undefined;
  if (!spec) return [];
  const cacheName = text(at(spec, 'storage', 'nimCache', 'name'));
  const cache = cacheName !== undefined ? context.objects.get(`NIMCache/${cacheName}`) : undefined;
  const multi = at(spec, 'multiNode', 'parallelism');
  const pipeline = number(get(multi, 'pipeline'));
  const profile = declaredFlag(at(spec, 'storage', 'nimCache', 'profile'), 'profile', 'storage.nimCache.profile');
  const flags = [
    ...profile,
    ...(profile.length ? [] : cacheProfile(cache)),
    ...declaredFlag(get(multi, 'tensor'), 'tensor', 'multiNode.parallelism.tensor'),
    ...declaredFlag(get(multi, 'pipeline'), 'pipeline', 'multiNode.parallelism.pipeline'),
  ];
  const image = imageFrom(at(spec, 'image', 'repository'), at(spec, 'image', 'tag'));
  const gpus = gpuLimit(spec);
  const scaled = text(at(spec, 'scale', 'enabled')) === 'true';
  const base = objectBase(map, 'NIMService', text(get(map, 'apiVersion')));
  return [
    {
      ...base,
      ...(scaled ? replicasAt(spec, 'scale', 'hpa', 'minReplicas') : replicasAt(spec, 'replicas')),
      // Multi-node: a LeaderWorkerSet of `pipeline` pods, each with spec.resources.
      podsPerReplica: multi && pipeline !== undefined && pipeline > 1 ? Math.floor(pipeline) : 1,
      containers: [
        {
          name: base.name,
          node: spec,
          role: 'container',
          ...(gpus ? { gpus } : {}),
          declared: {
            engine: 'nim',
            flags,
            extraArgs: [],
            extraWords: [],
            ...(image ? { image } : {}),
            notes: [`NIMService: NIM ${image?.value ?? ''}`.trim()],
            anchor: located(at(map, 'metadata', 'name'))?.range ?? base.nameRange,
          },
        },
      ],
      nodeLabels: selectorLabels(spec),
    },
  ];
}
