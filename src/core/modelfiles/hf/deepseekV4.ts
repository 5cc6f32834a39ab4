/**
 * DeepSeek-V4 (`model_type` deepseek_v4: DeepSeek-V4-Pro, DeepSeek-V4-Flash) → a text plan.
 * transformers has no configuration for it; the shapes are the released checkpoints' tensors
 * (DeepSeek-V4-Pro's safetensors table: wq_a, wq_b, wkv, wo_a / wo_b, compressors, indexers, mHC)
 * and the config keys DeepSeek's inference code reads. Every layer is MLA without a kv_b
 * up-projection: one MQA head of `head_dim` (K = V; `qk_rope_head_dim` of it RoPE), queries
 * through `q_lora_rank`, a grouped low-rank output (`o_groups` × `o_lora_rank`) and a
 * `sliding_window` of uncompressed tokens; `compress_ratios` (one a layer, then the MTP / DSpark
 * layers) gives each layer's compression: 0 the window only, 4 Compressed Sparse Attention (an
 * overlapping compressor of 2 × head_dim and a lightning indexer, `index_*`), 128 Heavily
 * Compressed Attention (a compressor of head_dim, no indexer).
 */
import type { TensorGroup } from '../tensors';
import type { AttentionKind, TextPlan } from './layers';
import { outerGroups } from './layers';
import { type ConfigReader, ConfigValueError } from './read';

/** The ratio of Compressed Sparse Attention (compressor with overlap, indexer); others are HCA. */
const CSA_RATIO = 4;
const HCA_RATIO = 128;

