/**
 * Estimates on save (and on open, by setting): each valid deployment document of a file is
 * evaluated by the core; results are kept per document version and marked stale on edit, so
 * CodeLens, hovers, the status item, the sidebar and the panel read one cache. Estimation errors
 * in one document or placement never stop the others (the core isolates placements; documents
 * are isolated here).
 */
import * as vscode from 'vscode';
import type { DeploymentReport } from '../core/report/types';
import type { Finding } from '../core/findings';
import type { ValidatedDocument } from '../core/validate';
import { evaluateDocument, newSizingCache } from '../core/placements';
import type { DocumentState, DocumentValidator } from './validation';
import { readSettings } from './settings';
import { runToEnd } from '../core/steps';
import { runInSlices } from './slices';

/** One document's estimate. */
export interface DocumentEstimate {
  documentIndex: number;
  report: DeploymentReport;
  /** File index of each report placement (reports skip placements with errors). */
  placementSourceIndex: number[];
}

export interface FileEstimate {
  uri: string;
  /** Document version the estimate was computed from. */
  version: number;
  /** True once the document was edited after the estimate. */
  stale: boolean;
  documents: DocumentEstimate[];
  findings: Finding[];
  /** Errors the estimator threw, per document (never expected; logged and shown). */
  failures: Array<{ documentIndex: number; message: string }>;
  millis: number;
}

export class EstimateController implements vscode.Disposable {
  private readonly estimates = new Map<string, FileEstimate>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a file's estimate is computed, becomes stale or is dropped. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly validator: DocumentValidator,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get(document: vscode.TextDocument | vscode.Uri): FileEstimate | undefined {
    const uri = document instanceof vscode.Uri ? document : document.uri;
    return this.estimates.get(uri.toString());
  }

  /** Estimates now, in one go (validating first if needed). Returns undefined for non-deployment files. */
  estimate(document: vscode.TextDocument): FileEstimate | undefined {
    const state = this.validator.current(document);
    return state ? runToEnd(this.estimateSteps(document, state)) : undefined;
  }

  /**
   * Estimates in slices that leave the extension host's event loop a turn every few ms (on save
   * and open): validates in slices first when the current text was not validated yet. Undefined
   * for non-deployment files, or when an edit made the run moot before it finished.
   */
  async estimateInSlices(document: vscode.TextDocument): Promise<FileEstimate | undefined> {
    const version = document.version;
    const state = this.validator.stateOf(document) ?? (await this.validator.validateInSlices(document));
    if (!state || document.version !== version) return undefined;
    return runInSlices(this.estimateSteps(document, state), () => document.version !== version || document.isClosed);
  }

  /** The estimate of a validated document as steps (one per deployment document); stored and announced at the end. */
  private *estimateSteps(
    document: vscode.TextDocument,
    state: DocumentState,
  ): Generator<void, FileEstimate | undefined> {
    const analysed = state.result.documents.filter((d) => d.analysed);
    if (analysed.length === 0 && state.workloads.length === 0) {
      this.drop(document.uri);
      return undefined;
    }
    const started = performance.now();
    const settings = readSettings(document);
    const documents: DocumentEstimate[] = [];
    const findings: Finding[] = [];
    const failures: FileEstimate['failures'] = [];
    const cache = newSizingCache(); // shared by the file's documents (same models and devices recur)
    for (const doc of analysed) {
      if (!doc.deployment) continue;
      try {
        const result = evaluateDocument(doc as ValidatedDocument, state.result.file.text, {
          defaults: settings.defaults,
          cache,
          lineIndex: state.result.file.lineIndex,
          catalog: state.catalog,
        });
        documents.push({
          documentIndex: doc.index,
          report: result.report,
          placementSourceIndex: doc.placementSourceIndex,
        });
        findings.push(...result.findings);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ documentIndex: doc.index, message });
        this.log.error(`estimate of document ${doc.index + 1} in ${document.uri.toString()} failed: ${message}`);
      }
      yield;
    }
    // Serving manifests were sized with the validation: their reports join the file's (panel, sidebar, status).
    for (const w of state.workloads)
      documents.push({ documentIndex: w.documentIndex, report: w.report, placementSourceIndex: [] });
    const estimate: FileEstimate = {
      uri: document.uri.toString(),
      version: state.version,
      stale: false,
      documents,
      findings,
      failures,
      millis: performance.now() - started,
    };
    this.estimates.set(estimate.uri, estimate);
    this.log.debug(
      `estimated ${documents.reduce((n, d) => n + d.report.placements.length, 0)} placement(s) in ${estimate.millis.toFixed(1)} ms`,
    );
    this.changed.fire(document.uri);
    return estimate;
  }

  /** Marks a file's estimate stale after an edit. */
  markStale(document: vscode.TextDocument): void {
    const estimate = this.estimates.get(document.uri.toString());
    if (estimate && !estimate.stale && estimate.version !== document.version) {
      estimate.stale = true;
      this.changed.fire(document.uri);
    }
  }

  drop(uri: vscode.Uri): void {
    if (this.estimates.delete(uri.toString())) this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
