/**
 * The estimator input a case states (ids, engine options, serving features, workload), shared by
 * the single-engine and the disaggregated predictions so a field a case gains reaches both.
 */
import type { ResolveInput } from '../estimate/index';
import type { Catalog } from '../catalog/index';
import { matchModel } from '../catalog/modelReference';
import type { CaseInput } from './cases';

/**
 * The catalog model a case names and the weights its name implies: a catalog id or alias as is;
 * otherwise a Hugging Face repo of a catalog model's checkpoint (`nvidia/DeepSeek-R1-0528-FP4` is
 * deepseek-r1 in NVFP4, `RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8` llama-3.1-8b in FP8), the way
 * published benchmarks name what they served. The case's own `weights` wins over the name's.
 * Undefined model: no catalog model (the case is reported as not predicted, naming it).
 */
export function caseModel(
  input: Pick<CaseInput, 'model' | 'weights'>,
  cat: Catalog,
): { model?: string; weights?: string } {
  const match = cat.models.get(input.model) ? undefined : matchModel(input.model, cat);
  const weights = input.weights ?? match?.checkpointWeights;
  const model = match ? match.model?.id : input.model;
  return { ...(model !== undefined ? { model } : {}), ...(weights !== undefined ? { weights } : {}) };
}

/**
 * `resolveRequest`'s input for a case: its own fields (the model as `caseModel` reads it), the
 * replica's `shape` (GPUs, parallelism, memory configuration) and the `load` the caller decides (a
 * rate or a concurrency).
 */
export function caseResolveInput(
  input: CaseInput,
  shape: Pick<ResolveInput, 'gpus' | 'parallelism' | 'memoryGB'>,
  load: { requestsPerSecond: number } | { concurrency: number | 'max' },
  cat: Catalog,
): ResolveInput {
  const wl = input.workload ?? {};
  const named = caseModel(input, cat);
  return {
    model: named.model ?? input.model,
    hardware: input.hardware ?? '',
    engine: input.engine ?? '',
    ...(named.weights !== undefined ? { weights: named.weights } : {}),
    ...(input.kvCache !== undefined ? { kvCache: input.kvCache } : {}),
    ...(shape.gpus !== undefined ? { gpus: shape.gpus } : {}),
    ...(shape.memoryGB !== undefined ? { memoryGB: shape.memoryGB } : {}),
    ...(shape.parallelism ? { parallelism: shape.parallelism } : {}),
    ...(input.engineOptions || input.backend
      ? { engineOptions: { ...input.engineOptions, ...(input.backend ? { backend: input.backend } : {}) } }
      : {}),
    ...(input.speculative ? { speculative: input.speculative } : {}),
    ...(input.lora ? { lora: input.lora } : {}),
    workload: {
      inputTokens: wl.inputTokens ?? 0,
      outputTokens: wl.outputTokens ?? 1,
      ...load,
      ...(wl.prefixCacheHitRate ? { prefixCacheHitRate: wl.prefixCacheHitRate } : {}),
      ...(wl.outputTokensP95 !== undefined ? { outputTokensP95: wl.outputTokensP95 } : {}),
    },
  };
}
