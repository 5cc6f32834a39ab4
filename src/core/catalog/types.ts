/**
 * Shapes of the catalog data files in `src/core/catalog/data/*.json`.
 *
 * The catalog is data, not code: every entry carries `sources` (citations) so a hover or an
 * "Explain Estimate" can say where a number comes from. Units are in the field names.
 * Decimal GB (1e9 bytes) is used where vendors quote it (`memoryGB`, bandwidth `GBps`);
 * GiB (2^30 bytes) where runtimes report it (`visibleMemoryGiB`).
 */

/** A citation: where a fact comes from (URL, repository@commit path, or document section). */
export type Source = string;

/** Attention kind of one layer. */
export type LayerAttention =
  | { kind: 'full' }
  | { kind: 'sliding'; windowTokens: number }
  /** Multi-head latent attention (DeepSeek-V2/V3): a compressed KV latent plus a shared RoPE key. */
  | { kind: 'mla'; kvLoraRank: number; qkRopeHeadDim: number; qkNopeHeadDim: number; vHeadDim: number; qLoraRank?: number }
  /** A layer with no KV cache (linear attention / SSM); carries a constant recurrent state. */
  | { kind: 'none'; stateBytesPerSequence?: number };

/** Mixture-of-experts description. */
export interface MoeSpec {
  /** Routed experts per MoE layer. */
  experts: number;
  /** Routed experts each token is sent to. */
  expertsPerToken: number;
  /** Intermediate (FFN) size of one routed expert. */
  expertFfnSize: number;
  /** Always-active shared experts per MoE layer (DeepSeek, Qwen2-MoE). 0 when none. */
  sharedExperts: number;
  /** FFN size of one shared expert (defaults to expertFfnSize). */
  sharedExpertFfnSize?: number;
  /** Number of leading dense (non-MoE) layers, which use `ffnSize` (DeepSeek-V3: 3). */
  denseLayers: number;
  /** Whether expert FFNs are gated (SwiGLU: 3 matrices) — true for all catalog models. */
  gated?: boolean;
}

/** Architecture facts of a model, as in its config.json. */
export interface ModelArchitecture {
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  /** Dense FFN intermediate size (for MoE models: the dense layers' FFN). */
  ffnSize: number;
  vocabSize: number;
  tiedEmbeddings: boolean;
  maxContextTokens: number;
  /** Gated FFN (SwiGLU/GeGLU, three matrices) vs plain two-matrix MLP. Default true. */
  gatedFfn?: boolean;
  /**
   * Attention per layer. Either one kind for all layers, or a repeating pattern
   * (e.g. gemma-2: [sliding 4096, full] alternating), applied cyclically from layer 0.
   */
  attention: LayerAttention | { pattern: LayerAttention[] };
  moe?: MoeSpec;
}

/** One catalog model. */
export interface ModelEntry {
  id: string;
  name: string;
  /** Other ids that resolve to this entry (e.g. `deepseek-r1` → `deepseek-v3` architecture). */
  aliases?: string[];
  /**
   * Hugging Face repo ids (`org/name`, as the Hub spells them) of checkpoints with exactly this
   * architecture: base and instruct variants, and official FP8/AWQ re-releases. Matched
   * case-insensitively (src/core/catalog/aliases.ts); also accepted wherever a model id is.
   */
  huggingface?: string[];
  family: string;
  architecture: ModelArchitecture;
  /** Total parameters (all experts), count (not billions). */
  totalParams: number;
  /** Parameters used per token (active experts only); equals totalParams for dense models. */
  activeParams: number;
  /** Native precision of the released checkpoint (e.g. bf16; fp8 for DeepSeek-V3; mxfp4 experts for gpt-oss). */
  nativeWeights: string;
  /**
   * Exact bytes of a checkpoint read from model files (config.json with its quantization, GGUF
   * tensor table, safetensors headers). When the weight format in use is `format`, the estimator
   * takes these bytes instead of parameters × bits per weight.
   */
  checkpoint?: CheckpointWeights;
  sources: Source[];
  notes?: string[];
}

/** Weight bytes of a checkpoint as stored (scales, zero points and unquantized tensors included). */
export interface CheckpointWeights {
  /** Catalog weight-format id the checkpoint is sized and timed as. */
  format: string;
  /** Total bytes of the weights the engine loads. */
  bytes: number;
  /** The file(s) the bytes come from. */
  source: string;
}

/** Dense matrix throughput per precision, TFLOPS (TOPS for int8). Never the 2:4-sparse figure. */
export interface MatrixThroughput {
  /** FP16/BF16 tensor-core rate with FP32 accumulate (what inference GEMMs use). */
  bf16: number | null;
  /** FP16 with FP16 accumulate, where it differs (GeForce cards: 2× the FP32-accumulate rate). */
  fp16Fp16Accumulate?: number | null;
  fp8: number | null;
  int8: number | null;
  fp4: number | null;
  /** Plain FP32 (non-tensor) rate; used for CPU and devices without matrix units. */
  fp32?: number | null;
}

export type HardwareClass =
  | 'datacenter-gpu'
  | 'workstation-gpu'
  | 'consumer-gpu'
  | 'unified-memory'
  | 'cpu';

export type InterconnectKind = 'nvlink' | 'infinity-fabric' | 'gaudi-roce' | 'pcie' | 'none';

/** A dated price with its source. */
export interface DatedPrice {
  usd: number;
  date: string;
  source: Source;
  note?: string;
}

