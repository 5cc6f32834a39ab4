/**
 * From a validated deployment and one of its placements to the estimator's inputs: one target per
 * part (a hybrid placement has two), with the overrides applied (deployment < placement < part for
 * model, engine and engine options), the default engine, hardware overrides and the KV-cache
 * format each engine can actually use.
 */
import type { Catalog } from '../catalog';
import type { EngineEntry, FormatEntry, HardwareEntry, ModelEntry } from '../catalog/types';
import { defaultEngineId } from '../catalog/defaults';
import type { LoraInput, ResolveInput, SpeculativeInput } from '../estimate';
import { requestShape, type RequestShape } from './load';
import type { EngineOptions, Parallelism, Workload } from '../estimate/types';
import type { Architecture, Deployment, Placement } from '../schema/deployment';
import type { Path } from '../parse/paths';
import { modelSourceKey, modelSourceOf } from '../modelfiles/sources';
import { MODEL_IDENTITY_KEYS } from '../validate/crossFieldRules';

export type PartRole = 'main' | 'onPrem' | 'cloud';

/** One deployment target: a placement, or one part of a hybrid placement. */
export interface PartTarget {
  role: PartRole;
  /** YAML path of the mapping that holds `hardware` (`['placements', i]` or `[..., 'onPrem']`). */
  path: Path;
  hardwareId: string;
  /** The catalog entry with `hardwareOverrides` applied. */
  hardware: HardwareEntry;
  /** GPUs of the target (edge: devices one replica spans), or `auto`. */
  gpus: number | 'auto';
  /** Parallelism as written (undefined: not given). */
  parallelism?: Parallelism;
  engine: EngineEntry;
  engineDefaulted: boolean;
  /** Catalog model id or an inline entry. */
  model: string | ModelEntry;
  /** What presenters show for the model. */
  modelLabel: string;
  weights?: string;
  kvCache?: string;
  engineOptions: EngineOptions;
  memoryGB?: number;
  location?: string;
  /** Cloud targets: price per GPU-hour and network RTT as written. */
  usdPerGpuHour?: number;
  networkRttMs?: number;
  /** Speculative decoding as written (`speculative:`), resolved by the estimator. */
  speculative?: SpeculativeInput;
  /** LoRA adapters as written (`lora:`), resolved by the estimator. */
  lora?: LoraInput;
  /** The placement's `network` between nodes, Gb/s per GPU. */
  networkGbpsPerGpu?: number;
  /** What the deployment's workload says of its requests beyond their lengths (`requestShape`). */
  requestShape: RequestShape;
  /** Everything decided here that the user did not write. */
  assumptions: string[];
}

/** A custom `architecture` as a catalog model entry (the estimator's input shape). */
export function architectureToModel(arch: Architecture): ModelEntry {
  const name = arch.name ?? 'custom model';
  return {
    id: arch.name ?? 'custom',
    name,
    family: 'custom',
    architecture: {
      layers: arch.layers,
      hiddenSize: arch.hiddenSize,
      attentionHeads: arch.attentionHeads,
      kvHeads: arch.kvHeads,
      headDim: arch.headDim,
      ffnSize: arch.ffnSize,
      vocabSize: arch.vocabSize,
      tiedEmbeddings: arch.tiedEmbeddings ?? false,
      maxContextTokens: arch.maxContextTokens,
      ...(arch.gatedFfn !== undefined ? { gatedFfn: arch.gatedFfn } : {}),
      attention: (arch.attention ?? { kind: 'full' }) as ModelEntry['architecture']['attention'],
      ...(arch.moe
        ? {
            moe: {
              experts: arch.moe.experts,
              expertsPerToken: arch.moe.expertsPerToken,
              expertFfnSize: arch.moe.expertFfnSize,
              sharedExperts: arch.moe.sharedExperts ?? 0,
              ...(arch.moe.sharedExpertFfnSize !== undefined
                ? { sharedExpertFfnSize: arch.moe.sharedExpertFfnSize }
                : {}),
              ...(arch.moe.latentSize !== undefined ? { latentSize: arch.moe.latentSize } : {}),
              denseLayers: arch.moe.denseLayers ?? 0,
              gated: true,
            },
          }
        : {}),
    },
    totalParams: arch.totalParams,
    activeParams: arch.activeParams ?? arch.totalParams,
    nativeWeights: 'bf16',
    sources: ['deployment file (custom architecture)'],
  };
}

