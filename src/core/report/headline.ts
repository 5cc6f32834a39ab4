/**
 * Short human figures for editor surfaces (CodeLens, sidebar, status bar, hovers):
 * `on-prem · 2× H100 SXM · 61.2 / 79.2 GiB per GPU · TTFT p95 420 ms · 38 tok/s · $14.2k/mo`.
 */
import type { PlacementReport } from './types';

/** 1234 → "1.2k", 1234567 → "1.2M". */
export function compactNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** Milliseconds as "420 ms" or "1.9 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '∞';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}

/** Dollars as "$14.2k" / "$950" / "$1.2M". */
export function formatUsd(usd: number): string {
  return `$${compactNumber(usd)}`;
}

export function formatGiB(gib: number): string {
  return gib.toFixed(1);
}

/** "2× H100 SXM"-style device summary (uses the catalog id when no name is given). */
export function devicesText(p: PlacementReport, hardwareName?: string): string {
  return `${p.devices}× ${hardwareName ?? p.hardware}`;
}

/** The one-line headline of a placement. */
export function placementHeadline(p: PlacementReport, hardwareName?: string): string {
  const parts = [
    p.type,
    devicesText(p, hardwareName),
    `${formatGiB(p.memory.perGpuGiB.total)} / ${formatGiB(p.memory.perGpuGiB.capacity)} GiB per GPU`,
    `TTFT p95 ${formatMs(p.latency.ttftMs.p95)}`,
    `TPOT p95 ${formatMs(p.latency.tpotMs.p95)}`,
    `${compactNumber(p.throughput.outputTokensPerSecond)} tok/s`,
    `${formatUsd(p.cost.monthlyUsd)}/mo`,
  ];
  return parts.join(' · ');
}

/** "pass" or "fail: <first reason>". */
export function verdictText(p: PlacementReport): string {
  return p.verdict === 'pass' ? 'pass' : `fail: ${p.reasons[0] ?? 'see details'}`;
}
