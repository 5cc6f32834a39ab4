/**
 * The command-line vocabulary of each serving engine: which flags (and environment variables)
 * carry what sizing needs, under one canonical key per meaning. Spellings follow each engine's
 * own documentation (sources in docs/manifests.md); underscores and dashes are the same flag
 * (vLLM's FlexibleArgumentParser and SGLang accept both; TensorRT-LLM writes underscores).
 */

/** Engines recognised in manifests. */
export type EngineKind = 'vllm' | 'sglang' | 'llama.cpp' | 'tgi' | 'tensorrt-llm' | 'nim' | 'ollama';

/** What a flag means, independent of the engine. */
export type FlagKey =
  | 'model'
  | 'tensor'
  | 'pipeline'
  | 'data'
  | 'decodeContext'
  | 'expertParallel'
  | 'expert'
  | 'dpAttention'
  | 'maxModelLen'
  | 'memoryFraction'
  | 'maxNumSeqs'
  | 'maxNumBatchedTokens'
  | 'quantization'
  | 'dtype'
  | 'kvCacheDtype'
  | 'blockSize'
  | 'enforceEager'
  | 'disableCudaGraph'
  | 'cudaGraphMaxBs'
  | 'ctxSize'
  | 'parallel'
  | 'gpuLayers'
  | 'splitMode'
  | 'tensorSplit'
  | 'flashAttention'
  | 'batchSize'
  | 'ubatchSize'
  | 'cacheTypeK'
  | 'kvUnified'
  | 'profile'
  | 'backend'
  | 'device'
  | 'disaggregationMode'
  | 'prefillWorker'
  | 'decodeWorker'
  | 'kvTransferConfig'
  | 'transferBackend'
  | 'extraEngineArgs'
  | 'enableLora'
  | 'loraAdapters'
  | 'maxLoras'
  | 'maxLoraRank'
  | 'speculativeConfig'
  | 'speculativeAlgorithm'
  | 'speculativeSteps'
  | 'speculativeDraftModel'
  | 'draftMax'
  | 'schedulerRecvInterval'
  | 'continuousDecodeSteps'
  | 'allreduceFusion'
  | 'prefillDelayer'
  | 'prefillDelayerPasses';

/** `list`: every word up to the next flag (`--lora-modules a=/x b=/y`). */
export type FlagType = 'int' | 'float' | 'string' | 'bool' | 'list';

export interface FlagSpec {
  key: FlagKey;
  type: FlagType;
  /** Flag spellings (with dashes), short forms included. */
  names: string[];
  /** Environment variables the engine reads for the same setting. */
  env?: string[];
}

const f = (key: FlagKey, type: FlagType, names: string[], env?: string[]): FlagSpec => ({
  key,
  type,
  names,
  ...(env ? { env } : {}),
});

