/**
 * Fits a workspace's measured corrections (`llm-sizing calibrate`): for each engine × device its
 * cases measure, the four bounded parameters of `MeasuredCorrection`, by coordinate descent on the
 * median-free objective Σ |ln(predicted / measured)| of that pair's cases (each capped at ln 3, so
 * one mislabelled run cannot drag a factor to its bound).
 *
 * A parameter moves only when a metric it drives is measured: bandwidth and the per-step overhead
 * need decode, TPOT or throughput cases; compute and the per-request overhead need prefill or TTFT
 * cases. Starting from "no change", it never moves unless the fit improves by more than 0.5 % per
 * case, so noise does not become a correction.
 */
import { withCorrections, type Catalog } from '../catalog';
import type { ParsedCase } from '../accuracy/cases';
import { predictCase } from '../accuracy/predict';
import { quantile } from '../accuracy/report';
import { calibration as shipped, type Calibration } from '../estimate/calibration';
import { CORRECTION_BOUNDS, type MeasuredCorrection } from './corrections';

type Param = 'bandwidth' | 'compute' | 'stepOverheadMs' | 'requestOverheadMs';

const STEPS: Record<Param, { kind: 'factor' | 'add'; steps: number[] }> = {
  bandwidth: { kind: 'factor', steps: [1.25, 1.08, 1.02, 1.005] },
  compute: { kind: 'factor', steps: [1.25, 1.08, 1.02, 1.005] },
  stepOverheadMs: { kind: 'add', steps: [4, 1, 0.25, 0.05] },
  requestOverheadMs: { kind: 'add', steps: [40, 10, 2, 0.5] },
};

const DRIVES: Record<Param, readonly string[]> = {
  bandwidth: ['decodeTokensPerSecond', 'tpotMs', 'outputTokensPerSecond'],
  stepOverheadMs: ['decodeTokensPerSecond', 'tpotMs', 'outputTokensPerSecond'],
  compute: ['prefillTokensPerSecond', 'ttftMs', 'outputTokensPerSecond'],
  requestOverheadMs: ['ttftMs'],
};

const TIMING = new Set([
  'decodeTokensPerSecond',
  'prefillTokensPerSecond',
  'ttftMs',
  'tpotMs',
  'outputTokensPerSecond',
]);

/** What `calibrate` found for one engine × device. */
export interface PairFit {
  correction: MeasuredCorrection;
  /** Case ids used. */
  cases: string[];
}

export interface CorrectionFit {
  fits: PairFit[];
  /** Cases left out, with why (not predicted, a memory metric, no measurement). */
  skipped: Array<{ id: string; reason: string }>;
}

const IDENTITY = { bandwidth: 1, compute: 1, stepOverheadMs: 0, requestOverheadMs: 0 };

function bounds(p: Param): { min: number; max: number } {
  return p === 'bandwidth' || p === 'compute' ? CORRECTION_BOUNDS.factor : CORRECTION_BOUNDS[p];
}

/** |error| in percent of each case under a correction (null: not predicted). */
function errors(cases: ParsedCase[], cat: Catalog, c: MeasuredCorrection, cal: Calibration): Array<number | null> {
  const withC = withCorrections(cat, [c]);
  return cases.map((k) => {
    const p = predictCase(k.input, cal, withC);
    if (p.predicted === null || !(p.predicted > 0) || !(k.measured! > 0)) return null;
    return (Math.abs(p.predicted - k.measured!) / k.measured!) * 100;
  });
}

function objective(cases: ParsedCase[], cat: Catalog, c: MeasuredCorrection, cal: Calibration): number {
  const withC = withCorrections(cat, [c]);
  let s = 0;
  for (const k of cases) {
    const p = predictCase(k.input, cal, withC);
    // A correction that makes a case unpredictable (it no longer fits) is never better.
    if (p.predicted === null || !(p.predicted > 0)) return Infinity;
    s += Math.min(Math.abs(Math.log(p.predicted / k.measured!)), Math.log(3));
  }
  return s;
}

/** The median |error| (percent) of cases, or undefined when none is predicted. */
function medianError(values: Array<number | null>): number | undefined {
  const v = values.filter((x): x is number => x !== null);
  const q = quantile(v, 0.5);
  return q === null ? undefined : Math.round(q * 10) / 10;
}

/** Fits one correction per engine × device measured in `cases` (resolved against `cat`). */
export function fitCorrections(cases: ParsedCase[], cat: Catalog, cal: Calibration = shipped): CorrectionFit {
  const skipped: CorrectionFit['skipped'] = [];
  const groups = new Map<string, { engine: string; hardware: string; cases: ParsedCase[] }>();
  const base = withCorrections(cat, []);
  for (const k of cases) {
    const id = k.input.id;
    if (k.problem !== undefined) skipped.push({ id, reason: k.problem });
    else if (k.measured === null || !(k.measured > 0)) skipped.push({ id, reason: 'no measurement' });
    else if (!TIMING.has(k.input.metric))
      skipped.push({ id, reason: `${k.input.metric} is memory: exact, not fitted` });
    else if (!k.input.hardware || !k.input.engine) skipped.push({ id, reason: 'no hardware or engine' });
    else {
      const p = predictCase(k.input, cal, base);
      if (p.predicted === null) {
        skipped.push({ id, reason: `not predicted: ${p.error}` });
        continue;
      }
      const engine = cat.engines.get(k.input.engine)?.id ?? k.input.engine;
      const hardware = cat.hardware.get(k.input.hardware)?.id ?? k.input.hardware;
      const key = `${engine}\u0000${hardware}`;
      const g = groups.get(key) ?? groups.set(key, { engine, hardware, cases: [] }).get(key)!;
      g.cases.push(k);
    }
  }
  const fits: PairFit[] = [];
  for (const g of groups.values()) {
    const metrics = new Set(g.cases.map((k) => k.input.metric));
    const params = (Object.keys(STEPS) as Param[]).filter((p) => DRIVES[p].some((m) => metrics.has(m)));
    let current: MeasuredCorrection = { engine: g.engine, hardware: g.hardware, ...IDENTITY, cases: g.cases.length };
    const before = errors(g.cases, base, current, cal);
    let best = objective(g.cases, base, current, cal);
    const minGain = 0.005 * g.cases.length;
    for (let level = 0; level < 4; level++) {
      for (let round = 0; round < 40; round++) {
        let moved = false;
        for (const p of params) {
          const { kind, steps } = STEPS[p];
          const step = steps[level]!;
          const { min, max } = bounds(p);
          for (const dir of [1, -1]) {
            const v = kind === 'factor' ? current[p] * step ** dir : current[p] + step * dir;
            const candidate = { ...current, [p]: Math.min(max, Math.max(min, v)) };
            if (candidate[p] === current[p]) continue;
            const score = objective(g.cases, base, candidate, cal);
            if (score < best - minGain / 4 ** level) {
              best = score;
              current = candidate;
              moved = true;
              break;
            }
          }
        }
        if (!moved) break;
      }
    }
    const after = errors(g.cases, base, current, cal);
    const mb = medianError(before);
    const ma = medianError(after);
    fits.push({
      correction: {
        ...current,
        ...(mb !== undefined ? { medianAbsPctErrorBefore: mb } : {}),
        ...(ma !== undefined ? { medianAbsPctErrorAfter: ma } : {}),
      },
      cases: g.cases.map((k) => k.input.id),
    });
  }
  return { fits, skipped };
}
