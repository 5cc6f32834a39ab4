/**
 * The one-line headline of a placement for editor surfaces (CodeLens, sidebar, status bar):
 * `on-prem · 2× H100 SXM · 61.2 / 79.2 GiB per GPU · TTFT p95 420 ms · TPOT p95 31 ms · 2,100 tok/s · $14.2k/mo`
 * (disaggregated: `6P×TP2 + 1D×TP4 on 16× H100 SXM · KV 25 ms, 2% of link` in place of the devices).
 */
import type { PlacementReport } from './types';
import { disaggregationLayout } from './disaggregation';
import { fitsEverywhere } from './fits';
import { formatLatency, formatMs, formatNumber, formatUsdCompact, round } from './format';

/**
 * The one-line headline of a placement. When the model does not fit there is nothing to serve,
 * so latency and throughput read "—" (as in the CLI's table) rather than meaningless numbers.
 */
export function placementHeadline(p: PlacementReport, hardwareName?: string): string {
  const fits = fitsEverywhere(p);
  const d = p.disaggregation;
  return [
    p.type,
    // Disaggregated: the layout, and what the KV transfer costs and loads ("6P×TP2 + 1D×TP4 on 16× H100").
    d
      ? `${disaggregationLayout(d)} on ${p.devices}× ${hardwareName ?? p.hardwareName ?? p.hardware} · KV ${formatMs(d.kvTransfer.ms)}, ${Math.round(d.kvTransfer.linkUtilization * 100)}% of link`
      : `${p.devices}× ${hardwareName ?? p.hardwareName ?? p.hardware}`,
    `${round(p.memory.perGpuGiB.total, 1)} / ${round(p.memory.perGpuGiB.capacity, 1)} GiB per GPU`,
    `TTFT p95 ${fits ? formatLatency(p.latency.ttftMs, p.latency.ttftMs.p95) : '—'}`,
    `TPOT p95 ${fits ? formatLatency(p.latency.tpotMs, p.latency.tpotMs.p95) : '—'}`,
    `${fits ? formatNumber(p.throughput.outputTokensPerSecond) : '—'} tok/s`,
    // A manifest states no costs: no made-up $0/mo.
    ...(p.manifest ? [] : [`${formatUsdCompact(p.cost.monthlyUsd)}/mo`]),
  ].join(' · ');
}
