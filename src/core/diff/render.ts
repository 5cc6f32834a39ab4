/**
 * A sizing diff as a pull-request comment (Markdown), as terminal text and as JSON. The Markdown
 * starts with a hidden marker (so a CI step can find and update its own comment instead of adding
 * one per push) and a summary line; what got worse is listed in the open, the rest is folded.
 */
import { escapeCell, escapeMarkdown } from '../report/markdown';
import { formatMsRange, formatPercentile, round } from '../report/format';
import { DIFF_METRICS, DIFF_METRIC_NAMES, type DiffMetric, type Figure, type FigureChange } from './compare';
import type { PlacementDiff, PlacementSnapshot, SizingDiff } from './compare';
import type { Crossing } from './thresholds';
import { summaryLine, type DiffSummary } from './summary';

/** The first line of the Markdown comment: CI steps look for it to update their comment. */
export const DIFF_COMMENT_MARKER = '<!-- llm-sizing-diff -->';

function metricLabel(metric: DiffMetric, percentile: number): string {
  const { label } = DIFF_METRICS[metric];
  return metric === 'ttft' || metric === 'tpot' ? `${label} ${formatPercentile(percentile)}` : label;
}

function figureText(metric: DiffMetric, f: Figure): string {
  return DIFF_METRICS[metric].format(f.value);
}

function bandText(metric: DiffMetric, f: Figure): string {
  if (f.low === undefined || f.high === undefined) return '';
  return metric === 'ttft' || metric === 'tpot' ? formatMsRange(f.low, f.high) : '';
}

/** "+10%", "−3.2%": whole percent from 10 % up. */
export function percentText(percent: number): string {
  const sign = percent > 0 ? '+' : percent < 0 ? '−' : '±';
  const a = Math.abs(percent);
  return `${sign}${a >= 10 ? Math.round(a) : round(a, 1)}%`;
}

/** "38 ms → 52 ms (+37%)", or the one value when it did not change. */
function changeText(c: FigureChange): string {
  const after = figureText(c.metric, c.after);
  if (!c.visible) return after;
  const percent =
    c.changePercent !== undefined && Number.isFinite(c.changePercent) ? ` (${percentText(c.changePercent)})` : '';
  return `${figureText(c.metric, c.before)} → ${after}${percent}`;
}

function who(p: PlacementDiff, withFile: boolean): string {
  return `${p.deployment} / ${p.placement}${withFile ? ` (${p.file})` : ''}`;
}

function manyFiles(diff: SizingDiff): boolean {
  return new Set(diff.placements.map((p) => p.file)).size > 1;
}

function crossingText(c: Crossing): string {
  const metric = c.threshold.metric;
  const before = DIFF_METRICS[metric].format(c.before);
  const after = DIFF_METRICS[metric].format(c.after);
  const percent =
    Number.isFinite(c.before) && c.before !== 0 && Number.isFinite(c.after)
      ? ` (${percentText(((c.after - c.before) / Math.abs(c.before)) * 100)})`
      : '';
  const label = metricLabel(metric, c.placement.after!.percentile);
  return `${label} ${before} → ${after}${percent} crosses ${c.threshold.spec}`;
}

function snapshotLine(s: PlacementSnapshot): string {
  const f = s.figures;
  const latency = (m: 'ttft' | 'tpot') => `${metricLabel(m, s.percentile)} ${figureText(m, f[m])}`;
  return [
    s.verdict,
    s.hardware,
    figureText('memory', f.memory),
    latency('ttft'),
    latency('tpot'),
    figureText('cost', f.cost),
  ].join(' · ');
}

function shownFigures(p: PlacementDiff): FigureChange[] {
  return p.figures.filter((c) => c.visible);
}

