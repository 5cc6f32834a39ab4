/**
 * Device figures the estimator uses: usable memory capacity, peak matrix throughput for the
 * precision the GEMMs run at, and memory bandwidth.
 */
import type { FormatEntry, HardwareEntry } from '../catalog/types';
import { round } from '../report/format';
import type { Calibration, EngineCalibration } from './calibration';
import { GiB } from './weights';

export interface Capacity {
  /** Capacity the runtime sees, GiB (nvidia-smi total; unified: the configuration). */
  visibleGiB: number;
  /** What the GPU may use, GiB (unified memory: after the OS share). */
  usableGiB: number;
  /** How it was derived, for assumptions. */
  note: string;
}

/**
 * Usable memory per device, GiB.
 * Discrete GPUs: the catalog's visible capacity (H100 80 GB → 79.18 GiB, llm-d).
 * Unified memory: the configuration (memoryGB, decimal GB → GiB) times the GPU's share — on Apple
 * the Metal working-set limit (2/3 up to 36 GB, 3/4 above), elsewhere minus an OS reserve.
 */
export function deviceCapacity(hw: HardwareEntry, memoryGB: number | undefined, cal: Calibration): Capacity {
  if (hw.class !== 'unified-memory') {
    const visible = hw.visibleMemoryGiB > 0 ? hw.visibleMemoryGiB : (hw.memoryGB * 1e9) / GiB;
    return { visibleGiB: visible, usableGiB: visible, note: `visible capacity ${round(visible, 2)} GiB (catalog)` };
  }
  const u = cal.memory.unified;
  const gb = memoryGB ?? hw.memoryGB;
  if (hw.vendor.toLowerCase() === 'apple') {
    // Apple's "GB" configurations are binary (8 GB = 8 GiB of LPDDR); Metal lets the GPU wire
    // recommendedMaxWorkingSetSize of it.
    const f = gb <= u.appleThresholdGB ? u.appleSmallFraction : u.appleLargeFraction;
    return { visibleGiB: gb, usableGiB: gb * f, note: `${gb} GB unified memory; Metal working-set limit ${f} of it` };
  }
  if (memoryGB === undefined && hw.visibleMemoryGiB > 0) {
    const usable = Math.max(0, hw.visibleMemoryGiB - u.otherOsReserveGiB);
    return {
      visibleGiB: hw.visibleMemoryGiB,
      usableGiB: usable,
      note: `${hw.visibleMemoryGiB} GiB visible unified memory minus ${u.otherOsReserveGiB} GiB for the OS`,
    };
  }
  const total = (gb * 1e9) / GiB;
  const usable = Math.max(0, total - u.otherOsReserveGiB);
  return {
    visibleGiB: total,
    usableGiB: usable,
    note: `${gb} GB unified memory minus ${u.otherOsReserveGiB} GiB for the OS`,
  };
}

/** A tensor-core precision below 16 bits that a GEMM runs in (calibration.json lowPrecisionGemmShare's keys). */
export type LowPrecision = 'fp4' | 'fp8' | 'int8';

/**
 * Peak dense matrix rate, TFLOPS, for GEMMs with weights in `fmt` on `hw` under engine `eng`;
 * `lowPrecision` names the tensor-core precision when the GEMM runs in FP8/FP4/INT8, so its
 * activations are quantized first (undefined when the weights are dequantised to 16 bits).
 */
