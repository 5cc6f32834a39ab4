/**
 * One memory model per engine family (engines.json `family`): the activation peak and workspace
 * per GPU, and the family's runtime traits. An engine that reproduces an existing family's
 * profile run needs only its data entry; a new family adds one entry here.
 *
 * Sources (estimator-methods.md §1.8–1.10, §3.3; constants in calibration.json `memory`):
 * - vLLM: the larger of the profile run's forward at max_num_batched_tokens and the sampler warm-up
 *   that follows it over max_num_seqs rows of fp32 logits (gpu_model_runner.py profile_run:
 *   `_dummy_run` then `_dummy_sampler_run`; every tensor rank samples the whole vocabulary), plus
 *   a fixed base; MoE dispatch adds a constant; NCCL's NVLS buffers on NVSwitch Hopper/Blackwell
 *   (constants fitted on vLLM 0.19 startup logs, calibration.json memory.vllm);
 * - SGLang: the reserve its mem_fraction_static leaves (sglangMemory.ts);
 * - TensorRT-LLM: 2·max_num_tokens·hidden·coeff[tp] bytes (aiconfigurator trtllm_backend.py);
 * - llama.cpp: compute buffer ubatch·(vocab + 4·hidden)·4 B; no flash attention adds the f32
 *   score matrix ubatch·ctx·heads·4 B; quantized KV adds an f16 dequant copy of one layer's K/V.
 */
import type { EngineEntry, EngineFamily } from '../catalog/types';
import { byDegree, type Calibration } from './calibration';
import { layerKvElements } from './kv';
import type { EstimateRequest } from './types';
import { GiB } from './weights';
import { sglangDefaultFraction, sglangModelMaxRunningRequests } from './sglangMemory';
import { option } from './engineOptions';

export interface FamilyModel {
  /** Activation peak + workspace per GPU, GiB, for a context of `ctxTokens` (llama.cpp) on `capacityGiB`. */
  activationGiB(req: EstimateRequest, cal: Calibration, capacityGiB: number, ctxTokens: number): number;
  /** Multi-GPU collectives keep NCCL buffers on each GPU (llama.cpp splits layers without NCCL). */
  ncclBuffers: boolean;
  /**
   * NCCL keeps its NVLink SHARP buffers (calibration.json memory.vllm.nvlsGiB) where the GPUs have
   * it: vLLM leaves NCCL's default on; SGLang turns NVLS off to save that memory (sglang PR #631).
   */
  nvlsBuffers: boolean;
  /** The default batch cap rises to 1024 on ≥ 70 GiB devices (vLLM v1 max_num_seqs defaults). */
  largeDeviceBatch: boolean;
  /**
   * SGLang: the fraction's default follows the GPU and settings (sglangMemory.ts), and it is a
   * fraction of the memory free at start that weights and KV share; activations and CUDA graphs
   * use the rest, so they are the reserve, not an extra deduction. Absent: vLLM's contract.
   */
  staticFraction?: (req: EstimateRequest, cal: Calibration, capacityGiB: number) => number;
  /**
   * The engine's running-requests cap is the server's, split over its data-parallel attention
   * workers (SGLang: `--max-running-requests` ÷ dp, scheduler and model_runner), not one per rank
   * (vLLM starts an engine core per DP rank, each with the whole `max_num_seqs`).
   */
  runningCapSplitsOverData?: boolean;
  /**
   * The engine's own default running-requests cap for this model, for the whole server, where it
   * sets one (SGLang: 256 for DeepSeek-V4); undefined: the engine's general default.
   */
  modelRunningCap?: (req: EstimateRequest) => number | undefined;
}

/**
 * vLLM's tokens per forward: `maxNumBatchedTokens`, else its default by device (calibration.json
 * memory.vllm: large above `largeDeviceGiB` of usable memory, small below).
 */
export function vllmBatchedTokens(req: EstimateRequest, cal: Calibration, capacityGiB: number): number {
  const m = cal.memory.vllm;
  const large = capacityGiB >= m.largeDeviceGiB;
  return option(req, 'maxNumBatchedTokens') ?? (large ? m.maxNumBatchedTokensLarge : m.maxNumBatchedTokensSmall);
}

