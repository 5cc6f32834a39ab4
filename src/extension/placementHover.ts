/**
 * Hover on a placement (its `name`, `type` or `hardware` key): the estimate with its bands and
 * assumptions.
 */
import * as vscode from 'vscode';
import {
  formatGiB,
  formatKw,
  formatMs,
  formatNumber,
  formatRate,
  formatShare,
  formatUsdCompact,
  formatUsdPerMillion,
  round,
} from '../core/report/format';
import { fitsEverywhere } from '../core/report/fits';
import { escapeMarkdown as md } from '../core/report/markdown';
import type { PlacementReport } from '../core/report/types';
import type { EstimateController } from './estimates';
import type { HoverContributor } from './hovers';

/** Markdown of one placement's estimate (every string from the file escaped: it renders in hovers and the preview). */
export function placementMarkdown(p: PlacementReport, stale: boolean): string {
  const m = p.memory.perGpuGiB;
  const lat = p.latency;
  const fits = fitsEverywhere(p);
  const band = (b?: { p95Low: number; p95High: number }) =>
    b ? ` (band ${formatMs(b.p95Low)}–${formatMs(b.p95High)})` : '';
  const lines = [
    `**${md(p.name)}** — ${p.verdict === 'pass' ? '✓ pass' : '✗ fail'}${stale ? ' *(stale: save to re-estimate)*' : ''}`,
    '',
    ...p.reasons.map((r) => `- ${md(r)}`),
    '',
    '| | |',
    '|---|---|',
    `| devices | ${p.devices}× ${md(p.hardware)} (${p.replicas} replica${p.replicas === 1 ? '' : 's'}${p.gpusAuto ? ', solved from `auto`' : ''}), ${md(p.engine)}, ${md(p.weights)} weights, ${md(p.kvCache)} KV |`,
    `| memory per GPU | ${round(m.total, 1)} of ${formatGiB(m.capacity)}: weights ${round(m.weights, 1)}, KV ${round(m.kvCache, 1)}, activations ${round(m.activations, 1)}, runtime ${round(m.runtime, 1)}${p.memory.fits ? '' : ' — **does not fit**'} |`,
    `| KV pool | ${formatGiB(p.memory.kvPoolGiB)} per GPU, ${p.memory.maxConcurrentSequences} sequences |`,
    // A placement that does not fit serves nothing: no latency or throughput to state.
    fits
      ? `| TTFT p50 / p95 | ${formatMs(lat.ttftMs.p50)} / ${formatMs(lat.ttftMs.p95)}${band(lat.ttftMs.band)} |`
      : '| TTFT p50 / p95 | — (does not fit) |',
    fits
      ? `| TPOT p50 / p95 | ${formatMs(lat.tpotMs.p50)} / ${formatMs(lat.tpotMs.p95)}${band(lat.tpotMs.band)} |`
      : '| TPOT p50 / p95 | — (does not fit) |',
    fits
      ? `| throughput | ${formatNumber(p.throughput.outputTokensPerSecond)} tok/s; up to ${formatRate(p.throughput.maxRequestsPerSecond)} |`
      : '| throughput | — (does not fit) |',
    // A manifest states no costs or site.
    p.manifest
      ? '| cost | — (manifest) |'
      : `| cost | ${formatUsdCompact(p.cost.monthlyUsd)}/month, ${fits ? formatUsdPerMillion(p.cost.usdPerMillionOutputTokens) : '—'} per million output tokens |`,
    p.manifest ? '| power | — (manifest) |' : `| power | ${formatKw(p.power.averageKw)} average |`,
    `| data leaves premises | ${p.dataLeavesPremises ? `yes (${formatShare(p.cloudShareOfRequests)} of requests)` : 'no'} |`,
  ];
  if (p.assumptions.length) lines.push('', '**Assumptions**', ...p.assumptions.map((a) => `- ${md(a)}`));
  return lines.join('\n');
}

export function placementHoverContributor(estimates: EstimateController): HoverContributor {
  return (document, documentIndex, path) => {
    if (path[0] !== 'placements' || typeof path[1] !== 'number') return undefined;
    if (path.length > 3 || (path.length === 3 && !['name', 'type', 'hardware'].includes(String(path[2]))))
      return undefined;
    const estimate = estimates.get(document);
    const doc = estimate?.documents.find((d) => d.documentIndex === documentIndex);
    if (!estimate || !doc) return undefined;
    const i = doc.placementSourceIndex.indexOf(path[1]);
    const placement = doc.report.placements[i];
    if (!placement) return undefined;
    return new vscode.MarkdownString(placementMarkdown(placement, estimate.stale));
  };
}
