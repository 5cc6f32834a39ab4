/**
 * The sizing diff: what changed between two revisions of the same deployment and manifest files,
 * placement by placement (`llm-sizing diff`). Pure: it compares two lists of file reports (the
 * CLI's JSON shape), so it diffs whatever the estimator says about either revision.
 * Placements are matched by file, deployment name and placement name (the n-th of a repeated
 * name matches the n-th); anything without a partner is added or removed.
 */
import { fitsEverywhere } from '../report/fits';
import { latencyAtSlo } from '../report/rows';
import type { DeploymentReport, FileReport, PlacementReport, Verdict } from '../report/types';
import { formatCount, formatGiB, formatKw, formatMs, formatUsd } from '../report/format';

/** The figures a diff compares, each with its unit and the direction that is worse. */
export const DIFF_METRICS = {
  memory: { label: 'Memory/GPU', unit: 'GiB', worse: 'up', format: formatGiB },
  ttft: { label: 'TTFT', unit: 'ms', worse: 'up', format: formatMs },
  tpot: { label: 'TPOT', unit: 'ms', worse: 'up', format: formatMs },
  throughput: { label: 'Throughput', unit: 'tok/s', worse: 'down', format: (x: number) => `${formatCount(x)} tok/s` },
  cost: { label: 'Cost/month', unit: 'USD', worse: 'up', format: formatUsd },
  power: { label: 'Power', unit: 'kW', worse: 'up', format: formatKw },
  devices: { label: 'Devices', unit: 'devices', worse: 'up', format: (x: number) => formatCount(x) },
} as const;

export type DiffMetric = keyof typeof DIFF_METRICS;
export const DIFF_METRIC_NAMES = Object.keys(DIFF_METRICS) as DiffMetric[];

/** One figure of one placement in one revision; `low`/`high` is the estimate's band where it has one. */
export interface Figure {
  value: number;
  low?: number;
  high?: number;
}

/** What a diff reads from one placement of one revision. */
export interface PlacementSnapshot {
  verdict: Verdict;
  fits: boolean;
  hardware: string;
  reasons: string[];
  /** The percentile TTFT and TPOT are read at: the deployment's SLO percentile. */
  percentile: number;
  figures: Record<DiffMetric, Figure>;
}

/** One figure before and after; `change` is after − before, `changePercent` relative to before. */
export interface FigureChange {
  metric: DiffMetric;
  before: Figure;
  after: Figure;
  change: number;
  /** Undefined when `before` is 0 or not finite. */
  changePercent?: number;
  /** True when the change reads as a change at display precision (no noise below it). */
  visible: boolean;
  worse: boolean;
}

export type PlacementStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One placement across the two revisions. */
export interface PlacementDiff {
  file: string;
  deployment: string;
  placement: string;
  status: PlacementStatus;
  before?: PlacementSnapshot;
  after?: PlacementSnapshot;
  /** Every compared figure (both revisions present); `visible` marks those that changed. */
  figures: FigureChange[];
  /** pass → fail (true) or fail → pass (false); undefined when the verdict held or one side is missing. */
  newlyFailing?: boolean;
}

/** A deployment present in only one revision, or whose ★ recommendation moved. */
export interface DeploymentDiff {
  file: string;
  deployment: string;
  status: 'added' | 'removed' | 'kept';
  recommendedBefore?: string;
  recommendedAfter?: string;
}

export interface SizingDiff {
  placements: PlacementDiff[];
  deployments: DeploymentDiff[];
}

/** The reading of one placement that a diff compares. */
function snapshot(p: PlacementReport, d: DeploymentReport): PlacementSnapshot {
  const percentile = d.workload.slo.percentile;
  const latency = (l: PlacementReport['latency']['ttftMs']): Figure =>
    l.unbounded
      ? { value: Infinity }
      : percentile === 95 && l.band
        ? { value: l.p95, low: l.band.p95Low, high: l.band.p95High }
        : { value: latencyAtSlo(l, percentile) };
  const fits = fitsEverywhere(p);
  // A placement that does not fit serves nothing: its latency is not a figure (the report's
  // latency fields then hold zeros). "—".
  const none: Figure = { value: NaN };
  return {
    verdict: p.verdict,
    fits,
    hardware: p.hardware,
    reasons: p.reasons,
    percentile,
    figures: {
      memory: { value: p.memory.perGpuGiB.total },
      ttft: fits ? latency(p.latency.ttftMs) : none,
      tpot: fits ? latency(p.latency.tpotMs) : none,
      throughput: { value: p.throughput.outputTokensPerSecond },
      cost: { value: p.cost.monthlyUsd },
      power: { value: p.power.averageKw },
      devices: { value: p.devices },
    },
  };
}

