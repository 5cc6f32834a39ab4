/**
 * A text model's config → its layers (attention kind, dense or MoE feed-forward) and its weight
 * tensors. Family differences are data (`defaults.json`) or one small rule each here; the shapes
 * follow each family's modeling_*.py in transformers.
 */
import type { LayerAttention, MoeSpec } from '../../catalog/types';
import type { TensorGroup } from '../tensors';
import { type ConfigReader, ConfigValueError } from './read';

/** Attention of one layer, before it becomes an estimator `LayerAttention`. */
export type AttentionKind =
  | { kind: 'full' }
  | { kind: 'sliding'; window: number; chunked?: boolean }
  /**
   * `sharedIndexer`: the layer reuses an earlier layer's top-k selection (GLM-5.2 `indexer_types` "shared").
   * `compressed`: DeepSeek-V4 compressed MLA (`compress_ratios`, `sliding_window`): entries per
   * `ratio` tokens (0: the window only), a `window` of uncompressed tokens, an indexer or not.
   */
  | { kind: 'mla'; sharedIndexer?: boolean; compressed?: { ratio: number; window: number; indexer: boolean } }
  | { kind: 'linear' }
  /** No attention in this layer (Nemotron-NAS `no_op` or `replace_with_linear`): no KV. */
  | { kind: 'noop' };

export interface TextPlan {
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
  tied: boolean;
  maxContext: number;
  denseFfn: number;
  attention: AttentionKind[];
  /** Per layer: whether its feed-forward is a mixture of experts. */
  moeLayer: boolean[];
  moe?: { experts: number; perToken: number; expertFfn: number; sharedFfn: number };
  mla?: {
    kvLoraRank: number;
    qLoraRank?: number;
    ropeDim: number;
    nopeDim: number;
    vDim: number;
    /** DeepSeek Sparse Attention's indexer (deepseek_v32: `index_topk`, `index_n_heads`, `index_head_dim`). */
    sparse?: { topK: number; indexerHeads: number; indexerHeadDim: number };
    /** DeepSeek-V4: no kv_b up-projection (the cached entry is K and V of one MQA head). */
    kvUpProjection?: false;
    /** DeepSeek-V4 grouped low-rank output (`o_groups`, `o_lora_rank`). */
    groupedOutput?: { groups: number; rank: number };
  };
  /** Gated DeltaNet geometry (qwen3_next linear-attention layers). */
  linear?: {
    keyHeads: number;
    valueHeads: number;
    keyDim: number;
    valueDim: number;
    convKernel: number;
    /** Bytes per element of the recurrent state: 4 where the config's `mamba_ssm_dtype` is float32. */
    recurrentBytes: number;
  };
  /** Multi-token-prediction layers in the checkpoint (DeepSeek-V3, GLM-4.5, Qwen3.5). */
  mtpLayers: number;
  /** The config key that declared them (`num_nextn_predict_layers`, `mtp_num_hidden_layers`). */
  mtpKey?: string;
  groups: TensorGroup[];
  /** Tensors of the MTP layers (not loaded for plain decoding). */
  mtpGroups: TensorGroup[];
  notes: string[];
  /** Shapes the config describes but the reader cannot size exactly (shown as warnings). */
  warnings: string[];
}

const MLA_FAMILIES = new Set(['deepseek_v2', 'deepseek_v3', 'kimi_k2', 'glm_moe_dsa']);

/**
 * Hybrid Gated DeltaNet families: without `layer_types`, every `full_attention_interval`-th layer
 * is full attention, the others linear (transformers configuration_qwen3_next.py,
 * configuration_qwen3_5.py, configuration_qwen3_5_moe.py).
 */
const DELTANET_FAMILIES = new Set(['qwen3_next', 'qwen3_5_text', 'qwen3_5_moe_text']);

