/**
 * The comparison as GitHub-flavoured Markdown, for decision documents: the webview's "Copy as
 * Markdown", the extension's sizing report and the CLI's markdown output all use it. Built from
 * the same rows as the webview's HTML table (`rows.ts`).
 */
import { showInvisible } from './visible';
import type { DeploymentReport } from './types';
import { comparisonRows, workloadSummary } from './rows';

/**
 * Escapes text that may come from the user's file (names, descriptions, messages quoting them)
 * for inline Markdown, so it shows as written and can never become markup: brackets (no links or
 * images — an image would make the Markdown preview or a hover fetch its URL), angle brackets (no
 * HTML, no autolinks), backslashes, backticks, `*`, `~`, pipes (no table cells) and word-edge
 * underscores (`q4_k_m` stays readable). Whitespace runs with a line break fold to one space.
 * Linear in the text (no backtracking regex).
 */
export function escapeMarkdown(text: string): string {
  return showInvisible(text)
    .replace(/\s+/g, (ws) => (/[\r\n]/.test(ws) ? ' ' : ws))
    .replace(/[\\`*~[\]<>|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`);
}

/** Escapes a table cell: markup as in `escapeMarkdown`, pipes would split the cell, newlines end the row. */
export function escapeCell(text: string): string {
  return escapeMarkdown(text).trim();
}

/**
 * One deployment: heading, workload line, then metrics as rows and placements as columns.
 * `level` is the heading level (3 under a file's `##`, 2 directly under the document's `#`).
 */
export function deploymentMarkdown(d: DeploymentReport, level = 3): string {
  const lines = [`${'#'.repeat(level)} ${escapeCell(d.name)} — ${escapeCell(d.model)}`, '', workloadSummary(d), ''];
  if (d.placements.length === 0) return [...lines, '_No placements._', ''].join('\n');
  const header = ['Metric', ...d.placements.map((p) => (p.name === d.recommended ? `${p.name} ★` : p.name))];
  lines.push(`| ${header.map(escapeCell).join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`);
  for (const row of comparisonRows(d)) {
    lines.push(`| ${[row.label, ...row.cells.map((c) => c.text)].map(escapeCell).join(' | ')} |`);
  }
  if (d.recommended) lines.push('', `★ recommended: ${escapeCell(d.recommended)} (cheapest placement that passes).`);
  const other = d.cheapestWithOtherModel;
  if (other)
    lines.push(
      '',
      `Cheapest with another model: ${escapeCell(other.name)} (${escapeCell(other.model)}) — a different product, never ★.`,
    );
  return [...lines, ''].join('\n');
}

/**
 * The whole file's comparison, one section per deployment: a document of its own (pasted into
 * decision documents), so it starts with one `#` heading and keeps the heading order.
 */
export function comparisonMarkdown(filePath: string, deployments: DeploymentReport[]): string {
  const head = `# Placement comparison — ${escapeCell(filePath)}\n`;
  if (deployments.length === 0) return `${head}\n_No deployments._\n`;
  return [head, ...deployments.map((d) => deploymentMarkdown(d, 2))].join('\n');
}