function compareFigure(metric: DiffMetric, before: Figure, after: Figure): FigureChange {
  const { format, worse } = DIFF_METRICS[metric];
  const change = after.value - before.value;
  const visible = format(before.value) !== format(after.value);
  const changePercent =
    Number.isFinite(before.value) && before.value !== 0 && Number.isFinite(change)
      ? (change / Math.abs(before.value)) * 100
      : undefined;
  const rising = after.value > before.value;
  return {
    metric,
    before,
    after,
    change,
    ...(changePercent !== undefined ? { changePercent } : {}),
    visible,
    worse: visible && (worse === 'up' ? rising : after.value < before.value),
  };
}

/** Keys placements as `deployment\0placement\0n`, n counting repeated names from 1. */
function keyed<T>(items: T[], key: (item: T) => string): Map<string, T> {
  const seen = new Map<string, number>();
  const out = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    out.set(`${k}\u0000${n}`, item);
  }
  return out;
}

interface Located {
  file: string;
  deployment: DeploymentReport;
  placement: PlacementReport;
}

function placementsOf(files: FileReport[]): Map<string, Located> {
  const all: Located[] = files.flatMap((f) =>
    f.deployments.flatMap((d) => d.placements.map((p) => ({ file: f.path, deployment: d, placement: p }))),
  );
  return keyed(all, (l) => `${l.file}\u0000${l.deployment.name}\u0000${l.placement.name}`);
}

function deploymentsOf(files: FileReport[]): Map<string, { file: string; deployment: DeploymentReport }> {
  const all = files.flatMap((f) => f.deployments.map((d) => ({ file: f.path, deployment: d })));
  return keyed(all, (l) => `${l.file}\u0000${l.deployment.name}`);
}

function placementDiff(before: Located | undefined, after: Located | undefined): PlacementDiff {
  const where = (after ?? before)!;
  const base = { file: where.file, deployment: where.deployment.name, placement: where.placement.name };
  const old = before && snapshot(before.placement, before.deployment);
  const now = after && snapshot(after.placement, after.deployment);
  if (!old) return { ...base, status: 'added', after: now!, figures: [] };
  if (!now) return { ...base, status: 'removed', before: old, figures: [] };
  const figures = DIFF_METRIC_NAMES.map((m) => compareFigure(m, old.figures[m], now.figures[m]));
  const verdictMoved = old.verdict !== now.verdict;
  const changed =
    verdictMoved || old.fits !== now.fits || old.hardware !== now.hardware || figures.some((f) => f.visible);
  return {
    ...base,
    status: changed ? 'changed' : 'unchanged',
    before: old,
    after: now,
    figures,
    ...(verdictMoved ? { newlyFailing: now.verdict === 'fail' } : {}),
  };
}

/**
 * Compares the reports of two revisions. `before` and `after` must name the same files by the
 * same paths (the caller maps old paths onto new ones). Order: the new revision's order, then
 * what was removed.
 */
export function diffReports(before: FileReport[], after: FileReport[]): SizingDiff {
  const old = placementsOf(before);
  const now = placementsOf(after);
  const placements: PlacementDiff[] = [];
  for (const [key, located] of now) placements.push(placementDiff(old.get(key), located));
  for (const [key, located] of old) if (!now.has(key)) placements.push(placementDiff(located, undefined));

  const oldDeployments = deploymentsOf(before);
  const newDeployments = deploymentsOf(after);
  const deployments: DeploymentDiff[] = [];
  for (const [key, { file, deployment }] of newDeployments) {
    const was = oldDeployments.get(key)?.deployment;
    deployments.push({
      file,
      deployment: deployment.name,
      status: was ? 'kept' : 'added',
      ...(was?.recommended ? { recommendedBefore: was.recommended } : {}),
      ...(deployment.recommended ? { recommendedAfter: deployment.recommended } : {}),
    });
  }
  for (const [key, { file, deployment }] of oldDeployments)
    if (!newDeployments.has(key))
      deployments.push({
        file,
        deployment: deployment.name,
        status: 'removed',
        ...(deployment.recommended ? { recommendedBefore: deployment.recommended } : {}),
      });
  return { placements, deployments };
}
