/**
 * Commands that edit the user's file — only on explicit request, as undoable edits — or open new
 * untitled documents.
 */
import * as vscode from 'vscode';
import { NEW_DEPLOYMENT_TEMPLATE } from '../../core/templates';
import { locate } from '../../core/parse/paths';
import type { CommandContext } from './context';
import { activeEstimate } from './active';

/** Replaces `auto` (or any range) with a GPU count. */
export async function setGpus(uri: vscode.Uri, range: vscode.Range, count: number): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, range, String(count));
  return vscode.workspace.applyEdit(edit);
}

/** Opens a new untitled deployment file from the template. */
export async function newDeploymentFile(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: NEW_DEPLOYMENT_TEMPLATE });
  return vscode.window.showTextDocument(document);
}

/**
 * Where a document is already open (a visible editor, else a tab), so revealing it does not open a
 * second editor over the comparison panel; the first column when it is open nowhere.
 */
function columnOf(uri: vscode.Uri): vscode.ViewColumn {
  const key = uri.toString();
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
  if (visible?.viewColumn) return visible.viewColumn;
  for (const group of vscode.window.tabGroups.all) {
    if (group.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key)) return group.viewColumn;
  }
  return vscode.ViewColumn.One;
}

/** Reveals a placement's YAML node. */
export async function revealPlacement(ctx: CommandContext, uri: vscode.Uri, deploymentName: string, placementName: string): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(uri);
  const state = ctx.validator.current(document);
  if (!state) return false;
  for (const doc of state.result.documents) {
    const data = doc.yaml.toJS({ maxAliasCount: 100 }) as { name?: unknown; placements?: Array<{ name?: unknown }> } | null;
    if (!data || data.name !== deploymentName || !Array.isArray(data.placements)) continue;
    const index = data.placements.findIndex((p) => p && p.name === placementName);
    const node = index >= 0 ? locate(doc.yaml, ['placements', index, 'name'])?.node : undefined;
    if (!node?.range) continue;
    const range = new vscode.Range(document.positionAt(node.range[0]), document.positionAt(node.range[1]));
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, selection: range, viewColumn: columnOf(document.uri) });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }
  return false;
}

/** Re-validates and re-estimates the active file. */
export async function reestimate(ctx: CommandContext): Promise<void> {
  const active = await activeEstimate(ctx);
  if (!active) return;
  ctx.validator.validate(active.document);
  ctx.estimates.estimate(active.document);
}
