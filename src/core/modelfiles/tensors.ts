/**
 * A model as a list of weight-tensor groups (shape × count, and what they are), so that
 * parameters and checkpoint bytes are sums over the same list whatever the storage format.
 */

/** What a tensor is, for the quantization rules and the weight breakdown. */
export type TensorRole =
  | 'embedding'
  | 'head'
  | 'attention'
  | 'linear-attention'
  | 'dense-ffn'
  | 'expert'
  | 'shared-expert'
  | 'router'
  | 'norm'
  | 'bias'
  | 'vision'
  | 'mtp';

/** `count` tensors of `rows` × `cols` (a vector has cols = 1). */
export interface TensorGroup {
  /** HF-style name pattern (`model.layers.*.self_attn.q_proj`), for `modules_to_not_convert` rules. */
  name: string;
  role: TensorRole;
  rows: number;
  cols: number;
  count: number;
  /** Whether a quantization method may quantize it (2-D linear weights; never norms, biases, embeddings by default). */
  linear: boolean;
  /**
   * Bytes an element when the checkpoint stores the tensor in a fixed dtype whatever `torch_dtype`
   * says (DeepSeek-V4's fp32 hyper-connection mixing, attention sinks, compressor position biases).
   */
  elementBytes?: number;
}

/** Parameters of a group. */
export function groupParams(g: TensorGroup): number {
  return g.rows * g.cols * g.count;
}

/** Parameters of groups with one of `roles` (all groups when omitted). */
export function sumParams(groups: readonly TensorGroup[], roles?: readonly TensorRole[]): number {
  let n = 0;
  for (const g of groups) if (!roles || roles.includes(g.role)) n += groupParams(g);
  return n;
}
