/**
 * The comparison table shared by the text and Markdown renderers: metrics as rows, placements as
 * columns, built from the report only (renderers never recompute numbers).
 */
import type { DeploymentReport, LatencyPercentiles, PlacementReport } from '../../core/report/types';
import { disaggregationLayout } from '../../core/report/disaggregation';
import {
  formatLatency,
  formatMs,
  formatNumber,
  formatRate,
  formatShare,
  formatUsdCompact,
  formatUsdPerMillion,
  plural,
  round,
} from '../../core/report/format';

export interface TableRow {
  label: string;
  cells: string[];
}

/** The value an SLO at `percentile` is judged on. */
function atPercentile(p: LatencyPercentiles, percentile: number): number {
  if (percentile === 95) return p.p95;
  if (percentile === 50) return p.p50;
  return p.atSlo ?? p.p95;
}

function gpusCell(p: PlacementReport): string {
  if (p.type === 'hybrid' && p.parts) {
    const [on, cloud] = p.parts;
    return `${on?.gpus ?? 0} + ${cloud?.gpus ?? 0} cloud`;
  }
  if (p.type === 'edge')
    return `${p.devices} (${p.sites ?? '?'} site${p.sites === 1 ? '' : 's'} × ${p.sites ? p.devices / p.sites : '?'})`;
  const d = p.disaggregation;
  if (d) return `${p.gpus} (${disaggregationLayout(d)})${d.auto ? ' auto' : ''}`;
  const per = p.shape?.gpusPerReplica ?? 1;
  const split = p.shape
    ? [
        p.shape.tensor > 1 ? `tp${p.shape.tensor}` : '',
        p.shape.pipeline > 1 ? `pp${p.shape.pipeline}` : '',
        p.shape.data > 1 ? `dp${p.shape.data}` : '',
        (p.shape.decodeContext ?? 1) > 1 ? `dcp${p.shape.decodeContext}` : '',
      ]
        .filter(Boolean)
        .join('·')
    : '';
  return `${p.gpus} (${plural(p.replicas, 'replica')}${per > 1 ? ` × ${split}` : ''})${p.gpusAuto ? ' auto' : ''}`;
}