function vllmActivationGiB(req: EstimateRequest, cal: Calibration, capacityGiB: number): number {
  const a = req.model.architecture;
  const tp = req.parallelism.tensor;
  const m = cal.memory.vllm;
  const large = capacityGiB >= m.largeDeviceGiB;
  const tokens = vllmBatchedTokens(req, cal, capacityGiB);
  const seqs = option(req, 'maxNumSeqs') ?? (large ? m.maxNumSeqsLarge : m.maxNumSeqsSmall);
  const ffn = a.moe ? a.moe.expertFfnSize * a.moe.expertsPerToken : a.ffnSize;
  const act = tokens * (4 * a.hiddenSize + (4 * ffn) / tp) * 2;
  // Every tensor rank samples the full vocabulary (V1 all-gathers the logits), and the profile run
  // samples after its forward has freed its activations: the peak is the larger of the two.
  const sampler = seqs * a.vocabSize * 4 * m.samplerCopies;
  return m.profileBaseGiB + Math.max(act, sampler) / GiB + (a.moe ? m.moeExtraGiB : 0);
}

/** The memory model of each engine family. */
export const FAMILY_MODELS: Record<EngineFamily, FamilyModel> = {
  vllm: {
    activationGiB: (req, cal, capacityGiB) => vllmActivationGiB(req, cal, capacityGiB),
    ncclBuffers: true,
    nvlsBuffers: true,
    largeDeviceBatch: true,
  },
  sglang: {
    // Not used for the pool: memory.ts reports SGLang's reserve (1 − fraction), which holds them.
    activationGiB: (req, cal, capacityGiB) => vllmActivationGiB(req, cal, capacityGiB),
    ncclBuffers: true,
    nvlsBuffers: false,
    largeDeviceBatch: false,
    staticFraction: (req, cal, capacityGiB) => sglangDefaultFraction(req, cal, capacityGiB),
    runningCapSplitsOverData: true,
    modelRunningCap: (req) => sglangModelMaxRunningRequests(req),
  },
  'tensorrt-llm': {
    activationGiB: (req, cal) => {
      const a = req.model.architecture;
      const m = cal.memory.trtllm;
      const tokens = option(req, 'maxNumTokens') ?? m.maxNumTokens;
      const coeff = byDegree(a.moe ? m.coeffMoe : m.coeffDense, Math.min(req.parallelism.tensor, 8));
      return Math.max(m.floorGiB, (2 * tokens * a.hiddenSize * coeff) / GiB);
    },
    ncclBuffers: true,
    // aiconfigurator's measured NCCL memory (ncclGiBByTp) is TensorRT-LLM's whole communicator.
    nvlsBuffers: false,
    largeDeviceBatch: false,
  },
  'llama.cpp': {
    activationGiB: (req, cal, _capacityGiB, ctxTokens) => {
      const a = req.model.architecture;
      const ub = option(req, 'ubatchSize') ?? cal.memory.llamacpp.ubatchTokens;
      let bytes = ub * (a.vocabSize + 4 * a.hiddenSize) * 4;
      if (req.engineOptions['flashAttention'] === false) bytes += ub * ctxTokens * a.attentionHeads * 4;
      if (req.kvCache.family === 'gguf' || req.kvCache.bitsPerWeight < 8) {
        bytes += ctxTokens * layerKvElements(a, 0, req.parallelism.tensor) * 2; // f16 dequant scratch of one layer (unsloth PR #9525)
      }
      return bytes / GiB;
    },
    ncclBuffers: false,
    nvlsBuffers: false,
    largeDeviceBatch: false,
  },
};

/**
 * The family model of an engine: its `family`, or — for an entry without one (a hand-written
 * catalog) — the family its memory contract implies.
 */
export function familyModel(engine: EngineEntry): FamilyModel {
  const byKind: Record<EngineEntry['memoryContract']['kind'], EngineFamily> = {
    'fraction-of-total': 'vllm',
    'fraction-of-free': 'tensorrt-llm',
    'fit-with-margin': 'llama.cpp',
  };
  return (
    FAMILY_MODELS[(engine.family as EngineFamily | undefined) ?? byKind[engine.memoryContract.kind]] ??
    FAMILY_MODELS[byKind[engine.memoryContract.kind]]
  );
}
