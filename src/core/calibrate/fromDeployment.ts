/**
 * Benchmark runs + the deployment they measured → calibration cases (the format of
 * `llm-sizing accuracy`), so a team's own `vllm bench serve` or `llama-bench` files are scored and
 * fitted without writing cases by hand (issue 16 item 6).
 *
 * The measured system is one replica of a placement: the placement's parallelism, or one GPU (as
 * the estimate of that placement counts a replica). A benchmark aimed at a load balancer over
 * several replicas measures something else; the notes say so when the placement has several.
 */
import type { Catalog } from '../catalog';
import type { CaseInput, ParsedCase } from '../accuracy/cases';
import { partTargets, type PartTarget } from '../placements/targets';
import { splitsByLayers } from '../placements/sizing';
import { validateText } from '../validate';
import type { MeasuredRun } from './results';

/** What the cases of every run share: the measured replica, as case fields. */
export interface MeasuredTarget {
  base: Omit<CaseInput, 'id' | 'metric' | 'workload'>;
  /** `deployment / placement`, for case ids and messages. */
  label: string;
  notes: string[];
}

export type MeasuredTargetResult = { ok: true; target: MeasuredTarget } | { ok: false; error: string };

/**
 * The replica a benchmark measured: `placementName` of the first deployment in `text` (or its only
 * placement). Model and device must be catalog ids (built-in or `.llm-sizing/catalog.yaml`).
 */
export function measuredTarget(text: string, cat: Catalog, placementName?: string): MeasuredTargetResult {
  const validation = validateText(text, { catalog: cat });
  const doc = validation.documents.find((d) => d.deployment);
  const deployment = doc?.deployment;
  if (!doc || !deployment) {
    const error = validation.findings.find((f) => f.severity === 'error');
    return {
      ok: false,
      error: error ? `the deployment file has errors: ${error.code} ${error.message}` : 'no deployment in the file',
    };
  }
  const names = deployment.placements.map((p) => p.name);
  const index = placementName === undefined ? (names.length === 1 ? 0 : -1) : names.indexOf(placementName);
  if (index < 0)
    return {
      ok: false,
      error:
        placementName === undefined
          ? `the deployment has ${names.length} placements (${names.join(', ')}): name the one measured with --placement`
          : `no placement '${placementName}' (the deployment has ${names.join(', ')})`,
    };
  const placement = deployment.placements[index]!;
  const targets = partTargets(deployment, placement, ['placements', doc.placementSourceIndex[index] ?? index], cat);
  if ('error' in targets) return { ok: false, error: targets.error };
  const notes: string[] = [];
  const target = targets[0] as PartTarget;
  if (targets.length > 1) notes.push(`hybrid placement: the measurement is taken as its on-prem part’s`);
  if (typeof target.model !== 'string')
    return {
      ok: false,
      error: `${target.modelLabel} is not a catalog model: add it to .llm-sizing/catalog.yaml to score measurements of it`,
    };
  if (target.hardware !== cat.hardware.get(target.hardwareId))
    notes.push(`hardwareOverrides are not carried into cases: the catalog's ${target.hardwareId} is used`);
  const shape = target.parallelism ?? { tensor: 1, pipeline: 1, expert: 1, data: 1 };
  const gpus = shape.tensor * shape.pipeline * shape.data;
  if (target.gpus === 'auto') notes.push(`gpus: auto — the measured replica is taken as ${gpus} GPU(s)`);
  else if (target.gpus > gpus && placement.type !== 'edge')
    notes.push(
      `the placement has ${Math.floor(target.gpus / gpus)} replicas of ${gpus} GPU(s): the benchmark is taken as one replica’s`,
    );
  const splitNote = splitsByLayers(target) && shape.pipeline > 1 ? ' (layer split)' : '';
  const base: MeasuredTarget['base'] = {
    model: target.model,
    hardware: target.hardwareId,
    engine: target.engine.id,
    gpus,
    parallelism: {
      tensor: shape.tensor,
      pipeline: shape.pipeline,
      expert: shape.expert,
      data: shape.data,
      ...(shape.decodeContext !== undefined ? { decodeContext: shape.decodeContext } : {}),
    },
    ...(target.weights !== undefined ? { weights: target.weights } : {}),
    ...(target.kvCache !== undefined ? { kvCache: target.kvCache } : {}),
    ...(target.memoryGB !== undefined ? { memoryGB: target.memoryGB } : {}),
    ...(Object.keys(target.engineOptions).length ? { engineOptions: target.engineOptions } : {}),
  };
  return { ok: true, target: { base, label: `${deployment.name}/${placement.name}${splitNote}`, notes } };
}

/** The cases of benchmark runs on a measured replica: one per measurement. */
export function casesFromRuns(runs: readonly MeasuredRun[], target: MeasuredTarget, fileLabel: string): ParsedCase[] {
  const out: ParsedCase[] = [];
  for (const run of runs) {
    const { inputTokens, outputTokens, concurrency, requestsPerSecond, prompts, fixedLengths } = run.workload;
    for (const m of run.measurements) {
      const input: CaseInput = {
        ...target.base,
        ...(run.weights ? { weights: run.weights } : {}),
        ...(run.backend ? { backend: run.backend } : {}),
        id: `${fileLabel} ${run.label} ${m.metric}`,
        metric: m.metric,
        workload: {
          inputTokens,
          outputTokens,
          ...(concurrency !== undefined ? { concurrency } : {}),
          ...(requestsPerSecond !== undefined ? { requestsPerSecond } : {}),
          ...(prompts !== undefined ? { prompts } : {}),
          ...(fixedLengths ? { fixedLengths } : {}),
        },
        ...(m.stat && m.stat !== 'p50' ? { stat: m.stat } : {}),
      };
      out.push({
        input,
        measured: m.value,
        source: `${run.tool}: ${fileLabel} (${run.label}) on ${target.label}`,
        ...(run.notes.length ? { note: run.notes.join('; ') } : {}),
      });
    }
  }
  return out;
}
