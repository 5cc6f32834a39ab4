/**
 * What each chart shows, computed from the report without touching the DOM: series, axis
 * ranges, the SLO and peak markers, stacked segments. Unit-tested in Node.
 */
import type { DeploymentReport, MemoryReport } from '../core/report/types';
import { niceAxis } from './scale';
import { showInvisible } from '../core/report/visible';

/** Which latency a chart plots. */
export type LatencyMetric = 'ttftMs' | 'tpotMs';

/** One point of a latency series: load (req/s) and p50/p95 with the p95 band. */
export interface LatencyPoint {
  x: number;
  p50: number;
  p95: number;
  low: number;
  high: number;
}

/** One placement's curve; `index` is its colour slot (stable across charts). */
export interface LatencySeries {
  name: string;
  index: number;
  points: LatencyPoint[];
  /**
   * p95 at the workload's peak rate (from the curve, else the report's p95, which is at peak);
   * Infinity when the placement is overloaded at peak (the report's `unbounded`).
   */
  atPeak?: number;
  /** The curve rises above the chart's top (drawn clipped, said in the legend). */
  offScale: boolean;
}

/** A latency-vs-load chart's data. */
export interface LatencyChartData {
  metric: LatencyMetric;
  series: LatencySeries[];
  slo?: number;
  peak?: number;
  x: { max: number; ticks: number[] };
  y: { max: number; ticks: number[] };
}

/** The report's p95 at peak, Infinity when overloaded (its queue grows without bound). */
function reportAtPeak(l: { p95: number; unbounded?: boolean }): number {
  return l.unbounded ? Infinity : l.p95;
}

/** Linear interpolation of a series' p95 at `x`; undefined outside the curve. */
export function p95At(points: LatencyPoint[], x: number): number | undefined {
  for (let i = 0; i < points.length; i++) {
    const b = points[i]!;
    if (b.x === x) return b.p95;
    const a = points[i - 1];
    if (a && a.x < x && x < b.x) return a.p95 + ((x - a.x) / (b.x - a.x)) * (b.p95 - a.p95);
  }
  return undefined;
}

/**
 * Latency vs load of every placement. The y axis stops at 2.5 × the SLO (or 3 × the median
 * curve top without one): near saturation latency explodes, and an axis stretched to 10 s
 * would flatten the placements people are actually choosing between. Cut curves are flagged.
 */
export function latencyChartData(d: DeploymentReport, metric: LatencyMetric): LatencyChartData {
  const slo = metric === 'ttftMs' ? d.workload.slo.ttftMs : d.workload.slo.tpotMs;
  const peak = d.workload.peakRequestsPerSecond;
  // Saturated points carry Infinity (or null once persisted as JSON): not drawable, so dropped
  // and the series flagged as leaving the chart.
  const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const raw = d.placements.map((p, index) => {
    const points = p.curve
      .filter((c) => finite(c.requestsPerSecond) && finite(c[metric].p95))
      .map((c) => {
        const m = c[metric];
        return {
          x: c.requestsPerSecond,
          p50: finite(m.p50) ? m.p50 : m.p95,
          p95: m.p95,
          low: finite(m.p95Low) ? m.p95Low : m.p95,
          high: finite(m.p95High) ? m.p95High : m.p95,
        };
      });
    return { name: showInvisible(p.name), index, points, dropped: points.length < p.curve.length };
  });
  const tops = raw
    .filter((s) => s.points.length > 0)
    .map((s) => Math.max(...s.points.map((p) => Math.max(p.high, p.p95))));
  const sorted = [...tops].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 1;
  const cap = slo !== undefined ? slo * 2.5 : median * 3;
  const dataMax = Math.max(0, ...tops);
  const y = niceAxis(Math.max(Math.min(dataMax, cap), (slo ?? 0) * 1.2, 1e-9));
  const xMax = Math.max(0, peak ?? 0, ...raw.flatMap((s) => s.points.map((p) => p.x)));
  const series = raw.map(({ dropped, ...s }) => ({
    ...s,
    // The report's p95 is the value at peak; the curve may stop short of it (saturated placements).
    atPeak:
      peak === undefined ? undefined : (p95At(s.points, peak) ?? reportAtPeak(d.placements[s.index]!.latency[metric])),
    offScale: dropped || s.points.some((p) => p.p95 > y.max),
  }));
  return { metric, series, slo, peak, x: niceAxis(xMax > 0 ? xMax : 1), y };
}

