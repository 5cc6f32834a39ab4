/**
 * `llm-sizing accuracy FILE [--format json|text]`
 * Estimates every case of a measured-cases file (shared/calibration/README.md format) through the
 * public estimator and reports the error per case and per metric. Exit 0 when the file was read
 * and parsed (cases that cannot be predicted are reported, not fatal), 2 on usage or file errors.
 */
import { formatAccuracyText, runAccuracy } from '../../core/accuracy/index';
import { ExitCode, type CliCommand } from '../io';
import { formatOption, parseArgs, UsageError } from '../args';

export const accuracyCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format']);
  const format = formatOption(parsed, ['text', 'json'] as const, 'text');
  if (parsed.files.length !== 1) throw new UsageError('accuracy needs exactly one FILE');
  const path = parsed.files[0] as string;
  let text: string;
  try {
    text = io.readFile(path);
  } catch (error) {
    io.stderr(`${path}: ${(error as Error).message}\n`);
    return ExitCode.invalid;
  }
  const report = runAccuracy(text);
  if (report.error) {
    io.stderr(`${path}: ${report.error}\n`);
    return ExitCode.invalid;
  }
  if (format === 'json') io.stdout(JSON.stringify({ cases: report.cases, summary: report.summary, overall: report.overall }, null, 2) + '\n');
  else io.stdout(formatAccuracyText(report));
  return ExitCode.ok;
};