/** Attention kind per layer, from `layer_types` when the config has it, else the family's rule. */
function attentionKinds(c: ConfigReader, family: string, layers: number, mla: boolean): AttentionKind[] {
  const sliding = c.optionalInt('sliding_window', 1, 100_000_000);
  const chunk = c.optionalInt('attention_chunk_size', 1, 100_000_000);
  const types = c.stringList('layer_types');
  if (types) {
    if (types.length !== layers)
      throw new ConfigValueError(`\`layer_types\` has ${types.length} entries for ${layers} layers`);
    return types.map((t) => {
      if (t === 'sliding_attention' && sliding) return { kind: 'sliding', window: sliding };
      if (t === 'chunked_attention' && chunk) return { kind: 'sliding', window: chunk, chunked: true };
      if (t === 'linear_attention') return { kind: 'linear' };
      return mla ? { kind: 'mla' } : { kind: 'full' };
    });
  }
  const each = (f: (i: number) => AttentionKind): AttentionKind[] => Array.from({ length: layers }, (_, i) => f(i));
  if (mla) return mlaKinds(c, layers);
  if (DELTANET_FAMILIES.has(family)) {
    const interval = c.int('full_attention_interval', 1, 1000);
    return each((i) => ((i + 1) % interval === 0 ? { kind: 'full' } : { kind: 'linear' }));
  }
  if (family === 'llama4_text') {
    const noRope = c.intList('no_rope_layers');
    const interval = c.int('no_rope_layer_interval', 1, 1000, 4);
    if (!chunk) return each(() => ({ kind: 'full' }));
    // no_rope_layers[i] = 1: RoPE layer with chunked local attention; 0: global NoPE layer.
    return each((i) =>
      (noRope ? noRope[i] !== 0 : (i + 1) % interval !== 0)
        ? { kind: 'sliding', window: chunk, chunked: true }
        : { kind: 'full' },
    );
  }
  if (!sliding) return each(() => ({ kind: 'full' }));
  if (family === 'gpt_oss') return each((i) => (i % 2 === 0 ? { kind: 'sliding', window: sliding } : { kind: 'full' }));
  if (c.has('sliding_window_pattern') || family === 'gemma2' || family === 'gemma3_text') {
    const pattern = c.int('sliding_window_pattern', 1, 1000);
    return each((i) => ((i + 1) % pattern !== 0 ? { kind: 'sliding', window: sliding } : { kind: 'full' }));
  }
  if (c.has('use_sliding_window') || family.startsWith('qwen')) {
    if (!c.bool('use_sliding_window', false)) return each(() => ({ kind: 'full' }));
    const from = c.int('max_window_layers', 0, 100_000, 0);
    return each((i) => (i >= from ? { kind: 'sliding', window: sliding } : { kind: 'full' }));
  }
  // mistral, phi3 and others: a sliding_window applies to every layer.
  return each(() => ({ kind: 'sliding', window: sliding }));
}

/**
 * MLA in every layer. GLM-5.2's IndexShare (`indexer_types`, one entry a layer): a "shared" layer
 * has no indexer of its own and reuses the last "full" layer's selection (transformers
 * modeling_glm_moe_dsa.py); absent, every layer runs its own indexer (DeepSeek-V3.2, GLM-5).
 */
function mlaKinds(c: ConfigReader, layers: number): AttentionKind[] {
  const indexers = c.stringList('indexer_types');
  if (indexers && indexers.length !== layers)
    throw new ConfigValueError(`\`indexer_types\` has ${indexers.length} entries for ${layers} layers`);
  return Array.from({ length: layers }, (_, i) =>
    indexers?.[i] === 'shared' ? { kind: 'mla', sharedIndexer: true } : { kind: 'mla' },
  );
}

/**
 * What a family's config declares that the tensor list leaves out. MiniMax-M2: `num_mtp_modules`
 * multi-token-prediction modules are declared, but the released M2.5 / M2.7 safetensors hold no
 * MTP tensors, so none are counted; `attn_type_list` 1 is full attention in every layer of the
 * M2 releases, and any other value (MiniMax-M1's lightning attention) is sized as full attention.
 */
function familyNotes(c: ConfigReader, family: string, notes: string[], warnings: string[]): void {
  if (family !== 'minimax_m2') return;
  const mtp = c.optionalInt('num_mtp_modules', 0, 100) ?? 0;
  if (mtp > 0 && c.bool('use_mtp', true))
    notes.push(
      `${mtp} multi-token-prediction modules (num_mtp_modules) are not counted: the released MiniMax-M2.5 and M2.7 checkpoints hold no MTP tensors`,
    );
  const other = (c.intList('attn_type_list') ?? []).filter((t) => t !== 1).length;
  if (other > 0)
    warnings.push(
      `attn_type_list marks ${other} layers with an attention type other than 1 (full attention); they are sized as full attention`,
    );
}

