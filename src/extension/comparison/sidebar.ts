/**
 * The sidebar view: the active file's deployments and their placements, each with a verdict
 * icon and headline numbers; clicking a placement reveals its YAML. Only `vscode` API.
 */
import * as vscode from 'vscode';
import type { DeploymentReport, PlacementReport } from '../../core/report/types';
import { placementHeadline } from '../../core/report/headline';
import { comparisonRows, workloadSummary } from '../../core/report/rows';
import { showInvisible } from '../../core/report/visible';
import { nameOccurrences } from '../../protocol/refs';

/** The command a placement item runs: (uri, deploymentName, placementName). */
export const REVEAL_PLACEMENT_COMMAND = 'llmSizing.revealPlacement';

/** A tree node: a deployment, or one of its placements. */
/** `occurrence`: which of the file's same-named deployments (0 = the first; see PlacementRef). */
export type PlacementNode =
  | { kind: 'deployment'; id: string; deployment: DeploymentReport; occurrence: number }
  | { kind: 'placement'; id: string; deployment: DeploymentReport; placement: PlacementReport; occurrence: number };

/** The CodeLens headline (same words in the sidebar and above the YAML). */
function headline(p: PlacementReport): string {
  return placementHeadline(p, p.hardwareName);
}

/** Plain-text tooltip: the verdict, its reasons and every number of the comparison table. */
function placementTooltip(d: DeploymentReport, p: PlacementReport): string {
  const i = d.placements.indexOf(p);
  const lines = [
    `${showInvisible(p.name)} (${p.type}) — ${p.verdict === 'pass' ? 'passes' : 'fails'}`,
    ...p.reasons.map((r) => `  ✗ ${r}`),
    '',
  ];
  for (const row of comparisonRows(d))
    if (row.id !== 'verdict') lines.push(`${row.label}: ${row.cells[i]?.text ?? ''}`);
  return lines.join('\n');
}

/**
 * A row's label and description are adjacent inline elements in VS Code's tree, so their text joins
 * without a space ("dc-a100on-prem · …"): what assistive technology and axe's
 * label-content-name-mismatch read as the visible text. A leading space in the description keeps the
 * words apart, so the accessible name can start with the visible text as it is read.
 */
const DESCRIPTION_GAP = ' ';

/**
 * A deployment row's accessible name: its visible text first (label, then description), so
 * speech users can say what they see (WCAG 2.5.3), then the recommendation.
 */
function deploymentAccessibleName(d: DeploymentReport): string {
  const passing = d.placements.filter((p) => p.verdict === 'pass').length;
  const visible = `${showInvisible(d.name)}${DESCRIPTION_GAP}${d.model} · ${passing}/${d.placements.length} pass`;
  return d.recommended ? `${visible}, recommended: ${showInvisible(d.recommended)}` : visible;
}

/** A placement row's accessible name: the visible label and headline, then the verdict in words. */
function placementAccessibleName(d: DeploymentReport, p: PlacementReport): string {
  return `${showInvisible(p.name)}${DESCRIPTION_GAP}${headline(p)}, ${p.verdict === 'pass' ? 'passes' : 'fails'}${p.name === d.recommended ? ', recommended' : ''}`;
}

