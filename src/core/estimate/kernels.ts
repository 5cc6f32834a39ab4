/**
 * Kernels one forward pass launches, counted from the architecture: at small batch a decode step
 * is not limited by bytes but by how many kernels run one after another (each takes a few
 * microseconds even when it moves little: launch, ramp-up over the SMs, drain). A fixed cost per
 * layer cannot tell a lean layer (GQA attention + fused MoE, gpt-oss) from a long one (MLA's
 * extra projections and absorbed-weight matmuls + routed and shared experts, DeepSeek-V3).
 *
 * Counts per layer, read off the engines' model code (vLLM `model_executor/models/llama.py`,
 * `deepseek_v2.py`, `qwen3_moe.py`, `qwen3_next.py`; SGLang `models/deepseek_v2.py`), fused kernels
 * counted once, the tensor-parallel all-reduces not counted (timing.ts costs them):
 * - 2 norms (the input norm and the post-attention residual-add + norm);
 * - GQA / sliding attention: QKV projection, RoPE, KV-cache write, attention, output projection = 5;
 * - MLA: q down-projection, its norm, q up-projection, KV down-projection, its norm, RoPE, the
 *   absorbed K up-projection, KV-cache write, attention, the absorbed V up-projection, output
 *   projection = 11;
 * - sparse MLA (DeepSeek-V3.2) adds its lightning indexer (vLLM `deepseek_v2.py` `Indexer`):
 *   q projection, k projection, k norm, RoPE, FP8 quantisation, indexer-cache write, head-weight
 *   projection, logits, top-k = 9; none in a layer sharing an earlier layer's indexer
 *   (`sparse.sharedIndexer`, GLM-5.2's IndexShare: it reuses that layer's top-k indices);
 * - block-sparse GQA (MiniMax-M3, a `full` layer with `sparse`) adds its indexer, from the layer's
 *   structure (TensorRT-LLM `modeling_minimaxm3.py`): the fused index q/k projection, the index q
 *   and k norms (one launch, fused like the main q/k norm), RoPE, index-key cache write, scoring
 *   with the block max, block top-k = 6;
 * - compressed MLA (DeepSeek-V4, catalog/schema.ts MlaCompressionFields), from the layer's
 *   structure rather than an engine's kernel trace: without a kv_b up-projection the absorbed K and
 *   V up-projections do not run (−2); a grouped output projection is two GEMMs (+1); a compressor
 *   (compressRatio > 1) projects, pools and writes its entries (+3), and the sparse indexer's keys
 *   come from one more such compressor (+3); a sliding window writes its own cache (+1);
 * - linear attention (Gated DeltaNet / Mamba-style, attention kind `none`): input projections (2),
 *   causal conv1d, gating, recurrent update, gated norm, output projection = 7;
 * - dense FFN: gate-up (or up) projection, activation, down projection = 3;
 * - MoE FFN: router, top-k, token permutation, expert GEMM 1, activation, expert GEMM 2, combine
 *   = 7, and a shared expert's 3 more; a latent MoE (`moe.latentSize`) 3 more: the down
 *   projection to the latent, the latent norm and the up projection (Kimi-K3's
 *   modeling_kimi_linear.py routed_expert_down_proj, routed_expert_norm, routed_expert_up_proj).
 */
import type { LayerAttention, ModelArchitecture } from '../catalog/types';
import { hasOwnIndexer, isCompressedMla, isSparseFull } from './kv';
import { layerAttention } from './params';

const NORMS = 2;
const ATTENTION_KERNELS = { full: 5, sliding: 5, mla: 11, none: 7 } as const;
const DENSE_FFN_KERNELS = 3;
const MOE_FFN_KERNELS = 7;
const SHARED_EXPERT_KERNELS = 3;
const LATENT_MOE_KERNELS = 3;
const INDEXER_KERNELS = 9;
const COMPRESSOR_KERNELS = 3;
const BLOCK_INDEXER_KERNELS = 6;

/** Kernels a compressed-MLA layer adds to (or removes from) MLA's 11 and the indexer's 9 (counts above). */
function compressedMlaKernels(att: LayerAttention): number {
  if (att.kind !== 'mla' || !isCompressedMla(att)) return 0;
  const compressed = (att.compressRatio ?? 1) > 1;
  return (
    (att.kvUpProjection === false ? -2 : 0) +
    (att.groupedOutput ? 1 : 0) +
    (compressed ? COMPRESSOR_KERNELS * (hasOwnIndexer(att) ? 2 : 1) : 0) +
    (att.windowTokens !== undefined ? 1 : 0)
  );
}

