/**
 * Typed access to `calibration.json`: the fitted efficiencies and overheads per engine and
 * hardware class, memory constants, and the residual bands. Data lives in the JSON (with how
 * each value was fitted or where it comes from); this module only types it and resolves
 * `inherits` (SGLang → vLLM, Ollama → llama.cpp, which share kernels; each states so in its
 * `inheritNote`).
 */
import type { HardwareClass } from '../catalog/types';
import raw from './calibration.json';

/** Per hardware class (optionally `class:vendor`, e.g. `unified-memory:nvidia`). */
export type ClassTable = Record<HardwareClass, number> & Record<string, number>;

/** Per-engine performance parameters (dimensionless efficiencies, µs overheads). */
export interface EngineCalibration {
  /** Achieved / peak memory bandwidth in decode, per hardware class. */
  bwEff: ClassTable;
  /** Achieved / peak matrix throughput in prefill and compute-bound decode, per hardware class. */
  computeEff: ClassTable;
  /** Multiplier on bwEff for block-quantized weights (dequantising GEMV kernels). */
  quantBwFactor: number;
  /** Multiplier on computeEff for block-quantized weights (dequant / int8-MMA GEMM). */
  quantComputeFactor: number;
  /** Fixed time per decode step (scheduling, sampling, launch), µs. */
  stepOverheadUs: number;
  /** Fixed time added to every TTFT (request admission, tokenisation, first scheduling), ms. */
  ttftOverheadMs: number;
  /** Extra time per layer per step (kernel launches not hidden by graphs), µs. */
  layerOverheadUs: number;
  /**
   * Extra time per MoE layer per step, µs: the routing kernels (gate, top-k, token permute and
   * un-permute) and grouped-GEMM launches a dense layer does not run. Default 0.
   */
  moeLayerOverheadUs?: number;
  /**
   * Extra time per MoE layer per forward pass on AMD GPUs when the weights are FP8, µs: ROCm's
   * FP8 fused-MoE path (activation quantization per token group, expert sort and align, the
   * grouped GEMM and the weighted sum, Triton or AITER kernels) at a small batch. Fitted on
   * SGLang's DeepSeek-V3.1, Qwen3-Coder-480B and MiniMax-M2 on MI300X (sgl-cookbook, v0.5.7) and
   * DeepSeek-R1 on MI325X (InferenceX, v0.5.19); BF16 Llama-4 on the same MI300X shows none, so
   * it is not a per-layer time of the device (timing.ts `rocmFp8Moe`). Default 0.
   */
  rocmFp8MoeLayerUs?: number;
  /**
   * Time per layer per forward pass of each GPU backend the engine is built for, µs, where it is
   * not `layerOverheadUs` (keyed by backend, `LLAMA_BACKENDS`: the request's engineOptions.backend, else the
   * device vendor's usual one, backend.ts). llama.cpp's CUDA backend replays a captured graph
   * (PR #6766, 2024), Vulkan re-submits recorded command buffers, HIP launches each kernel, and
   * Metal encodes every kernel of a token's graph on the CPU.
   */
  backends?: Partial<Record<string, { layerOverheadUs?: number }>>;
  /**
   * Time of one kernel of a forward pass, µs, times the kernels the architecture launches
   * (kernels.ts): the launch-bound part of a small-batch step. Default 0.
   */
  kernelUs?: number;
  /**
   * Time of one kernel of a prompt's forward pass, µs: prefill runs eagerly (no CUDA graph covers
   * a prompt of arbitrary length), so each kernel pays its host-side launch. Default kernelUs.
   */
  prefillKernelUs?: number;
  /**
   * Share of the shorter of a prompt pass's host dispatch (eager kernels × prefillKernelUs) and its
   * GPU work that the other does not hide, 0..1. PyTorch enqueues CUDA work asynchronously, so the
   * host launches later kernels while the GPU runs earlier ones and the pass takes the longer of
   * the two; synchronisations inside the pass (MoE token counts, metadata copied to the host) expose
   * a share of the shorter. 1 = serial (host and GPU times add up). Default 1.
   */
  prefillSyncShare?: number;
  /**
   * How a prompt enters a batch that is decoding. `separate`: as its own forward pass (SGLang's
   * default: `--enable-mixed-chunk` off), which the decode batch waits for — every fixed cost of
   * that pass (eager kernels, step, the weights streamed again) is paid per prefill forward.
   * `mixed` (default): as a chunk of a decode step (vLLM V1, TensorRT-LLM in-flight batching),
   * which then runs eagerly instead of graph-captured — only that difference is paid.
   */
  prefillForward?: 'separate' | 'mixed';
  /**
   * Share of a `separate` prompt forward's fixed time the decode batch waits for; the rest is host
   * work (batch preparation, eager dispatch) the engine's overlap scheduler runs while the GPU
   * executes the previous step. A lone request pays all of it in its TTFT. Default 1.
   */
  prefillForwardBlocking?: number;
  /**
   * Largest step, in tokens, the engine's CUDA graphs cover (vLLM: 512, its default
   * max_cudagraph_capture_size): a prompt chunk that fits rides a decode step still graph-captured;
   * a longer one makes that step eager. Default: no graphs for prompts (every chunk eager).
   */
  graphTokens?: number;
  /**
   * Share of the decode bandwidth efficiency that routed-expert weights reach: a grouped GEMM over
   * a few rows per expert streams its weights less efficiently than a dense GEMV. Default 1.
   */
  expertBwFactor?: number;
  /** Runs fp16 GEMMs with fp16 accumulate (llama.cpp cuBLAS CUBLAS_COMPUTE_16F). */
  fp16Accumulate: boolean;
  /** Default cap on sequences in flight (vLLM max_num_seqs, TRT-LLM max_batch_size, llama.cpp parallel). */
  maxBatchDefault: number;
  /** Loads GGUF files (affects which tensors stay high-precision). */
  ggufWeights: boolean;
  /** For an engine that `inherits` another's parameters: the assumption that says so. */
  inheritNote?: string;
}

