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
 * indexer keys of every cached token but the latent of only `topK` of them. A sparse layer that
 * shares an earlier layer's indexer (`sparse.sharedIndexer`, GLM-5.2's IndexShare) caches and
 * reads no indexer key: its latent only, of which decode reads the `topK` the shared selection
 * names (GLM-5.2 at FP8: 78 · 656 + 21 · 132 = 53,940 bytes a token, not 78 · 788 = 61,464).
 *
 * Compressed MLA (DeepSeek-V4, catalog/schema.ts MlaCompressionFields): a layer caches one entry
 * (latent, and with `sparse` an indexer key) per `compressRatio` tokens — per token, the entry's
 * bytes ÷ the ratio — plus, with `windowTokens`, the latent of its last `windowTokens` tokens, a
 * per-sequence constant like a sliding layer's window (no indexer key). An entry without a kv_b
 * up-projection (`kvUpProjection: false`) in an 8-bit format has FlashMLA's DeepSeek-V4
 * ("MODEL1") FP8 layout: the NoPE elements in FP8, the RoPE elements in BF16 and one UE8M0 scale
 * byte per 64 NoPE elements, the row padded to 8 bytes: 448 + 128 + 7 + 1 = 584 bytes (the AMD
 * port of FlashMLA's MODEL1_FP8Sparse layout; SGLang's DeepSeek-V4 pool planner, 584 B an entry
 * and 132 B an indexer key). Decode reads the window, the indexer keys of every compressed entry
 * and the latent of min(topK, entries) of them (all entries without `sparse`).
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

/**
 * Whether a layer runs an indexer of its own: sparse MLA without `sparse.sharedIndexer` (a layer
 * with it reuses an earlier layer's top-k selection: GLM-5.2's IndexShare).
 */
export function hasOwnIndexer(att: LayerAttention): att is SparseMla {
  return isSparseMla(att) && att.sparse.sharedIndexer !== true;
}

/** What a model's layers use beyond plain attention, from one pass over them. */
interface AttentionFeatures {
  /** Layers with attention (not linear attention / SSM). */
  attentionLayers: number;
  ownIndexerLayers: number;
  sharedIndexer: boolean;
  sparseFull: boolean;
  compressedMla: boolean;
}

/**
 * The layer features of `arch`, computed once per architecture object: every estimate's
 * assumptions and explain text ask for them, and a catalog architecture never changes.
 */
const featuresOf = new WeakMap<ModelArchitecture, AttentionFeatures>();
function attentionFeatures(arch: ModelArchitecture): AttentionFeatures {
  let f = featuresOf.get(arch);
  if (!f) {
    f = { attentionLayers: 0, ownIndexerLayers: 0, sharedIndexer: false, sparseFull: false, compressedMla: false };
    for (let i = 0; i < arch.layers; i++) {
      const att = layerAttention(arch, i);
      if (att.kind !== 'none') f.attentionLayers++;
      if (hasOwnIndexer(att)) f.ownIndexerLayers++;
      else if (isSparseMla(att)) f.sharedIndexer = true;
      if (isSparseFull(att)) f.sparseFull = true;
      if (isCompressedMla(att)) f.compressedMla = true;
    }
    featuresOf.set(arch, f);
  }
  return f;
}

/** Layers with attention, i.e. with a KV cache (Kimi-K3: 24 of 93; the rest are linear). */
export function attentionLayerCount(arch: ModelArchitecture): number {
  return attentionFeatures(arch).attentionLayers;
}

/** Layers that run an indexer of their own (GLM-5.2: 21 of 78; DeepSeek-V3.2: all 61). */
export function ownIndexerLayers(arch: ModelArchitecture): number {
  return attentionFeatures(arch).ownIndexerLayers;
}

/**
 * Whether any layer attends through FlashMLA's sparse or compressed kernels (sparse or compressed
 * MLA): bf16 math over the cache whatever its format, an FP8 indexer (timing.ts AttentionRates).
 */
