/**
 * Manifest → placement: model, formats, GPUs per replica, replicas, parallelism, engine options
 * and device, each with the range it was read from (for findings and fixes) and, where the
 * manifest is silent, the engine's default (docs/manifests.md lists each with its source).
 */
import type { Catalog, HardwareEntry, ModelEntry } from '../catalog';
import { weightBytes } from '../estimate';
import type { EngineOptions } from '../estimate';
import { canonicalBackend, type LlamaBackend } from '../catalog/backends';
import type { TextRange } from '../findings';
import type { ParsedFlag, ServingCommand } from './commandLine';
import { SGLANG_SWITCH_OPTIONS, type FlagKey } from './flags';
import type { LoraInput, SpeculativeInput } from '../estimate';
import { DEVICE_LABELS, matchHardwareLabel, matchInstanceType } from './lookup';
import { matchModel, type ModelMatch } from '../catalog/modelReference';
import type { WorkloadObject, ContainerSite } from './workloads';

/** Where the device type came from. */
export type HardwareSource = 'node-label' | 'instance-type' | 'annotation' | 'compose' | 'option' | 'setting';

/** A number read from the manifest with its range. */
export interface Located<T> {
  value: T;
  range?: TextRange;
}

/** A placement read from a manifest. */
export interface ManifestPlacement {
  /** Catalog engine id used by the estimator (`vllm`, `sglang`, `llama.cpp`, `tensorrt-llm`, `ollama`). */
  engineId: string;
  model: ModelMatch & { range?: TextRange };
  /** Weight format id (flag, checkpoint name, else the model's native precision). */
  weights?: Located<string>;
  kvCache?: Located<string>;
  /** The quantization as written (`--quantization gptq`, `QUANTIZE=awq`), when a flag or env var set it. */
  quantizationFlag?: string;
  hardware?: {
    entry: HardwareEntry;
    source: HardwareSource;
    label: string;
    range?: TextRange;
    /** GPUs of one node of the stated instance type or VM size. */
    gpusPerNode?: number;
  };
  /** Labels that named a device the catalog does not know. */
  unknownHardwareLabel?: { value: string; range: TextRange };
  gpusPerReplica: Located<number> & { stated: boolean };
  /** GPUs one pod asks for (a LeaderWorkerSet replica has several pods), when stated. */
  gpusPerPod?: Located<number>;
  /** Pods of one replica (LeaderWorkerSet size, Dynamo `multinode.nodeCount`); 1 elsewhere. */
  podsPerReplica: number;
  replicas: Located<number>;
  tensor: Located<number>;
  pipeline: Located<number>;
  /** Data-parallel ranks inside the container (vLLM -dp, SGLang --dp without DP attention). */
  data: Located<number>;
  /** Decode context parallel over the tensor ranks (vLLM -dcp), when above 1. */
  decodeContext?: Located<number>;
  expert: number;
  /**
   * The split of one estimator replica. Data-parallel ranks of a MoE model share its experts
   * (vLLM runs the MoE layers over tensor × data GPUs; SGLang `--enable-dp-attention` splits the
   * attention of its `--tp` GPUs into `--dp` ranks), so they form one replica with attention data
   * parallel; ranks of a dense model are independent replicas (`data` 1 here).
   */
  estimatorShape: { tensor: number; data: number };
  /** The engine sizes the maximum length itself: the longest the KV cache holds, up to the context. */
  maxModelLenAuto?: boolean;
  /** Longest sequence the engine admits (max-model-len / context-length / per-slot ctx), tokens. */
  maxModelLen?: Located<number> & { stated: boolean; perSlotOf?: number };
  /** LoRA serving from the flags (vLLM --enable-lora / --lora-modules, SGLang --lora-paths). */
  lora?: LoraInput;
  /** Speculative decoding from the flags (vLLM --speculative-config, SGLang --speculative-algorithm). */
  speculative?: SpeculativeInput;
  engineOptions: EngineOptions;
  /** Flags whose value could not be read as a number. */
  badValues: ParsedFlag[];
  /** Defaults and readings, in words. */
  notes: string[];
}

/** Hosts' settings that apply when the manifest cannot say. */
export interface ManifestDefaults {
  /** CLI `--hardware`, used when the manifest names no device. */
  hardware?: string;
  /** Setting `llmSizing.defaultHardware`, used after `hardware`. */
  settingHardware?: string;
}

const ENGINE_IDS: Record<string, string> = {
  vllm: 'vllm',
  sglang: 'sglang',
  'llama.cpp': 'llama.cpp',
  'tensorrt-llm': 'tensorrt-llm',
  ollama: 'ollama',
  // TGI and NIM have no catalog engine: TGI's paged-KV pool is sized like vLLM's (a fraction of
  // the device, --cuda-memory-fraction, default 1.0); NIM runs TensorRT-LLM or vLLM per profile.
  tgi: 'vllm',
  nim: 'vllm',
};