/** Tree data for the "Placements" view, fed by `setReports`. */
export class PlacementTreeProvider implements vscode.TreeDataProvider<PlacementNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PlacementNode | undefined>();
  /** Fires when the reports change (the whole tree is refreshed). */
  readonly onDidChangeTreeData = this.changed.event;
  private current: { uri: vscode.Uri; roots: PlacementNode[]; children: Map<string, PlacementNode[]> } | undefined;

  /** The file the tree shows. */
  get uri(): vscode.Uri | undefined {
    return this.current?.uri;
  }

  /** The reports the tree shows (empty when none). */
  get reports(): DeploymentReport[] {
    return this.current?.roots.map((n) => n.deployment) ?? [];
  }

  /** Shows a file's reports (replacing the previous file's). */
  setReports(uri: vscode.Uri, reports: DeploymentReport[]): void {
    const key = uri.toString();
    const children = new Map<string, PlacementNode[]>();
    const occurrences = nameOccurrences(reports);
    const roots: PlacementNode[] = reports.map((deployment, i) => {
      const occurrence = occurrences[i] ?? 0;
      // Ids are stable across refreshes so VS Code keeps expansion and selection on save; a
      // repeated deployment name gets its occurrence, as tree ids must be unique.
      const id = `${key}#${deployment.name}${occurrence ? `#${occurrence}` : ''}`;
      children.set(
        id,
        deployment.placements.map((placement) => ({
          kind: 'placement',
          id: `${id}/${placement.name}`,
          deployment,
          placement,
          occurrence,
        })),
      );
      return { kind: 'deployment', id, deployment, occurrence };
    });
    this.current = { uri, roots, children };
    this.changed.fire(undefined);
  }

  /** Empties the tree (the welcome view shows instead). */
  clear(): void {
    this.current = undefined;
    this.changed.fire(undefined);
  }

  /** The node of a placement, for `TreeView.reveal`. */
  find(deployment: string, placement: string, occurrence = 0): PlacementNode | undefined {
    const root = this.current?.roots.find((n) => n.deployment.name === deployment && n.occurrence === occurrence);
    return root
      ? this.current?.children.get(root.id)?.find((n) => n.kind === 'placement' && n.placement.name === placement)
      : undefined;
  }

  getChildren(node?: PlacementNode): PlacementNode[] {
    if (!this.current) return [];
    return node ? (this.current.children.get(node.id) ?? []) : this.current.roots;
  }

  getParent(node: PlacementNode): PlacementNode | undefined {
    return node.kind === 'placement' ? this.current?.roots.find((n) => n.deployment === node.deployment) : undefined;
  }

  getTreeItem(node: PlacementNode): vscode.TreeItem {
    return node.kind === 'deployment'
      ? this.deploymentItem(node.id, node.deployment)
      : this.placementItem(node.id, node.deployment, node.placement, node.occurrence);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private deploymentItem(id: string, d: DeploymentReport): vscode.TreeItem {
    const item = new vscode.TreeItem(showInvisible(d.name), vscode.TreeItemCollapsibleState.Expanded);
    const passing = d.placements.filter((p) => p.verdict === 'pass').length;
    item.id = id;
    item.description = `${DESCRIPTION_GAP}${d.model} · ${passing}/${d.placements.length} pass`;
    item.tooltip = [
      showInvisible(d.name),
      d.description,
      workloadSummary(d),
      d.recommended ? `Recommended: ${showInvisible(d.recommended)}` : undefined,
    ]
      .filter(Boolean)
      .join('\n');
    item.accessibilityInformation = { label: deploymentAccessibleName(d) };
    item.iconPath = new vscode.ThemeIcon('server-environment');
    item.contextValue = 'deployment';
    return item;
  }

  private placementItem(id: string, d: DeploymentReport, p: PlacementReport, occurrence: number): vscode.TreeItem {
    const item = new vscode.TreeItem(showInvisible(p.name), vscode.TreeItemCollapsibleState.None);
    item.id = id;
    item.description = `${DESCRIPTION_GAP}${headline(p)}`;
    item.tooltip = placementTooltip(d, p);
    item.iconPath =
      p.verdict === 'pass'
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
        : new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    item.accessibilityInformation = { label: placementAccessibleName(d, p) };
    item.contextValue = p.name === d.recommended ? 'placement.recommended' : 'placement';
    const uri = this.current?.uri;
    if (uri)
      item.command = {
        command: REVEAL_PLACEMENT_COMMAND,
        title: 'Show in Editor',
        arguments: [uri, d.name, p.name, ...(occurrence ? [occurrence] : [])],
      };
    return item;
  }
}
