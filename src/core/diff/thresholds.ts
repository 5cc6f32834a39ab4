/**
 * `--fail-on` thresholds of `llm-sizing diff`: `cost+10%` fails when a placement's monthly cost
 * rises by more than 10 %, `tpot+5` when its TPOT rises by more than 5 ms, `throughput-10%` when
 * its throughput falls by more than 10 %. Absolute amounts are in the metric's unit
 * (`DIFF_METRICS`). Only placements present in both revisions are judged.
 */
import { DIFF_METRIC_NAMES, DIFF_METRICS, type DiffMetric, type PlacementDiff, type SizingDiff } from './compare';

export interface Threshold {
  /** As written, e.g. `cost+10%`. */
  spec: string;
  metric: DiffMetric;
  direction: 'up' | 'down';
  amount: number;
  percent: boolean;
}

/** One threshold one placement crossed. */
export interface Crossing {
  threshold: Threshold;
  placement: PlacementDiff;
  before: number;
  after: number;
}

const SPEC = /^([a-z]+)([+-])(\d+(?:\.\d+)?)(%?)$/;

/**
 * Parses a comma-separated list of thresholds. Throws an Error naming the bad item and the
 * metrics there are; never accepts what it cannot judge.
 */
export function parseThresholds(text: string): Threshold[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const m = SPEC.exec(spec.toLowerCase());
      const metric = m?.[1] as DiffMetric | undefined;
      if (!m || !metric || !(metric in DIFF_METRICS))
        throw new Error(
          `--fail-on '${spec}': write METRIC+N% or METRIC-N (N in the metric's unit); metrics: ${DIFF_METRIC_NAMES.join(', ')}`,
        );
      return { spec, metric, direction: m[2] === '+' ? 'up' : 'down', amount: Number(m[3]), percent: m[4] === '%' };
    });
}

function crosses(t: Threshold, before: number, after: number): boolean {
  if (!Number.isFinite(before)) return false;
  const change = t.direction === 'up' ? after - before : before - after;
  if (!(change > 0)) return false;
  if (!Number.isFinite(after)) return true;
  if (!t.percent) return change > t.amount;
  return before === 0 ? true : (change / Math.abs(before)) * 100 > t.amount;
}

/** Every threshold crossing in a diff, in the diff's placement order. */
export function thresholdCrossings(diff: SizingDiff, thresholds: Threshold[]): Crossing[] {
  const out: Crossing[] = [];
  for (const placement of diff.placements) {
    if (!placement.before || !placement.after) continue;
    for (const threshold of thresholds) {
      const before = placement.before.figures[threshold.metric].value;
      const after = placement.after.figures[threshold.metric].value;
      if (crosses(threshold, before, after)) out.push({ threshold, placement, before, after });
    }
  }
  return out;
}
