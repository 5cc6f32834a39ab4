/**
 * `llm-sizing report FILE... [--format markdown|text|json|sarif] [--output PATH] [--force]`
 * A sizing report, Markdown by default (comparison tables, then per placement: memory, latency,
 * cost breakdown and every assumption). `--output` writes it to a file instead of stdout: a new
 * file renamed over PATH, so a symlink at PATH is replaced rather than followed; a device, FIFO,
 * socket or directory at PATH is refused (exit 2).
 * Exit codes as `estimate`: 0 valid input, 2 invalid input or usage.
 */
import { ExitCode, type CliCommand } from '../io';
import { UsageError } from '../args';
import { oneLine } from '../terminal';
import { evaluateFiles, parseReportArgs, render } from './estimate';

export const reportCommand: CliCommand = async (args, io) => {
  const { parsed, format, input } = parseReportArgs(args, 'report', ['output'], 'markdown');
  const output = parsed.options.get('output');
  if (output === true || output === '') throw new UsageError('--output needs a file path');
  const { files, invalid } = await evaluateFiles(parsed.files, io, input);
  const text = render(files, format, { detailed: true });
  if (output !== undefined) {
    try {
      io.writeFile(output, text);
    } catch (error) {
      io.stderr(`${oneLine(output)}: cannot write (${(error as Error).message})\n`);
      return ExitCode.invalid;
    }
    io.stderr(`wrote ${oneLine(output)}\n`);
  } else io.stdout(text);
  return invalid ? ExitCode.invalid : ExitCode.ok;
};
