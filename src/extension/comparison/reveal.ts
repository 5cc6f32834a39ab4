/**
 * Revealing a placement's YAML: the ready-made `reveal` callback for the panel and the sidebar.
 * Uses the report's `location` when the estimator gives one, else finds the placement's
 * `name:` line, so it works before locations are filled in.
 */
import * as vscode from 'vscode';
import type { DeploymentReport } from '../../core/report/types';

/** The callback the panel and sidebar call to show a placement: (file, deployment, placement). */
export type RevealPlacement = (uri: vscode.Uri, deployment: string, placement: string) => void | Thenable<void>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The placement's range in the document, from its report location or its `name:` line. */
export function placementRange(document: vscode.TextDocument, reports: DeploymentReport[], deployment: string, placement: string): vscode.Range | undefined {
  const loc = reports.find((d) => d.name === deployment)?.placements.find((p) => p.name === placement)?.location;
  if (loc) return new vscode.Range(loc.line - 1, loc.column - 1, loc.endLine - 1, loc.endColumn - 1);
  // Placement names repeat across deployments: search from the deployment's own name line.
  const from = findNameLine(document, deployment, 0) ?? 0;
  const line = findNameLine(document, placement, from + 1) ?? findNameLine(document, placement, 0);
  if (line === undefined) return undefined;
  const text = document.lineAt(line).text;
  return new vscode.Range(line, text.search(/\S/), line, text.length);
}

function findNameLine(document: vscode.TextDocument, name: string, from: number): number | undefined {
  const pattern = new RegExp(`^\\s*-?\\s*name:\\s*["']?${escapeRegExp(name)}["']?\\s*(#.*)?$`);
  for (let line = from; line < document.lineCount; line++) if (pattern.test(document.lineAt(line).text)) return line;
  return undefined;
}

/** Opens the file in the column it is already shown in (else the first) and selects the placement. */
export async function revealPlacementInEditor(uri: vscode.Uri, reports: DeploymentReport[], deployment: string, placement: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.viewColumn ?? vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false });
  const range = placementRange(document, reports, deployment, placement);
  if (!range) return;
  editor.selection = new vscode.Selection(range.start, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
