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
  /** Device of serving manifests that name no GPU type (a catalog id), or undefined. */
  defaultHardware: string | undefined;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info', 'hint'];

/**
 * Documented defaults and bounds of the numeric settings (package.json `contributes.configuration`).
 * A hand-edited settings.json can hold anything (`"abc"`, `null`, a huge number): what is read is
 * checked here, never trusted, so a bad value cannot switch a limit off (`Math.max(1, "abc")` is NaN,
 * and `length > NaN` is always false).
 */
export const NUMBER_SETTINGS = {
  'validation.delayMs': { default: 250, minimum: 0, maximum: 5000 },
  maxFileSizeKB: { default: 5000, minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
} as const;

/**
 * A numeric setting: a value that is not a finite number (a string, NaN, ±Infinity, null, an object)
 * gives the documented default; a finite number outside the documented bounds is clamped to them
 * (e.g. maxFileSizeKB -5 → 1, the smallest limit, never "no limit").
 */
function numberSetting(config: vscode.WorkspaceConfiguration, key: keyof typeof NUMBER_SETTINGS): number {
  const spec = NUMBER_SETTINGS[key];
  const value: unknown = config.get<unknown>(key, spec.default);
  if (typeof value !== 'number' || !Number.isFinite(value)) return spec.default;
  return Math.min(spec.maximum, Math.max(spec.minimum, value));
}

function booleanSetting(config: vscode.WorkspaceConfiguration, key: string, fallback: boolean): boolean {
  const value: unknown = config.get<unknown>(key, fallback);
  return typeof value === 'boolean' ? value : fallback;
}

/** An optional number (null: not set): only a finite number within the documented bounds counts. */
function optionalNumber(
  config: vscode.WorkspaceConfiguration,
  key: string,
  minimum: number,
  maximum = Infinity,
): number | undefined {
  const value: unknown = config.get<unknown>(key, null);
  return typeof value === 'number' && Number.isFinite(value) && value >= minimum && value <= maximum
    ? value
    : undefined;
}

function globs(config: vscode.WorkspaceConfiguration): string[] {
  const value: unknown = config.get<unknown>('files', DEFAULT_DEPLOYMENT_GLOBS);
  return Array.isArray(value) && value.every((g) => typeof g === 'string') ? value : DEFAULT_DEPLOYMENT_GLOBS;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const config = vscode.workspace.getConfiguration('llmSizing', scope);
  const severity: unknown = config.get<unknown>('diagnostics.minimumSeverity', 'hint');
  const engine: unknown = config.get<unknown>('defaults.engine', null);
  const hardware: unknown = config.get<unknown>('defaultHardware', null);
  return {
    files: globs(config),
    validateOnType: booleanSetting(config, 'validation.onType', true),
    validateDelayMs: numberSetting(config, 'validation.delayMs'),
    maxFileSizeKB: numberSetting(config, 'maxFileSizeKB'),
    estimateOnSave: booleanSetting(config, 'estimate.onSave', true),
    estimateOnOpen: booleanSetting(config, 'estimate.onOpen', true),
    diagnosticsMinimumSeverity: SEVERITIES.includes(severity as Severity) ? (severity as Severity) : 'hint',
    structuralWithYamlExtension: booleanSetting(config, 'diagnostics.structuralWithYamlExtension', true),
    defaults: {
      engine: typeof engine === 'string' ? engine : undefined,
      electricityUsdPerKwh: optionalNumber(config, 'defaults.electricityUsdPerKwh', 0),
      pue: optionalNumber(config, 'defaults.pue', 1, 5),
      amortizationMonths: optionalNumber(config, 'defaults.amortizationMonths', 1, 240),
    },
    // Checked against the catalog where it is used: an unknown id is the same as none (LLMS209 says so).
    defaultHardware:
      typeof hardware === 'string' && hardware.length > 0 && hardware.length <= 100 ? hardware : undefined,
  };
}
