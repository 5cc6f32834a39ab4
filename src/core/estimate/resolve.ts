/**
 * Builds an `EstimateRequest` from catalog ids (as written in deployment files and calibration
 * cases), resolving aliases and defaults, and rejecting unknown ids and unsupported combinations
 * with a readable error.
 */
import type { EngineEntry, FormatEntry, HardwareEntry, ModelEntry } from '../catalog/types';
import type { Catalog } from '../catalog/index';
import type { EngineOptions, EstimateRequest, Parallelism, SpeculativeMethod, Workload } from './types';
import { DEFAULT_ACCEPTANCE } from './speculative';
import { defaultMaxLoras } from './lora';
import { hasMla } from './params';
import { decodeContextProblem } from '../catalog/kvCopies';
import { catalog as shippedCatalog } from '../catalog/index';
import { correctionFor } from '../calibrate/corrections';

export interface ResolveInput {
  /** Catalog model id/alias, or an inline entry (user-described model). */
  model: string | ModelEntry;
  /** Weight format id/alias; default: the model's native precision. */
  weights?: string;
  /** KV-cache format id/alias; default: the engine's default. */
  kvCache?: string;
  /** Catalog hardware id/alias, or an entry; `hardwareOverrides` patch it. */
  hardware: string | HardwareEntry;
  hardwareOverrides?: Partial<HardwareEntry>;
  gpus?: number;
  engine: string;
  parallelism?: Partial<Parallelism>;
  engineOptions?: EngineOptions;
  memoryGB?: number;
  workload: Workload;
  /** Speculative decoding as a deployment writes it (defaults per method). */
  speculative?: SpeculativeInput;
  /** LoRA adapters as a deployment writes them (defaults per engine). */
  lora?: LoraInput;
  /** Gb/s per GPU between nodes (a placement's `network`); default 400. */
  networkGbpsPerGpu?: number;
  /** GPUs of a replica per node when the deployment says so (a multi-node manifest's GPUs per pod). */
  gpusPerNode?: number;
}

/** `speculative:` of a deployment target or a case. */
export interface SpeculativeInput {
  method: SpeculativeMethod;
  draftTokens?: number;
  acceptanceRate?: number;
  /** draft-model: catalog model id or an entry. */
  draftModel?: string | ModelEntry;
  /** draft-model: the draft's weight format id when it differs from the model's (default: the model's). */
  draftWeights?: string;
}

/** `lora:` of a deployment target or a case. */
export interface LoraInput {
  adapters: number;
  rank?: number;
  maxLoras?: number;
  targetModules?: 'all-linear' | 'attention';
}

/** Draft tokens per step when not written (module comment of speculative.ts for the sources). */
const DEFAULT_DRAFT_TOKENS: Record<SpeculativeMethod, number> = { mtp: 1, eagle: 3, 'draft-model': 4, ngram: 4 };

export type ResolveResult = { ok: true; request: EstimateRequest } | { ok: false; error: string };

const fail = (error: string): ResolveResult => ({ ok: false, error });

/**
 * Resolves ids to catalog entries and fills defaults.
 * Defaults: weights = model's native precision; KV = engine default (llama.cpp f16, others the
 * model's activation precision); tensor = gpus / pipeline (llama.cpp: layer split, pipeline = gpus).
 */
