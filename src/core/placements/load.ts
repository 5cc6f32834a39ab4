/**
 * The load over a day: 24 hourly levels (requests/s, or concurrent sequences for closed-loop
 * workloads) from the workload's peak, average and optional `dailyProfile`.
 *
 * Without a profile the default office-hours shape s(h) ∈ (0, 1] (one peak hour) is bent as
 * peak · s(h)^k, with k solved (safeguarded Newton) so that the mean over the day equals
 * `averageRequestsPerSecond` (k = 0: flat at peak; k → ∞: only the peak hour is busy).
 */
import type { Workload } from '../estimate/types';
import { formatRate, round } from '../report/format';

export const HOURS_PER_DAY = 24;

/**
 * Relative load of an office-hours service, hour 0–23 (local time): quiet nights, a morning ramp,
 * one peak at 14:00 and an evening tail. Mean 0.481.
 */
export const OFFICE_HOURS_SHAPE: readonly number[] = [
  0.1, 0.08, 0.07, 0.07, 0.08, 0.12, 0.22, 0.4, 0.65, 0.85, 0.93, 0.97, 0.9, 0.95, 1.0, 0.96, 0.88, 0.72, 0.5, 0.35,
  0.27, 0.2, 0.15, 0.12,
];

/** Largest exponent tried (s^64 leaves only the peak hour busy). */
const MAX_EXPONENT = 64;

export type LoadKind = 'rate' | 'concurrency';

export interface LoadProfile {
  kind: LoadKind;
  /** Load in each hour 0–23: requests/s (rate) or sequences in flight (concurrency). */
  hourly: number[];
  /** The busiest hour's load. */
  peak: number;
  /** Mean over the day. */
  average: number;
  /** Defaults used, in words. */
  assumptions: string[];
}

export interface LoadInput {
  peakRequestsPerSecond?: number;
  averageRequestsPerSecond?: number;
  concurrency?: number;
  dailyProfile?: number[];
}

export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

/** Mean of s(h)^k over the day (a loop, not map + reduce: it runs in the solver below). */
function bentMean(shape: readonly number[], k: number): number {
  let sum = 0;
  for (const s of shape) sum += Math.pow(s, k);
  return shape.length ? sum / shape.length : 0;
}

/** d/dk of mean(s^k) = mean(s^k · ln s) (≤ 0: every s is in (0, 1]). */
function bentMeanSlope(shape: readonly number[], k: number): number {
  let sum = 0;
  for (const s of shape) if (s > 0) sum += Math.pow(s, k) * Math.log(s);
  return shape.length ? sum / shape.length : 0;
}

/**
 * The exponent k with mean(s^k) = ratio (= average / peak).
 * `clamped` when the ratio is outside what the shape can reach (≥ 1: flat; too small: only the peak hour).
 *
 * Solves g(k) = ln mean(s^k) − ln ratio = 0 by Newton's method from k = 0. g falls and is convex
 * in k (a log-sum-exp), so the iterates climb to the root from the left without overshooting; a
 * bisection bracket guards every step anyway. A handful of iterations reach 1e-12 where plain
 * bisection needed ~40, and this runs for every deployment on every save.
 */
export function shapeExponent(shape: readonly number[], ratio: number): { k: number; clamped: boolean } {
  if (ratio >= 1) return { k: 0, clamped: ratio > 1 };
  if (ratio <= bentMean(shape, MAX_EXPONENT)) return { k: MAX_EXPONENT, clamped: true };
  const target = Math.log(ratio);
  let lo = 0;
  let hi = MAX_EXPONENT;
  let k = 0;
  for (let i = 0; i < 100; i++) {
    const m = bentMean(shape, k);
    const g = Math.log(m) - target;
    if (g === 0) break;
    if (g > 0) lo = k;
    else hi = k;
    const slope = bentMeanSlope(shape, k) / m;
    let next = slope < 0 ? k - g / slope : (lo + hi) / 2;
    if (!(next >= lo && next <= hi)) next = (lo + hi) / 2;
    const converged = Math.abs(next - k) <= 1e-12 * Math.max(1, k) || hi - lo <= 1e-12;
    k = next;
    if (converged) break;
  }
  return { k, clamped: false };
}

