/**
 * Test helpers shared by the unit suites.
 */
import { readReportStyles } from '../../../src/cli/reportStyles';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TextEdit } from '../../../src/core/findings';
import { runCli } from '../../../src/cli/main';
import { catalog } from '../../../src/core/catalog';
import { matchModel } from '../../../src/core/catalog/modelReference';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures');

export function fixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

export function listFixtures(dir: string): string[] {
  return readdirSync(join(FIXTURES, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
}

/** Applies non-overlapping edits to a text (as an editor would). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const edit of edits.slice().sort((a, b) => b.range.start - a.range.start)) {
    out = out.slice(0, edit.range.start) + edit.newText + out.slice(edit.range.end);
  }
  return out;
}

/** An in-memory CliIo that records output. */
export function memoryIo(files: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '', written: {} as Record<string, string> };
  return {
    out,
    io: {
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
      readFile: (p: string) => {
        if (p in files) return files[p]!;
        try {
          return readFileSync(p, 'utf8');
        } catch {
          throw new Error('no such file');
        }
      },
      writeFile: (p: string, t: string) => void (out.written[p] = t),
      reportStyles: () => readReportStyles(__dirname),
    },
  };
}

/** Runs the CLI in-process on `args` (with optional in-memory files); returns exit code and output. */
export async function runCliCapture(args: string[], files: Record<string, string> = {}) {
  const { io, out } = memoryIo(files);
  const code = await runCli(args, io);
  return { code, ...out };
}

/** The repository root and its example files. */
export const ROOT = join(__dirname, '..', '..', '..');
export const examplePath = (name: string) => join(ROOT, 'examples', `${name}.deploy.yaml`);

/** A model reference as the catalog resolves it: [catalog model id, weights its name states]. */
export function resolvedModel(ref: string): [string | undefined, string | undefined] {
  const m = matchModel(ref, catalog);
  return [m.model?.id, m.checkpointWeights];
}
