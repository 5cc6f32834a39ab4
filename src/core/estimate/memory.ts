/**
 * Memory per GPU following each engine's contract (estimator-methods.md §1.8–1.10, §2.1):
 * - fraction-of-total (vLLM gpu_memory_utilization, SGLang mem_fraction_static):
 *   KV pool = capacity·f − weights − activations − runtime;
 * - fraction-of-free (TensorRT-LLM kv_cache_free_gpu_mem_fraction):
 *   KV pool = (capacity − weights − activations − runtime)·f;
 * - fit-with-margin (llama.cpp --fit, Ollama): KV sized for the context; fits when
 *   weights + KV + compute buffers + runtime + margin ≤ capacity.
 */
import { loraBytesPerGpu } from './lora';
import type { EstimateRequest } from './types';
import { formatCount, formatGiB, round } from '../report/format';
import type { Calibration } from './calibration';
import { byDegree, engineCalibration } from './calibration';
import { familyModel, type FamilyModel } from './activations';
import { option } from './engineOptions';
import { deviceCapacity, hasNvlinkSharp } from './hardware';
import { kvBytesPerSequencePerGpu } from './kv';
import { GiB, weightBytes, weightBytesPerGpu, type WeightBytes } from './weights';
import { drafterWeightBytesPerGpu } from './speculative';

export interface MemoryModel {
  weights: WeightBytes;
  weightsPerGpuGiB: number;
  activationsGiB: number;
  runtimeGiB: number;
  /** KV the engine reserves per GPU, GiB. */
  kvPoolGiB: number;
  /** KV the sizing context needs per GPU (fit-with-margin engines), GiB. */
  kvReservedGiB: number;
  capacityGiB: number;
  /** One request of (input + output) tokens on one GPU, bytes. */
  kvPerSequenceBytes: number;
  /** Sequences whose KV fits at once (replica). */
  maxSequences: number;
  fits: boolean;
  reason?: string;
  contractNote: string;
  capacityNote: string;
  /** Engine cap on sequences in flight. */
  engineMaxBatch: number;
}

/** Memory breakdown and KV pool per GPU under the engine's contract. */
export function memoryModel(req: EstimateRequest, cal: Calibration): MemoryModel {
  const { tensor: tp, pipeline: pp, expert: ep, data: dp } = req.parallelism;
  const eng = engineCalibration(cal, req.engine.id);
  const contract = req.engine.memoryContract;
  const family = familyModel(req.engine);
  const cap = deviceCapacity(req.hardware, req.memoryGB, cal);
  const capacityGiB = cap.usableGiB;
  const w = weightBytes(req.model, req.weights, eng.ggufWeights);
  const modelBytesPerGpu = weightBytesPerGpu(w, tp, pp, ep, dp);
  const draft = req.speculative?.draftModel;
  const draftBytes = draft
    ? weightBytes(draft, req.speculative?.draftWeights ?? req.weights, eng.ggufWeights).total
    : 0;
  // The drafter's weights (speculative decoding: an MTP block, an EAGLE head or a draft model).
  // LoRA slots load with the model (vLLM, SGLang): counted as weights, out of the KV budget.
  const weightsPerGpuGiB =
    (modelBytesPerGpu + drafterWeightBytesPerGpu(req, modelBytesPerGpu, draftBytes) + loraBytesPerGpu(req)) / GiB;
  // The communicator spans the GPUs that exchange activations: the tensor ranks, and for a MoE
  // model the data-parallel ranks too (they share the experts); dense DP ranks run independently.
  const group = tp * (req.model.architecture.moe ? dp : 1);
  const nccl = group > 1 || pp > 1 ? byDegree(cal.memory.ncclGiBByTp, Math.max(group, 2)) : 0;
  const nvls = family.nvlsBuffers && group > 1 && hasNvlinkSharp(req.hardware) ? cal.memory.vllm.nvlsGiB : 0;
  const runtimeGiB = contract.runtimeReserveGiB + (family.ncclBuffers ? nccl : 0) + nvls;
  const wl = req.workload;
  const seqTokens = wl.inputTokens + wl.outputTokens;
  const block = option(req, 'blockSize', 'tokensPerBlock', 'cacheBlockSeqLen') ?? contract.kvBlockTokens ?? 1;
  const a = req.model.architecture;
  // A draft model keeps its own KV cache for every sequence.
  const kvPerSeq =
    kvBytesPerSequencePerGpu(a, req.kvCache, seqTokens, tp, pp, block, req.parallelism.decodeContext) +
    (draft ? kvBytesPerSequencePerGpu(draft.architecture, req.kvCache, seqTokens, tp, pp, block) : 0);
  // Each data-parallel rank is an engine with its own scheduler and batch cap (vLLM starts one
  // engine core per DP rank with the same max_num_seqs; SGLang splits the server's cap over them).
  const serverCap =
    option(req, 'maxNumSeqs', 'maxRunningRequests', 'maxBatchSize', 'parallel', 'numParallel') ??
    family.modelRunningCap?.(req);
  const perRankCap =
    serverCap !== undefined
      ? serverCap / (family.runningCapSplitsOverData ? dp : 1)
      : defaultMaxBatch(req, eng.maxBatchDefault, family.largeDeviceBatch);
  const engineMaxBatch = dp * Math.max(1, Math.floor(perRankCap));

  const inputs: BudgetInputs = {
    req,
    cal,
    family,
    capacityGiB,
    weightsPerGpuGiB,
    runtimeGiB,
    kvPerSeq,
    seqTokens,
    engineMaxBatch,
  };
  const budget = contract.kind === 'fit-with-margin' ? fitWithMarginBudget(inputs) : fractionBudget(inputs);
  return {
    weights: w,
    weightsPerGpuGiB,
    runtimeGiB,
    capacityGiB,
    kvPerSequenceBytes: kvPerSeq,
    capacityNote: cap.note,
    engineMaxBatch,
    ...budget,
  };
}