/** vLLM/SGLang `--quantization` / TGI `--quantize` values → weight formats. */
const QUANTIZATION: Record<string, string> = {
  awq: 'int4-awq',
  awq_marlin: 'int4-awq',
  gptq: 'int4-gptq',
  gptq_marlin: 'int4-gptq',
  // bitsandbytes NF4/FP4 (4 bits + one absmax per 64 weights, double-quantized: ≈ 4.13 bits) is
  // sized as the 4-bit group-quantized format the paged engines load (int4-gptq, 4.16 bits).
  'bitsandbytes-nf4': 'int4-gptq',
  fp8: 'fp8',
  'fp8-dynamic': 'fp8',
  fbgemm_fp8: 'fp8',
  modelopt: 'fp8',
  modelopt_fp4: 'nvfp4',
  mxfp4: 'mxfp4',
  eetq: 'int8',
  bitsandbytes: 'int8',
  'bitsandbytes-fp4': 'int4-gptq',
  marlin: 'int4-gptq',
};

/** `--dtype` / `--kv-cache-dtype` spellings → format ids. */
const DTYPES: Record<string, string> = {
  bfloat16: 'bf16',
  bf16: 'bf16',
  float16: 'fp16',
  half: 'fp16',
  fp16: 'fp16',
  float: 'fp32',
  float32: 'fp32',
  fp8: 'fp8',
  fp8_e4m3: 'fp8',
  fp8_e5m2: 'fp8',
  q8_0: 'q8_0',
  q4_0: 'q4_0',
  f16: 'fp16',
  'fp8-e4m3': 'fp8',
};

function numberFlag(flag: ParsedFlag | undefined, bad: ParsedFlag[], integer: boolean): Located<number> | undefined {
  if (!flag?.value) return undefined;
  const n = Number(flag.value.value.trim());
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0) {
    bad.push(flag);
    return undefined;
  }
  return { value: n, range: flag.value.range };
}

function boolFlag(flag: ParsedFlag | undefined): boolean {
  if (!flag) return false;
  return !flag.value || /^(true|1|on|yes)$/i.test(flag.value.value);
}

