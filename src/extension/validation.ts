/**
 * Live validation: on open, while typing (debounced) and on save, each YAML document that is a
 * deployment file (marker or glob) is validated by the pure core. Results are kept per document
 * version; `DiagnosticsPublisher` turns them into diagnostics.
 */
import * as vscode from 'vscode';
import { validateText, type ValidationResult } from '../core/validate';
import { fileWorkloads, type ServingWorkload } from '../core/manifests';
import { readSettings } from './settings';

export interface DocumentState {
  version: number;
  result: ValidationResult;
  /** Serving workloads of Kubernetes / KServe / Compose documents (sized with the validation: no workload needed). */
  workloads: ServingWorkload[];
}

export class DocumentValidator implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly states = new Map<string, DocumentState>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires after a document's findings were recomputed. */
  readonly onDidValidate = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Whether the extension should look at a document at all. */
  isCandidate(document: vscode.TextDocument): boolean {
    return document.languageId === 'yaml' || this.matchesGlobs(document);
  }

  /** The validation of the document's current text: the cached one, else computed now. */
  current(document: vscode.TextDocument): DocumentState | undefined {
    return this.stateOf(document) ?? this.validate(document);
  }

  private matchesGlobs(document: vscode.TextDocument): boolean {
    return readSettings(document).files.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
  }

  /** The latest validation of a document, if current. */
  stateOf(document: vscode.TextDocument): DocumentState | undefined {
    const state = this.states.get(document.uri.toString());
    return state && state.version === document.version ? state : undefined;
  }

  /** Validates now. */
  validate(document: vscode.TextDocument): DocumentState | undefined {
    const key = document.uri.toString();
    this.cancel(key);
    const byGlob = this.matchesGlobs(document);
    if (document.languageId !== 'yaml' && !byGlob) return undefined;
    const settings = readSettings(document);
    const started = performance.now();
    const result = validateText(document.getText(), {
      forceDeployment: byGlob,
      maxFileChars: settings.maxFileSizeKB * 1024,
    });
    // Other YAML costs one regular-expression scan here (the core's pre-check).
    const workloads = byGlob ? [] : fileWorkloads(result.documents, result.file.text, result.file.lineIndex, settings.defaultHardware ? { defaults: { settingHardware: settings.defaultHardware } } : {});
    const state = { version: document.version, result, workloads };
    this.states.set(key, state);
    const analysed = result.documents.filter((d) => d.analysed).length;
    if (analysed > 0 || result.findings.length > 0 || workloads.length > 0) {
      this.log.debug(`validated ${document.uri.fsPath || key}: ${analysed} deployment document(s), ${workloads.length} serving workload(s), ${result.findings.length} finding(s) in ${(performance.now() - started).toFixed(1)} ms`);
    }
    this.changed.fire(document);
    return state;
  }

  /** Validates after the typing delay, replacing any pending run for the document. */
  schedule(document: vscode.TextDocument): void {
    const settings = readSettings(document);
    if (!settings.validateOnType || !this.isCandidate(document)) return;
    const key = document.uri.toString();
    this.cancel(key);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.validate(document);
    }, settings.validateDelayMs));
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.cancel(key);
    this.states.delete(key);
  }

  private cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.changed.dispose();
  }
}
