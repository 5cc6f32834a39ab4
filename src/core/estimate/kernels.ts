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
 *   projection, logits, top-k = 9;
 * - linear attention (Gated DeltaNet / Mamba-style, attention kind `none`): input projections (2),
 *   causal conv1d, gating, recurrent update, gated norm, output projection = 7;
 * - dense FFN: gate-up (or up) projection, activation, down projection = 3;
 * - MoE FFN: router, top-k, token permutation, expert GEMM 1, activation, expert GEMM 2, combine
 *   = 7, and a shared expert's 3 more.
 */
import type { ModelArchitecture } from '../catalog/types';
import { layerAttention } from './params';

const NORMS = 2;
const ATTENTION_KERNELS = { full: 5, sliding: 5, mla: 11, none: 7 } as const;
const DENSE_FFN_KERNELS = 3;
const MOE_FFN_KERNELS = 7;
const SHARED_EXPERT_KERNELS = 3;
const INDEXER_KERNELS = 9;

/** Kernels of one forward pass over all layers (counts above; the all-reduces excluded). */
export function kernelsPerForward(arch: ModelArchitecture): number {
  const moe = arch.moe;
  const moeLayers = moe ? Math.max(0, arch.layers - moe.denseLayers) : 0;
  const ffn =
    (arch.layers - moeLayers) * DENSE_FFN_KERNELS +
    moeLayers * (MOE_FFN_KERNELS + (moe && moe.sharedExperts > 0 ? SHARED_EXPERT_KERNELS : 0));
  let attention = 0;
  for (let i = 0; i < arch.layers; i++) {
    const att = layerAttention(arch, i);
    attention += ATTENTION_KERNELS[att.kind] + (att.kind === 'mla' && att.sparse ? INDEXER_KERNELS : 0);
  }
  return arch.layers * NORMS + attention + ffn;
}
