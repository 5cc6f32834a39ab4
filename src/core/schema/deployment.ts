/**
 * The deployment file format v1 as a zod schema — the single source of truth for every field:
 * types, ranges, enums, descriptions and examples. `schemas/deployment.schema.json` and
 * `docs/format.md` are generated from it (`npm run build`), and validation messages quote it.
 *
 * The core of the format is a contract (`docs/reference/deployment-format.md`): fields there are
 * never renamed. Additions are marked "(extension)" in their description.
 *
 * Catalog ids (model, hardware, formats, engines) are plain strings here; whether they exist is
 * checked against the catalog by `validate/catalogRules.ts`, which can suggest the nearest id.
 */
import enginesData from '../catalog/data/engines.json';
import { z } from './zod';

/** The `apiVersion` value that marks a deployment document. */
export const API_VERSION = 'llm-sizing/v1';
/** The `kind` value that marks a deployment document. */
export const KIND = 'Deployment';

/**
 * Most placements one deployment may compare. A decision compares a handful; the bound keeps a
 * generated or hostile file (tens of thousands of placements) from costing seconds per keystroke.
 */
export const MAX_PLACEMENTS = 100;

/**
 * Numbers with plausibility bounds: a value far outside what any deployment has (a request rate
 * of 1e-305/s, a GPU-hour at $1e308) is a typo, reported with LLMS012 instead of producing
 * infinite costs downstream.
 */
/** The largest parameter count accepted for a custom architecture (10 trillion). */
const MAX_PARAMS = 1e13;

const positiveNumber = (description: string, max = 1e9, min?: number) =>
  (min === undefined ? z.number().positive() : z.number().min(min)).max(max).describe(description);
const nonNegativeNumber = (description: string, max = 1e12) => z.number().nonnegative().max(max).describe(description);
/** Request rates, requests/s: at least one request per ~12 days, at most ten million per second. */
const rate = (description: string, optionalZero = false) =>
  optionalZero
    ? z.number().nonnegative().max(1e7).describe(description)
    : z.number().min(1e-6).max(1e7).describe(description);

/** A catalog id; existence is checked against the catalog, not by the schema. */
const catalogId = (description: string, examples: string[]) =>
  z.string().min(1).describe(description).meta({ examples });

/** Engine options: keys are checked per engine by `validate/catalogRules.ts`. */
const EngineOptions = z
  .record(z.string(), z.union([z.number(), z.boolean(), z.string()]))
  .describe(
    'Engine settings, named as in the engine (camelCase): e.g. vLLM `gpuMemoryUtilization`, `maxModelLen`, `maxNumSeqs`; ' +
      'llama.cpp `ctxSize`, `parallel`, `backend` (cuda, rocm, vulkan, metal, …); TensorRT-LLM `kvCacheFreeGpuMemoryFraction`, `capacitySchedulerPolicy` (GUARANTEED_NO_EVICT, the default, STATIC_BATCH or MAX_UTILIZATION); LMDeploy `cacheMaxEntryCount`. ' +
      'Unknown options get a warning.',
  )
  .meta({ examples: [{ gpuMemoryUtilization: 0.9, maxModelLen: 16384 }] });

/** Engine ids, in catalog order (engines.json is the one list; package.json's setting enum is tested against it). */
export const ENGINE_IDS: readonly string[] = enginesData.entries.map((e) => e.id);

const Engine = catalogId(`Serving engine: ${ENGINE_IDS.join(' | ')}.`, [...ENGINE_IDS]);