/** vLLM version from an image tag (`v0.6.3`, `v0.10.1.1`, `0.8.5-cu124`); undefined for `latest`. */
function engineVersion(tag: string | undefined): [number, number, number] | undefined {
  const m = tag ? /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

function hardwareOf(
  object: WorkloadObject,
  catalog: Catalog,
  defaults: ManifestDefaults,
): Pick<ManifestPlacement, 'hardware' | 'unknownHardwareLabel'> {
  const annotation = object.annotations.find((a) => a.key === 'llm-sizing/hardware');
  if (annotation) {
    const entry = catalog.hardware.get(annotation.value);
    if (entry) return { hardware: { entry, source: 'annotation', label: annotation.value, range: annotation.range } };
    return { unknownHardwareLabel: { value: annotation.value, range: annotation.range } };
  }
  if (object.composeHardware) {
    const entry = catalog.hardware.get(object.composeHardware.value);
    if (entry)
      return {
        hardware: {
          entry,
          source: 'compose',
          label: object.composeHardware.value,
          range: object.composeHardware.range,
        },
      };
    return { unknownHardwareLabel: { value: object.composeHardware.value, range: object.composeHardware.range } };
  }
  let unknown: { value: string; range: TextRange } | undefined;
  if (object.instanceType) {
    const it = matchInstanceType(object.instanceType.value, catalog);
    const { key, value, range } = object.instanceType;
    if (it)
      return {
        hardware: {
          entry: it.hardware,
          source: 'instance-type',
          label: `${key}: ${value}`,
          range,
          gpusPerNode: it.gpus,
        },
      };
    unknown = { value, range };
  }
  for (const key of DEVICE_LABELS) {
    const label = object.nodeLabels.find((l) => l.key === key);
    if (!label) continue;
    if (key.endsWith('instance-type')) {
      const it = matchInstanceType(label.value, catalog);
      if (it)
        return {
          hardware: {
            entry: it.hardware,
            source: 'instance-type',
            label: label.value,
            range: label.range,
            gpusPerNode: it.gpus,
          },
        };
      unknown ??= { value: label.value, range: label.range };
      continue;
    }
    const entry = matchHardwareLabel(label.value, catalog, key);
    if (entry) return { hardware: { entry, source: 'node-label', label: `${key}=${label.value}`, range: label.range } };
    unknown ??= { value: label.value, range: label.range };
  }
  for (const [id, source] of [
    [defaults.hardware, 'option'],
    [defaults.settingHardware, 'setting'],
  ] as const) {
    const entry = id ? catalog.hardware.get(id) : undefined;
    if (entry)
      return { hardware: { entry, source, label: id! }, ...(unknown ? { unknownHardwareLabel: unknown } : {}) };
  }
  return unknown ? { unknownHardwareLabel: unknown } : {};
}

function gpuTotal(site: ContainerSite, object: WorkloadObject): { count: number; range?: TextRange } | undefined {
  if (!site.gpus) return undefined;
  if (object.podsPerReplica <= 1) return { count: site.gpus.count, range: site.gpus.range };
  // LeaderWorkerSet: the leader's GPUs plus (size − 1) workers' GPUs form one replica.
  const worker = object.workerContainers.find((c) => c.gpus)?.gpus;
  const perWorker = worker?.count ?? site.gpus.count;
  return { count: site.gpus.count + (object.podsPerReplica - 1) * perWorker, range: site.gpus.range };
}

/** NIM profile names: `tensorrt_llm-h100-fp8-tp2-pp1-throughput`, `vllm-bf16-tp4-pp1`. */
function nimProfile(profile: string | undefined): { tp?: number; pp?: number; weights?: string; trt: boolean } {
  if (!profile) return { trt: false };
  const p = profile.toLowerCase();
  const tp = /(?:^|-)tp(\d+)/.exec(p)?.[1];
  const pp = /(?:^|-)pp(\d+)/.exec(p)?.[1];
  const weights = /(?:^|-)(bf16|fp16|fp8|nvfp4|int4_awq|int8)(?:-|$)/.exec(p)?.[1];
  return {
    ...(tp ? { tp: Number(tp) } : {}),
    ...(pp ? { pp: Number(pp) } : {}),
    ...(weights ? { weights: weights === 'int4_awq' ? 'int4-awq' : weights } : {}),
    trt: p.startsWith('tensorrt_llm'),
  };
}

/** Maps one serving container to a placement. */
export function mapPlacement(
  object: WorkloadObject,
  site: ContainerSite,
  command: ServingCommand,
  catalog: Catalog,
  defaults: ManifestDefaults,
): ManifestPlacement {
  const flags = command.flags;
  const flag = (k: FlagKey): ParsedFlag | undefined => flags.get(k);
  const bad: ParsedFlag[] = [];
  const notes: string[] = [...(command.notes ?? [])];
  const engine = command.engine;
  let engineId = ENGINE_IDS[engine] ?? 'vllm';
  const nim = engine === 'nim' ? nimProfile(flag('profile')?.value?.value) : { trt: false };
  if (nim.trt) engineId = 'tensorrt-llm';
  if (engine === 'tgi')
    notes.push(
      "TGI: KV pool sized like vLLM's (fraction of the device = --cuda-memory-fraction, default 1.0), vLLM efficiencies",
    );
  if (engine === 'nim')
    notes.push(`NIM: estimated as ${engineId === 'tensorrt-llm' ? 'TensorRT-LLM' : 'vLLM'} (its profile's backend)`);

  const modelWord = command.model;
  const modelRef = modelWord?.value ?? '';
  const nimModel = engine === 'nim' ? (modelRef.split('/').pop() ?? '').replace(/:.*$/, '') : modelRef;
  const model: ManifestPlacement['model'] = modelRef
    ? { ...matchModel(nimModel, catalog), ...(modelWord ? { range: modelWord.range } : {}) }
    : { name: 'model not stated', unknown: true, gguf: false };

  // Formats: the flag, else what the checkpoint name says, else the model's native precision.
  let weights: Located<string> | undefined;
  const q = flag('quantization');
  const qFormat = q?.value ? QUANTIZATION[q.value.value.toLowerCase()] : undefined;
  if (qFormat && /^bitsandbytes-(nf4|fp4)$/i.test(q!.value!.value))
    notes.push(
      `${q!.name} ${q!.value!.value}: 4-bit weights sized as int4-gptq (4.16 bits per weight; NF4 with double quantization is ≈ 4.13)`,
    );
  if (qFormat) weights = { value: qFormat, range: q!.value!.range };
  else if (model.checkpointWeights)
    weights = { value: model.checkpointWeights, ...(model.range ? { range: model.range } : {}) };
  else if (nim.weights) weights = { value: nim.weights };
  const dtype = flag('dtype')?.value;
  const dtypeFormat = dtype ? DTYPES[dtype.value.toLowerCase()] : undefined;
  if (!weights && dtypeFormat && model.model?.nativeWeights !== 'fp8' && model.model?.nativeWeights !== 'mxfp4')
    weights = { value: dtypeFormat, range: dtype!.range };
  const kvFlag = flag('kvCacheDtype') ?? flag('cacheTypeK');
  const kvFormat =
    kvFlag?.value && kvFlag.value.value.toLowerCase() !== 'auto'
      ? (DTYPES[kvFlag.value.value.toLowerCase()] ?? kvFlag.value.value.toLowerCase())
      : undefined;
  const kvCache = kvFormat ? { value: kvFormat, range: kvFlag!.value!.range } : undefined;

  const hw = hardwareOf(object, catalog, defaults);
  const operator = site.declared?.operator;
  const kaito =
    operator?.kind === 'kaito'
      ? kaitoParallelism(operator, model.model, weights?.value, hw.hardware?.entry, catalog, flags)
      : undefined;
  if (kaito) notes.push(kaito.note);
  const tensorFlag = numberFlag(flag('tensor'), bad, true) ?? kaito?.tensor;
  const pipeline = numberFlag(flag('pipeline'), bad, true) ?? kaito?.pipeline ?? { value: nim.pp ?? 1 };
  const dataFlag = numberFlag(flag('data'), bad, true) ?? kaito?.data;
  const dpAttention = boolFlag(flag('dpAttention'));
  const decodeContext = numberFlag(flag('decodeContext'), bad, true);
  const data = dataFlag && !dpAttention ? dataFlag : { value: 1 };
  const limit = gpuTotal(site, object);
  const stated = limit;
  let tensor: Located<number> = tensorFlag ?? (nim.tp ? { value: nim.tp } : { value: 1 });
  if (!tensorFlag && !nim.tp && engine === 'tgi' && limit) {
    // TGI shards over every visible GPU when --num-shard is not given (launcher docs).
    tensor = { value: Math.max(1, limit.count) };
    notes.push(`TGI: --num-shard not given, shards over the ${limit.count} visible GPUs`);
  }
  if (!tensorFlag && engine === 'tensorrt-llm' && flags.has('extraEngineArgs') && limit && limit.count > 1) {
    // Dynamo's TensorRT-LLM workers (and trtllm-serve --extra_llm_api_options) keep the
    // parallelism in a YAML file the manifest only names: tensor parallel over the replica's GPUs.
    tensor = { value: Math.max(1, Math.floor(limit.count / pipeline.value)) };
    notes.push(
      `TensorRT-LLM: the parallelism is in ${flags.get('extraEngineArgs')?.value?.value ?? 'the engine-args file'}, which is not read: tensor parallel ${tensor.value} over the ${limit.count} GPUs assumed`,
    );
  }
  if (!tensorFlag && !nim.tp && engine === 'nim' && limit && limit.count > 1) {
    // Without a profile NIM selects a compatible one for the GPUs it finds (NIM docs, model
    // profiles): tensor parallel over the replica's GPUs, divided among the pipeline stages.
    tensor = { value: Math.max(1, Math.floor(limit.count / pipeline.value)) };
    notes.push(
      `NIM: no profile or NIM_TENSOR_PARALLEL_SIZE: tensor parallel ${tensor.value} over the ${limit.count} GPUs (NIM picks a profile for the GPUs it finds)`,
    );
  }
  const layerSplit = engine === 'llama.cpp' || engine === 'ollama';
  const implied = tensor.value * pipeline.value * data.value;
  const gpusPerReplica = stated
    ? { value: stated.count, ...(stated.range ? { range: stated.range } : {}), stated: true }
    : { value: layerSplit ? 1 : implied, stated: false };
  if (!stated)
    notes.push(`no GPU limit stated: ${gpusPerReplica.value} GPU(s) per replica assumed from the parallelism flags`);
  let effectivePipeline = pipeline;
  if (layerSplit && gpusPerReplica.value > 1) {
    // llama.cpp splits layers over every visible GPU by default (--split-mode layer).
    const mode = flag('splitMode')?.value?.value;
    if (mode === 'row') tensor = { value: gpusPerReplica.value };
    else if (mode !== 'none') effectivePipeline = { value: gpusPerReplica.value };
  }

  const expertParallel = boolFlag(flag('expertParallel'));
  const expertFlag = numberFlag(flag('expert'), bad, true);
  const moe = model.model?.architecture.moe !== undefined;
  // vLLM: the expert-parallel group is tensor × data within a pipeline stage.
  const expert = moe ? (expertFlag?.value ?? (expertParallel ? tensor.value * data.value : 1)) : 1;
  const dpAttentionRanks = dpAttention && dataFlag && dataFlag.value > 1 ? dataFlag.value : 1;
  let estimatorShape = { tensor: tensor.value, data: 1 };
  if (!layerSplit && dpAttentionRanks > 1 && tensor.value % dpAttentionRanks === 0) {
    estimatorShape = { tensor: tensor.value / dpAttentionRanks, data: dpAttentionRanks };
    notes.push(
      `data-parallel attention: ${dpAttentionRanks} ranks of tensor ${estimatorShape.tensor} share the ${tensor.value} GPUs; each rank keeps its own KV cache`,
    );
  } else if (!layerSplit && moe && data.value > 1) {
    estimatorShape = { tensor: tensor.value, data: data.value };
    notes.push(
      `data parallel ${data.value} on a MoE model: the ranks share the experts (MoE layers over ${tensor.value * data.value} GPUs), so they are sized as one replica with attention data parallel`,
    );
  }

  const options: EngineOptions = {};
  const fraction = numberFlag(flag('memoryFraction'), bad, false);
  const maxSeqs = numberFlag(flag('maxNumSeqs'), bad, true);
  const batched = numberFlag(flag('maxNumBatchedTokens'), bad, true);
  const block = numberFlag(flag('blockSize'), bad, true);
  let maxModelLen: ManifestPlacement['maxModelLen'];
  const version = engineVersion(command.imageTag);
  switch (engineId) {
    case 'vllm': {
      if (fraction) options['gpuMemoryUtilization'] = fraction.value;
      else if (engine === 'tgi') options['gpuMemoryUtilization'] = 1;
      if (maxSeqs) options['maxNumSeqs'] = maxSeqs.value;
      else if (engine === 'vllm' && version && version[0] === 0 && version[1] < 8) {
        // V0 engine (before v0.8.0): max_num_seqs 256 on every device (vllm/engine/arg_utils.py).
        options['maxNumSeqs'] = 256;
        notes.push(`vLLM ${command.imageTag}: V0 engine defaults (max-num-seqs 256)`);
      }
      if (batched) options['maxNumBatchedTokens'] = batched.value;
      else if (engine === 'vllm' && version && version[0] === 0 && version[1] < 8) {
        // V0 without chunked prefill (automatic only above 32k) profiles one max_model_len batch:
        // max_num_batched_tokens = max(max_model_len, 2048) (vllm/config.py SchedulerConfig, v0.6).
        const v0Len = numberFlag(flag('maxModelLen'), [], true)?.value;
        if (v0Len !== undefined && v0Len <= 32768) options['maxNumBatchedTokens'] = Math.max(v0Len, 2048);
      }
      if (block) options['blockSize'] = block.value;
      if (boolFlag(flag('enforceEager'))) options['enforceEager'] = true;
      break;
    }
    case 'sglang': {
      if (fraction) options['memFractionStatic'] = fraction.value;
      if (maxSeqs) options['maxRunningRequests'] = maxSeqs.value;
      if (batched) options['chunkedPrefillSize'] = batched.value;
      const recv = numberFlag(flag('schedulerRecvInterval'), bad, true);
      if (recv) options['schedulerRecvInterval'] = recv.value;
      const continuous = numberFlag(flag('continuousDecodeSteps'), bad, true);
      if (continuous) options['numContinuousDecodeSteps'] = continuous.value;
      for (const [key, name] of Object.entries(SGLANG_SWITCH_OPTIONS))
        if (name && boolFlag(flag(key as FlagKey))) options[name] = true;
      const delayPasses = numberFlag(flag('prefillDelayerPasses'), bad, true);
      if (delayPasses) options['prefillDelayerMaxDelayPasses'] = delayPasses.value;
      const graphBs = numberFlag(flag('cudaGraphMaxBs'), bad, true);
      if (graphBs) options['cudaGraphMaxBs'] = graphBs.value;
      break;
    }
    case 'tensorrt-llm':
      if (fraction) options['kvCacheFreeGpuMemoryFraction'] = fraction.value;
      if (maxSeqs) options['maxBatchSize'] = maxSeqs.value;
      if (batched) options['maxNumTokens'] = batched.value;
      break;
    default:
      break;
  }
  const lenFlag = flag('maxModelLen');
  // `--max-model-len auto` (vLLM ≥ 0.11; KAITO's default): the engine takes the longest that fits.
  const autoLen = lenFlag?.value?.value.toLowerCase() === 'auto' || (kaito !== undefined && !lenFlag);
  const len = autoLen ? undefined : numberFlag(lenFlag, bad, true);
  if (len) maxModelLen = { ...len, stated: true };
  if (kaito && options['gpuMemoryUtilization'] === undefined)
    options['gpuMemoryUtilization'] = KAITO_GPU_MEMORY_UTILIZATION;
  if (layerSplit) {
    const ctx = numberFlag(flag('ctxSize'), bad, true);
    const slotsFlag = numberFlag(flag('parallel'), bad, true);
    const modelCtx = model.model?.architecture.maxContextTokens;
    // llama-server: -c 0 (the default) loads the model's training context; Ollama defaults to 4096 (≥ 0.6.4).
    const total = ctx && ctx.value > 0 ? ctx.value : engine === 'ollama' ? 4096 : modelCtx;
    const slots = slotsFlag?.value && slotsFlag.value > 0 ? slotsFlag.value : engine === 'ollama' ? 1 : 4;
    const unified = boolFlag(flag('kvUnified')) || (engine === 'llama.cpp' && !slotsFlag);
    if (!ctx)
      notes.push(
        engine === 'ollama'
          ? 'Ollama: OLLAMA_CONTEXT_LENGTH not set, 4096 tokens (default since 0.6.4)'
          : "llama-server: -c not given, the model's training context (default -c 0)",
      );
    if (!slotsFlag)
      notes.push(
        engine === 'ollama'
          ? 'Ollama: 1 parallel request (OLLAMA_NUM_PARALLEL default)'
          : 'llama-server: -np not given, 4 slots sharing one unified KV cache (default -np auto)',
      );
    if (total !== undefined && engine === 'ollama') {
      // Ollama gives every parallel request the whole context: the KV holds context × parallel.
      options['numCtx'] = total * slots;
      maxModelLen = { value: total, ...(ctx?.range ? { range: ctx.range } : {}), stated: ctx !== undefined };
    } else if (total !== undefined) {
      options['ctxSize'] = total;
      // Each slot gets ctx / np tokens unless the KV cache is unified (llama-server --kv-unified).
      const perSlot = unified ? total : Math.floor(total / slots);
      maxModelLen = {
        value: perSlot,
        ...(ctx?.range ? { range: ctx.range } : {}),
        stated: ctx !== undefined,
        ...(unified ? {} : { perSlotOf: slots }),
      };
    }
    options[engine === 'ollama' ? 'numParallel' : 'parallel'] = slots;
    const fa = flag('flashAttention')?.value?.value;
    if (fa !== undefined && /^(off|false|0)$/i.test(fa)) options['flashAttention'] = false;
    const backend = engine === 'llama.cpp' ? llamaBackendOfTag(command.imageTag) : undefined;
    if (backend) {
      options['backend'] = backend;
      notes.push(`llama.cpp image tag ${command.imageTag}: the ${backend} backend`);
    }
  }

  const replicas: Located<number> = {
    value: object.replicas,
    ...(object.replicasRange ? { range: object.replicasRange } : {}),
  };
  const finalData = data.value > 1 ? data : { value: 1 };
  return {
    engineId,
    model,
    ...(weights ? { weights } : {}),
    ...(kvCache ? { kvCache } : {}),
    ...(qFormat && q?.value ? { quantizationFlag: `${q.name}${q.fromEnv ? '=' : ' '}${q.value.value}` } : {}),
    ...(hw.hardware ? { hardware: hw.hardware } : {}),
    ...(hw.unknownHardwareLabel ? { unknownHardwareLabel: hw.unknownHardwareLabel } : {}),
    gpusPerReplica,
    ...(site.gpus ? { gpusPerPod: { value: site.gpus.count, range: site.gpus.range } } : {}),
    podsPerReplica: object.podsPerReplica,
    replicas,
    tensor,
    pipeline: effectivePipeline,
    data: finalData,
    ...(decodeContext && decodeContext.value > 1 ? { decodeContext } : {}),
    expert,
    estimatorShape,
    ...(maxModelLen ? { maxModelLen } : {}),
    ...(autoLen ? { maxModelLenAuto: true } : {}),
    ...loraOf(flags, bad, notes),
    ...speculativeOf(flags, bad, notes, catalog.engines.get(engineId)?.speculativeMethods ?? [], catalog),
    engineOptions: options,
    badValues: bad,
    notes,
  };
}

/**
 * LoRA serving a command line turns on (vLLM `--enable-lora`, SGLang `--lora-paths` or
 * `--enable-lora`): the adapters it lists (else as many as the slots), `--max-loras` /
 * `--max-loras-per-batch` slots and `--max-lora-rank` (else the engine's defaults, lora.json).
 */
function loraOf(flags: ReadonlyMap<FlagKey, ParsedFlag>, bad: ParsedFlag[], notes: string[]): { lora?: LoraInput } {
  const listed = flags.get('loraAdapters')?.values?.length ?? (flags.get('loraAdapters')?.value ? 1 : 0);
  if (!boolFlag(flags.get('enableLora')) && listed === 0) return {};
  const slots = numberFlag(flags.get('maxLoras'), bad, true)?.value;
  const rank = numberFlag(flags.get('maxLoraRank'), bad, true)?.value;
  const adapters = Math.max(1, listed || slots || 1);
  if (listed === 0) notes.push(`LoRA: no adapters listed at start (loaded at run time): ${adapters} assumed`);
  return {
    lora: {
      adapters,
      ...(rank && rank > 0 ? { rank } : {}),
      ...(slots && slots > 0 ? { maxLoras: slots } : {}),
    },
  };
}

/** vLLM `method` / SGLang `--speculative-algorithm` values → the estimator's methods. */
function speculativeMethod(name: string): SpeculativeInput['method'] | undefined {
  const n = name.toLowerCase();
  if (/mtp|nextn/.test(n)) return 'mtp';
  if (/eagle/.test(n)) return 'eagle';
  if (/ngram|n-gram|lookup/.test(n)) return 'ngram';
  if (/draft|standalone/.test(n)) return 'draft-model';
  return undefined;
}

/**
 * Speculative decoding a command line turns on: vLLM `--speculative-config` (JSON: `method`,
 * `num_speculative_tokens`, the draft `model`; a `model` without a method is a draft model), SGLang
 * `--speculative-algorithm` with `--speculative-num-steps` (STANDALONE: `--speculative-draft-model-path`)
 * and llama.cpp `--model-draft` with `--draft-max`. A draft model is sized when the catalog knows it
 * (its repo id or file name, read like the served model's); otherwise the config is left out of the
 * estimate and the notes say so.
 */
function speculativeOf(
  flags: ReadonlyMap<FlagKey, ParsedFlag>,
  bad: ParsedFlag[],
  notes: string[],
  engineRuns: readonly string[],
  catalog: Catalog,
): { speculative?: SpeculativeInput } {
  const json = flags.get('speculativeConfig')?.value?.value;
  const algo = flags.get('speculativeAlgorithm')?.value?.value;
  const draftFlag = flags.get('speculativeDraftModel')?.value?.value;
  let method: SpeculativeInput['method'] | undefined;
  let draftTokens: number | undefined;
  let draftRef: string | undefined;
  // The method as written, kept to say so when it is not one the estimator models.
  let named: string | undefined;
  if (json !== undefined) {
    named = /"?method"?\s*:\s*"?([A-Za-z0-9_-]+)/.exec(json)?.[1];
    const k = /"?num_speculative_tokens"?\s*:\s*"?(\d+)/.exec(json)?.[1];
    draftRef = /"?model"?\s*:\s*"([^"]+)"/.exec(json)?.[1] ?? /'?model'?\s*:\s*'([^']+)'/.exec(json)?.[1];
    method = named ? speculativeMethod(named) : draftRef !== undefined ? 'draft-model' : undefined;
    draftTokens = k ? Number(k) : undefined;
  } else if (algo !== undefined) {
    named = algo;
    method = speculativeMethod(algo);
    draftTokens = numberFlag(flags.get('speculativeSteps'), bad, true)?.value;
    draftRef = draftFlag;
  } else if (draftFlag !== undefined) {
    method = 'draft-model';
    draftRef = draftFlag;
    draftTokens = numberFlag(flags.get('draftMax'), bad, true)?.value;
  }
  if (!method) {
    // A method the estimator has no model of (a new drafter, Medusa heads, suffix decoding) changes
    // TPOT and memory: say it is left out rather than estimate as if it were off without a word.
    if (named !== undefined)
      notes.push(
        `speculative decoding method '${named}': not one the estimator models (MTP, EAGLE, n-gram, a draft model), so the estimate is without it: TPOT is likely lower and memory higher than shown`,
      );
    return {};
  }
  let draftModel: ModelEntry | undefined;
  let draftWeights: string | undefined;
  if (method === 'draft-model') {
    const match = draftRef !== undefined ? matchModel(draftRef, catalog) : undefined;
    draftModel = match?.model;
    // The draft's own quantization when its name says it (a GGUF file's `-Q8_0`, a repo's `-FP8`).
    draftWeights = match?.checkpointWeights;
    if (!draftModel) {
      notes.push(
        `speculative decoding with a draft model${draftRef !== undefined ? ` ('${draftRef}')` : ''}: not included in the estimate (${draftRef !== undefined ? 'the catalog does not know it, so it is not sized' : 'no draft model named'})`,
      );
      return {};
    }
  }
  if (!engineRuns.includes(method)) {
    notes.push(
      `speculative decoding (${method}): the catalog's engine entry does not run it, so it is not in the estimate`,
    );
    return {};
  }
  return {
    speculative: {
      method,
      ...(draftTokens && draftTokens >= 1 && draftTokens <= 16 ? { draftTokens } : {}),
      ...(draftModel ? { draftModel } : {}),
      ...(draftModel && draftWeights ? { draftWeights } : {}),
    },
  };
}