/** Which layers carry experts. */
function moeLayers(c: ConfigReader, family: string, layers: number, experts: number): boolean[] {
  const each = (f: (i: number) => boolean) => Array.from({ length: layers }, (_, i) => f(i));
  if (experts <= 0) return each(() => false);
  const listed = c.intList('moe_layers');
  if (listed) return each((i) => listed.includes(i));
  if (c.has('first_k_dense_replace') || MLA_FAMILIES.has(family) || family === 'glm4_moe') {
    const firstDense = c.int('first_k_dense_replace', 0, 100_000, 0);
    const freq = c.int('moe_layer_freq', 1, 1000, 1);
    return each((i) => i >= firstDense && i % freq === 0);
  }
  if (c.has('interleave_moe_layer_step') || family === 'llama4_text') {
    const step = c.int('interleave_moe_layer_step', 1, 1000, 1);
    return each((i) => (i + 1) % step === 0);
  }
  const mlpOnly = c.intList('mlp_only_layers') ?? [];
  const sparseStep = c.int('decoder_sparse_step', 1, 1000, 1);
  return each((i) => !mlpOnly.includes(i) && (i + 1) % sparseStep === 0);
}

/** Reads the text model's geometry and lists its weight tensors. */
export function planText(c: ConfigReader, family: string): TextPlan {
  if (family === 'nemotron-nas') return planHeterogeneous(c);
  const layers = c.int('num_hidden_layers', 1, 10_000);
  const hidden = c.int('hidden_size', 1, 1_000_000);
  const heads = c.int('num_attention_heads', 1, 100_000);
  const kvHeads = c.optionalInt('num_key_value_heads', 1, 100_000) ?? (c.bool('multi_query', false) ? 1 : heads);
  const vocab = c.int('vocab_size', 1, 100_000_000);
  const tied = c.bool('tie_word_embeddings', false);
  const maxContext = c.int('max_position_embeddings', 1, 1_000_000_000, 4096);
  const mla = MLA_FAMILIES.has(family) || (c.has('kv_lora_rank') && c.has('qk_rope_head_dim'));
  // MLA: the query/key head is nope + rope wide (the catalog's convention; GLM-5's `head_dim` 64 is
  // its rope part). The estimator reads the MLA fields for MLA layers, not headDim.
  const headDim = mla
    ? c.int('qk_nope_head_dim', 1, 100_000) + c.int('qk_rope_head_dim', 0, 100_000)
    : (c.optionalInt('head_dim', 1, 100_000) ?? Math.floor(hidden / heads));
  const experts =
    c.optionalInt('num_local_experts', 0, 1_000_000) ??
    c.optionalInt('num_experts', 0, 1_000_000) ??
    c.optionalInt('n_routed_experts', 0, 1_000_000) ??
    0;
  // Qwen3.5 MoE configs have no intermediate_size (no dense layer): the expert width stands in.
  const moeWidth = c.optionalInt('moe_intermediate_size', 1, 100_000_000);
  const intermediate = c.optionalInt('intermediate_size', 1, 100_000_000) ?? moeWidth ?? c.int('intermediate_size');
  const expertFfn = moeWidth ?? intermediate;
  const denseFfn = c.optionalInt('intermediate_size_mlp', 1, 100_000_000) ?? intermediate;
  const attention = attentionKinds(c, family, layers, mla);
  const moeLayer = moeLayers(c, family, layers, experts);
  const notes: string[] = [];

  let moe: TextPlan['moe'];
  if (experts > 0 && moeLayer.some(Boolean)) {
    const perToken = c.int('num_experts_per_tok', 1, experts, c.optionalInt('experts_per_token', 1, experts));
    const nShared = c.optionalInt('n_shared_experts', 0, 1000);
    const sharedFfn =
      nShared !== undefined
        ? nShared * expertFfn
        : (c.optionalInt('shared_expert_intermediate_size', 0, 100_000_000) ??
          (c.optionalInt('shared_experts', 0, 1000) ? intermediate : 0));
    moe = { experts, perToken, expertFfn, sharedFfn };
  }
  let mlaGeometry: TextPlan['mla'];
  if (mla) {
    const qLora = c.optionalInt('q_lora_rank', 1, 1_000_000);
    mlaGeometry = {
      kvLoraRank: c.int('kv_lora_rank', 1, 1_000_000),
      ...(qLora !== undefined ? { qLoraRank: qLora } : {}),
      ropeDim: c.int('qk_rope_head_dim', 1, 100_000),
      nopeDim: c.int('qk_nope_head_dim', 1, 100_000),
      vDim: c.int('v_head_dim', 1, 100_000),
    };
    const topK = c.optionalInt('index_topk', 1, 100_000_000);
    if (topK !== undefined) {
      mlaGeometry.sparse = {
        topK,
        indexerHeads: c.int('index_n_heads', 1, 100_000),
        indexerHeadDim: c.int('index_head_dim', 1, 100_000),
      };
      notes.push(
        `DeepSeek Sparse Attention: each query attends to the ${topK} cached tokens a ${mlaGeometry.sparse.indexerHeads}-head indexer picks; the indexer's FP8 keys are cached beside the latent.`,
      );
    }
  }
  let linear: TextPlan['linear'];
  if (attention.some((a) => a.kind === 'linear')) {
    linear = {
      keyHeads: c.int('linear_num_key_heads', 1, 100_000),
      valueHeads: c.int('linear_num_value_heads', 1, 100_000),
      keyDim: c.int('linear_key_head_dim', 1, 100_000),
      valueDim: c.int('linear_value_head_dim', 1, 100_000),
      convKernel: c.int('linear_conv_kernel_dim', 1, 1000, 4),
      // vLLM (Qwen3_5ForConditionalGenerationConfig) and SGLang keep the recurrent state in the
      // config's mamba_ssm_dtype; Qwen3.5's configs say float32.
      recurrentBytes: c.raw('mamba_ssm_dtype') === 'float32' ? 4 : 2,
    };
  }
  const mtpKey = ['num_nextn_predict_layers', 'mtp_num_hidden_layers'].find((k) => c.has(k));
  const mtpLayers = mtpKey ? c.int(mtpKey, 0, 100) : 0;
  const warnings: string[] = [];
  familyNotes(c, family, notes, warnings);

  const plan: TextPlan = {
    layers,
    hidden,
    heads,
    kvHeads,
    headDim,
    vocab,
    tied,
    maxContext,
    denseFfn,
    attention,
    moeLayer,
    ...(moe ? { moe } : {}),
    ...(mlaGeometry ? { mla: mlaGeometry } : {}),
    ...(linear ? { linear } : {}),
    mtpLayers,
    ...(mtpKey ? { mtpKey } : {}),
    groups: [],
    mtpGroups: [],
    notes,
    warnings,
  };
  const opts = layerOptions(c, family);
  const add = (
    target: TensorGroup[],
    name: string,
    role: TensorGroup['role'],
    rows: number,
    cols: number,
    count: number,
    isLinear = true,
  ) => {
    if (count > 0 && rows > 0 && cols > 0) target.push({ name, role, rows, cols, count, linear: isLinear });
  };
  plan.groups.push(...outerGroups(vocab, hidden, tied));
  // Layers with the same kinds share tensor shapes: count them per kind.
  const byKind = new Map<string, number>();
  for (let i = 0; i < layers; i++) {
    const a = attention[i]!;
    const key = `${a.kind}|${moeLayer[i] ? 'moe' : 'dense'}|${a.kind === 'mla' && a.sharedIndexer ? 'shared' : ''}`;
    byKind.set(key, (byKind.get(key) ?? 0) + 1);
  }
  for (const [key, count] of byKind) {
    const [kind, ffn, shared] = key.split('|') as [AttentionKind['kind'], string, string];
    layerGroups(plan, { ...opts, ownIndexer: shared !== 'shared' }, kind, ffn === 'moe', count, plan.groups, add);
  }
  if (mtpLayers > 0) {
    // DeepSeek-V3 MTP module (model.layers.61): one full MoE decoder layer plus enorm, hnorm,
    // eh_proj (h × 2h) and the shared head's norm; embedding and head are shared with the model.
    layerGroups(plan, { ...opts, ownIndexer: true }, mla ? 'mla' : 'full', !!moe, mtpLayers, plan.mtpGroups, add);
    add(plan.mtpGroups, 'model.layers.*.eh_proj', 'mtp', hidden, 2 * hidden, mtpLayers);
    add(plan.mtpGroups, 'model.layers.*.enorm', 'norm', hidden, 1, 3 * mtpLayers, false);
    for (const g of plan.mtpGroups) g.role = 'mtp';
  }
  return plan;
}

