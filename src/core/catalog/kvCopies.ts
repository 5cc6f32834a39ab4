/**
 * Decode context parallel's rules: how many tensor-parallel ranks hold the same KV cache, which
 * degrees an engine accepts, and the largest one. Questions of the catalog alone (architecture,
 * engine), asked by validation (LLMS066), the estimator's resolve step and the layout searches
 * (gpus: auto, disaggregation: auto, recommend), which must agree.
 */
import type { EngineEntry, ModelArchitecture } from './types';

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

/** Why a decode-context-parallel degree above 1 cannot run; each caller words it for its reader. */
export type DecodeContextProblem = { kind: 'engine' } | { kind: 'divide' } | { kind: 'copies'; copies: number };

/**
 * The problem with decode context parallel `dcp` over tensor `tp`, or undefined when it runs: the
 * engine must shard (engines.json `decodeContextParallel`), the degree must divide tensor and be at
 * most the KV copies (vLLM: [1, tp_size / H]). Without an architecture the copies are not checked.
 */
export function decodeContextProblem(
  dcp: number,
  tp: number,
  arch: ModelArchitecture | undefined,
  engine: EngineEntry,
): DecodeContextProblem | undefined {
  if (dcp <= 1) return undefined;
  if (!engine.decodeContextParallel) return { kind: 'engine' };
  if (tp % dcp !== 0) return { kind: 'divide' };
  const copies = arch ? kvCopiesOverTensor(arch, tp) : dcp;
  return dcp > copies ? { kind: 'copies', copies } : undefined;
}

/** The largest degree that runs over tensor `tp` (all the copies), or 1 when none above 1 does. */
export function fullDecodeContext(arch: ModelArchitecture, tp: number, engine: EngineEntry): number {
  const copies = kvCopiesOverTensor(arch, tp);
  return copies > 1 && !decodeContextProblem(copies, tp, arch, engine) ? copies : 1;
}