/** What changed in one placement, one figure per line (text output). */
function placementTextLines(p: PlacementDiff, withFile: boolean, tag: string): string[] {
  const lines = [`${tag.padEnd(12)} ${who(p, withFile)}`];
  if (!p.before || !p.after) {
    lines.push(`             ${snapshotLine((p.after ?? p.before)!)}`);
    return lines;
  }
  if (p.before.verdict !== p.after.verdict) lines.push(`             verdict ${p.before.verdict} → ${p.after.verdict}`);
  if (p.before.hardware !== p.after.hardware)
    lines.push(`             hardware ${p.before.hardware} → ${p.after.hardware}`);
  for (const c of shownFigures(p)) {
    const band = bandText(c.metric, c.after);
    lines.push(
      `             ${metricLabel(c.metric, p.after.percentile)} ${changeText(c)}${band ? `  band ${band}` : ''}`,
    );
  }
  if (p.after.verdict === 'fail') for (const r of p.after.reasons) lines.push(`             because: ${r}`);
  return lines;
}

/** The diff for a terminal: the summary, then what got worse, better, changed, added and removed. */
export function diffText(diff: SizingDiff, summary: DiffSummary): string {
  const withFile = manyFiles(diff);
  const lines = [`llm-sizing diff: ${summaryLine(summary)}`];
  for (const c of summary.crossings) lines.push(`THRESHOLD    ${who(c.placement, withFile)}: ${crossingText(c)}`);
  const groups: Array<[string, PlacementDiff[]]> = [
    ['NOW FAILING', summary.newlyFailing],
    ['NOW PASSING', summary.newlyPassing],
    ['CHANGED', summary.changed],
    ['ADDED', summary.added],
    ['REMOVED', summary.removed],
  ];
  for (const [tag, list] of groups) for (const p of list) lines.push(...placementTextLines(p, withFile, tag));
  for (const d of diff.deployments) {
    if (d.status !== 'kept')
      lines.push(`${`DEPLOYMENT ${d.status.toUpperCase()}`.padEnd(12)} ${d.deployment} (${d.file})`);
    else if (d.recommendedBefore !== d.recommendedAfter)
      lines.push(`★ MOVED      ${d.deployment}: ${d.recommendedBefore ?? 'none'} → ${d.recommendedAfter ?? 'none'}`);
  }
  return `${lines.join('\n')}\n`;
}

function code(text: string): string {
  return `**${escapeMarkdown(text)}**`;
}

function bulletFor(p: PlacementDiff, withFile: boolean): string {
  const where = `${escapeMarkdown(p.deployment)} / ${code(p.placement)}${withFile ? ` (${escapeMarkdown(p.file)})` : ''}`;
  const changes = shownFigures(p)
    .filter((c) => c.worse)
    .map((c) => `${metricLabel(c.metric, p.after!.percentile)} ${changeText(c)}`);
  const reasons = p.after?.verdict === 'fail' ? p.after.reasons.map((r) => escapeMarkdown(r)) : [];
  const detail = [...reasons, ...changes].join('; ');
  return `- ${where}${detail ? `: ${detail}` : ''}`;
}

function tableRow(p: PlacementDiff, withFile: boolean): string {
  const name = `${escapeCell(p.deployment)} / ${escapeCell(p.placement)}${withFile ? ` (${escapeCell(p.file)})` : ''}`;
  if (!p.before || !p.after) {
    const s = (p.after ?? p.before)!;
    const cells = DIFF_METRIC_NAMES.map((m) => figureText(m, s.figures[m]));
    return `| ${name} | ${p.status}: ${s.verdict} | ${cells.join(' | ')} |`;
  }
  const verdict =
    p.before.verdict === p.after.verdict ? p.after.verdict : `${p.before.verdict} → **${p.after.verdict}**`;
  const cells = p.figures.map((c) => {
    const text = changeText(c);
    const pct = c.metric === 'ttft' || c.metric === 'tpot' ? `${formatPercentile(p.after!.percentile)} ` : '';
    return c.worse ? `${pct}**${text}**` : `${pct}${text}`;
  });
  return `| ${name} | ${verdict} | ${cells.join(' | ')} |`;
}

function bandsMarkdown(p: PlacementDiff): string[] {
  const lines: string[] = [];
  for (const c of p.figures) {
    const before = bandText(c.metric, c.before);
    const after = bandText(c.metric, c.after);
    if (c.visible && (before || after))
      lines.push(
        `- ${escapeMarkdown(p.deployment)} / ${escapeMarkdown(p.placement)}: ${metricLabel(c.metric, p.after!.percentile)} band ${before || '—'} → ${after || '—'}`,
      );
  }
  return lines;
}