/** One catalog device (a GPU, accelerator, or unified-memory SoC). */
export interface HardwareEntry {
  id: string;
  name: string;
  aliases?: string[];
  /**
   * Node-label values naming this device, spelt exactly as the labeller writes them:
   * NVIDIA GPU feature discovery's `nvidia.com/gpu.product` (the NVML product name with spaces
   * turned into `-`, e.g. `NVIDIA-H100-80GB-HBM3`, `Tesla-T4`: always has capitals), GKE's
   * `cloud.google.com/gke-accelerator` (lower case, `nvidia-…`, e.g. `nvidia-h100-80gb`) and
   * Karpenter's `karpenter.k8s.aws/instance-gpu-name` (lower case, no vendor prefix, e.g. `a10g`).
   * The spelling tells the label key apart (see `gpuNodeLabels`); a value naming two devices
   * (Karpenter's `a100` is both 40 and 80 GB) is left out.
   */
  labels?: string[];
  vendor: string;
  class: HardwareClass;
  /** Vendor-marketed capacity, decimal GB. For unified-memory chips: the default configuration. */
  memoryGB: number;
  /** Capacity the runtime sees (nvidia-smi / torch total), GiB. H100 80 GB shows 79.18. */
  visibleMemoryGiB: number;
  /** Unified-memory chips: the configurations it is sold with, decimal GB. */
  memoryConfigsGB?: number[];
  /** Peak memory bandwidth, GB/s (1e9 B/s). */
  memoryBandwidthGBps: number;
  tflops: MatrixThroughput;
  tdpW: number;
  /** Idle power, W (used for energy at low utilisation). */
  idleW?: number;
  interconnect: {
    kind: InterconnectKind;
    /** GPU-to-GPU bandwidth per GPU, unidirectional GB/s (NVLink 4: 450). For PCIe: the slot's per-direction rate. */
    perGpuGBps: number;
  };
  /** Whether it executes fp8 matrix math natively. */
  supportsFp8: boolean;
  /** Whether it executes fp4 matrix math natively (Blackwell). */
  supportsFp4: boolean;
  /** Reference purchase price per device. */
  purchasePrice?: DatedPrice;
  /** Reference on-demand cloud price per GPU-hour (absent for consumer/edge parts). */
  cloudPricePerGpuHour?: DatedPrice;
  sources: Source[];
  confidence: 'high' | 'medium' | 'low';
  notes?: string[];
}

/** One weight or KV-cache storage format. */
export interface FormatEntry {
  id: string;
  aliases?: string[];
  name: string;
  /** Exact bits per weight including block scales (q4_0: 4.5 = 18 bytes per 32 weights). */
  bitsPerWeight: number;
  /** Weights-only or also usable for the KV cache. */
  usableFor: Array<'weights' | 'kv'>;
  /** Family: float (bf16/fp8), integer (int8/awq/gptq), microscaled (nvfp4/mxfp4), gguf. */
  family: 'float' | 'integer' | 'microscaled' | 'gguf';
  /** Precision the matrix math runs at with these weights (fp8 weights on H100 → fp8 GEMM). */
  computePrecision: 'bf16' | 'fp8' | 'int8' | 'fp4' | 'fp32';
  /**
   * Bits per weight of the tensors the format leaves in higher precision
   * (token embeddings, lm_head; norms are always f32/bf16 and negligible).
   */
  embeddingBitsPerWeight: number;
  /** For GGUF "_M/_S" mixes: what the mix is, in words. */
  mix?: string;
  sources: Source[];
}

/** Engine memory contract and behaviour. */
/**
 * Engines that share an activation-memory model (one per family in src/core/estimate/activations.ts):
 * an engine names the family whose profile run or compute buffers it reproduces.
 */
export type EngineFamily = 'vllm' | 'sglang' | 'tensorrt-llm' | 'llama.cpp';

export interface EngineEntry {
  id: string;
  name: string;
  /** The activation model it follows (src/core/estimate/activations.ts). */
  family: EngineFamily;
  aliases?: string[];
  /** What the memory setting means. */
  memoryContract: {
    /** `fraction-of-total` (vLLM, SGLang), `fraction-of-free` (TensorRT-LLM), `fit-with-margin` (llama.cpp, Ollama). */
    kind: 'fraction-of-total' | 'fraction-of-free' | 'fit-with-margin';
    /** Default of the fraction setting (vLLM gpu_memory_utilization 0.9; SGLang mem_fraction_static ~0.88; TRT-LLM kv free fraction 0.9). */
    defaultFraction?: number;
    /** Fixed runtime reserve per GPU, GiB (CUDA context, allocator slack). */
    runtimeReserveGiB: number;
    /** Margin kept free per device, GiB (llama.cpp --fit 1 GiB). */
    marginGiB?: number;
    /** Paged-KV block size, tokens. */
    kvBlockTokens?: number;
  };
  /** Weight formats it can load. */
  weightFormats: string[];
  /** KV-cache formats it supports. */
  kvFormats: string[];
  /** Default KV format given the weight format family. */
  defaultKv: string;
  /** Engine option names it understands in `engineOptions` (documented in docs/format.md). */
  options: string[];
  sources: Source[];
  notes?: string[];
}

/** Cloud providers whose GPU instance types are in instances.json. */
export type CloudProvider = 'aws' | 'gcp' | 'azure' | 'oci' | 'lambda' | 'coreweave';

/** One cloud GPU instance type / VM size and the devices it carries. */
export interface InstanceEntry {
  /** The provider's own spelling (`p5.48xlarge`, `a3-highgpu-8g`, `Standard_ND96isr_H100_v5`). */
  id: string;
  cloud: CloudProvider;
  /** Catalog hardware id of its GPU. */
  hardware: string;
  /** GPUs attached to one instance (1 for a fractional VM). */
  gpus: number;
  /**
   * Share of the one GPU a partitioned VM gets (Azure NVads A10 v5: 1/6, 1/3, 1/2 of an A10 —
   * memory and compute both). Absent for whole GPUs.
   */
  gpuFraction?: number;
  sources: Source[];
  notes?: string[];
}
