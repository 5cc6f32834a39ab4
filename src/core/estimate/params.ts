/**
 * Parameter counts of a model, split by where they live and how they are used:
 * embeddings (token table, lm_head), attention, dense FFN, routed experts, shared experts.
 *
 * Counted from the architecture (config.json shapes). When the catalog gives `totalParams`, the
 * body (everything but embeddings) is rescaled so the total matches it: catalog totals come from
 * the released checkpoints and include small tensors (biases, norms, sinks) the shapes omit.
 */
import type { LayerAttention, ModelArchitecture, ModelEntry } from '../catalog/types';

export interface ParamBreakdown {
  /** Token-embedding table, parameters. */
  embedding: number;
  /** Output head (0 when tied to the embedding). */
  lmHead: number;
  /** Attention projections, all layers. */
  attention: number;
  /** Dense FFN layers (and, for MoE, the leading dense layers), all layers. */
  denseFfn: number;
  /** Routed experts, all layers, all experts. */
  routedExperts: number;
  /** Routed parameters of ONE expert in ONE layer. */
  oneExpert: number;
  /** Shared (always-active) experts, all layers. */
  sharedExperts: number;
  /** Routers, all layers. */
  router: number;
  /**
   * Latent-MoE projections (hidden → latent before the routed experts, latent → hidden after),
   * all layers; every token passes them. 0 without `moe.latentSize`.
   */
  latentProjections: number;
  /** Layers holding routed experts. */
  moeLayers: number;
  total: number;
  /** Parameters a token passes through (embedding lookup excluded, lm_head included). */
  activePerToken: number;
}

/** The attention kind of layer `i` (patterns repeat from layer 0). */
export function layerAttention(arch: ModelArchitecture, i: number): LayerAttention {
  const a = arch.attention;
  if ('pattern' in a) {
    const p = a.pattern;
    return p[i % p.length] ?? { kind: 'full' };
  }
  return a;
}

/** Whether any layer uses multi-head latent attention (DeepSeek-V2/V3-style). */
export function hasMla(arch: ModelArchitecture): boolean {
  for (let i = 0; i < arch.layers; i++) if (layerAttention(arch, i).kind === 'mla') return true;
  return false;
}

/** Attention projection parameters of one layer (q, k, v, o; MLA down/up projections). */
function attentionParams(arch: ModelArchitecture, att: LayerAttention): number {
  const h = arch.hiddenSize;
  // Linear-attention/SSM layers: the projections their catalog entry counts (0 when it does not).
  if (att.kind === 'none') return att.params ?? 0;
  if (att.kind === 'mla') {
    const g = att.groupedOutput;
    // Grouped low-rank output (DeepSeek-V4): wo_a heads·vHeadDim/groups → rank per group, wo_b groups·rank → hidden.
    const out = g
      ? arch.attentionHeads * att.vHeadDim * g.rank + g.groups * g.rank * h
      : arch.attentionHeads * att.vHeadDim * h;
    return mlaLatentParams(arch, att) + out;
  }
  const d = arch.headDim;
  // Block-sparse GQA (MiniMax-M3): index_qk_proj hidden → (indexerHeads + 1) · indexerHeadDim and
  // the index q and k norms (TensorRT-LLM modeling_minimaxm3.py; 3,932,416 a layer for M3).
  const ix = att.kind === 'full' ? att.sparse : undefined;
  const indexer = ix ? h * (ix.indexerHeads + 1) * ix.indexerHeadDim + 2 * ix.indexerHeadDim : 0;
  return h * arch.attentionHeads * d * 2 + h * arch.kvHeads * d * 2 + indexer;
}

/**
 * One MLA layer's projections other than the output projection: q (through its optional LoRA),
 * the KV down-projection to latent + RoPE key and its up-projection, and DeepSeek-V3.2's lightning
 * indexer (DeepSeek-V2/V3 modeling_deepseek.py; V3.2 inference/model.py `Indexer`: wq_b from the q
 * latent, wk from the hidden state, a LayerNorm on the key (weight + bias), weights_proj to one
 * weight per head).
 *
 * Compressed MLA (DeepSeek-V4): no kv_b without `kvUpProjection`; a layer with compressRatio > 1
 * has a compressor, two projections (entries and gating weights) from the hidden state to the
 * entry's kvLoraRank + qkRopeHeadDim elements, twice as wide in a sparse (CSA) layer, whose groups
 * overlap; the sparse layer's indexer keys come from a compressor of the same form (2·2·hidden·
 * indexerHeadDim) instead of wk. Checked against DeepSeek-V4-Pro's safetensors table: 61 layers of
 * attention with the 30 indexers and all compressors, 19.47 B (models.json notes); counted here,
 * 19.46 B. The compressors' position biases and norms (a few thousand each) are left out.
 *
 * A sparse layer sharing an earlier layer's indexer (`sparse.sharedIndexer`, GLM-5.2's IndexShare)
 * has no indexer tensors (GLM-5.2's safetensors index: 21 indexers in 78 layers, its total_size
 * matched exactly by the count with 21; models.json notes).
 */
