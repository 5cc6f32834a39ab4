/**
 * Stage 4, the report: one assembler writes a placement's PlacementReport from what the stages
 * before produced (parts, economics, outcome) — rounding, $/M tokens, verdict — for every type;
 * and the failing report of a placement that cannot be estimated.
 */
import type { Path } from '../parse/paths';
import { fitsEverywhere } from '../report/fits';
import type { ExplainLine, LoadPoint, MemoryReport, LatencyPercentiles, PlacementReport } from '../report/types';
import type { Placement } from '../schema/deployment';
import { usdPerMillionTokens, type CostLine } from './economics';
import type { Outcome, PlacementIssue } from './findings';
import type { LoadKind } from './load';
import { r1, r2, r3 } from './numbers';
import type { PartFinal } from './parts';
import { gpusPerReplica, type Shape } from './sizing';

export interface PlacementEvaluation {
  report: PlacementReport;
  issues: PlacementIssue[];
  /** Every price it needs is known (given or in the catalog). */
  priced: boolean;
}

/** What the stages found about one placement, before rounding. */
export interface PlacementFacts {
  placement: Placement;
  outcome: Outcome;
  /** The part whose weights, KV cache and per-GPU memory the report shows (hybrid: the on-prem part). */
  lead: PartFinal;
  /** Catalog id(s) and display name(s) of the hardware (hybrid: "on-prem + cloud"). */
  hardware: string;
  hardwareName: string;
  model: string;
  engine: string;
  gpus: number;
  gpusAuto: boolean;
  replicas: number;
  devices: number;
  latency: PlacementReport['latency'];
  throughput: PlacementReport['throughput'];
  /** Monthly USD with its lines, and on-premises draw in kW (PUE included). */
  cost: { monthlyUsd: number; breakdown: CostLine[]; averageKw: number; peakKw: number; includes: string };
  /** Output tokens per month (unrounded). */
  monthlyOutputTokens: number;
  dataLeavesPremises: boolean;
  cloudShareOfRequests: number;
  /** Every assumption, duplicates allowed (the report keeps the first of each). */
  assumptions: string[];
  explain: ExplainLine[];
  curve: LoadPoint[];
  /** Hybrid: the two parts. */
  parts?: PlacementReport['parts'];
  /** One replica's split (not for hybrid). */
  shape?: Shape;
  networkRttMs: number;
  sites?: number;
  burstHoursPerDay?: number;
  priced: boolean;
  /** Disaggregated placements (disaggregated.ts). */
  disaggregation?: Pick<PlacementReport, 'disaggregation' | 'aggregatedAlternative' | 'disaggregationGain'>;
}

/** The PlacementReport (and findings) of an evaluated placement: the one place its fields are written. */
export function assembleReport(f: PlacementFacts): PlacementEvaluation {
  const { placement, outcome, lead, cost } = f;
  // A placement that does not fit serves nothing: no latency exists (the estimate's figures would
  // be what an empty KV pool takes, thousands of seconds). Zeros, as for one that cannot be estimated.
  const fits = fitsEverywhere({ memory: lead.memory, parts: f.parts });
  const report: PlacementReport = {
    name: placement.name,
    type: placement.type,
    verdict: outcome.reasons.length ? 'fail' : 'pass',
    reasons: outcome.reasons,
    hardware: f.hardware,
    gpus: f.gpus,
    gpusAuto: f.gpusAuto,
    replicas: f.replicas,
    devices: f.devices,
    engine: f.engine,
    weights: lead.request.weights.id,
    kvCache: lead.request.kvCache.id,
    memory: lead.memory,
    latency: fits ? f.latency : { ttftMs: emptyPercentiles(), tpotMs: emptyPercentiles() },
    throughput: f.throughput,
    cost: {
      monthlyUsd: r2(cost.monthlyUsd),
      usdPerMillionOutputTokens: r3(usdPerMillionTokens(cost.monthlyUsd, f.monthlyOutputTokens)),
      breakdown: cost.breakdown.map((b) => ({ item: b.item, monthlyUsd: r2(b.monthlyUsd) })),
      includes: cost.includes,
    },
    power: { averageKw: r3(cost.averageKw), peakKw: r3(cost.peakKw) },
    dataLeavesPremises: f.dataLeavesPremises,
    cloudShareOfRequests: r3(f.cloudShareOfRequests),
    assumptions: dedupe(f.assumptions),
    explain: f.explain,
    curve: f.curve,
    ...(f.parts ? { parts: f.parts } : {}),
    hardwareName: f.hardwareName,
    model: f.model,
    ...(f.shape ? { shape: { ...f.shape, gpusPerReplica: gpusPerReplica(f.shape) } } : {}),
    networkRttMs: f.networkRttMs,
    ...(f.sites !== undefined ? { sites: f.sites } : {}),
    ...(f.burstHoursPerDay !== undefined ? { burstHoursPerDay: f.burstHoursPerDay } : {}),
    monthlyOutputTokens: Math.round(f.monthlyOutputTokens),
    ...(f.disaggregation ?? {}),
  };
  return { report, issues: outcome.issues, priced: f.priced };
}

