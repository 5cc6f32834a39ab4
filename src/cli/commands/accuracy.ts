/**
 * `llm-sizing accuracy FILE... [--deployment FILE [--placement NAME]] [--write-cases OUT]
 *  [--format json|text] [--max-file-size KB]`
 * Estimates every case of measured-cases files (format: docs/accuracy.md, "Case format") and of
 * benchmark result files (vllm bench serve, SGLang bench_serving, GuideLLM, genai-perf, llama-bench:
 * measurements of the replica of `--deployment`'s placement) through the public estimator and
 * reports the error per case and per metric. Exit 0 when the file was read
 * and parsed (cases that cannot be predicted are reported, not fatal), 2 on usage or file errors.
 * Input is bounded as for the other commands: the same size limit (declined with LLMS006) and the
 * same nesting pre-scan before the YAML parser. (`--force` is not accepted: a cases file is read as
 * one whatever its name, and the CLI never ignores an option.)
 */
import { stringify } from 'yaml';
import { formatAccuracyText, runAccuracy, scoreCases, type AccuracyReport } from '../../core/accuracy/index';
import type { ParsedCase } from '../../core/accuracy/cases';
import { calibration } from '../../core/estimate/calibration';
import { dirname, resolve } from 'node:path';
import { isBenchmarkResult, readMeasurements } from '../measurements';
import { workspaceCatalogFor } from '../workspaceCatalog';
import { LineIndex } from '../../core/findings';
import { excessiveNesting, MAX_PARSE_NESTING } from '../../core/parse/nesting';
import { toReportDiagnostic, type ReportDiagnostic } from '../../core/report/diagnostic';
import { validateText } from '../../core/validate';
import { ExitCode, type CliCommand, type CliIo } from '../io';
import { fileCharLimit, formatOption, inputOptions, parseArgs, UsageError, type ParsedArgs } from '../args';
import { formatDiagnosticLine } from '../diagnosticsOutput';
import { forOutput, oneLine, oneLineStrings } from '../terminal';

/**
 * Why a cases file is not analysed, as the finding the other commands would give, or undefined.
 * Over the size limit: the core's own LLMS006 finding at 1:1 (`validateText` declines such text
 * before parsing it), so the message matches `validate`. Nesting too deep for the YAML parser's
 * recursion: LLMS006 where the pre-scan stopped, so the user can find the spot.
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

export const accuracyCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format', 'max-file-size', 'deployment', 'placement', 'write-cases'], []);
  const format = formatOption(parsed, ['text', 'json'] as const, 'text');
  if (parsed.files.length < 1) throw new UsageError('accuracy needs a FILE (cases or benchmark results)');
  const maxChars = fileCharLimit(inputOptions(parsed));
  const texts: string[] = [];
  for (const path of parsed.files) {
    let text: string;
    try {
      text = io.readFile(path, maxChars);
    } catch (error) {
      io.stderr(`${oneLine(path)}: ${(error as Error).message}\n`);
      return ExitCode.invalid;
    }
    const declined = declinedInput(text, maxChars);
    if (declined) {
      io.stderr(`${formatDiagnosticLine(path, declined)}\n`);
      return ExitCode.invalid;
    }
    texts.push(text);
  }
  let report: AccuracyReport;
  if (parsed.files.length === 1 && !isBenchmarkResult(texts[0] as string)) {
    const path = parsed.files[0] as string;
    // The catalog and the measured corrections of the workspace the file is in, as for every command.
    const workspace = await workspaceCatalogFor(dirname(resolve(path)));
    for (const line of workspace.problems) io.stderr(`${oneLine(line)}\n`);
    report = runAccuracy(texts[0] as string, calibration, workspace.catalog);
    if (report.error) {
      // A YAML error quotes the offending lines: one line, so it cannot pose as a CI command.
      io.stderr(`${oneLine(path)}: ${oneLine(report.error)}\n`);
      return ExitCode.invalid;
    }
  } else {
    const read = await readOrFail(parsed, io, maxChars);
    if (!read) return ExitCode.invalid;
    for (const n of read.notes) io.stderr(`${oneLine(n)}\n`);
    report = scoreCases(read.cases, calibration, read.catalog);
    const out = stringOption(parsed, 'write-cases');
    if (out !== undefined) {
      try {
        io.writeFile(out, casesText(read.cases));
      } catch (error) {
        io.stderr(`${oneLine(out)}: ${oneLine((error as Error).message)}\n`);
        return ExitCode.invalid;
      }
    }
  }
  if (format === 'json')
    io.stdout(
      JSON.stringify({ cases: report.cases, summary: report.summary, overall: report.overall }, null, 2) + '\n',
    );
  else io.stdout(forOutput(formatAccuracyText(oneLineStrings(report)), format));
  return ExitCode.ok;
};

/** The value of `--name` (a string), or undefined. */
export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** Reads the measurements of the command line, printing why not (and returning undefined) on a file problem. */
export async function readOrFail(
  parsed: ParsedArgs,
  io: CliIo,
  maxChars: number,
): Promise<Awaited<ReturnType<typeof readMeasurements>> | undefined> {
  const deployment = stringOption(parsed, 'deployment');
  const placement = stringOption(parsed, 'placement');
  try {
    return await readMeasurements(parsed.files, io, {
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

/** Cases as a cases file (what `--write-cases` saves: the imported runs, editable and re-runnable). */
function casesText(cases: readonly ParsedCase[]): string {
  const list = cases.map(({ input: { id, metric, ...request }, ...c }) => ({
    id,
    metric,
    ...request,
    ...(c.measured !== null ? { measured: c.measured } : {}),
    ...(c.source !== undefined ? { source: c.source } : {}),
    ...(c.note !== undefined ? { note: c.note } : {}),
  }));
  return `# Written by llm-sizing accuracy --write-cases: measurements as cases (docs/accuracy.md "Case format").\n${stringify({ cases: list }, { aliasDuplicateObjects: false, lineWidth: 0 })}`;
}