/** One stacked bar: labelled segments, an optional capacity and the bar's total. */
export interface StackedBar {
  label: string;
  /** Colour slot of the placement this bar belongs to. */
  index: number;
  /** `title` is the tooltip (defaults to the key). */
  segments: Array<{ key: string; value: number; title?: string }>;
  total: number;
  capacity?: number;
}

/** Memory segments in stacking order, with the names shown in legends. */
export const MEMORY_KEYS = [
  ['weights', 'Weights'],
  ['kvCache', 'KV cache'],
  ['activations', 'Activations'],
  ['runtime', 'Runtime'],
] as const;

function memoryBar(label: string, index: number, m: MemoryReport): StackedBar {
  const g = m.perGpuGiB;
  return {
    label,
    index,
    segments: MEMORY_KEYS.map(([key]) => ({ key, value: g[key] })),
    total: g.total,
    capacity: g.capacity,
  };
}

/** Memory per GPU: one bar per placement, one per part for hybrids (each part has its own GPUs). */
export function memoryBars(d: DeploymentReport): StackedBar[] {
  return d.placements.flatMap((p, index) =>
    p.parts?.length
      ? p.parts.map((part) =>
          memoryBar(`${showInvisible(p.name)} · ${part.role === 'cloud' ? 'cloud' : 'on-prem'}`, index, part.memory),
        )
      : [memoryBar(showInvisible(p.name), index, p.memory)],
  );
}

/** Cost categories in stacking order: [key, legend label, what item texts belong to it]. */
const COST_CATEGORIES = [
  ['hardware', 'Hardware (amortised)', /capex|amorti[sz]|server|device|laptop|workstation|purchase|hardware/i],
  ['cloud', 'Cloud', /cloud|gpu[- ]hours?|instance|on[- ]demand|reserved|spot/i],
  ['power', 'Power & cooling', /power|energy|electric|pue|cooling|kwh/i],
  ['network', 'Network', /egress|network|bandwidth|transfer|rtt/i],
  ['operations', 'Operations', /ops|support|rack|colo|management|licen[cs]e|maintenance|staff/i],
] as const;

/** The category of a cost item; items match in order (cloud before hardware: "cloud server hours"). */
export function costCategory(item: string): string {
  const order = [COST_CATEGORIES[1], COST_CATEGORIES[0], COST_CATEGORIES[2], COST_CATEGORIES[3], COST_CATEGORIES[4]];
  return order.find(([, , pattern]) => pattern.test(item))?.[0] ?? 'other';
}

/**
 * Monthly cost: one bar per placement stacked by category. The estimator's items are free text
 * and differ per placement type; colouring each item would need more colours than a theme has,
 * so items are grouped into a few categories (the exact items stay in tooltips and the table).
 */
export function costBars(d: DeploymentReport): { keys: string[]; bars: StackedBar[] } {
  const all = [...COST_CATEGORIES.map(([key]) => key), 'other'];
  const used = new Set<string>();
  const bars = d.placements.map((p, index) => {
    const sums = new Map<string, { value: number; items: string[] }>();
    for (const b of p.cost.breakdown) {
      if (!(b.monthlyUsd > 0)) continue;
      const key = costCategory(b.item);
      const sum = sums.get(key) ?? { value: 0, items: [] };
      sum.value += b.monthlyUsd;
      sum.items.push(b.item);
      sums.set(key, sum);
      used.add(key);
    }
    const segments = all
      .filter((k) => sums.has(k))
      .map((key) => ({ key, value: sums.get(key)!.value, title: sums.get(key)!.items.join(', ') }));
    return { label: showInvisible(p.name), index, segments, total: p.cost.monthlyUsd };
  });
  return { keys: all.filter((k) => used.has(k)), bars };
}

/** The legend label of a cost category key. */
export function costCategoryLabel(key: string): string {
  return COST_CATEGORIES.find(([k]) => k === key)?.[1] ?? 'Other';
}

/** The axis for a set of bars: 0 to a nice value above every total and capacity. */
export function barAxis(bars: StackedBar[]): { max: number; ticks: number[] } {
  return niceAxis(Math.max(1e-9, ...bars.map((b) => Math.max(b.total, b.capacity ?? 0))), 4);
}