/** An inline description of a model that is not in the catalog (same fields as catalog entries). */
const LayerAttention = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('full'),
    sparse: z
      .strictObject({
        topK: z
          .number()
          .int()
          .positive()
          .describe('Cached tokens each query attends to (MiniMax-M3: 16 blocks of 128 + the local block = 2176).'),
        indexerHeads: z.number().int().positive().describe('Query heads of the indexer (MiniMax-M3: 4).'),
        indexerHeadDim: z
          .number()
          .int()
          .positive()
          .describe('Indexer key dimension; one key a token cached in the KV format (MiniMax-M3: 128).'),
      })
      .optional()
      .describe(
        'Block-sparse GQA (MiniMax Sparse Attention): an indexer scores every cached token and each query attends to the topK tokens of its best blocks.',
      ),
  }),
  z.strictObject({
    kind: z.literal('sliding'),
    windowTokens: z.number().int().positive().describe('Sliding-window size, tokens.'),
  }),
  z.strictObject({
    kind: z.literal('mla'),
    kvLoraRank: z.number().int().positive(),
    qkRopeHeadDim: z.number().int().nonnegative(),
    qkNopeHeadDim: z.number().int().positive(),
    vHeadDim: z.number().int().positive(),
    qLoraRank: z.number().int().positive().optional(),
    sparse: z
      .strictObject({
        topK: z.number().int().positive().describe('Cached tokens each query attends to (DeepSeek-V3.2: 2048).'),
        indexerHeads: z.number().int().positive().describe('Heads of the lightning indexer (DeepSeek-V3.2: 64).'),
        indexerHeadDim: z
          .number()
          .int()
          .positive()
          .describe('Indexer key dimension, cached in FP8 (DeepSeek-V3.2: 128).'),
        sharedIndexer: z
          .boolean()
          .optional()
          .describe(
            "true: no indexer of its own; the layer attends the topK tokens the last earlier indexer layer picked (GLM-5.2 IndexShare, indexer_types 'shared'): no indexer key cached, no indexer run, no indexer parameters. Default false.",
          ),
      })
      .optional()
      .describe('DeepSeek Sparse Attention: an indexer picks the topK cached tokens each query attends to.'),
    compressRatio: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'Tokens per cached entry (DeepSeek-V4: 4 in CSA layers, 128 in HCA layers); default 1. 0: no compressed entries, the windowTokens branch only. With sparse, the indexer keys are compressed alike.',
      ),
    windowTokens: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'An uncompressed sliding branch of the last windowTokens tokens, attended besides the compressed entries (DeepSeek-V4: 128).',
      ),
    kvUpProjection: z
      .boolean()
      .optional()
      .describe(
        'false: no kv_b up-projection; the cached entry (kvLoraRank + qkRopeHeadDim) is K and V of one MQA head (DeepSeek-V4). Default true.',
      ),
    groupedOutput: z
      .strictObject({
        groups: z.number().int().positive().describe('Output groups (DeepSeek-V4 o_groups).'),
        rank: z.number().int().positive().describe('Low rank of each group (DeepSeek-V4 o_lora_rank).'),
      })
      .optional()
      .describe('Grouped low-rank output projection: heads × vHeadDim → groups × rank → hidden.'),
  }),
  z.strictObject({
    kind: z.literal('none'),
    stateBytesPerSequence: z.number().nonnegative().optional(),
    params: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        "Projection parameters of one such layer (linear attention's q/k/v, gates, conv, output), counted as attention weights.",
      ),
  }),
]);