export function hasBf16SparseAttention(arch: ModelArchitecture): boolean {
  const f = attentionFeatures(arch);
  return f.ownIndexerLayers > 0 || f.sharedIndexer || f.compressedMla;
}

/** Whether any layer is sparse MLA sharing an earlier layer's indexer (GLM-5.2's IndexShare). */
export function hasSharedIndexer(arch: ModelArchitecture): boolean {
  return attentionFeatures(arch).sharedIndexer;
}

/**
 * Indexer key bytes per token of one sparse-MLA layer: FP8 key + an FP32 scale per 128 elements;
 * 0 for a layer sharing an earlier layer's indexer (it caches no key).
 */
function indexerBytesPerToken(att: SparseMla): number {
  if (att.sparse.sharedIndexer === true) return 0;
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

type SparseFull = Extract<LayerAttention, { kind: 'full' }> & {
  sparse: NonNullable<Extract<LayerAttention, { kind: 'full' }>['sparse']>;
};

/**
 * Whether a layer is block-sparse GQA (MiniMax Sparse Attention, MiniMax-M3: a `full` layer with
 * `sparse`): K and V of every token plus one indexer key a token, decode reads of topK tokens.
 */
export function isSparseFull(att: LayerAttention): att is SparseFull {
  return att.kind === 'full' && att.sparse !== undefined;
}

/** Whether any layer is block-sparse GQA (MiniMax-M3). */
export function hasSparseFull(arch: ModelArchitecture): boolean {
  return attentionFeatures(arch).sparseFull;
}

/** Bytes per token one layer caches on one TP rank (latent, indexer keys, or K and V). */
function layerKvBytesPerToken(arch: ModelArchitecture, i: number, fmt: FormatEntry, tp: number): number {
  const att = layerAttention(arch, i);
  if (att.kind === 'mla' && isCompressedMla(att)) {
    const ratio = att.compressRatio ?? 1;
    if (ratio === 0) return 0;
    return (latentEntryBytes(att, fmt) + (isSparseMla(att) ? indexerBytesPerToken(att) : 0)) / ratio;
  }
  if (isSparseMla(att)) return sparseLatentBytesPerToken(att, fmt) + indexerBytesPerToken(att);
  // Block-sparse GQA: the indexer key (one indexerHeadDim-wide head a token, replicated on every
  // TP rank) in the KV format beside K and V.
  if (isSparseFull(att)) return (layerKvElements(arch, i, tp) + att.sparse.indexerHeadDim) * kvBytesPerElement(fmt);
  return layerKvElements(arch, i, tp) * kvBytesPerElement(fmt);
}

type Mla = Extract<LayerAttention, { kind: 'mla' }>;

/**
 * Whether an MLA layer uses any of the compressed-attention fields (DeepSeek-V4); layers without
 * them keep the DeepSeek-V2/V3/V3.2 arithmetic above, unchanged.
 */
export function isCompressedMla(att: LayerAttention): boolean {
  return (
    att.kind === 'mla' &&
    (att.compressRatio !== undefined ||
      att.windowTokens !== undefined ||
      att.kvUpProjection !== undefined ||
      att.groupedOutput !== undefined)
  );
}

/** Whether any layer uses the compressed-MLA fields (DeepSeek-V4). */
export function hasCompressedMla(arch: ModelArchitecture): boolean {
  return attentionFeatures(arch).compressedMla;
}

/**
 * Bytes of one cached latent entry (kvLoraRank + qkRopeHeadDim elements) of a compressed-MLA layer:
 * without a kv_b up-projection in an 8-bit format, FlashMLA's DeepSeek-V4 FP8 layout (FP8 NoPE +
 * BF16 RoPE + a UE8M0 byte per 64 NoPE elements, padded to 8 bytes: 584 for 448 + 64); with one,
 * V3.2's sparse layout when sparse; otherwise the format's bytes per element.
 */
function latentEntryBytes(att: Mla, fmt: FormatEntry): number {
  const bpe = kvBytesPerElement(fmt);
  const eightBit = bpe <= 1.0001 && bpe >= 0.9999;
  if (att.kvUpProjection === false && eightBit) {
    const row = att.kvLoraRank + 2 * att.qkRopeHeadDim + Math.ceil(att.kvLoraRank / 64);
    return Math.ceil(row / 8) * 8;
  }
  if (isSparseMla(att)) return sparseLatentBytesPerToken(att, fmt);
  return (att.kvLoraRank + att.qkRopeHeadDim) * bpe;
}

/** One layer's KV geometry on one TP rank in one format (kvBytesPerSequencePerGpu's terms). */
interface LayerKv {
  /** Bytes a cached token (entry ÷ compressRatio for compressed MLA). */
  perToken: number;
  /** A sliding layer's window, tokens. */
  sliding?: number;
  /** A compressed-MLA layer's uncompressed window, tokens, and the bytes of one of its entries. */
  window?: number;
  windowEntry: number;
  /** A linear-attention layer's state per sequence, bytes (no per-token KV). */
  state?: number;
}

/**
 * Per-layer KV geometry per architecture, format and TP degree: every memory question (the pool,
 * the longest sequence, the batch at each load point) walks the layers, so they are read once.
 */
const layerKvOf = new WeakMap<ModelArchitecture, WeakMap<FormatEntry, Map<number, LayerKv[]>>>();

function layerKv(arch: ModelArchitecture, fmt: FormatEntry, tp: number): LayerKv[] {
  let byFmt = layerKvOf.get(arch);
  if (!byFmt) layerKvOf.set(arch, (byFmt = new WeakMap()));
  let byTp = byFmt.get(fmt);
  if (!byTp) byFmt.set(fmt, (byTp = new Map()));
  let layers = byTp.get(tp);
  if (!layers) {
    layers = [];
    for (let i = 0; i < arch.layers; i++) {
      const att = layerAttention(arch, i);
      if (att.kind === 'none') {
        // A linear layer's heads split over the tensor ranks like attention heads (vLLM's and
        // SGLang's gated-delta-net layers shard num_v_heads), so each rank holds 1/tp of the state.
        layers.push({ perToken: 0, windowEntry: 0, state: (att.stateBytesPerSequence ?? 0) / Math.max(1, tp) });
        continue;
      }
      const compressedWindow = att.kind === 'mla' && att.windowTokens !== undefined;
      layers.push({
        perToken: layerKvBytesPerToken(arch, i, fmt, tp),
        ...(att.kind === 'sliding' ? { sliding: att.windowTokens } : {}),
        ...(compressedWindow ? { window: att.windowTokens } : {}),
        windowEntry: compressedWindow ? latentEntryBytes(att, fmt) : 0,
      });
    }
    byTp.set(tp, layers);
  }
  return layers;
}

/** `tokens` rounded up to whole blocks of `blockTokens` (paged allocation; 1 = no rounding). */
function roundToBlocks(tokens: number, blockTokens: number): number {
  const block = Math.max(1, blockTokens);
  return Math.ceil(Math.max(0, tokens) / block) * block;
}

/**
 * Bytes one sequence of `tokens` tokens holds in the sliding-window branches of compressed-MLA
 * layers (whole model): each such layer's latent of min(tokens, windowTokens) tokens, the window
 * rounded up to `blockTokens` like a sliding layer's. 0 for models without them.
 */
export function kvWindowBytesPerSequence(
  arch: ModelArchitecture,
  fmt: FormatEntry,
  tokens: number,
  blockTokens = 1,
): number {
  const rounded = roundToBlocks(tokens, blockTokens);
  let n = 0;
  for (let i = 0; i < arch.layers; i++) {
    const att = layerAttention(arch, i);
    if (att.kind === 'mla' && att.windowTokens !== undefined)
      n += latentEntryBytes(att, fmt) * Math.min(rounded, roundToBlocks(att.windowTokens, blockTokens));
  }
  return n;
}

/**
 * KV bytes per token at bf16-style full context, whole model (no TP), for reporting. Compressed-MLA
 * layers count their entries' bytes ÷ compressRatio; their sliding windows are a per-sequence
 * constant, not here (kvWindowBytesPerSequence).
 */
export function kvBytesPerToken(arch: ModelArchitecture, fmt: FormatEntry): number {
  let n = 0;
  for (let i = 0; i < arch.layers; i++) n += layerKvBytesPerToken(arch, i, fmt, 1);
  return n;
}

/**
 * KV bytes one sequence of `tokens` tokens occupies on one GPU, with sliding layers capped at
 * their window, layers split over `pp` stages (the heaviest stage counts: ceil(layers/pp)), and
 * paged allocation rounding the tokens up to `blockTokens`. Decode context parallel `dcp` spreads
 * the cached tokens over that many ranks (interleaved), so each holds 1/dcp of them; a linear
 * layer's per-sequence state is not split.
 */
export function kvBytesPerSequencePerGpu(
  arch: ModelArchitecture,
  fmt: FormatEntry,
  tokens: number,
  tp: number,
  pp: number,
  blockTokens = 1,
  dcp = 1,
): number {
  const rounded = roundToBlocks(tokens, blockTokens);
  let total = 0;
  let state = 0;
  for (const l of layerKv(arch, fmt, tp)) {
    if (l.state !== undefined) {
      state += l.state;
      continue;
    }
    const t = l.sliding !== undefined ? Math.min(rounded, roundToBlocks(l.sliding, blockTokens)) : rounded;
    total += l.perToken * t;
    // A compressed-MLA layer's uncompressed window: at most windowTokens entries (block-rounded).
    if (l.window !== undefined) total += l.windowEntry * Math.min(rounded, roundToBlocks(l.window, blockTokens));
  }
  // Layers are split evenly over stages; the most loaded stage holds ceil(L/pp) of L layers.
  const stageShare = pp > 1 ? Math.ceil(arch.layers / pp) / arch.layers : 1;
  return (total / Math.max(1, dcp) + state) * stageShare;
}

/**
 * KV bytes moved per decode step for one sequence at context `ctx` (whole model, one TP rank's
 * share): each layer reads its cached tokens (sliding layers at most the window); with decode
 * context parallel `dcp`, the 1/dcp of them its rank holds; a linear layer reads and writes back
 * its state.
 */
export function kvBytesReadPerStep(
  arch: ModelArchitecture,
  fmt: FormatEntry,
  ctx: number,
  tp: number,
  dcp = 1,
): number {
  const held = kvBytesPerSequencePerGpu(arch, fmt, ctx, tp, 1, 1);
  // Sparse MLA holds every token's latent but reads only the top-k of them (compressed: the top-k
  // of its tokens ÷ compressRatio entries; the window is read whole).
  const tokens = Math.ceil(Math.max(0, ctx));
  let unread = 0;
  for (let i = 0; i < arch.layers; i++) {
    const att = layerAttention(arch, i);
    // Block-sparse GQA: every indexer key is read, K and V of the topK tokens only.
    if (isSparseFull(att)) {
      unread += layerKvElements(arch, i, tp) * kvBytesPerElement(fmt) * Math.max(0, tokens - att.sparse.topK);
      continue;
    }
    if (!isSparseMla(att)) continue;
    if (isCompressedMla(att)) {
      const ratio = att.compressRatio ?? 1;
      if (ratio > 0) unread += latentEntryBytes(att, fmt) * Math.max(0, tokens / ratio - att.sparse.topK);
    } else unread += sparseLatentBytesPerToken(att, fmt) * Math.max(0, tokens - att.sparse.topK);
  }
  // A linear layer's recurrent state is read and written back every step (the gated-delta /
  // KDA / Mamba update kernels load the state, apply the token and store it): its bytes move
  // twice, where attention only reads its cache (the new token's K/V write is one token's worth).
  const state = kvBytesPerSequencePerGpu(arch, fmt, 0, tp, 1, 1);
  if (dcp <= 1) return held - unread + state;
  // Linear layers' states are moved whole on every rank; the token-indexed rest is split.
  return 2 * state + (held - unread - state) / dcp;
}
