/**
 * Helpers of the placement suites: a deployment text builder and evaluation shortcuts.
 */
import { evaluateText, type FileEvaluation } from '../../../src/core/placements';
import type { PlacementReport } from '../../../src/core/report/types';

/** A deployment document with the given workload, constraints and placements (YAML blocks). */
export function deploymentYaml(opts: {
  model?: string;
  workload: string;
  constraints?: string;
  placements: string[];
  engine?: string;
}): string {
  return [
    'apiVersion: llm-sizing/v1',
    'kind: Deployment',
    'name: test',
    'model:',
    ...(opts.model ?? 'id: llama-3.1-8b').split('\n').map((l) => `  ${l}`),
    ...(opts.engine ? [`engine: ${opts.engine}`] : []),
    'workload:',
    ...opts.workload.split('\n').map((l) => `  ${l}`),
    ...(opts.constraints ? ['constraints:', ...opts.constraints.split('\n').map((l) => `  ${l}`)] : []),
    'placements:',
    ...opts.placements.flatMap((p) => p.split('\n').map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))),
    '',
  ].join('\n');
}

export function evaluate(text: string): FileEvaluation {
  const e = evaluateText(text);
  const errors = e.validation.findings.filter((f) => f.severity === 'error');
  if (errors.length)
    throw new Error(`fixture does not validate: ${errors.map((f) => `${f.code} ${f.message}`).join('; ')}`);
  return e;
}

export function placements(text: string): PlacementReport[] {
  return evaluate(text).documents.flatMap((d) => d.report.placements);
}

export function only(text: string): PlacementReport {
  const ps = placements(text);
  if (ps.length !== 1) throw new Error(`expected one placement, got ${ps.length}`);
  return ps[0]!;
}

/** Relative closeness. */
export function near(actual: number, expected: number, rel = 1e-5): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected));
}

/** A file with a validation error (unknown hardware id on line 7). */
export const INVALID =
  'apiVersion: llm-sizing/v1\nkind: Deployment\nname: x\nmodel: {id: llama-3.1-8b}\nworkload: {inputTokens: 10, outputTokens: 10, peakRequestsPerSecond: 1}\nplacements:\n  - {name: a, type: on-prem, hardware: h100-sxm-80g, gpus: 1}\n';
/** A valid file whose only placement fails (over budget; placement on line 8, budget on line 6). */
export const FAILING =
  'apiVersion: llm-sizing/v1\nkind: Deployment\nname: y\nmodel: {id: llama-3.1-8b}\nworkload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: 2, slo: {ttftMs: 1000}}\nconstraints: {monthlyBudgetUsd: 10}\nplacements:\n  - name: pricey\n    type: on-prem\n    hardware: h100-sxm-80gb\n    gpus: 1\n';
