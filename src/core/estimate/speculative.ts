/**
 * Speculative decoding (issue 16 item 3): a cheap drafter proposes k tokens, the model verifies
 * them in one step of k + 1 query tokens per sequence, and keeps the accepted prefix plus one token
 * of its own.
 *
 * - Tokens per step: with each draft token accepted with probability α independently,
 *   E = (1 − α^(k+1)) / (1 − α)  (k + 1 when α = 1) — Leviathan et al. 2023, "Fast Inference from
 *   Transformers via Speculative Decoding", eq. 1.
 * - Time per step: the verify step (weights and KV read once, k + 1 tokens of FLOPs per sequence,
 *   `decodeStep(…, tokensPerSeq)`) plus the drafting: MTP and EAGLE run one extra layer per draft
 *   token (DeepSeek-V3's MTP module is one transformer block, technical report §2.2; EAGLE's
 *   head is one decoder layer), a draft model runs k of its own decode steps, n-gram lookup runs
 *   on the CPU (no GPU time).
 * - TPOT = time per step ÷ E; throughput = batch × E ÷ time per step. At large batches the verify
 *   step turns compute-bound, so the gain shrinks and can invert — the estimate shows that.
 * - Memory: MTP adds one layer of the model's weights, EAGLE one dense layer, a draft model its
 *   weights (sharded like the model's) and its own KV cache per sequence.
 *
 * Default acceptance rates when a deployment does not state one (a measured rate beats these):
 * MTP 0.85 (DeepSeek-V3 technical report §5.4.3: the second token is accepted 85–90% of the time);
 * EAGLE 0.7 and a draft model 0.7 (EAGLE-3, Li et al. 2025: mean accepted length 3.5–4.5 at
 * k = 5–7 on chat, i.e. α ≈ 0.7–0.8); n-gram 0.5 (prompt lookup accepts well only where the output
 * copies the prompt: code edits, RAG quotes).
 */
import type { EstimateRequest, SpeculativeMethod } from './types';
import type { MemoryModel } from './memory';
import { decodeStep, type PerSequence, type TimingModel } from './timing';

/** Default per-token acceptance rate per method (module comment for the sources). */
export const DEFAULT_ACCEPTANCE: Record<SpeculativeMethod, number> = {
  mtp: 0.85,
  eagle: 0.7,
  'draft-model': 0.7,
  ngram: 0.5,
};

/** Expected tokens per verify step: (1 − α^(k+1)) / (1 − α). */
export function expectedTokensPerStep(acceptance: number, draftTokens: number): number {
  const a = Math.min(1, Math.max(0, acceptance));
  const k = Math.max(0, draftTokens);
  if (a >= 1) return k + 1;
  return (1 - a ** (k + 1)) / (1 - a);
}

/**
 * Extra weight bytes per GPU the drafter holds: one layer of the model (MTP), one dense layer of
 * its width (EAGLE: attention 4h² + a SwiGLU MLP 3·h·ffn, at the weights' bytes), a draft model's
 * weights over the tensor ranks, nothing for n-gram.
 */
export function drafterWeightBytesPerGpu(req: EstimateRequest, modelBytesPerGpu: number, draftWeightBytes = 0): number {
  const spec = req.speculative;
  if (!spec) return 0;
  const tp = req.parallelism.tensor;
  const a = req.model.architecture;
  switch (spec.method) {
    case 'mtp':
      // One more block of the model, sharded like the others (so EP/DP apply).
      return modelBytesPerGpu / a.layers;
    case 'eagle': {
      const h = a.hiddenSize;
      return ((4 * h * h + 3 * h * a.ffnSize) * req.weights.bitsPerWeight) / 8 / tp;
    }
    case 'draft-model':
      return draftWeightBytes / tp;
    case 'ngram':
      return 0;
  }
}

/** The drafter's time per verify step at `batch` sequences, ms. */
export function draftMs(
  req: EstimateRequest,
  mem: MemoryModel,
  t: TimingModel,
  batch: number,
  ctx: number,
  seq: PerSequence,
  draftStepMs?: (b: number) => number,
): number {
  const spec = req.speculative;
  if (!spec) return 0;
  const k = spec.draftTokens;
  switch (spec.method) {
    case 'mtp':
    case 'eagle': {
      // One layer's share of a plain decode step, per draft token (its weights, KV and launches).
      const step = decodeStep(req, mem, t, batch, ctx, seq);
      const layers = req.model.architecture.layers;
      return (
        (k * (step.coreMs + step.elementwiseMs + step.commMs)) / layers +
        k * (t.layerOverheadMs + t.kernelOverheadMs / layers)
      );
    }
    case 'draft-model':
      return draftStepMs ? k * draftStepMs(batch) : 0;
    case 'ngram':
      return 0;
  }
}
