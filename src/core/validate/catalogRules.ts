/**
 * Rules that need the catalog: ids exist (with "did you mean" fixes), the engine can load the
 * formats, engine options exist, unified-memory configurations, and parallelism that the model's
 * shape allows.
 */
import type { Document } from 'yaml';
import { modelSourceKey, type ModelSource } from '../modelfiles/sources';
import { catalog as builtIn, type Catalog, type CatalogSection } from '../catalog';
import type { EngineEntry, ModelEntry } from '../catalog/types';
import { defaultEngineId } from '../catalog/defaults';
import type { Finding, Fix } from '../findings';
import { rangeForPath, type Path } from '../parse/paths';
import { CODES, type CodeInfo } from './codes';
import { suggest } from './suggest';
import { suggestCatalogId } from './suggestId';
import { decodeContextProblem } from '../catalog/kvCopies';
import { nonAsciiNote } from '../report/visible';
import { canonicalBackend, LLAMA_BACKENDS } from '../catalog/backends';
import { kvAdmissionValue } from '../catalog/kvAdmission';
import { matchModel } from '../catalog/modelReference';
import { num, obj, str, targetsOf, type Target } from './targets';

const CLASS_LABEL: Record<string, string> = {
  'datacenter-gpu': 'data-centre GPU',
  'workstation-gpu': 'workstation GPU',
  'consumer-gpu': 'consumer GPU',
  'unified-memory': 'unified-memory device',
  cpu: 'CPU device',
};

interface Context {
  doc: Document.Parsed;
  data: unknown;
  documentIndex: number;
  catalog: Catalog;
  findings: Finding[];
}

function report(ctx: Context, info: CodeInfo, path: Path, message: string, fixes?: Fix[]): void {
  ctx.findings.push({
    code: info.code,
    severity: info.severity,
    message,
    range: rangeForPath(ctx.doc, path),
    documentIndex: ctx.documentIndex,
    ...(fixes && fixes.length ? { fixes } : {}),
  });
}

function replaceFixes(ctx: Context, path: Path, candidates: string[]): Fix[] {
  const range = rangeForPath(ctx.doc, path);
  return candidates.map((c, i) => ({ title: `Change to '${c}'`, edits: [{ range, newText: c }], preferred: i === 0 }));
}

/** What an entry of the section an unknown-id code is about is called in messages. */
const ENTRY_NOUN: Record<string, string> = {
  [CODES.unknownModel.code]: 'model',
  [CODES.unknownHardware.code]: 'device',
  [CODES.unknownWeightFormat.code]: 'format',
  [CODES.unknownKvFormat.code]: 'format',
  [CODES.unknownEngine.code]: 'engine',
};

/** The `llm-sizing catalog` section that lists the ids an unknown-id code is about. */
const CATALOG_COMMAND: Record<string, string> = {
  [CODES.unknownModel.code]: 'models',
  [CODES.unknownHardware.code]: 'hardware',
  [CODES.unknownWeightFormat.code]: 'formats',
  [CODES.unknownKvFormat.code]: 'formats',
  [CODES.unknownEngine.code]: 'engines',
};

/** The input's leading word when the catalog search finds entries with it (`qwen3-235b` → `qwen`), else none. */
function searchWord(id: string, entries: ReadonlyArray<{ id: string; aliases?: string[]; name?: string }>): string {
  const word = /^[a-z]+/i.exec(id)?.[0]?.toLowerCase();
  if (!word || word.length < 2) return '';
  const found = entries.some((e) =>
    [e.id, ...(e.aliases ?? []), e.name ?? ''].some((n) => n.toLowerCase().includes(word)),
  );
  return found ? word : '';
}

/** The model entry read from a target's model files, when they were read and are valid. */
function modelFromFiles(cat: Catalog, source: ModelSource | undefined): ModelEntry | undefined {
  if (!source) return undefined;
  const read = cat.modelFiles?.get(modelSourceKey(source.kind, source.value, source.revision));
  return read?.ok ? read.model.entry : undefined;
}

