/**
 * The shapes of the catalog data files (`src/core/catalog/data/*.json`) as zod schemas: the one
 * source of the catalog's types (`types.ts` infers them from here) and of the check that the data
 * has them (`checkCatalogData`, run by `npm run generate` and the unit suite).
 *
 * The runtime does not parse the data with these schemas: each JSON file has a declaration
 * (`data/*.d.json.ts`) that types its import with the inferred type, and that declaration is true
 * because generate and the tests validate the file. The extension and webview bundles therefore
 * carry neither these schemas nor a validation pass at start-up.
 *
 * The catalog is data, not code: every entry carries `sources` (citations) so a hover or an
 * "Explain Estimate" can say where a number comes from. Units are in the field names.
 * Decimal GB (1e9 bytes) is used where vendors quote it (`memoryGB`, bandwidth `GBps`);
 * GiB (2^30 bytes) where runtimes report it (`visibleMemoryGiB`).
 */
import { SERVER_CLASS_IDS } from './serverClasses';
import { z } from '../schema/zod';

const positive = z.number().positive().finite();
const nonNegative = z.number().nonnegative().finite();
const count = z.number().int().positive();
const text = z.string().min(1);

/** A citation: where a fact comes from (URL, repository@commit path, or document section). */
const SourceSchema = z.string().min(3);
const sources = z.array(SourceSchema).min(1);
const notes = z.array(z.string()).optional();
/** Other ids that resolve to the entry (case-insensitive). */
const aliases = z.array(text).optional();

/**
 * Optional fields of an `mla` layer for compressed attention (DeepSeek-V4: Compressed Sparse
 * Attention and Heavily Compressed Attention, huggingface.co/deepseek-ai/DeepSeek-V4-Pro config.json
 * `compress_ratios`, `sliding_window`, `o_groups`, `o_lora_rank`). Absent, a layer is DeepSeek-V2/V3
 * MLA: every token cached, a kv_b up-projection, one dense output projection. The workspace
 * (catalog/workspace.ts) and deployment (schema/deployment.ts) schemas repeat them: they are parsed
 * at run time and do not import this file.
 */
const MlaCompressionFields = {
  /**
   * Tokens per cached entry: a learned compressor pools each group of `compressRatio` tokens into
   * one entry (DeepSeek-V4 CSA 4, HCA 128). Default 1 (every token). 0: no compressed branch, the
   * layer attends to its `windowTokens` window only (the config's compress ratio 0). With `sparse`,
   * the indexer's keys are compressed the same way and its top-k picks among the compressed entries.
   */
  compressRatio: z.number().int().nonnegative().optional(),
  /**
   * An uncompressed sliding branch, tokens: every layer also caches the last `windowTokens` tokens
   * one entry each and attends to them besides its compressed entries (DeepSeek-V4: 128). At most
   * `windowTokens` entries a sequence, like a `sliding` layer's; the indexer does not cover it.
   */
  windowTokens: count.optional(),
  /**
   * false: no kv_b up-projection. The cached entry (kvLoraRank NoPE + qkRopeHeadDim RoPE elements)
   * is the key and the value of one MQA head (K = V) and attention runs over it in prefill and
   * decode alike (DeepSeek-V4 head_dim 512 = 448 + 64). Default true (DeepSeek-V2/V3).
   */
  kvUpProjection: z.boolean().optional(),
  /**
   * Grouped low-rank output projection (DeepSeek-V4 `o_groups`, `o_lora_rank`): the heads'
   * outputs (heads × vHeadDim) split into `groups`, each projected to `rank` (wo_a), then
   * groups × rank → hidden (wo_b); replaces the heads × vHeadDim × hidden output projection.
   */
  groupedOutput: z.strictObject({ groups: count, rank: count }).optional(),
};

/** compressRatio 0 (no compressed branch) needs the window it attends to instead. */
function windowOnlyHasWindow(a: { compressRatio?: number; windowTokens?: number }): boolean {
  return a.compressRatio !== 0 || a.windowTokens !== undefined;
}
/** The issue windowOnlyHasWindow raises. */
const WINDOW_ONLY_ISSUE = {
  message: 'compressRatio 0 (no compressed entries) needs windowTokens',
  path: ['windowTokens'],
};