const Architecture = z
  .strictObject({
    name: z.string().optional().describe('Display name of the custom model.'),
    // Real models run to ~1e12 parameters (DeepSeek-V3 671B, Kimi K2 1T); 1e13 leaves room without admitting nonsense.
    totalParams: positiveNumber('Total parameters (all experts), a count, e.g. 8030261248.', MAX_PARAMS),
    activeParams: positiveNumber('Parameters active per token; defaults to totalParams.', MAX_PARAMS).optional(),
    layers: z.number().int().min(1).max(1000).describe('Transformer layers.'),
    hiddenSize: z.number().int().min(1).max(1_000_000).describe('Hidden (model) dimension.'),
    attentionHeads: z.number().int().min(1).max(10_000).describe('Query heads.'),
    kvHeads: z.number().int().min(1).max(10_000).describe('Key/value heads (GQA: fewer than attentionHeads; MQA: 1).'),
    headDim: z.number().int().min(1).max(10_000).describe('Dimension of one attention head.'),
    ffnSize: z.number().int().min(1).max(10_000_000).describe('FFN intermediate size (dense layers).'),
    vocabSize: z.number().int().min(1).max(10_000_000).describe('Vocabulary size.'),
    tiedEmbeddings: z.boolean().default(false).describe('Whether the output head shares the embedding matrix.'),
    maxContextTokens: z.number().int().min(1).max(100_000_000).describe('Longest context the model supports, tokens.'),
    gatedFfn: z.boolean().optional().describe('Gated FFN (SwiGLU, three matrices). Default true.'),
    attention: z
      .union([LayerAttention, z.strictObject({ pattern: z.array(LayerAttention).min(1) })])
      .optional()
      .describe('Attention per layer: one kind for all layers, or a `pattern` repeated from layer 0. Default full.'),
    moe: z
      .strictObject({
        experts: z.number().int().min(1).max(100_000).describe('Routed experts per MoE layer.'),
        expertsPerToken: z.number().int().min(1).max(100_000).describe('Routed experts each token uses.'),
        expertFfnSize: z.number().int().min(1).max(10_000_000).describe('FFN size of one routed expert.'),
        sharedExperts: z
          .number()
          .int()
          .min(0)
          .max(1000)
          .default(0)
          .describe('Always-active shared experts per MoE layer.'),
        sharedExpertFfnSize: z
          .number()
          .int()
          .min(1)
          .max(10_000_000)
          .optional()
          .describe('FFN size of one shared expert (default: expertFfnSize).'),
        latentSize: z
          .number()
          .int()
          .min(1)
          .max(10_000_000)
          .optional()
          .describe(
            'Latent MoE: width the routed experts run at, elements (a hidden → latent projection before them and latent → hidden after, every token; dispatch at this width). Default: the hidden size, no projections.',
          ),
        denseLayers: z.number().int().min(0).max(1000).default(0).describe('Leading dense (non-MoE) layers.'),
      })
      .optional()
      .describe('Mixture-of-experts layout, when the model has one.'),
  })
  .describe('A model that is not in the catalog, described by its architecture (as in its config.json).');

/** The `model` block at deployment level. */
const ModelRef = z
  .strictObject({
    id: catalogId('Catalog model id.', ['llama-3.1-70b', 'llama-3.1-8b', 'qwen2.5-72b', 'deepseek-v3']).optional(),
    architecture: Architecture.optional(),
    config: z
      .string()
      .min(1)
      .max(4096)
      .describe(
        '(extension) A Hugging Face `config.json`, relative to this file: the architecture, parameters and weight format (its `quantization_config`) are read from it.',
      )
      .meta({ examples: ['models/Qwen3-235B-A22B/config.json'] })
      .optional(),
    huggingface: z
      .string()
      .min(1)
      .max(200)
      .describe(
        '(extension) A Hugging Face repo id `ORG/NAME`, read offline from the local Hugging Face cache ($HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub): its config.json and safetensors headers. A repo id of a catalog model falls back to the catalog entry.',
      )
      .meta({ examples: ['Qwen/Qwen3-235B-A22B', 'deepseek-ai/DeepSeek-V3'] })
      .optional(),
    revision: z
      .string()
      .min(1)
      .max(200)
      .describe('(extension) With `huggingface`: the branch, tag or commit of the cached snapshot. Default `main`.')
      .optional(),
    gguf: z
      .string()
      .min(1)
      .max(4096)
      .describe(
        '(extension) A GGUF file, relative to this file: only its header is read (metadata and tensor table) for the exact weight bytes, architecture and KV shape.',
      )
      .meta({ examples: ['models/Qwen3-8B-Q4_K_M.gguf'] })
      .optional(),
    safetensors: z
      .string()
      .min(1)
      .max(4096)
      .describe(
        '(extension) A checkpoint directory, relative to this file, with config.json and *.safetensors files (or model.safetensors.index.json): the exact weight bytes, scales included, from the safetensors headers.',
      )
      .meta({ examples: ['models/Llama-3.1-8B-Instruct-AWQ'] })
      .optional(),
    weights: catalogId(
      "Weight format: bf16 fp16 fp32 fp8 int8 int4-awq int4-gptq int4-g32 nvfp4 mxfp4 q8_0 q6_k q5_k_m q5_k_s q4_k_m q4_k_s q4_0 q4_1 q3_k_m q2_k iq4_xs iq3_xxs iq2_xs. Default: the model's released precision.",
      ['bf16', 'fp8', 'int4-awq', 'q4_k_m'],
    ).optional(),
    kvCache: catalogId(
      "KV-cache format: bf16 fp16 fp8 int8 q8_0 q4_0. Default: the engine's default for these weights.",
      ['fp8', 'bf16', 'q8_0'],
    ).optional(),
  })
  .describe(
    'The model to serve: a catalog `id`, a custom `architecture`, or model files: `config`, `huggingface`, `gguf` or `safetensors`.',
  );

