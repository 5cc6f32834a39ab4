/**
 * `llm-sizing` — the command line over the pure core. Dispatches to one module per command;
 * turns every failure into a message on stderr and an exit code (no stack traces).
 */
import { DEFAULT_MAX_FILE_CHARS } from '../core/validate';
import { ExitCode, type CliIo } from './io';
import { UsageError } from './args';
import { commands, FORCE_HELP, MAX_FILE_SIZE_HELP, type CommandEntry } from './commands';
import { mkdirSync } from 'node:fs';
import { globFiles, isDirectory, readInputFile, writeFileReplacing } from './files';
import { processGit } from './git';
import { escapeControls, oneLine } from './terminal';
import { readReportStyles } from './reportStyles';
import { packageVersion } from './version';

const USAGE = `llm-sizing — does an LLM deployment fit, how fast is it, what does it cost

Usage:
  llm-sizing <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Options:
  --format <f>          output format (per command: text, json, markdown, sarif)
${FORCE_HELP}
${MAX_FILE_SIZE_HELP}, as in the extension
  --output <file>       report: write to this file instead of stdout (a symlink there is replaced, not followed)
  --help                this text; after a command, that command's usage;  --version: the version

Exit codes: 0 ok · 1 check failed · 2 invalid input or usage error
`;

/** Runs the CLI with arguments (without `node script`) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(USAGE);
    return name ? ExitCode.ok : ExitCode.invalid;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${packageVersion()}\n`);
    return ExitCode.ok;
  }
  const command: CommandEntry | undefined = commands[name];
  if (!command) {
    io.stderr(escapeControls(`llm-sizing: unknown command '${oneLine(name)}'\n\n${USAGE}`));
    return ExitCode.invalid;
  }
  // `llm-sizing <command> --help` anywhere before a `--`: that command's usage, nothing run.
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (options.includes('--help') || options.includes('-h')) {
    io.stdout(`${command.usage}\n`);
    return ExitCode.ok;
  }
  // Messages on stderr may quote the file (a YAML error's excerpt) or the arguments: never let
  // their control characters reach the terminal. Each command guards its own stdout by format.
  const guarded: CliIo = { ...io, stderr: (text) => io.stderr(escapeControls(text)) };
  try {
    return await command.run(rest, guarded);
  } catch (error) {
    if (error instanceof UsageError) {
      guarded.stderr(`llm-sizing ${name}: ${oneLine(error.message)}\nRun 'llm-sizing --help' for usage.\n`);
      return ExitCode.invalid;
    }
    guarded.stderr(`llm-sizing ${name}: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return ExitCode.invalid;
  }
}

/** The real process's I/O. */
export const nodeIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readFile: (path, maxChars = DEFAULT_MAX_FILE_CHARS) => readInputFile(path, maxChars),
  writeFile: (path, text) => writeFileReplacing(path, text),
  makeDirectory: (path) => mkdirSync(path, { recursive: true }),
  glob: (pattern) => globFiles(pattern),
  isDirectory: (path) => isDirectory(path),
  // NO_COLOR (no-color.org) set to any non-empty value asks for plain output.
  unicodeTerminal: process.stdout.isTTY === true && !process.env.NO_COLOR,
  git: processGit,
  reportStyles: () => readReportStyles(),
};

/**
 * A reader that stops early (`llm-sizing estimate … | head`) closes the pipe: the rest of the output
 * has nowhere to go, which is not an error of the command. Exit quietly as other CLI tools do,
 * instead of an unhandled EPIPE stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/** Entry point of `bin/llm-sizing.js`: runs with the process's arguments and sets its exit code. */
export function main(): void {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  runCli(process.argv.slice(2), nodeIo).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`llm-sizing: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = ExitCode.invalid;
    },
  );
}