/** Checks one id against a catalog section; returns the entry when it exists. */
function checkId<T extends { id: string; aliases?: string[] }>(
  ctx: Context,
  info: CodeInfo,
  what: string,
  section: CatalogSection<T>,
  value: { id: string; path: Path } | undefined,
  accept: (entry: T) => boolean = () => true,
  reported?: Set<string>,
): T | undefined {
  if (!value) return undefined;
  const entry = section.get(value.id);
  if (entry && accept(entry)) return entry;
  const key = value.path.join('.');
  if (reported?.has(key)) return undefined;
  reported?.add(key);
  const { typo, nearest } = suggestCatalogId(value.id, section.entries.filter(accept));
  // A fix only for a likely typo of the same product; other close ids are named, never applied.
  const hint =
    (typo ? ` Did you mean \`${typo.id}\`${typo.alias ? ` (alias \`${typo.alias}\`)` : ''}?` : '') +
    (nearest.length
      ? ` ${typo ? 'Also near' : 'Not in the catalog; nearest'}: ${nearest.map((n) => `\`${n}\``).join(', ')} (${nearest.length === 1 ? `a different ${ENTRY_NOUN[info.code]}` : `different ${ENTRY_NOUN[info.code]}s`}).`
      : '');
  // Points to the list instead of printing it, so the message does not change with the catalog.
  const word = searchWord(value.id, section.entries);
  const command = ['llm-sizing catalog', CATALOG_COMMAND[info.code], word ? `--search ${word}` : '']
    .filter(Boolean)
    .join(' ');
  const listed = ` Run \`${command}\` to list the catalog.`;
  const lookAlike = entry ? undefined : nonAsciiNote(value.id);
  const reason =
    (entry ? `\`${value.id}\` cannot be used as ${what}.` : `Unknown ${what} \`${value.id}\`.`) +
    (lookAlike ? ` ${lookAlike}` : '');
  report(ctx, info, value.path, `${reason}${hint}${listed}`, replaceFixes(ctx, value.path, typo ? [typo.id] : []));
  return undefined;
}

/**
 * LLMS020 for a model id that is a Hugging Face repo of a catalog model's checkpoint
 * (`nvidia/Llama-3.3-70B-Instruct-FP8`): names the catalog model and the weights the repo holds,
 * and offers the catalog id as the fix when the file already states those weights (or the name
 * states none) — replacing the id alone would otherwise estimate the model at its native weights.
 * Returns whether it reported (false for a catalog id, or a name that is no such repo).
 */
function reportedAsCheckpointRepo(
  ctx: Context,
  value: { id: string; path: Path } | undefined,
  stated: string | undefined,
  reported: Set<string>,
): boolean {
  if (!value || ctx.catalog.models.get(value.id)) return false;
  const match = matchModel(value.id, ctx.catalog);
  if (!match.model || match.gguf) return false;
  const key = value.path.join('.');
  if (reported.has(key)) return true;
  const implied = match.checkpointWeights;
  const write = implied && stated !== implied ? ` and \`weights: ${implied}\`` : '';
  reported.add(key);
  report(
    ctx,
    CODES.unknownModel,
    value.path,
    `Unknown model id \`${value.id}\`: it is a checkpoint of the catalog's \`${match.model.id}\`${implied ? ` with ${implied} weights` : ''}. Write \`id: ${match.model.id}\`${write}.`,
    replaceFixes(ctx, value.path, write ? [] : [match.model.id]),
  );
  return true;
}

function checkTarget(ctx: Context, target: Target, reported: Set<string>): void {
  const cat = ctx.catalog;
  const hardwareId = str(target.data, 'hardware');
  const hardware = checkId(
    ctx,
    CODES.unknownHardware,
    'hardware id',
    cat.hardware,
    hardwareId !== undefined ? { id: hardwareId, path: [...target.path, 'hardware'] } : undefined,
  );
  const model = reportedAsCheckpointRepo(ctx, target.modelId, target.weights?.id, reported)
    ? undefined
    : checkId(ctx, CODES.unknownModel, 'model id', cat.models, target.modelId, undefined, reported);
  const weights = checkId(
    ctx,
    CODES.unknownWeightFormat,
    'weight format',
    cat.formats,
    target.weights,
    (f) => f.usableFor.includes('weights'),
    reported,
  );
  const kv = checkId(
    ctx,
    CODES.unknownKvFormat,
    'KV-cache format',
    cat.formats,
    target.kvCache,
    (f) => f.usableFor.includes('kv'),
    reported,
  );
  const engine = target.engine
    ? checkId(ctx, CODES.unknownEngine, 'engine', cat.engines, target.engine, undefined, reported)
    : cat.engines.get(defaultEngineId(hardware));

  if (engine) {
    const engineName = target.engine ? `\`${engine.id}\`` : `\`${engine.id}\` (the default engine here)`;
    if (weights && !engine.weightFormats.includes(weights.id)) {
      report(
        ctx,
        CODES.formatNotSupportedByEngine,
        target.weights!.path,
        `${engineName} cannot load \`${weights.id}\` weights. It loads: ${engine.weightFormats.join(', ')}.`,
      );
    }
    // A deployment-level kvCache is a preference that each engine maps to its nearest format
    // (fp8 → q8_0 on llama.cpp; the estimate says so); only a placement's own choice is flagged.
    if (kv && !engine.kvFormats.includes(kv.id) && target.kvCache!.path[0] === 'placements') {
      report(
        ctx,
        CODES.formatNotSupportedByEngine,
        target.kvCache!.path,
        `${engineName} has no \`${kv.id}\` KV cache. It supports: ${engine.kvFormats.join(', ')}.`,
      );
    }
    for (const option of target.engineOptions) {
      if (engine.options.includes(option.key)) {
        const problem = optionValueProblem(option.key, option.value, [engine]);
        const key = `value:${option.path.join('.')}`;
        if (problem && !reported.has(key)) {
          reported.add(key);
          report(ctx, CODES.outOfRange, option.path, `\`${option.key}\` ${problem}, got ${String(option.value)}.`);
        }
        continue;
      }
      const key = option.path.join('.');
      if (reported.has(key)) continue;
      reported.add(key);
      const near = suggest(option.key, engine.options, 1);
      const hint = near.length ? ` Did you mean \`${near[0]}\`?` : '';
      const range = rangeForPath(ctx.doc, option.path, 'key');
      ctx.findings.push({
        code: CODES.unknownEngineOption.code,
        severity: CODES.unknownEngineOption.severity,
        message: `${engineName} has no option \`${option.key}\`; it is ignored.${hint} Options: ${engine.options.join(', ')}.`,
        range,
        documentIndex: ctx.documentIndex,
        ...(near.length
          ? { fixes: [{ title: `Rename to '${near[0]}'`, edits: [{ range, newText: near[0]! }], preferred: true }] }
          : {}),
      });
    }
  }

  const memoryGB = num(target.data, 'memoryGB');
  if (hardware && memoryGB !== undefined) {
    if (hardware.class !== 'unified-memory' && hardware.class !== 'cpu') {
      report(
        ctx,
        CODES.memoryGBNotUnified,
        [...target.path, 'memoryGB'],
        `\`memoryGB\` picks a configuration of a unified-memory device; \`${hardware.id}\` is a discrete ${CLASS_LABEL[hardware.class]} with a fixed ${hardware.memoryGB} GB.`,
      );
    } else if (hardware.memoryConfigsGB && !hardware.memoryConfigsGB.includes(memoryGB)) {
      report(
        ctx,
        CODES.memoryGBNotOffered,
        [...target.path, 'memoryGB'],
        `\`${hardware.id}\` is not sold with ${memoryGB} GB. Configurations: ${hardware.memoryConfigsGB.join(', ')} GB.`,
        replaceFixes(ctx, [...target.path, 'memoryGB'], suggestNumber(memoryGB, hardware.memoryConfigsGB)),
      );
    }
  }

  const arch = model?.architecture;
  const parallelism = obj(target.data, 'parallelism');
  const tensor = num(parallelism, 'tensor');
  // The same rule for a catalog model and a custom architecture (which has no id).
  const custom = target.modelId ? undefined : target.architecture;
  // A model read from files (config.json, the HF cache, a GGUF header) is held to the same rule.
  const fileModel = model || custom ? undefined : modelFromFiles(ctx.catalog, target.modelFile);
  const heads = arch?.attentionHeads ?? num(custom, 'attentionHeads') ?? fileModel?.architecture.attentionHeads;
  const modelName = model
    ? model.id
    : fileModel
      ? `the model of \`${target.modelFile!.value}\``
      : `the custom model${str(custom, 'name') ? ` \`${str(custom, 'name')}\`` : ''}`;
  if (
    heads !== undefined &&
    Number.isInteger(heads) &&
    heads >= 1 &&
    tensor !== undefined &&
    tensor > 1 &&
    heads % tensor !== 0
  ) {
    report(
      ctx,
      CODES.tensorParallelHeads,
      [...target.path, 'parallelism', 'tensor'],
      `Tensor parallelism ${tensor} does not divide the ${heads} attention heads of ${modelName}; engines refuse this split. Divisors: ${divisors(
        heads,
      )
        .filter((d) => d <= 64)
        .join(', ')}.`,
    );
  }
  if (
    hardware &&
    tensor !== undefined &&
    tensor > 1 &&
    (hardware.interconnect.kind === 'pcie' || hardware.interconnect.kind === 'none')
  ) {
    report(
      ctx,
      CODES.tensorParallelOverPcie,
      [...target.path, 'parallelism', 'tensor'],
      `Tensor parallelism ${tensor} on \`${hardware.id}\`, which has no GPU-to-GPU link: every layer's two all-reduces cross PCIe (${hardware.interconnect.perGpuGBps} GB/s per direction). Replicas or pipeline parallelism often serve better; the estimate includes this cost.`,
    );
  }
  if (hardware && !hardware.supportsFp8 && engine) {
    // Only formats the engine will really use: a KV format it lacks is mapped to another one.
    const fp8 = [
      weights && (weights.computePrecision === 'fp8' || weights.id === 'fp8') ? `\`${weights.id}\` weights` : undefined,
      kv && kv.id === 'fp8' && engine.kvFormats.includes('fp8') ? 'the `fp8` KV cache' : undefined,
    ].filter(Boolean);
    const key = `fp8:${target.path.join('.')}`;
    if (fp8.length && !reported.has(key)) {
      reported.add(key);
      report(
        ctx,
        CODES.fp8WithoutHardwareSupport,
        [...target.path, 'hardware'],
        `\`${hardware.id}\` has no FP8 tensor cores: ${fp8.join(' and ')} ${fp8.length > 1 ? 'are' : 'is'} dequantised to 16 bits for the math, so memory shrinks but compute runs at bf16 speed (the estimate assumes so).`,
      );
    }
  }
  const expert = num(parallelism, 'expert');
  if (model && !arch?.moe && expert !== undefined && expert > 1) {
    report(
      ctx,
      CODES.expertParallelDense,
      [...target.path, 'parallelism', 'expert'],
      `\`${model.id}\` has no experts, so expert parallelism ${expert} has no effect.`,
    );
  }
  const data = num(parallelism, 'data');
  const stageGpus = (tensor ?? 1) * (data ?? 1);
  if (arch?.moe && expert !== undefined && expert > stageGpus) {
    report(
      ctx,
      CODES.expertParallelExceedsStage,
      [...target.path, 'parallelism', 'expert'],
      `Expert parallelism ${expert} needs ${expert} GPUs running the same layers, but a pipeline stage has tensor ${tensor ?? 1} × data ${data ?? 1} = ${stageGpus}. Use expert ≤ ${stageGpus}, or raise tensor or data.`,
    );
  }
  if (data !== undefined && data > 1 && engine?.memoryContract.kind === 'fit-with-margin') {
    report(
      ctx,
      CODES.dataParallelUnsupported,
      [...target.path, 'parallelism', 'data'],
      `\`${engine.id}\` has no data-parallel attention, so \`data: ${data}\` cannot be served; it splits a model by layers (pipeline) or rows (tensor). Serve ${data} replicas instead: that is what independent ranks are.`,
    );
  }
  const dcp = num(parallelism, 'decodeContext');
  if (dcp !== undefined && dcp > 1 && engine) {
    const tp = tensor ?? 1;
    const problem = decodeContextProblem(dcp, tp, arch, engine);
    const why =
      problem?.kind === 'engine'
        ? `\`${engine.id}\` has no decode context parallel`
        : problem?.kind === 'divide'
          ? `${dcp} does not divide tensor ${tp}`
          : problem?.kind === 'copies'
            ? problem.copies === 1
              ? `tensor ${tp} splits ${model!.id}'s ${arch!.kvHeads} KV heads without copying them, so there is no duplicate KV to shard`
              : `tensor ${tp} holds ${problem.copies} copies of ${model!.id}'s KV cache, so at most ${problem.copies} ranks can share it out`
            : undefined;
    if (why)
      report(
        ctx,
        CODES.decodeContextParallel,
        [...target.path, 'parallelism', 'decodeContext'],
        `Decode context parallel ${dcp} cannot run: ${why}. It shards the KV copies that tensor parallelism makes along the tokens (vLLM \`-dcp\`, SGLang \`--dcp-size\`; at most tensor ÷ KV heads).`,
      );
  }
  const needsData = engine?.dataParallelOptions ?? [];
  if ((data ?? 1) <= 1)
    for (const option of target.engineOptions) {
      if (!needsData.includes(option.key) || option.value === false) continue;
      const key = `dp:${option.path.join('.')}`;
      if (reported.has(key)) continue;
      reported.add(key);
      report(
        ctx,
        CODES.optionNeedsDataParallel,
        option.path,
        `\`${option.key}\` needs attention data parallel (\`parallelism.data\` > 1): ${engineNameOf(target, engine)} will not start with it otherwise (SGLang asserts --enable-dp-attention for --enable-prefill-delayer). Set \`data\`, or remove the option.`,
      );
    }
  checkSpeculative(ctx, target, engine, engineNameOf(target, engine));
  const maxModelLen = target.engineOptions.find((o) =>
    ['maxModelLen', 'contextLength', 'maxSeqLen', 'ctxSize', 'numCtx'].includes(o.key),
  );
  if (arch && maxModelLen && typeof maxModelLen.value === 'number' && maxModelLen.value > arch.maxContextTokens) {
    const key = `ctx:${maxModelLen.path.join('.')}`;
    if (!reported.has(key)) {
      reported.add(key);
      report(
        ctx,
        CODES.contextBeyondModel,
        maxModelLen.path,
        `\`${maxModelLen.key}: ${maxModelLen.value}\` is longer than ${model!.id}'s maximum context of ${arch.maxContextTokens} tokens.`,
      );
    }
  }
}