/** KAITO's `--gpu-memory-utilization` (pkg/model/interface.go; 0.82 on A10, not distinguished here). */
const KAITO_GPU_MEMORY_UTILIZATION = 0.84;

/**
 * The parallelism KAITO gives vLLM when the inference ConfigMap does not (pkg/model/interface.go
 * configureParallelism): a model under half of one GPU's memory on a multi-GPU node runs data
 * parallel over the node's GPUs, otherwise tensor parallel; several nodes add pipeline parallel.
 */
function kaitoParallelism(
  operator: { gpusPerNode: number; nodes: number },
  model: ModelEntry | undefined,
  weights: string | undefined,
  hardware: HardwareEntry | undefined,
  catalog: Catalog,
  flags: ReadonlyMap<FlagKey, ParsedFlag>,
): { tensor?: Located<number>; data?: Located<number>; pipeline?: Located<number>; note: string } {
  const stated = flags.has('tensor') || flags.has('data');
  const format = catalog.formats.get(weights ?? model?.nativeWeights ?? 'bf16');
  const bytes = model && format ? weightBytes(model, format).total : undefined;
  const small = bytes !== undefined && hardware !== undefined && bytes < 0.5 * hardware.memoryGB * 1e9;
  const pipeline = operator.nodes > 1 && !flags.has('pipeline') ? { value: operator.nodes } : undefined;
  const data = !stated && small && operator.gpusPerNode > 1 ? { value: operator.gpusPerNode } : undefined;
  const tensor = !stated && !data ? { value: operator.gpusPerNode } : undefined;
  const parts = [
    tensor ? `tensor parallel ${tensor.value}` : undefined,
    data ? `data parallel ${data.value} (the model takes under half of one GPU)` : undefined,
    pipeline ? `pipeline parallel ${pipeline.value} over the nodes` : undefined,
  ].filter(Boolean);
  return {
    ...(tensor ? { tensor } : {}),
    ...(data ? { data } : {}),
    ...(pipeline ? { pipeline } : {}),
    note: `KAITO defaults: ${parts.length ? `${parts.join(', ')}, ` : ''}--gpu-memory-utilization ${KAITO_GPU_MEMORY_UTILIZATION}, the longest context that fits (unless its inference ConfigMap sets them)`,
  };
}

