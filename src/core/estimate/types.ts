/**
 * Request and result shapes of the estimator (`estimate()` in `./index.ts`).
 *
 * Units are in the field names: GiB = 2^30 bytes, Ms = milliseconds, PerSecond = per wall-clock
 * second. Every figure of the result is a `Banded` value: the point estimate plus the low/high
 * band derived from the spread of the calibration residuals (see `bands.ts`).
 */
import type { EngineEntry, FormatEntry, HardwareEntry, ModelEntry } from '../catalog/types';
import type { MeasuredCorrection } from '../calibrate/corrections';

/** Engine settings as written in a deployment file (`gpuMemoryUtilization`, `ctxSize`, …). */
export type EngineOptions = Record<string, number | boolean | string>;

/** The load one replica serves. Exactly one of `concurrency` / `requestsPerSecond`. */
export interface Workload {
  /** Mean prompt length per request, tokens (0 = generate from an empty context). */
  inputTokens: number;
  /** Mean generated tokens per request (≥ 1). */
  outputTokens: number;
  /** Closed loop: sequences in flight; `'max'` = as many as memory (and the engine) admit. */
  concurrency?: number | 'max';
  /** Open loop: Poisson arrivals per second at this replica. */
  requestsPerSecond?: number;
  /**
   * Share of each prompt's tokens served from the prefix cache (0–1): a shared system prompt, RAG
   * context or the earlier turns of a chat. Those tokens are not prefilled again; the KV cache
   * still holds the whole context.
   */
  prefixCacheHitRate?: number;
  /**
   * 95th percentile of the generated tokens per request (`outputTokens` is the mean): how heavy the
   * tail of long outputs is (reasoning models), for the queueing of requests.
   */
  outputTokensP95?: number;
}

/** Speculative decoding methods the estimator models. */
export type SpeculativeMethod = 'mtp' | 'eagle' | 'draft-model' | 'ngram';

/** Speculative decoding of one replica, resolved. */
export interface SpeculativeDecoding {
  /**
   * mtp: the model's own multi-token-prediction layer (DeepSeek-V3/R1, GLM-4.5, Qwen3-Next);
   * eagle: a one-layer draft head (EAGLE-1/2/3); draft-model: a smaller model of the same
   * tokenizer; ngram: prompt lookup (no draft network).
   */
  method: SpeculativeMethod;
  /** Draft tokens proposed per step, k ≥ 1. */
  draftTokens: number;
  /** Probability that each draft token is accepted, 0–1 (per position, independent). */
  acceptanceRate: number;
  /** Whether `acceptanceRate` is a default (not written), for the assumptions. */
  acceptanceDefaulted: boolean;
  /** draft-model: the draft model. */
  draftModel?: ModelEntry;
  /** draft-model: the draft checkpoint's weight format when it differs from the model's (a GGUF file's). */
  draftWeights?: FormatEntry;
}

/** LoRA adapters served on the model (issue 16 item 3), resolved. */
export interface LoraServing {
  /** Adapters served. */
  adapters: number;
  /** The engine's max rank: slots are allocated (and vLLM computes) at it. */
  rank: number;
  /** GPU slots = distinct adapters one batch can hold (vLLM --max-loras). */
  maxLoras: number;
  /** Whether `maxLoras` is the engine's default (not written), for the assumptions. */
  maxLorasDefaulted: boolean;
  /** all-linear: q, k, v, o and the MLP; attention: q, k, v, o. */
  targetModules: 'all-linear' | 'attention';
}

/** Parallelism of one replica. Degrees default to 1. */
export interface Parallelism {
  tensor: number;
  pipeline: number;
  expert: number;
  /**
   * Attention data-parallel ranks (vLLM DP + EP, SGLang DP attention): each rank of `tensor` GPUs
   * runs attention for its own sequences with its own KV; the MoE layers span tensor × data GPUs.
   */
  data: number;
  /**
   * Decode context parallel (vLLM `-dcp`, SGLang `--dcp-size`): the KV cache of each sequence is interleaved by token
   * over this many of the `tensor` ranks that would otherwise hold copies of it, so each GPU holds
   * and reads 1/decodeContext of it. Uses no extra GPUs. Absent: 1.
   */
  decodeContext?: number;
}

