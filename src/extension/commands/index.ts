/**
 * Registers every command (category "LLM Sizing") and the comparison panel + sidebar.
 */
import * as vscode from 'vscode';
import { registerComparison } from '../comparison';
import type { DeploymentReport } from '../../core/report/types';
import type { CommandContext } from './context';
import { exportJson, openReport } from './reports';
import { recommendHardware } from './recommend';
import { explainEstimate } from './explain';
import { newDeploymentFile, reestimate, revealPlacement, setGpus } from './editing';

export function registerCommands(context: vscode.ExtensionContext, ctx: CommandContext): vscode.Disposable[] {
  const reportsOf = (uri: vscode.Uri): DeploymentReport[] | undefined =>
    ctx.estimates.get(uri)?.documents.map((d) => d.report);
  const comparison = registerComparison(context, {
    load: async (uri) =>
      reportsOf(uri) ??
      ctx.estimates.estimate(await vscode.workspace.openTextDocument(uri))?.documents.map((d) => d.report),
    reveal: async (uri, deployment, placement, occurrence) =>
      void (await revealPlacement(ctx, uri, deployment, placement, occurrence)),
  });

  /** Keeps the sidebar and an open panel on the active deployment file. */
  const follow = (editor: vscode.TextEditor | undefined) => {
    if (!editor) return; // a webview or the sidebar has focus: keep showing the last file
    const estimate = ctx.estimates.get(editor.document);
    if (estimate)
      comparison.publish(
        editor.document.uri,
        estimate.documents.map((d) => d.report),
        estimate.version,
      );
    else comparison.clear();
  };
  follow(vscode.window.activeTextEditor);

  return [
    ctx.estimates.onDidChange((uri) => {
      const editor = vscode.window.activeTextEditor;
      if (editor && editor.document.uri.toString() === uri.toString()) follow(editor);
    }),
    vscode.window.onDidChangeActiveTextEditor(follow),
    vscode.commands.registerCommand('llmSizing.openReport', (uri?: vscode.Uri) => openReport(ctx, uri)),
    vscode.commands.registerCommand('llmSizing.exportJson', (uri?: vscode.Uri) => exportJson(ctx, uri)),
    vscode.commands.registerCommand('llmSizing.recommendHardware', (uri?: vscode.Uri, choice?: number) =>
      recommendHardware(ctx, uri, choice),
    ),
    vscode.commands.registerCommand(
      'llmSizing.explainEstimate',
      (uri?: vscode.Uri, deployment?: string, placement?: string) => explainEstimate(ctx, uri, deployment, placement),
    ),
    vscode.commands.registerCommand('llmSizing.newDeploymentFile', () => newDeploymentFile()),
    vscode.commands.registerCommand('llmSizing.reestimate', () => reestimate(ctx)),
    // Arguments are checked, not trusted: any extension can run a command.
    vscode.commands.registerCommand('llmSizing.setGpus', (uri: unknown, range: unknown, count: unknown) =>
      setGpus(ctx, uri, range, count),
    ),
  ];
}
