/**
 * The one-line headline of a placement for editor surfaces (CodeLens, sidebar, status bar):
 * `on-prem · 2× H100 SXM · 61.2 / 79.2 GiB per GPU · TTFT p95 420 ms · TPOT p95 31 ms · 2,100 tok/s · $14.2k/mo`.
 */
import type { PlacementReport } from './types';
import { formatMs, formatNumber, formatUsdCompact, round } from './format';

/** The one-line headline of a placement (latency and throughput only when the model fits). */
export function placementHeadline(p: PlacementReport, hardwareName?: string): string {
  if (!p.memory.fits) {
    return [
      p.type,
      `${p.devices}× ${hardwareName ?? p.hardwareName ?? p.hardware}`,
      `does not fit: ${round(p.memory.perGpuGiB.total, 1)} / ${round(p.memory.perGpuGiB.capacity, 1)} GiB per GPU`,
      `${formatUsdCompact(p.cost.monthlyUsd)}/mo`,
    ].join(' · ');
  }
  return [
    p.type,
    `${p.devices}× ${hardwareName ?? p.hardwareName ?? p.hardware}`,
    `${round(p.memory.perGpuGiB.total, 1)} / ${round(p.memory.perGpuGiB.capacity, 1)} GiB per GPU`,
    `TTFT p95 ${formatMs(p.latency.ttftMs.p95)}`,
    `TPOT p95 ${formatMs(p.latency.tpotMs.p95)}`,
    `${formatNumber(p.throughput.outputTokensPerSecond)} tok/s`,
    `${formatUsdCompact(p.cost.monthlyUsd)}/mo`,
  ].join(' · ');
}
