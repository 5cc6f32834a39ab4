/**
 * The VS Code adapter: wires editor events to the pure core and presents its results.
 * The same entry is bundled for desktop (node) and for vscode.dev (browser); it uses no Node API.
 *
 * Flow: edit → validate (debounced) → diagnostics; save/open → estimate → diagnostics, CodeLens,
 * hovers, status item, sidebar and comparison panel.
 */
import { isWorkspaceCalibrationPath, isWorkspaceCatalogPath } from '../core/validate/workspaceCatalog';
import * as vscode from 'vscode';
import { DocumentValidator } from './validation';
import { EstimateController } from './estimates';
import { DiagnosticsPublisher } from './diagnostics';
import { QuickFixProvider } from './quickFixes';
import { CatalogHoverProvider } from './hovers';
import { placementHoverContributor } from './placementHover';
import { CatalogCompletionProvider } from './completion';
import { PlacementCodeLensProvider } from './codeLens';
import { VerdictStatusItem } from './statusItem';
import { registerCommands } from './commands';
import { readSettings } from './settings';

/** Documents the extension serves: YAML, and deployment files whatever their language mode. */
const selector: vscode.DocumentSelector = [{ language: 'yaml' }, { pattern: '**/*.deploy.{yaml,yml}' }];

/** What other modules (commands, views, tests) may reach. */
export interface ExtensionApi {
  validator: DocumentValidator;
  estimates: EstimateController;
  diagnostics: DiagnosticsPublisher;
  /** How long `activate()` took, ms (reported in docs/performance.md from the host tests). */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('LLM Sizing', { log: true });
  const validator = new DocumentValidator(log);
  const estimates = new EstimateController(validator, log);
  const diagnostics = new DiagnosticsPublisher(validator, estimates);
  const codeLens = new PlacementCodeLensProvider(validator, estimates);
  context.subscriptions.push(log, validator, estimates, diagnostics, codeLens, new VerdictStatusItem(estimates));

  // Event-driven work runs in slices (src/extension/slices.ts): a long file must not freeze the
  // window (issue 13). Commands and providers that need an answer at once call the one-go forms.
  const failed = (document: vscode.TextDocument) => (error: unknown) => validator.failed(document, error);
  /**
   * Estimates when the trigger's setting asks for it (validating first, in slices, unless the
   * current text already was), else just validates the text if it was not yet.
   */
  const analyse = (document: vscode.TextDocument, trigger: 'open' | 'save') => {
    const settings = readSettings(document);
    const wanted = trigger === 'open' ? settings.estimateOnOpen : settings.estimateOnSave;
    if (wanted) void estimates.estimateInSlices(document).catch(failed(document));
    else if (!validator.stateOf(document)) void validator.validateInSlices(document).catch(failed(document));
  };

  context.subscriptions.push(
    validator.onDidValidate((document) => diagnostics.publish(document)),
    estimates.onDidChange((uri) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document) diagnostics.publish(document);
    }),
    vscode.workspace.onDidOpenTextDocument((document) => analyse(document, 'open')),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      estimates.markStale(event.document);
      validator.schedule(event.document);
    }),
    validator.onDidReadFiles((document) => analyse(document, 'open')),
    vscode.workspace.onDidSaveTextDocument((document) => {
      analyse(document, 'save');
      // A saved workspace catalog or calibration file changes what every deployment file sees, a
      // saved serving manifest what the placements that name it (`source:`) read: read them again.
      const manifest = (validator.stateOf(document)?.workloads.length ?? 0) > 0;
      const uri = document.uri.toString();
      if (!manifest && !isWorkspaceCatalogPath(uri) && !isWorkspaceCalibrationPath(uri)) return;
      validator.forgetReads();
      // Validating starts the read; when it lands, onDidReadFiles estimates again.
      for (const other of vscode.workspace.textDocuments)
        if (other !== document && validator.stateOf(other)) void validator.validateInSlices(other).catch(failed(other));
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      validator.forget(document);
      estimates.drop(document.uri);
      diagnostics.clear(document.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('llmSizing')) return;
      for (const document of vscode.workspace.textDocuments) {
        const hadEstimate = estimates.get(document) !== undefined;
        void validator
          .validateInSlices(document)
          .then((state) => (state && hadEstimate ? estimates.estimateInSlices(document) : undefined))
          .catch(failed(document));
      }
    }),
    vscode.languages.registerCodeActionsProvider(
      selector,
      new QuickFixProvider(diagnostics),
      QuickFixProvider.metadata,
    ),
    vscode.languages.registerHoverProvider(
      selector,
      new CatalogHoverProvider(validator, [placementHoverContributor(estimates)]),
    ),
    vscode.languages.registerCompletionItemProvider(selector, new CatalogCompletionProvider(validator), ' '),
    vscode.languages.registerCodeLensProvider(selector, codeLens),
    ...registerCommands(context, { validator, estimates, diagnostics, log }),
  );

  for (const document of vscode.workspace.textDocuments) analyse(document, 'open');
  const activationMs = performance.now() - started;
  log.info(
    `LLM Deployment Sizing ${String(context.extension.packageJSON.version)} activated in ${activationMs.toFixed(1)} ms`,
  );
  return { validator, estimates, diagnostics, activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