/** Placement-level model overrides (same fields, all optional). */
const ModelOverride = ModelRef.describe("Overrides of the deployment's model fields for this placement.");

const Slo = z
  .strictObject({
    ttftMs: positiveNumber('Time-to-first-token objective, milliseconds.').optional(),
    tpotMs: positiveNumber('Time-per-output-token objective (after the first), milliseconds.').optional(),
    percentile: z.number().min(50).max(99.99).default(95).describe('Percentile the objectives apply to. Default 95.'),
  })
  .describe('Latency objectives, checked at peak load.');

const Workload = z
  .strictObject({
    inputTokens: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .describe('Mean prompt length, tokens (RAG context included).'),
    outputTokens: z.number().int().min(1).max(100_000_000).describe('Mean generated length, tokens.'),
    peakRequestsPerSecond: rate('Request rate in the busiest hour, requests/s (10⁻⁶ to 10⁷).').optional(),
    averageRequestsPerSecond: rate('Mean request rate over the day, requests/s.', true).optional(),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .describe('Alternative to request rates: closed-loop concurrent users (sequences in flight).')
      .optional(),
    outputTokensP95: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .describe(
        '(extension) 95th percentile of generated tokens per request (`outputTokens` is the mean): the tail of long outputs (reasoning models) that makes requests wait longer for a batch slot. Default: exponential spread.',
      )
      .optional(),
    prefixCacheHitRate: z
      .number()
      .min(0)
      .max(0.99)
      .describe(
        "(extension) Share of each prompt's tokens served from the engine's prefix cache, 0–0.99 (a shared system prompt, RAG context reused, earlier chat turns): not prefilled again; the KV cache still holds them. vLLM and SGLang report it as the prefix cache hit rate. Default 0.",
      )
      .optional(),
    dailyProfile: z
      .array(z.number().nonnegative())
      .length(24)
      .describe(
        '(extension) Relative load for each hour 0–23; scaled so its maximum is the peak. Default: office hours.',
      )
      .optional(),
    slo: Slo.optional(),
  })
  .describe('What the deployment must serve.');

const Constraints = z
  .strictObject({
    dataResidency: z
      .string()
      .min(1)
      .describe('`on-prem` (no data may leave the premises), a region label (e.g. `eu`), or `any`.')
      .optional(),
    monthlyBudgetUsd: nonNegativeNumber('Monthly budget, USD.').optional(),
    maxPowerKw: positiveNumber('Power cap, kW: the draw at peak load, facility overhead (PUE) included.').optional(),
  })
  .describe('Limits every placement is checked against.');