/** The tensors outside the decoder layers: token embedding, lm_head (unless tied), final norm. */
export function outerGroups(vocab: number, hidden: number, tied: boolean): TensorGroup[] {
  const group = (name: string, role: TensorGroup['role'], rows: number, cols: number): TensorGroup => ({
    name,
    role,
    rows,
    cols,
    count: 1,
    linear: false,
  });
  return [
    group('model.embed_tokens', 'embedding', vocab, hidden),
    ...(tied ? [] : [group('lm_head', 'head', vocab, hidden)]),
    group('model.norm', 'norm', hidden, 1),
  ];
}

interface LayerOptions {
  normsPerLayer: number;
  qkvBias: boolean;
  oBias: boolean;
  qkNorm: boolean;
  /** q/k RMSNorm over all heads of the layer instead of one head (MiniMax-M2 `qk_norm_type` per_layer). */
  qkNormPerLayer: boolean;
  sinks: boolean;
  expertBias: boolean;
  routerBias: boolean;
  sharedExpertGate: boolean;
  outputGate: boolean;
  /** MLA with sparse attention: whether these layers hold their own indexer. */
  ownIndexer?: boolean;
}

function layerOptions(c: ConfigReader, family: string): LayerOptions {
  const attentionBias = c.bool('attention_bias', false);
  return {
    normsPerLayer: c.int('norms_per_layer', 1, 10, 2),
    qkvBias: attentionBias || c.bool('qkv_bias', false),
    oBias: attentionBias && family !== 'glm4_moe',
    qkNorm: c.bool('qk_norm', false) || c.bool('use_qk_norm', false),
    qkNormPerLayer: c.raw('qk_norm_type') === 'per_layer',
    sinks: c.bool('sinks', false),
    expertBias: c.bool('expert_bias', false),
    // MiniMax-M2 `use_routing_bias`: the router's e_score_correction_bias, one per expert.
    routerBias: c.bool('router_bias', false) || c.bool('expert_bias', false) || c.bool('use_routing_bias', false),
    sharedExpertGate: c.bool('shared_expert_gate', false),
    outputGate: c.bool('attn_output_gate', false),
  };
}