/** What both memory contracts size the KV cache from. */
interface BudgetInputs {
  req: EstimateRequest;
  cal: Calibration;
  family: ReturnType<typeof familyModel>;
  capacityGiB: number;
  weightsPerGpuGiB: number;
  runtimeGiB: number;
  /** KV bytes of one full-length sequence on one GPU. */
  kvPerSeq: number;
  seqTokens: number;
  engineMaxBatch: number;
}

/** The KV side of the memory model under an engine's contract: pool, reservation, activations, fit. */
type KvBudget = Pick<
  MemoryModel,
  'activationsGiB' | 'kvPoolGiB' | 'kvReservedGiB' | 'maxSequences' | 'fits' | 'reason' | 'contractNote'
>;

/**
 * llama.cpp-style engines (`fit-with-margin`): the KV cache is sized for a context (`--ctx-size`,
 * or the requests × slots rounded up), and the model fits when it and a free margin do.
 */
function fitWithMarginBudget(i: BudgetInputs): KvBudget {
  const { req, cal, family, capacityGiB, weightsPerGpuGiB, runtimeGiB, kvPerSeq, seqTokens, engineMaxBatch } = i;
  const { tensor: tp, pipeline: pp } = req.parallelism;
  const wl = req.workload;
  const slots = typeof wl.concurrency === 'number' ? wl.concurrency : engineMaxBatch;
  const step = cal.memory.llamacpp.contextRoundTokens;
  const ctx =
    option(req, 'ctxSize', 'numCtx', 'contextTokens', 'maxKvSize') ??
    Math.ceil((seqTokens * Math.max(1, slots)) / step) * step;
  const activationsGiB = family.activationGiB(req, cal, capacityGiB, ctx);
  const kvCtx =
    kvBytesPerSequencePerGpu(req.model.architecture, req.kvCache, ctx, tp, pp, 1, req.parallelism.decodeContext) / GiB;
  const margin = option(req, 'fitMarginGiB', 'gpuOverheadGiB') ?? req.engine.memoryContract.marginGiB ?? 0;
  const free = capacityGiB - margin - weightsPerGpuGiB - activationsGiB - runtimeGiB;
  // The margin is what --fit aims to leave free; a config that fits without it still runs.
  const fits = free + margin >= kvCtx;
  const potential = Math.max(0, free);
  return {
    activationsGiB,
    kvPoolGiB: kvCtx,
    kvReservedGiB: kvCtx,
    maxSequences: kvPerSeq > 0 ? Math.floor((potential * GiB) / kvPerSeq) : engineMaxBatch,
    fits,
    ...(fits
      ? {}
      : {
          reason: `needs ${formatGiB(weightsPerGpuGiB + activationsGiB + runtimeGiB + kvCtx + margin)} per GPU (incl. ${margin} GiB margin), has ${formatGiB(capacityGiB)}`,
        }),
    contractNote: `${req.engine.name}: KV sized for a ${ctx}-token context; ${margin} GiB margin kept free per device`,
  };
}

/** The KV pool under a fraction contract, the activations beside it, and the note that says how. */
interface FractionPool {
  activationsGiB: number;
  kvPoolGiB: number;
  contractNote: string;
}

/**
 * vLLM (`fraction-of-total`: budget = fraction × capacity, less weights, activations and runtime)
 * and TensorRT-LLM (`fraction-of-free`: fraction × what weights, activations and runtime leave).
 */
