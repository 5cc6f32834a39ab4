/**
 * Is splitting worth it? (issue 20 item 3). A disaggregated deployment against the aggregated
 * alternative on the same GPUs, workload and SLO: replicas of one engine, as many as the GPUs
 * allow, of the best of the given shapes (by default the decode worker's parallelism). Compared
 * by goodput — the highest request rate whose TTFT and TPOT at the SLO percentile meet the
 * objectives (without objectives: the rate each sustains) — per GPU, with the ratio's band.
 *
 * The band: both estimates carry the throughput band of the calibration residuals; their errors
 * are correlated (same device, engine and model physics; only the split differs) with the
 * correlation ρ of disaggregation.json, so the log-ratio spreads √(2(1−ρ)) × half the band's log
 * width each way. ρ is assumed until paired published measurements fit it.
 */
import type { Calibration } from './calibration';
import data from './disaggregation.json';
import { calibration as shippedCalibration } from './calibration';
import { estimate, highestRateMeeting, maxRateMeetingSlo } from './index';
import { estimateDisaggregated, type DisaggregatedRequest, type DisaggregatedResult } from './disaggregated';
import { normalQuantile } from './serving';
import type { Banded, BandedPercentiles, EstimateRequest, EstimateResult, Slo } from './types';

export interface AggregatedAlternative {
  replicas: number;
  gpusPerReplica: number;
  gpus: number;
  /** Goodput of all replicas, requests/s (the SLO's; without one, the sustainable rate). */
  goodputRequestsPerSecond: number;
  /** The single-engine estimate of one replica at its share of the load. */
  perReplica: EstimateResult;
}

export interface DisaggregationComparison {
  aggregated: AggregatedAlternative;
  /** Goodput of the disaggregated deployment, requests/s. */
  disaggregatedGoodput: number;
  /** Disaggregated ÷ aggregated goodput per GPU, with its band. */
  gain: { ratio: number; low: number; high: number };
  /** Which wins and why, in words. */
  headline: string;
}

/**
 * A latency at an SLO percentile between the estimate's p50 and p95, on the normal approximation
 * the queue model uses (z of the percentile ÷ z of 95); at most the p95 beyond it is extrapolated.
 */
export function latencyAtPercentile(p: BandedPercentiles, percentile: number): Banded {
  if (percentile <= 50) return p.p50;
  if (percentile === 95) return p.p95;
  const f = normalQuantile(Math.min(0.9999, percentile / 100)) / normalQuantile(0.95);
  const at = (a: number, b: number) => a + (b - a) * f;
  return { value: at(p.p50.value, p.p95.value), low: at(p.p50.low, p.p95.low), high: at(p.p50.high, p.p95.high) };
}

/** Goodput of a disaggregated deployment at the SLO (its sustainable rate without objectives). */
function disaggregatedGoodput(req: DisaggregatedRequest, slo: Slo, cal: Calibration = shippedCalibration): number {
  const at = (rps: number): DisaggregatedResult =>
    estimateDisaggregated({ ...req, load: { requestsPerSecond: rps } }, cal);
  const capacity = at(1e-6).capacityRequestsPerSecond;
  if (slo.ttftMs === undefined && slo.tpotMs === undefined) return capacity;
  const q = slo.percentile ?? 95;
  if (!(capacity > 0)) return 0;
  return highestRateMeeting(capacity, (rps) => {
    const r = at(rps);
    if (!r.stable) return false;
    if (slo.ttftMs !== undefined && latencyAtPercentile(r.latency.ttftMs, q).value > slo.ttftMs) return false;
    if (slo.tpotMs !== undefined && latencyAtPercentile(r.latency.tpotMs, q).value > slo.tpotMs) return false;
    return true;
  });
}

