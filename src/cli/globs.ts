/**
 * Glob arguments (`'k8s/**\/*.yaml'`, quoted so the shell leaves them) expanded through the host's
 * file listing; every other argument is a path as given.
 */
import type { CliIo } from './io';

const GLOB_CHARS = /[*?{]/;

/** Expands glob arguments; `globbed` holds the paths that came from a glob (not named by the user). */
export function expandGlobs(args: readonly string[], io: CliIo): { paths: string[]; globbed: Set<string> } {
  const paths: string[] = [];
  const globbed = new Set<string>();
  for (const arg of args) {
    if (!GLOB_CHARS.test(arg) || !io.glob) {
      paths.push(arg);
      continue;
    }
    const matches = io.glob(arg);
    if (!matches.length) io.stderr(`${arg}: no file matches\n`);
    for (const m of matches) {
      if (globbed.has(m)) continue;
      globbed.add(m);
      paths.push(m);
    }
  }
  return { paths, globbed };
}
