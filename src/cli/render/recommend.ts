/**
 * Renders `recommend` results: a ranked table (cost ascending, each next row faster) and the
 * placement snippets to paste under `placements:`.
 */
import type { RecommendResult } from '../../core/placements';
import type { FileReport } from '../../core/report/types';
import { formatDiagnosticLine } from '../diagnosticsOutput';
import { formatMs, formatUsdCompact, formatUsdPerMillion } from '../../core/report/format';
import { escapeCell } from '../../core/report/markdown';
import { alignedTable } from './text';
import { oneLine } from '../terminal';

export interface RecommendedDeployment extends RecommendResult {
  name: string;
}

export interface RecommendedFile {
  path: string;
  diagnostics: FileReport['diagnostics'];
  deployments: RecommendedDeployment[];
}

function rows(d: RecommendedDeployment): string[][] {
  return d.recommendations.map((r, i) => [
    String(i + 1),
    r.type,
    r.hardware,
    `${r.gpus}${r.disaggregation ? ` (${r.disaggregation.layout})` : r.tensor > 1 ? ` (tp${r.tensor}${r.decodeContext ? `·dcp${r.decodeContext}` : ''})` : r.pipeline > 1 ? ` (pp${r.pipeline})` : ''}`,
    `${r.engine} · ${r.weights}`,
    formatUsdCompact(r.monthlyUsd),
    formatUsdPerMillion(r.usdPerMillionOutputTokens),
    formatMs(r.ttftAtSloMs),
    formatMs(r.tpotAtSloMs),
    r.priceConfidence,
    r.calibrated ? 'yes' : 'no',
  ]);
}

/** The SLO's percentile of a deployment's recommendations (95 when there are none). */
function percentileOf(d: RecommendedDeployment): number {
  return d.recommendations[0]?.percentile ?? 95;
}

function header(d: RecommendedDeployment): string[] {
  const p = percentileOf(d);
  return [
    '#',
    'type',
    'hardware',
    'gpus',
    'engine · weights',
    'cost/month',
    '$/M tok',
    `TTFT p${p}`,
    `TPOT p${p}`,
    'price conf.',
    'calibrated',
  ];
}

/** A line the snippet generator writes: `- name: …` first, two-space indented keys, a disaggregated layout's roles. */
const SNIPPET_LINE = /^(?:- [A-Za-z]+:| {2}[A-Za-z]+:| {4}(?:prefill|decode):)/;

/**
 * The lines of a placement snippet. It is YAML, so its line breaks are meant; but it echoes the
 * deployment's `dataResidency` (as `location:`), and a line break in that value would start a
 * line of its own in the output. Such continuations are folded back onto their line.
 */
function snippetLines(snippet: string): string[] {
  const lines: string[] = [];
  for (const line of snippet.split('\n')) {
    if (lines.length && !SNIPPET_LINE.test(line)) lines[lines.length - 1] += ` ${line}`;
    else lines.push(line);
  }
  return lines.map(oneLine);
}

function summary(d: RecommendedDeployment): string {
  return `${d.candidates} configurations in the catalog search, ${d.evaluated} estimated, ${d.passing} pass`;
}

/** How the rows are ranked, under the table. */
const RANKING_NOTE =
  'ranked by monthly cost, +10% for a low-confidence price and +10% for a device/engine pair no published measurement calibrates';

/** One file's recommendations as plain text; file strings (names, notes) printed as one line each. */
export function recommendationsText(file: RecommendedFile): string {
  const out: string[] = file.diagnostics.map((d) => formatDiagnosticLine(file.path, d));
  if (out.length) out.push('');
  for (const d of file.deployments) {
    out.push(
      `${oneLine(d.name)} — cheapest configurations that pass (monthly cost vs TTFT p${percentileOf(d)}): ${summary(d)}`,
      '',
    );
    if (!d.recommendations.length) out.push('No catalog configuration passes every check.');
    else {
      out.push(alignedTable(header(d), rows(d)), '');
      d.recommendations.forEach((r, i) =>
        out.push(`${i + 1}) ${oneLine(r.priceNote)}`, ...snippetLines(r.snippet).map((l) => `    ${l}`), ''),
      );
    }
    if (d.recommendations.length) out.push(`note: ${RANKING_NOTE}`);
    for (const n of d.notes) out.push(`note: ${oneLine(n)}`);
    out.push('');
  }
  if (!file.deployments.length) out.push(`${oneLine(file.path)}: no deployment to search for`, '');
  return out.join('\n');
}

/** One file's recommendations as Markdown; file strings escaped as table cells or folded to one line. */
export function recommendationsMarkdown(file: RecommendedFile): string {
  const out = [`## ${escapeCell(file.path)} — recommendations`, ''];
  for (const d of file.deployments) {
    out.push(`### ${escapeCell(d.name)}`, '', `${summary(d)}.`, '');
    if (!d.recommendations.length) out.push('_No catalog configuration passes every check._', '');
    else {
      out.push(
        `| ${header(d).join(' | ')} |`,
        `| ${header(d)
          .map(() => '---')
          .join(' | ')} |`,
      );
      for (const r of rows(d)) out.push(`| ${r.map(escapeCell).join(' | ')} |`);
      out.push('');
      d.recommendations.forEach((r, i) =>
        out.push(`${i + 1}. ${escapeCell(r.priceNote)}`, '', '```yaml', ...snippetLines(r.snippet), '```', ''),
      );
    }
    if (d.recommendations.length) out.push(`> ${RANKING_NOTE}`);
    for (const n of d.notes) out.push(`> ${oneLine(n)}`);
    out.push('');
  }
  return out.join('\n');
}
