/**
 * Plain-text output: diagnostics as `path:line:column: severity CODE message`, then one
 * comparison table per deployment (placements as columns), failing reasons and the recommendation.
 */
import type { DeploymentReport, FileReport } from '../../core/report/types';
import { formatDiagnosticLine } from '../diagnosticsOutput';
import { comparisonRows, workloadLine } from './table';

/** Lays out rows as aligned columns. */
export function alignedTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

export function deploymentText(d: DeploymentReport): string {
  const out: string[] = [`${d.name} — ${workloadLine(d)}`];
  if (d.description) out.push(d.description);
  out.push('');
  if (!d.placements.length) return [...out, '(no placements could be estimated)', ''].join('\n');
  const rows = comparisonRows(d).map((r) => [r.label, ...r.cells]);
  out.push(alignedTable(['', ...d.placements.map((p) => p.name)], rows));
  const failing = d.placements.filter((p) => p.verdict === 'fail');
  if (failing.length) {
    out.push('', 'Failing:');
    for (const p of failing) for (const r of p.reasons) out.push(`  ${p.name}: ${r}`);
  }
  out.push('', d.recommended ? `★ Recommended: ${d.recommended} (the cheapest placement that passes)` : 'No placement passes every check.');
  return [...out, ''].join('\n');
}

/** A file's diagnostics and comparisons. */
export function fileText(file: FileReport): string {
  const out: string[] = [];
  for (const d of file.diagnostics) out.push(formatDiagnosticLine(file.path, d));
  if (out.length) out.push('');
  if (!file.deployments.length) out.push(`${file.path}: no deployment could be estimated`, '');
  for (const d of file.deployments) out.push(deploymentText(d));
  return out.join('\n');
}

/** `check`'s closing line for a file: "examples/x.yaml: 3 of 4 placements pass". */
export function checkSummary(file: FileReport): string {
  const all = file.deployments.flatMap((d) => d.placements);
  const pass = all.filter((p) => p.verdict === 'pass').length;
  const failing = all.filter((p) => p.verdict === 'fail').map((p) => p.name);
  return `${file.path}: ${pass} of ${all.length} placement${all.length === 1 ? '' : 's'} pass${failing.length ? ` (failing: ${failing.join(', ')})` : ''}`;
}
