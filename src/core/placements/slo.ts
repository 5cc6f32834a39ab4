/**
 * Latency objectives: the network round trip of each kind of target, the most load one replica
 * carries within the SLO (goodput), and latency at a given load with the RTT added.
 */
import { buildModel, estimate, estimateOn, maxRateMeetingSlo, type Model } from '../estimate';
import { atConcurrency, atRate } from '../estimate/serving';
import type { EstimateRequest, EstimateResult } from '../estimate/types';
import type { LatencyPercentiles } from '../report/types';
import type { LoadKind } from './load';
import { formatMs } from '../report/format';
import { REFERENCE } from './economics';

export interface SloSpec {
  ttftMs?: number;
  tpotMs?: number;
  /** 50–99.99; default 95. */
  percentile: number;
}

/** Network round trip added to TTFT, with the assumption behind a default. */
export function networkRtt(
  kind: 'on-prem' | 'cloud' | 'edge',
  given: number | undefined,
): { rttMs: number; assumption?: string } {
  if (given !== undefined) return { rttMs: given };
  if (kind === 'cloud') {
    const r = REFERENCE.networkRttMs.sameContinent;
    return {
      rttMs: r.value,
      assumption: `network RTT ${r.value} ms to the cloud region added to TTFT (same-continent reference: ${r.source.split(' (')[0]}; set networkRttMs)`,
    };
  }
  if (kind === 'edge') {
    const r = REFERENCE.networkRttMs.sameMetro;
    return {
      rttMs: r.value,
      assumption: `network RTT ${r.value} ms to the edge device added to TTFT (same-metro reference; set networkRttMs)`,
    };
  }
  return { rttMs: 0, assumption: 'no network RTT added to TTFT (users on the local network)' };
}

/** The SLO the replica itself must meet: the TTFT objective less the network round trip. */
function replicaSlo(slo: SloSpec, rttMs: number): SloSpec {
  return { ...slo, ...(slo.ttftMs !== undefined ? { ttftMs: slo.ttftMs - rttMs } : {}) };
}

/**
 * The most load one replica carries within the SLO: requests/s (rate workloads, the estimator's
 * goodput) or sequences in flight (concurrency workloads: at most `maxConcurrency`, and no more
 * than the replica batches at once — sequences in flight are not queued).
 * 0 when it does not fit, or the RTT alone uses up the TTFT objective.
 */