function fractionPool(i: BudgetInputs): FractionPool {
  const { req, cal, family, capacityGiB, weightsPerGpuGiB, runtimeGiB, seqTokens } = i;
  const contract = req.engine.memoryContract;
  const activationsGiB = family.activationGiB(req, cal, capacityGiB, seqTokens);
  const nonKv = weightsPerGpuGiB + activationsGiB + runtimeGiB;
  if (contract.kind === 'fraction-of-total') {
    const f = option(req, 'gpuMemoryUtilization', 'memFractionStatic') ?? contract.defaultFraction ?? 0.9;
    const kvBytes = option(req, 'kvCacheMemoryBytes');
    return {
      activationsGiB,
      kvPoolGiB: kvBytes !== undefined ? kvBytes / GiB : capacityGiB * f - nonKv,
      contractNote: `${req.engine.name}: budget = ${f} × ${round(capacityGiB, 2)} GiB (fraction of total); KV pool = budget − weights − activations − runtime (as vLLM 0.19 profiles; from 0.21 vLLM also sets aside its CUDA graphs' estimate, 0.2–1.6 GiB in published logs, which this pool does not deduct)`,
    };
  }
  const f =
    option(req, 'kvCacheFreeGpuMemoryFraction', 'freeGpuMemoryFraction', 'cacheMaxEntryCount') ??
    contract.defaultFraction ??
    0.9;
  return {
    activationsGiB,
    kvPoolGiB: (capacityGiB - nonKv) * f,
    contractNote: `${req.engine.name}: KV pool = ${f} × (capacity − weights − activations − runtime) (fraction of free)`,
  };
}

/**
 * SGLang (`staticFraction`): weights + KV pool = fraction × the memory free at start; the rest
 * (activations, CUDA graphs) is reported as the activations.
 */
function staticFractionPool(i: BudgetInputs, staticFraction: NonNullable<FamilyModel['staticFraction']>): FractionPool {
  const { req, cal, capacityGiB, weightsPerGpuGiB, runtimeGiB } = i;
  const stated = option(req, 'memFractionStatic', 'gpuMemoryUtilization');
  const freeAtStart = capacityGiB - runtimeGiB;
  const rule = staticFraction(req, cal, capacityGiB);
  // SGLang's rule can leave no KV pool (DP attention over many ranks reserves CUDA-graph padding
  // per rank): SGLang then refuses to start, so a deployment that runs set the fraction; the
  // estimate takes the fixed default of the releases before the rule, as large-scale recipes set.
  const fallback = stated === undefined && freeAtStart * rule - weightsPerGpuGiB <= 0;
  const f = stated ?? (fallback ? cal.memory.sglang.fallbackFraction : rule);
  const activationsGiB = Math.max(0, freeAtStart * (1 - f));
  const kvBytes = option(req, 'kvCacheMemoryBytes');
  const source =
    stated !== undefined
      ? ''
      : fallback
        ? `, assumed: SGLang's default rule gives ${rule} here, which leaves no KV pool, so it would not start without --mem-fraction-static`
        : ', its default for this GPU and settings';
  return {
    activationsGiB,
    kvPoolGiB: kvBytes !== undefined ? kvBytes / GiB : freeAtStart * f - weightsPerGpuGiB,
    contractNote: `${req.engine.name}: weights + KV pool = ${f} (mem_fraction_static${source}) × ${round(freeAtStart, 2)} GiB free at start; the other ${round(activationsGiB, 2)} GiB hold activations and CUDA graphs`,
  };
}

/**
 * SGLang's pools for a model with linear-attention layers (Qwen3-Next, Qwen3.5, the KDA models:
 * "mamba" states beside full-attention KV), sequences per data-parallel rank; undefined for other
 * models. SGLang does not share one pool: it gives the states `ratio / (1 + ratio)` of it
 * (`--mamba-full-memory-ratio`, default 0.9: 47%) as a fixed number of slots and the
 * full-attention KV the rest; a sequence needs one of each. With `--disable-radix-cache` and
 * `--max-running-requests` both set it allocates just those slots instead; neither that nor the
 * ratio is an option of the format yet, so the default split is taken. The states are taken as
 * the catalog entry states them (Qwen3.5 and the KDA entries with the recurrent part at float32,
 * as their configs and SGLang keep it; Qwen3-Next at vLLM's bf16, half what SGLang holds, as its
 * config names no dtype): at long contexts the KV side binds, at short ones the slots. Source: SGLang's memory profiling in
 * model_runner (`mamba_budget = total_rest_memory × mamba_full_memory_ratio / (1 +
 * mamba_full_memory_ratio)`, `max_mamba_cache_size = mamba_budget ÷ mamba_cache_per_req`, the KV
 * pool = the rest less the states).
 */
