/**
 * Live validation: on open, while typing (debounced) and on save, each YAML document that is a
 * deployment file (marker or glob) is validated by the pure core. Results are kept per document
 * version; `DiagnosticsPublisher` turns them into diagnostics.
 */
import * as vscode from 'vscode';
import { validateTextSteps, type ValidationResult } from '../core/validate';
import { runToEnd } from '../core/steps';
import { runInSlices } from './slices';
import { workloadsOfFile, type ServingWorkload } from '../core/manifests';
import { catalog as builtIn, type Catalog } from '../core/catalog';
import { findModelByHuggingFaceId } from '../core/catalog/aliases';
import {
  manifestSourcesOfValidation,
  mayNameModelFiles,
  modelSourcesOfValidation,
  readManifestSources,
} from '../core/modelfiles/forText';
import { resolveModelSources } from '../core/modelfiles/resolve';
import { modelSourceKey } from '../core/modelfiles/sources';
import { loadWorkspaceCatalog } from '../core/modelfiles/workspaceCatalog';
import { withManifestFiles, withModelFiles } from '../core/catalog';
import { editorHfCacheEnvironment, workspaceFsReader } from './modelFiles';
import { readSettings } from './settings';
import { isWorkspaceCalibrationPath, isWorkspaceCatalogPath } from '../core/validate/workspaceCatalog';

export interface DocumentState {
  version: number;
  result: ValidationResult;
  /** Serving workloads of Kubernetes / KServe / Compose documents (sized with the validation: no workload needed). */
  workloads: ServingWorkload[];
  /** The catalog the document was validated with: built-in + workspace catalog + its model files. */
  catalog: Catalog;
}

/** What was read for a document: its workspace catalog and model files, keyed by what it names. */
interface FileReads {
  sourceKeys: string;
  catalog: Catalog;
}