/** The aggregated alternative on the same GPUs and the gain of splitting. */
export function compareWithAggregated(
  req: DisaggregatedRequest,
  slo: Slo,
  cal: Calibration = shippedCalibration,
  shapes: readonly EstimateRequest[] = [req.decode.request],
): DisaggregationComparison {
  const gpus =
    req.prefill.workers * req.prefill.request.gpusPerReplica + req.decode.workers * req.decode.request.gpusPerReplica;
  const disaggregated = disaggregatedGoodput(req, slo, cal);
  const options = shapes.filter((s) => s.gpusPerReplica <= gpus).map((s) => aggregatedOn(req, s, gpus, slo, cal));
  // The same GPUs: the shape serving the most within the SLO (GPUs a shape leaves idle count too).
  const best = options.reduce(
    (a, b) => (b.goodputRequestsPerSecond > a.goodputRequestsPerSecond ? b : a),
    options[0] ?? aggregatedOn(req, req.decode.request, gpus, slo, cal),
  );
  return gainOf(req, best, disaggregated, gpus, slo, cal);
}

/** Replicas of one engine shape on `gpus` GPUs at the deployment's load and their goodput. */
function aggregatedOn(
  req: DisaggregatedRequest,
  shape: EstimateRequest,
  gpus: number,
  slo: Slo,
  cal: Calibration,
): AggregatedAlternative {
  const replicas = Math.max(1, Math.floor(gpus / shape.gpusPerReplica));
  const totalRps = 'requestsPerSecond' in req.load ? req.load.requestsPerSecond : undefined;
  const replicaRequest: EstimateRequest = {
    ...shape,
    workload:
      totalRps !== undefined
        ? { ...shape.workload, requestsPerSecond: totalRps / replicas, concurrency: undefined }
        : {
            ...shape.workload,
            requestsPerSecond: undefined,
            concurrency: Math.max(1, (req.load as { concurrency: number }).concurrency / replicas),
          },
  } as EstimateRequest;
  const perReplica = estimate(replicaRequest, cal);
  const rateRequest = {
    ...shape,
    workload: { ...shape.workload, concurrency: undefined, requestsPerSecond: 1 },
  } as EstimateRequest;
  const aggregatedGoodput =
    (slo.ttftMs === undefined && slo.tpotMs === undefined
      ? perReplica.throughput.maxRequestsPerSecond.value
      : maxRateMeetingSlo(rateRequest, slo, cal)) * replicas;
  return {
    replicas,
    gpusPerReplica: shape.gpusPerReplica,
    gpus: replicas * shape.gpusPerReplica,
    goodputRequestsPerSecond: aggregatedGoodput,
    perReplica,
  };
}

function gainOf(
  req: DisaggregatedRequest,
  aggregated: AggregatedAlternative,
  disaggregated: number,
  gpus: number,
  slo: Slo,
  cal: Calibration,
): DisaggregationComparison {
  const shape = req.decode.request;
  const { replicas } = aggregated;
  const perGpuA = aggregated.goodputRequestsPerSecond / gpus;
  const perGpuD = disaggregated / gpus;
  const ratio = perGpuA > 0 ? perGpuD / perGpuA : perGpuD > 0 ? Infinity : 0;
  const [lo, hi] = cal.bands.throughput ?? [-0.2, 0.2];
  const rho = data.gainBand.errorCorrelation;
  const spread = (Math.sqrt(2 * (1 - rho)) * (hi - lo)) / 2;
  const gain = Number.isFinite(ratio)
    ? { ratio, low: ratio * Math.exp(-spread), high: ratio * Math.exp(spread) }
    : { ratio, low: ratio, high: ratio };
  const I = shape.workload.inputTokens;
  const O = shape.workload.outputTokens;
  const verdict =
    gain.low > 1 ? 'disaggregated wins' : gain.high < 1 ? 'aggregated wins' : 'no clear winner (the band spans 1)';
  const headline = `${verdict}: ${ratio.toFixed(2)}× goodput per GPU (band ${gain.low.toFixed(2)}–${gain.high.toFixed(2)}) against ${replicas} aggregated replica(s) of ${aggregated.gpusPerReplica} GPU(s); ${I.toLocaleString('en-US')} in / ${O.toLocaleString('en-US')} out tokens${slo.tpotMs !== undefined ? `, TPOT ≤ ${slo.tpotMs} ms` : ''}${slo.ttftMs !== undefined ? `, TTFT ≤ ${slo.ttftMs} ms` : ''}`;
  return {
    aggregated,
    disaggregatedGoodput: disaggregated,
    gain,
    headline,
  };
}
