/**
 * `quantization_config` of a Hugging Face checkpoint → the catalog weight format and the exact
 * bytes of every tensor group, scales and zero points included. Layouts (what each method stores
 * per weight matrix of `rows` outputs × `cols` inputs):
 * - fp8 (quant_method "fp8", DeepSeek-V3 style): e4m3 weights + one fp32 `weight_scale_inv` per
 *   `weight_block_size` block (transformers integrations/finegrained_fp8.py);
 * - awq (AutoAWQ GEMM): int32-packed 4-bit `qweight`, `qzeros` per group, fp16 `scales` per group;
 * - gptq (AutoGPTQ / GPTQModel): packed `qweight`, `qzeros`, fp16 `scales` per group, int32 `g_idx`;
 * - compressed-tensors (llm-compressor): per config group: float or int weights of `num_bits`,
 *   scales per tensor / channel / group / block in the checkpoint dtype; nvfp4: fp8 scale per 16;
 * - mxfp4 (gpt-oss): e2m1 `_blocks` + e8m0 `_scales` per 32, only the routed experts;
 * - modelopt (NVIDIA TensorRT Model Optimizer): NVFP4 = e2m1 + fp8 scale per 16 + fp32
 *   `weight_scale_2`; FP8 = e4m3 + one fp32 scale;
 * - bitsandbytes: nf4/fp4 0.5 byte + absmax per 64 (fp32, or 8-bit with double quantization);
 *   LLM.int8 = int8 + an fp32 scale per row.
 */
import type { TensorGroup } from '../tensors';
import { groupParams } from '../tensors';

export interface WeightStorage {
  /** Catalog weight-format id the checkpoint is sized and timed as. */
  format: string;
  /** What was read, in words ("fp8 e4m3, 128×128 blocks, fp32 scales"). */
  description: string;
  /** Bytes of one group as stored. */
  bytesOf(group: TensorGroup): number;
  /** What was assumed (unknown method, approximations). */
  warnings: string[];
  /**
   * Bits per weight of the non-expert linear layers when the routed experts are stored in `format`
   * and the rest differently (DeepSeek-V4's expert_dtype fp4: MXFP4 experts, fp8 elsewhere): the
   * catalog entry's `nativeNonExpertBitsPerWeight`, so the bytes split between replicated and
   * sharded layers as stored.
   */
  nonExpertBitsPerWeight?: number;
}

type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Bytes per element of the checkpoint's unquantized dtype (`torch_dtype` / `dtype`). */
function dtypeBytes(dtype: unknown): { bytes: number; format: string } {
  const d = typeof dtype === 'string' ? dtype.toLowerCase() : 'bfloat16';
  if (d.includes('float32') || d === 'fp32') return { bytes: 4, format: 'fp32' };
  if (d.includes('float16') && !d.includes('b')) return { bytes: 2, format: 'fp16' };
  return { bytes: 2, format: 'bf16' };
}

/**
 * Whether a module is excluded by a list of module names or patterns, as the quantizers match
 * them: a name matches whole dot-separated parts (`lm_head`, `model.layers.*.self_attn`, `gate`
 * but not `gate_proj`), `*` stands for one part, and `re:` starts a regular expression.
 */
function excluded(name: string, patterns: string[]): boolean {
  const concrete = name.replace(/\*/g, '0');
  return patterns.some((p) => {
    try {
      if (p.startsWith('re:')) return new RegExp(p.slice(3)).test(concrete);
      const body = p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^.]+');
      return new RegExp(`(^|\\.)${body}($|\\.)`).test(concrete);
    } catch {
      return false;
    }
  });
}

const ceilDiv = (a: number, b: number) => Math.ceil(a / b);

/** Storage of an unquantized checkpoint. */
function plain(dtype: unknown): WeightStorage {
  const d = dtypeBytes(dtype);
  return {
    format: d.format,
    description: `${d.format} (unquantized)`,
    bytesOf: (g) => groupParams(g) * (g.elementBytes ?? d.bytes),
    warnings: [],
  };
}