export class DocumentValidator implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly states = new Map<string, DocumentState>();
  private readonly reads = new Map<string, FileReads>();
  private readonly reading = new Map<string, string>();
  /** Runs started per document: a run whose number is no longer the latest is moot. */
  private readonly runs = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires after a document's findings were recomputed. */
  readonly onDidValidate = this.changed.event;
  private readonly readDone = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires when the model files and workspace catalog of a document were read and it was validated with them. */
  readonly onDidReadFiles = this.readDone.event;

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

  /** Validates now, in one go (commands and providers that need the answer at once). */
  validate(document: vscode.TextDocument): DocumentState | undefined {
    this.startRun(document);
    return runToEnd(this.validationSteps(document));
  }

  /**
   * Validates in slices that leave the extension host's event loop a turn every few ms (open,
   * typing, save): a long file no longer freezes the window. Undefined when the document is not
   * ours, or when an edit or another run made this one moot before it finished.
   */
  async validateInSlices(document: vscode.TextDocument): Promise<DocumentState | undefined> {
    const key = document.uri.toString();
    const run = this.startRun(document);
    const version = document.version;
    return runInSlices(
      this.validationSteps(document),
      () => this.runs.get(key) !== run || document.version !== version || document.isClosed,
    );
  }

  /** Numbers a new run of a document (any earlier one still in slices becomes moot). */
  private startRun(document: vscode.TextDocument): number {
    const key = document.uri.toString();
    const run = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, run);
    return run;
  }

  /** The validation of a document as steps; stores and announces the state at the end. */
  private *validationSteps(document: vscode.TextDocument): Generator<void, DocumentState | undefined> {
    const key = document.uri.toString();
    this.cancel(key);
    const byGlob = this.matchesGlobs(document);
    if (document.languageId !== 'yaml' && !byGlob) return undefined;
    const settings = readSettings(document);
    const started = performance.now();
    const text = document.getText();
    const version = document.version;
    // skipForeign: YAML that is neither ours nor a serving manifest is not even parsed (every YAML
    // file the editor opens comes here).
    const options = { forceDeployment: byGlob, maxFileChars: settings.maxFileSizeKB * 1024, skipForeign: true };
    const reads = this.reads.get(key);
    const catalog = reads?.catalog ?? builtIn;
    // The workspace catalog and calibration files get their own problems, located (LLMS057, LLMS062).
    const workspaceCatalog = isWorkspaceCatalogPath(key);
    const workspaceCalibration = isWorkspaceCalibrationPath(key);
    const result = yield* validateTextSteps(text, { ...options, catalog, workspaceCatalog, workspaceCalibration });
    // Other YAML costs one regular-expression scan here (the core's pre-check).
    const workloads = workloadsOfFile(result, byGlob, {
      catalog,
      ...(settings.defaultHardware ? { defaults: { settingHardware: settings.defaultHardware } } : {}),
    });
    const state = { version, result, workloads, catalog };
    // Model files and the workspace catalog are read in the background; the document is validated
    // again when they arrive (validation itself is synchronous and pure).
    const named = mayNameModelFiles(text);
    const sources = named ? modelSourcesOfValidation(result) : [];
    const manifests = named ? manifestSourcesOfValidation(result) : [];
    const sourceKeys = [
      ...sources.map((s) => modelSourceKey(s.kind, s.value, s.revision)),
      ...manifests.map((m) => `manifest:${m}`),
    ]
      .sort()
      .join('\n');
    const deployment = result.documents.some((d) => d.analysed);
    if (deployment && (!reads || reads.sourceKeys !== sourceKeys))
      void this.read(document, sourceKeys, sources, manifests);
    this.states.set(key, state);
    const analysed = result.documents.filter((d) => d.analysed).length;
    if (analysed > 0 || result.findings.length > 0 || workloads.length > 0) {
      this.log.debug(
        `validated ${document.uri.fsPath || key}: ${analysed} deployment document(s), ${workloads.length} serving workload(s), ${result.findings.length} finding(s) in ${(performance.now() - started).toFixed(1)} ms (wall time, slices included)`,
      );
    }
    this.changed.fire(document);
    return state;
  }

  /** Reads the workspace catalog and the model files of a document, then validates it again. */
  private async read(
    document: vscode.TextDocument,
    sourceKeys: string,
    sources: ReturnType<typeof modelSourcesOfValidation>,
    manifests: readonly string[],
  ): Promise<void> {
    const key = document.uri.toString();
    if (this.reading.get(key) === sourceKeys) return;
    this.reading.set(key, sourceKeys);
    try {
      const reader = workspaceFsReader();
      const dir = reader.dirname(key);
      const folder = vscode.workspace.getWorkspaceFolder(document.uri);
      const workspace = await loadWorkspaceCatalog(reader, dir, builtIn, folder?.uri.toString());
      for (const p of workspace.problems)
        this.log.warn(`${workspace.path ?? '.llm-sizing/catalog.yaml'}: ${p.message}`);
      for (const p of workspace.calibration?.problems ?? [])
        this.log.warn(`${workspace.calibration?.path}: ${p.message}`);
      let catalog = workspace.catalog;
      if (sources.length) {
        const table = await resolveModelSources(sources, {
          reader,
          baseDir: dir,
          hfCache: editorHfCacheEnvironment(),
          findByRepoId: (repoId) => findModelByHuggingFaceId(repoId, workspace.catalog),
          catalog,
        });
        catalog = withModelFiles(catalog, table);
      }
      // Manifests named by `source:` (placements read from Kubernetes / KServe / Compose files).
      if (manifests.length)
        catalog = withManifestFiles(catalog, await readManifestSources(manifests, { reader, baseDir: dir }));
      if (this.reading.get(key) !== sourceKeys) return; // superseded by a newer read
      this.reads.set(key, { sourceKeys, catalog });
      // Re-estimate only when the reads changed the catalog, and never over an unsaved edit (its
      // estimate is stale until saved).
      const changed =
        sources.length > 0 ||
        manifests.length > 0 ||
        workspace.path !== undefined ||
        workspace.calibration !== undefined;
      if ((await this.validateInSlices(document)) && changed && !document.isDirty) this.readDone.fire(document);
    } catch (error) {
      this.log.error(
        `reading the model files of ${key} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      if (this.reading.get(key) === sourceKeys) this.reading.delete(key);
    }
  }

  /** Drops what was read for every document (the workspace catalog changed): the next validation reads again. */
  forgetReads(): void {
    this.reads.clear();
    this.reading.clear();
  }

  /** Validates after the typing delay, replacing any pending run for the document. */
  schedule(document: vscode.TextDocument): void {
    const settings = readSettings(document);
    if (!settings.validateOnType || !this.isCandidate(document)) return;
    const key = document.uri.toString();
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.validateInSlices(document).catch((error: unknown) => this.failed(document, error));
      }, settings.validateDelayMs),
    );
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.cancel(key);
    this.states.delete(key);
    this.reads.delete(key);
    this.runs.delete(key);
  }

  /** Logs a validation or estimate run that threw (the core is total, so this is a defect worth a log line). */
  failed(document: vscode.TextDocument, error: unknown): void {
    this.log.error(
      `analysing ${document.uri.toString()} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  private cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.changed.dispose();
    this.readDone.dispose();
  }
}
