/**
 * Latency-vs-load curves of a placement for the comparison panel: TTFT/TPOT percentiles at 13
 * total request rates, with the estimate's uncertainty band carried over as ratios.
 */
import { requestShape } from './load';
import { atRate } from '../estimate/serving';
import { bandRatios as calibratedBandRatios } from '../estimate/bands';
import { calibration } from '../estimate/calibration';
import type { LoadPoint } from '../report/types';
import type { EvaluationContext } from './context';
import type { LoadProfile } from './load';
import { r1, r3 } from './numbers';
import type { PartFinal } from './parts';
import { modelOf } from './sizing';

/** TTFT/TPOT percentiles at one total rate, and whether the replicas keep up. */
export type CurveSample = { t50: number; t95: number; o50: number; o95: number; stable: boolean };

/** TTFT/TPOT of a part at a group rate, from one built model (for curves; the sizing cache's when it has it). */
export function curveSampler(ctx: EvaluationContext, plan: PartFinal): (groupRate: number) => CurveSample {
  // A rate workload's model is the plan's own (its key leaves the rate out); a concurrency
  // workload's is built as a rate one, since the curve sweeps request rates.
  const m = modelOf(
    ctx.cache,
    plan.request.workload.concurrency === undefined
      ? plan.request
      : {
          ...plan.request,
          workload: {
            inputTokens: plan.request.workload.inputTokens,
            outputTokens: plan.request.workload.outputTokens,
            ...requestShape(plan.request.workload),
            requestsPerSecond: 0,
          },
        },
  );
  // The batch at the last, lower rate: the next rate's fixed point is at or above it (warm start).
  let lastRate = 0;
  let lastBatch = 1;
  return (groupRate) => {
    const rate = groupRate / plan.replicas;
    const p = atRate(m.serving, rate, rate >= lastRate ? lastBatch : 1);
    lastRate = rate;
    lastBatch = p.stable ? p.batch : 1;
    return {
      t50: p.ttftMs(0.5) + plan.rttMs,
      t95: p.ttftMs(0.95) + plan.rttMs,
      o50: p.tpotMs(0.5),
      o95: p.tpotMs(0.95),
      stable: p.stable && m.mem.fits,
    };
  };
}

/** Band ratios of the estimate at peak, and the physical floors no band end may go below (ms, RTT included). */
export interface CurveBands {
  ttft: [number, number];
  tpot: [number, number];
  floors: { ttftMs: number; tpotMs: number };
}

/** `value × ratio`, never below the floor (nor above the value when the floor is). */
function low(value: number, ratio: number, floor: number): number {
  return Math.max(value * ratio, Math.min(floor, value));
}

/** Latency vs total request rate, 0 → 1.5 × peak (13 points), stopping where it saturates. */
export function buildCurve(maxRate: number, at: (rate: number) => CurveSample, bands: CurveBands): LoadPoint[] {
  const points: LoadPoint[] = [];
  if (!(maxRate > 0)) return points;
  const { floors } = bands;
  for (let i = 0; i <= 12; i++) {
    const rate = (maxRate * i) / 12;
    const p = at(rate);
    if (!p.stable) break;
    points.push({
      requestsPerSecond: r3(rate),
      ttftMs: {
        p50: r1(p.t50),
        p95: r1(p.t95),
        p95Low: r1(low(p.t95, bands.ttft[0], floors.ttftMs)),
        p95High: r1(p.t95 * bands.ttft[1]),
      },
      tpotMs: {
        p50: r1(p.o50),
        p95: r1(p.o95),
        p95Low: r1(low(p.o95, bands.tpot[0], floors.tpotMs)),
        p95High: r1(p.o95 * bands.tpot[1]),
      },
    });
  }
  return points;
}

/**
 * The calibrated band ratios of TTFT and TPOT (as the estimate's own bands) to carry along a part's
 * curve, with its physical floors: TTFT's shifted by the part's network round trip (the curve's
 * TTFT includes it).
 */
export function bandRatios(part: PartFinal): CurveBands {
  const floors = part.latency.estimate.latencyFloorsMs;
  return {
    ttft: calibratedBandRatios('ttft', calibration),
    tpot: calibratedBandRatios('tpot', calibration),
    floors: { ttftMs: floors.ttftMs + part.rttMs, tpotMs: floors.tpotMs },
  };
}

/** The x range of curves: 1.5 × peak for rate workloads, 1.2 × what the replicas sustain otherwise. */
export function curveMax(load: LoadProfile, parts: Array<{ part: PartFinal; groups: number }>): number {
  if (load.kind === 'rate') return load.peak * 1.5;
  return 1.2 * parts.reduce((a, p) => a + p.part.saturation * p.part.replicas * p.groups, 0);
}
