/**
 * Workload-free findings of one serving container, from the estimator's memory, KV and timing
 * functions: does it fit, can the KV pool hold one `--max-model-len` sequence (the engine refuses
 * to start otherwise), is the length within the model's context, do the parallelism flags match
 * the GPUs, does TP divide the heads, does the quantization flag match the checkpoint; and the
 * capacity (sequences at max-model-len and at a typical length) and single-stream latency.
 */
import type { Catalog } from '../catalog';
import {
  estimate,
  kvBytesPerSequencePerGpu,
  resolveRequest,
  type EstimateRequest,
  type EstimateResult,
} from '../estimate';
import type { Finding, Fix, TextRange } from '../findings';
import { CODES, type CodeInfo } from '../validate/codes';
import type { ServingCommand } from './commandLine';
import { ENGINE_NAMES, SGLANG_SWITCH_OPTIONS } from './flags';
import { estimatorReplica, splitsLayers, type ManifestPlacement } from './mapping';

/** The request length used for capacity "at a typical length" and single-stream latency (tokens). */
export const TYPICAL_PROMPT_TOKENS = 1024;
export const TYPICAL_OUTPUT_TOKENS = 256;

const GiB = 1024 ** 3;

/** What the analysis found for one container. */
export interface ContainerAnalysis {
  findings: Finding[];
  request?: EstimateRequest;
  result?: EstimateResult;
  /** Sequences of max-model-len tokens the KV pool of one replica holds at once. */
  sequencesAtMaxLen?: number;
  /** Sequences of the typical length the pool holds at once. */
  sequencesAtTypical?: number;
  /** Longest sequence one replica's KV pool holds, tokens. */
  poolTokens?: number;
  /** The length checked (stated or the engine default), tokens. */
  maxModelLen?: number;
  headline: string;
  /** Any error finding. */
  fails: boolean;
  reasons: string[];
}

function finding(
  info: CodeInfo,
  message: string,
  range: TextRange,
  documentIndex: number,
  fixes?: Fix[],
  severity = info.severity,
): Finding {
  return { code: info.code, severity, message, range, documentIndex, ...(fixes?.length ? { fixes } : {}) };
}

function replaceFix(title: string, range: TextRange | undefined, newText: string): Fix[] {
  return range ? [{ title, edits: [{ range, newText }], preferred: true }] : [];
}

const k = (n: number): string => (n >= 1024 && n % 1024 === 0 ? `${n / 1024}k` : n.toLocaleString('en-US'));
const gib = (x: number): string => (x >= 10 ? x.toFixed(1) : x.toFixed(2)).replace(/\.?0+$/, '');

/** Longest sequence (tokens, a multiple of `block`) whose KV fits `poolBytes` on one GPU. */
function longestSequence(req: EstimateRequest, poolBytes: number, block: number, upTo: number): number {
  const { tensor, pipeline, decodeContext } = req.parallelism;
  const fits = (t: number): boolean =>
    kvBytesPerSequencePerGpu(req.model.architecture, req.kvCache, t, tensor, pipeline, block, decodeContext) <=
    poolBytes;
  if (!fits(block)) return 0;
  let lo = 1;
  let hi = Math.max(1, Math.ceil(upTo / block));
  if (fits(hi * block)) return hi * block;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(mid * block)) lo = mid;
    else hi = mid;
  }
  return lo * block;
}