/** vLLM `vllm serve` / `api_server` (docs.vllm.ai/en/latest/cli/serve.html, engine args). */
const VLLM: FlagSpec[] = [
  f('model', 'string', ['--model']),
  f('tensor', 'int', ['--tensor-parallel-size', '-tp']),
  f('pipeline', 'int', ['--pipeline-parallel-size', '-pp']),
  f('data', 'int', ['--data-parallel-size', '-dp']),
  // docs/serving/context_parallel_deployment.md: shards the KV copies of the tensor ranks by token.
  f('decodeContext', 'int', ['--decode-context-parallel-size', '-dcp']),
  f('expertParallel', 'bool', ['--enable-expert-parallel']),
  f('maxModelLen', 'int', ['--max-model-len']),
  f('memoryFraction', 'float', ['--gpu-memory-utilization']),
  f('maxNumSeqs', 'int', ['--max-num-seqs']),
  f('maxNumBatchedTokens', 'int', ['--max-num-batched-tokens']),
  f('quantization', 'string', ['--quantization', '-q']),
  f('dtype', 'string', ['--dtype']),
  f('kvCacheDtype', 'string', ['--kv-cache-dtype']),
  f('blockSize', 'int', ['--block-size']),
  f('enforceEager', 'bool', ['--enforce-eager']),
  // VLLM_TARGET_DEVICE selects the build's platform (cpu, tpu, neuron) — read for nonGpu.ts.
  f('device', 'string', ['--device'], ['VLLM_TARGET_DEVICE']),
  // Disaggregated serving: the KV connector and role (docs.vllm.ai features/disagg_prefill;
  // kv_role kv_producer / kv_consumer / kv_both), and NVIDIA Dynamo's vLLM worker roles
  // (`python3 -m dynamo.vllm --is-prefill-worker` / `--is-decode-worker`).
  f('kvTransferConfig', 'string', ['--kv-transfer-config']),
  f('prefillWorker', 'bool', ['--is-prefill-worker']),
  f('decodeWorker', 'bool', ['--is-decode-worker']),
  // Dynamo's vLLM worker takes SGLang's spelling of the role too (dynamo planner code).
  f('disaggregationMode', 'string', ['--disaggregation-mode']),
  // LoRA (docs.vllm.ai features/lora, vllm/config/lora.py): slots, max rank, the adapters served.
  f('enableLora', 'bool', ['--enable-lora']),
  f('loraAdapters', 'list', ['--lora-modules']),
  f('maxLoras', 'int', ['--max-loras']),
  f('maxLoraRank', 'int', ['--max-lora-rank']),
  // Speculative decoding (docs.vllm.ai features/spec_decode): JSON with method and
  // num_speculative_tokens (method: eagle, eagle3, deepseek_mtp / mtp, ngram, draft_model or a model).
  f('speculativeConfig', 'string', ['--speculative-config']),
];

/** SGLang `python -m sglang.launch_server` (docs.sglang.ai server arguments). */
const SGLANG: FlagSpec[] = [
  f('model', 'string', ['--model-path', '--model']),
  f('tensor', 'int', ['--tensor-parallel-size', '--tp-size', '--tp']),
  f('pipeline', 'int', ['--pipeline-parallel-size', '--pp-size', '--pp']),
  f('data', 'int', ['--data-parallel-size', '--dp-size', '--dp']),
  f('expert', 'int', ['--expert-parallel-size', '--ep-size', '--ep']),
  f('dpAttention', 'bool', ['--enable-dp-attention']),
  // Decode context parallel over the tensor ranks that hold KV copies (as vLLM's -dcp).
  f('decodeContext', 'int', ['--dcp-size']),
  f('maxModelLen', 'int', ['--context-length']),
  f('memoryFraction', 'float', ['--mem-fraction-static']),
  f('maxNumSeqs', 'int', ['--max-running-requests']),
  f('maxNumBatchedTokens', 'int', ['--chunked-prefill-size']),
  // How often the scheduler looks at new requests (scheduler_recv_skipper.py): adds to TTFT under load.
  f('schedulerRecvInterval', 'int', ['--scheduler-recv-interval']),
  f('continuousDecodeSteps', 'int', ['--num-continuous-decode-steps']),
  // All-reduce, residual add and RMSNorm as one kernel (layernorm.py forward_with_allreduce_fusion).
  f('allreduceFusion', 'bool', ['--enable-flashinfer-allreduce-fusion']),
  // Prompts wait until every DP-attention rank has one, then prefill together (managers/prefill_delayer.py).
  f('prefillDelayer', 'bool', ['--enable-prefill-delayer']),
  f('prefillDelayerPasses', 'int', ['--prefill-delayer-max-delay-passes']),
  // Decode steps without CUDA graphs: each step pays the eager time per kernel (timing.ts eagerDecode).
  f('disableCudaGraph', 'bool', ['--disable-cuda-graph']),
  // The largest CUDA-graph batch: part of the memory reserve of the default --mem-fraction-static.
  f('cudaGraphMaxBs', 'int', ['--cuda-graph-max-bs']),
  f('quantization', 'string', ['--quantization']),
  f('dtype', 'string', ['--dtype']),
  f('kvCacheDtype', 'string', ['--kv-cache-dtype']),
  f('device', 'string', ['--device']),
  // PD disaggregation (docs.sglang.ai advanced_features/pd_disaggregation): role and KV backend
  // (mooncake, the default, or nixl).
  f('disaggregationMode', 'string', ['--disaggregation-mode']),
  f('transferBackend', 'string', ['--disaggregation-transfer-backend']),
  // LoRA (docs.sglang.io advanced_features/lora): adapters, slots per batch (default 8), max rank.
  f('enableLora', 'bool', ['--enable-lora']),
  f('loraAdapters', 'list', ['--lora-paths']),
  f('maxLoras', 'int', ['--max-loras-per-batch']),
  f('maxLoraRank', 'int', ['--max-lora-rank']),
  // Speculative decoding (docs.sglang.io advanced_features/speculative_decoding): EAGLE, EAGLE3,
  // NEXTN (MTP), STANDALONE (a draft model), NGRAM; --speculative-num-steps draft tokens per step.
  f('speculativeAlgorithm', 'string', ['--speculative-algorithm', '--speculative-algo']),
  f('speculativeSteps', 'int', ['--speculative-num-steps']),
  // STANDALONE's draft model (an EAGLE head for EAGLE/EAGLE3, which is not a model of its own).
  f('speculativeDraftModel', 'string', ['--speculative-draft-model-path']),
];