const Parallelism = z
  .strictObject({
    tensor: z.number().int().min(1).max(1024).default(1).describe('Tensor-parallel degree.'),
    pipeline: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .default(1)
      .describe('Pipeline-parallel stages (llama.cpp: layer split).'),
    expert: z.number().int().min(1).max(1024).default(1).describe('Expert-parallel degree (MoE models).'),
    data: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .default(1)
      .describe(
        'Attention data-parallel ranks in one replica (vLLM `--data-parallel-size` with expert parallel, SGLang `--enable-dp-attention --dp`): each rank holds its own sequences and KV; MoE experts are shared by all tensor × data GPUs.',
      ),
    decodeContext: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .optional()
      .describe(
        "Decode context parallel (vLLM `--decode-context-parallel-size`, SGLang `--dcp-size`): the tensor ranks that would hold copies of the KV cache (tensor ÷ KV heads; MLA models: all of them) each keep 1/decodeContext of every sequence's tokens instead, so more sequences fit and each decode step reads less. No extra GPUs; must divide `tensor`.",
      ),
  })
  .describe('How one replica is split over GPUs; replicas = gpus / (tensor × pipeline × data).');

/** Most GPUs a placement may name (the schema's maximum; quick fixes stay within it). */
export const MAX_GPUS = 100_000;

const Gpus = z
  .union([z.number().int().min(1).max(MAX_GPUS), z.literal('auto')], {
    error: 'must be a whole number of GPUs ≥ 1, or `auto`',
  })
  .describe('GPUs (devices), or `auto`: the fewest whole replicas that meet the SLOs at peak.')
  // The "add missing field" quick fix writes the first example: `auto` sizes it for the user.
  .meta({ examples: ['auto'] });

const OnPremCosts = z
  .strictObject({
    capexUsd: nonNegativeNumber(
      'Purchase price of the whole placement (GPUs, servers, network), USD. Default: catalog reference price × the GPUs bought (whole 8-GPU boards for SXM/OAM parts) + servers + network.',
    ).optional(),
    amortizationMonths: z
      .number()
      .int()
      .min(1)
      .max(240)
      .describe('Months over which capex is spread. Default 36.')
      .optional(),
    electricityUsdPerKwh: nonNegativeNumber('Electricity tariff, USD per kWh.', 100).optional(),
    pue: z.number().min(1).max(5).describe('Power usage effectiveness of the facility (≥ 1).').optional(),
    opexUsdPerMonth: nonNegativeNumber('Other monthly running costs (hosting, support), USD.').optional(),
    serverUsd: nonNegativeNumber(
      'Price of one server without its GPUs (chassis, CPUs, memory, NICs), USD. Default: by server class (reference.json tco.serverClasses); ignored when capexUsd is given.',
    ).optional(),
    hostMaxWPerServer: nonNegativeNumber(
      "Most one server's host draws (CPUs, memory, NICs, fans, NVSwitch), W, before PUE. Default by server class (8-GPU servers: 0.8 W per W of GPU TDP, from DGX ratings).",
      1_000_000,
    ).optional(),
    colocationUsdPerKwMonth: nonNegativeNumber(
      "Colocation price per kW of the servers' rated power per month, USD (space, power delivery, cooling). Default: not counted (own facility).",
    ).optional(),
    staffUsdPerMonth: nonNegativeNumber(
      'Staff cost of running the placement per month, USD. Default: not counted.',
    ).optional(),
  })
  .describe('Cost inputs of owned hardware; every default is reported.');

const HardwareOverrides = z
  .strictObject({
    // Lower bounds far below any real device: values near zero gave capacities of 0 req/s (which
    // used to recurse until the stack ran out) or TTFTs of 10^304 s.
    memoryBandwidthGBps: positiveNumber('Override of peak memory bandwidth, GB/s (at least 0.1).', 1e9, 0.1).optional(),
    visibleMemoryGiB: positiveNumber(
      'Override of the memory the runtime sees, GiB (at least 0.01).',
      1e9,
      0.01,
    ).optional(),
    bf16Tflops: positiveNumber(
      'Override of dense BF16 matrix throughput, TFLOPS (at least 0.001).',
      1e9,
      0.001,
    ).optional(),
    tdpW: positiveNumber('Override of board power, W (at least 0.1).', 1e9, 0.1).optional(),
  })
  .describe('(extension) Override catalog figures of the device (e.g. a power-capped or overclocked part).');

