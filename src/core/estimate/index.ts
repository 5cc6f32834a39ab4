/**
 * The estimator: `estimate(request)` → memory per GPU, latency, throughput, each with a band,
 * plus assumptions and an explanation of every formula and constant.
 *
 * Pure and deterministic (no I/O, no clock); a few tens of microseconds per call.
 * Formulas: docs/estimator.md. Parameters: calibration.json (fitted on the calibration cases).
 */
import type { EstimateRequest, EstimateResult, LoadPoint, Slo } from './types';
import { formatCount, round } from '../report/format';
import { calibration as shippedCalibration, type Calibration } from './calibration';
import { correctionAssumption } from '../calibrate/corrections';
import { banded, exact, floored } from './bands';
import { tpotFloorMs, ttftFloorMs } from './floors';
import { option } from './engineOptions';
import { batchAdmissionText, pagedKv, reservesToCompletion } from './admission';
import { memoryModel, type MemoryModel } from './memory';
import {
  decodeStep,
  eagerKernelUs,
  perSequence,
  prefillTiming,
  timingModel,
  type PerSequence,
  type PrefillTiming,
  type TimingModel,
} from './timing';
import {
  atConcurrency,
  atRate,
  intakeSteps,
  outputLengthCv2,
  saturation,
  type ServingInputs,
  type ServingPoint,
} from './serving';
import { buildExplain } from './explain';
import { draftMs, expectedTokensPerStep } from './speculative';
import { GiB } from './weights';
import { hasBf16SparseAttention, hasCompressedMla, hasSharedIndexer, hasSparseFull, ownIndexerLayers } from './kv';
import { engineLora, loraBytesPerGpu, loraCoversExperts } from './lora';
import loraData from './lora.json';

export type * from './types';
export { resolveRequest, type LoraInput, type ResolveInput, type SpeculativeInput } from './resolve';
export { kvBytesPerSequencePerGpu } from './kv';
export { weightBytes } from './weights';
export type { Calibration } from './calibration';

/** Internal model of one request: everything the result and the load functions derive from. */
export interface Model {
  req: EstimateRequest;
  cal: Calibration;
  mem: MemoryModel;
  t: TimingModel;
  prefill: PrefillTiming;
  serving: ServingInputs;
  ctxTokens: number;
  seq: PerSequence;
  /** Prompt tokens served from the prefix cache (not prefilled). */
  cachedTokens: number;
}

/** Builds the internal model (memory, step times, serving inputs). */
export function buildModel(req: EstimateRequest, cal: Calibration = shippedCalibration): Model {
  const mem = memoryModel(req, cal);
  const t = timingModel(req, cal);
  const wl = req.workload;
  const I = Math.max(0, wl.inputTokens);
  const O = Math.max(1, wl.outputTokens);
  // Prefix-cache hits are not prefilled again: only the new tokens run, over the cached ones.
  const cached = Math.min(I, Math.round(I * Math.min(1, Math.max(0, wl.prefixCacheHitRate ?? 0))));
  const prefill = prefillTiming(req, mem, t, I - cached, cached);
  // Mean context over the generated tokens: the prompt plus half the output.
  const ctxTokens = I + O / 2;
  const memCap = mem.fits ? Math.max(1, Math.floor(mem.maxSequences * pagedKvGain(req, I, O))) : 1;
  const maxBatch = Math.max(1, Math.min(memCap, mem.engineMaxBatch, option(req, 'maxNumTokens') ?? Infinity));
  const stepCache = new Map<number, number>();
  const seq = perSequence(req, ctxTokens, t.attnRates);
  const spec = speculativeStep(req, cal, mem, t, ctxTokens, seq);
  const serving: ServingInputs = {
    inputTokens: I,
    outputTokens: O,
    prefillLatencyMs: I > 0 ? prefill.latencyMs : 0,
    prefillBatchedMs: I > 0 ? prefill.batchedMs : 0,
    prefillRankMs: I > 0 ? prefill.rankMs : 0,
    dataParallel: req.parallelism.data,
    prefillForwardMs: I > 0 ? prefillForwardMs(prefill, t, I - cached) : 0,
    ttftOverheadMs: t.eng.ttftOverheadMs,
    stepMs: (b: number) => {
      const k = Math.round(b * 1000) / 1000;
      let v = stepCache.get(k);
      if (v === undefined) {
        v = spec ? spec(k) : decodeStep(req, mem, t, k, ctxTokens, seq).stepMs;
        stepCache.set(k, v);
      }
      return v;
    },
    maxBatch,
    pipeline: req.parallelism.pipeline,
    serviceCv2: outputLengthCv2(O, wl.outputTokensP95),
    pollSteps: pollSteps(req),
    prefillDelaySteps: prefillDelaySteps(req),
  };
  return { req, cal, mem, t, prefill, serving, ctxTokens, seq, cachedTokens: cached };
}