/** The model's attention heads (tensor-parallel degrees must divide them). */
export function attentionHeads(model: string | ModelEntry, cat: Catalog): number | undefined {
  const entry = typeof model === 'string' ? cat.models.get(model) : model;
  return entry?.architecture.attentionHeads;
}

/** The catalog entry with the deployment's `hardwareOverrides` applied. */
function applyHardwareOverrides(
  hw: HardwareEntry,
  overrides:
    { memoryBandwidthGBps?: number; visibleMemoryGiB?: number; bf16Tflops?: number; tdpW?: number } | undefined,
): HardwareEntry {
  if (!overrides) return hw;
  return {
    ...hw,
    ...(overrides.memoryBandwidthGBps !== undefined ? { memoryBandwidthGBps: overrides.memoryBandwidthGBps } : {}),
    ...(overrides.visibleMemoryGiB !== undefined ? { visibleMemoryGiB: overrides.visibleMemoryGiB } : {}),
    ...(overrides.tdpW !== undefined ? { tdpW: overrides.tdpW } : {}),
    ...(overrides.bf16Tflops !== undefined ? { tflops: { ...hw.tflops, bf16: overrides.bf16Tflops } } : {}),
  };
}

/**
 * The KV format an engine uses for a deployment-level preference it cannot honour: the
 * supported format with the nearest bits per element (fp8 → q8_0 on llama.cpp, q8_0 → fp8 on
 * vLLM, bf16 → fp16 on Ollama), floats preferred on ties.
 */
function nearestKvFormat(wanted: FormatEntry, engine: EngineEntry, cat: Catalog): FormatEntry | undefined {
  const options = engine.kvFormats.map((id) => cat.formats.get(id)).filter((f): f is FormatEntry => !!f);
  let best: FormatEntry | undefined;
  let bestScore = Infinity;
  for (const f of options) {
    const score = Math.abs(f.bitsPerWeight - wanted.bitsPerWeight) + (f.family === wanted.family ? 0 : 0.01);
    if (score < bestScore) {
      best = f;
      bestScore = score;
    }
  }
  return best;
}

type TargetFields = {
  hardware: string;
  gpus?: number | 'auto';
  engine?: string;
  parallelism?: Parallelism;
  engineOptions?: EngineOptions;
  memoryGB?: number;
  hardwareOverrides?: { memoryBandwidthGBps?: number; visibleMemoryGiB?: number; bf16Tflops?: number; tdpW?: number };
  location?: string;
  usdPerGpuHour?: number;
  networkRttMs?: number;
  speculative?: SpeculativeInput;
  lora?: LoraInput;
};

/**
 * The targets of a placement (hybrid: onPrem then cloud), or an error sentence when an id is not
 * in the catalog (validation reports those; this is a guard).
 */
