/**
 * Plain-text output: diagnostics as `path:line:column: severity CODE message`, then one
 * comparison table per deployment (placements as columns), failing reasons and the recommendation.
 */
import type { DeploymentReport, FileReport } from '../../core/report/types';
import { formatDiagnosticLine } from '../diagnosticsOutput';
import { comparisonRows, workloadLine } from './table';
import { oneLine } from '../terminal';
import { latencySparklines, type Glyphs } from './sparkline';

/**
 * Lays out rows as aligned columns. Cells hold placement names and other file strings: each is
 * folded to one line first, so a newline cannot break the table (or start a CI log line).
 */
export function alignedTable(headerCells: string[], rowCells: string[][]): string {
  const header = headerCells.map(oneLine);
  const rows = rowCells.map((r) => r.map(oneLine));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * One deployment: heading, description, comparison table, latency-vs-load sparklines (when
 * `pictures` says how to draw them), failing reasons, recommendation.
 */
function deploymentText(d: DeploymentReport, pictures?: Glyphs): string {
  const out: string[] = [`${oneLine(d.name)} — ${oneLine(workloadLine(d))}`];
  if (d.description) out.push(oneLine(d.description));
  out.push('');
  if (!d.placements.length) return [...out, '(no placements could be estimated)', ''].join('\n');
  const rows = comparisonRows(d).map((r) => [r.label, ...r.cells]);
  out.push(alignedTable(['', ...d.placements.map((p) => p.name)], rows));
  const sparklines = pictures ? latencySparklines(d, pictures) : [];
  if (sparklines.length) out.push('', ...sparklines);
  const includes = d.placements.filter((p) => p.cost.includes);
  if (includes.length) {
    out.push('', 'Cost includes:');
    for (const p of includes) out.push(`  ${oneLine(p.name)}: ${oneLine(p.cost.includes!)}`);
  }
  const failing = d.placements.filter((p) => p.verdict === 'fail');
  if (failing.length) {
    out.push('', 'Failing:');
    for (const p of failing) for (const r of p.reasons) out.push(`  ${oneLine(p.name)}: ${oneLine(r)}`);
  }
  // A manifest's workloads are not candidates to choose between: no recommendation line.
  if (!d.placements.some((p) => p.manifest)) {
    out.push(
      '',
      d.recommended
        ? `★ Recommended: ${oneLine(d.recommended)} (the cheapest placement that passes)`
        : noRecommendation(d),
    );
    const other = d.cheapestWithOtherModel;
    if (other)
      out.push(
        `  Cheapest with another model: ${oneLine(other.name)} (${oneLine(other.model)}) — a different product, never ★`,
      );
  } else out.push('', ...d.placements.map((p) => oneLine(p.manifest!.headline)));
  return [...out, ''].join('\n');
}

/** Why there is no ★: nothing passes, or only placements that serve another model do. */
function noRecommendation(d: DeploymentReport): string {
  return d.cheapestWithOtherModel
    ? `No placement serving ${oneLine(d.model)} passes every check.`
    : 'No placement passes every check.';
}

/** A file's diagnostics and comparisons; `pictures`: draw latency-vs-load sparklines with these glyphs. */
export function fileText(file: FileReport, pictures?: Glyphs): string {
  const out: string[] = [];
  for (const d of file.diagnostics) out.push(formatDiagnosticLine(file.path, d));
  if (out.length) out.push('');
  if (!file.deployments.length) out.push(`${oneLine(file.path)}: no deployment could be estimated`, '');
  for (const d of file.deployments) out.push(deploymentText(d, pictures));
  return out.join('\n');
}

/** `check`'s closing line for a file: "examples/x.yaml: 3 of 4 placements pass". */
export function checkSummary(file: FileReport): string {
  const all = file.deployments.flatMap((d) => d.placements);
  const pass = all.filter((p) => p.verdict === 'pass').length;
  const failing = all.filter((p) => p.verdict === 'fail').map((p) => oneLine(p.name));
  return `${oneLine(file.path)}: ${pass} of ${all.length} placement${all.length === 1 ? '' : 's'} pass${failing.length ? ` (failing: ${failing.join(', ')})` : ''}`;
}