/**
 * Decode steps between the scheduler's looks at new requests (ServingInputs.pollSteps): SGLang's
 * `--scheduler-recv-interval` (schedulerRecvInterval) and `--num-continuous-decode-steps`
 * (numContinuousDecodeSteps), both 1 by default (sglang server_args.py); the longer one sets it.
 */
function pollSteps(req: EstimateRequest): number {
  const recv = option(req, 'schedulerRecvInterval') ?? 1;
  const continuous = option(req, 'numContinuousDecodeSteps') ?? 1;
  return Math.max(1, Math.round(recv), Math.round(continuous));
}

/**
 * The most decode steps SGLang's prefill delayer holds a prompt back (ServingInputs.prefillDelaySteps):
 * `--prefill-delayer-max-delay-passes` (prefillDelayerMaxDelayPasses, default 30: server_args.py)
 * with `--enable-prefill-delayer` (enablePrefillDelayer), which SGLang accepts only with attention
 * DP (managers/prefill_delayer.py asserts enable_dp_attention); 0 when off.
 */
function prefillDelaySteps(req: EstimateRequest): number {
  if (req.engineOptions['enablePrefillDelayer'] !== true || req.parallelism.data <= 1) return 0;
  return Math.max(1, Math.round(option(req, 'prefillDelayerMaxDelayPasses') ?? PREFILL_DELAYER_DEFAULT_PASSES));
}

/** SGLang's default `--prefill-delayer-max-delay-passes` (server_args.py ServerArgs). */
const PREFILL_DELAYER_DEFAULT_PASSES = 30;

/**
 * How many more sequences a paged KV pool holds in flight than at full length (≥ 1). vLLM and
 * SGLang allocate KV blocks as a sequence grows and admit on the blocks in use, so under a steady
 * stream of requests the pool holds sequences at their mean in-flight length (prompt + half the
 * output) rather than at input + output; a llama.cpp/Ollama slot (`fit-with-margin`) reserves its
 * whole context up front, and TensorRT-LLM's default scheduler reserves each request's blocks to
 * completion (`reservesToCompletion`). Sources: vLLM PagedAttention (Kwon et al., SOSP 2023, §4:
 * blocks allocated on demand), SGLang's scheduler admitting on current tokens plus an estimated
 * share of the remaining output.
 */
function pagedKvGain(req: EstimateRequest, inputTokens: number, outputTokens: number): number {
  if (!pagedKv(req) || reservesToCompletion(req) !== undefined) return 1;
  return (inputTokens + outputTokens) / Math.max(1, inputTokens + outputTokens / 2);
}

/**
 * Fixed replica time a prompt's forward adds beyond its compute, ms (ServingInputs.prefillForwardMs):
 * a separate forward pays everything but its compute (eager kernels, step, weights streamed,
 * all-reduce latency), times the share the engine's overlap scheduler does not hide
 * (`prefillForwardBlocking`: host work for the next batch runs while the GPU executes the current
 * one; a lone request's TTFT still pays all of it); a chunk mixed into a decode step pays the eager
 * kernels instead of the graph-captured ones, unless the step still fits the engine's CUDA graphs
 * (`graphTokens`).
 */
