/**
 * Hand-built catalog entries for estimator tests (independent of the catalog data files).
 */
import type {
  EngineEntry,
  FormatEntry,
  HardwareEntry,
  ModelArchitecture,
  ModelEntry,
} from '../../../src/core/catalog/types';
import type { EstimateRequest } from '../../../src/core/estimate/types';

export const llama31_8b: ModelEntry = {
  id: 'llama-3.1-8b',
  name: 'Llama 3.1 8B',
  family: 'llama',
  architecture: {
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    ffnSize: 14336,
    vocabSize: 128256,
    tiedEmbeddings: false,
    maxContextTokens: 131072,
    attention: { kind: 'full' },
  },
  totalParams: 8030261248,
  activeParams: 8030261248,
  nativeWeights: 'bf16',
  sources: ['test'],
};

export const deepseekV3: ModelEntry = {
  id: 'deepseek-v3',
  name: 'DeepSeek-V3',
  family: 'deepseek',
  architecture: {
    layers: 61,
    hiddenSize: 7168,
    attentionHeads: 128,
    kvHeads: 128,
    headDim: 192,
    ffnSize: 18432,
    vocabSize: 129280,
    tiedEmbeddings: false,
    maxContextTokens: 163840,
    attention: { kind: 'mla', kvLoraRank: 512, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128, qLoraRank: 1536 },
    moe: { experts: 256, expertsPerToken: 8, expertFfnSize: 2048, sharedExperts: 1, denseLayers: 3, gated: true },
  },
  totalParams: 671026419200,
  activeParams: 37552297472,
  nativeWeights: 'fp8',
  sources: ['test'],
};

export const gemma2_9b: ModelEntry = {
  id: 'gemma-2-9b',
  name: 'Gemma 2 9B',
  family: 'gemma',
  architecture: {
    layers: 42,
    hiddenSize: 3584,
    attentionHeads: 16,
    kvHeads: 8,
    headDim: 256,
    ffnSize: 14336,
    vocabSize: 256000,
    tiedEmbeddings: true,
    maxContextTokens: 8192,
    attention: { pattern: [{ kind: 'sliding', windowTokens: 4096 }, { kind: 'full' }] },
  },
  totalParams: 9241705984,
  activeParams: 9241705984,
  nativeWeights: 'bf16',
  sources: ['test'],
};

export const mixtral: ModelEntry = {
  id: 'mixtral-8x7b',
  name: 'Mixtral 8x7B',
  family: 'mistral',
  architecture: {
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    headDim: 128,
    ffnSize: 14336,
    vocabSize: 32000,
    tiedEmbeddings: false,
    maxContextTokens: 32768,
    attention: { kind: 'full' },
    moe: { experts: 8, expertsPerToken: 2, expertFfnSize: 14336, sharedExperts: 0, denseLayers: 0, gated: true },
  },
  totalParams: 46702792704,
  activeParams: 12879925248,
  nativeWeights: 'bf16',
  sources: ['test'],
};

const fmt = (
  id: string,
  bits: number,
  family: FormatEntry['family'],
  prec: FormatEntry['computePrecision'],
  emb = 16,
): FormatEntry => ({
  id,
  name: id,
  bitsPerWeight: bits,
  usableFor: ['weights', 'kv'],
  family,
  computePrecision: prec,
  embeddingBitsPerWeight: emb,
  sources: ['test'],
});
export const bf16 = fmt('bf16', 16, 'float', 'bf16');
export const fp8 = fmt('fp8', 8, 'float', 'fp8');
export const q4km = fmt('q4_k_m', 4.7975, 'gguf', 'bf16', 5.53125);
export const q8_0 = fmt('q8_0', 8.5, 'gguf', 'bf16', 8.5);

export const h100: HardwareEntry = {
  id: 'h100-sxm-80gb',
  name: 'H100 SXM',
  vendor: 'NVIDIA',
  class: 'datacenter-gpu',
  memoryGB: 80,
  visibleMemoryGiB: 79.18,
  memoryBandwidthGBps: 3350,
  tflops: { bf16: 989.5, fp8: 1979, int8: 1979, fp4: null, fp32: 67 },
  tdpW: 700,
  interconnect: { kind: 'nvlink', perGpuGBps: 450 },
  supportsFp8: true,
  supportsFp4: false,
  sources: ['test'],
  confidence: 'high',
};

export const rtx4090: HardwareEntry = {
  id: 'rtx-4090-24gb',
  name: 'RTX 4090',
  vendor: 'NVIDIA',
  class: 'consumer-gpu',
  memoryGB: 24,
  visibleMemoryGiB: 23.69,
  memoryBandwidthGBps: 1008,
  tflops: { bf16: 165.2, fp16Fp16Accumulate: 330.3, fp8: 330.3, int8: 660.6, fp4: null, fp32: 82.6 },
  tdpW: 450,
  interconnect: { kind: 'pcie', perGpuGBps: 32 },
  supportsFp8: true,
  supportsFp4: false,
  sources: ['test'],
  confidence: 'high',
};

export const vllm: EngineEntry = {
  id: 'vllm',
  name: 'vLLM',
  family: 'vllm',
  memoryContract: { kind: 'fraction-of-total', defaultFraction: 0.9, runtimeReserveGiB: 0.15, kvBlockTokens: 16 },
  weightFormats: [],
  kvFormats: [],
  defaultKv: 'bf16',
  options: [],
  speculativeMethods: [],
  sources: ['test'],
};

export const llamacpp: EngineEntry = {
  id: 'llama.cpp',
  name: 'llama.cpp',
  family: 'llama.cpp',
  memoryContract: { kind: 'fit-with-margin', runtimeReserveGiB: 0.25, marginGiB: 1 },
  weightFormats: [],
  kvFormats: [],
  defaultKv: 'fp16',
  options: [],
  speculativeMethods: [],
  sources: ['test'],
};

export const trtllm: EngineEntry = {
  id: 'tensorrt-llm',
  name: 'TensorRT-LLM',
  family: 'tensorrt-llm',
  memoryContract: { kind: 'fraction-of-free', defaultFraction: 0.9, runtimeReserveGiB: 1, kvBlockTokens: 32 },
  weightFormats: [],
  kvFormats: [],
  defaultKv: 'bf16',
  options: [],
  speculativeMethods: [],
  sources: ['test'],
};

/** A request with sensible defaults, overridable field by field. */
export function request(over: Partial<EstimateRequest> = {}): EstimateRequest {
  return {
    model: llama31_8b,
    hardware: h100,
    weights: bf16,
    kvCache: bf16,
    engine: vllm,
    gpusPerReplica: 1,
    parallelism: { tensor: 1, pipeline: 1, expert: 1, data: 1 },
    engineOptions: {},
    workload: { inputTokens: 1024, outputTokens: 256, concurrency: 8 },
    ...over,
  };
}

/**
 * `base` with every one of `layers` layers of one attention kind (or one pattern) and no MoE: the
 * per-layer arithmetic of a new attention kind, checked on a real model's dimensions.
 */
export function withAttention(
  base: ModelArchitecture,
  attention: ModelArchitecture['attention'],
  layers = 1,
): ModelArchitecture {
  return { ...base, layers, attention, moe: undefined };
}