/** llama.cpp `llama-server` (tools/server/README.md; every flag also reads LLAMA_ARG_*). */
const LLAMA_CPP: FlagSpec[] = [
  f('model', 'string', ['--model', '-m', '--hf-repo', '-hf', '-hfr'], ['LLAMA_ARG_MODEL', 'LLAMA_ARG_HF_REPO']),
  f('ctxSize', 'int', ['--ctx-size', '-c'], ['LLAMA_ARG_CTX_SIZE']),
  f('parallel', 'int', ['--parallel', '-np'], ['LLAMA_ARG_N_PARALLEL']),
  f('gpuLayers', 'string', ['--n-gpu-layers', '--gpu-layers', '-ngl'], ['LLAMA_ARG_N_GPU_LAYERS']),
  f('splitMode', 'string', ['--split-mode', '-sm'], ['LLAMA_ARG_SPLIT_MODE']),
  f('tensorSplit', 'string', ['--tensor-split', '-ts'], ['LLAMA_ARG_TENSOR_SPLIT']),
  f('flashAttention', 'string', ['--flash-attn', '-fa'], ['LLAMA_ARG_FLASH_ATTN']),
  f('batchSize', 'int', ['--batch-size', '-b'], ['LLAMA_ARG_BATCH']),
  f('ubatchSize', 'int', ['--ubatch-size', '-ub'], ['LLAMA_ARG_UBATCH']),
  f('cacheTypeK', 'string', ['--cache-type-k', '-ctk'], ['LLAMA_ARG_CACHE_TYPE_K']),
  f('kvUnified', 'bool', ['--kv-unified', '-kvu'], ['LLAMA_ARG_KV_UNIFIED']),
  // Speculative decoding with a draft model (tools/server/README.md): the draft GGUF and the
  // tokens it proposes per step.
  f('speculativeDraftModel', 'string', ['--model-draft', '-md', '--hf-repo-draft', '-hfd'], ['LLAMA_ARG_MODEL_DRAFT']),
  f('draftMax', 'int', ['--draft-max', '--draft', '--draft-n'], ['LLAMA_ARG_DRAFT_MAX']),
];

/** TGI `text-generation-launcher` (huggingface.co/docs/text-generation-inference launcher; clap reads env). */
const TGI: FlagSpec[] = [
  f('model', 'string', ['--model-id'], ['MODEL_ID']),
  f('tensor', 'int', ['--num-shard'], ['NUM_SHARD']),
  f('quantization', 'string', ['--quantize'], ['QUANTIZE']),
  f('dtype', 'string', ['--dtype'], ['DTYPE']),
  f('kvCacheDtype', 'string', ['--kv-cache-dtype'], ['KV_CACHE_DTYPE']),
  f('maxModelLen', 'int', ['--max-total-tokens'], ['MAX_TOTAL_TOKENS']),
  f('maxNumBatchedTokens', 'int', ['--max-batch-prefill-tokens'], ['MAX_BATCH_PREFILL_TOKENS']),
  f('memoryFraction', 'float', ['--cuda-memory-fraction'], ['CUDA_MEMORY_FRACTION']),
];

