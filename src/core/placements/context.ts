/**
 * What every placement of a deployment is evaluated against: the deployment, the catalog, the
 * daily load, the SLO, the shared sizing cache and the host's defaults.
 */
import type { Catalog } from '../catalog';
import type { Deployment } from '../schema/deployment';
import { dailyLoad, type LoadProfile } from './load';
import type { SloSpec } from './slo';
import { newSizingCache, type SizingCache } from './sizing';

export interface EvaluationContext {
  deployment: Deployment;
  catalog: Catalog;
  /** The deployment's daily load. */
  load: LoadProfile;
  slo: SloSpec;
  cache: SizingCache;
  /** Compute latency-vs-load curves (off in `recommend`). */
  curve: boolean;
  /** Defaults from the editor's settings (used when the file does not say; reported). */
  defaults: EstimateDefaults;
}

/** Defaults a host may set (VS Code settings `llmSizing.defaults.*`); the file always wins. */
export interface EstimateDefaults {
  engine?: string;
  electricityUsdPerKwh?: number;
  /** PUE of on-prem sites (edge keeps 1.0 unless the file says). */
  pue?: number;
  amortizationMonths?: number;
}

/** The context of a deployment's placements: its daily load and SLO (percentile 95 unless given). */
export function evaluationContext(
  deployment: Deployment,
  catalog: Catalog,
  options: { cache?: SizingCache; curve?: boolean; defaults?: EstimateDefaults } = {},
): EvaluationContext {
  const w = deployment.workload;
  return {
    deployment,
    catalog,
    defaults: options.defaults ?? {},
    load: dailyLoad({
      ...(w.peakRequestsPerSecond !== undefined ? { peakRequestsPerSecond: w.peakRequestsPerSecond } : {}),
      ...(w.averageRequestsPerSecond !== undefined ? { averageRequestsPerSecond: w.averageRequestsPerSecond } : {}),
      ...(w.concurrency !== undefined ? { concurrency: w.concurrency } : {}),
      ...(w.dailyProfile ? { dailyProfile: w.dailyProfile } : {}),
    }),
    slo: {
      ...(w.slo?.ttftMs !== undefined ? { ttftMs: w.slo.ttftMs } : {}),
      ...(w.slo?.tpotMs !== undefined ? { tpotMs: w.slo.tpotMs } : {}),
      percentile: w.slo?.percentile ?? 95,
    },
    cache: options.cache ?? newSizingCache(),
    curve: options.curve ?? true,
  };
}

/** Assumptions every placement of the deployment shares (load shape, unused fields, no SLO). */
export function baseAssumptions(ctx: EvaluationContext): string[] {
  const out = [...ctx.load.assumptions];
  const w = ctx.deployment.workload;
  if (
    w.concurrency !== undefined &&
    (w.peakRequestsPerSecond !== undefined || w.averageRequestsPerSecond !== undefined)
  )
    out.push('workload.concurrency is not used: request rates are given');
  if (!w.slo || (w.slo.ttftMs === undefined && w.slo.tpotMs === undefined))
    out.push('no latency SLO: a replica is loaded up to the rate it sustains');
  return out;
}