/**
 * Whether a layer is sparse MLA reusing an earlier layer's indexer selection (`sparse.sharedIndexer`).
 * The first sparse layer of a model (a single kind, or the first in a pattern, which repeats from
 * layer 0) has no earlier indexer to share.
 */
function sharesIndexer(a: { kind: string; sparse?: object } | undefined): boolean {
  return a?.kind === 'mla' && (a.sparse as { sharedIndexer?: boolean } | undefined)?.sharedIndexer === true;
}
/** The issue a model whose first sparse layer shares an indexer raises. */
const SHARED_INDEXER_ISSUE = {
  message: 'the first sparse MLA layer must have its own indexer (sparse.sharedIndexer reuses an earlier one)',
};

/** Attention kind of one layer. */
export const LayerAttentionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('full'),
    /**
     * Block-sparse GQA (MiniMax Sparse Attention, MiniMax-M3 config.json `sparse_attention_config`;
     * TensorRT-LLM `modeling_minimaxm3.py` `MiniMaxM3Attention`): an indexer projects the hidden
     * state to `indexerHeads` × `indexerHeadDim` query elements and one `indexerHeadDim`-wide key
     * per token, caches that key beside K and V (in the KV format, one copy on every TP rank: the
     * index projection is replicated), scores every cached token (2 · indexerHeads · indexerHeadDim
     * FLOPs a query-token pair; the block score is the max over the block's tokens) and each query
     * attends to `topK` tokens: the top blocks plus its local block (MiniMax-M3: 16 × 128 + 128 =
     * 2,176; the local block is counted whole, so short of a block boundary it is an upper bound).
     * Indexer parameters hidden × (indexerHeads + 1) × indexerHeadDim plus two indexerHeadDim norms.
     * Absent: every query attends to every cached token (dense GQA).
     */
    sparse: z.strictObject({ topK: count, indexerHeads: count, indexerHeadDim: count }).optional(),
  }),
  z.strictObject({ kind: z.literal('sliding'), windowTokens: count }),
  /** Multi-head latent attention (DeepSeek-V2/V3): a compressed KV latent plus a shared RoPE key. */
  z
    .strictObject({
      kind: z.literal('mla'),
      kvLoraRank: count,
      /** RoPE key dimension; 0 when the latent carries no RoPE key (GLM-5.3-Flash, mla_use_nope). */
      qkRopeHeadDim: z.number().int().nonnegative(),
      qkNopeHeadDim: count,
      vHeadDim: count,
      qLoraRank: count.optional(),
      /**
       * DeepSeek Sparse Attention (DeepSeek-V3.2): a lightning indexer (`indexerHeads` × `indexerHeadDim`,
       * FP8 keys cached per token) scores every cached token and each query attends to the `topK` best.
       */
      sparse: z
        .strictObject({
          topK: count,
          indexerHeads: count,
          indexerHeadDim: count,
          /**
           * true: the layer has no indexer of its own and reuses the top-`topK` selection of the last
           * earlier layer that has one (GLM-5.2's IndexShare: config.json `indexer_types` "shared",
           * `index_topk_freq` 4; arXiv:2603.12201). It attends `topK` cached tokens like any sparse
           * layer, but caches no indexer key (0 bytes a token), runs no indexer (no scoring FLOPs,
           * none of its 9 kernels) and holds no indexer parameters. `indexerHeads` and
           * `indexerHeadDim` then describe the indexer it shares. Default false (DeepSeek-V3.2, GLM-5).
           */
          sharedIndexer: z.boolean().optional(),
        })
        .optional(),
      ...MlaCompressionFields,
    })
    .refine(windowOnlyHasWindow, WINDOW_ONLY_ISSUE),
  /** A layer with no KV cache (linear attention / SSM); carries a constant recurrent state. */
  z.strictObject({
    kind: z.literal('none'),
    stateBytesPerSequence: positive.optional(),
    /**
     * Projection parameters of one such layer (linear attention's q/k/v, gates, conv and output
     * projections), counted as attention weights: every token passes through them. 0 when absent.
     */
    params: z.number().int().nonnegative().optional(),
  }),
]);

