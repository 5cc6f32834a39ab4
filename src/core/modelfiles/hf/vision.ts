/**
 * The vision tower and projector of a multimodal wrapper (Gemma 3, Llama 4, LLaVA, Mistral 3,
 * Qwen2.5-VL): counted from `vision_config` so its weights are in memory and named in the hover.
 * ViT shapes (modeling_siglip.py, modeling_clip.py, modeling_pixtral.py, modeling_llama4.py
 * Llama4VisionModel, modeling_qwen2_5_vl.py, modeling_qwen3_5.py): patch embedding, position embedding (absent with
 * RoPE), per layer q/k/v/o with biases, an MLP (gated with SiLU), two norms; then the projector
 * into the text model. Small tensors (class token, layer scales) are left out: the count is
 * within ~1 % of the released checkpoints' vision parameters.
 */
import type { TensorGroup } from '../tensors';
import { type ConfigReader } from './read';

export interface VisionPlan {
  modelType: string;
  layers: number;
  params: number;
  groups: TensorGroup[];
}

/** Vision tensors of a wrapper whose text model has `textHidden` channels. */
export function planVision(v: ConfigReader, wrapper: string, textHidden: number): VisionPlan {
  const modelType = String(v.raw('model_type') ?? wrapper);
  const layers = v.optionalInt('num_hidden_layers', 1, 10_000) ?? v.int('depth', 1, 10_000);
  const h = v.int('hidden_size', 1, 1_000_000);
  const ffn = v.int('intermediate_size', 1, 10_000_000);
  const patch = v.int('patch_size', 1, 10_000, 14);
  const channels = v.int('num_channels', 1, 100, 3);
  const temporal = v.optionalInt('temporal_patch_size', 1, 100) ?? 1;
  const gated = String(v.raw('hidden_act') ?? '') === 'silu';
  const groups: TensorGroup[] = [];
  const add = (name: string, rows: number, cols: number, count = 1) => {
    if (rows > 0 && cols > 0 && count > 0)
      groups.push({ name: `vision_tower.${name}`, role: 'vision', rows, cols, count, linear: false });
  };
  // Qwen3.5 (Qwen3-VL's tower): a patch conv with bias, learned positions (num_position_embeddings), no post norm.
  const qwen3Vl = wrapper === 'qwen3_5' || wrapper === 'qwen3_5_moe';
  add('patch_embedding', h, channels * patch * patch * temporal + (qwen3Vl ? 1 : 0));
  const image = v.optionalInt('image_size', 1, 100_000);
  const ropePositions = modelType === 'pixtral' || wrapper === 'qwen2_5_vl';
  if (image && !ropePositions) add('position_embedding', (image / patch) ** 2, h);
  const positions = v.optionalInt('num_position_embeddings', 1, 10_000_000);
  if (positions && !image) add('position_embedding', positions, h);
  add('layers.attn', h, h, 4 * layers);
  add('layers.attn_bias', 4 * h, 1, layers);
  add('layers.mlp', ffn, h, (gated ? 3 : 2) * layers);
  add('layers.mlp_bias', (gated ? 2 : 1) * ffn + h, 1, layers);
  add('layers.norms', 4 * h, 1, layers);
  if (!qwen3Vl) add('post_layernorm', 2 * h, 1);
  // Projectors into the text model.
  if (qwen3Vl) {
    // Qwen3-VL patch merger: LayerNorm(h), fc1 4h → 4h, fc2 4h → out, with biases; one more per
    // deepstack_visual_indexes entry, whose norm is over 4h (modeling_qwen3_vl.py Qwen3VLVisionPatchMerger).
    const merged = h * v.int('spatial_merge_size', 1, 16, 2) ** 2;
    const out = v.int('out_hidden_size', 1, 1_000_000, textHidden);
    const deepstack = v.intList('deepstack_visual_indexes')?.length ?? 0;
    add('merger.norm', 2 * h, 1);
    add('merger.linear_fc1', merged + 1, merged, 1 + deepstack); // + 1: the bias
    add('merger.linear_fc2', out, merged + 1, 1 + deepstack);
    if (deepstack > 0) add('deepstack_merger.norm', 2 * merged, 1, deepstack);
  } else if (wrapper === 'qwen2_5_vl') {
    const merge = v.int('spatial_merge_size', 1, 16, 2) ** 2;
    const out = v.int('out_hidden_size', 1, 1_000_000, textHidden);
    add('merger.mlp.0', h * merge, h * merge);
    add('merger.mlp.2', out, h * merge);
  } else if (wrapper === 'gemma3') {
    add('multi_modal_projector.mm_input_projection', textHidden, h);
  } else if (wrapper === 'llama4') {
    const out = v.int('vision_output_dim', 1, 1_000_000, textHidden);
    add('vision_adapter.mlp', out, 4 * h);
    add('vision_adapter.mlp2', out, out);
    add('multi_modal_projector.linear_1', textHidden, out);
  } else {
    add('multi_modal_projector.linear_1', textHidden, h);
    add('multi_modal_projector.linear_2', textHidden, textHidden);
  }
  const params = groups.reduce((n, g) => n + g.rows * g.cols * g.count, 0);
  return { modelType, layers, params, groups };
}