type Add = (
  target: TensorGroup[],
  name: string,
  role: TensorGroup['role'],
  rows: number,
  cols: number,
  count: number,
  isLinear?: boolean,
) => void;

/** The tensors of `n` decoder layers of one kind. */
function layerGroups(
  p: TextPlan,
  o: LayerOptions,
  kind: AttentionKind['kind'],
  moe: boolean,
  n: number,
  out: TensorGroup[],
  add: Add,
): void {
  const h = p.hidden;
  const L = 'model.layers.*';
  add(out, `${L}.input_layernorm`, 'norm', h, 1, o.normsPerLayer * n, false);
  if (kind === 'mla' && p.mla) {
    const m = p.mla;
    const qHead = m.nopeDim + m.ropeDim;
    if (m.qLoraRank) {
      add(out, `${L}.self_attn.q_a_proj`, 'attention', m.qLoraRank, h, n);
      add(out, `${L}.self_attn.q_a_layernorm`, 'norm', m.qLoraRank, 1, n, false);
      add(out, `${L}.self_attn.q_b_proj`, 'attention', p.heads * qHead, m.qLoraRank, n);
    } else add(out, `${L}.self_attn.q_proj`, 'attention', p.heads * qHead, h, n);
    add(out, `${L}.self_attn.kv_a_proj_with_mqa`, 'attention', m.kvLoraRank + m.ropeDim, h, n);
    add(out, `${L}.self_attn.kv_a_layernorm`, 'norm', m.kvLoraRank, 1, n, false);
    add(out, `${L}.self_attn.kv_b_proj`, 'attention', p.heads * (m.nopeDim + m.vDim), m.kvLoraRank, n);
    add(out, `${L}.self_attn.o_proj`, 'attention', h, p.heads * m.vDim, n);
    if (m.sparse && o.ownIndexer !== false) {
      // DeepSeek-V3.2 lightning indexer (inference/model.py `Indexer`).
      const ix = m.sparse;
      add(out, `${L}.self_attn.indexer.wq_b`, 'attention', ix.indexerHeads * ix.indexerHeadDim, m.qLoraRank ?? h, n);
      add(out, `${L}.self_attn.indexer.wk`, 'attention', ix.indexerHeadDim, h, n);
      add(out, `${L}.self_attn.indexer.k_norm`, 'norm', ix.indexerHeadDim, 2, n, false);
      add(out, `${L}.self_attn.indexer.weights_proj`, 'attention', ix.indexerHeads, h, n, false);
    }
  } else if (kind === 'linear' && p.linear) {
    for (const [name, role, rows, cols, isLinear] of deltaNetTensors(p.linear, h))
      add(out, `${L}.linear_attn.${name}`, role, rows, cols, n, isLinear);
  } else {
    const q = p.heads * p.headDim;
    const kv = p.kvHeads * p.headDim;
    add(out, `${L}.self_attn.q_proj`, 'attention', o.outputGate ? 2 * q : q, h, n);
    add(out, `${L}.self_attn.k_proj`, 'attention', kv, h, n);
    add(out, `${L}.self_attn.v_proj`, 'attention', kv, h, n);
    add(out, `${L}.self_attn.o_proj`, 'attention', h, q, n);
    if (o.qkvBias) add(out, `${L}.self_attn.qkv_bias`, 'bias', q + 2 * kv, 1, n, false);
    if (o.oBias) add(out, `${L}.self_attn.o_bias`, 'bias', h, 1, n, false);
    if (o.qkNorm && o.qkNormPerLayer) add(out, `${L}.self_attn.qk_norm`, 'norm', q + kv, 1, n, false);
    else if (o.qkNorm) add(out, `${L}.self_attn.qk_norm`, 'norm', p.headDim, 2, n, false);
    if (o.sinks) add(out, `${L}.self_attn.sinks`, 'bias', p.heads, 1, n, false);
  }
  if (moe && p.moe) {
    const e = p.moe;
    add(out, `${L}.mlp.gate`, 'router', e.experts, h, n, false);
    if (o.routerBias) add(out, `${L}.mlp.gate.bias`, 'bias', e.experts, 1, n, false);
    add(out, `${L}.mlp.experts.gate_up_proj`, 'expert', 2 * e.expertFfn, h, e.experts * n);
    add(out, `${L}.mlp.experts.down_proj`, 'expert', h, e.expertFfn, e.experts * n);
    if (o.expertBias) add(out, `${L}.mlp.experts.bias`, 'bias', 2 * e.expertFfn + h, 1, e.experts * n, false);
    if (e.sharedFfn > 0) {
      add(out, `${L}.mlp.shared_experts.gate_up_proj`, 'shared-expert', 2 * e.sharedFfn, h, n);
      add(out, `${L}.mlp.shared_experts.down_proj`, 'shared-expert', h, e.sharedFfn, n);
      if (o.sharedExpertGate) add(out, `${L}.mlp.shared_expert_gate`, 'router', 1, h, n, false);
    }
  } else {
    add(out, `${L}.mlp.gate_up_proj`, 'dense-ffn', 2 * p.denseFfn, h, n);
    add(out, `${L}.mlp.down_proj`, 'dense-ffn', h, p.denseFfn, n);
  }
}

