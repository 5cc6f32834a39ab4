/**
 * KV-cache geometry (estimator-methods.md §3.2), per layer:
 * - full / sliding attention: 2 (K and V) · ceil(kvHeads / tp) · headDim elements per token;
 *   sliding layers hold at most `windowTokens` tokens;
 * - MLA: (kvLoraRank + qkRopeHeadDim) elements per token, replicated on every TP rank
 *   (aiconfigurator NaiveKVCacheEstimator, llm-d planner);
 * - 'none' (linear attention / SSM): no per-token KV, a constant state per sequence.
 * Bytes per element = KV format bits / 8 (q8_0 = 8.5 bits: block scales included).
 *
 * Sparse MLA (DeepSeek Sparse Attention, DeepSeek-V3.2) adds, per token and layer, the lightning
 * indexer's key: `indexerHeadDim` FP8 bytes + one FP32 scale per 128 (132 bytes for 128; vLLM's
 * and SGLang's indexer caches), whatever the KV format. Its FP8 latent uses the sparse FlashMLA
 * layout: the 512 NoPE elements in FP8 with one FP32 scale per 128, the 64 RoPE elements kept in
 * BF16 — 656 bytes, not 576 (deepseek-ai/FlashMLA README, "FP8 KV cache"). Decode reads the
 * indexer keys of every cached token but the latent of only `topK` of them.
 */
import type { FormatEntry, LayerAttention, ModelArchitecture } from '../catalog/types';
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

type SparseMla = Extract<LayerAttention, { kind: 'mla' }> & {
  sparse: NonNullable<Extract<LayerAttention, { kind: 'mla' }>['sparse']>;
};

/** Whether a layer runs DeepSeek Sparse Attention (an MLA layer with an indexer). */
function isSparseMla(att: LayerAttention): att is SparseMla {
  return att.kind === 'mla' && att.sparse !== undefined;
}

/** Indexer key bytes per token of one sparse-MLA layer: FP8 key + an FP32 scale per 128 elements. */
function indexerBytesPerToken(att: SparseMla): number {
  return att.sparse.indexerHeadDim + 4 * Math.ceil(att.sparse.indexerHeadDim / 128);
}

/**
 * Latent bytes per token of one sparse-MLA layer in `fmt`: with an 8-bit format the sparse FlashMLA
 * layout (FP8 NoPE + FP32 scale per 128 + BF16 RoPE, 656 bytes for DeepSeek-V3.2), otherwise the
 * format's bytes per element over the whole latent.
 */
function sparseLatentBytesPerToken(att: SparseMla, fmt: FormatEntry): number {
  const bpe = kvBytesPerElement(fmt);
  if (bpe > 1.0001 || bpe < 0.9999) return (att.kvLoraRank + att.qkRopeHeadDim) * bpe;
  return att.kvLoraRank + 4 * Math.ceil(att.kvLoraRank / 128) + 2 * att.qkRopeHeadDim;
}

/** Bytes per token one layer caches on one TP rank (latent, indexer keys, or K and V). */
function layerKvBytesPerToken(arch: ModelArchitecture, i: number, fmt: FormatEntry, tp: number): number {
  const att = layerAttention(arch, i);
  if (isSparseMla(att)) return sparseLatentBytesPerToken(att, fmt) + indexerBytesPerToken(att);
  return layerKvElements(arch, i, tp) * kvBytesPerElement(fmt);
}

/** KV bytes per token at bf16-style full context, whole model (no TP), for reporting. */
export function kvBytesPerToken(arch: ModelArchitecture, fmt: FormatEntry): number {
  let n = 0;
  for (let i = 0; i < arch.layers; i++) n += layerKvBytesPerToken(arch, i, fmt, 1);
  return n;
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
    total += layerKvBytesPerToken(arch, i, fmt, tp) * t;
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
  const held = kvBytesPerSequencePerGpu(arch, fmt, ctx, tp, 1, 1);
  // Sparse MLA holds every token's latent but reads only the top-k of them.
  const tokens = Math.ceil(Math.max(0, ctx));
  let unread = 0;
  for (let i = 0; i < arch.layers; i++) {
    const att = layerAttention(arch, i);
    if (isSparseMla(att)) unread += sparseLatentBytesPerToken(att, fmt) * Math.max(0, tokens - att.sparse.topK);
  }
  return held - unread;
}
