/**
 * Disaggregated prefill/decode serving (issue 20): P prefill workers and D decode workers, each
 * an engine of its own parallelism, with the KV cache of every request moved from a prefill to
 * a decode worker over a link. Built from the single-engine model (index.ts, serving.ts):
 *
 * - a prefill worker is batched prefill: it serves 1 ÷ (prefill cost of one request in a batch)
 *   requests/s; the prefill workers share one queue (Dynamo's prefill queue, llm-d's and vLLM's
 *   routers send a request to a free worker), so a request waits as in M/D/c with c = P workers
 *   (Sakasegawa's approximation, deterministic service: half the M/M/c wait);
 * - a decode worker is the decode model without prefills interleaved: the batch a rate needs
 *   (Little's law), bounded by its KV capacity for input + output tokens, gives the step time =
 *   TPOT, and a request may wait for a free batch slot;
 * - the deployment serves min(P × prefill capacity, D × decode capacity) (integer rate matching);
 *   the load splits evenly over the workers of each role;
 * - the KV transfer (kvTransfer.ts) adds its time to TTFT and loads the link.
 *
 * TTFT = prefill-side TTFT (its own prefill, overhead, queue) + KV transfer + the wait for a decode
 * slot + half a decode step; percentiles of the independent parts combine as p50 + √Σ(p95 − p50)².
 */
import { banded, floored } from './bands';
import type { Calibration } from './calibration';
import { calibration as shippedCalibration } from './calibration';
import { tpotFloorMs, ttftFloorMs } from './floors';
import { buildModel, type Model } from './index';
import constants from './disaggregation.json';
import { kvTransfer, type KvLink, type KvTransfer } from './kvTransfer';
import { atRate, saturation, waitQuantile, type ServingInputs, type ServingPoint } from './serving';
import type { Banded, BandedPercentiles, EstimateRequest } from './types';

/** One role of a disaggregated deployment: its workers and the engine request of one worker. */
export interface DisaggregatedRole {
  workers: number;
  /** One worker: model, device, engine, parallelism, gpusPerReplica = GPUs of the worker. */
  request: EstimateRequest;
}

export interface DisaggregatedRequest {
  prefill: DisaggregatedRole;
  decode: DisaggregatedRole;
  link: KvLink;
  /** The whole deployment's load: open-loop rate or closed-loop concurrency. */
  load: { requestsPerSecond: number } | { concurrency: number };
}

/** What one role does at the operating point. */
export interface RoleResult {
  workers: number;
  gpusPerWorker: number;
  /** Requests/s all workers of the role sustain. */
  capacityRequestsPerSecond: number;
  /** Load ÷ capacity of the role. */
  utilization: number;
  /** Prefill: its part of TTFT (own prefill, overhead, shared queue). Decode: its wait for a slot + half a step. */
  ttftMs: { p50: number; p95: number };
  /** Decode: time per output token; prefill: 0. */
  tpotMs: { p50: number; p95: number };
  /** Sequences in flight per worker. */
  batch: number;
}

export interface DisaggregatedResult {
  prefill: RoleResult;
  decode: RoleResult;
  kvTransfer: KvTransfer & { linkUtilization: number };
  gpus: number;
  /** Requests/s the deployment sustains (the smaller role). */
  capacityRequestsPerSecond: number;
  bottleneck: 'prefill' | 'decode';
  /** The operating point's request rate (closed loop: the rate its concurrency sustains). */
  requestsPerSecond: number;
  /** False when the load exceeds the capacity (figures at 99% of it). */
  stable: boolean;
  latency: { ttftMs: BandedPercentiles; tpotMs: BandedPercentiles };
  outputTokensPerSecond: Banded;
  outputTokensPerSecondPerGpu: Banded;
  /** Prefill tokens/s per prefill GPU at the operating point. */
  inputTokensPerSecondPerPrefillGpu: Banded;
  fits: boolean;
  reason?: string;
  assumptions: string[];
}

/** The prefill worker as a serving model: prefills only, one token each, no decode steps. */
function prefillServing(m: Model): ServingInputs {
  // SGLang's prefill delayer is for aggregated DP attention only (it refuses a disaggregation mode).
  return { ...m.serving, outputTokens: 1, stepMs: () => 0, serviceCv2: 0, prefillDelaySteps: 0 };
}

/** The decode worker as a serving model: the KV arrives, no prefills are interleaved. */
export function decodeServing(m: Model): ServingInputs {
  return {
    ...m.serving,
    prefillLatencyMs: 0,
    prefillBatchedMs: 0,
    prefillRankMs: 0,
    prefillForwardMs: 0,
    ttftOverheadMs: 0,
    prefillDelaySteps: 0,
  };
}

const combine = (parts: Array<{ p50: number; p95: number }>): { p50: number; p95: number } => {
  const p50 = parts.reduce((s, p) => s + p.p50, 0);
  const spread = Math.sqrt(parts.reduce((s, p) => s + Math.max(0, p.p95 - p.p50) ** 2, 0));
  return { p50, p95: p50 + spread };
};