type LinearGeometry = NonNullable<TextPlan['linear']>;

/**
 * One Gated DeltaNet layer's tensors (transformers modeling_qwen3_next.py Qwen3NextGatedDeltaNet;
 * Qwen3.5 splits in_proj_qkvz into in_proj_qkv + in_proj_z and in_proj_ba into in_proj_b +
 * in_proj_a, modeling_qwen3_5.py: the same shapes in all).
 */
function deltaNetTensors(g: LinearGeometry, h: number): Array<[string, TensorGroup['role'], number, number, boolean]> {
  const keyDim = g.keyHeads * g.keyDim;
  const valueDim = g.valueHeads * g.valueDim;
  return [
    ['in_proj_qkvz', 'linear-attention', 2 * keyDim + 2 * valueDim, h, true],
    ['in_proj_ba', 'linear-attention', 2 * g.valueHeads, h, true],
    ['conv1d', 'linear-attention', 2 * keyDim + valueDim, g.convKernel, false],
    ['dt_bias', 'bias', g.valueHeads, 2, false], // dt_bias and A_log
    ['norm', 'norm', g.valueDim, 1, false],
    ['out_proj', 'linear-attention', h, valueDim, true],
  ];
}

/** Parameters of one linear-attention layer's projections, as a catalog `kind: none` layer's `params`. */
function deltaNetParams(g: LinearGeometry, h: number): number {
  return deltaNetTensors(g, h).reduce((n, [, , rows, cols]) => n + rows * cols, 0);
}

