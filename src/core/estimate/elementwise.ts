/**
 * The memory-bound kernels between the GEMMs: per layer, two residual-add + RMSNorm passes and the
 * gated activation (SiLU/GELU × up), and for a MoE layer the experts' activations and the sum of
 * each token's k expert outputs. They run one after another with the GEMMs, not under them, and move
 * activations (16-bit, 2 bytes an element) rather than weights, so they grow with the tokens of a
 * step: nothing at batch 1, a tenth or more of a compute-bound step when the GEMMs run at FP8/FP4.
 *
 * Decomposition and counts as in NVIDIA aiconfigurator's model descriptions (`sdk/models/llama.py`,
 * `sdk/models/moe.py`): `ElementWise("add_norm_1", layers, 2h, 2h)`, `ElementWise("add_norm_2",
 * layers, 2h, 2h)`, `ElementWise("act_gate", layers, 2I/tp, I/tp)`, each costed in
 * `sdk/operations.py` as (dim_in + dim_out) × tokens × 2 bytes over the memory bandwidth. In a MoE
 * layer the gather of each token's k copies is fused into the grouped GEMM's loads (vLLM/SGLang
 * `fused_moe` index their rows through `sorted_token_ids`), while the activation of each copy and
 * the final sum of the k outputs (`moe_sum`: k·h read per token) run as kernels of their own.
 * Attention's own reads and writes of q, k, v and o are not here: the attention kernels (and the
 * KV-cache write fused with RoPE) are costed in timing.ts.
 */
import type { ModelArchitecture } from '../catalog/types';
import type { Parallelism } from './types';

/** Bytes of one activation element (BF16/FP16 between the kernels). */
const ACTIVATION_BYTES = 2;

/**
 * Share of the data-sheet bandwidth a streaming elementwise kernel reaches (aiconfigurator
 * `ElementWise(..., empirical_bw_scaling_factor=0.8)`).
 */
export const ELEMENTWISE_BANDWIDTH_SHARE = 0.8;

/** Elementwise bytes per token on one GPU (see the module comment). */
export interface ElementwiseBytes {
  /**
   * A token on its own data-parallel rank: that rank's norms and dense activations, and its share
   * of the experts' work (spread over all tensor × data GPUs). The prompt-alone (latency) case.
   */
  rankBytes: number;
  /**
   * A token of a step whose tokens are spread evenly over the data-parallel ranks: the per-GPU
   * bytes of one replica token (the rank's part ÷ data-parallel ranks, the experts' part as above).
   */
  spreadBytes: number;
}

/**
 * Elementwise bytes per token, per GPU, of one forward pass over every layer.
 * Per layer and token: norms 2 × (2h + 2h) elements on each tensor rank (replicated, not sharded);
 * a dense FFN's activation (2I + I)/tp gated, (I + I)/tp plain; a MoE layer's k expert outputs
 * read by the final sum (h each) on the GPUs of their expert group (k/ep per GPU), their activation
 * 3·I_e (2·I_e ungated) spread over the tensor × data GPUs, and a shared expert's activation like a
 * dense FFN's. A latent MoE (`moe.latentSize` L) sums its expert outputs at L instead of h and
 * normalizes the sum (RMSNorm read + write, 2L, on each tensor rank) before projecting it back.
 */
export function elementwiseBytesPerToken(arch: ModelArchitecture, par: Parallelism): ElementwiseBytes {
  const h = arch.hiddenSize;
  const tp = Math.max(1, par.tensor);
  const dp = Math.max(1, par.data);
  const ep = Math.max(1, par.expert);
  const gatedFfn = arch.gatedFfn ?? true;
  const moe = arch.moe;
  const moeLayers = moe ? Math.max(0, arch.layers - moe.denseLayers) : 0;
  const denseLayers = arch.layers - moeLayers;
  let rank = arch.layers * 8 * h + (denseLayers * (gatedFfn ? 3 : 2) * arch.ffnSize) / tp;
  let experts = 0;
  if (moe) {
    const gatedExperts = moe.gated ?? true;
    const actPerCopy = (gatedExperts ? 3 : 2) * moe.expertFfnSize;
    const shared = moe.sharedExperts * (gatedExperts ? 3 : 2) * (moe.sharedExpertFfnSize ?? moe.expertFfnSize);
    rank += (moeLayers * shared) / tp;
    const latent = moe.latentSize;
    if (latent !== undefined) rank += moeLayers * 2 * latent;
    experts = moeLayers * moe.expertsPerToken * ((latent ?? h) / ep + actPerCopy / (tp * dp));
  }
  return {
    rankBytes: (rank + experts) * ACTIVATION_BYTES,
    spreadBytes: (rank / dp + experts) * ACTIVATION_BYTES,
  };
}