export type BandGroup = 'decode' | 'prefill' | 'throughput' | 'ttft' | 'tpot' | 'weights' | 'kvCache' | 'memory';

export interface Calibration {
  engines: Record<string, EngineCalibration>;
  /** Attention-kernel efficiency relative to GEMM efficiency. */
  attentionEffFactor: number;
  /**
   * Share of the data-sheet peak a low-precision GEMM reaches relative to a 16-bit one on the same
   * device (measured kernel tables; `sources`): the tensor cores double their rate per halving of
   * the bits, the tiles' data movement and scale handling do not.
   */
  lowPrecisionGemmShare: { fp8: number; fp4: number; int8: number; sources: string };
  allReduce: { latencyUs: Record<string, number>; busEff: number };
  pipelineHopUs: number;
  /** Rows per expert GEMM at half efficiency (MoE prefill/decode). */
  expertGemmHalfTokens: number;
  memory: {
    ncclGiBByTp: Record<string, number>;
    vllm: {
      maxNumBatchedTokensLarge: number;
      maxNumBatchedTokensSmall: number;
      maxNumSeqsLarge: number;
      maxNumSeqsSmall: number;
      largeDeviceGiB: number;
      samplerCopies: number;
      moeExtraGiB: number;
      /** Profile-run memory beside the forward or sampler peak, GiB. */
      profileBaseGiB: number;
      /** NCCL NVLink SHARP buffers per GPU at TP ≥ 2 on NVSwitch Hopper/Blackwell, GiB. */
      nvlsGiB: number;
    };
    /** SGLang's default mem_fraction_static rule (sglangMemory.ts), MiB per item as in its source. */
    sglang: {
      baseMiB: number;
      perPrefillTokenMiB: number;
      minPrefillTokens: number;
      perGraphBatchMiB: number;
      perEightRanksMiB: number;
      dpPerGraphBatchRankMiB: number;
      dpLargeGraphBatch: number;
      dpLargeExtraMiB: number;
      floorAboveGiB: number;
      floorMiB: number;
      speculativeMiB: number;
      draftModelMiB: number;
      /** The fraction assumed when the rule leaves no KV pool (SGLang would not start without one set). */
      fallbackFraction: number;
      /** chunked_prefill_size and cuda_graph_max_bs defaults by GPU memory (first row the GPU is below). */
      byMemory: { belowGiB?: number; chunkedPrefill: number; graphMaxBs: number; graphMaxBsTp4: number }[];
    };
    trtllm: {
      maxNumTokens: number;
      coeffDense: Record<string, number>;
      coeffMoe: Record<string, number>;
      floorGiB: number;
    };
    llamacpp: { ubatchTokens: number; contextRoundTokens: number };
    unified: {
      appleSmallFraction: number;
      appleLargeFraction: number;
      appleThresholdGB: number;
      otherOsReserveGiB: number;
    };
  };
  /** ln(measured/predicted) quantiles [low, high] per metric group. */
  bands: Record<BandGroup, [number, number]>;
  /** Disaggregated serving: overrides of disaggregation.json's fitted constants (the fitter's variants). */
  /**
   * The disaggregated path's fixed TTFT cost per request, ms, by KV connector (disaggregation.json
   * `pathTtftMs`; scripts/fit-disaggregation.ts passes candidate values here).
   */
  disaggregation?: { pathTtftMs?: { byConnector?: Record<string, number>; default?: number } };
}

type RawEngine = Partial<EngineCalibration> & { inherits?: string };

/** Builds the calibration from its JSON form (exported so the fitter can evaluate variants). */
export function parseCalibration(json: unknown): Calibration {
  const j = json as Omit<Calibration, 'engines'> & { engines: Record<string, RawEngine> };
  const engines: Record<string, EngineCalibration> = {};
  const resolve = (id: string, depth = 0): EngineCalibration => {
    const e = j.engines[id];
    if (!e || depth > 4) throw new Error(`calibration has no engine '${id}'`);
    if (e.inherits) return { ...withoutNote(resolve(e.inherits, depth + 1)), ...stripInherits(e) };
    return e as EngineCalibration;
  };
  for (const id of Object.keys(j.engines)) engines[id] = resolve(id);
  return { ...j, engines };
}

/** A parent's parameters without its own inheritance note (each engine states its own). */
function withoutNote(e: EngineCalibration): EngineCalibration {
  const { inheritNote: _ignored, ...rest } = e;
  return rest;
}

function stripInherits(e: RawEngine): Partial<EngineCalibration> {
  const { inherits: _ignored, ...rest } = e;
  return rest;
}

/** The shipped calibration. */
export const calibration: Calibration = parseCalibration(raw);

/** An engine's parameters; unknown engines fall back to vLLM's (documented as an assumption). */
export function engineCalibration(cal: Calibration, engineId: string): EngineCalibration {
  return cal.engines[engineId] ?? (cal.engines['vllm'] as EngineCalibration);
}

/** Looks a value up in a table keyed by TP degree, using the largest key ≤ tp. */
export function byDegree(table: Record<string, number>, tp: number): number {
  let best = 0;
  let bestKey = -1;
  for (const [k, v] of Object.entries(table)) {
    const n = Number(k);
    if (n <= tp && n > bestKey) {
      bestKey = n;
      best = v;
    }
  }
  return best;
}
