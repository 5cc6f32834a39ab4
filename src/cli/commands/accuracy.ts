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
import { formatAccuracyText, scoreCases } from '../../core/accuracy/index';
import type { ParsedCase } from '../../core/accuracy/cases';
import { calibration } from '../../core/estimate/calibration';
import { readMeasurements } from '../measurements';
import { ExitCode, type CliCommand } from '../io';
import { fileCharLimit, formatOption, inputOptions, parseArgs, stringOption, UsageError } from '../args';
import { forOutput, oneLine, oneLineStrings } from '../terminal';

export const accuracyCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format', 'max-file-size', 'deployment', 'placement', 'write-cases'], []);
  const format = formatOption(parsed, ['text', 'json'] as const, 'text');
  if (parsed.files.length < 1) throw new UsageError('accuracy needs a FILE (cases or benchmark results)');
  const maxChars = fileCharLimit(inputOptions(parsed));
  // Cases files and benchmark results, scored with the catalog and the measured corrections of the
  // workspace they are in, as every command sees them.
  const read = await readMeasurements(parsed, io, maxChars);
  if (!read) return ExitCode.invalid;
  for (const n of read.notes) io.stderr(`${oneLine(n)}\n`);
  const report = scoreCases(read.cases, calibration, read.catalog);
  const out = stringOption(parsed, 'write-cases');
  if (out !== undefined) {
    try {
      io.writeFile(out, casesText(read.cases));
    } catch (error) {
      io.stderr(`${oneLine(out)}: ${oneLine((error as Error).message)}\n`);
      return ExitCode.invalid;
    }
  }
  if (format === 'json')
    io.stdout(
      JSON.stringify({ cases: report.cases, summary: report.summary, overall: report.overall }, null, 2) + '\n',
    );
  else io.stdout(forOutput(formatAccuracyText(oneLineStrings(report)), format));
  return ExitCode.ok;
};

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