export function resolveRequest(input: ResolveInput, cat: Catalog = shippedCatalog): ResolveResult {
  const model = typeof input.model === 'string' ? cat.models.get(input.model) : input.model;
  if (!model) return fail(`unknown model id '${String(input.model)}'`);
  let hardware = typeof input.hardware === 'string' ? cat.hardware.get(input.hardware) : input.hardware;
  if (!hardware) return fail(`unknown hardware id '${String(input.hardware)}'`);
  if (input.hardwareOverrides) hardware = { ...hardware, ...input.hardwareOverrides };
  const engine: EngineEntry | undefined = cat.engines.get(input.engine);
  if (!engine) return fail(`unknown engine id '${input.engine}'`);
  const weightsId = input.weights ?? model.nativeWeights;
  const weights: FormatEntry | undefined = cat.formats.get(weightsId);
  if (!weights) return fail(`unknown weight format '${weightsId}'`);
  if (!weights.usableFor.includes('weights')) return fail(`format '${weights.id}' cannot hold weights`);
  if (!supports(engine.weightFormats, weights, cat)) {
    return fail(`${engine.name} does not load '${weights.id}' weights (supported: ${engine.weightFormats.join(', ')})`);
  }
  const kvOpt = input.engineOptions?.['kvCacheDtype'] ?? input.engineOptions?.['kvCacheType'];
  const kvId =
    input.kvCache ?? (typeof kvOpt === 'string' && kvOpt !== 'auto' ? kvOpt : defaultKv(engine, weights, model));
  const kvCache = cat.formats.get(kvId);
  if (!kvCache) return fail(`unknown KV-cache format '${kvId}'`);
  if (!kvCache.usableFor.includes('kv')) return fail(`format '${kvCache.id}' cannot hold the KV cache`);
  if (!supports(engine.kvFormats, kvCache, cat)) {
    return fail(
      `${engine.name} does not support a '${kvCache.id}' KV cache (supported: ${engine.kvFormats.join(', ')})`,
    );
  }
  const gpus = input.gpus ?? 1;
  if (!(gpus >= 1) || !Number.isInteger(gpus)) return fail(`gpus must be a positive integer, got ${gpus}`);
  const layerSplit = engine.memoryContract.kind === 'fit-with-margin';
  const pp = input.parallelism?.pipeline ?? (input.parallelism?.tensor === undefined && layerSplit ? gpus : 1);
  const dp = input.parallelism?.data ?? 1;
  const tpDefault = Math.max(1, Math.floor(gpus / (pp * dp)));
  const tp = input.parallelism?.tensor ?? tpDefault;
  const ep = input.parallelism?.expert ?? 1;
  if (tp * pp * dp > gpus) return fail(`tensor × pipeline × data = ${tp * pp * dp} exceeds gpus = ${gpus}`);
  if (tp < 1 || pp < 1 || ep < 1 || dp < 1) return fail('parallelism degrees must be ≥ 1');
  if (ep > 1 && !model.architecture.moe) return fail(`expert parallelism needs a MoE model; '${model.id}' is dense`);
  // Experts are split within a pipeline stage (its tensor × data GPUs); stages hold other layers.
  if (ep > tp * dp)
    return fail(`expert parallelism ${ep} exceeds the ${tp * dp} GPUs of a pipeline stage (tensor ${tp} × data ${dp})`);
  if (dp > 1 && layerSplit) return fail(`${engine.name} has no data-parallel attention (parallelism.data)`);
  if (pp > model.architecture.layers)
    return fail(`pipeline ${pp} exceeds the model's ${model.architecture.layers} layers`);
  const dcp = input.parallelism?.decodeContext ?? 1;
  const dcpFailure = decodeContextFailure(dcp, tp, model.architecture, engine);
  if (dcpFailure) return fail(dcpFailure);
  const wl = input.workload;
  if (!(wl.outputTokens >= 1)) return fail('workload.outputTokens must be ≥ 1');
  if (!(wl.inputTokens >= 0)) return fail('workload.inputTokens must be ≥ 0');
  if (wl.concurrency === undefined && wl.requestsPerSecond === undefined)
    return fail('workload needs concurrency or requestsPerSecond');
  if (typeof wl.concurrency === 'number' && !(wl.concurrency >= 1)) return fail('workload.concurrency must be ≥ 1');
  const memoryGB = input.memoryGB;
  if (memoryGB !== undefined) {
    if (!(memoryGB > 0)) return fail('memoryGB must be positive');
    const cfgs = hardware.memoryConfigsGB;
    if (hardware.class === 'unified-memory' && cfgs && cfgs.length && !cfgs.includes(memoryGB)) {
      return fail(`${hardware.name} is sold with ${cfgs.join(', ')} GB, not ${memoryGB}`);
    }
  }
  const request: EstimateRequest = {
    model,
    hardware,
    weights,
    kvCache,
    engine,
    gpusPerReplica: gpus,
    parallelism: { tensor: tp, pipeline: pp, expert: ep, data: dp, ...(dcp > 1 ? { decodeContext: dcp } : {}) },
    engineOptions: input.engineOptions ?? {},
    workload: wl,
    ...(memoryGB !== undefined ? { memoryGB } : {}),
    ...(input.networkGbpsPerGpu !== undefined && input.networkGbpsPerGpu > 0
      ? { networkGbpsPerGpu: input.networkGbpsPerGpu }
      : {}),
    ...(input.gpusPerNode !== undefined && input.gpusPerNode >= 1
      ? { gpusPerNode: Math.floor(input.gpusPerNode) }
      : {}),
  };
  const spec = input.speculative;
  if (spec) {
    if (!engine.speculativeMethods.includes(spec.method))
      return fail(`${engine.name} does not run ${spec.method} speculative decoding`);
    const draft =
      spec.method !== 'draft-model'
        ? undefined
        : typeof spec.draftModel === 'string'
          ? cat.models.get(spec.draftModel)
          : spec.draftModel;
    if (spec.method === 'draft-model' && !draft)
      return fail(
        `speculative draft model ${spec.draftModel === undefined ? 'missing' : `'${String(spec.draftModel)}' unknown`}`,
      );
    const draftWeights = spec.draftWeights !== undefined ? cat.formats.get(spec.draftWeights) : undefined;
    if (spec.draftWeights !== undefined && !draftWeights)
      return fail(`unknown weight format '${spec.draftWeights}' for the draft model`);
    request.speculative = {
      method: spec.method,
      draftTokens: spec.draftTokens ?? DEFAULT_DRAFT_TOKENS[spec.method],
      acceptanceRate: spec.acceptanceRate ?? DEFAULT_ACCEPTANCE[spec.method],
      acceptanceDefaulted: spec.acceptanceRate === undefined,
      ...(draft ? { draftModel: draft } : {}),
      ...(draft && draftWeights ? { draftWeights } : {}),
    };
  }
  const lora = input.lora;
  if (lora) {
    if (!(lora.adapters >= 1)) return fail('lora.adapters must be ≥ 1');
    const adapters = Math.floor(lora.adapters);
    request.lora = {
      adapters,
      // vLLM's default --max-lora-rank (vllm/config/lora.py); write the adapters' largest rank.
      rank: Math.max(1, Math.floor(lora.rank ?? 16)),
      maxLoras: Math.max(1, Math.floor(lora.maxLoras ?? defaultMaxLoras(engine.id, adapters))),
      maxLorasDefaulted: lora.maxLoras === undefined,
      targetModules: lora.targetModules ?? 'all-linear',
    };
  }
  const correction = correctionFor(cat.corrections, engine.id, hardware.id);
  if (correction) request.correction = correction;
  return { ok: true, request };
}