function roleAt(s: ServingInputs, perWorkerRps: number): ServingPoint {
  return atRate(s, Math.max(1e-9, perWorkerRps));
}

/** The operating point at a deployment rate `rps`. */
function pointAt(
  req: DisaggregatedRequest,
  ps: ServingInputs,
  ds: ServingInputs,
  transfer: KvTransfer,
  rps: number,
  overheadMs: number,
): {
  p: ServingPoint;
  d: ServingPoint;
  ttft: { p50: number; p95: number };
  tpot: { p50: number; p95: number };
  prefillPart: { p50: number; p95: number };
  decodePart: { p50: number; p95: number };
} {
  const p = roleAt(ps, rps / req.prefill.workers);
  const d = roleAt(ds, rps / req.decode.workers);
  // The shared prefill queue: M/D/c over the P workers, each serving one request per batched prefill.
  const c = req.prefill.workers;
  const service = Math.max(1e-9, ps.prefillBatchedMs / Math.max(1, ps.pipeline));
  const rho = Math.min(0.99, ((rps / 1000) * service) / c);
  const pWait = Math.min(1, Math.pow(rho, Math.sqrt(2 * (c + 1)) - 1));
  const meanWait = ((pWait * service) / (c * (1 - rho))) * 0.5;
  const own = ps.prefillLatencyMs + ps.ttftOverheadMs;
  const prefillPart = { p50: own + waitQuantile(meanWait, pWait, 0.5), p95: own + waitQuantile(meanWait, pWait, 0.95) };
  const decodePart = { p50: d.ttftMs(0.5), p95: d.ttftMs(0.95) };
  // The disaggregated path's own fixed cost per request (routing to a prefill worker, its completion
  // notice, the decode side's KV pull and scheduling), fitted on published disaggregated TTFTs.
  const fixed = overheadMs + transfer.ms;
  const ttft = combine([prefillPart, { p50: fixed, p95: fixed }, decodePart]);
  const tpot = { p50: d.tpotMs(0.5), p95: d.tpotMs(0.95) };
  return { p, d, ttft, tpot, prefillPart, decodePart };
}

/**
 * The disaggregated path's fixed TTFT cost per request over `connector`, ms: routing to a prefill
 * worker, its completion notice, the decode side's KV pull and admission (disaggregation.json
 * `pathTtftMs`, fitted per connector that has published disaggregated TTFTs; the others take the
 * default, fitted on the NIXL/UCX stacks). A calibration may override either.
 */
export function pathTtftMs(connector: string, cal: Calibration = shippedCalibration): number {
  const fitted = cal.disaggregation?.pathTtftMs;
  return (
    fitted?.byConnector?.[connector] ??
    (constants.pathTtftMs.byConnector as Record<string, number>)[connector] ??
    fitted?.default ??
    constants.pathTtftMs.default
  );
}

/** Which published TTFTs the path cost of `connector` was fitted on, in words. */
function connectorLabel(connector: string): string {
  return connector in constants.pathTtftMs.byConnector
    ? `${connector} (its own)`
    : 'NIXL/UCX stacks (the default for connectors without measurements of their own)';
}

/**
 * Estimates a disaggregated deployment at its load.
 * @param req the two roles (one worker's engine request each, workloads equal), the link, the load.
 */