/** Mixture-of-experts description. */
export const MoeSpecSchema = z.strictObject({
  /** Routed experts per MoE layer. */
  experts: count,
  /** Routed experts each token is sent to. */
  expertsPerToken: count,
  /** Intermediate (FFN) size of one routed expert. */
  expertFfnSize: count,
  /** Always-active shared experts per MoE layer (DeepSeek, Qwen2-MoE). 0 when none. */
  sharedExperts: z.number().int().nonnegative(),
  /** FFN size of one shared expert (defaults to expertFfnSize). */
  sharedExpertFfnSize: count.optional(),
  /**
   * Latent MoE (NVIDIA's LatentMoE, arXiv 2601.18089; Kimi-K3 `routed_expert_hidden_size`): the
   * routed experts run on a latentSize-wide projection of the hidden state instead of the hidden
   * state itself, elements. Each MoE layer then has a down projection hidden → latent before the
   * experts and an up projection latent → hidden after their sum (2 × hidden × latentSize
   * parameters that every token passes; outside the expert bank, so 16-bit in a checkpoint that
   * quantizes only the experts), one routed expert has (gated ? 3 : 2) × latentSize ×
   * expertFfnSize parameters, and tokens are dispatched to and combined from their experts at
   * latentSize (Kimi-K3's modeling_kimi_linear.py projects before `moe_infer` and normalizes and
   * projects back after it). The router and the shared experts still read the hidden state.
   * Absent: the experts read the hidden state (latentSize = hiddenSize, no projections).
   */
  latentSize: count.optional(),
  /** Number of leading dense (non-MoE) layers, which use `ffnSize` (DeepSeek-V3: 3). */
  denseLayers: z.number().int().nonnegative(),
  /** Whether expert FFNs are gated (SwiGLU: 3 matrices) — true for all catalog models. */
  gated: z.boolean().optional(),
});

/** Architecture facts of a model, as in its config.json. */
export const ModelArchitectureSchema = z.strictObject({
  layers: count,
  hiddenSize: count,
  attentionHeads: count,
  kvHeads: count,
  headDim: count,
  /** Dense FFN intermediate size (for MoE models: the dense layers' FFN). */
  ffnSize: count,
  vocabSize: count,
  tiedEmbeddings: z.boolean(),
  maxContextTokens: count,
  /** Gated FFN (SwiGLU/GeGLU, three matrices) vs plain two-matrix MLP. Default true. */
  gatedFfn: z.boolean().optional(),
  /**
   * Attention per layer. Either one kind for all layers, or a repeating pattern
   * (e.g. gemma-2: [sliding 4096, full] alternating), applied cyclically from layer 0.
   */
  attention: z.union([
    LayerAttentionSchema.refine((a) => !sharesIndexer(a), SHARED_INDEXER_ISSUE),
    z
      .strictObject({ pattern: z.array(LayerAttentionSchema).min(1) })
      .refine((a) => !sharesIndexer(a.pattern.find((l) => l.kind === 'mla' && l.sparse)), SHARED_INDEXER_ISSUE),
  ]),
  moe: MoeSpecSchema.optional(),
});

/** Weight bytes of a checkpoint as stored (scales, zero points and unquantized tensors included). */
const CheckpointWeightsSchema = z.strictObject({
  /** Catalog weight-format id the checkpoint is sized and timed as. */
  format: text,
  /** Total bytes of the weights the engine loads. */
  bytes: positive,
  /** The file(s) the bytes come from. */
  source: text,
});

/** One catalog model. */
export const ModelEntrySchema = z.strictObject({
  id: text,
  name: text,
  /** Other ids that resolve to this entry (e.g. `deepseek-r1` → `deepseek-v3` architecture). */
  aliases,
  /**
   * Hugging Face repo ids (`org/name`, as the Hub spells them) of checkpoints with exactly this
   * architecture; also accepted wherever a model id is.
   */
  huggingface: z
    .array(z.string().regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/))
    .min(1)
    .optional(),
  family: text,
  architecture: ModelArchitectureSchema,
  /** Total parameters (all experts), count (not billions). */
  totalParams: positive,
  /** Parameters used per token (active experts only); equals totalParams for dense models. */
  activeParams: positive,
  /** Native precision of the released checkpoint (e.g. bf16; fp8 for DeepSeek-V3; mxfp4 experts for gpt-oss). */
  nativeWeights: text,
  /**
   * Bits per weight of the non-expert linear layers (attention, shared experts, router) in the
   * released checkpoint, when it quantizes them differently from the routed experts: DeepSeek-V4's
   * release keeps MXFP4 experts and FP8 e4m3 (128 × 128 block scales) everywhere else, 8. Applied
   * only when the weight format in use is `nativeWeights`; without it, a format that quantizes only
   * the experts (`quantizedGemms: experts`) leaves those layers at 16 bits.
   */
  nativeNonExpertBitsPerWeight: z.number().positive().max(32).optional(),
  /**
   * Exact bytes of a checkpoint read from model files (config.json with its quantization, GGUF
   * tensor table, safetensors headers). When the weight format in use is `format`, the estimator
   * takes these bytes instead of parameters × bits per weight. Never in the built-in data.
   */
  checkpoint: CheckpointWeightsSchema.optional(),
  sources,
  notes,
});

