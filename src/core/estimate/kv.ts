/**
 * KV-cache geometry (estimator-methods.md §3.2), per layer:
 * - full / sliding attention: 2 (K and V) · ceil(kvHeads / tp) · headDim elements per token;
 *   sliding layers hold at most `windowTokens` tokens;
 * - MLA: (kvLoraRank + qkRopeHeadDim) elements per token, replicated on every TP rank
 *   (aiconfigurator NaiveKVCacheEstimator, llm-d planner);
 * - 'none' (linear attention / SSM): no per-token KV, a constant state per sequence.
 * Bytes per element = KV format bits / 8 (q8_0 = 8.5 bits: block scales included).
 */
import type { FormatEntry, ModelArchitecture } from '../catalog/types';
import { layerAttention } from './params';

/** KV elements per token for the whole model (no TP sharding), summed over layers. */
export function kvElementsPerToken(arch: ModelArchitecture): number {
  let n = 0;
  for (let i = 0; i < arch.layers; i++) n += layerKvElements(arch, i, 1);
  return n;
}

/** KV elements per token of layer `i` on one TP rank. */
export function layerKvElements(arch: ModelArchitecture, i: number, tp: number): number {
  const att = layerAttention(arch, i);
  switch (att.kind) {
    case 'mla':
      return att.kvLoraRank + att.qkRopeHeadDim;
    case 'none':
      return 0;
    default:
      return 2 * Math.ceil(arch.kvHeads / tp) * arch.headDim;
  }
}

/** Bytes per KV element of a format (bf16 2, fp8 1, q8_0 1.0625, q4_0 0.5625). */
function kvBytesPerElement(fmt: FormatEntry): number {
  return fmt.bitsPerWeight / 8;
}

/** KV bytes per token at bf16-style full context, whole model (no TP), for reporting. */
export function kvBytesPerToken(arch: ModelArchitecture, fmt: FormatEntry): number {
  return kvElementsPerToken(arch) * kvBytesPerElement(fmt);
}

/**
 * KV bytes one sequence of `tokens` tokens occupies on one GPU, with sliding layers capped at
 * their window, layers split over `pp` stages (the heaviest stage counts: ceil(layers/pp)), and
 * paged allocation rounding the tokens up to `blockTokens`.
 */
export function kvBytesPerSequencePerGpu(
  arch: ModelArchitecture,
  fmt: FormatEntry,
  tokens: number,
  tp: number,
  pp: number,
  blockTokens = 1,
): number {
  const bpe = kvBytesPerElement(fmt);
  const block = Math.max(1, blockTokens);
  const rounded = Math.ceil(Math.max(0, tokens) / block) * block;
  let total = 0;
  let state = 0;
  for (let i = 0; i < arch.layers; i++) {
    const att = layerAttention(arch, i);
    if (att.kind === 'none') {
      state += att.stateBytesPerSequence ?? 0;
      continue;
    }
    const t = att.kind === 'sliding' ? Math.min(rounded, Math.ceil(att.windowTokens / block) * block) : rounded;
    total += layerKvElements(arch, i, tp) * t * bpe;
  }
  // Layers are split evenly over stages; the most loaded stage holds ceil(L/pp) of L layers.
  const stageShare = pp > 1 ? Math.ceil(arch.layers / pp) / arch.layers : 1;
  return (total + state) * stageShare;
}

/**
 * KV bytes read per decode step for one sequence at context `ctx` (whole model, one TP rank's
 * share): each layer reads its cached tokens (sliding layers at most the window).
 */
export function kvBytesReadPerStep(arch: ModelArchitecture, fmt: FormatEntry, ctx: number, tp: number): number {
  return kvBytesPerSequencePerGpu(arch, fmt, ctx, tp, 1, 1);
}