export function mlaLatentParams(arch: ModelArchitecture, att: Extract<LayerAttention, { kind: 'mla' }>): number {
  const h = arch.hiddenSize;
  const qHead = att.qkNopeHeadDim + att.qkRopeHeadDim;
  const q = att.qLoraRank
    ? h * att.qLoraRank + att.qLoraRank * arch.attentionHeads * qHead
    : h * arch.attentionHeads * qHead;
  const kvA = h * (att.kvLoraRank + att.qkRopeHeadDim);
  const kvB =
    att.kvUpProjection === false ? 0 : att.kvLoraRank * arch.attentionHeads * (att.qkNopeHeadDim + att.vHeadDim);
  const ix = att.sparse;
  const compressed = (att.compressRatio ?? 1) > 1;
  // A compressor's two projections (entries, gates), doubled where groups overlap (sparse, CSA).
  const overlap = ix ? 2 : 1;
  const compressor = compressed ? 2 * overlap * h * (att.kvLoraRank + att.qkRopeHeadDim) : 0;
  const ownIndexer = ix !== undefined && ix.sharedIndexer !== true;
  const indexerKey = ix ? (compressed ? 2 * overlap * h * ix.indexerHeadDim : h * ix.indexerHeadDim) : 0;
  const indexer = ownIndexer
    ? (att.qLoraRank ?? h) * ix.indexerHeads * ix.indexerHeadDim +
      indexerKey +
      2 * ix.indexerHeadDim +
      h * ix.indexerHeads
    : 0;
  return q + kvA + kvB + indexer + compressor;
}

/** Counts parameters from the architecture alone (no rescaling). */
export function countParams(arch: ModelArchitecture): ParamBreakdown {
  const h = arch.hiddenSize;
  const ffnMats = arch.gatedFfn === false ? 2 : 3;
  const embedding = arch.vocabSize * h;
  const lmHead = arch.tiedEmbeddings ? 0 : arch.vocabSize * h;
  let attention = 0;
  for (let i = 0; i < arch.layers; i++) attention += attentionParams(arch, layerAttention(arch, i));
  const moe = arch.moe;
  let denseFfn: number;
  let routedExperts = 0;
  let sharedExperts = 0;
  let router = 0;
  let oneExpert = 0;
  let moeLayers = 0;
  let latentProjections = 0;
  if (moe) {
    const expMats = moe.gated === false ? 2 : 3;
    moeLayers = Math.max(0, arch.layers - moe.denseLayers);
    denseFfn = moe.denseLayers * ffnMats * h * arch.ffnSize;
    // Latent MoE: the experts read a latentSize-wide projection of the hidden state.
    const expertIn = moe.latentSize ?? h;
    oneExpert = expMats * expertIn * moe.expertFfnSize;
    latentProjections = moe.latentSize !== undefined ? moeLayers * 2 * h * moe.latentSize : 0;
    routedExperts = moeLayers * moe.experts * oneExpert;
    sharedExperts = moeLayers * moe.sharedExperts * expMats * h * (moe.sharedExpertFfnSize ?? moe.expertFfnSize);
    router = moeLayers * h * moe.experts;
  } else {
    denseFfn = arch.layers * ffnMats * h * arch.ffnSize;
  }
  const total = embedding + lmHead + attention + denseFfn + routedExperts + sharedExperts + router + latentProjections;
  const activeRouted = moe ? moeLayers * moe.expertsPerToken * oneExpert : 0;
  const activePerToken =
    arch.vocabSize * h + attention + denseFfn + activeRouted + sharedExperts + router + latentProjections;
  return {
    embedding,
    lmHead,
    attention,
    denseFfn,
    routedExperts,
    oneExpert,
    sharedExperts,
    router,
    latentProjections,
    moeLayers,
    total,
    activePerToken,
  };
}

/**
 * Parameter breakdown of a model entry: counted from its architecture, with the non-embedding
 * body rescaled to the entry's `totalParams` when it is given and plausible (within ±25%; a
 * larger gap means the architecture and the total disagree, and the shapes win).
 */
export function modelParams(model: ModelEntry): ParamBreakdown {
  const counted = countParams(model.architecture);
  const emb = counted.embedding + counted.lmHead;
  const body = counted.total - emb;
  const target = model.totalParams;
  if (!(target > emb) || body <= 0) return counted;
  const scale = (target - emb) / body;
  if (scale < 0.75 || scale > 1.25) return counted;
  const s = (x: number) => x * scale;
  const out: ParamBreakdown = {
    ...counted,
    attention: s(counted.attention),
    denseFfn: s(counted.denseFfn),
    routedExperts: s(counted.routedExperts),
    oneExpert: s(counted.oneExpert),
    sharedExperts: s(counted.sharedExperts),
    router: s(counted.router),
    latentProjections: s(counted.latentProjections),
  };
  out.total = target;
  const activeRouted = counted.moeLayers * (model.architecture.moe?.expertsPerToken ?? 0) * out.oneExpert;
  out.activePerToken =
    model.architecture.vocabSize * model.architecture.hiddenSize +
    out.attention +
    out.denseFfn +
    activeRouted +
    out.sharedExperts +
    out.router +
    out.latentProjections;
  return out;
}