function prefillForwardMs(prefill: PrefillTiming, t: TimingModel, newTokens: number): number {
  if (t.eng.prefillForward === 'separate')
    return Math.max(0, prefill.latencyMs - prefill.computeMs) * (t.eng.prefillForwardBlocking ?? 1);
  if (newTokens <= (t.eng.graphTokens ?? 0)) return 0;
  return Math.max(0, t.prefillKernelOverheadMs - t.kernelOverheadMs);
}

/** The serving point of the request's workload. */
function operatingPoint(m: Model): ServingPoint {
  const wl = m.req.workload;
  if (wl.requestsPerSecond !== undefined && wl.concurrency === undefined)
    return atRate(m.serving, wl.requestsPerSecond);
  if (wl.concurrency === 'max' || wl.concurrency === undefined) return saturation(m.serving);
  return atConcurrency(m.serving, wl.concurrency);
}

/**
 * Time per generated token of a sequence at batch b with speculative decoding: (verify step of
 * k + 1 tokens + drafting) ÷ expected tokens per step (speculative.ts). Undefined without it.
 */
function speculativeStep(
  req: EstimateRequest,
  cal: Calibration,
  mem: MemoryModel,
  t: TimingModel,
  ctx: number,
  seq: PerSequence,
): ((b: number) => number) | undefined {
  const s = req.speculative;
  if (!s) return undefined;
  const perStep = expectedTokensPerStep(s.acceptanceRate, s.draftTokens);
  let draftStep: ((b: number) => number) | undefined;
  if (s.method === 'draft-model' && s.draftModel) {
    const draftReq: EstimateRequest = { ...req, model: s.draftModel, weights: s.draftWeights ?? req.weights };
    delete draftReq.speculative;
    const dm = memoryModel(draftReq, cal);
    const dt = timingModel(draftReq, cal);
    const dseq = perSequence(draftReq, ctx, dt.attnRates);
    draftStep = (b) => decodeStep(draftReq, dm, dt, b, ctx, dseq).stepMs;
  }
  return (b) =>
    (decodeStep(req, mem, t, b, ctx, seq, s.draftTokens + 1).stepMs + draftMs(req, mem, t, b, ctx, seq, draftStep)) /
    perStep;
}

/**
 * Estimates memory, latency and throughput of one replica.
 * @param request resolved entries + parallelism + workload (see `resolveRequest` for ids).
 * @param cal calibration parameters (defaults to the shipped, fitted ones).
 */
export function estimate(request: EstimateRequest, cal: Calibration = shippedCalibration): EstimateResult {
  return resultOf(buildModel(request, cal));
}

/**
 * The estimate of `request` from a model built for the same replica at another request rate
 * (memory, step times and serving inputs do not depend on the rate; concurrency does, so a
 * closed-loop request needs a model of its own concurrency). Equal to `estimate(request)`;
 * saves the model build when the sizing cache already has it.
 */
export function estimateOn(model: Model, request: EstimateRequest): EstimateResult {
  return resultOf(model.req === request ? model : { ...model, req: request });
}