/** TensorRT-LLM `trtllm-serve` (nvidia.github.io/TensorRT-LLM commands/trtllm-serve). */
const TRTLLM: FlagSpec[] = [
  // `--model-path`: NVIDIA Dynamo's TensorRT-LLM worker (python3 -m dynamo.trtllm).
  f('model', 'string', ['--model', '--model-path']),
  f('tensor', 'int', ['--tp-size', '--tp']),
  f('pipeline', 'int', ['--pp-size', '--pp']),
  f('expert', 'int', ['--ep-size', '--ep']),
  f('maxModelLen', 'int', ['--max-seq-len']),
  f('maxNumSeqs', 'int', ['--max-batch-size']),
  f('maxNumBatchedTokens', 'int', ['--max-num-tokens']),
  f('memoryFraction', 'float', ['--kv-cache-free-gpu-memory-fraction']),
  f('backend', 'string', ['--backend']),
  // Dynamo's TensorRT-LLM worker role (prefill | decode; TP sits in --extra-engine-args' file).
  f('disaggregationMode', 'string', ['--disaggregation-mode']),
  f('extraEngineArgs', 'string', ['--extra-engine-args', '--extra-llm-api-options']),
];

/** NVIDIA NIM for LLMs (docs.nvidia.com/nim/large-language-models: configuration, environment variables). */
const NIM: FlagSpec[] = [
  f('model', 'string', [], ['NIM_MODEL_NAME']),
  f('profile', 'string', [], ['NIM_MODEL_PROFILE']),
  f('tensor', 'int', [], ['NIM_TENSOR_PARALLEL_SIZE']),
  f('pipeline', 'int', [], ['NIM_PIPELINE_PARALLEL_SIZE']),
  f('maxModelLen', 'int', [], ['NIM_MAX_MODEL_LEN']),
  f('maxNumSeqs', 'int', [], ['NIM_MAX_NUM_SEQS']),
  f('memoryFraction', 'float', [], ['NIM_GPU_MEMORY_UTILIZATION']),
];

/** Ollama server environment (github.com/ollama/ollama docs/faq.md, envconfig/config.go). */
const OLLAMA: FlagSpec[] = [
  f('ctxSize', 'int', [], ['OLLAMA_CONTEXT_LENGTH']),
  f('parallel', 'int', [], ['OLLAMA_NUM_PARALLEL']),
  f('cacheTypeK', 'string', [], ['OLLAMA_KV_CACHE_TYPE']),
  f('flashAttention', 'string', [], ['OLLAMA_FLASH_ATTENTION']),
];

export const ENGINE_FLAGS: Record<EngineKind, FlagSpec[]> = {
  vllm: VLLM,
  sglang: SGLANG,
  'llama.cpp': LLAMA_CPP,
  tgi: TGI,
  'tensorrt-llm': TRTLLM,
  nim: NIM,
  ollama: OLLAMA,
};

/**
 * SGLang switches that become engine options of the same meaning (mapping.ts), by flag key; the
 * manifest analysis finds an option's flag through it (LLMS067).
 */
export const SGLANG_SWITCH_OPTIONS: Partial<Record<FlagKey, string>> = {
  allreduceFusion: 'enableFlashinferAllreduceFusion',
  prefillDelayer: 'enablePrefillDelayer',
  disableCudaGraph: 'disableCudaGraph',
};

/** Display names. */
export const ENGINE_NAMES: Record<EngineKind, string> = {
  vllm: 'vLLM',
  sglang: 'SGLang',
  'llama.cpp': 'llama.cpp',
  tgi: 'TGI',
  'tensorrt-llm': 'TensorRT-LLM',
  nim: 'NIM',
  ollama: 'Ollama',
};

/** `--Max_Model_Len` → `--max-model-len`; short flags keep their single dash. */
export function normaliseFlag(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

/** The spec of a flag spelling for an engine. */
export function flagSpec(engine: EngineKind, name: string): FlagSpec | undefined {
  const n = normaliseFlag(name);
  return ENGINE_FLAGS[engine].find((s) => s.names.includes(n));
}