/** Engine options that are fractions of memory, and options that count tokens, sequences or layers. */
const FRACTION_OPTIONS = new Set([
  ...['gpuMemoryUtilization', 'memFractionStatic', 'kvCacheFreeGpuMemoryFraction'],
  ...['cacheMaxEntryCount', 'cudaMemoryFraction'],
]);
const COUNT_OPTIONS = /(Len|Length|Seqs|Tokens|Size|Requests|Block|Layers|Ctx|Parallel|Gpu|Passes)$|^parallel$/;

/** The engine as messages name it: its id, marked as the default when the placement names none. */
function engineNameOf(target: Target, engine: EngineEntry | undefined): string {
  if (!engine) return 'the engine';
  return target.engine ? `\`${engine.id}\`` : `\`${engine.id}\` (the default engine here)`;
}

/** `speculative`: a method the engine runs, and a draft model exactly when the method has one. */
function checkSpeculative(ctx: Context, target: Target, engine: EngineEntry | undefined, engineName: string): void {
  const spec = target.data['speculative'];
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return;
  const path: Path = [...target.path, 'speculative'];
  const method = (spec as Record<string, unknown>)['method'];
  const draft = (spec as Record<string, unknown>)['draftModel'];
  if (engine && typeof method === 'string' && !engine.speculativeMethods.includes(method as never)) {
    report(
      ctx,
      CODES.speculativeUnsupported,
      [...path, 'method'],
      engine.speculativeMethods.length
        ? `${engineName} does not run \`${method}\` speculative decoding. It runs: ${engine.speculativeMethods.join(', ')}.`
        : `${engineName} runs no speculative decoding.`,
    );
  }
  if (method === 'draft-model' && typeof draft !== 'string') {
    report(
      ctx,
      CODES.speculativeDraftModel,
      [...path, 'method'],
      '`method: draft-model` needs `draftModel`: the catalog id of the smaller model that proposes the tokens (same tokenizer as the model).',
    );
  } else if (method !== 'draft-model' && draft !== undefined && typeof method === 'string') {
    report(
      ctx,
      CODES.speculativeDraftModel,
      [...path, 'draftModel'],
      `\`draftModel\` is only read with \`method: draft-model\`; \`${method}\` has no separate draft model.`,
    );
  } else if (typeof draft === 'string' && !ctx.catalog.models.get(draft)) {
    report(
      ctx,
      CODES.speculativeDraftModel,
      [...path, 'draftModel'],
      `Unknown draft model \`${draft}\`: name a catalog model (\`llm-sizing catalog models\`) or add it to .llm-sizing/catalog.yaml.`,
    );
  }
}