export function planDeepseekV4(c: ConfigReader): TextPlan {
  const layers = c.int('num_hidden_layers', 1, 10_000);
  const h = c.int('hidden_size', 1, 1_000_000);
  const heads = c.int('num_attention_heads', 1, 100_000);
  const kvHeads = c.int('num_key_value_heads', 1, 100_000, 1);
  const headDim = c.int('head_dim', 1, 100_000);
  const rope = c.int('qk_rope_head_dim', 1, headDim - 1);
  const qLora = c.int('q_lora_rank', 1, 1_000_000);
  const oGroups = c.int('o_groups', 1, heads);
  const oRank = c.int('o_lora_rank', 1, 1_000_000);
  const window = c.int('sliding_window', 1, 100_000_000);
  const vocab = c.int('vocab_size', 1, 100_000_000);
  const tied = c.bool('tie_word_embeddings', false);
  const maxContext = c.int('max_position_embeddings', 1, 1_000_000_000);
  const experts = c.int('n_routed_experts', 1, 1_000_000);
  const perToken = c.int('num_experts_per_tok', 1, experts);
  const expertFfn = c.int('moe_intermediate_size', 1, 100_000_000);
  const sharedFfn = c.int('n_shared_experts', 0, 1000, 0) * expertFfn;
  const hashLayers = c.int('num_hash_layers', 0, layers, 0);
  const hc = c.int('hc_mult', 1, 64, 1);
  const topK = c.optionalInt('index_topk', 1, 100_000_000);
  const ixHeads = topK !== undefined ? c.int('index_n_heads', 1, 100_000) : 0;
  const ixDim = topK !== undefined ? c.int('index_head_dim', 1, 100_000) : 0;
  if ((heads * headDim) % oGroups !== 0)
    throw new ConfigValueError(`\`o_groups\` ${oGroups} does not divide the ${heads} × ${headDim} head outputs`);
  const ratios = c.intList('compress_ratios');
  if (!ratios || ratios.length < layers)
    throw new ConfigValueError(
      `\`compress_ratios\` must give each of the ${layers} layers its compression (got ${ratios ? ratios.length : 'none'})`,
    );
  const notes: string[] = [];
  const warnings: string[] = [];
  const odd = [...new Set(ratios.slice(0, layers).filter((r) => r !== 0 && r !== CSA_RATIO && r !== HCA_RATIO))];
  if (odd.length)
    warnings.push(
      `compress_ratios ${odd.join(', ')} are neither ${CSA_RATIO} (CSA) nor ${HCA_RATIO} (HCA): those layers are sized as HCA (one compressor of head_dim, no indexer); the released checkpoints use 0, 4 and 128 only`,
    );
  if (!c.has('expert_dtype') && c.has('quantization_config'))
    warnings.push(
      "config.json has no expert_dtype: the routed experts are sized in quantization_config's format, as DeepSeek's inference code reads such a config; the released DeepSeek-V4-Pro stores them as FP4 (MXFP4) all the same (its safetensors table), so if this is that checkpoint the weights are about half what is shown: write weights: mxfp4",
    );
  const indexed = (r: number) => r === CSA_RATIO && topK !== undefined;
  const attention: AttentionKind[] = ratios
    .slice(0, layers)
    .map((ratio) => ({ kind: 'mla', compressed: { ratio, window, indexer: indexed(ratio) } }));

  const plan: TextPlan = {
    layers,
    hidden: h,
    heads,
    kvHeads,
    headDim,
    vocab,
    tied,
    maxContext,
    // No dense layer: every layer is MoE, and the estimator's FFN size is the expert width.
    denseFfn: expertFfn,
    attention,
    moeLayer: new Array<boolean>(layers).fill(true),
    moe: { experts, perToken, expertFfn, sharedFfn },
    mla: {
      kvLoraRank: headDim - rope,
      qLoraRank: qLora,
      ropeDim: rope,
      nopeDim: headDim - rope,
      vDim: headDim,
      ...(topK !== undefined ? { sparse: { topK, indexerHeads: ixHeads, indexerHeadDim: ixDim } } : {}),
      kvUpProjection: false,
      groupedOutput: { groups: oGroups, rank: oRank },
    },
    mtpLayers: 0,
    groups: [],
    mtpGroups: [],
    notes,
    warnings,
  };

  const groups = plan.groups;
  groups.push(...outerGroups(vocab, h, tied));
  // mHC head: mixes the hc_mult residual streams into one before the final norm (fp32).
  const mhcHead = (target: TensorGroup[], count: number) => {
    if (hc <= 1) return;
    target.push(
      { name: 'hc_head_fn', role: 'norm', rows: hc, cols: hc * h, count, linear: false, elementBytes: 4 },
      { name: 'hc_head_base', role: 'norm', rows: hc + 1, cols: 1, count, linear: false, elementBytes: 4 }, // base + scale
    );
  };
  mhcHead(groups, 1);

  /** `n` layers with compression `ratio`; `routerBias` whether they have the learned router's bias. */
  const layerGroups = (target: TensorGroup[], ratio: number, n: number, routerBias: boolean) => {
    const push = (
      name: string,
      role: TensorGroup['role'],
      rows: number,
      cols: number,
      linear: boolean,
      fp32 = false,
    ) => {
      if (n > 0)
        target.push({
          name: `layers.*.${name}`,
          role,
          rows,
          cols,
          count: n,
          linear,
          ...(fp32 ? { elementBytes: 4 } : {}),
        });
    };
    push('attn_norm', 'norm', h, 2, false); // attn_norm and ffn_norm
    push('attn.wq_a', 'attention', qLora, h, true);
    push('attn.q_norm', 'norm', qLora, 1, false);
    push('attn.wq_b', 'attention', heads * headDim, qLora, true);
    push('attn.wkv', 'attention', headDim, h, true);
    push('attn.kv_norm', 'norm', headDim, 1, false);
    push('attn.wo_a', 'attention', oGroups * oRank, (heads * headDim) / oGroups, true);
    push('attn.wo_b', 'attention', h, oGroups * oRank, true);
    push('attn.attn_sink', 'bias', heads, 1, false, true);
    if (ratio > 0) {
      // Compressor (bf16): CSA's windows overlap, so its projections are 2 × head_dim wide.
      const w = (ratio === CSA_RATIO ? 2 : 1) * headDim;
      push('attn.compressor.wkv_wgate', 'attention', 2 * w, h, false);
      push('attn.compressor.ape', 'bias', ratio, w, false, true);
      push('attn.compressor.norm', 'norm', headDim, 1, false);
    }
    if (indexed(ratio)) {
      push('attn.indexer.wq_b', 'attention', ixHeads * ixDim, qLora, true);
      push('attn.indexer.weights_proj', 'attention', ixHeads, h, false);
      push('attn.indexer.compressor.wkv_wgate', 'attention', 4 * ixDim, h, false);
      push('attn.indexer.compressor.ape', 'bias', ratio, 2 * ixDim, false, true);
      push('attn.indexer.compressor.norm', 'norm', ixDim, 1, false);
    }
    push('ffn.gate', 'router', experts, h, false);
    if (routerBias) push('ffn.gate.bias', 'bias', experts, 1, false, true);
    if (n > 0) {
      target.push(
        {
          name: 'layers.*.ffn.experts.w1_w3',
          role: 'expert',
          rows: 2 * expertFfn,
          cols: h,
          count: experts * n,
          linear: true,
        },
        { name: 'layers.*.ffn.experts.w2', role: 'expert', rows: h, cols: expertFfn, count: experts * n, linear: true },
      );
    }
    if (sharedFfn > 0) {
      push('ffn.shared_experts.w1_w3', 'shared-expert', 2 * sharedFfn, h, true);
      push('ffn.shared_experts.w2', 'shared-expert', h, sharedFfn, true);
    }
    if (hc > 1) {
      // mHC around attention and FFN: fn ((2 + hc) · hc) × (hc · h), base and 3 scales each (fp32).
      const mix = (2 + hc) * hc;
      push('hc_attn_ffn_fn', 'norm', 2 * mix, hc * h, false, true);
      push('hc_attn_ffn_base', 'norm', 2 * (mix + 3), 1, false, true);
    }
  };
  // Layers with the same compression and router share shapes: count them together.
  const byKind = new Map<string, number>();
  for (let i = 0; i < layers; i++) {
    const key = `${ratios[i]!}|${i >= hashLayers ? 'bias' : 'hash'}`;
    byKind.set(key, (byKind.get(key) ?? 0) + 1);
  }
  for (const [key, n] of byKind) {
    const [ratio, router] = key.split('|') as [string, string];
    layerGroups(groups, Number(ratio), n, router === 'bias');
  }

  if (hashLayers > 0)
    notes.push(
      `layers 0-${hashLayers - 1} route by token id (num_hash_layers ${hashLayers}): sized as learned routers; their tid2eid tables (int64, vocab × experts per token, not weights) are not counted`,
    );
  if (hc > 1)
    notes.push(
      `mHC hyper-connections (hc_mult ${hc}): ${hc} residual streams mixed around every block; their fp32 mixing weights are counted, their compute is not modelled`,
    );
  const dspark = c.intList('dspark_target_layer_ids');
  const nextn = c.optionalInt('num_nextn_predict_layers', 0, 100) ?? 0;
  if (dspark && dspark.length > 0) {
    notes.push(
      `${dspark.length} DSpark draft stages (dspark_target_layer_ids ${dspark.join(', ')}) in the checkpoint are not counted: engines load them only for speculative decoding, and config.json does not give their shapes`,
    );
  } else if (nextn > 0) {
    // The MTP layer: a decoder layer of the next compress ratio (0 in the releases) plus
    // e_proj, h_proj (h × h each), enorm, hnorm, its norm and its own mHC head.
    plan.mtpLayers = nextn;
    plan.mtpKey = 'num_nextn_predict_layers';
    for (let k = 0; k < nextn; k++) layerGroups(plan.mtpGroups, ratios[layers + k] ?? 0, 1, true);
    plan.mtpGroups.push({ name: 'mtp.*.e_proj_h_proj', role: 'mtp', rows: h, cols: 2 * h, count: nextn, linear: true });
    mhcHead(plan.mtpGroups, nextn);
    plan.mtpGroups.push({ name: 'mtp.*.norms', role: 'norm', rows: h, cols: 3, count: nextn, linear: false });
    for (const g of plan.mtpGroups) g.role = 'mtp';
  }
  return plan;
}