/** Whether an engine's list (ids or aliases) includes a format; an empty list means "any". */
function supports(list: readonly string[], fmt: FormatEntry, cat: Catalog): boolean {
  if (!list.length) return true;
  return list.some((id) => id === fmt.id || cat.formats.get(id)?.id === fmt.id);
}

/**
 * Default KV format: the engine's `defaultKv`, unless its `defaultKvByWeights` names one for these
 * weights (TensorRT-LLM: fp8 for fp8 and nvfp4, the sources on its engines.json entry).
 */
function defaultKv(engine: EngineEntry, weights: FormatEntry, model: ModelEntry): string {
  // A checkpoint convention kept as data: TensorRT-LLM's kv_cache_config.dtype "auto" follows the
  // checkpoint's quantization config, and ModelOpt's FP8/NVFP4 recipes quantize the K and V
  // projections' outputs too (hf_quant_config.json kv_cache_quant_algo: FP8), but its DeepSeek
  // recipe turns every attention quantizer off (examples/deepseek/ptq.py), hence `exceptMla`.
  // Other engines keep KV at 16 bits unless told otherwise (vLLM kv_cache_dtype auto = model dtype).
  const byWeights = engine.defaultKvByWeights;
  const kv = byWeights && Object.hasOwn(byWeights.weights, weights.id) ? byWeights.weights[weights.id] : undefined;
  if (kv !== undefined && !(byWeights?.exceptMla && hasMla(model.architecture))) return kv;
  return engine.defaultKv || 'bf16';
}

/** Why `parallelism.decodeContext` cannot run, or undefined (the rules: catalog/kvCopies.ts). */
function decodeContextFailure(
  dcp: number,
  tp: number,
  arch: ModelEntry['architecture'],
  engine: EngineEntry,
): string | undefined {
  if (dcp === 1) return undefined;
  if (!Number.isInteger(dcp) || dcp < 1) return `parallelism.decodeContext must be a whole number ≥ 1, got ${dcp}`;
  const problem = decodeContextProblem(dcp, tp, arch, engine);
  switch (problem?.kind) {
    case undefined:
      return undefined;
    case 'engine':
      return `${engine.name} has no decode context parallel (parallelism.decodeContext)`;
    case 'divide':
      return `decode context parallel ${dcp} must divide tensor parallel ${tp}`;
    case 'copies':
      return problem.copies === 1
        ? `decode context parallel ${dcp} has no KV copies to shard: tensor ${tp} splits the model's ${arch.kvHeads} KV heads without duplicating them`
        : `decode context parallel ${dcp} exceeds the ${problem.copies} copies of the KV cache over tensor ${tp} (at most tensor ÷ KV heads)`;
  }
}