/**
 * What is wrong with an engine option's value, or undefined (deployment files and measured cases).
 * An option that chooses an engine's KV admission policy (engines.json `kvAdmission`, e.g.
 * TensorRT-LLM `capacitySchedulerPolicy`) takes the values listed there: `engines` are the entries
 * whose lists apply (the placement's engine; for a case, which names its engine apart, every built-in one).
 */
export function optionValueProblem(
  key: string,
  value: unknown,
  engines: readonly EngineEntry[] = builtIn.engines.entries,
): string | undefined {
  if (key === 'backend') {
    return typeof value === 'string' && canonicalBackend(value) !== undefined
      ? undefined
      : `is the GPU backend the engine was built for: one of ${LLAMA_BACKENDS.join(', ')}`;
  }
  const chooser = engines.find((e) => e.kvAdmission?.option === key);
  if (chooser?.kvAdmission) {
    return kvAdmissionValue(chooser, value) !== undefined
      ? undefined
      : `is ${chooser.name}'s ${chooser.kvAdmission.label} policy: one of ${Object.keys(chooser.kvAdmission.values).join(', ')}`;
  }
  if (FRACTION_OPTIONS.has(key)) {
    return typeof value === 'number' && value > 0 && value <= 1
      ? undefined
      : 'is a fraction of GPU memory: a number above 0 and at most 1';
  }
  if (COUNT_OPTIONS.test(key) && typeof value === 'number') {
    return Number.isInteger(value) && value >= -1 && value <= 100_000_000
      ? undefined
      : 'must be a whole number between -1 and 100,000,000';
  }
  return undefined;
}