/** The hourly load of a workload (or of one edge site). */
export function dailyLoad(input: LoadInput): LoadProfile {
  const assumptions: string[] = [];
  const profile = input.dailyProfile && input.dailyProfile.length === HOURS_PER_DAY ? input.dailyProfile : undefined;
  const profileMax = profile ? Math.max(...profile) : 0;
  if (profile && !(profileMax > 0))
    assumptions.push('workload.dailyProfile is all zeros; the default office-hours shape is used');
  const usable = profile && profileMax > 0 ? profile.map((v) => v / profileMax) : undefined;
  const rate = input.peakRequestsPerSecond !== undefined || input.averageRequestsPerSecond !== undefined;

  if (!rate) {
    const c = input.concurrency ?? 1;
    if (usable) {
      const hourly = usable.map((s) => c * s);
      assumptions.push(`concurrency ${c} in the busiest hour, shaped by workload.dailyProfile`);
      return { kind: 'concurrency', hourly, peak: c, average: mean(hourly), assumptions };
    }
    assumptions.push(
      `concurrency ${c} sequences in flight around the clock (add workload.dailyProfile to shape the day)`,
    );
    return { kind: 'concurrency', hourly: new Array(HOURS_PER_DAY).fill(c), peak: c, average: c, assumptions };
  }

  let peak = input.peakRequestsPerSecond;
  const average = input.averageRequestsPerSecond;
  if (usable) {
    if (peak === undefined) {
      const m = mean(usable);
      peak = m > 0 ? (average ?? 0) / m : 0;
      assumptions.push(`peak ${formatRate(peak)} derived from averageRequestsPerSecond and workload.dailyProfile`);
    }
    const hourly = usable.map((s) => (peak as number) * s);
    const m = mean(hourly);
    if (
      average !== undefined &&
      input.peakRequestsPerSecond !== undefined &&
      Math.abs(m - average) > 0.01 * Math.max(average, 1e-9)
    ) {
      assumptions.push(
        `workload.dailyProfile scaled to the peak gives an average of ${formatRate(m)} (averageRequestsPerSecond ${formatRate(average)} is not used)`,
      );
    }
    return { kind: 'rate', hourly, peak, average: m, assumptions };
  }

  const shape = OFFICE_HOURS_SHAPE;
  if (peak === undefined) {
    peak = (average ?? 0) / mean(shape);
    assumptions.push(
      `peak ${formatRate(peak)} = average ÷ ${round(mean(shape), 3)} (mean of the default office-hours shape; give peakRequestsPerSecond)`,
    );
    const hourly = shape.map((s) => (peak as number) * s);
    return { kind: 'rate', hourly, peak, average: mean(hourly), assumptions };
  }
  if (average === undefined) {
    const hourly = shape.map((s) => (peak as number) * s);
    assumptions.push(
      `average ${formatRate(mean(hourly))} = peak × ${round(mean(shape), 3)} (default office-hours shape, peak at 14:00; give averageRequestsPerSecond or workload.dailyProfile)`,
    );
    return { kind: 'rate', hourly, peak, average: mean(hourly), assumptions };
  }
  const { k, clamped } = shapeExponent(shape, peak > 0 ? average / peak : 1);
  const hourly = shape.map((s) => (peak as number) * Math.pow(s, k));
  assumptions.push(
    `daily load: default office-hours shape (peak at 14:00) raised to the power ${round(k, 2)} so that the mean is the average`,
  );
  if (clamped)
    assumptions.push(
      `the average ${formatRate(average)} cannot be reached with one peak hour of ${formatRate(peak)}; using a mean of ${formatRate(mean(hourly))}`,
    );
  return { kind: 'rate', hourly, peak, average: mean(hourly), assumptions };
}

/** The same profile with every hour multiplied by `factor` (per-site shares, totals over sites). */
export function scaleLoad(profile: LoadProfile, factor: number): LoadProfile {
  return {
    ...profile,
    hourly: profile.hourly.map((v) => v * factor),
    peak: profile.peak * factor,
    average: profile.average * factor,
  };
}

/** The fields of a workload that describe its requests beyond their lengths. */
export type RequestShape = Pick<Workload, 'prefixCacheHitRate' | 'outputTokensP95'>;

/**
 * The fields of an estimator workload that describe the requests rather than the load (the
 * prefix-cache hit rate, the output-length tail): carried over whenever a workload is rebuilt for
 * another load.
 */
export function requestShape(w: RequestShape): RequestShape {
  return {
    ...(w.prefixCacheHitRate ? { prefixCacheHitRate: w.prefixCacheHitRate } : {}),
    ...(w.outputTokensP95 !== undefined ? { outputTokensP95: w.outputTokensP95 } : {}),
  };
}