function resultOf(m: Model): EstimateResult {
  const { mem, prefill, cal } = m;
  const p = operatingPoint(m);
  const sat = saturation(m.serving);
  const I = m.serving.inputTokens;
  const weightsGroup = 'weights' as const;
  const perGpu = {
    weights: banded(mem.weightsPerGpuGiB, weightsGroup, cal),
    kvCache: banded(mem.kvReservedGiB, 'kvCache', cal),
    activations: banded(mem.activationsGiB, 'memory', cal),
    runtime: banded(mem.runtimeGiB, 'memory', cal),
    total: banded(mem.weightsPerGpuGiB + mem.kvReservedGiB + mem.activationsGiB + mem.runtimeGiB, 'memory', cal),
    capacity: exact(mem.capacityGiB),
  };
  const decodeStepMs = m.serving.stepMs(p.batch);
  const floors = latencyFloors(m);
  const tpotFloorAtLoad = tpotFloorMs(m.req, mem, m.t, p.batch, m.ctxTokens, m.seq);
  const prefillTps = I > 0 ? (I * 1000) / prefill.latencyMs : 0;
  const assumptions = buildAssumptions(m, p);
  return {
    memory: {
      fits: mem.fits,
      perGpuGiB: perGpu,
      kvPoolGiB: banded(mem.kvPoolGiB, 'kvCache', cal),
      maxConcurrentSequences: mem.fits ? mem.maxSequences : 0,
      ...(mem.reason ? { reason: mem.reason } : {}),
    },
    latency: {
      ttftMs: {
        p50: floored(banded(p.ttftMs(0.5), 'ttft', cal), floors.ttftMs),
        p95: floored(banded(p.ttftMs(0.95), 'ttft', cal), floors.ttftMs),
      },
      tpotMs: {
        p50: floored(banded(p.tpotMs(0.5), 'tpot', cal), tpotFloorAtLoad),
        p95: floored(banded(p.tpotMs(0.95), 'tpot', cal), tpotFloorAtLoad),
      },
    },
    latencyFloorsMs: floors,
    throughput: {
      outputTokensPerSecond: banded(mem.fits ? p.outputTokensPerSecond : 0, 'throughput', cal),
      maxRequestsPerSecond: banded(mem.fits ? sat.requestsPerSecond : 0, 'throughput', cal),
    },
    decodeTokensPerSecond: banded(1000 / decodeStepMs, 'decode', cal),
    prefillTokensPerSecond: banded(prefillTps, 'prefill', cal),
    weightsGiB: banded(mem.weights.total / GiB, weightsGroup, cal),
    batchSize: p.batch,
    utilization: Math.min(1, Math.max(0, p.utilization)),
    assumptions,
    explain: buildExplain(m, p),
  };
}

/** Floors valid at every load: TTFT from the prompt's FLOPs, TPOT from one sequence's step bytes. */
function latencyFloors(m: Model): { ttftMs: number; tpotMs: number } {
  return {
    ttftMs: m.serving.inputTokens > 0 ? ttftFloorMs(m.req, m.mem, m.t, m.serving.inputTokens - m.cachedTokens) : 0,
    tpotMs: tpotFloorMs(m.req, m.mem, m.t, 1, m.ctxTokens, m.seq),
  };
}