const tflops = nonNegative.nullable();
/** Dense matrix throughput per precision, TFLOPS (TOPS for int8). Never the 2:4-sparse figure. */
const MatrixThroughputSchema = z.strictObject({
  /** FP16/BF16 tensor-core rate with FP32 accumulate (what inference GEMMs use). */
  bf16: tflops,
  /** FP16 with FP16 accumulate, where it differs (GeForce cards: 2× the FP32-accumulate rate). */
  fp16Fp16Accumulate: tflops.optional(),
  fp8: tflops,
  int8: tflops,
  fp4: tflops,
  /** Plain FP32 (non-tensor) rate; used for CPU and devices without matrix units. */
  fp32: tflops.optional(),
});

export const HardwareClassSchema = z.enum([
  'datacenter-gpu',
  'workstation-gpu',
  'consumer-gpu',
  'unified-memory',
  'cpu',
]);
const InterconnectKindSchema = z.enum(['nvlink', 'infinity-fabric', 'gaudi-roce', 'pcie', 'none']);

/** A dated price with its source. */
const DatedPriceSchema = z.strictObject({
  usd: positive,
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date: z.string().regex(/^\d{4}(-\d{2}){0,2}$/),
  source: SourceSchema,
  /**
   * How far the figure can be trusted: `high` a vendor's list price of the very product, `medium` a
   * launch MSRP or a median over providers, `low` one listing or a third-party estimate. `recommend`
   * ranks low-confidence prices below others when the costs are close. Absent: `low`.
   */
  confidence: z.enum(['high', 'medium', 'low']).optional(),
  note: z.string().optional(),
});

/** How a device is bought and housed (serverClasses.ts). */
export const ServerClassSchema = z.enum(SERVER_CLASS_IDS);

/** One catalog device (a GPU, accelerator, or unified-memory SoC). */
export const HardwareEntrySchema = z.strictObject({
  id: text,
  name: text,
  aliases,
  /**
   * Node-label values naming this device, spelt exactly as the labeller writes them (NVIDIA GPU
   * feature discovery's `nvidia.com/gpu.product`, GKE's `cloud.google.com/gke-accelerator`,
   * Karpenter's `karpenter.k8s.aws/instance-gpu-name`) and cloud accelerator labels.
   */
  labels: z.array(text).min(1).optional(),
  vendor: text,
  class: HardwareClassSchema,
  /** Vendor-marketed capacity, decimal GB. For unified-memory chips: the default configuration. */
  memoryGB: positive,
  /** Capacity the runtime sees (nvidia-smi / torch total), GiB. H100 80 GB shows 79.18. */
  visibleMemoryGiB: positive,
  /** Unified-memory chips: the configurations it is sold with, decimal GB. */
  memoryConfigsGB: z.array(positive).optional(),
  /** Peak memory bandwidth, GB/s (1e9 B/s). */
  memoryBandwidthGBps: positive,
  /**
   * Memory technology where it sets the device apart from its class: `gddr` for data-centre cards
   * built on workstation silicon and GDDR (L40S, L4, A10, T4...), whose single-stream kernels reach
   * the share of bandwidth a workstation card does, not an HBM part's. Efficiency tables may key on
   * `class:memoryType` (src/core/estimate/timing.ts).
   */
  memoryType: z.enum(['hbm', 'gddr', 'lpddr']).optional(),
  tflops: MatrixThroughputSchema,
  tdpW: positive,
  /** Idle power, W (used for energy at low utilisation). */
  idleW: positive.optional(),
  interconnect: z.strictObject({
    kind: InterconnectKindSchema,
    /** GPU-to-GPU bandwidth per GPU, unidirectional GB/s (NVLink 4: 450). For PCIe: the slot's per-direction rate. */
    perGpuGBps: nonNegative,
  }),
  /** How it is bought and housed (server, board, PC); absent: by class (docs/placements.md). */
  server: ServerClassSchema.optional(),
  /** Whether it executes fp8 matrix math natively. */
  supportsFp8: z.boolean(),
  /** Whether it executes fp4 matrix math natively (Blackwell). */
  supportsFp4: z.boolean(),
  /** Reference purchase price per device. */
  purchasePrice: DatedPriceSchema.optional(),
  /** Reference on-demand cloud price per GPU-hour (absent for consumer/edge parts). */
  cloudPricePerGpuHour: DatedPriceSchema.optional(),
  sources,
  confidence: z.enum(['high', 'medium', 'low']),
  notes,
});

