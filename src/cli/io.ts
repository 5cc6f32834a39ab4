import type { GitAccess } from './git';

/**
 * The CLI's window on the outside world. Commands receive it instead of touching `process` or
 * `fs` directly, so they are testable in-process and exit codes are explicit.
 */
export interface CliIo {
  /** Writes to standard output (no newline added). */
  stdout(text: string): void;
  /** Writes to standard error (no newline added). */
  stderr(text: string): void;
  /**
   * Reads a UTF-8 file; throws an Error with a readable message when it cannot. `maxChars` is the
   * caller's size limit in characters: a file that cannot be within it (more than 4 bytes per
   * character) is declined without being read.
   */
  readFile(path: string, maxChars?: number): string;
  /** Writes a UTF-8 file, replacing whatever is at `path` (a symlink there is replaced, not followed). */
  writeFile(path: string, text: string): void;
  /** Creates a folder and its parents when missing; absent where the host cannot. */
  makeDirectory?(path: string): void;
  /** Files matching a glob (`k8s/**\/*.yaml`), sorted; absent where the host cannot list files. */
  glob?(pattern: string): string[];
  /** Whether a path is a folder; absent where the host cannot tell (every path is then a file). */
  isDirectory?(path: string): boolean;
  /**
   * Standard output is a terminal and NO_COLOR is not set: pictures may use Unicode block
   * characters (otherwise plain ASCII, for logs and files).
   */
  unicodeTerminal?: boolean;
  /** Git, for `diff --base`; absent where the host has none. */
  git?: GitAccess;
  /** The HTML report's CSS (the panel's style sheet and the report's); absent where the host has none. */
  reportStyles?(): string;
}

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  /** `check` found a failing placement. */
  checkFailed: 1,
  /** Invalid input or usage error. */
  invalid: 2,
} as const;

/** A CLI command: parses its own arguments, returns the process exit code. */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;
