/**
 * The "Placement Comparison" editor panel: one WebviewPanel that shows the latest reports it
 * was given. Only `vscode` API (runs in the desktop and the browser extension host).
 */
import * as vscode from 'vscode';
import type { DeploymentReport } from '../../core/report/types';
import {
  COMPARISON_VIEW_TYPE,
  parseRestoredState,
  parseWebviewMessage,
  type PlacementRef,
  type UpdateMessage,
  type WebviewToHostMessage,
} from '../../protocol/webview';
import { comparisonHtml, makeNonce } from './html';
import { deploymentIndexOf, placementRef } from '../../protocol/refs';

/** Estimates a file (used when the panel is restored after a reload). */

/** Shows a placement's YAML (the extension reveals the exact node from its validation cache). */
export type RevealPlacement = (
  uri: vscode.Uri,
  deployment: string,
  placement: string,
  occurrence?: number,
) => void | Thenable<void>;
export type LoadReports = (
  uri: vscode.Uri,
) => DeploymentReport[] | undefined | Thenable<DeploymentReport[] | undefined>;

/** What the panel needs from the extension. */
export interface ComparisonPanelOptions {
  extensionUri: vscode.Uri;
  /** Called when the user clicks a placement in the panel. */
  reveal: RevealPlacement;
  /** Re-estimates a file for a panel restored after a window reload. */
  load?: LoadReports;
  /** Called when the user selects a placement in the panel (e.g. to mirror it in the sidebar). */
  onSelect?: (uri: vscode.Uri, ref: PlacementRef) => void;
}

/** The one comparison panel: created by `show`, refreshed by `update`, revived by the serializer. */
export class ComparisonPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private listeners: vscode.Disposable[] = [];
  /** The last update, re-sent whenever the webview (re)loads and says `ready`. */
  private last: UpdateMessage | undefined;
  private ready = false;

  constructor(private readonly options: ComparisonPanelOptions) {}

  /** The file the panel currently shows. */
  get uri(): vscode.Uri | undefined {
    return this.last ? vscode.Uri.parse(this.last.file.uri) : undefined;
  }

  /** Whether the panel exists (open, visible or not). */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens (or brings forward) the panel on these reports; `selected` scrolls to a placement. */
  show(reports: DeploymentReport[], uri: vscode.Uri, selected?: PlacementRef, documentVersion = versionOf(uri)): void {
    if (this.panel) this.panel.reveal(undefined, true);
    else {
      this.attach(
        vscode.window.createWebviewPanel(
          COMPARISON_VIEW_TYPE,
          'Placement Comparison',
          { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
          {},
        ),
      );
    }
    this.post(updateMessage(reports, uri, documentVersion, selected));
  }

  /** Refreshes an open panel (after a save, or when another deployment file becomes active). */
  update(reports: DeploymentReport[], uri: vscode.Uri, documentVersion = versionOf(uri)): void {
    if (this.panel) this.post(updateMessage(reports, uri, documentVersion));
  }

  /** Takes over a panel VS Code restored after a reload, and re-estimates the file it showed. */
  async restore(panel: vscode.WebviewPanel, rawState: unknown): Promise<void> {
    if (this.panel) {
      // Only one comparison panel exists at a time; a second restored one is redundant.
      panel.dispose();
      return;
    }
    this.attach(panel);
    const uri = parseRestoredState(rawState)?.last?.file.uri;
    if (!uri || !this.options.load) return;
    const target = restorableUri(uri);
    // Not a document scheme (command:, vscode-userdata:, https:, …): the saved state is ignored and
    // nothing is opened; the panel stays without a file until the user compares one.
    if (!target) return;
    try {
      const reports = await this.options.load(target);
      // The webview already shows the reports saved in its state; fresh ones replace them.
      if (reports && this.panel === panel) this.post(updateMessage(reports, target, versionOf(target)));
    } catch {
      // The file may be gone since the reload; the webview keeps what it last showed.
    }
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private attach(panel: vscode.WebviewPanel): void {
    const root = vscode.Uri.joinPath(this.options.extensionUri, 'dist', 'webview');
    const webview = panel.webview;
    // Scripts only: command URIs stay off (the default), forms are switched off explicitly (VS Code
    // enables them by default when scripts are on), resources come from dist/webview only.
    webview.options = { enableScripts: true, enableForms: false, localResourceRoots: [root] };
    webview.html = comparisonHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'styles.css')).toString(),
    });
    this.panel = panel;
    this.ready = false;
    this.listeners = [
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      // Hidden webviews are torn down (no retainContextWhenHidden); they say `ready` again on return.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        for (const l of this.listeners) l.dispose();
        this.listeners = [];
      }),
    ];
  }

  private post(message: UpdateMessage): void {
    this.last = message;
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) return; // Not ours or malformed: ignored, never trusted.
    void this.handle(message);
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.last && this.panel) await this.panel.webview.postMessage(this.last);
        return;
      case 'copyMarkdown':
        await vscode.env.clipboard.writeText(message.markdown);
        void vscode.window.showInformationMessage('Placement comparison copied as Markdown.');
        return;
      case 'reveal':
      case 'select': {
        const uri = this.uri;
        const ref = placementRef(message.deployment, message.placement, message.occurrence);
        // Only names the panel was given: a message cannot make the host open arbitrary things.
        if (!uri || !this.knows(ref)) return;
        if (message.type === 'reveal') await this.options.reveal(uri, ref.deployment, ref.placement, ref.occurrence);
        else this.options.onSelect?.(uri, ref);
        return;
      }
    }
  }

  private knows(ref: PlacementRef): boolean {
    const deployments = this.last?.deployments ?? [];
    return !!deployments[deploymentIndexOf(deployments, ref)]?.placements.some((p) => p.name === ref.placement);
  }
}

/**
 * Schemes a user's deployment file can have: `file` (desktop), `vscode-remote` (code-server,
 * Remote-SSH/WSL/containers, where workspace files are remote), `vscode-vfs` (virtual workspaces
 * such as GitHub Repositories on vscode.dev) and `untitled` (a new file not yet saved).
 */
export const RESTORABLE_SCHEMES: ReadonlySet<string> = new Set(['file', 'vscode-remote', 'vscode-vfs', 'untitled']);

/** The URI a restored panel may re-open, or undefined when its scheme is not a document scheme. */
export function restorableUri(value: string): vscode.Uri | undefined {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(value, true);
  } catch {
    return undefined; // not a URI at all
  }
  return RESTORABLE_SCHEMES.has(uri.scheme) ? uri : undefined;
}

/** Registers the serializer that brings the panel back after a window reload. */
export function registerComparisonSerializer(panel: ComparisonPanel): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(COMPARISON_VIEW_TYPE, {
    deserializeWebviewPanel: (webviewPanel, state) => panel.restore(webviewPanel, state),
  });
}

function updateMessage(
  deployments: DeploymentReport[],
  uri: vscode.Uri,
  documentVersion: number,
  selected?: PlacementRef,
): UpdateMessage {
  const message: UpdateMessage = {
    type: 'update',
    file: { path: vscode.workspace.asRelativePath(uri, false), uri: uri.toString() },
    documentVersion,
    deployments,
  };
  if (selected) message.selected = selected;
  return message;
}

/** The open document's version (0 when the file is not open). */
function versionOf(uri: vscode.Uri): number {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.version ?? 0;
}