/** Whether the placement's engine splits a model by layers over every visible GPU (llama.cpp, Ollama). */
export function splitsLayers(p: ManifestPlacement): boolean {
  return p.engineId === 'llama.cpp' || p.engineId === 'ollama';
}

/**
 * One estimator replica of a manifest placement: tensor × pipeline × the data-parallel ranks that
 * share experts (a dense model: one rank; llama.cpp/Ollama: every visible GPU), and its parallelism.
 */
export function estimatorReplica(p: ManifestPlacement): {
  gpus: number;
  parallelism: { tensor: number; pipeline: number; expert: number; data: number; decodeContext?: number };
} {
  const layerSplit = splitsLayers(p);
  const shape = p.estimatorShape;
  return {
    gpus: layerSplit ? p.gpusPerReplica.value : shape.tensor * p.pipeline.value * shape.data,
    parallelism: {
      tensor: layerSplit ? p.tensor.value : shape.tensor,
      pipeline: p.pipeline.value,
      expert: p.expert,
      data: layerSplit ? 1 : shape.data,
      ...(!layerSplit && p.decodeContext ? { decodeContext: p.decodeContext.value } : {}),
    },
  };
}

/** Estimator replicas of a workload: a dense model's data-parallel ranks are replicas; ranks that share experts are one. */
export function estimatorReplicas(p: ManifestPlacement, objectReplicas: number): number {
  return p.estimatorShape.data > 1 ? objectReplicas : objectReplicas * p.data.value;
}

/**
 * The GPU backend a llama.cpp image tag names (ggml-org/llama.cpp docs/docker.md: `server-cuda`,
 * `server-rocm`, `server-vulkan`, `server-intel` (SYCL), `full-cuda-b6795`, …); undefined for the CPU
 * build or another image.
 */
export function llamaBackendOfTag(tag: string | undefined): LlamaBackend | undefined {
  const m = tag ? /^(?:server|full|light)-(cuda|rocm|vulkan|intel|sycl)(?:$|[-.])/i.exec(tag) : null;
  if (!m) return undefined;
  return canonicalBackend(m[1]!.toLowerCase() === 'intel' ? 'sycl' : m[1]!);
}
