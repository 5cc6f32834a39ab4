/**
 * Documents made from a file's estimate: the Markdown sizing report (opened in the preview) and
 * the JSON export (the same shape as `llm-sizing estimate --format json`).
 */
import * as vscode from 'vscode';
import { LineIndex } from '../../core/findings';
import type { FileReport } from '../../core/report/types';
import { toReportDiagnostic } from '../../core/report/diagnostic';
import { reportMarkdown } from '../../core/report/reportMarkdown';
import type { ActiveEstimate, CommandContext } from './context';
import { activeEstimate } from './active';

/** The file's report: diagnostics as shown (1-based) and every deployment's comparison. */
function fileReportOf(ctx: CommandContext, active: ActiveEstimate): FileReport {
  const lines = new LineIndex(active.document.getText());
  return {
    path: vscode.workspace.asRelativePath(active.document.uri),
    diagnostics: ctx.diagnostics.findings(active.document).map((f) => toReportDiagnostic(f, lines)),
    deployments: active.estimate.documents.map((d) => d.report),
  };
}

async function openUntitled(language: string, content: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ language, content });
}

/** Opens the Markdown report of the active file in the Markdown preview. */
export async function openReport(ctx: CommandContext, uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const active = await activeEstimate(ctx, uri);
  if (!active) return undefined;
  const document = await openUntitled('markdown', reportMarkdown([fileReportOf(ctx, active)], true));
  await vscode.commands.executeCommand('markdown.showPreview', document.uri).then(undefined, async () => {
    // No Markdown preview (e.g. disabled built-in): show the source instead.
    await vscode.window.showTextDocument(document);
  });
  return document;
}

/** Opens the JSON export of the active file's estimate. */
export async function exportJson(ctx: CommandContext, uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const active = await activeEstimate(ctx, uri);
  if (!active) return undefined;
  const document = await openUntitled('json', JSON.stringify({ files: [fileReportOf(ctx, active)] }, null, 2) + '\n');
  await vscode.window.showTextDocument(document);
  return document;
}
