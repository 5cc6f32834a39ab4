/**
 * The measurements `accuracy` and `calibrate` read: cases files (docs/accuracy.md "Case format")
 * and benchmark result files (vllm bench serve, SGLang bench_serving, GuideLLM, genai-perf,
 * llama-bench), the latter turned into cases on the replica of `--deployment` / `--placement`.
 * Each file is read once, within the same input limits as the other commands.
 */
import { basename, dirname, resolve } from 'node:path';
import type { Catalog } from '../core/catalog';
import { parseCases, type ParsedCase } from '../core/accuracy/cases';
import { isBenchmarkResult, parseBenchmarkResults } from '../core/calibrate/results';
import { casesFromRuns, measuredTarget } from '../core/calibrate/fromDeployment';
import { LineIndex } from '../core/findings';
import { excessiveNesting, MAX_PARSE_NESTING } from '../core/parse/nesting';
import { toReportDiagnostic, type ReportDiagnostic } from '../core/report/diagnostic';
import { validateText } from '../core/validate';
import type { CliIo } from './io';
import { stringOption, UsageError, type ParsedArgs } from './args';
import { formatDiagnosticLine } from './diagnosticsOutput';
import { workspaceCatalogFor } from './workspaceCatalog';
import { oneLine } from './terminal';

export interface Measurements {
  cases: ParsedCase[];
  catalog: Catalog;
  /** Lines for stderr: what an import assumed or skipped (never fatal). */
  notes: string[];
}

/** A file of the command line and its text. */
interface Input {
  path: string;
  text: string;
}

/**
 * Why a measurements file is not analysed, as the finding the other commands would give, or
 * undefined. Over the size limit: the core's own LLMS006 finding at 1:1 (`validateText` declines
 * such text before parsing it), so the message matches `validate`. Nesting too deep for the YAML
 * parser's recursion: LLMS006 where the pre-scan stopped, so the user can find the spot.
 */
function declinedInput(text: string, maxChars: number): ReportDiagnostic | undefined {
  if (text.length > maxChars) {
    const result = validateText(text, { maxFileChars: maxChars });
    const finding = result.findings[0];
    return finding && toReportDiagnostic(finding, result.file.lineIndex);
  }
  const deep = excessiveNesting(text);
  if (deep === undefined) return undefined;
  const at = new LineIndex(text).positionAt(deep);
  return {
    severity: 'error',
    code: 'LLMS006',
    message: `The file nests deeper than ${MAX_PARSE_NESTING} levels here; a cases file needs only a few. It is not analysed.`,
    line: at.line + 1,
    column: at.character + 1,
    endLine: at.line + 1,
    endColumn: at.character + 1,
  };
}

/**
 * Reads the command line's files (and `--deployment`'s), each once, and turns them into cases.
 * Prints why on stderr and returns undefined when a file cannot be read or used (exit 2); throws
 * `UsageError` when a benchmark result is given without `--deployment`.
 */
export async function readMeasurements(
  parsed: ParsedArgs,
  io: CliIo,
  maxChars: number,
): Promise<Measurements | undefined> {
  const inputs: Input[] = [];
  for (const path of parsed.files) {
    let text: string;
    try {
      text = io.readFile(path, maxChars);
    } catch (error) {
      io.stderr(`${oneLine(path)}: ${(error as Error).message}\n`);
      return undefined;
    }
    const declined = declinedInput(text, maxChars);
    if (declined) {
      io.stderr(`${formatDiagnosticLine(path, declined)}\n`);
      return undefined;
    }
    inputs.push({ path, text });
  }
  const deployment = stringOption(parsed, 'deployment');
  const placement = stringOption(parsed, 'placement');
  try {
    return await measurementsOf(inputs, io, {
      maxChars,
      ...(deployment !== undefined ? { deployment } : {}),
      ...(placement !== undefined ? { placement } : {}),
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    io.stderr(`${oneLine((error as Error).message)}\n`);
    return undefined;
  }
}

/**
 * Cases files as they are, result files as cases on the measured replica. The catalog is the
 * workspace's as seen from the deployment file (or the first file).
 */
async function measurementsOf(
  inputs: readonly Input[],
  io: CliIo,
  options: { deployment?: string; placement?: string; maxChars: number },
): Promise<Measurements> {
  const notes: string[] = [];
  const anchor = options.deployment ?? inputs[0]?.path ?? '.';
  const workspace = await workspaceCatalogFor(dirname(resolve(anchor)));
  notes.push(...workspace.problems);
  const cat = workspace.catalog;
  const cases: ParsedCase[] = [];
  let target: ReturnType<typeof measuredTarget> | undefined;
  for (const { path, text } of inputs) {
    if (!isBenchmarkResult(text)) {
      const parsed = parseCases(text);
      // A YAML error quotes the offending lines: one line, so it cannot pose as a CI command.
      if (parsed.error) throw new FileProblem(`${oneLine(path)}: ${oneLine(parsed.error)}`);
      cases.push(...parsed.cases);
      continue;
    }
    if (options.deployment === undefined)
      throw new UsageError(
        `${path} is a benchmark result: name the deployment it measured with --deployment FILE (and --placement NAME)`,
      );
    if (!target) {
      const deploymentText = io.readFile(options.deployment, options.maxChars);
      target = measuredTarget(deploymentText, cat, options.placement);
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
