/**
 * Recommend Hardware: the cheapest passing configurations of a deployment in a quick pick; the
 * chosen one is appended to the deployment's `placements` as an undoable edit.
 */
import * as vscode from 'vscode';
import { isSeq, type Node } from 'yaml';
import { recommend, type Recommendation } from '../../core/placements';
import { locate } from '../../core/parse/paths';
import { formatKw, formatMs, formatUsdCompact, formatUsdPerMillion } from '../../core/report/format';
import type { CommandContext } from './context';
import { activeEstimate } from './active';

/** The edit that appends `snippet` (a `- name:` list item at column 0) to a block `placements` list. */
function appendPlacementEdit(
  document: vscode.TextDocument,
  placements: Node,
  snippet: string,
): vscode.TextEdit | undefined {
  if (!isSeq(placements) || placements.flow || !placements.range || placements.items.length === 0) return undefined;
  const first = placements.items[0] as Node;
  const text = document.getText();
  const dash = text.lastIndexOf('-', first.range?.[0] ?? placements.range[0]);
  const lineStart = text.lastIndexOf('\n', dash - 1) + 1;
  const indent = ' '.repeat(Math.max(0, dash - lineStart));
  const end = placements.range[1];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = snippet
    .split('\n')
    .map((line) => indent + line)
    .join(eol);
  return vscode.TextEdit.insert(document.positionAt(end), `${eol}${eol}${body}`);
}

/**
 * @param choice index into the recommendations to apply without asking (automation and tests);
 *   the quick pick is shown when absent.
 */
export async function recommendHardware(
  ctx: CommandContext,
  uri?: vscode.Uri,
  choice?: number,
): Promise<Recommendation | undefined> {
  const active = await activeEstimate(ctx, uri);
  if (!active) return undefined;
  const state = ctx.validator.stateOf(active.document) ?? ctx.validator.validate(active.document);
  const docs = state?.result.documents.filter((d) => d.deployment) ?? [];
  let target = docs[0];
  if (docs.length > 1) {
    const picked = await vscode.window.showQuickPick(
      docs.map((d) => ({ label: d.deployment!.name, description: `document ${d.index + 1}`, d })),
      { title: 'Recommend hardware for which deployment?' },
    );
    if (!picked) return undefined;
    target = picked.d;
  }
  if (!target?.deployment) return undefined;
  const deployment = target.deployment;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Searching the catalog for ${deployment.name}…` },
    async () => recommend(deployment, { limit: 8 }),
  );
  if (result.recommendations.length === 0) {
    void vscode.window.showWarningMessage(
      `No configuration in the catalog meets ${deployment.name}'s objectives and constraints (${result.evaluated} evaluated). ${result.notes.join(' ')}`,
    );
    return undefined;
  }
  const items = result.recommendations.map((r) => ({
    label: `${formatUsdCompact(r.monthlyUsd)}/mo · ${r.type} · ${r.gpus}× ${r.hardwareName}`,
    description: `${r.weights} on ${r.engine}${r.disaggregation ? `, disaggregated ${r.disaggregation.layout} (${r.disaggregation.gain})` : ''}${r.tensor > 1 ? `, tensor ${r.tensor}` : ''}${r.pipeline > 1 ? `, pipeline ${r.pipeline}` : ''}`,
    detail: `TTFT p95 ${formatMs(r.ttftP95Ms)} · TPOT p95 ${formatMs(r.tpotP95Ms)} · ${formatUsdPerMillion(r.usdPerMillionOutputTokens)} per M tokens · ${formatKw(r.averageKw)} · ${r.priceNote}${r.calibrated ? '' : ' · no measurement calibrates this device with this engine'}`,
    r,
  }));
  const picked =
    choice !== undefined
      ? items[choice]
      : await vscode.window.showQuickPick(items, {
          title: `Cheapest passing configurations for ${deployment.name} (${result.passing} of ${result.evaluated} evaluated pass) — pick one to add it as a placement`,
          matchOnDetail: true,
        });
  if (!picked) return undefined;
  const placements = locate(target.yaml, ['placements'])?.node;
  const edit = placements && appendPlacementEdit(active.document, placements, picked.r.snippet);
  if (!edit) {
    await vscode.env.clipboard.writeText(picked.r.snippet);
    void vscode.window.showInformationMessage(
      'The placements list is written inline; the placement was copied to the clipboard instead.',
    );
    return picked.r;
  }
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.set(active.document.uri, [edit]);
  await vscode.workspace.applyEdit(workspaceEdit);
  return picked.r;
}
