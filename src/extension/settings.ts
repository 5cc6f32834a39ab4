/**
 * Typed access to the `llmSizing.*` settings (declared in package.json `contributes.configuration`).
 */
import * as vscode from 'vscode';
import { DEFAULT_DEPLOYMENT_GLOBS } from '../core/parse/globs';

export interface Settings {
  /** Globs of files that are deployment files even without the marker. */
  files: string[];
  /** Validate while typing (otherwise on open and save only). */
  validateOnType: boolean;
  /** Debounce delay of validation while typing, ms. */
  validateDelayMs: number;
  /** Larger files are declined, KB. */
  maxFileSizeKB: number;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('llmSizing', scope);
  return {
    files: config.get<string[]>('files', DEFAULT_DEPLOYMENT_GLOBS),
    validateOnType: config.get<boolean>('validation.onType', true),
    validateDelayMs: Math.max(0, config.get<number>('validation.delayMs', 250)),
    maxFileSizeKB: Math.max(1, config.get<number>('maxFileSizeKB', 5000)),
  };
}