/** The estimator's attention description: one kind, or the shortest repeating pattern. */
export function estimatorAttention(
  p: TextPlan,
  stateBytesPerSequence: number,
): LayerAttention | { pattern: LayerAttention[] } {
  const convert = (a: AttentionKind): LayerAttention => {
    if (a.kind === 'sliding') return { kind: 'sliding', windowTokens: a.window };
    if (a.kind === 'linear')
      return {
        kind: 'none',
        stateBytesPerSequence,
        // The projections are attention weights every token passes (as the catalog's Qwen3.5 entries).
        ...(p.linear ? { params: deltaNetParams(p.linear, p.hidden) } : {}),
      };
    if (a.kind === 'noop') return { kind: 'none' };
    if (a.kind === 'mla' && p.mla) {
      // A compressed layer (DeepSeek-V4) carries the indexer only where it runs one (CSA).
      const sparse = p.mla.sparse && (!a.compressed || a.compressed.indexer) ? p.mla.sparse : undefined;
      return {
        kind: 'mla',
        kvLoraRank: p.mla.kvLoraRank,
        qkRopeHeadDim: p.mla.ropeDim,
        qkNopeHeadDim: p.mla.nopeDim,
        vHeadDim: p.mla.vDim,
        ...(p.mla.qLoraRank ? { qLoraRank: p.mla.qLoraRank } : {}),
        ...(sparse ? { sparse: { ...sparse, ...(a.sharedIndexer ? { sharedIndexer: true } : {}) } } : {}),
        ...(a.compressed ? { compressRatio: a.compressed.ratio, windowTokens: a.compressed.window } : {}),
        ...(p.mla.kvUpProjection === false ? { kvUpProjection: false } : {}),
        ...(p.mla.groupedOutput ? { groupedOutput: { ...p.mla.groupedOutput } } : {}),
      };
    }
    return { kind: 'full' };
  };
  const list = p.attention.map(convert);
  const same = (x: LayerAttention, y: LayerAttention) => JSON.stringify(x) === JSON.stringify(y);
  for (let period = 1; period <= list.length; period++) {
    if (list.every((a, i) => same(a, list[i % period]!))) {
      return period === 1 ? list[0]! : { pattern: list.slice(0, period) };
    }
  }
  return { pattern: list };
}

/**
 * The estimator's MoE description. Interleaved MoE (Llama 4 Maverick: every other layer) is
 * described as leading dense layers with the same counts: totals, KV and per-token work agree;
 * only which pipeline stage holds which layer differs.
 */
export function estimatorMoe(p: TextPlan): MoeSpec | undefined {
  if (!p.moe) return undefined;
  const moeCount = p.moeLayer.filter(Boolean).length;
  return {
    experts: p.moe.experts,
    expertsPerToken: p.moe.perToken,
    expertFfnSize: p.moe.expertFfn,
    sharedExperts: p.moe.sharedFfn > 0 ? 1 : 0,
    ...(p.moe.sharedFfn > 0 ? { sharedExpertFfnSize: p.moe.sharedFfn } : {}),
    denseLayers: p.layers - moeCount,
    gated: true,
  };
}

/** Round up to a multiple of `k` (DeciLM `_find_multiple`). */
const roundUpTo = (n: number, k: number) => Math.ceil(n / k) * k;

/** One DeciLM block's sub-config, read leniently (absent flags are false). */
function blockPart(block: unknown, key: 'attention' | 'ffn', i: number): Record<string, unknown> {
  const part = typeof block === 'object' && block !== null ? (block as Record<string, unknown>)[key] : undefined;
  if (part === undefined || part === null) return {};
  if (typeof part !== 'object' || Array.isArray(part))
    throw new ConfigValueError(`\`block_configs[${i}].${key}\` must be a mapping`);
  return part as Record<string, unknown>;
}

/**
 * Nemotron-NAS (DeciLM: Llama-3.3-Nemotron-Super-49B, Llama-3.1-Nemotron-Ultra-253B, Nano): each
 * layer has its own block in `block_configs` (modeling_decilm.py of the model repos). Attention:
 * `no_op` (none), `replace_with_linear` (one hidden × hidden matrix, no KV) or grouped-query
 * attention with `num_attention_heads / n_heads_in_group` KV heads. FFN: `no_op`,
 * `replace_with_linear`, or a gated MLP of `_ffn_mult_to_intermediate_size(ffn_mult, hidden)` =
 * round up(int(2 · ffn_mult · hidden / 3), 256). Layers without attention hold no KV; the
 * estimator's uniform `ffnSize` is the mean of the layers' (the tensor list is exact).
 */