export function estimateDisaggregated(
  req: DisaggregatedRequest,
  cal: Calibration = shippedCalibration,
  models?: { prefill: Model; decode: Model },
): DisaggregatedResult {
  // Memory, step times and serving inputs do not depend on the load or the worker counts: a
  // search over layouts passes the models of each worker shape once built.
  const overhead = pathTtftMs(req.link.connector, cal);
  const pm = models?.prefill ?? buildModel(req.prefill.request, cal);
  const dm = models?.decode ?? buildModel(req.decode.request, cal);
  const ps = prefillServing(pm);
  const ds = decodeServing(dm);
  const fits = pm.mem.fits && dm.mem.fits;
  const reason = !pm.mem.fits
    ? `prefill worker: ${pm.mem.reason ?? 'does not fit'}`
    : !dm.mem.fits
      ? `decode worker: ${dm.mem.reason ?? 'does not fit'}`
      : undefined;
  const I = req.decode.request.workload.inputTokens;
  const O = Math.max(1, req.decode.request.workload.outputTokens);
  const cached = dm.cachedTokens;
  const transfer = kvTransfer(req.prefill.request, req.decode.request, I - cached, req.link, req.prefill.workers);
  const prefillCap = fits ? saturation(ps).requestsPerSecond * req.prefill.workers : 0;
  const decodeCap = fits ? saturation(ds).requestsPerSecond * req.decode.workers : 0;
  const capacity = Math.min(prefillCap, decodeCap);
  const gpus =
    req.prefill.workers * req.prefill.request.gpusPerReplica + req.decode.workers * req.decode.request.gpusPerReplica;

  // Closed loop: the rate its concurrency sustains (Little's law over TTFT + (O−1)·TPOT).
  let rps: number;
  if ('requestsPerSecond' in req.load) rps = req.load.requestsPerSecond;
  else {
    const n = req.load.concurrency;
    rps = capacity > 0 ? Math.min(capacity * 0.99, n / 1) : 0;
    for (let i = 0; i < 40 && capacity > 0; i++) {
      const at = pointAt(req, ps, ds, transfer, Math.min(rps, capacity * 0.99), overhead);
      const cycleS = (at.ttft.p50 + (O - 1) * at.tpot.p50) / 1000;
      const next = Math.min(capacity * 0.99, n / Math.max(1e-9, cycleS));
      if (Math.abs(next - rps) < 1e-6 * Math.max(1, rps)) break;
      rps = 0.5 * rps + 0.5 * next;
    }
  }
  const stable = rps < capacity;
  const operating = capacity > 0 ? Math.min(rps, capacity * 0.99) : 0;
  const at = fits && capacity > 0 ? pointAt(req, ps, ds, transfer, operating, overhead) : undefined;
  // Closed loop at saturation: users beyond what the workers hold wait in front of them. Little's
  // law over a user's cycle, N = λ·(TTFT + (O−1)·TPOT), gives the TTFT that waiting makes.
  if (at && 'concurrency' in req.load) {
    const cycleTtft = (req.load.concurrency / operating) * 1000 - (O - 1) * at.tpot.p50;
    if (cycleTtft > at.ttft.p50) {
      const extra = cycleTtft - at.ttft.p50;
      at.ttft = { p50: at.ttft.p50 + extra, p95: at.ttft.p95 + extra };
    }
  }
  const zero = { p50: 0, p95: 0 };
  const role = (
    r: DisaggregatedRole,
    cap: number,
    point: ServingPoint | undefined,
    ttft: { p50: number; p95: number } | undefined,
    prefill: boolean,
  ): RoleResult => ({
    workers: r.workers,
    gpusPerWorker: r.request.gpusPerReplica,
    capacityRequestsPerSecond: cap,
    utilization: cap > 0 ? Math.min(1, operating / cap) : 1,
    ttftMs: ttft ?? zero,
    tpotMs: point && !prefill ? { p50: point.tpotMs(0.5), p95: point.tpotMs(0.95) } : zero,
    batch: point?.batch ?? 0,
  });
  const linkUtilization =
    transfer.linkBytesPerSecond > 0 ? (operating * transfer.bytesPerRequest) / transfer.linkBytesPerSecond : 0;
  const ttftFloor = fits ? ttftFloorMs(pm.req, pm.mem, pm.t, Math.max(1, I - cached)) + transfer.ms : 0;
  const tpotFloor = fits ? tpotFloorMs(dm.req, dm.mem, dm.t, Math.max(1, at?.d.batch ?? 1), dm.ctxTokens, dm.seq) : 0;
  const lat = (v: { p50: number; p95: number }, group: 'ttft' | 'tpot', floor: number): BandedPercentiles => ({
    p50: floored(banded(v.p50, group, cal), floor),
    p95: floored(banded(v.p95, group, cal), floor),
  });
  const outTps = operating * O;
  return {
    prefill: role(req.prefill, prefillCap, at?.p, at?.prefillPart, true),
    decode: role(req.decode, decodeCap, at?.d, at?.decodePart, false),
    kvTransfer: { ...transfer, linkUtilization },
    gpus,
    capacityRequestsPerSecond: capacity,
    bottleneck: prefillCap <= decodeCap ? 'prefill' : 'decode',
    requestsPerSecond: operating,
    stable,
    latency: {
      ttftMs: lat(at?.ttft ?? zero, 'ttft', ttftFloor),
      tpotMs: lat(at?.tpot ?? zero, 'tpot', tpotFloor),
    },
    outputTokensPerSecond: banded(fits ? outTps : 0, 'throughput', cal),
    outputTokensPerSecondPerGpu: banded(fits && gpus > 0 ? outTps / gpus : 0, 'throughput', cal),
    inputTokensPerSecondPerPrefillGpu: banded(
      fits ? (operating * (I - cached)) / Math.max(1, req.prefill.workers * req.prefill.request.gpusPerReplica) : 0,
      'prefill',
      cal,
    ),
    fits,
    ...(reason ? { reason } : {}),
    assumptions: [
      `disaggregated: ${req.prefill.workers} prefill worker(s) × ${req.prefill.request.gpusPerReplica} GPU(s) and ${req.decode.workers} decode worker(s) × ${req.decode.request.gpusPerReplica} GPU(s); the load splits evenly over the workers of each role`,
      `prefill workers run prefills only (M/D/1 queue for the prefill compute); decode workers run no prefills, their batch bounded by KV capacity for ${I + O} tokens per sequence`,
      ...transfer.assumptions,
      `the disaggregated path adds ${overhead} ms to every TTFT beyond the transfer (routing to a prefill worker, its completion notice, the decode side's KV pull and admission; fitted on published disaggregated TTFTs over ${connectorLabel(req.link.connector)}: docs/disaggregation.md)`,
      ...(stable
        ? []
        : ['the load exceeds what the deployment sustains: figures at 99% of its capacity; the queue grows']),
    ],
  };
}
