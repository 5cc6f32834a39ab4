/**
 * Resolved estimator requests against the shipped catalog, for tests that state a request in
 * catalog ids (a request the catalog cannot resolve fails the test with resolveRequest's message).
 */
import { catalog } from '../../../src/core/catalog';
import { resolveRequest, type ResolveInput } from '../../../src/core/estimate';
import type { EstimateRequest } from '../../../src/core/estimate/types';

/** `resolveRequest(input)`, or a thrown error with its reason. */
export function resolveOrThrow(input: ResolveInput): EstimateRequest {
  const r = resolveRequest(input, catalog);
  if (!r.ok) throw new Error(r.error);
  return r.request;
}

/**
 * Llama-3.1-70B FP8 on 4× H100 at TP 4 under SGLang, 1,000 in / 1,000 out tokens at 64 concurrent,
 * unless `over` says otherwise (the scheduler and benchmark-start tests).
 */
export function sglang70bRequest(over: Record<string, unknown> = {}): EstimateRequest {
  return resolveOrThrow({
    model: 'llama-3.1-70b',
    hardware: 'h100-sxm-80gb',
    weights: 'fp8',
    engine: 'sglang',
    gpus: 4,
    parallelism: { tensor: 4 },
    workload: { inputTokens: 1000, outputTokens: 1000, concurrency: 64 },
    ...over,
  } as ResolveInput);
}