/** Everything the estimator needs, already resolved (no ids left). */
export interface EstimateRequest {
  model: ModelEntry;
  hardware: HardwareEntry;
  weights: FormatEntry;
  kvCache: FormatEntry;
  engine: EngineEntry;
  /** Devices of one replica (= tensor × pipeline × data in the usual case). */
  gpusPerReplica: number;
  parallelism: Parallelism;
  /** Unified-memory devices: the configuration, decimal GB (overrides `hardware.memoryGB`). */
  memoryGB?: number;
  engineOptions: EngineOptions;
  workload: Workload;
  /** The workspace's measured correction for this engine on this device, if any. */
  correction?: MeasuredCorrection;
  /** Speculative decoding (MTP, EAGLE, a draft model, n-gram), if the engine runs it. */
  speculative?: SpeculativeDecoding;
  /** LoRA adapters served on the model, if any. */
  lora?: LoraServing;
  /**
   * Gb/s per GPU between nodes (a placement's `network`): what tensor parallelism beyond one
   * NVLink domain and wide-EP all-to-all cross. Default: one 400 Gb/s NIC per GPU.
   */
  networkGbpsPerGpu?: number;
  /**
   * GPUs of one node when the deployment places a replica over several (a manifest's GPUs per pod
   * of a multi-node worker): the NVLink domain is at most this. Default: the hardware's board.
   */
  gpusPerNode?: number;
}

/** A point estimate with its uncertainty band (low ≤ value ≤ high). */
export interface Banded {
  value: number;
  low: number;
  high: number;
}

/** Two percentiles of a latency distribution, each with its uncertainty band. */
export interface BandedPercentiles {
  p50: Banded;
  p95: Banded;
}

/** Per-GPU memory breakdown, GiB. `total` = weights + kvCache + activations + runtime. */
export interface MemoryPerGpu {
  weights: Banded;
  /** KV cache the engine reserves on this GPU (its pool, or the context it sizes for). */
  kvCache: Banded;
  /** Activation peak and workspace (compute buffers, KV-quant scratch). */
  activations: Banded;
  /** CUDA/Metal context, NCCL buffers, CUDA graphs, allocator slack. */
  runtime: Banded;
  total: Banded;
  /** Usable capacity: visible memory (minus the OS share on unified memory). */
  capacity: Banded;
}

export interface MemoryResult {
  /** Weights, activations and runtime fit, and the KV pool holds at least one request of the workload. */
  fits: boolean;
  perGpuGiB: MemoryPerGpu;
  /** KV pool per GPU, GiB (what the engine reserves for KV). */
  kvPoolGiB: Banded;
  /** Requests of (input + output) tokens whose KV fits in the pool at once (per replica). */
  maxConcurrentSequences: number;
  /** Why it does not fit, when it does not. */
  reason?: string;
}

export interface LatencyResult {
  ttftMs: BandedPercentiles;
  tpotMs: BandedPercentiles;
}

export interface ThroughputResult {
  /** Generated tokens/s of the replica at the requested load (saturated when concurrency is 'max'). */
  outputTokensPerSecond: Banded;
  /** Highest request rate the replica sustains (requests/s), latency unbounded. */
  maxRequestsPerSecond: Banded;
}

/** One line of the "Explain Estimate" view: a figure, its formula and its constants. */
export interface ExplainEntry {
  /** What is computed (e.g. "KV cache per token"). */
  quantity: string;
  /** The formula, in words/symbols. */
  formula: string;
  /** The result, with its unit. */
  value: number;
  unit: string;
  /** Constants used, each with its value and source. */
  constants: Array<{ name: string; value: number | string; source: string }>;
}

/** Everything `estimate()` returns. All figures per replica unless the name says per GPU. */
export interface EstimateResult {
  memory: MemoryResult;
  latency: LatencyResult;
  throughput: ThroughputResult;
  /** Per-sequence generation speed after the first token at the load (tokens/s). */
  decodeTokensPerSecond: Banded;
  /** Prompt tokens/s of one request alone (llama-bench ppN). */
  prefillTokensPerSecond: Banded;
  /** Weights of the whole model, GiB. */
  weightsGiB: Banded;
  /** Sequences in flight in steady state (the batch). */
  batchSize: number;
  /** Fraction of the replica's capacity in use at the load (0..1; 1 = saturated). */
  utilization: number;
  /**
   * Physical floors valid at every load, ms (floors.ts): TTFT = prompt FLOPs ÷ peak TFLOPS, TPOT =
   * one sequence's decode-step bytes ÷ peak bandwidth. No latency band goes below them.
   */
  latencyFloorsMs: { ttftMs: number; tpotMs: number };
  assumptions: string[];
  explain: ExplainEntry[];
}

/** Latency objectives for goodput: the max rate meeting them at a percentile. */
export interface Slo {
  ttftMs?: number;
  tpotMs?: number;
  /** 50 or 95 (other values are interpolated between them). Default 95. */
  percentile?: number;
}

/** One point of a latency-vs-load curve. */
export interface LoadPoint {
  requestsPerSecond: number;
  ttftMs: { p50: number; p95: number };
  tpotMs: { p50: number; p95: number };
  outputTokensPerSecond: number;
  /** False beyond the max sustainable rate (latencies are then the saturated ones). */
  stable: boolean;
}