/** The rows of one deployment's comparison. */
export function comparisonRows(d: DeploymentReport): TableRow[] {
  const pct = d.workload.slo.percentile;
  const pl = `p${round(pct, 2)}`;
  const ps = d.placements;
  const row = (label: string, cell: (p: PlacementReport) => string): TableRow => ({ label, cells: ps.map(cell) });
  const estimated = (p: PlacementReport, text: () => string) => (p.engine === '' ? '—' : text());
  // A manifest states no costs or site: its money and power cells would be a made-up $0 and 0 kW.
  const priced = (p: PlacementReport, text: () => string) => (p.manifest ? '— (manifest)' : estimated(p, text));
  const ttftSlo = d.workload.slo.ttftMs;
  const tpotSlo = d.workload.slo.tpotMs;
  return [
    row('type', (p) => p.type),
    // A placement may serve another model than the deployment's: never compare them silently.
    ...(ps.some((p) => p.model !== undefined && p.model !== d.model) ? [row('model', (p) => p.model ?? d.model)] : []),
    row('hardware', (p) => p.hardware),
    row('gpus', (p) => estimated(p, () => gpusCell(p))),
    row('engine · weights', (p) =>
      estimated(
        p,
        () => `${p.engine} · ${p.weights}${p.kvCache && p.kvCache !== p.weights ? ` (KV ${p.kvCache})` : ''}`,
      ),
    ),
    row('memory / GPU', (p) =>
      estimated(
        p,
        () =>
          `${round(p.memory.perGpuGiB.total, 1)} / ${round(p.memory.perGpuGiB.capacity, 1)} GiB${p.memory.fits ? '' : ' ✗'}`,
      ),
    ),
    row(`TTFT ${pl}${ttftSlo !== undefined ? ` (≤ ${formatMs(ttftSlo)})` : ''}`, (p) =>
      estimated(p, () => (p.memory.fits ? formatLatency(p.latency.ttftMs, atPercentile(p.latency.ttftMs, pct)) : '—')),
    ),
    row(`TPOT ${pl}${tpotSlo !== undefined ? ` (≤ ${formatMs(tpotSlo)})` : ''}`, (p) =>
      estimated(p, () => (p.memory.fits ? formatLatency(p.latency.tpotMs, atPercentile(p.latency.tpotMs, pct)) : '—')),
    ),
    row('output tok/s at peak', (p) => estimated(p, () => formatNumber(p.throughput.outputTokensPerSecond))),
    row('capacity req/s (SLO)', (p) =>
      estimated(p, () =>
        p.throughput.goodputRequestsPerSecond !== undefined
          ? formatNumber(p.throughput.goodputRequestsPerSecond)
          : `${formatNumber(p.throughput.maxRequestsPerSecond)} max`,
      ),
    ),
    // Disaggregated placements: the KV transfer and the same GPUs served aggregated.
    ...(ps.some((p) => p.disaggregation)
      ? [
          row('KV transfer', (p) =>
            p.disaggregation
              ? `${formatMs(p.disaggregation.kvTransfer.ms)} · ${formatShare(p.disaggregation.kvTransfer.linkUtilization)} of link`
              : '—',
          ),
          row('vs aggregated', (p) =>
            p.disaggregationGain
              ? `${round(p.disaggregationGain.ratio, 2)}× (${round(p.disaggregationGain.low, 2)}–${round(p.disaggregationGain.high, 2)})`
              : '—',
          ),
        ]
      : []),
    row('cost / month', (p) => priced(p, () => formatUsdCompact(p.cost.monthlyUsd))),
    // A placement that does not fit serves no tokens: a price per token would be a made-up $0.00.
    row('$ / M output tokens', (p) =>
      priced(p, () => (p.memory.fits ? formatUsdPerMillion(p.cost.usdPerMillionOutputTokens) : '— (does not fit)')),
    ),
    row('power avg / peak', (p) =>
      priced(p, () =>
        p.type === 'cloud'
          ? '— (cloud)'
          : `${round(p.power.averageKw, 2)} / ${round(p.power.peakKw ?? p.power.averageKw, 2)} kW`,
      ),
    ),
    row('requests to cloud', (p) => formatShare(p.cloudShareOfRequests)),
    row('verdict', (p) => (p.verdict === 'pass' ? (p.name === d.recommended ? 'pass ★' : 'pass') : 'FAIL')),
  ];
}

/** "llama-3.3-70b · 1500 in / 350 out tokens · peak 6 req/s, average 1.8 req/s · SLO TTFT p95 ≤ 1.5 s, TPOT p95 ≤ 60 ms". */
export function workloadLine(d: DeploymentReport): string {
  const w = d.workload;
  const load: string[] = [];
  if (w.peakRequestsPerSecond !== undefined) load.push(`peak ${formatRate(w.peakRequestsPerSecond)}`);
  if (w.averageRequestsPerSecond !== undefined) load.push(`average ${formatRate(w.averageRequestsPerSecond)}`);
  if (w.concurrency !== undefined && w.peakRequestsPerSecond === undefined) load.push(`concurrency ${w.concurrency}`);
  const p = `p${round(w.slo.percentile, 2)}`;
  const slo = [
    w.slo.ttftMs !== undefined ? `TTFT ${p} ≤ ${formatMs(w.slo.ttftMs)}` : '',
    w.slo.tpotMs !== undefined ? `TPOT ${p} ≤ ${formatMs(w.slo.tpotMs)}` : '',
  ].filter(Boolean);
  return [
    d.model,
    `${w.inputTokens} in / ${w.outputTokens} out tokens`,
    load.join(', '),
    slo.length ? `SLO ${slo.join(', ')}` : 'no latency SLO',
  ]
    .filter(Boolean)
    .join(' · ');
}