/** One weight or KV-cache storage format. */
export const FormatEntrySchema = z.strictObject({
  id: text,
  aliases,
  name: text,
  /** Exact bits per weight including block scales (q4_0: 4.5 = 18 bytes per 32 weights). */
  bitsPerWeight: positive,
  /** Weights-only or also usable for the KV cache. */
  usableFor: z.array(z.enum(['weights', 'kv'])).min(1),
  /** Family: float (bf16/fp8), integer (int8/awq/gptq), microscaled (nvfp4/mxfp4), gguf. */
  family: z.enum(['float', 'integer', 'microscaled', 'gguf']),
  /** Precision the matrix math runs at with these weights (fp8 weights on H100 → fp8 GEMM). */
  computePrecision: z.enum(['bf16', 'fp8', 'int8', 'fp4', 'fp32']),
  /**
   * Bits per weight of the tensors the format leaves in higher precision
   * (token embeddings, lm_head; norms are always f32/bf16 and negligible).
   */
  embeddingBitsPerWeight: positive,
  /**
   * Which GEMMs run in the low precision (and so quantize their input activations first, one kernel
   * each): `all` linear layers (default), or the MoE `experts` only (gpt-oss's MXFP4 release).
   */
  quantizedGemms: z.enum(['all', 'experts']).optional(),
  /** For GGUF "_M/_S" mixes: what the mix is, in words. */
  mix: z.string().optional(),
  sources,
});

/**
 * When a paged engine admits a request: once KV blocks for its whole length (prompt + maximum new
 * tokens) are reserved, so a replica holds the sequences that fit at full length
 * (`reserve-full-length`), or on the blocks its tokens use so far (`blocks-in-use`, the mean
 * in-flight length; src/core/estimate/admission.ts).
 */
export const KvAdmissionRuleSchema = z.enum(['reserve-full-length', 'blocks-in-use']);

/**
 * An engine whose admission rule is an engine option (TensorRT-LLM `capacitySchedulerPolicy`).
 * Without it a paged engine admits on the blocks in use (vLLM, SGLang) and a `fit-with-margin`
 * engine reserves each slot's whole context.
 */
const KvAdmissionSchema = z
  .strictObject({
    /** The `engineOptions` key that chooses the rule (one of the entry's `options`). */
    option: text,
    /**
     * What the option configures, in words (`capacity scheduler`): assumptions say "capacity scheduler
     * STATIC_BATCH", findings "TensorRT-LLM's capacity scheduler policy: one of …".
     */
    label: text,
    /** The option's value when a deployment does not set it (a key of `values`). */
    default: text,
    /** Each value the engine accepts (compared case-insensitively) and the rule it sets. */
    values: z.record(text, KvAdmissionRuleSchema),
  })
  .refine((a) => Object.keys(a.values).includes(a.default), {
    message: '`default` must be one of the keys of `values`',
    path: ['default'],
  });

/**
 * The KV-cache format an engine defaults to for some weight formats, overriding `defaultKv`
 * (TensorRT-LLM: KV dtype `auto` follows a ModelOpt FP8/NVFP4 checkpoint's `kv_cache_quant_algo`).
 */
