/**
 * The comparison table as data: one row per metric, one cell per placement. The HTML table and
 * the Markdown export both read it, so what is copied is exactly what is shown.
 * Pure (no DOM).
 */
import type { DeploymentReport, MemoryReport, LatencyPercentiles, PlacementReport } from './types';
import { disaggregationLayout } from './disaggregation';
import { fitsEverywhere } from './fits';
import {
  formatCount,
  formatGiB,
  formatKw,
  formatLatency,
  formatMs,
  formatMsRange,
  formatRate,
  formatShare,
  formatTokens,
  formatUsd,
  formatUsdPerMillion,
  round,
  UNBOUNDED_LATENCY,
} from './format';

/** Pass/fail marks on a cell (absent: nothing to judge). */
export type CellStatus = 'pass' | 'fail';

/** One cell: its text (also the Markdown), and whether it meets its objective. */
export interface Cell {
  text: string;
  status?: CellStatus;
}

/** Row ids the HTML table renders specially (verdict badge, memory bars). */
export type RowId =
  | 'verdict'
  | 'type'
  | 'model'
  | 'hardware'
  | 'gpus'
  | 'replicas'
  | 'devices'
  | 'engine'
  | 'memory'
  | 'sequences'
  | 'ttftP50'
  | 'ttftP95'
  | 'ttftSlo'
  | 'tpotP50'
  | 'tpotP95'
  | 'tpotSlo'
  | 'throughput'
  | 'maxRate'
  | 'monthlyTokens'
  | 'monthly'
  | 'perMillion'
  | 'power'
  | 'rtt'
  | 'burst'
  | 'disaggregation'
  | 'kvTransfer'
  | 'disaggregationGain'
  | 'data';

/** A metric row: its label and a cell per placement. */
export interface Row {
  id: RowId;
  label: string;
  cells: Cell[];
}

type Slo = DeploymentReport['workload']['slo'];

/** The value an SLO at `percentile` is judged on: p50, p95 or the estimator's `atSlo`. */
export function latencyAtSlo(p: LatencyPercentiles, percentile: number): number {
  if (percentile === 50) return p.p50;
  if (percentile === 95) return p.p95;
  return p.atSlo ?? p.p95;
}

function judged(value: number, objective: number | undefined): CellStatus | undefined {
  if (objective === undefined) return undefined;
  return value <= objective ? 'pass' : 'fail';
}

function p95Cell(p: LatencyPercentiles, objective: number | undefined, slo: Slo): Cell {
  if (p.unbounded) return { text: UNBOUNDED_LATENCY, status: objective === undefined ? undefined : 'fail' };
  const band = p.band ? ` (${formatMsRange(p.band.p95Low, p.band.p95High)})` : '';
  return { text: `${formatMs(p.p95)}${band}`, status: slo.percentile === 95 ? judged(p.p95, objective) : undefined };
}

/** "43.7 / 44.4 GiB (98%)". */
export function memoryText(m: MemoryReport): string {
  const { total, capacity } = m.perGpuGiB;
  const share = capacity > 0 ? ` (${Math.round((total / capacity) * 100)}%)` : '';
  return `${round(total, 1)} / ${formatGiB(capacity)}${share}`;
}

/** The parts whose memory a placement shows: hybrid's two parts, a disaggregated placement's two roles. */
export function memoryParts(p: PlacementReport): Array<{ label: string; memory: MemoryReport }> {
  if (p.parts?.length)
    return p.parts.map((part) => ({ label: part.role === 'cloud' ? 'cloud' : 'on-prem', memory: part.memory }));
  if (p.disaggregation)
    return [
      { label: 'prefill', memory: p.disaggregation.prefill.memory },
      { label: 'decode', memory: p.disaggregation.decode.memory },
    ];
  return [{ label: '', memory: p.memory }];
}

/** One role of a disaggregated placement in words: "6 × 2 GPUs (TP2) · 5.46 req/s · 73% busy · TTFT p95 1.9 s". */
export function roleText(p: PlacementReport, role: 'prefill' | 'decode'): string {
  const r = p.disaggregation![role];
  const s = r.parallelism;
  const split = [
    `TP${s.tensor}`,
    s.pipeline > 1 ? `PP${s.pipeline}` : '',
    s.data > 1 ? `DP${s.data}` : '',
    s.expert > 1 ? `EP${s.expert}` : '',
    (s.decodeContext ?? 1) > 1 ? `DCP${s.decodeContext}` : '',
  ]
    .filter(Boolean)
    .join('·');
  const latency = role === 'prefill' ? `its TTFT p95 ${formatMs(r.ttftMs.p95)}` : `TPOT p95 ${formatMs(r.tpotMs.p95)}`;
  return `${formatCount(r.workers)} × ${formatCount(r.gpus)} GPU${r.gpus === 1 ? '' : 's'} (${split}) · ${formatRate(r.requestsPerSecond)} · ${formatShare(r.utilization)} busy · ${latency}`;
}

