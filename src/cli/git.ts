/**
 * Reading an older revision with git for `llm-sizing diff --base REF`: file contents and listings
 * come from the object store (`git show`, `git ls-tree`), so nothing is checked out and the work
 * tree is never touched. Paths are relative to the current directory, as the user typed them.
 */
import { execFileSync } from 'node:child_process';
import { isAbsolute, relative, resolve } from 'node:path';

/** The git operations `diff --base` needs; a fake in tests. */
export interface GitAccess {
  /** The commit a ref names; throws an Error with git's message when it names none. */
  resolve(ref: string): string;
  /** A file's text at a commit, or undefined when the file does not exist there. */
  show(commit: string, path: string): string | undefined;
  /** The files under a folder (recursively) at a commit: absolute when `folder` is, else relative to the current directory. */
  listFiles(commit: string, folder: string): string[];
}

/** Bytes git may hand back for one file: generous, the CLI's own size limit applies after. */
const MAX_GIT_OUTPUT = 64 * 1024 * 1024;

function run(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: MAX_GIT_OUTPUT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr;
  const first = typeof stderr === 'string' ? stderr.trim().split('\n')[0] : undefined;
  return first || (error instanceof Error ? error.message : String(error));
}

/** `./path` relative to `cwd`, the form `git cat-file REV:./path` resolves from there. */
function fromHere(cwd: string, path: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  return `./${rel.replace(/\\/g, '/').replace(/^\.\//, '')}`;
}

/** Git through the `git` executable on PATH, run in the folder `cwd()` names (paths are relative to it). */
export function gitIn(cwd: () => string): GitAccess {
  const git = (args: string[]) => run(cwd(), args);
  return {
    resolve(ref) {
      if (ref.startsWith('-')) throw new Error(`'${ref}' is not a revision`);
      try {
        return git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
      } catch (error) {
        const why = gitMessage(error);
        throw new Error(
          `--base '${ref}' names no commit in this repository${why.startsWith('Command failed') ? '' : ` (${why})`}`,
          { cause: error },
        );
      }
    },
    show(commit, path) {
      const spec = `${commit}:${fromHere(cwd(), path)}`;
      try {
        git(['cat-file', '-e', spec]);
      } catch {
        return undefined;
      }
      return git(['cat-file', 'blob', spec]);
    },
    listFiles(commit, folder) {
      const out = git(['ls-tree', '-r', '--name-only', commit, '--', fromHere(cwd(), folder)]);
      // git lists paths relative to its directory: give them back in the form the folder was named.
      return out
        .split('\n')
        .filter(Boolean)
        .map((p) => (isAbsolute(folder) ? resolve(cwd(), p) : p));
    },
  };
}

/** Git in the process's current directory, as the user runs the CLI. */
export const processGit = gitIn(() => process.cwd());