/** Speculative decoding of a target (issue 16 item 3). */
const Speculative = z
  .strictObject({
    method: z
      .enum(['mtp', 'eagle', 'draft-model', 'ngram'])
      .describe(
        "mtp: the model's own multi-token-prediction layer (DeepSeek-V3/R1, GLM-4.5, Qwen3-Next; vLLM `deepseek_mtp`, SGLang NEXTN); eagle: an EAGLE draft head; draft-model: a smaller model (`draftModel`); ngram: prompt lookup.",
      ),
    draftTokens: z
      .number()
      .int()
      .min(1)
      .max(16)
      .describe(
        'Tokens proposed per step (vLLM num_speculative_tokens, SGLang --speculative-num-steps, llama.cpp --draft-max). Default: mtp 1, eagle 3, draft-model 4, ngram 4.',
      )
      .optional(),
    acceptanceRate: z
      .number()
      .min(0)
      .max(1)
      .describe(
        'Probability that each proposed token is accepted (per position), as measured on your traffic (vLLM spec_decode metrics: accepted ÷ draft tokens). Default: mtp 0.85, eagle 0.7, draft-model 0.7, ngram 0.5.',
      )
      .optional(),
    draftModel: catalogId('draft-model: catalog id of the draft model (same tokenizer as the model).', [
      'llama-3.2-3b',
      'qwen3-8b',
    ]).optional(),
  })
  .describe(
    '(extension) Speculative decoding: fewer, wider steps per generated token (TPOT, throughput) for an extra draft layer or model (memory). The estimate shows when a large batch makes it a loss.',
  );

/** LoRA adapters served on the model of a target (issue 16 item 3). */
const Lora = z
  .strictObject({
    adapters: z.number().int().min(1).max(100_000).describe('Adapters served on the model (distinct fine-tunes).'),
    rank: z
      .number()
      .int()
      .min(1)
      .max(1024)
      .describe(
        "The engine's max LoRA rank (vLLM and SGLang --max-lora-rank): slots are allocated at it whatever each adapter's rank. Default 16 (vLLM's).",
      )
      .optional(),
    maxLoras: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .describe(
        "Adapters on the GPU at once = distinct adapters one batch can hold (vLLM --max-loras, SGLang --max-loras-per-batch, TensorRT-LLM max_loras). Default: the engine's (vLLM 1, SGLang 8, TensorRT-LLM 1; llama.cpp keeps every adapter loaded).",
      )
      .optional(),
    targetModules: z
      .enum(['all-linear', 'attention'])
      .describe(
        "Projections that carry LoRA: all-linear (q, k, v, o and the MLP; vLLM wraps them all by default, a MoE model's routed experts included) or attention (q, k, v, o). Default all-linear.",
      )
      .optional(),
  })
  .describe(
    '(extension) LoRA adapters on the model: their GPU slots come out of the KV cache, and their kernels add time to every step.',
  );

/** Link kinds the KV cache or inter-node traffic crosses (issue 20). */
const LinkKind = z.enum(['nvlink', 'infiniband', 'roce', 'ethernet', 'pcie']);

/** One role of a disaggregated placement (issue 20). */
const DisaggregationRole = z
  .strictObject({
    workers: z.number().int().min(1).max(4096).describe('Engines of this role.'),
    gpus: z.number().int().min(1).max(1024).describe('GPUs of one worker (= tensor × pipeline × data).'),
    parallelism: Parallelism.optional(),
  })
  .describe('Workers of one role, each an engine on `gpus` GPUs with its own parallelism.');