function sglangHybridSequences(i: BudgetInputs, poolGiB: number): number | undefined {
  const { req, kvPerSeq } = i;
  const { tensor: tp, pipeline: pp } = req.parallelism;
  // A sequence of no tokens holds only the linear layers' constant state.
  const state = kvBytesPerSequencePerGpu(req.model.architecture, req.kvCache, 0, tp, pp);
  if (state <= 0) return undefined;
  const kvOnly = Math.max(0, kvPerSeq - state);
  const pool = poolGiB * GiB;
  const ratio = SGLANG_MAMBA_FULL_MEMORY_RATIO;
  const slots = Math.floor((pool * ratio) / (1 + ratio) / state);
  const kvPool = Math.max(0, pool - slots * state);
  const byKv = kvOnly > 0 ? Math.floor(kvPool / kvOnly) : slots;
  // With the radix cache on (SGLang's default) finished requests' states stay cached as prefixes,
  // so the running requests may take only a third of the slots.
  const bySlots = Math.floor(slots / SGLANG_MAMBA_SLOTS_PER_RUNNING_REQUEST);
  return Math.max(0, Math.min(bySlots, byKv));
}

/**
 * SGLang's MAMBA_CACHE_SIZE_MAX_RUNNING_REQUESTS_RATIO (model_runner: max_running_requests =
 * max_mamba_cache_size ÷ 3 while the radix cache is on, no extra state buffer).
 */
const SGLANG_MAMBA_SLOTS_PER_RUNNING_REQUEST = 3;

/** SGLang's default `--mamba-full-memory-ratio` (server_args.py). */
const SGLANG_MAMBA_FULL_MEMORY_RATIO = 0.9;

/**
 * The fraction contracts (vLLM and TensorRT-LLM: `fractionPool`; SGLang: `staticFractionPool`): the
 * pool holds as many full-length sequences as fit; none fitting means the model does not fit.
 */
function fractionBudget(i: BudgetInputs): KvBudget {
  const { req, family, capacityGiB, weightsPerGpuGiB, runtimeGiB, kvPerSeq, seqTokens, engineMaxBatch } = i;
  const { activationsGiB, kvPoolGiB, contractNote } =
    req.engine.memoryContract.kind === 'fraction-of-total' && family.staticFraction
      ? staticFractionPool(i, family.staticFraction)
      : fractionPool(i);
  const nonKv = weightsPerGpuGiB + activationsGiB + runtimeGiB;
  // Data-parallel ranks hold their own sequences: the replica holds dp pools (MLA's latent KV,
  // replicated on every tensor rank, is then no longer replicated dp times).
  const dp = req.parallelism.data;
  const hybrid = family.staticFraction ? sglangHybridSequences(i, Math.max(0, kvPoolGiB)) : undefined;
  const maxSequences =
    hybrid !== undefined
      ? dp * hybrid
      : kvPerSeq > 0
        ? dp * Math.max(0, Math.floor((Math.max(0, kvPoolGiB) * GiB) / kvPerSeq))
        : engineMaxBatch;
  const fits = kvPoolGiB > 0 && maxSequences >= 1;
  const reason = fits
    ? undefined
    : kvPoolGiB <= 0
      ? `weights + activations + runtime need ${formatGiB(nonKv)} per GPU, leaving no KV pool in ${formatGiB(capacityGiB)}`
      : `KV pool ${round(kvPoolGiB, 2)} GiB per GPU holds no ${formatCount(seqTokens)}-token request (${round(kvPerSeq / GiB, 2)} GiB each)`;
  return {
    activationsGiB,
    kvPoolGiB: Math.max(0, kvPoolGiB),
    kvReservedGiB: Math.max(0, kvPoolGiB),
    maxSequences,
    fits,
    ...(reason ? { reason } : {}),
    contractNote,
  };
}

/**
 * Engine default batch cap per DP rank: vLLM raises max_num_seqs to 1024 on ≥70 GiB devices (v1
 * defaults); SGLang's is at least 2,048 (calibration.json; model_runner: clamp(pool tokens ÷
 * context length × 512, 2048, 4096), 4,096 only when the pool holds 8 full contexts).
 */
function defaultMaxBatch(req: EstimateRequest, dflt: number, largeDeviceBatch: boolean): number {
  // llama.cpp/Ollama: as many slots as the requested concurrency (llama-server --parallel).
  if (req.engine.memoryContract.kind === 'fit-with-margin' && typeof req.workload.concurrency === 'number') {
    return req.workload.concurrency;
  }
  if (largeDeviceBatch) {
    return req.hardware.visibleMemoryGiB >= 70 ? 1024 : dflt;
  }
  return dflt;
}