/** A quantized storage: `quantized(g)` for linear groups not excluded, the dtype elsewhere. */
function quantizedStorage(
  format: string,
  description: string,
  dtype: unknown,
  skip: string[],
  quantizedBytes: (rows: number, cols: number) => number,
  applies: (g: TensorGroup) => boolean = () => true,
): WeightStorage {
  const d = dtypeBytes(dtype);
  return {
    format,
    description,
    warnings: [],
    bytesOf: (g) =>
      g.linear && applies(g) && !excluded(g.name, skip)
        ? quantizedBytes(g.rows, g.cols) * g.count
        : groupParams(g) * (g.elementBytes ?? d.bytes),
  };
}

/**
 * Block-wise or per-tensor fp8 (quant_method "fp8"). `scale_fmt` "ue8m0" (DeepSeek-V4) stores one
 * byte a block instead of an fp32. `expertDtype` "fp4" (DeepSeek-V4's top-level `expert_dtype`,
 * read by its inference code: without it the experts are fp8 like the rest) stores the routed
 * experts as MXFP4: e2m1 pairs and one e8m0 scale per 32 inputs (the released tensor tables:
 * w1 [3072, 3584] int8 + [3072, 224] scales for 3072 × 7168).
 */
function fp8(q: Loose, dtype: unknown, expertDtype?: unknown): WeightStorage {
  const block = Array.isArray(q.weight_block_size) ? q.weight_block_size.map(num) : undefined;
  const [br, bc] = block && block[0] && block[1] ? [block[0], block[1]] : [undefined, undefined];
  const skip = strings(q.modules_to_not_convert).concat(strings(q.ignored_layers));
  const scale = q.scale_fmt === 'ue8m0' ? 1 : 4;
  const scaleName = scale === 1 ? 'ue8m0' : 'fp32';
  const desc = br && bc ? `fp8 e4m3, ${br}×${bc} blocks, ${scaleName} scales` : 'fp8 e4m3, one fp32 scale per tensor';
  const fp8Bytes = (r: number, c: number) => r * c + (br && bc ? ceilDiv(r, br) * ceilDiv(c, bc) * scale : 4);
  if (expertDtype === 'fp4') {
    const mx = (r: number, c: number) => (r * c) / 2 + r * ceilDiv(c, 32);
    const s = quantizedStorage(
      'mxfp4',
      `routed experts MXFP4 (e2m1 + e8m0 scale per 32, expert_dtype fp4), other linears ${desc}`,
      dtype,
      ['lm_head', ...skip],
      (r, c) => fp8Bytes(r, c),
    );
    const inner = s.bytesOf;
    s.bytesOf = (g) =>
      g.role === 'expert' && g.linear && !excluded(g.name, skip) ? mx(g.rows, g.cols) * g.count : inner(g);
    s.nonExpertBitsPerWeight = 8;
    return s;
  }
  return quantizedStorage('fp8', desc, dtype, ['lm_head', ...skip], fp8Bytes);
}

/** AWQ (GEMM packing): 4-bit qweight, per-group qzeros (packed) and fp16 scales. */
function awq(q: Loose, dtype: unknown): WeightStorage {
  const bits = num(q.bits) ?? num(q.w_bit) ?? 4;
  const group = num(q.group_size) ?? num(q.q_group_size) ?? 128;
  const skip = strings(q.modules_to_not_convert);
  return quantizedStorage(
    bits === 4 ? 'int4-awq' : 'int8',
    `AWQ ${bits}-bit, group ${group}, fp16 scales`,
    dtype,
    ['lm_head', ...skip],
    (r, c) => {
      const groups = ceilDiv(c, group);
      return (r * c * bits) / 8 + (groups * r * bits) / 8 + groups * r * 2;
    },
  );
}

