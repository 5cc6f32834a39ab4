/**
 * Weight memory: bytes of the whole model and per GPU under tensor / pipeline / expert parallelism.
 *
 * Formula (estimator-methods.md §3.1): bytes = Σ tensors params × bits/8, where the linear layers
 * use the format's exact bits per weight (block scales included) and the embedding / lm_head use
 * the format's `embeddingBitsPerWeight` (they stay in higher precision in most formats). Tied
 * embeddings are counted once. MoE counts every expert (memory holds them all).
 */
import type { FormatEntry, ModelEntry } from '../catalog/types';
import type { ParamBreakdown } from './params';
import { layerAttention, mlaLatentParams, modelParams } from './params';

export const GiB = 1024 ** 3;

export interface WeightBytes {
  /** Token embedding table, bytes. */
  embedding: number;
  /** Output head, bytes (0 when tied). */
  lmHead: number;
  /** Attention + dense FFN + shared experts + routers + latent-MoE projections, bytes. */
  nonExpertBody: number;
  /** All routed experts, bytes. */
  routedExperts: number;
  /** One routed expert of one layer, bytes. */
  oneExpert: number;
  total: number;
  params: ParamBreakdown;
  /** Bits per weight used for the body, for explanations. */
  bodyBits: number;
  /** Bits per weight of the non-expert linear layers (differs from bodyBits for MXFP4 MoE). */
  nonExpertBits: number;
  /** Attention projection parameters kept at 16 bits (NVFP4 MLA checkpoints: sixteenBitAttentionParams). */
  sixteenBitAttentionParams: number;
  embeddingBits: number;
}

/**
 * Bits of the non-expert linear layers: the release checkpoint's own where the model entry states
 * it (`nativeNonExpertBitsPerWeight`) and its format is in use. Formats that quantize only the routed experts
 * (`quantizedGemms: experts`: gpt-oss's MXFP4, Kimi-K2.x's INT4 group-32) leave attention, shared
 * experts and dense layers at bf16 in the release checkpoint; the ggml-org MXFP4 GGUF stores them as
 * q8_0 (12.1 GB file for gpt-oss-20b, huggingface.co/ggml-org/gpt-oss-20b-GGUF), so for GGUF engines
 * MXFP4 uses that, for others bf16.
 * @param ggufEngine whether the engine loads GGUF files (llama.cpp, Ollama).
 */
function nonExpertBits(model: ModelEntry, fmt: FormatEntry, ggufEngine: boolean): number {
  // The release's own mix (DeepSeek-V4: MXFP4 experts, FP8 elsewhere) when its format is in use.
  if (model.nativeNonExpertBitsPerWeight !== undefined && fmt.id === model.nativeWeights && !ggufEngine)
    return model.nativeNonExpertBitsPerWeight;
  if (model.architecture.moe && fmt.quantizedGemms === 'experts')
    return ggufEngine && fmt.id === 'mxfp4' ? GGUF_MXFP4_OTHER_BITS : sixteenBits(fmt);
  return fmt.bitsPerWeight;
}

/** Bits of the layers a quantized checkpoint leaves unquantized: 16 (bf16), or the format's wider embeddings. */
function sixteenBits(fmt: FormatEntry): number {
  return Math.max(16, fmt.embeddingBitsPerWeight);
}

/**
 * Attention, dense FFN, shared-expert, router and latent-MoE projection parameters: the body
 * outside the routed experts (a latent MoE's projections sit outside the expert bank, so a
 * checkpoint quantizing only the experts keeps them at 16 bits: Kimi-K3's mxfp4 release).
 */
function nonExpertParams(p: ParamBreakdown): number {
  return p.attention + p.denseFfn + p.sharedExperts + p.router + p.latentProjections;
}

/**
 * Parameters of the attention projections an NVFP4 checkpoint keeps at 16 bits. NVIDIA's NVFP4
 * checkpoints of DeepSeek-architecture (MLA) models leave the latent projections (q down/up, KV
 * down/up) in bf16: ModelOpt's DeepSeek recipe disables the `*attn*` quantizers
 * (github.com/NVIDIA/TensorRT-Model-Optimizer examples/deepseek/ptq.py, `mtq_cfg["quant_cfg"]
 * ["*attn*"] = {"enable": False}`) and its `--enable_wo_quant` brings back only the output
 * projection, which is what nvidia/DeepSeek-R1-0528-FP4-v2 (the checkpoint InferenceX and
 * TensorRT-LLM's perf tests serve) does: "additionally quantizes the wo module in attention
 * layers" (its model card). Check against the safetensors parameter counts Hugging Face shows (FP4
 * packed two per byte, one FP8 scale per 16 values, the MTP layer with its own embedding and head
 * in bf16): counted this way, v2 has 393.7 B (Hugging Face: 393.6 B) and v1, wo in bf16 too,
 * 396.8 B (396.8 B); all of attention in FP4 would give 391.7 B. 4.25 B of DeepSeek-R1's
 * parameters stay at 2 bytes. Other formats and architectures: 0.
 */
