/**
 * What command handlers need from the extension.
 */
import type * as vscode from 'vscode';
import type { DocumentValidator } from '../validation';
import type { EstimateController, FileEstimate } from '../estimates';
import type { DiagnosticsPublisher } from '../diagnostics';

export interface CommandContext {
  validator: DocumentValidator;
  estimates: EstimateController;
  diagnostics: DiagnosticsPublisher;
  log: vscode.LogOutputChannel;
}

/** A deployment document of the active editor, with a fresh estimate. */
export interface ActiveEstimate {
  document: vscode.TextDocument;
  estimate: FileEstimate;
}