function buildAssumptions(m: Model, p: ServingPoint): string[] {
  const { req, mem, t } = m;
  const out: string[] = [];
  out.push(mem.capacityNote);
  out.push(mem.contractNote);
  if (!mem.fits && mem.reason) out.push(`does not fit: ${mem.reason}`);
  const calibrated = req.engine.id in m.cal.engines;
  out.push(
    `decode at ${round(t.bwEff * 100, 0)}% of peak bandwidth, prefill at ${round(t.computeEff * t.lowPrecisionShare * 100, 0)}% of ${t.peakTflops} TFLOPS ${t.precision}${t.lowPrecisionShare < 1 ? ` (${round(t.computeEff * 100, 0)}% as 16-bit GEMMs reach × ${t.lowPrecisionShare}: ${t.precision} GEMMs reach a smaller share of their peak, measured kernels)` : ''}${t.attnPeakTflops !== t.peakTflops ? ` (attention at ${t.attnPeakTflops} TFLOPS ${t.attnPrecision}, the KV cache's precision)` : ''} (${calibrated ? `${req.engine.id} on ${req.hardware.class}, fitted` : `vLLM's efficiencies on ${req.hardware.class}`})`,
  );
  if (!calibrated)
    out.push(
      `no calibration for engine ${req.engine.id}: vLLM's efficiencies and overheads are used (add it to calibration.json and fit it)`,
    );
  if (t.quantized) out.push('block-quantized weights: dequantising kernels (quant factors in calibration.json)');
  if (req.model.architecture.moe)
    out.push('MoE: all experts held in memory; experts touched per step follow uniform routing E·(1−(1−k/E)^B)');
  if (hasCompressedMla(req.model.architecture))
    out.push(
      "compressed attention (DeepSeek-V4): one cached entry per compressRatio tokens (averaged per token, not paged) plus each layer's sliding window; decode reads the window, every indexer key and the top-k entries; the mHC hyper-connections and attention sinks are not modelled",
    );
  if (hasSparseFull(req.model.architecture))
    out.push(
      'block-sparse attention (MiniMax Sparse Attention): sparse layers cache K, V and one indexer key a token; the indexer scores every cached token, attention and decode K/V reads cover the top-k tokens (top blocks + the local block, counted whole)',
    );
  if (hasSharedIndexer(req.model.architecture)) {
    const a = req.model.architecture;
    out.push(
      `shared indexer (IndexShare): ${ownIndexerLayers(a)} of ${a.layers} sparse-attention layers run an indexer and cache its keys; the others attend the top-k tokens the last indexer picked, with no indexer key, scoring, kernels or weights of their own`,
    );
  }
  if (hasBf16SparseAttention(req.model.architecture))
    out.push(
      `sparse attention runs FlashMLA's kernels: the top-k pairs in bf16 over the ${req.kvCache.id} cache (dequantised), the indexer's scores in FP8 (FlashMLA README), so the cache format changes its memory, not its attention time`,
    );
  const rocmMoeUs = t.rocmFp8MoeLayerMs * 1000;
  if (rocmMoeUs > 0)
    out.push(
      `FP8 MoE on ROCm: +${round(rocmMoeUs, 0)} µs per MoE layer per forward pass (${formatCount(mem.weights.params.moeLayers)} layers: +${round((rocmMoeUs * mem.weights.params.moeLayers) / 1000, 1)} ms a step), fitted on SGLang's block-FP8 MoE runs on MI300X and MI325X (docs/estimator.md); newer ROCm kernels may be faster`,
    );
  if (t.eagerDecode)
    out.push(
      `CUDA graphs off (${req.engine.id === 'sglang' ? '--disable-cuda-graph' : '--enforce-eager'}): each decode step launches its ${formatCount(t.prefillKernels)} kernels eagerly at ${round(eagerKernelUs(t.eng), 1)} µs each (${round(t.kernelOverheadMs, 1)} ms a step; graph-captured they would take ${round(((t.eng.kernelUs ?? 0) * t.kernels) / 1000, 1)} ms)`,
    );
  if (req.correction) out.push(correctionAssumption(req.correction));
  if (t.crossNodeNote) out.push(t.crossNodeNote);
  const forward = m.serving.prefillForwardMs;
  if (forward > 0)
    out.push(
      t.eng.prefillForward === 'separate'
        ? `each prompt runs as its own forward (${req.engine.name}'s default), which the decode batch waits for: ${round(forward, 1)} ms of eager kernels, weights and all-reduce latency (the ${round((t.eng.prefillForwardBlocking ?? 1) * 100, 0)}% of the forward's fixed time its overlap scheduler does not hide) beside ${round(m.serving.prefillBatchedMs, 1)} ms of compute, shared by the prompts that arrive ${m.serving.pollSteps > 1 ? `between two looks at new requests (${m.serving.pollSteps} decode steps)` : 'in one decode step'}`
        : `a prompt of ${formatCount(m.serving.inputTokens - m.cachedTokens)} tokens exceeds the CUDA graphs (${formatCount(t.eng.graphTokens ?? 0)} tokens), so the decode step it rides runs eagerly: +${round(forward, 1)} ms a prompt`,
    );
  if (req.parallelism.data > 1 && m.prefill.rankMs > m.prefill.batchedMs * 1.01)
    out.push(
      `attention data parallel: the ${req.parallelism.data} ranks step together, so a prompt alone on its rank holds the others — ${round(m.prefill.rankMs, 1)} ms of the replica's time instead of ${round(m.prefill.batchedMs, 1)} ms when every rank has a prompt`,
    );
  const dcp = req.parallelism.decodeContext ?? 1;
  if (dcp > 1)
    out.push(
      `decode context parallel ${dcp}: each of the ${req.parallelism.tensor} tensor ranks holds and reads 1/${dcp} of every sequence's cached tokens (interleaved), so ${dcp}× the sequences fit; each attention layer adds one exchange of the queries and partial outputs over the ${dcp} ranks, costed as an all-reduce (vLLM docs/serving/context_parallel_deployment.md)`,
    );
  const p95 = req.workload.outputTokensP95;
  if (p95 !== undefined)
    out.push(
      `output lengths: mean ${formatCount(req.workload.outputTokens)}, p95 ${formatCount(p95)} tokens (lognormal, CV² ${round(outputLengthCv2(req.workload.outputTokens, p95), 2)}): the wait for a free batch slot scales by (1 + CV²)/2`,
    );
  const hit = req.workload.prefixCacheHitRate ?? 0;
  if (hit > 0)
    out.push(
      `prefix cache: ${round(hit * 100, 0)}% of each prompt's tokens are cache hits and not prefilled again (they still take KV cache)`,
    );
  const s = req.speculative;
  if (s) {
    const e = expectedTokensPerStep(s.acceptanceRate, s.draftTokens);
    out.push(
      `speculative decoding (${s.method}${s.draftModel ? ` with ${s.draftModel.name}${s.draftWeights ? ` ${s.draftWeights.id}` : ''}` : ''}): ${s.draftTokens} draft token${s.draftTokens === 1 ? '' : 's'} per step at ${round(s.acceptanceRate * 100, 0)}% acceptance${s.acceptanceDefaulted ? ' (default for the method; state the measured rate: it varies with the task)' : ''} → ${round(e, 2)} tokens per verify step`,
    );
  }
  if (req.lora) out.push(...loraAssumptions(m, p));
  const inheritNote = m.cal.engines[req.engine.id]?.inheritNote;
  if (inheritNote) out.push(inheritNote);
  if (!p.stable)
    out.push(
      'request rate exceeds what the replica sustains: latencies shown at 99% load, the queue grows without bound',
    );
  if (m.serving.pollSteps > 1)
    out.push(
      `the scheduler takes in new requests every ${m.serving.pollSteps} decode steps (SGLang --scheduler-recv-interval / --num-continuous-decode-steps): under load a prompt waits ${round(((m.serving.pollSteps - 1) / 2) * p.stepMs, 1)} ms on average before its prefill`,
    );
  if (m.serving.prefillDelaySteps > 0) {
    const wait = intakeSteps(m.serving, p.batch);
    out.push(
      `SGLang's prefill delayer: a prompt waits until each of the ${req.parallelism.data} data-parallel ranks has one (at most ${m.serving.prefillDelaySteps} decode steps), so the ranks prefill in one forward and the decode batch stalls once for them: under load ${round(wait, 1)} steps between such forwards, ${round(((wait - 1) / 2) * p.stepMs, 1)} ms of waiting on average before a prompt's prefill`,
    );
  }
  const admission = batchAdmissionText(req);
  out.push(
    `mean context during generation ${formatCount(m.ctxTokens)} tokens; batch ${round(p.batch, 1)} of at most ${m.serving.maxBatch}` +
      (admission ? ` (${admission})` : ''),
  );
  return out;
}

/** The projections a request's LoRA covers, in words (MoE: whether the routed experts are in). */
function loraTargets(req: EstimateRequest, engineKnown: boolean): string {
  const moe = req.model.architecture.moe;
  if (req.lora?.targetModules !== 'all-linear') return 'the attention projections';
  if (!moe) return 'every linear projection';
  return loraCoversExperts(req)
    ? `every linear projection, the ${moe.experts} routed experts of each MoE layer included`
    : `the attention projections (${engineKnown ? req.engine.name : 'this engine'}'s LoRA on MoE experts is not in the data: not modelled)`;
}

/** What serving LoRA adapters costs in this estimate, in words. */
function loraAssumptions(m: Model, p: ServingPoint): string[] {
  const { req, t, mem, ctxTokens, seq } = m;
  const l = req.lora!;
  const e = engineLora(req.engine.id);
  const mib = loraBytesPerGpu(req) / 2 ** 20;
  const stepLoraMs = decodeStep(req, mem, t, p.batch, ctxTokens, seq).loraMs;
  const out = [
    `LoRA: ${l.adapters} adapter${l.adapters === 1 ? '' : 's'} on ${loraTargets(req, e.known)}, ${l.maxLoras} GPU slot${l.maxLoras === 1 ? '' : 's'}${l.maxLorasDefaulted ? ` (${e.known ? `${req.engine.name}'s default` : "vLLM's default; no LoRA data for this engine"}; write \`maxLoras\`)` : ''} at rank ${l.rank}: ${mib >= 10 ? Math.round(mib) : round(mib, 1)} MiB per GPU out of the KV cache; +${round(stepLoraMs, 2)} ms per decode step at batch ${round(p.batch, 1)} (two kernels per projection group per layer at ${loraData.kernelUs} µs, the batch's distinct adapters read once, activation traffic)`,
  ];
  const par = req.parallelism;
  if (loraCoversExperts(req) && (par.expert > 1 || par.data > 1))
    out.push(
      `LoRA on the routed experts with expert parallel: vLLM's MoE LoRA does not support it ("EP support for Fused MoE LoRA is not implemented yet"); the slots are sized as if every GPU held every expert`,
    );
  if (l.adapters > l.maxLoras)
    out.push(
      `LoRA: ${l.adapters} adapters but ${l.maxLoras} GPU slot${l.maxLoras === 1 ? '' : 's'}: a batch holds at most ${l.maxLoras} distinct adapters; requests for the others wait for a slot and a swap from CPU memory (not in the latency shown)`,
    );
  return out;
}

/**
 * Latency vs load for charts: TTFT/TPOT p50/p95 and throughput at each request rate (req/s).
 * Rates above the sustainable maximum are marked `stable: false`.
 */
export function latencyCurve(
  request: EstimateRequest,
  ratesPerSecond: number[],
  cal: Calibration = shippedCalibration,
): LoadPoint[] {
  const m = buildModel(request, cal);
  return ratesPerSecond.map((r) => {
    const p = atRate(m.serving, r);
    return {
      requestsPerSecond: r,
      ttftMs: { p50: p.ttftMs(0.5), p95: p.ttftMs(0.95) },
      tpotMs: { p50: p.tpotMs(0.5), p95: p.tpotMs(0.95) },
      outputTokensPerSecond: p.stable ? p.outputTokensPerSecond : saturation(m.serving).outputTokensPerSecond,
      stable: p.stable,
    };
  });
}

/**
 * Goodput: the highest request rate (req/s, one replica) at which TTFT and TPOT at the SLO
 * percentile stay within the objectives. 0 when even a trickle of load misses them or the model
 * does not fit. Bisection on the open-loop model (latency is monotone in the rate).
 */
export function maxRateMeetingSlo(request: EstimateRequest, slo: Slo, cal: Calibration = shippedCalibration): number {
  const m = buildModel(request, cal);
  if (!m.mem.fits) return 0;
  const q = Math.min(0.9999, Math.max(0.5, (slo.percentile ?? 95) / 100));
  const ok = (r: number) => {
    const p = atRate(m.serving, r);
    if (!p.stable) return false;
    if (slo.ttftMs !== undefined && p.ttftMs(q) > slo.ttftMs) return false;
    if (slo.tpotMs !== undefined && p.tpotMs(q) > slo.tpotMs) return false;
    return true;
  };
  return highestRateMeeting(saturation(m.serving).requestsPerSecond, ok);
}

/**
 * The highest request rate below `max` (the sustainable rate) at which `ok` holds, latency being
 * monotone in the rate: 0 when even a trickle fails; bisection to 0.01% relative precision (about
 * 14 halvings: finer changes no replica count). Shared by the goodput of one replica and of a
 * disaggregated deployment (disaggregationGain.ts).
 */
export function highestRateMeeting(max: number, ok: (rps: number) => boolean): number {
  let lo = 0;
  let hi = max * 0.999;
  if (!ok(Math.max(1e-9, hi * 1e-6))) return 0;
  if (ok(hi)) return hi;
  for (let i = 0; i < 40 && hi - lo > 1e-4 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
