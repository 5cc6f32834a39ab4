/**
 * Publishes diagnostics: validation findings of the current text plus the placement findings of
 * the latest estimate (dropped once the text changes, since their ranges would drift), filtered by
 * the severity setting and — when the YAML extension already reports schema problems — optionally
 * without the structural codes it duplicates.
 */
import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/findings';
import { CODES } from '../core/validate/codes';
import { workloadFindings } from '../core/manifests';
import type { DocumentValidator } from './validation';
import type { EstimateController } from './estimates';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './convert';
import { readSettings } from './settings';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** Codes the YAML extension's JSON-Schema validation also reports. */
const STRUCTURAL = new Set<string>([
  CODES.unknownKey.code,
  CODES.wrongType.code,
  CODES.outOfRange.code,
  CODES.missingField.code,
  CODES.invalidValue.code,
]);

export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);

  constructor(
    private readonly validator: DocumentValidator,
    private readonly estimates: EstimateController,
  ) {}

  /** The findings behind the document's current diagnostics (for quick fixes). */
  findings(document: vscode.TextDocument): Finding[] {
    const state = this.validator.stateOf(document);
    if (!state) return [];
    const estimate = this.estimates.get(document);
    const placement = estimate && estimate.version === document.version ? estimate.findings : [];
    const settings = readSettings(document);
    const minimum = RANK[settings.diagnosticsMinimumSeverity];
    const hideStructural =
      !settings.structuralWithYamlExtension &&
      !!vscode.extensions.getExtension('redhat.vscode-yaml') &&
      vscode.languages.match({ pattern: '**/*.deploy.{yaml,yml}' }, document) > 0;
    return [...state.result.findings, ...placement, ...workloadFindings(state.workloads)].filter(
      (f) => RANK[f.severity] <= minimum && !(hideStructural && STRUCTURAL.has(f.code)),
    );
  }

  publish(document: vscode.TextDocument): void {
    if (!this.validator.stateOf(document)) {
      this.collection.delete(document.uri);
      return;
    }
    this.collection.set(
      document.uri,
      this.findings(document).map((f) => toDiagnostic(document, f)),
    );
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