/** A placement that cannot be estimated: a failing report and an LLMS108 finding on its name. */
export function cannotEstimate(placement: Placement, path: Path, error: string): PlacementEvaluation {
  return {
    report: failedReport(placement, hardwareOf(placement), `cannot estimate: ${error}`),
    issues: [
      {
        code: 'cannotEstimate',
        path: [...path, 'name'],
        message: `Cannot estimate placement \`${placement.name}\`: ${error}.`,
      },
    ],
    priced: false,
  };
}

function emptyMemory(): MemoryReport {
  return {
    fits: false,
    perGpuGiB: { weights: 0, kvCache: 0, activations: 0, runtime: 0, total: 0, capacity: 0 },
    kvPoolGiB: 0,
    maxConcurrentSequences: 0,
  };
}

function emptyPercentiles(): LatencyPercentiles {
  return { p50: 0, p95: 0 };
}

/** The report of a placement that cannot be estimated. */
function failedReport(placement: Placement, hardware: string, reason: string): PlacementReport {
  return {
    name: placement.name,
    type: placement.type,
    verdict: 'fail',
    reasons: [reason],
    hardware,
    gpus: 0,
    gpusAuto: false,
    replicas: 0,
    devices: 0,
    engine: '',
    weights: '',
    kvCache: '',
    memory: emptyMemory(),
    latency: { ttftMs: emptyPercentiles(), tpotMs: emptyPercentiles() },
    throughput: { outputTokensPerSecond: 0, maxRequestsPerSecond: 0 },
    cost: { monthlyUsd: 0, usdPerMillionOutputTokens: 0, breakdown: [] },
    power: { averageKw: 0 },
    dataLeavesPremises: placement.type === 'cloud',
    cloudShareOfRequests: placement.type === 'cloud' ? 1 : 0,
    assumptions: [],
    curve: [],
  };
}

function hardwareOf(placement: Placement): string {
  return placement.type === 'hybrid'
    ? `${placement.onPrem.hardware} + ${placement.cloud.hardware}`
    : placement.hardware;
}

export function percentilesMax(a: LatencyPercentiles, b: LatencyPercentiles): LatencyPercentiles {
  return {
    p50: Math.max(a.p50, b.p50),
    p95: Math.max(a.p95, b.p95),
    ...(a.atSlo !== undefined || b.atSlo !== undefined ? { atSlo: Math.max(a.atSlo ?? 0, b.atSlo ?? 0) } : {}),
    ...(a.band && b.band
      ? { band: a.p95 >= b.p95 ? a.band : b.band }
      : a.band
        ? { band: a.band }
        : b.band
          ? { band: b.band }
          : {}),
    ...(a.unbounded || b.unbounded ? { unbounded: true } : {}),
  };
}

/** Placement-wide throughput: tokens/s at peak, sustainable rate, and goodput (rate workloads). */
export function throughputOf(
  parts: Array<PartFinal & { groups?: number }>,
  kind: LoadKind,
  tokensAtPeak: number,
): PlacementReport['throughput'] {
  const groups = (p: PartFinal & { groups?: number }) => p.groups ?? 1;
  const maxRps = parts.reduce((a, p) => a + p.saturation * p.replicas * groups(p), 0);
  const goodput =
    kind === 'rate' ? parts.reduce((a, p) => a + (p.fits ? p.capacity : 0) * p.replicas * groups(p), 0) : undefined;
  return {
    outputTokensPerSecond: r1(tokensAtPeak),
    maxRequestsPerSecond: r3(maxRps),
    ...(goodput !== undefined ? { goodputRequestsPerSecond: r3(goodput) } : {}),
  };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list.filter(Boolean))];
}
