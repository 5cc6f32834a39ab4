/**
 * Typed access to the `llmSizing.*` settings (declared in package.json `contributes.configuration`).
 */
import * as vscode from 'vscode';
import { DEFAULT_DEPLOYMENT_GLOBS } from '../core/parse/globs';
import type { Severity } from '../core/findings';
import type { EstimateDefaults } from '../core/placements';

export interface Settings {
  /** Globs of files that are deployment files even without the marker. */
  files: string[];
  /** Validate while typing (otherwise on open and save only). */
  validateOnType: boolean;
  /** Debounce delay of validation while typing, ms. */
  validateDelayMs: number;
  /** Larger files are declined, KB. */
  maxFileSizeKB: number;
  /** Estimate when a file is saved. */
  estimateOnSave: boolean;
  /** Estimate when a file is opened. */
  estimateOnOpen: boolean;
  /** Diagnostics below this severity are not shown (also not in Problems). */
  diagnosticsMinimumSeverity: Severity;
  /** Show structural diagnostics even when the YAML extension reports schema problems too. */
  structuralWithYamlExtension: boolean;
  /** Defaults used when a deployment file does not say. */
  defaults: EstimateDefaults;
}


const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

function optionalNumber(config: vscode.WorkspaceConfiguration, key: string): number | undefined {
  const value = config.get<number | null>(key, null);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('llmSizing', scope);
  return {
    files: config.get<string[]>('files', DEFAULT_DEPLOYMENT_GLOBS),
    validateOnType: config.get<boolean>('validation.onType', true),
    validateDelayMs: Math.max(0, config.get<number>('validation.delayMs', 250)),
    maxFileSizeKB: Math.max(1, config.get<number>('maxFileSizeKB', 5000)),
    estimateOnSave: config.get<boolean>('estimate.onSave', true),
    estimateOnOpen: config.get<boolean>('estimate.onOpen', true),
    diagnosticsMinimumSeverity: ((s) => (SEVERITIES.includes(s) ? s : 'hint'))(config.get<Severity>('diagnostics.minimumSeverity', 'hint')),
    structuralWithYamlExtension: config.get<boolean>('diagnostics.structuralWithYamlExtension', true),
    defaults: {
      engine: config.get<string | null>('defaults.engine', null) ?? undefined,
      electricityUsdPerKwh: optionalNumber(config, 'defaults.electricityUsdPerKwh'),
      pue: optionalNumber(config, 'defaults.pue'),
      amortizationMonths: optionalNumber(config, 'defaults.amortizationMonths'),
    },
  };
}