/** Analyses one serving container. `anchor` locates container-wide findings. */
export function analyzeContainer(
  placement: ManifestPlacement,
  command: ServingCommand,
  catalog: Catalog,
  documentIndex: number,
): ContainerAnalysis {
  const out: Finding[] = [];
  const anchor = command.anchor;
  const engineName = ENGINE_NAMES[command.engine];
  const model = placement.model.model;
  const tensorRange = placement.tensor.range;
  const gpuRange = placement.gpusPerReplica.range;

  for (const flag of placement.badValues) {
    out.push(
      finding(
        CODES.manifestFlagValue,
        `${flag.name} '${flag.value?.value ?? ''}' is not a valid number; it is ignored in the estimate`,
        flag.value?.range ?? flag.nameRange,
        documentIndex,
      ),
    );
  }

  // An option the engine accepts only with attention DP (engines.json dataParallelOptions).
  if (!command.flags.has('dpAttention'))
    for (const option of catalog.engines.get(command.engine)?.dataParallelOptions ?? []) {
      if (placement.engineOptions[option] !== true) continue;
      const flag = [...command.flags.values()].find((f) => SGLANG_SWITCH_OPTIONS[f.key] === option);
      out.push(
        finding(
          CODES.optionNeedsDataParallel,
          `${flag?.name ?? option} needs attention data parallel (--enable-dp-attention): ${engineName} refuses to start without it`,
          flag?.nameRange ?? anchor,
          documentIndex,
        ),
      );
    }

  // Parallelism vs the GPUs of a replica (GPU-splitting engines; llama.cpp uses what it sees).
  const layerSplit = splitsLayers(placement);
  const needed = placement.tensor.value * placement.pipeline.value * placement.data.value;
  if (!layerSplit && placement.gpusPerReplica.stated) {
    const have = placement.gpusPerReplica.value;
    const layout = `tensor ${placement.tensor.value} × pipeline ${placement.pipeline.value}${placement.data.value > 1 ? ` × data ${placement.data.value}` : ''} = ${needed}`;
    if (needed > have) {
      out.push(
        finding(
          CODES.manifestParallelismExceedsGpus,
          `${layout} GPUs, but a replica has ${have}: ${engineName} cannot start its workers`,
          tensorRange ?? gpuRange ?? anchor,
          documentIndex,
          replaceFix(`Request ${needed} GPUs`, gpuRange, String(needed)),
        ),
      );
    } else if (needed < have) {
      out.push(
        finding(
          CODES.manifestGpusIdle,
          `${layout} GPUs of the ${have} requested: ${have - needed} GPU(s) idle`,
          gpuRange ?? anchor,
          documentIndex,
          replaceFix(`Request ${needed} GPUs`, gpuRange, String(needed)),
        ),
      );
    }
  }

  // A pod larger than one node of the stated instance type cannot be scheduled (one pod, one node).
  const perNode = placement.hardware?.gpusPerNode;
  const perPod = placement.gpusPerPod?.value ?? (placement.gpusPerReplica.stated || layerSplit ? undefined : needed);
  if (perNode !== undefined && perPod !== undefined && perPod > perNode) {
    const where = placement.gpusPerPod?.range ?? tensorRange ?? anchor;
    out.push(
      finding(
        CODES.manifestNodeTooSmall,
        `${perPod} GPUs in one pod, but a ${placement.hardware!.label} node has ${perNode}: the pod cannot be scheduled (${engineName}'s tensor-parallel workers must share a node)`,
        where,
        documentIndex,
      ),
    );
  }

  if (model && placement.tensor.value > 1 && model.architecture.attentionHeads % placement.tensor.value !== 0) {
    const divisors = [1, 2, 4, 8, 16].filter((d) => model.architecture.attentionHeads % d === 0 && d <= 16);
    out.push(
      finding(
        CODES.manifestTensorHeads,
        `tensor parallel ${placement.tensor.value} does not divide the ${model.architecture.attentionHeads} attention heads of ${model.id}; ${engineName} refuses it (use ${divisors.join(', ')})`,
        tensorRange ?? anchor,
        documentIndex,
      ),
    );
  }

  const q = placement.weights;
  const ckpt = placement.model.checkpointWeights;
  if (
    q?.range &&
    q.range !== placement.model.range &&
    ckpt &&
    ckpt !== q.value &&
    !(q.value === 'fp8' && ckpt === 'fp8')
  ) {
    out.push(
      finding(
        CODES.manifestQuantizationMismatch,
        `${placement.quantizationFlag ?? 'the quantization flag'} (${q.value}) contradicts the checkpoint '${placement.model.name}', which is ${ckpt} by its name`,
        q.range,
        documentIndex,
      ),
    );
  } else if (
    q?.range &&
    q.range !== placement.model.range &&
    !ckpt &&
    (q.value === 'int4-awq' || q.value === 'int4-gptq') &&
    model &&
    model.nativeWeights !== q.value
  ) {
    out.push(
      finding(
        CODES.manifestQuantizationMismatch,
        `${placement.quantizationFlag ?? `--quantization ${q.value.replace('int4-', '')}`} on '${placement.model.name}', a ${model.nativeWeights} checkpoint by its name: the engine reads the quantization from the checkpoint and fails when it is not ${q.value}`,
        q.range,
        documentIndex,
      ),
    );
  }

  const len = placement.maxModelLen;
  if (model && len?.stated && len.value > model.architecture.maxContextTokens && !layerSplit) {
    out.push(
      finding(
        CODES.manifestBeyondContext,
        `max length ${len.value.toLocaleString('en-US')} is beyond ${model.id}'s context of ${model.architecture.maxContextTokens.toLocaleString('en-US')} tokens; ${engineName} refuses it`,
        len.range ?? anchor,
        documentIndex,
        replaceFix(
          `Set it to ${model.architecture.maxContextTokens}`,
          len.range,
          String(model.architecture.maxContextTokens),
        ),
      ),
    );
  }

  const summary = (text: string): ContainerAnalysis => {
    const fails = out.some((f) => f.severity === 'error');
    return {
      findings: out,
      headline: text,
      fails,
      reasons: out.filter((f) => f.severity === 'error').map((f) => f.message),
    };
  };
  const weightsText = placement.weights?.value ?? model?.nativeWeights ?? '';
  const modelText = model ? `${model.id} ${weightsText}` : placement.model.name;
  if (!model) {
    out.push(
      finding(
        CODES.manifestModelUnknown,
        placement.model.name === 'model not stated'
          ? `${engineName}: the model is not stated (or not readable) here; memory fit cannot be checked`
          : `${engineName}: model '${placement.model.name}' is not in the catalog; memory fit cannot be checked`,
        placement.model.range ?? anchor,
        documentIndex,
      ),
    );
    return summary(`${engineName} · ${placement.model.name} · ${placement.gpusPerReplica.value} GPU(s) per replica`);
  }
  const hardware = placement.hardware;
  if (!hardware) {
    const what = placement.unknownHardwareLabel
      ? `device '${placement.unknownHardwareLabel.value}' is not in the catalog`
      : 'the GPU type is not stated';
    out.push(
      finding(
        CODES.manifestHardwareUnknown,
        `${what}: memory fit cannot be checked. Add the annotation llm-sizing/hardware: <id> (Compose: x-llm-sizing: {hardware: <id>}), or pass --hardware`,
        placement.unknownHardwareLabel?.range ?? gpuRange ?? anchor,
        documentIndex,
      ),
    );
    return summary(
      `${engineName} · ${modelText} · ${placement.gpusPerReplica.value} GPU(s) per replica · GPU type not stated`,
    );
  }

  const { gpus, parallelism } = estimatorReplica(placement);
  const resolved = resolveRequest(
    {
      model,
      hardware: hardware.entry,
      engine: placement.engineId,
      gpus,
      ...(placement.weights ? { weights: placement.weights.value } : {}),
      ...(placement.kvCache ? { kvCache: placement.kvCache.value } : {}),
      parallelism,
      engineOptions: placement.engineOptions,
      ...(placement.lora ? { lora: placement.lora } : {}),
      ...(placement.speculative ? { speculative: placement.speculative } : {}),
      workload: { inputTokens: TYPICAL_PROMPT_TOKENS, outputTokens: TYPICAL_OUTPUT_TOKENS, concurrency: 1 },
      // A replica over several pods (LeaderWorkerSet, multi-node workers): each pod is a node.
      ...(placement.podsPerReplica > 1 && placement.gpusPerPod && placement.gpusPerPod.value < gpus
        ? { gpusPerNode: placement.gpusPerPod.value }
        : {}),
    },
    catalog,
  );
  if (!resolved.ok) {
    out.push(
      finding(
        CODES.manifestCannotEstimate,
        `cannot estimate: ${resolved.error}`,
        placement.weights?.range ?? anchor,
        documentIndex,
      ),
    );
    return summary(`${engineName} · ${modelText} · cannot estimate`);
  }
  const req = resolved.request;
  const result = estimate(req);
  const mem = result.memory;
  const perGpu = mem.perGpuGiB;
  const device = `${gpus}× ${hardware.entry.name.replace(/^(?:NVIDIA|AMD) /, '')}`;
  const nonKv = perGpu.weights.value + perGpu.activations.value + perGpu.runtime.value;
  const block = req.engine.memoryContract.kvBlockTokens ?? 1;
  const poolBytes = mem.kvPoolGiB.value * GiB;
  const contextLimit = model.architecture.maxContextTokens;
  // Unset, vLLM takes the model's context and refuses to start when one such sequence does not
  // fit the KV pool; other engines cap or size differently, so only a stated length is checked.
  let checkedLen = placement.maxModelLenAuto
    ? undefined
    : (len?.value ?? (command.engine === 'vllm' ? contextLimit : undefined));
  let sequencesAtMaxLen: number | undefined;
  let sequencesAtTypical: number | undefined;
  let poolTokens: number | undefined;
  const typical = TYPICAL_PROMPT_TOKENS + TYPICAL_OUTPUT_TOKENS;

  if (layerSplit) {
    if (!mem.fits) {
      const onCtx = len?.range && perGpu.capacity.value > nonKv;
      out.push(
        finding(
          CODES.manifestDoesNotFit,
          `${modelText} on ${device}: ${mem.reason ?? 'does not fit'}`,
          onCtx ? len!.range! : (gpuRange ?? anchor),
          documentIndex,
        ),
      );
    } else {
      const slots = Number(placement.engineOptions['parallel'] ?? placement.engineOptions['numParallel'] ?? 1);
      sequencesAtMaxLen = slots;
      sequencesAtTypical = slots;
    }
  } else if (mem.kvPoolGiB.value <= 0 || poolBytes <= 0) {
    out.push(
      finding(
        CODES.manifestDoesNotFit,
        `${modelText} on ${device}: weights ${gib(perGpu.weights.value)} + activations ${gib(perGpu.activations.value)} + runtime ${gib(perGpu.runtime.value)} GiB per GPU leave no KV cache in the ${gib(perGpu.capacity.value)} GiB budget of each GPU`,
        gpuRange ?? tensorRange ?? anchor,
        documentIndex,
      ),
    );
  } else {
    poolTokens = longestSequence(req, poolBytes, block, Math.max(checkedLen ?? 0, contextLimit) * 4);
    // An automatic maximum length is the longest the pool holds, up to the model's context.
    if (placement.maxModelLenAuto && poolTokens > 0) checkedLen = Math.min(contextLimit, poolTokens);
    const perSeq = (t: number): number =>
      kvBytesPerSequencePerGpu(
        model.architecture,
        req.kvCache,
        t,
        req.parallelism.tensor,
        req.parallelism.pipeline,
        block,
        req.parallelism.decodeContext,
      );
    // Each data-parallel rank has a pool of its own.
    const ranks = req.parallelism.data;
    sequencesAtTypical = ranks * Math.floor(poolBytes / perSeq(typical));
    if (checkedLen !== undefined) {
      sequencesAtMaxLen = ranks * Math.floor(poolBytes / perSeq(checkedLen));
      if (sequencesAtMaxLen < 1) {
        const fitLen = Math.min(poolTokens, contextLimit);
        const where = len?.stated && len.range ? len.range : anchor;
        const said = len?.stated
          ? `max length ${checkedLen.toLocaleString('en-US')}`
          : `the default max length (the model's ${checkedLen.toLocaleString('en-US')}-token context)`;
        out.push(
          finding(
            CODES.manifestMaxLenExceedsKv,
            `${said} is longer than the KV pool holds: ${gib(mem.kvPoolGiB.value)} GiB per GPU on ${device} = ${poolTokens.toLocaleString('en-US')} tokens; ${engineName} refuses to start. Largest that fits: ${fitLen}`,
            where,
            documentIndex,
            len?.stated ? replaceFix(`Set the max length to ${fitLen}`, len.range, String(fitLen)) : [],
          ),
        );
      }
    }
  }

  const lenText = checkedLen !== undefined ? k(checkedLen) : 'max length';
  const plural = (x: number): string => `${x} sequence${x === 1 ? '' : 's'}`;
  const seqText =
    sequencesAtMaxLen !== undefined
      ? `${plural(sequencesAtMaxLen)} at ${lenText}`
      : sequencesAtTypical !== undefined
        ? `${plural(sequencesAtTypical)} at ${k(typical)}`
        : mem.fits
          ? 'KV pool sized at start'
          : 'no KV pool';
  const headline = `${engineName} · ${modelText} · ${device} · ${gib(perGpu.weights.value)} GiB weights + ${gib(perGpu.kvCache.value)} GiB KV per GPU · ${seqText}`;
  const ttft = result.latency.ttftMs.p50.value;
  const tpot = result.latency.tpotMs.p50.value;
  const capacity =
    sequencesAtTypical !== undefined && sequencesAtMaxLen !== undefined
      ? `; ${sequencesAtTypical} at a typical ${k(typical)} tokens`
      : '';
  const latency = mem.fits
    ? `; one stream: TTFT ${Math.round(ttft)} ms for ${k(TYPICAL_PROMPT_TOKENS)} prompt tokens, TPOT ${tpot.toFixed(1)} ms`
    : '';
  out.push(finding(CODES.manifestSummary, `${headline}${capacity}${latency}`, anchor, documentIndex));
  const base = summary(headline);
  return {
    ...base,
    request: req,
    result,
    ...(sequencesAtMaxLen !== undefined ? { sequencesAtMaxLen } : {}),
    ...(sequencesAtTypical !== undefined ? { sequencesAtTypical } : {}),
    ...(poolTokens !== undefined ? { poolTokens } : {}),
    ...(checkedLen !== undefined ? { maxModelLen: checkedLen } : {}),
  };
}
