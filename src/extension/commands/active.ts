/**
 * Finding the deployment file a command acts on: the given URI, else the active editor.
 */
import * as vscode from 'vscode';
import type { ActiveEstimate, CommandContext } from './context';

/** Opens (if needed) the document and returns a current estimate, or tells the user why not. */
export async function activeEstimate(ctx: CommandContext, uri?: vscode.Uri): Promise<ActiveEstimate | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Open a deployment file (apiVersion: llm-sizing/v1) first.');
    return undefined;
  }
  let estimate = ctx.estimates.get(document);
  if (!estimate || estimate.version !== document.version) estimate = ctx.estimates.estimate(document);
  if (!estimate) {
    void vscode.window.showInformationMessage(
      `${vscode.workspace.asRelativePath(document.uri)} is not a deployment file (no \`apiVersion: llm-sizing/v1\` / \`kind: Deployment\`).`,
    );
    return undefined;
  }
  if (estimate.documents.length === 0) {
    void vscode.window.showWarningMessage(
      'No deployment in this file can be estimated yet: fix the errors shown in Problems first.',
    );
    return undefined;
  }
  return { document, estimate };
}

/** Lets the user pick one placement of the file (skipped when there is only one). */
export async function pickPlacement(
  active: ActiveEstimate,
  title: string,
): Promise<{ deployment: string; placement: string } | undefined> {
  const items = active.estimate.documents.flatMap((d) =>
    d.report.placements.map((p) => ({
      label: `${p.verdict === 'pass' ? '$(pass)' : '$(error)'} ${p.name}`,
      description: `${d.report.name} · ${p.type} · ${p.devices}× ${p.hardware}`,
      detail: p.verdict === 'pass' ? undefined : p.reasons.join('; '),
      value: { deployment: d.report.name, placement: p.name },
    })),
  );
  if (items.length <= 1) return items[0]?.value;
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
  return picked?.value;
}