/** GPTQ: packed qweight, qzeros and fp16 scales per group, g_idx per input column. */
function gptq(q: Loose, dtype: unknown): WeightStorage {
  const bits = num(q.bits) ?? 4;
  const g = num(q.group_size) ?? 128;
  const skip = strings(q.modules_to_not_convert);
  return quantizedStorage(
    bits <= 4 ? 'int4-gptq' : 'int8',
    `GPTQ ${bits}-bit, group ${g === -1 ? 'per column' : g}, fp16 scales`,
    dtype,
    ['lm_head', ...skip],
    (r, c) => {
      const group = g > 0 ? g : c;
      const groups = ceilDiv(c, group);
      return (r * c * bits) / 8 + (groups * r * bits) / 8 + groups * r * 2 + c * 4;
    },
  );
}

/** mxfp4 (gpt-oss): only the routed experts, 17 bytes per 32 weights. */
function mxfp4(q: Loose, dtype: unknown): WeightStorage {
  const skip = strings(q.modules_to_not_convert);
  return quantizedStorage(
    'mxfp4',
    'MXFP4 routed experts (e2m1 + e8m0 scale per 32), the rest unquantized',
    dtype,
    skip,
    (r, c) => ceilDiv(r * c, 32) * 17,
    (g) => g.role === 'expert',
  );
}

/** NVFP4: e2m1 weights, fp8 scale per 16, fp32 second-level scale (plus the input scale). */
function nvfp4Bytes(rows: number, cols: number, group = 16): number {
  return (rows * cols) / 2 + ceilDiv(cols, group) * rows + 8;
}

function modelopt(q: Loose, dtype: unknown): WeightStorage {
  const algo = String(q.quant_algo ?? (isObj(q.quantization) ? q.quantization.quant_algo : '') ?? '').toUpperCase();
  const skip = strings(q.exclude_modules ?? (isObj(q.quantization) ? q.quantization.exclude_modules : undefined));
  if (algo.includes('FP4')) {
    const group = num(q.group_size) ?? 16;
    return quantizedStorage(
      'nvfp4',
      `ModelOpt NVFP4 (e2m1, fp8 scale per ${group})`,
      dtype,
      ['lm_head', ...skip],
      (r, c) => nvfp4Bytes(r, c, group),
    );
  }
  if (algo.includes('FP8'))
    return quantizedStorage(
      'fp8',
      'ModelOpt FP8 (per-tensor scales)',
      dtype,
      ['lm_head', ...skip],
      (r, c) => r * c + 8,
    );
  const s = plain(dtype);
  s.warnings.push(`ModelOpt quant_algo '${algo || '?'}' is not known; sized as unquantized ${s.format}`);
  return s;
}

/**
 * Moonshot's INT4 (Kimi-K2-Thinking, K2.5, K2.6; catalog format int4-g32): symmetric int4 with one
 * scale per 32 inputs, and an ignore list that leaves attention, shared experts and dense MLPs
 * 16-bit, so only the routed experts are quantized (probed on the reader's tensor names).
 */
function expertsOnlyG32(strategy: string, group: number, symmetric: boolean, skip: string[]): boolean {
  if (strategy !== 'group' || group !== 32 || !symmetric) return false;
  const kept = [
    'model.layers.0.self_attn.q_a_proj',
    'model.layers.0.self_attn.o_proj',
    'model.layers.0.mlp.shared_experts.gate_up_proj',
    'model.layers.0.mlp.gate_up_proj',
    'model.layers.0.mlp.down_proj',
  ];
  return kept.every((n) => excluded(n, skip)) && !excluded('model.layers.0.mlp.experts.gate_up_proj', skip);
}

