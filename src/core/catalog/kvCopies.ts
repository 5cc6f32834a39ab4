/**
 * How many tensor-parallel ranks hold the same KV cache: a question of the catalog architecture
 * alone, asked by validation (LLMS066) and by the estimator (decode context parallel).
 */
import type { ModelArchitecture } from './types';

/**
 * Copies of the KV cache over `tp` tensor ranks, the duplication decode context parallel can shard
 * away (vLLM docs/serving/context_parallel_deployment.md): MLA's latent is on every rank (tp); K/V
 * heads split over the ranks repeat when the ranks outnumber them (tp ÷ KV heads); otherwise 1.
 */
export function kvCopiesOverTensor(arch: ModelArchitecture, tp: number): number {
  const a = arch.attention;
  const mla = 'pattern' in a ? a.pattern.some((l) => l.kind === 'mla') : a.kind === 'mla';
  if (mla) return tp;
  return tp > arch.kvHeads ? Math.floor(tp / arch.kvHeads) : 1;
}
