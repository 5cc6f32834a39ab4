/**
 * The estimator input a case states (ids, engine options, serving features, workload), shared by
 * the single-engine and the disaggregated predictions so a field a case gains reaches both.
 */
import type { ResolveInput } from '../estimate/index';
import type { CaseInput } from './cases';

/**
 * `resolveRequest`'s input for a case: its own fields, the replica's `shape` (GPUs, parallelism,
 * memory configuration) and the `load` the caller decides (a rate or a concurrency).
 */
export function caseResolveInput(
  input: CaseInput,
  shape: Pick<ResolveInput, 'gpus' | 'parallelism' | 'memoryGB'>,
  load: { requestsPerSecond: number } | { concurrency: number | 'max' },
): ResolveInput {
  const wl = input.workload ?? {};
  return {
    model: input.model,
    hardware: input.hardware ?? '',
    engine: input.engine ?? '',
    ...(input.weights !== undefined ? { weights: input.weights } : {}),
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