export function capacityPerReplica(
  request: EstimateRequest,
  slo: SloSpec,
  rttMs: number,
  kind: LoadKind,
  maxConcurrency = 1,
): number {
  const inner = replicaSlo(slo, rttMs);
  if (inner.ttftMs !== undefined && inner.ttftMs <= 0) return 0;
  if (kind === 'rate') return maxRateMeetingSlo(request, inner);
  // Closed loop: the largest whole concurrency meeting the SLO (latency grows with concurrency).
  const ok = (c: number) => {
    const m = buildModel({
      ...request,
      workload: { ...request.workload, requestsPerSecond: undefined, concurrency: c },
    } as EstimateRequest);
    // Sequences in flight must be in the batch (memory and the engine's cap), not queued.
    if (!m.mem.fits || c > m.serving.maxBatch) return false;
    const p = atConcurrency(m.serving, c);
    const q = Math.min(0.9999, Math.max(0.5, inner.percentile / 100));
    if (inner.ttftMs !== undefined && p.ttftMs(q) > inner.ttftMs) return false;
    if (inner.tpotMs !== undefined && p.tpotMs(q) > inner.tpotMs) return false;
    return true;
  };
  const cap = Math.max(1, Math.ceil(maxConcurrency));
  if (!ok(1)) return 0;
  if (ok(cap)) return cap;
  let lo = 1;
  let hi = cap;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A workload for one replica at `load` (requests/s or sequences). */
export function replicaWorkload(request: EstimateRequest, kind: LoadKind, load: number): EstimateRequest {
  const { inputTokens, outputTokens } = request.workload;
  return {
    ...request,
    workload:
      kind === 'rate'
        ? { inputTokens, outputTokens, requestsPerSecond: Math.max(0, load) }
        : { inputTokens, outputTokens, concurrency: Math.max(1, Math.ceil(load - 1e-9)) },
  };
}

export interface LatencyAtLoad {
  estimate: EstimateResult;
  ttftMs: LatencyPercentiles;
  tpotMs: LatencyPercentiles;
  /** TTFT/TPOT at the SLO percentile (RTT included). */
  ttftAtSlo: number;
  tpotAtSlo: number;
  /** The replica keeps up with the load (rate workloads). */
  stable: boolean;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Latency of one replica at its load, RTT added to TTFT, with the SLO percentile. `model`: the
 * replica's model from the sizing cache (see `estimateOn`), built here when not given.
 */
export function latencyAtLoad(
  request: EstimateRequest,
  percentile: number,
  rttMs: number,
  model?: Model,
): LatencyAtLoad {
  const est = model ? estimateOn(model, request) : estimate(request);
  const q = Math.min(0.9999, Math.max(0.5, percentile / 100));
  let ttftQ: number;
  let tpotQ: number;
  let stable = true;
  if (q === 0.95) {
    ttftQ = est.latency.ttftMs.p95.value;
    tpotQ = est.latency.tpotMs.p95.value;
  } else if (q === 0.5) {
    ttftQ = est.latency.ttftMs.p50.value;
    tpotQ = est.latency.tpotMs.p50.value;
  } else {
    const m = model ?? buildModel(request);
    const wl = request.workload;
    const p =
      wl.requestsPerSecond !== undefined && wl.concurrency === undefined
        ? atRate(m.serving, wl.requestsPerSecond)
        : atConcurrency(m.serving, typeof wl.concurrency === 'number' ? wl.concurrency : m.serving.maxBatch);
    ttftQ = p.ttftMs(q);
    tpotQ = p.tpotMs(q);
  }
  const rps = request.workload.requestsPerSecond;
  if (rps !== undefined && request.workload.concurrency === undefined)
    stable = est.memory.fits && rps < est.throughput.maxRequestsPerSecond.value;
  const pct = (b: EstimateResult['latency']['ttftMs'], add: number, atQ: number): LatencyPercentiles => ({
    p50: round1(b.p50.value + add),
    p95: round1(b.p95.value + add),
    ...(q !== 0.95 && q !== 0.5 ? { atSlo: round1(atQ + add) } : {}),
    band: { p95Low: round1(b.p95.low + add), p95High: round1(b.p95.high + add) },
  });
  return {
    estimate: est,
    // Over capacity the queue grows without bound: TTFT has no finite value (TPOT stays the
    // saturated batch's step time, which is real).
    ttftMs: { ...pct(est.latency.ttftMs, rttMs, ttftQ), ...(!stable && est.memory.fits ? { unbounded: true } : {}) },
    tpotMs: pct(est.latency.tpotMs, 0, tpotQ),
    ttftAtSlo: ttftQ + rttMs,
    tpotAtSlo: tpotQ,
    stable,
  };
}

/**
 * A latency that exceeds `limit`, printed with as many decimals as it takes to differ from the
 * limit's own printing (`formatMs`): "40.3 ms exceeds SLO 40 ms", never "40 ms exceeds SLO 40 ms".
 */
export function msAbove(x: number, limit: number): string {
  const plain = formatMs(x);
  if (plain !== formatMs(limit) || !Number.isFinite(x)) return plain;
  const scale = x >= 999.5 ? 1000 : 1;
  const unit = scale === 1000 ? 's' : 'ms';
  for (let digits = 1; digits <= 6; digits++) {
    const text = (x / scale).toFixed(digits);
    if (Number(text) > limit / scale) return `${text} ${unit}`;
  }
  return plain;
}
