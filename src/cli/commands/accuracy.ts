/**
 * `llm-sizing accuracy FILE [--format json|text] [--max-file-size KB]`
 * Estimates every case of a measured-cases file (format: docs/accuracy.md, "Case format") through the
 * public estimator and reports the error per case and per metric. Exit 0 when the file was read
 * and parsed (cases that cannot be predicted are reported, not fatal), 2 on usage or file errors.
 * Input is bounded as for the other commands: the same size limit (declined with LLMS006) and the
 * same nesting pre-scan before the YAML parser. (`--force` is not accepted: a cases file is read as
 * one whatever its name, and the CLI never ignores an option.)
 */
import { formatAccuracyText, runAccuracy } from '../../core/accuracy/index';
import { LineIndex } from '../../core/findings';
import { excessiveNesting, MAX_PARSE_NESTING } from '../../core/parse/nesting';
import { toReportDiagnostic, type ReportDiagnostic } from '../../core/report/diagnostic';
import { validateText } from '../../core/validate';
import { ExitCode, type CliCommand } from '../io';
import { fileCharLimit, formatOption, inputOptions, parseArgs, UsageError } from '../args';
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
  const parsed = parseArgs(args, ['format', 'max-file-size'], []);
  const format = formatOption(parsed, ['text', 'json'] as const, 'text');
  if (parsed.files.length !== 1) throw new UsageError('accuracy needs exactly one FILE');
  const maxChars = fileCharLimit(inputOptions(parsed));
  const path = parsed.files[0] as string;
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
  const report = runAccuracy(text);
  if (report.error) {
    // A YAML error quotes the offending lines: one line, so it cannot pose as a CI command.
    io.stderr(`${oneLine(path)}: ${oneLine(report.error)}\n`);
    return ExitCode.invalid;
  }
  if (format === 'json')
    io.stdout(
      JSON.stringify({ cases: report.cases, summary: report.summary, overall: report.overall }, null, 2) + '\n',
    );
  else io.stdout(forOutput(formatAccuracyText(oneLineStrings(report)), format));
  return ExitCode.ok;
};