function planHeterogeneous(c: ConfigReader): TextPlan {
  const hidden = c.int('hidden_size', 1, 1_000_000);
  const heads = c.int('num_attention_heads', 1, 100_000);
  const headDim = Math.floor(hidden / heads);
  const vocab = c.int('vocab_size', 1, 100_000_000);
  const tied = c.bool('tie_word_embeddings', false);
  const maxContext = c.int('max_position_embeddings', 1, 1_000_000_000, 4096);
  const blocks = c.raw('block_configs');
  if (!Array.isArray(blocks) || blocks.length === 0)
    throw new ConfigValueError('`block_configs` must be a non-empty list (one block per layer)');
  const layers = blocks.length;
  // Only a stated count is checked (the llama default of 32 does not apply: the blocks are the layers).
  const declaredLayers = c.has('num_hidden_layers') ? c.optionalInt('num_hidden_layers', 1, 10_000) : undefined;
  if (declaredLayers !== undefined && declaredLayers !== layers)
    throw new ConfigValueError(`\`block_configs\` has ${layers} blocks for ${declaredLayers} layers`);

  const attention: AttentionKind[] = [];
  const kvPerLayer: number[] = [];
  const counts = new Map<
    string,
    { name: string; role: TensorGroup['role']; rows: number; cols: number; count: number; linear: boolean }
  >();
  const add = (name: string, role: TensorGroup['role'], rows: number, cols: number, linear = true) => {
    const key = `${name}|${rows}|${cols}`;
    const g = counts.get(key);
    if (g) g.count++;
    else counts.set(key, { name, role, rows, cols, count: 1, linear });
  };
  let ffnSum = 0;
  blocks.forEach((block, i) => {
    const att = blockPart(block, 'attention', i);
    const ffn = blockPart(block, 'ffn', i);
    const L = 'model.layers.*';
    if (att.no_op === true) attention.push({ kind: 'noop' });
    else if (att.replace_with_linear === true) {
      attention.push({ kind: 'noop' });
      add(`${L}.self_attn.linear_attn`, 'attention', hidden, hidden);
    } else {
      const group = att.n_heads_in_group;
      if (typeof group !== 'number' || !Number.isInteger(group) || group < 1 || heads % group !== 0)
        throw new ConfigValueError(
          `\`block_configs[${i}].attention.n_heads_in_group\` must divide the ${heads} attention heads, got ${JSON.stringify(group)}`,
        );
      const kv = heads / group;
      attention.push({ kind: 'full' });
      kvPerLayer.push(kv);
      add(`${L}.input_layernorm`, 'norm', hidden, 1, false);
      add(`${L}.self_attn.q_proj`, 'attention', heads * headDim, hidden);
      add(`${L}.self_attn.k_proj`, 'attention', kv * headDim, hidden);
      add(`${L}.self_attn.v_proj`, 'attention', kv * headDim, hidden);
      add(`${L}.self_attn.o_proj`, 'attention', hidden, heads * headDim);
    }
    if (ffn.no_op === true) return;
    add(`${L}.post_attention_layernorm`, 'norm', hidden, 1, false);
    if (ffn.replace_with_linear === true) {
      add(`${L}.mlp.linear_mlp`, 'dense-ffn', hidden, hidden);
      ffnSum += hidden / 3;
      return;
    }
    const mult = ffn.ffn_mult;
    if (typeof mult !== 'number' || !(mult > 0) || mult > 1000)
      throw new ConfigValueError(
        `\`block_configs[${i}].ffn.ffn_mult\` must be a positive number, got ${JSON.stringify(mult)}`,
      );
    const inter = roundUpTo(Math.floor((2 * mult * hidden) / 3), 256);
    ffnSum += inter;
    add(`${L}.mlp.gate_up_proj`, 'dense-ffn', 2 * inter, hidden);
    add(`${L}.mlp.down_proj`, 'dense-ffn', hidden, inter);
  });
  const notes: string[] = [];
  const kvHeads = kvPerLayer.length ? Math.max(...kvPerLayer) : 1;
  if (new Set(kvPerLayer).size > 1)
    notes.push(
      `attention layers have ${[...new Set(kvPerLayer)].join(', ')} KV heads: KV sized at ${kvHeads} for every attention layer (an upper bound)`,
    );
  notes.push(
    `heterogeneous layers (Nemotron-NAS): ${kvPerLayer.length} of ${layers} with attention (KV cache), the others without`,
  );
  const groups: TensorGroup[] = [...outerGroups(vocab, hidden, tied), ...counts.values()];
  return {
    layers,
    hidden,
    heads,
    kvHeads,
    headDim,
    vocab,
    tied,
    maxContext,
    denseFfn: Math.max(1, Math.round(ffnSum / layers)),
    attention,
    moeLayer: new Array<boolean>(layers).fill(false),
    mtpLayers: 0,
    groups,
    mtpGroups: [],
    notes,
    warnings: [],
  };
}