/** Prefill and decode on separate workers, and the KV transfer between them (issue 20). */
const Disaggregation = z
  .union([
    z.literal('auto'),
    z.strictObject({
      prefill: DisaggregationRole,
      decode: DisaggregationRole,
      kvTransfer: z
        .strictObject({
          connector: z
            .enum(['nixl', 'mooncake', 'nccl', 'lmcache', 'deepep-internal'])
            .optional()
            .describe(
              "What moves the KV cache (vLLM NixlConnector / Mooncake / LMCache, SGLang mooncake/nixl, NCCL); default: the engine's (SGLang mooncake, the others nixl).",
            ),
          link: z
            .strictObject({
              kind: LinkKind.describe('The fabric between prefill and decode GPUs.'),
              gbps: positiveNumber("Gb/s per GPU (default: the link kind's typical figure).", 1e6).optional(),
            })
            .optional(),
        })
        .optional(),
    }),
  ])
  .describe(
    '(extension) Disaggregated serving: prefill and decode on separate workers with the KV cache moved between them; `auto` searches worker counts and parallelism within `gpus`. The estimate states the aggregated alternative on the same GPUs and the gain.',
  );

/** Traffic between nodes (issue 20). */
const Network = z
  .strictObject({
    kind: LinkKind.describe('Fabric between nodes.'),
    gbpsPerGpu: positiveNumber('Gb/s per GPU between nodes.', 1e6),
  })
  .describe(
    '(extension) The network between nodes: what tensor parallelism beyond one NVLink domain (8 GPUs of an HGX node, 72 of an NVL72 rack) and wide-EP all-to-all cross, and the default KV-transfer link of a disaggregated placement. Default: one 400 Gb/s NIC per GPU.',
  );

/** Fields every single-hardware deployment target has. */
const targetFields = {
  hardware: catalogId('Catalog hardware id.', ['h100-sxm-80gb', 'l40s-48gb', 'rtx-4090-24gb', 'apple-m2-ultra']),
  gpus: Gpus,
  engine: Engine.optional(),
  parallelism: Parallelism.optional(),
  engineOptions: EngineOptions.optional(),
  speculative: Speculative.optional(),
  lora: Lora.optional(),
  memoryGB: positiveNumber('Unified-memory devices: which memory configuration, decimal GB.').optional(),
  hardwareOverrides: HardwareOverrides.optional(),
  location: z
    .string()
    .min(1)
    .describe('Where it runs: `on-prem`, or a region label such as `eu`, `us-east`.')
    .optional(),
};

const commonPlacementFields = {
  name: z.string().min(1).max(200).describe('Placement name, unique within the deployment.'),
  model: ModelOverride.optional(),
  description: z.string().optional(),
};

/** A manifest a placement is read from (issue 15 item 4). */
const sourceFields = {
  source: z
    .string()
    .min(1)
    .max(4096)
    .describe(
      'A Kubernetes / KServe / Compose manifest (path relative to this file) to read hardware, gpus, engine, parallelism, engine options and model from; fields written here override.',
    )
    .optional(),
  container: z
    .string()
    .min(1)
    .describe('With `source`: the serving container (or Compose service) to read, when the manifest has several.')
    .optional(),
  resource: z
    .string()
    .min(1)
    .describe('With `source`: the object (`name` or `Kind/name`) to read, when the manifest has several.')
    .optional(),
};

const disaggregationFields = {
  disaggregation: Disaggregation.optional(),
  network: Network.optional(),
};

const OnPremPlacement = z
  .strictObject({
    ...commonPlacementFields,
    type: z.literal('on-prem'),
    ...sourceFields,
    ...targetFields,
    ...disaggregationFields,
    costs: OnPremCosts.optional(),
  })
  .describe('Owned hardware in your data centre.');

const CloudTarget = {
  ...targetFields,
  usdPerGpuHour: nonNegativeNumber('Price per GPU-hour, USD. Default: catalog reference price.', 10_000).optional(),
  networkRttMs: nonNegativeNumber(
    'User ↔ region round trip, ms, added to TTFT. Default: same-continent reference.',
    600_000,
  ).optional(),
};

