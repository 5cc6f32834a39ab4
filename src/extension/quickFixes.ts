/**
 * Quick fixes: each core finding may carry fixes (rename to the nearest id, add a missing field,
 * round gpus up, set gpus to what meets the SLO). They are offered on the matching diagnostic as undoable workspace edits.
 */
import * as vscode from 'vscode';
import type { DiagnosticsPublisher } from './diagnostics';
import { DIAGNOSTIC_SOURCE, toRange, toWorkspaceEdit } from './convert';

export class QuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly diagnostics: DiagnosticsPublisher) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const findings = this.diagnostics.findings(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      for (const finding of findings) {
        if (
          finding.code !== diagnostic.code ||
          !finding.fixes ||
          !toRange(document, finding.range).isEqual(diagnostic.range)
        )
          continue;
        for (const fix of finding.fixes) {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.edit = toWorkspaceEdit(document, fix);
          action.diagnostics = [diagnostic];
          action.isPreferred = fix.preferred === true;
          actions.push(action);
        }
      }
    }
    return actions;
  }
}
