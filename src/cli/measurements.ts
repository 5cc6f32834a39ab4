/**
 * The measurements `accuracy` and `calibrate` read: cases files (docs/accuracy.md "Case format")
 * and benchmark result files (vllm bench serve, SGLang bench_serving, GuideLLM, genai-perf,
 * llama-bench), the latter turned into cases on the replica of `--deployment` / `--placement`.
 */
import { basename, dirname, resolve } from 'node:path';
import type { Catalog } from '../core/catalog';
import { parseCases, type ParsedCase } from '../core/accuracy/cases';
import { parseBenchmarkResults } from '../core/calibrate/results';
import { casesFromRuns, measuredTarget } from '../core/calibrate/fromDeployment';
import type { CliIo } from './io';
import { UsageError } from './args';
import { workspaceCatalogFor } from './workspaceCatalog';
import { oneLine } from './terminal';

export interface Measurements {
  cases: ParsedCase[];
  catalog: Catalog;
  /** Lines for stderr: what an import assumed or skipped (never fatal). */
  notes: string[];
}

/** Whether a text is a benchmark result (JSON, JSON Lines or llama-bench CSV) rather than a cases file. */
export function isBenchmarkResult(text: string): boolean {
  const t = text.trimStart();
  if (t.startsWith('{')) return !/^\{\s*"?cases"?\s*:/.test(t);
  if (t.startsWith('[')) return !/"metric"\s*:/.test(t.slice(0, 2000));
  return /(^|,)"?avg_ts"?(,|$)/.test(t.split(/\r?\n/, 1)[0] ?? '');
}

/**
 * Reads every file: cases files as they are, result files as cases on the measured replica. The
 * catalog is the workspace's as seen from the deployment file (or the first file).
 * Throws `UsageError` when a result file is given without `--deployment`, or a file cannot be read.
 */
export async function readMeasurements(
  files: readonly string[],
  io: CliIo,
  options: { deployment?: string; placement?: string; maxChars: number },
): Promise<Measurements> {
  const notes: string[] = [];
  const anchor = options.deployment ?? files[0] ?? '.';
  const workspace = await workspaceCatalogFor(dirname(resolve(anchor)));
  notes.push(...workspace.problems);
  const cat = workspace.catalog;
  const cases: ParsedCase[] = [];
  let target: ReturnType<typeof measuredTarget> | undefined;
  for (const path of files) {
    const text = io.readFile(path, options.maxChars);
    if (!isBenchmarkResult(text)) {
      const parsed = parseCases(text);
      if (parsed.error) throw new FileProblem(`${oneLine(path)}: ${oneLine(parsed.error)}`);
      cases.push(...parsed.cases);
      continue;
    }
    if (options.deployment === undefined)
      throw new UsageError(
        `${path} is a benchmark result: name the deployment it measured with --deployment FILE (and --placement NAME)`,
      );
    if (!target) {
      const text = io.readFile(options.deployment, options.maxChars);
      target = measuredTarget(text, cat, options.placement);
      if (!target.ok) throw new FileProblem(`${oneLine(options.deployment)}: ${oneLine(target.error)}`);
      for (const n of target.target.notes) notes.push(`${options.deployment}: ${n}`);
    }
    if (!target.ok) continue;
    const results = parseBenchmarkResults(text);
    for (const p of results.problems) notes.push(`${path}: ${p}`);
    if (!results.runs.length && results.problems.length)
      throw new FileProblem(`${oneLine(path)}: ${oneLine(results.problems[0]!)}`);
    for (const run of results.runs) for (const n of run.notes) notes.push(`${path} (${run.label}): ${n}`);
    cases.push(...casesFromRuns(results.runs, target.target, basename(path)));
  }
  return { cases, catalog: cat, notes: [...new Set(notes)] };
}

/** A file that was read but cannot be used (exit 2, one line on stderr). */
class FileProblem extends Error {}