const CloudPlacement = z
  .strictObject({
    ...commonPlacementFields,
    type: z.literal('cloud'),
    ...sourceFields,
    ...CloudTarget,
    ...disaggregationFields,
  })
  .describe('Rented GPUs, billed per GPU-hour.');

const HybridOnPremPart = z
  .strictObject({ ...targetFields, costs: OnPremCosts.optional() })
  .describe('The owned base that serves load up to its SLO-compliant capacity.');
const HybridCloudPart = z
  .strictObject({
    ...CloudTarget,
    gpus: Gpus,
  })
  .describe('The cloud burst that takes the overflow, billed only for the hours it is needed.');

const HybridPlacement = z
  .strictObject({
    ...commonPlacementFields,
    type: z.literal('hybrid'),
    engine: Engine.optional(),
    engineOptions: EngineOptions.optional(),
    onPrem: HybridOnPremPart,
    cloud: HybridCloudPart,
  })
  .describe('An on-prem base plus cloud burst for the overflow at peak.');

const PerSiteLoad = z
  .strictObject({
    peakRequestsPerSecond: rate('Peak request rate at one site, requests/s.').optional(),
    averageRequestsPerSecond: rate('Mean request rate at one site, requests/s.', true).optional(),
    concurrency: z.number().int().min(1).optional().describe('Concurrent users at one site.'),
  })
  .describe("Load of one site, instead of an even split of the deployment's workload.");

const EdgePlacement = z
  .strictObject({
    ...commonPlacementFields,
    type: z.literal('edge'),
    hardware: targetFields.hardware,
    gpus: Gpus.optional().describe('Devices one replica spans (default 1).'),
    engine: Engine.optional(),
    parallelism: Parallelism.optional(),
    engineOptions: EngineOptions.optional(),
    speculative: Speculative.optional(),
    lora: Lora.optional(),
    memoryGB: targetFields.memoryGB,
    hardwareOverrides: HardwareOverrides.optional(),
    location: targetFields.location,
    sites: z.number().int().min(1).max(1_000_000).describe('Number of sites.'),
    devicesPerSite: z.number().int().min(1).max(10_000).default(1).describe('Devices at each site.'),
    networkRttMs: nonNegativeNumber('User ↔ device round trip, ms, added to TTFT.', 600_000).optional(),
    perSite: PerSiteLoad.optional(),
    costs: OnPremCosts.optional(),
  })
  .describe('A smaller deployment at each of many sites, near the users.');

/** One placement: where and on what the model is served. */
export const Placement = z.discriminatedUnion('type', [
  OnPremPlacement,
  CloudPlacement,
  HybridPlacement,
  EdgePlacement,
]);

/** The deployment document (one YAML document). */
export const Deployment = z
  .strictObject({
    apiVersion: z.literal(API_VERSION).describe('Marks a deployment document; must be `llm-sizing/v1`.'),
    kind: z.literal(KIND).describe('Must be `Deployment`.'),
    name: z.string().min(1).max(200).describe('Deployment name.'),
    description: z.string().optional().describe('What this deployment is for.'),
    model: ModelRef,
    engine: Engine.optional().describe(
      'Default engine of every placement (default vllm; llama.cpp on unified-memory and CPU devices).',
    ),
    engineOptions: EngineOptions.optional(),
    workload: Workload,
    constraints: Constraints.optional(),
    placements: z
      .array(Placement)
      .min(1)
      .max(MAX_PLACEMENTS)
      .describe(`Candidate placements to compare (at most ${MAX_PLACEMENTS}).`),
  })
  .describe('An LLM deployment and the candidate placements to compare.');

export type Deployment = z.infer<typeof Deployment>;
export type Placement = z.infer<typeof Placement>;
export type ModelRef = z.infer<typeof ModelRef>;
export type Workload = z.infer<typeof Workload>;
export type Architecture = z.infer<typeof Architecture>;
export type Parallelism = z.infer<typeof Parallelism>;
export type OnPremCosts = z.infer<typeof OnPremCosts>;
export type HardwareOverrides = z.infer<typeof HardwareOverrides>;
