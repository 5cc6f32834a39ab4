/**
 * The comparison feature in one call: the panel, its serializer, the sidebar tree and their
 * commands. The extension calls `registerComparison` once in `activate` and `publish` after
 * each estimate of the active deployment file. Only `vscode` API.
 */
import * as vscode from 'vscode';
import type { DeploymentReport } from '../../core/report/types';
import { ComparisonPanel, registerComparisonSerializer, type LoadReports, type RevealPlacement } from './panel';
import { PlacementTreeProvider, REVEAL_PLACEMENT_COMMAND } from './sidebar';
import { placementRef } from '../../protocol/refs';

export { ComparisonPanel, type LoadReports, type RevealPlacement } from './panel';
export { PlacementTreeProvider } from './sidebar';

/** Command and view ids (they must match package.json). */
export const COMPARISON_IDS = {
  compareCommand: 'llmSizing.comparePlacements',
  revealCommand: REVEAL_PLACEMENT_COMMAND,
  view: 'llmSizing.placements',
  /** Context key: true while the sidebar shows a file's reports. */
  hasReports: 'llmSizing.comparison.hasReports',
} as const;

/** What the extension provides. */
export interface ComparisonWiring {
  /** Reports of a file (estimate it, or return cached ones); undefined when it is no deployment file. */
  load: LoadReports;
  /** Shows a placement's YAML. */
  reveal: RevealPlacement;
  /** Commands the extension registers itself (then it calls `feature.compare` / its own reveal). */
  skipCommands?: Array<'compare' | 'reveal'>;
}

/** The handle `activate` keeps. */
export interface ComparisonFeature {
  readonly panel: ComparisonPanel;
  readonly tree: PlacementTreeProvider;
  /** New reports for the active deployment file: refreshes the sidebar and an open panel. */
  publish(uri: vscode.Uri, reports: DeploymentReport[], documentVersion?: number): void;
  /** The active editor is no deployment file: the sidebar shows its welcome view. */
  clear(): void;
  /** What the compare command does: open the panel on a file (default: active), optionally selecting a placement. */
  compare(target?: vscode.Uri | string, deployment?: string, placement?: string, occurrence?: number): Promise<void>;
}

/** Registers the panel, serializer, tree view and commands; everything is disposed with `context`. */
export function registerComparison(context: vscode.ExtensionContext, wiring: ComparisonWiring): ComparisonFeature {
  const tree = new PlacementTreeProvider();
  const reportsFor = async (uri: vscode.Uri) =>
    tree.uri?.toString() === uri.toString() ? tree.reports : ((await wiring.load(uri)) ?? []);
  const reveal = wiring.reveal;
  const view = vscode.window.createTreeView(COMPARISON_IDS.view, { treeDataProvider: tree, showCollapseAll: true });
  const panel = new ComparisonPanel({
    extensionUri: context.extensionUri,
    reveal,
    load: wiring.load,
    onSelect: (uri, ref) => {
      // Mirror the panel's selection in the sidebar, without stealing focus from the panel.
      const node =
        tree.uri?.toString() === uri.toString() ? tree.find(ref.deployment, ref.placement, ref.occurrence) : undefined;
      if (node && view.visible) void view.reveal(node, { select: true, focus: false });
    },
  });

  const compare = async (
    target?: vscode.Uri | string,
    deployment?: string,
    placement?: string,
    occurrence?: number,
  ) => {
    // Explicit file (CodeLens, menus), else the active editor's, else the one the sidebar shows
    // (the active editor is no text editor when the sidebar or the panel has focus).
    const candidates =
      target !== undefined
        ? [typeof target === 'string' ? vscode.Uri.parse(target) : target]
        : [vscode.window.activeTextEditor?.document.uri, tree.uri];
    for (const uri of candidates) {
      const reports = uri ? await reportsFor(uri) : [];
      if (!uri || reports.length === 0) continue;
      panel.show(reports, uri, deployment && placement ? placementRef(deployment, placement, occurrence) : undefined);
      return;
    }
    void vscode.window.showInformationMessage('Open a deployment file (*.deploy.yaml) to compare its placements.');
  };

  context.subscriptions.push(tree, view, panel, registerComparisonSerializer(panel));
  const skip = new Set(wiring.skipCommands ?? []);
  if (!skip.has('compare'))
    context.subscriptions.push(vscode.commands.registerCommand(COMPARISON_IDS.compareCommand, compare));
  if (!skip.has('reveal')) {
    context.subscriptions.push(
      vscode.commands.registerCommand(
        COMPARISON_IDS.revealCommand,
        (uri: vscode.Uri | string, d: string, p: string, occurrence?: number) =>
          reveal(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri, d, p, occurrence),
      ),
    );
  }

  return {
    panel,
    tree,
    compare,
    publish(uri, reports, documentVersion) {
      tree.setReports(uri, reports);
      void vscode.commands.executeCommand('setContext', COMPARISON_IDS.hasReports, true);
      panel.update(reports, uri, documentVersion);
    },
    clear() {
      tree.clear();
      void vscode.commands.executeCommand('setContext', COMPARISON_IDS.hasReports, false);
    },
  };
}