const DefaultKvByWeightsSchema = z.strictObject({
  /** Weight format id → KV format id. */
  weights: z.record(text, text).refine((w) => Object.keys(w).length > 0, 'name at least one weight format'),
  /** Models with multi-head latent attention keep `defaultKv` (their checkpoints quantize no attention). */
  exceptMla: z.boolean(),
});

/** Engine memory contract and behaviour. */
/**
 * Engines that share an activation-memory model (one per family in src/core/estimate/activations.ts):
 * an engine names the family whose profile run or compute buffers it reproduces.
 */
export const EngineFamilySchema = z.enum(['vllm', 'sglang', 'tensorrt-llm', 'llama.cpp']);

export const EngineEntrySchema = z.strictObject({
  id: text,
  name: text,
  /** The activation model it follows (src/core/estimate/activations.ts). */
  family: EngineFamilySchema,
  aliases,
  /** What the memory setting means. */
  memoryContract: z.strictObject({
    /** `fraction-of-total` (vLLM, SGLang), `fraction-of-free` (TensorRT-LLM), `fit-with-margin` (llama.cpp, Ollama). */
    kind: z.enum(['fraction-of-total', 'fraction-of-free', 'fit-with-margin']),
    /** Default of the fraction setting (vLLM gpu_memory_utilization 0.9; SGLang mem_fraction_static ~0.88; TRT-LLM kv free fraction 0.9). */
    defaultFraction: z.number().gt(0).lte(1).optional(),
    /** Fixed runtime reserve per GPU, GiB (CUDA context, allocator slack). */
    runtimeReserveGiB: nonNegative,
    /** Margin kept free per device, GiB (llama.cpp --fit 1 GiB). */
    marginGiB: nonNegative.optional(),
    /** Paged-KV block size, tokens. */
    kvBlockTokens: count.optional(),
  }),
  /** Weight formats it can load. */
  weightFormats: z.array(text).min(1),
  /** KV-cache formats it supports. */
  kvFormats: z.array(text).min(1),
  /** Default KV format. */
  defaultKv: text,
  /** Weight formats whose checkpoints set another default KV format than `defaultKv`. */
  defaultKvByWeights: DefaultKvByWeightsSchema.optional(),
  /** An admission rule chosen by an engine option; absent: the rule of the memory contract. */
  kvAdmission: KvAdmissionSchema.optional(),
  /**
   * The KV connector its disaggregated serving uses when a deployment names none (SGLang's
   * `--disaggregation-transfer-backend` defaults to mooncake); absent: nixl.
   */
  defaultKvConnector: z.enum(['nixl', 'mooncake', 'nccl', 'lmcache', 'deepep-internal']).optional(),
  /** Engine option names it understands in `engineOptions` (documented in docs/format.md). */
  options: z.array(text),
  /** Speculative decoding methods it runs (`speculative.method` of a placement). */
  speculativeMethods: z.array(z.enum(['mtp', 'eagle', 'draft-model', 'ngram'])),
  /**
   * It shards the KV cache along the tokens over the tensor-parallel ranks that would otherwise
   * duplicate it (`parallelism.decodeContext`: vLLM `--decode-context-parallel-size`); absent: no.
   */
  decodeContextParallel: z.boolean().optional(),
  /**
   * Options (of `options`) it accepts only with attention data parallel (`parallelism.data` > 1):
   * SGLang refuses to start with `--enable-prefill-delayer` but no `--enable-dp-attention`
   * (LLMS067); absent: none.
   */
  dataParallelOptions: z.array(text).optional(),
  sources,
  notes,
});

/** Cloud providers whose GPU instance types are in instances.json. */
export const CloudProviderSchema = z.enum(['aws', 'gcp', 'azure', 'oci', 'lambda', 'coreweave']);

/** One cloud GPU instance type / VM size and the devices it carries. */
export const InstanceEntrySchema = z.strictObject({
  /** The provider's own spelling (`p5.48xlarge`, `a3-highgpu-8g`, `Standard_ND96isr_H100_v5`). */
  id: z.string().min(2),
  cloud: CloudProviderSchema,
  /** Catalog hardware id of its GPU. */
  hardware: text,
  /** GPUs attached to one instance (1 for a fractional VM). */
  gpus: count,
  /** Share of the one GPU a partitioned VM gets (Azure NVads A10 v5). Absent for whole GPUs. */
  gpuFraction: z.number().gt(0).lt(1).optional(),
  sources,
  notes,
});