export function sixteenBitAttentionParams(model: ModelEntry, fmt: FormatEntry): number {
  if (fmt.id !== 'nvfp4') return 0;
  const arch = model.architecture;
  let n = 0;
  for (let i = 0; i < arch.layers; i++) {
    const att = layerAttention(arch, i);
    if (att.kind === 'mla') n += mlaLatentParams(arch, att);
  }
  return n;
}

/**
 * Body parameters whose weights stay at 16 bits under a low-precision format, so their GEMMs run at
 * the 16-bit rate: the non-expert layers of MXFP4 MoE checkpoints (nonExpertBits) or the latent
 * attention projections of NVFP4 MLA checkpoints (sixteenBitAttentionParams).
 */
export function sixteenBitBodyParams(model: ModelEntry, fmt: FormatEntry, ggufEngine = false): number {
  if (fmt.bitsPerWeight >= 16) return 0;
  if (nonExpertBits(model, fmt, ggufEngine) >= 16) return nonExpertParams(modelParams(model));
  return sixteenBitAttentionParams(model, fmt);
}

/**
 * ggml-org MXFP4 GGUFs store every non-expert tensor (attention, embeddings, output) as q8_0
 * (8.5 bits): gpt-oss-20b-mxfp4.gguf is 12.1 GB = 19.1 B expert params × 4.25 b + 1.8 B × 8.5 b.
 * Source: huggingface.co/ggml-org/gpt-oss-20b-GGUF (file size, tensor types).
 */
const GGUF_MXFP4_OTHER_BITS = 8.5;

/**
 * Weight bytes of the whole model (bytes, not GiB).
 * @param ggufEngine true for llama.cpp/Ollama (affects only MXFP4 MoE, see nonExpertBits).
 */
export function weightBytes(model: ModelEntry, fmt: FormatEntry, ggufEngine = false): WeightBytes {
  const p = modelParams(model);
  const bodyBits = fmt.bitsPerWeight;
  const neBits = nonExpertBits(model, fmt, ggufEngine);
  // Embeddings never use more bits than the body format would be pointless (fp32 body keeps fp32 embeddings).
  let embBits = Math.max(fmt.embeddingBitsPerWeight, 0) || bodyBits;
  if (ggufEngine && fmt.id === 'mxfp4' && model.architecture.moe) embBits = GGUF_MXFP4_OTHER_BITS;
  const embedding = (p.embedding * embBits) / 8;
  const lmHead = (p.lmHead * embBits) / 8;
  const sixteenBitAttention = sixteenBitAttentionParams(model, fmt);
  const nonExpertBody =
    (sixteenBitAttention * sixteenBits(fmt) + (nonExpertParams(p) - sixteenBitAttention) * neBits) / 8;
  const routedExperts = (p.routedExperts * bodyBits) / 8;
  const oneExpert = (p.oneExpert * bodyBits) / 8;
  // A checkpoint read from files (config.json + quantization, GGUF, safetensors) states its exact
  // bytes: the parts keep their shares of the computed total, the total becomes the exact one.
  const computed = embedding + lmHead + nonExpertBody + routedExperts;
  const exact =
    model.checkpoint && model.checkpoint.format === fmt.id && computed > 0 ? model.checkpoint.bytes / computed : 1;
  return {
    embedding: embedding * exact,
    lmHead: lmHead * exact,
    nonExpertBody: nonExpertBody * exact,
    routedExperts: routedExperts * exact,
    oneExpert: oneExpert * exact,
    total: computed * exact,
    params: p,
    bodyBits,
    nonExpertBits: neBits,
    sixteenBitAttentionParams: sixteenBitAttention,
    embeddingBits: embBits,
  };
}

/**
 * Weight bytes on the most loaded GPU.
 * Non-expert layers split by TP within a stage; experts split over max(TP × DP, EP) GPUs
 * (TensorRT-LLM moe_tp × moe_ep = tp; vLLM with data parallel runs the MoE layers over
 * tensor × data GPUs, as EP when `--enable-expert-parallel`, else as TP: the same bytes per GPU);
 * layers split over PP stages. Attention data-parallel ranks each hold a full copy of the
 * non-expert layers (that is what data parallel means). Embedding and lm_head are vocab-sharded by
 * TP (vLLM VocabParallelEmbedding); with PP the first stage holds the embedding and the last the
 * lm_head, so the heavier of the two counts.
 */
export function weightBytesPerGpu(w: WeightBytes, tp: number, pp: number, ep: number, dp = 1): number {
  const layerShare = (w.nonExpertBody / tp + w.routedExperts / Math.max(tp * dp, ep)) / pp;
  const emb = pp > 1 ? Math.max(w.embedding, w.lmHead) : w.embedding + w.lmHead;
  return layerShare + emb / tp;
}

/** Expected distinct routed experts touched per MoE layer by `tokens` tokens (uniform routing): E·(1−(1−k/E)^tokens). */
export function expertsTouched(experts: number, perToken: number, tokens: number): number {
  if (experts <= 0) return 0;
  const t = Math.max(0, tokens);
  return experts * (1 - Math.pow(1 - perToken / experts, t));
}