function suggestNumber(value: number, options: number[]): string[] {
  const sorted = options.slice().sort((a, b) => Math.abs(a - value) - Math.abs(b - value));
  return sorted.slice(0, 1).map(String);
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) out.push(d);
  return out;
}

/** Runs every catalog rule over a document's data. */
export function catalogFindings(
  doc: Document.Parsed,
  data: unknown,
  documentIndex: number,
  cat: Catalog = builtIn,
  targets: Target[] = targetsOf(data),
): Finding[] {
  const ctx: Context = { doc, data, documentIndex, catalog: cat, findings: [] };
  const reported = new Set<string>();
  // The deployment-level model is checked even when no placement parses.
  const model = obj(data, 'model');
  const modelId = str(model, 'id');
  const modelValue = modelId !== undefined ? { id: modelId, path: ['model', 'id'] } : undefined;
  const entry = reportedAsCheckpointRepo(ctx, modelValue, str(model, 'weights'), reported)
    ? undefined
    : checkId(ctx, CODES.unknownModel, 'model id', cat.models, modelValue, undefined, reported);
  for (const target of targets) checkTarget(ctx, target, reported);
  const deploymentEngine = str(data, 'engine');
  if (targets.length === 0 && deploymentEngine !== undefined) {
    checkId(
      ctx,
      CODES.unknownEngine,
      'engine',
      cat.engines,
      { id: deploymentEngine, path: ['engine'] },
      undefined,
      reported,
    );
  }
  const workload = obj(data, 'workload');
  const input = num(workload, 'inputTokens');
  const output = num(workload, 'outputTokens');
  if (entry && input !== undefined && output !== undefined && input + output > entry.architecture.maxContextTokens) {
    report(
      ctx,
      CODES.contextBeyondModel,
      ['workload', 'inputTokens'],
      `Prompt plus output (${input} + ${output} tokens) is longer than ${entry.id}'s maximum context of ${entry.architecture.maxContextTokens} tokens.`,
    );
  }
  return ctx.findings;
}
