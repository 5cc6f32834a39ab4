/**
 * The status-bar item: the active deployment file's verdict ("2/3 placements pass").
 */
import * as vscode from 'vscode';
import { escapeMarkdown } from '../core/report/markdown';
import type { EstimateController } from './estimates';
import { COMMAND_COMPARE } from './codeLens';

export class VerdictStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('llmSizing.verdict', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly estimates: EstimateController) {
    this.item.name = 'LLM Sizing verdict';
    this.item.command = COMMAND_COMPARE;
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      estimates.onDidChange(() => this.refresh()),
    );
    this.refresh();
  }

  refresh(): void {
    const document = vscode.window.activeTextEditor?.document;
    const estimate = document && this.estimates.get(document);
    if (!estimate) {
      this.item.hide();
      return;
    }
    const placements = estimate.documents.flatMap((d) => d.report.placements);
    const passing = placements.filter((p) => p.verdict === 'pass').length;
    const icon =
      placements.length === 0
        ? '$(circle-slash)'
        : passing === placements.length
          ? '$(pass)'
          : passing === 0
            ? '$(error)'
            : '$(warning)';
    this.item.text = `${icon} ${passing}/${placements.length} pass${estimate.stale ? ' (stale)' : ''}`;
    this.item.tooltip = new vscode.MarkdownString(
      placements
        .map(
          (p) =>
            `- ${p.verdict === 'pass' ? '✓' : '✗'} **${escapeMarkdown(p.name)}** — ${p.verdict === 'pass' ? 'pass' : escapeMarkdown(p.reasons.join('; '))}`,
        )
        .join('\n') || 'No placement could be estimated.',
    );
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