export function partTargets(
  deployment: Deployment,
  placement: Placement,
  placementPath: Path,
  cat: Catalog,
  defaultEngine?: string,
): PartTarget[] | { error: string } {
  const parts: Array<{ role: PartRole; data: TargetFields; path: Path }> =
    placement.type === 'hybrid'
      ? [
          { role: 'onPrem', data: placement.onPrem as TargetFields, path: [...placementPath, 'onPrem'] },
          { role: 'cloud', data: placement.cloud as TargetFields, path: [...placementPath, 'cloud'] },
        ]
      : [{ role: 'main', data: placement as unknown as TargetFields, path: placementPath }];

  // Model: deployment < placement, field by field; `id` and `architecture` replace each other.
  const base = deployment.model;
  const over = placement.model ?? {};
  const overrides = MODEL_IDENTITY_KEYS.some((k) => (over as Record<string, unknown>)[k] !== undefined);
  const modelIdentity = overrides ? over : base;
  const weights = over.weights ?? base.weights;
  const kvFromPlacement = over.kvCache !== undefined;
  const kvCache = over.kvCache ?? base.kvCache;
  let model: string | ModelEntry;
  let modelLabel: string;
  if (modelIdentity.id !== undefined) {
    const entry = cat.models.get(modelIdentity.id);
    if (!entry) return { error: `unknown model id '${modelIdentity.id}'` };
    model = entry.id;
    modelLabel = entry.id;
  } else if (modelIdentity.architecture) {
    model = architectureToModel(modelIdentity.architecture);
    modelLabel = model.name;
  } else {
    const source = modelSourceOf(modelIdentity, []);
    if (!source) return { error: 'the model needs an id, an architecture or model files' };
    const read = cat.modelFiles?.get(modelSourceKey(source.kind, source.value, source.revision));
    if (!read) return { error: `the model file \`${source.value}\` was not read` };
    if (!read.ok) return { error: `${source.kind} ${source.value}: ${read.failure.message}` };
    model = read.model.entry;
    modelLabel = source.value;
  }
  const modelEntry = typeof model === 'string' ? cat.models.get(model) : model;
  const ggufModel = !!modelEntry?.checkpoint && cat.formats.get(modelEntry.checkpoint.format)?.family === 'gguf';
  // Expert parallelism on a dense model has no effect (validation warns, LLMS039): ignore it.
  const dense = !(typeof model === 'string' ? cat.models.get(model)?.architecture.moe : model.architecture.moe);

  const out: PartTarget[] = [];
  for (const part of parts) {
    const assumptions: string[] = [];
    const catalogHw = cat.hardware.get(part.data.hardware);
    if (!catalogHw) return { error: `unknown hardware id '${part.data.hardware}'` };
    const hardware = applyHardwareOverrides(catalogHw, part.data.hardwareOverrides);
    if (part.data.hardwareOverrides)
      assumptions.push(
        `${catalogHw.name}: catalog figures overridden by hardwareOverrides (${Object.keys(part.data.hardwareOverrides).join(', ')})`,
      );

    const placementEngine = placement.type === 'hybrid' ? placement.engine : undefined;
    const unified = hardware.class === 'unified-memory' || hardware.class === 'cpu';
    // A default engine from the settings applies where it runs (vLLM-style engines need GPUs).
    const settingEngine = defaultEngine ? cat.engines.get(defaultEngine) : undefined;
    const usableSetting =
      settingEngine && (!unified || settingEngine.memoryContract.kind === 'fit-with-margin')
        ? settingEngine
        : undefined;
    // A GGUF checkpoint is served by llama.cpp unless an engine is named (vLLM does not load k-quants).
    const ggufDefault =
      ggufModel && (!usableSetting || usableSetting.memoryContract.kind !== 'fit-with-margin')
        ? cat.engines.get('llama.cpp')
        : undefined;
    const engineId =
      part.data.engine ??
      placementEngine ??
      deployment.engine ??
      ggufDefault?.id ??
      usableSetting?.id ??
      defaultEngineId(hardware);
    const engineDefaulted =
      part.data.engine === undefined && placementEngine === undefined && deployment.engine === undefined;
    const engine = cat.engines.get(engineId);
    if (!engine) return { error: `unknown engine '${engineId}'` };
    if (engineDefaulted) {
      assumptions.push(
        ggufDefault && engine.id === ggufDefault.id
          ? `engine ${engine.id} (default for a GGUF model)`
          : usableSetting
            ? `engine ${engine.id} (setting llmSizing.defaults.engine)`
            : `engine ${engine.id} (default on ${unified ? 'unified-memory and CPU devices' : 'GPUs'})`,
      );
    }

    // Engine options: deployment < placement < part; keys the engine does not have are dropped.
    const merged: EngineOptions = {
      ...(deployment.engineOptions ?? {}),
      ...(placement.type === 'hybrid' ? (placement.engineOptions ?? {}) : {}),
      ...(part.data.engineOptions ?? {}),
    };
    const engineOptions: EngineOptions = {};
    const dropped: string[] = [];
    for (const [key, value] of Object.entries(merged)) {
      if (engine.options.includes(key)) engineOptions[key] = value;
      else dropped.push(key);
    }
    if (dropped.length) assumptions.push(`engine options ignored (not ${engine.name} options): ${dropped.join(', ')}`);

    // KV cache: a deployment-level preference the engine cannot use maps to its nearest format.
    let kv = kvCache;
    if (kv !== undefined && !kvFromPlacement) {
      const fmt = cat.formats.get(kv);
      if (fmt && !engine.kvFormats.some((id) => cat.formats.get(id)?.id === fmt.id)) {
        const nearest = nearestKvFormat(fmt, engine, cat);
        if (nearest) {
          assumptions.push(
            `KV cache ${nearest.id} instead of ${fmt.id}: ${engine.name} has no ${fmt.id} KV cache (nearest supported format)`,
          );
          kv = nearest.id;
        }
      }
    }

    out.push({
      role: part.role,
      path: part.path,
      hardwareId: catalogHw.id,
      hardware,
      gpus: part.data.gpus ?? 1,
      ...(part.data.parallelism
        ? {
            parallelism: {
              tensor: part.data.parallelism.tensor ?? 1,
              pipeline: part.data.parallelism.pipeline ?? 1,
              expert: dense ? 1 : (part.data.parallelism.expert ?? 1),
              data: part.data.parallelism.data ?? 1,
              ...(part.data.parallelism.decodeContext !== undefined
                ? { decodeContext: part.data.parallelism.decodeContext }
                : {}),
            },
          }
        : {}),
      engine,
      engineDefaulted,
      model,
      modelLabel,
      ...(weights !== undefined ? { weights } : {}),
      ...(kv !== undefined ? { kvCache: kv } : {}),
      engineOptions,
      ...(part.data.memoryGB !== undefined ? { memoryGB: part.data.memoryGB } : {}),
      ...(part.data.location !== undefined ? { location: part.data.location } : {}),
      ...(part.data.usdPerGpuHour !== undefined ? { usdPerGpuHour: part.data.usdPerGpuHour } : {}),
      ...(part.data.networkRttMs !== undefined ? { networkRttMs: part.data.networkRttMs } : {}),
      ...(part.data.speculative ? { speculative: part.data.speculative } : {}),
      ...(part.data.lora ? { lora: part.data.lora } : {}),
      ...('network' in placement && placement.network ? { networkGbpsPerGpu: placement.network.gbpsPerGpu } : {}),
      requestShape: requestShape(deployment.workload),
      assumptions,
    });
  }
  return out;
}

/** The estimator input of one replica of a target with the given shape and load. */
export function resolveInput(target: PartTarget, shape: Parallelism, workload: Workload): ResolveInput {
  return {
    model: target.model,
    hardware: target.hardware,
    gpus: shape.tensor * shape.pipeline * shape.data,
    engine: target.engine.id,
    parallelism: shape,
    engineOptions: target.engineOptions,
    workload: { ...workload, ...target.requestShape },
    ...(target.speculative ? { speculative: target.speculative } : {}),
    ...(target.lora ? { lora: target.lora } : {}),
    ...(target.weights !== undefined ? { weights: target.weights } : {}),
    ...(target.kvCache !== undefined ? { kvCache: target.kvCache } : {}),
    ...(target.memoryGB !== undefined ? { memoryGB: target.memoryGB } : {}),
    ...(target.networkGbpsPerGpu !== undefined ? { networkGbpsPerGpu: target.networkGbpsPerGpu } : {}),
  };
}
