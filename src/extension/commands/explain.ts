/**
 * Explain Estimate: every formula, constant and assumption behind one placement's numbers, as a
 * Markdown document.
 */
import * as vscode from 'vscode';
import type { PlacementReport } from '../../core/report/types';
import { escapeMarkdown as md } from '../../core/report/markdown';
import { placementMarkdown } from '../placementHover';
import type { CommandContext } from './context';
import { activeEstimate, pickPlacement } from './active';

const number = (v: number | string) =>
  typeof v === 'number'
    ? Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0)
      ? v.toExponential(3)
      : Number(v.toPrecision(6)).toString()
    : v;

/** The Markdown explanation of a placement (names and cost items escaped: they come from the file). */
export function explainMarkdown(deploymentName: string, p: PlacementReport): string {
  const lines = [
    `# Explain: ${md(p.name)} (${md(deploymentName)})`,
    '',
    placementMarkdown(p, false),
    '',
    '## Formulas and constants',
    '',
  ];
  for (const e of p.explain ?? []) {
    lines.push(`### ${e.quantity} = ${number(e.value)} ${e.unit}`, '', `\`${e.formula}\``, '');
    if (e.constants.length) {
      lines.push(
        '| constant | value | source |',
        '|---|---|---|',
        ...e.constants.map((c) => `| ${md(c.name)} | ${md(String(number(c.value)))} | ${md(c.source)} |`),
        '',
      );
    }
  }
  if (!p.explain?.length) lines.push('_No formula trace: the placement could not be estimated (see its reasons)._', '');
  lines.push(
    '## Cost',
    '',
    '| item | $/month |',
    '|---|---:|',
    ...p.cost.breakdown.map((b) => `| ${md(b.item)} | ${b.monthlyUsd.toFixed(2)} |`),
    '',
    ...(p.cost.includes ? [`Includes: ${md(p.cost.includes)}.`, ''] : []),
  );
  return lines.join('\n');
}

export async function explainEstimate(
  ctx: CommandContext,
  uri?: vscode.Uri,
  deployment?: string,
  placement?: string,
): Promise<vscode.TextDocument | undefined> {
  const active = await activeEstimate(ctx, uri);
  if (!active) return undefined;
  const target =
    deployment && placement ? { deployment, placement } : await pickPlacement(active, 'Explain which placement?');
  if (!target) return undefined;
  const report = active.estimate.documents.map((d) => d.report).find((r) => r.name === target.deployment);
  const p = report?.placements.find((x) => x.name === target.placement);
  if (!report || !p) return undefined;
  const document = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: explainMarkdown(report.name, p),
  });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri).then(undefined, async () => {
    await vscode.window.showTextDocument(document);
  });
  return document;
}