export function peakTflops(
  hw: HardwareEntry,
  fmt: FormatEntry,
  eng: EngineCalibration,
): { tflops: number; precision: string; lowPrecision: LowPrecision | undefined } {
  const t = hw.tflops;
  const sixteen = { ...sixteenBitPeakTflops(hw, eng), lowPrecision: undefined };
  if (hw.class === 'cpu') return sixteen;
  const half = sixteen.tflops;
  const halfName = sixteen.precision;
  const low = (tflops: number, lowPrecision: LowPrecision, precision: string = lowPrecision) => ({
    tflops,
    precision,
    lowPrecision,
  });
  // Block-quantized GGUF weights run through the fp16 path (dequantised tiles / int8 MMA at similar
  // throughput); the quant factor in calibration.json accounts for the difference.
  if (fmt.family === 'gguf' || (eng.ggufWeights && fmt.family !== 'float')) return sixteen;
  switch (fmt.computePrecision) {
    case 'fp4':
      if (t.fp4) return low(t.fp4, 'fp4');
      if (t.fp8) return low(t.fp8, 'fp8', 'fp8 (no fp4 units)');
      return { ...sixteen, precision: halfName + ' (weights dequantised)' };
    case 'fp8':
      if (t.fp8 && hw.supportsFp8) return low(t.fp8, 'fp8');
      return { ...sixteen, precision: halfName + ' (fp8 weights dequantised)' };
    case 'int8':
      if (t.int8) return low(t.int8, 'int8');
      return sixteen;
    case 'fp32':
      return { tflops: t.fp32 || (t.bf16 ?? 1) / 4, precision: 'fp32', lowPrecision: undefined };
    default:
      return { tflops: half, precision: halfName, lowPrecision: undefined };
  }
}

/**
 * Peak dense rate for attention, TFLOPS: attention multiplies activations by the cached keys and
 * values, so it runs at the KV cache's precision whatever the weights are — FP8 when the cache is
 * FP8 on a device with FP8 units (FlashAttention-3 / FlashMLA / TensorRT-LLM FP8 FMHA), else the
 * 16-bit rate. No serving engine runs attention in FP4 or INT8/INT4, so NVFP4, MXFP4, INT8 and AWQ
 * weights do not speed it up.
 */
export function attentionPeakTflops(
  hw: HardwareEntry,
  kvCache: FormatEntry,
  eng: EngineCalibration,
): { tflops: number; precision: string } {
  const fp8 = hw.tflops.fp8;
  if (kvCache.computePrecision === 'fp8' && hw.supportsFp8 && fp8 && hw.class !== 'cpu')
    return { tflops: fp8, precision: 'fp8' };
  return sixteenBitPeakTflops(hw, eng);
}

/** The 16-bit (bf16/fp16) dense peak, TFLOPS, as the engine runs it (fp32 on a CPU). */
export function sixteenBitPeakTflops(hw: HardwareEntry, eng: EngineCalibration): { tflops: number; precision: string } {
  const t = hw.tflops;
  if (hw.class === 'cpu') return { tflops: t.fp32 || t.bf16 || 0.5, precision: 'fp32 (CPU)' };
  // GeForce cards run fp16-accumulate at twice the fp32-accumulate rate; only engines that request
  // fp16 accumulation (llama.cpp cuBLAS) get it (hardware-catalog.md §"GeForce accumulate penalty").
  if (eng.fp16Accumulate && t.fp16Fp16Accumulate)
    return { tflops: t.fp16Fp16Accumulate, precision: 'fp16 (fp16 accumulate)' };
  return { tflops: t.bf16 || t.fp32 || 1, precision: 'bf16/fp16' };
}

/** Whether weights in `fmt` are block-quantized (dequantised on the fly: GGUF, AWQ/GPTQ int4, MXFP4 on non-fp4 hardware). */
export function isBlockQuantized(fmt: FormatEntry, hw: HardwareEntry, eng?: EngineCalibration): boolean {
  if (fmt.family === 'gguf') return fmt.bitsPerWeight < 15;
  if (eng?.ggufWeights) return fmt.family !== 'float'; // GGUF engines dequantise every non-float format
  if (fmt.family === 'integer') return fmt.bitsPerWeight < 7;
  if (fmt.family === 'microscaled') return !hw.supportsFp4;
  return false;
}

/**
 * NVLink SHARP (NCCL's NVLS algorithm) is available: NVIDIA Hopper or newer (FP8 tensor cores) on an
 * NVSwitch baseboard or rack. NCCL enables it by default there and reserves its multicast buffers
 * on every GPU of a communicator (vLLM issue #9699: "nvlsTotalSize 2415919104" on H200); PCIe
 * cards with NVLink bridges (H100 NVL) and A100 (no SHARP in its NVSwitch) do not have it.
 */
export function hasNvlinkSharp(hw: HardwareEntry): boolean {
  return (
    hw.vendor === 'NVIDIA' &&
    hw.interconnect.kind === 'nvlink' &&
    hw.supportsFp8 &&
    (hw.server === 'board-8' || hw.server === 'nvl72-rack')
  );
}
