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
    `${r.gpus}${r.tensor > 1 ? ` (tp${r.tensor})` : r.pipeline > 1 ? ` (pp${r.pipeline})` : ''}`,
    `${r.engine} · ${r.weights}`,
    formatUsdCompact(r.monthlyUsd),
    formatUsdPerMillion(r.usdPerMillionOutputTokens),
    formatMs(r.ttftP95Ms),
    formatMs(r.tpotP95Ms),
  ]);
}

const HEADER = ['#', 'type', 'hardware', 'gpus', 'engine · weights', 'cost/month', '$/M tok', 'TTFT p95', 'TPOT p95'];

function summary(d: RecommendedDeployment): string {
  return `${d.candidates} configurations in the catalog search, ${d.evaluated} estimated, ${d.passing} pass`;
}

export function recommendationsText(file: RecommendedFile): string {
  const out: string[] = file.diagnostics.map((d) => formatDiagnosticLine(file.path, d));
  if (out.length) out.push('');
  for (const d of file.deployments) {
    out.push(`${d.name} — cheapest configurations that pass (monthly cost vs TTFT p95): ${summary(d)}`, '');
    if (!d.recommendations.length) out.push('No catalog configuration passes every check.');
    else {
      out.push(alignedTable(HEADER, rows(d)), '');
      d.recommendations.forEach((r, i) => out.push(`${i + 1}) ${r.priceNote}`, ...r.snippet.split('\n').map((l) => `    ${l}`), ''));
    }
    for (const n of d.notes) out.push(`note: ${n}`);
    out.push('');
  }
  if (!file.deployments.length) out.push(`${file.path}: no deployment to search for`, '');
  return out.join('\n');
}

export function recommendationsMarkdown(file: RecommendedFile): string {
  const out = [`## ${escapeCell(file.path)} — recommendations`, ''];
  for (const d of file.deployments) {
    out.push(`### ${escapeCell(d.name)}`, '', `${summary(d)}.`, '');
    if (!d.recommendations.length) out.push('_No catalog configuration passes every check._', '');
    else {
      out.push(`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`);
      for (const r of rows(d)) out.push(`| ${r.map(escapeCell).join(' | ')} |`);
      out.push('');
      d.recommendations.forEach((r, i) => out.push(`${i + 1}. ${escapeCell(r.priceNote)}`, '', '```yaml', r.snippet, '```', ''));
    }
    for (const n of d.notes) out.push(`> ${n}`);
    out.push('');
  }
  return out.join('\n');
}