/** A reference figure: the default the estimator uses, with its range and sources. */
const ReferenceFigureSchema = z.strictObject({
  value: z.number().finite(),
  range: z.tuple([z.number().finite(), z.number().finite()]).optional(),
  /** When a price was quoted. */
  date: z.string().optional(),
  source: SourceSchema,
  confidence: z.enum(['high', 'medium', 'low']),
  note: z.string().optional(),
});
const figure = ReferenceFigureSchema;

/** What one server class needs around its devices (reference.json `tco.serverClasses`). */
const ServerClassFigures = z
  .strictObject({
    /** Devices per server (board, rack). */
    gpusPerServer: z.number().int().min(1),
    /** Devices are sold only in whole servers (8-GPU baseboards, NVL72 racks). */
    wholeServers: z.boolean(),
    /** Network, cabling and racks (hiddenCapexFraction) apply: a data-centre server. */
    dataCentre: z.boolean(),
    /** Host max power per W of GPU TDP (board and rack classes). */
    hostMaxWPerGpuTdpW: figure.optional(),
    /** Host max power per server, W (PCIe servers, workstations, PCs). */
    hostMaxW: figure.optional(),
    /** Host power at zero load as a share of its max. */
    hostIdleFraction: figure,
    /** Price of one server without its devices, USD. */
    serverUsd: figure,
  })
  .refine((c) => (c.hostMaxWPerGpuTdpW === undefined) !== (c.hostMaxW === undefined), {
    message: 'exactly one of hostMaxWPerGpuTdpW and hostMaxW',
  });

/** reference.json: TCO and network defaults (`placements/economics.ts`). */
export const ReferenceFileSchema = z.strictObject({
  $comment: z.string().optional(),
  tco: z.strictObject({
    electricityUsdPerKwh: figure,
    pue: figure,
    amortizationMonths: figure,
    residualValueFractionAt36Months: figure,
    nodePowerToGpuTdpRatio: figure,
    colocationUsdPerKwMonth: figure,
    hiddenCapexFraction: figure,
    cloudBillOverheadFraction: figure,
    reservedDiscountFraction: figure,
    spotDiscountFraction: figure,
    referenceCapex: z.record(z.string(), figure),
    rackDensityKw: z.record(z.string(), figure),
    gpuPower: z.strictObject({ $comment: z.string(), prefillFractionOfTdp: figure, decodeFractionOfTdp: figure }),
    serverClasses: z
      .strictObject({ $comment: z.string() })
      .extend(
        Object.fromEntries(ServerClassSchema.options.map((c) => [c, ServerClassFigures])) as Record<
          z.infer<typeof ServerClassSchema>,
          typeof ServerClassFigures
        >,
      ),
    cautions: z.array(z.string()),
  }),
  networkRttMs: z.strictObject({
    sameMetro: figure,
    sameContinent: figure,
    crossContinent: figure,
    accessNetwork: z.record(z.string(), figure),
  }),
  sources: z.array(z.string()),
});

/** A data file holding one catalog section: `{ "$comment"?, "entries": [...] }`. */
function sectionFile<T extends z.ZodType>(entry: T) {
  return z.strictObject({ $comment: z.string().optional(), entries: z.array(entry).min(1) });
}

export const ModelsFileSchema = sectionFile(ModelEntrySchema);
export const HardwareFileSchema = sectionFile(HardwareEntrySchema);
export const FormatsFileSchema = sectionFile(FormatEntrySchema);
export const EnginesFileSchema = sectionFile(EngineEntrySchema);
const InstancesFileSchema = sectionFile(InstanceEntrySchema);

/** Every catalog data file (name in `data/`) and its schema. `instances.json` is optional. */
export const CATALOG_FILES = {
  'models.json': ModelsFileSchema,
  'hardware.json': HardwareFileSchema,
  'formats.json': FormatsFileSchema,
  'engines.json': EnginesFileSchema,
  'reference.json': ReferenceFileSchema,
  'instances.json': InstancesFileSchema,
} as const;
export type CatalogFileName = keyof typeof CATALOG_FILES;