/*
 * Activation quantization: an FP8/FP4/INT8 GEMM (W8A8, W4A4) takes its input in the weights' type,
 * so the engine quantizes the activations first, one kernel per distinct GEMM input (vLLM
 * `scaled_fp8_quant` / `per_token_group_quant_fp8`, SGLang `per_token_group_quant_fp8` before each
 * block-FP8 linear and each fused-MoE GEMM; `scaled_fp4_quant` for NVFP4): GQA attention 2 (the
 * QKV and output projections' inputs), MLA 3 (the fused q/KV down-projection, the q up-projection,
 * the output projection), linear attention 2, a dense FFN 2 (gate-up, down), a MoE FFN 2 (the two
 * expert GEMMs), a shared expert 2 and a latent MoE's two projections 2. Only a prompt's eager pass
 * counts them (timing.ts).
 */
const QUANT_ATTENTION = { full: 2, sliding: 2, mla: 3, none: 2 } as const;
/** The output projection's input alone (the latent projections at 16 bits: `mlaOutput`). */
const QUANT_MLA_OUTPUT = 1;
const QUANT_DENSE_FFN = 2;
const QUANT_MOE_FFN = 2;
const QUANT_SHARED_EXPERT = 2;
/** A latent MoE's down and up projections (outside the expert bank). */
const QUANT_LATENT_MOE = 2;

/** Layers with a MoE FFN (the first `denseLayers` keep a dense one). */
function moeLayerCount(arch: ModelArchitecture): number {
  return arch.moe ? Math.max(0, arch.layers - arch.moe.denseLayers) : 0;
}

/**
 * Which GEMM inputs are quantized on the fly: none, the MoE experts' only, every FFN GEMM's and the
 * attention output projection's (`mlaOutput`: NVIDIA's NVFP4 DeepSeek-architecture checkpoints keep
 * the latent projections in bf16, weights.ts sixteenBitAttentionParams), or every linear layer's.
 */
export type ActivationQuant = 'none' | 'experts' | 'mlaOutput' | 'all';

/** Activation-quantization kernels of one forward pass (one per quantized GEMM input, counts above). */
export function quantKernelsPerForward(arch: ModelArchitecture, quant: ActivationQuant): number {
  if (quant === 'none') return 0;
  const moe = arch.moe;
  const moeLayers = moeLayerCount(arch);
  let n =
    moeLayers *
    (QUANT_MOE_FFN +
      (moe && moe.sharedExperts > 0 && quant !== 'experts' ? QUANT_SHARED_EXPERT : 0) +
      (moe?.latentSize !== undefined && quant !== 'experts' ? QUANT_LATENT_MOE : 0));
  if (quant === 'experts') return n;
  n += (arch.layers - moeLayers) * QUANT_DENSE_FFN;
  for (let i = 0; i < arch.layers; i++) {
    const att = layerAttention(arch, i);
    const kind = att.kind;
    n += quant === 'all' ? QUANT_ATTENTION[kind] : kind === 'mla' ? QUANT_MLA_OUTPUT : 0;
    // A grouped output projection quantizes the input of its second GEMM too.
    if (kind === 'mla' && att.groupedOutput) n += 1;
  }
  return n;
}

/** Kernels of one forward pass over all layers (counts above; the all-reduces excluded). */
export function kernelsPerForward(arch: ModelArchitecture): number {
  const moe = arch.moe;
  const moeLayers = moeLayerCount(arch);
  const ffn =
    (arch.layers - moeLayers) * DENSE_FFN_KERNELS +
    moeLayers *
      (MOE_FFN_KERNELS +
        (moe && moe.sharedExperts > 0 ? SHARED_EXPERT_KERNELS : 0) +
        (moe?.latentSize !== undefined ? LATENT_MOE_KERNELS : 0));
  let attention = 0;
  for (let i = 0; i < arch.layers; i++) {
    const att = layerAttention(arch, i);
    attention +=
      ATTENTION_KERNELS[att.kind] +
      (hasOwnIndexer(att) ? INDEXER_KERNELS : 0) +
      (isSparseFull(att) ? BLOCK_INDEXER_KERNELS : 0) +
      compressedMlaKernels(att);
  }
  return arch.layers * NORMS + attention + ffn;
}

/**
 * Norm kernels a fused all-reduce absorbs. SGLang's `--enable-flashinfer-allreduce-fusion` runs the
 * tensor-parallel all-reduce, the residual add and the RMSNorm after it as one kernel (layernorm.py
 * `forward_with_allreduce_fusion` → `flashinfer_allreduce_residual_rmsnorm`, a one-shot Lamport
 * all-reduce), so with more than one tensor rank every norm but the first layer's input norm (no
 * all-reduce before it) disappears into an all-reduce, which timing.ts costs on its own.
 */
export function fusedNormKernels(arch: ModelArchitecture): number {
  return Math.max(0, arch.layers * NORMS - 1);
}