function memoryCell(p: PlacementReport): Cell {
  const parts = memoryParts(p);
  const status: CellStatus = p.memory.fits && parts.every((part) => part.memory.fits) ? 'pass' : 'fail';
  if (parts.length === 1) return { text: memoryText(p.memory), status };
  return { text: parts.map((part) => `${part.label} ${memoryText(part.memory)}`).join('; '), status };
}

function dataText(p: PlacementReport): string {
  if (!p.dataLeavesPremises) return 'No';
  if (p.cloudShareOfRequests >= 1) return 'Yes (all requests)';
  if (p.cloudShareOfRequests > 0) return `Yes (${formatShare(p.cloudShareOfRequests)} of requests)`;
  return 'Yes';
}

function sloLabel(metric: string, objective: number | undefined, percentile: number): string {
  return objective === undefined ? metric : `${metric} (SLO p${percentile} ≤ ${formatMs(objective)})`;
}

/** The rows of one deployment's comparison, in display order. */
export function comparisonRows(d: DeploymentReport): Row[] {
  const ps = d.placements;
  const slo = d.workload.slo;
  const row = (id: RowId, label: string, cell: (p: PlacementReport) => Cell | string): Row => ({
    id,
    label,
    cells: ps.map((p) => {
      const c = cell(p);
      return typeof c === 'string' ? { text: c } : c;
    }),
  });
  // A placement that does not fit serves nothing: its latency cells say so instead of a figure.
  const served =
    (cell: (p: PlacementReport) => string | Cell) =>
    (p: PlacementReport): string | Cell =>
      fitsEverywhere(p) ? cell(p) : '—';
  const rows: Row[] = [
    row('verdict', 'Verdict', (p) => ({
      text: p.verdict === 'pass' ? '✓ pass' : `✗ fail${p.reasons.length ? `: ${p.reasons.join('; ')}` : ''}`,
      status: p.verdict,
    })),
    row('type', 'Type', (p) => (p.name === d.recommended ? `${p.type} (recommended)` : p.type)),
    row('model', 'Model', (p) => p.model ?? d.model),
    row('hardware', 'Hardware', (p) => p.hardwareName ?? p.hardware),
    row('gpus', 'GPUs', (p) => {
      const layout = p.disaggregation ? ` (${disaggregationLayout(p.disaggregation)})` : '';
      return `${formatCount(p.gpus)}${layout}${p.gpusAuto ? ' (auto)' : ''}`;
    }),
    row('replicas', 'Replicas', (p) => formatCount(p.replicas)),
    row(
      'devices',
      'Devices',
      (p) =>
        `${formatCount(p.devices)}${p.sites !== undefined ? ` (${formatCount(p.sites)} site${p.sites === 1 ? '' : 's'})` : ''}`,
    ),
    row('engine', 'Engine · weights · KV', (p) => `${p.engine} · ${p.weights} · ${p.kvCache}`),
    row('memory', 'Memory per GPU', memoryCell),
    row('sequences', 'Max concurrent sequences', (p) => formatCount(p.memory.maxConcurrentSequences)),
    row(
      'ttftP50',
      'TTFT p50',
      served((p) => formatLatency(p.latency.ttftMs, p.latency.ttftMs.p50)),
    ),
    row(
      'ttftP95',
      sloLabel('TTFT p95', slo.percentile === 95 ? slo.ttftMs : undefined, 95),
      served((p) => p95Cell(p.latency.ttftMs, slo.ttftMs, slo)),
    ),
  ];
  // An SLO at another percentile than p50/p95 gets its own row, judged against the objective.
  const atSloRow = (
    id: RowId,
    metric: string,
    objective: number | undefined,
    pick: (p: PlacementReport) => PlacementReport['latency']['ttftMs'],
  ) => {
    if (slo.percentile === 50 || slo.percentile === 95 || objective === undefined) return;
    rows.push(
      row(
        id,
        sloLabel(`${metric} p${slo.percentile}`, objective, slo.percentile),
        served((p) => {
          const l = pick(p);
          const v = latencyAtSlo(l, slo.percentile);
          return { text: formatLatency(l, v), status: l.unbounded ? 'fail' : judged(v, objective) };
        }),
      ),
    );
  };
  atSloRow('ttftSlo', 'TTFT', slo.ttftMs, (p) => p.latency.ttftMs);
  rows.push(
    row(
      'tpotP50',
      'TPOT p50',
      served((p) => formatLatency(p.latency.tpotMs, p.latency.tpotMs.p50)),
    ),
    row(
      'tpotP95',
      sloLabel('TPOT p95', slo.percentile === 95 ? slo.tpotMs : undefined, 95),
      served((p) => p95Cell(p.latency.tpotMs, slo.tpotMs, slo)),
    ),
  );
  atSloRow('tpotSlo', 'TPOT', slo.tpotMs, (p) => p.latency.tpotMs);
  // Optional report fields get a row only when some placement has them: no column of dashes.
  const some = (has: (p: PlacementReport) => boolean) => ps.some(has);
  rows.push(
    row('throughput', 'Output throughput', (p) => `${formatCount(p.throughput.outputTokensPerSecond)} tok/s`),
    row(
      'maxRate',
      some((p) => p.throughput.goodputRequestsPerSecond !== undefined)
        ? 'Max request rate · within SLO'
        : 'Max request rate',
      (p) =>
        p.throughput.goodputRequestsPerSecond === undefined
          ? formatRate(p.throughput.maxRequestsPerSecond)
          : `${formatRate(p.throughput.maxRequestsPerSecond)} · ${formatRate(p.throughput.goodputRequestsPerSecond)}`,
    ),
  );
  if (some((p) => p.monthlyOutputTokens !== undefined)) {
    rows.push(
      row('monthlyTokens', 'Output tokens per month', (p) =>
        p.monthlyOutputTokens === undefined ? '—' : formatTokens(p.monthlyOutputTokens),
      ),
    );
  }
  // A manifest states no costs or site: its money and power cells would be a made-up $0 and 0 kW.
  const priced =
    (cell: (p: PlacementReport) => string) =>
    (p: PlacementReport): string =>
      p.manifest ? '— (manifest)' : cell(p);
  rows.push(
    row(
      'monthly',
      'Cost per month',
      priced((p) => formatUsd(p.cost.monthlyUsd)),
    ),
    // A placement that does not fit serves no tokens: a price per token would be a made-up $0.00.
    row(
      'perMillion',
      '$ per million output tokens',
      priced((p) => (p.memory.fits ? formatUsdPerMillion(p.cost.usdPerMillionOutputTokens) : '— (does not fit)')),
    ),
    row(
      'power',
      some((p) => p.power.peakKw !== undefined) ? 'Power (average · peak hour)' : 'Average power',
      priced((p) =>
        // A cloud placement draws its power in the provider's data centre, not on the premises.
        p.type === 'cloud'
          ? '— (cloud)'
          : p.power.peakKw === undefined
            ? formatKw(p.power.averageKw)
            : `${formatKw(p.power.averageKw)} · ${formatKw(p.power.peakKw)}`,
      ),
    ),
  );
  if (some((p) => p.networkRttMs !== undefined)) {
    rows.push(row('rtt', 'Network round trip', (p) => (p.networkRttMs === undefined ? '—' : formatMs(p.networkRttMs))));
  }
  if (some((p) => p.burstHoursPerDay !== undefined)) {
    rows.push(
      row('burst', 'Cloud burst', (p) =>
        p.burstHoursPerDay === undefined ? '—' : `${round(p.burstHoursPerDay, 1)} h/day`,
      ),
    );
  }
  // Disaggregated placements: the two roles side by side, the KV transfer, and the same GPUs aggregated.
  if (some((p) => p.disaggregation !== undefined)) {
    rows.push(
      row('disaggregation', 'Prefill · decode workers', (p) =>
        p.disaggregation
          ? `prefill ${roleText(p, 'prefill')}; decode ${roleText(p, 'decode')}${p.disaggregation.auto ? ' (auto)' : ''}`
          : '—',
      ),
      row('kvTransfer', 'KV transfer per request', (p) => {
        const t = p.disaggregation?.kvTransfer;
        return t
          ? `${formatMs(t.ms)} · ${round(t.bytesPerRequest / 1e6, 1)} MB · ${formatShare(t.linkUtilization)} of the link (${t.connector} over ${t.link.kind}, ${formatCount(t.link.gbpsPerGpu)} Gb/s per GPU)`
          : '—';
      }),
      row('disaggregationGain', 'vs aggregated on the same GPUs', (p) => {
        const g = p.disaggregationGain;
        if (!g) return '—';
        return { text: g.headline, status: g.low > 1 ? 'pass' : g.high < 1 ? 'fail' : undefined };
      }),
    );
  }
  rows.push(row('data', 'Data leaves premises', dataText));
  return rows;
}

/** One line describing the workload and its objectives (heading of each deployment). */
export function workloadSummary(d: DeploymentReport): string {
  const w = d.workload;
  const parts = [`${formatCount(w.inputTokens)} in / ${formatCount(w.outputTokens)} out tokens`];
  if (w.peakRequestsPerSecond !== undefined) parts.push(`peak ${formatRate(w.peakRequestsPerSecond)}`);
  if (w.averageRequestsPerSecond !== undefined) parts.push(`average ${formatRate(w.averageRequestsPerSecond)}`);
  if (w.concurrency !== undefined) parts.push(`${formatCount(w.concurrency)} concurrent`);
  const slo = [
    w.slo.ttftMs !== undefined ? `TTFT ≤ ${formatMs(w.slo.ttftMs)}` : '',
    w.slo.tpotMs !== undefined ? `TPOT ≤ ${formatMs(w.slo.tpotMs)}` : '',
  ].filter(Boolean);
  if (slo.length) parts.push(`SLO p${w.slo.percentile} ${slo.join(', ')}`);
  return parts.join(' · ');
}