/**
 * The pull-request comment: marker, summary line, what got worse in the open, then a folded
 * table of every changed, added or removed placement with before → after, and the bands.
 */
export function diffMarkdown(diff: SizingDiff, summary: DiffSummary): string {
  const withFile = manyFiles(diff);
  const lines = [DIFF_COMMENT_MARKER, `### LLM sizing: ${summaryLine(summary)}`, ''];
  if (summary.newlyFailing.length) {
    lines.push('**Now failing**', '', ...summary.newlyFailing.map((p) => bulletFor(p, withFile)), '');
  }
  if (summary.crossings.length) {
    lines.push(
      '**Thresholds crossed**',
      '',
      ...summary.crossings.map(
        (c) =>
          `- ${escapeMarkdown(c.placement.deployment)} / ${code(c.placement.placement)}: ${escapeMarkdown(crossingText(c))}`,
      ),
      '',
    );
  }
  if (summary.newlyPassing.length)
    lines.push('**Now passing**', '', ...summary.newlyPassing.map((p) => bulletFor(p, withFile)), '');
  const rows = [
    ...summary.newlyFailing,
    ...summary.newlyPassing,
    ...summary.changed,
    ...summary.added,
    ...summary.removed,
  ];
  const moved = diff.deployments.filter((d) => d.status !== 'kept' || d.recommendedBefore !== d.recommendedAfter);
  if (rows.length || moved.length) {
    lines.push(`<details><summary>${rows.length} placement${rows.length === 1 ? '' : 's'} in detail</summary>`, '');
    if (rows.length) {
      const header = ['Placement', 'Verdict', ...DIFF_METRIC_NAMES.map((m) => DIFF_METRICS[m].label)];
      lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`);
      lines.push(...rows.map((p) => tableRow(p, withFile)), '');
      lines.push('TTFT and TPOT at each deployment’s SLO percentile; **bold**: worse.', '');
      const bands = rows.flatMap(bandsMarkdown);
      if (bands.length) lines.push('Uncertainty bands (before → after):', '', ...bands, '');
    }
    for (const d of moved) {
      if (d.status !== 'kept') lines.push(`- Deployment ${escapeMarkdown(d.deployment)} ${d.status}.`);
      else
        lines.push(
          `- ${escapeMarkdown(d.deployment)}: ★ ${escapeMarkdown(d.recommendedBefore ?? 'none')} → ${escapeMarkdown(d.recommendedAfter ?? 'none')}`,
        );
    }
    if (moved.length) lines.push('');
    lines.push('</details>', '');
  }
  return lines.join('\n');
}

/** The diff as JSON for scripts: summary counts, crossings and every placement's figures. */
export function diffJson(diff: SizingDiff, summary: DiffSummary): object {
  const name = (p: PlacementDiff) => ({ file: p.file, deployment: p.deployment, placement: p.placement });
  return {
    worse: summary.worse,
    summary: {
      line: summaryLine(summary),
      newlyFailing: summary.newlyFailing.length,
      newlyPassing: summary.newlyPassing.length,
      changed: summary.changed.length,
      added: summary.added.length,
      removed: summary.removed.length,
      unchanged: summary.unchanged,
    },
    crossings: summary.crossings.map((c) => ({
      ...name(c.placement),
      threshold: c.threshold.spec,
      metric: c.threshold.metric,
      before: c.before,
      after: c.after,
    })),
    placements: diff.placements.map((p) => ({
      ...name(p),
      status: p.status,
      ...(p.newlyFailing !== undefined ? { newlyFailing: p.newlyFailing } : {}),
      ...(p.before ? { before: p.before } : {}),
      ...(p.after ? { after: p.after } : {}),
      changes: p.figures
        .filter((c) => c.visible)
        .map((c) => ({
          metric: c.metric,
          unit: DIFF_METRICS[c.metric].unit,
          before: c.before.value,
          after: c.after.value,
          change: c.change,
          ...(c.changePercent !== undefined ? { changePercent: c.changePercent } : {}),
          worse: c.worse,
        })),
    })),
    deployments: diff.deployments,
  };
}