/** compressed-tensors: the first config group that quantizes Linear weights decides. */
function compressedTensors(q: Loose, dtype: unknown): WeightStorage {
  const groups = isObj(q.config_groups) ? Object.values(q.config_groups).filter(isObj) : [];
  const weights = groups.map((g) => (isObj(g.weights) ? g.weights : undefined)).find((w) => w !== undefined);
  const skip = ['lm_head', ...strings(q.ignore)];
  if (!weights) {
    const s = plain(dtype);
    s.warnings.push('compressed-tensors config without weight quantization; sized as unquantized');
    return s;
  }
  const bits = num(weights.num_bits) ?? 8;
  const type = String(weights.type ?? 'int');
  const strategy = String(weights.strategy ?? 'tensor');
  const group = num(weights.group_size) ?? 128;
  const block = Array.isArray(weights.block_structure) ? weights.block_structure.map(num) : undefined;
  const symmetric = weights.symmetric !== false;
  const scaleBytes = dtypeBytes(dtype).bytes;
  const scales = (r: number, c: number): number => {
    if (strategy === 'channel') return r * scaleBytes;
    if (strategy === 'group' || strategy === 'tensor_group')
      return r * ceilDiv(c, group) * (bits === 4 && type === 'float' ? 1 : scaleBytes);
    if (strategy === 'block' && block && block[0] && block[1])
      return ceilDiv(r, block[0]) * ceilDiv(c, block[1]) * scaleBytes;
    return 4;
  };
  const zeros = (r: number, c: number): number => (symmetric ? 0 : scales(r, c));
  let format: string;
  if (type === 'float' && bits === 4) format = 'nvfp4';
  else if (type === 'float' && bits === 8) format = 'fp8';
  else if (bits === 8) format = 'int8';
  else if (type === 'int' && bits === 4 && expertsOnlyG32(strategy, group, symmetric, skip)) format = 'int4-g32';
  else format = 'int4-gptq';
  const extra = type === 'float' && bits === 4 ? 4 : 0; // global scale
  const s = quantizedStorage(
    format,
    `compressed-tensors ${type} ${bits}-bit, ${strategy} scales`,
    dtype,
    skip,
    (r, c) => (r * c * bits) / 8 + scales(r, c) + zeros(r, c) + extra,
  );
  if (format === 'int4-gptq') s.warnings.push('compressed-tensors int4 is timed as int4-gptq (W4A16 kernels)');
  return s;
}

/** bitsandbytes 4-bit (nf4/fp4) or 8-bit (LLM.int8). */
function bitsandbytes(q: Loose, dtype: unknown): WeightStorage {
  const skip = ['lm_head', ...strings(q.llm_int8_skip_modules)];
  if (q.load_in_4bit === true || q._load_in_4bit === true) {
    const double = q.bnb_4bit_use_double_quant === true;
    const kind = String(q.bnb_4bit_quant_type ?? 'fp4');
    const s = quantizedStorage(
      'int4-gptq',
      `bitsandbytes ${kind}, absmax per 64${double ? ' (double-quantized)' : ''}`,
      dtype,
      skip,
      (r, c) => {
        const blocks = ceilDiv(r * c, 64);
        return (r * c) / 2 + (double ? blocks + ceilDiv(blocks, 256) * 4 : blocks * 4);
      },
    );
    s.warnings.push(
      `bitsandbytes ${kind} is sized from its exact bytes and timed as int4-gptq (4-bit weights, 16-bit math)`,
    );
    return s;
  }
  return quantizedStorage(
    'int8',
    'bitsandbytes LLM.int8 (int8 + fp32 row scales)',
    dtype,
    skip,
    (r, c) => r * c + r * 4,
  );
}

/**
 * The storage a config's `quantization_config` describes (unquantized `torch_dtype` when absent).
 * Unknown methods are sized as unquantized, with a warning that says so.
 */
export function weightStorage(quantization: unknown, dtype: unknown, expertDtype?: unknown): WeightStorage {
  if (!isObj(quantization)) return plain(dtype);
  const method = String(
    quantization.quant_method ?? (quantization.load_in_4bit || quantization.load_in_8bit ? 'bitsandbytes' : ''),
  ).toLowerCase();
  switch (method) {
    case 'fp8':
      return fp8(quantization, dtype, expertDtype);
    case 'awq':
      return awq(quantization, dtype);
    case 'gptq':
      return gptq(quantization, dtype);
    case 'mxfp4':
      return mxfp4(quantization, dtype);
    case 'modelopt':
      return modelopt(quantization, dtype);
    case 'compressed-tensors':
      return compressedTensors(quantization, dtype);
    case 'bitsandbytes':
      return bitsandbytes(quantization, dtype);
    default: {
      const s = plain(dtype);
      s.warnings.push(
        `quantization method '${method || '?'}' is not known; the weights are sized as unquantized ${s.format}`,
      );
      return s;
    }
  }
}
