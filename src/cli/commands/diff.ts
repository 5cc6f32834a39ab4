/**
 * `llm-sizing diff OLD NEW` (two files or two folders) or `llm-sizing diff PATH... --base REF`:
 * the sizing of two revisions of the same files, placement by placement — fit, memory per GPU,
 * TTFT/TPOT at the SLO percentile, throughput, monthly cost, power and verdict.
 * Exit 0 when nothing got worse, 1 when a placement that passed now fails or a `--fail-on`
 * threshold is crossed, 2 on bad input (the new revision invalid or unreadable, a bad ref, usage).
 */
import { diffReports } from '../../core/diff/compare';
import { diffJson, diffMarkdown, diffText } from '../../core/diff/render';
import { summarizeDiff } from '../../core/diff/summary';
import { parseThresholds, type Threshold } from '../../core/diff/thresholds';
import type { FileReport } from '../../core/report/types';
import { ExitCode, type CliCommand, type CliIo } from '../io';
import {
  fileCharLimit,
  formatOption,
  inputOptions,
  INPUT_FLAGS,
  INPUT_VALUED,
  parseArgs,
  runBudget,
  UsageError,
  type InputOptions,
} from '../args';
import { forOutput, oneLine, oneLineStrings } from '../terminal';
import { expandGlobs } from '../globs';
import { evaluateSource, unreadableFile, type EvaluatedFile } from './estimate';

const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;

/** Where one side's text comes from: a readable source, or absent in that revision. */
type Source = { text: string } | { missing: true } | { error: string };

/** One file compared: the name it is reported under and where each revision's text comes from. */
interface Pair {
  path: string;
  before: () => Source;
  after: () => Source;
}

const YAML_FILES = '**/*.{yaml,yml}';
const YAML_NAME = /\.ya?ml$/i;

function readSource(io: CliIo, path: string, input: InputOptions): Source {
  try {
    return { text: io.readFile(path, fileCharLimit(input)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function within(text: string | undefined, input: InputOptions): Source {
  if (text === undefined) return { missing: true };
  if (text.length > fileCharLimit(input)) return { error: `larger than ${fileCharLimit(input)} characters` };
  return { text };
}

function yamlFilesIn(io: CliIo, folder: string): string[] {
  if (!io.glob) throw new UsageError('folders need a host that can list files');
  const prefix = folder.replace(/[\\/]+$/, '');
  return io.glob(`${prefix}/${YAML_FILES}`).map((p) => p.slice(prefix.length + 1));
}

/** Two folders: every YAML file in either, matched by its path inside the folder. */
function folderPairs(io: CliIo, oldDir: string, newDir: string, input: InputOptions): Pair[] {
  const inOld = new Set(yamlFilesIn(io, oldDir));
  const inNew = new Set(yamlFilesIn(io, newDir));
  const side = (dir: string, has: Set<string>, name: string) => () =>
    has.has(name) ? readSource(io, `${dir.replace(/[\\/]+$/, '')}/${name}`, input) : { missing: true as const };
  return [...new Set([...inOld, ...inNew])]
    .sort()
    .map((name) => ({ path: name, before: side(oldDir, inOld, name), after: side(newDir, inNew, name) }));
}

/** `--base REF`: each path (file, folder or glob) now, against its content at the commit. */
function basePairs(io: CliIo, paths: string[], ref: string, input: InputOptions): Pair[] {
  const git = io.git;
  if (!git) throw new UsageError('--base needs git');
  const commit = git.resolve(ref);
  const files: string[] = [];
  const { paths: expanded } = expandGlobs(paths, io);
  for (const path of expanded) {
    if (io.isDirectory?.(path)) {
      const prefix = path.replace(/[\\/]+$/, '');
      const now = yamlFilesIn(io, prefix).map((name) => `${prefix}/${name}`);
      const then = git.listFiles(commit, prefix).filter((p) => YAML_NAME.test(p));
      files.push(...now, ...then);
    } else files.push(path);
  }
  return [...new Set(files.map(samePath))].sort().map((path) => ({
    path,
    before: () => within(git.show(commit, path), input),
    after: () => {
      const now = readSource(io, path, input);
      // A file git has at the base but the work tree no longer has was deleted by the change.
      if ('error' in now && isMissing(now) && git.show(commit, path) !== undefined) return { missing: true };
      return now;
    },
  }));
}

/** One spelling per file: forward slashes, no leading `./`. */
function samePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function isMissing(source: { error: string }): boolean {
  return /no such file|ENOENT|not found/i.test(source.error);
}

/** The pairs to compare from the arguments. */
function pairsFor(io: CliIo, files: string[], base: string | undefined, input: InputOptions): Pair[] {
  if (base !== undefined) {
    if (!files.length) throw new UsageError('diff --base REF needs at least one FILE or folder');
    return basePairs(io, files, base, input);
  }
  if (files.length !== 2)
    throw new UsageError('diff needs OLD and NEW (two files or two folders), or --base REF FILE...');
  const [oldPath, newPath] = files as [string, string];
  const dirs = [io.isDirectory?.(oldPath) ?? false, io.isDirectory?.(newPath) ?? false];
  if (dirs[0] !== dirs[1]) throw new UsageError('diff compares two files or two folders, not one of each');
  if (dirs[0]) return folderPairs(io, oldPath, newPath, input);
  return [{ path: newPath, before: () => readSource(io, oldPath, input), after: () => readSource(io, newPath, input) }];
}

interface SideResult {
  reports: FileReport[];
  invalid: boolean;
}

async function evaluateSide(
  io: CliIo,
  pairs: Pair[],
  side: 'before' | 'after',
  input: InputOptions,
): Promise<SideResult> {
  const budget = runBudget();
  const reports: FileReport[] = [];
  let invalid = false;
  const label = side === 'before' ? 'old revision: ' : '';
  for (const pair of pairs) {
    const source = pair[side]();
    if ('missing' in source) continue;
    let file: EvaluatedFile;
    if ('error' in source) {
      file = unreadableFile(pair.path, new Error(source.error));
      io.stderr(`${label}${oneLine(pair.path)}: ${source.error}\n`);
      invalid = true;
    } else {
      // Findings of the old revision are not this change's problem: only the new one is reported.
      const quiet: CliIo = side === 'before' ? { ...io, stderr: () => undefined } : io;
      file = await evaluateSource(pair.path, source.text, quiet, input, budget);
      const errors = file.report.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length) invalid = true;
      for (const d of errors.slice(0, 20))
        io.stderr(`${label}${oneLine(pair.path)}:${d.line}:${d.column}: error ${d.code} ${oneLine(d.message)}\n`);
    }
    reports.push(file.report);
  }
  return { reports, invalid };
}

function thresholdsOption(text: string): Threshold[] {
  try {
    return parseThresholds(text);
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

export const diffCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format', 'base', 'fail-on', ...INPUT_VALUED], INPUT_FLAGS);
  const format = formatOption(parsed, DIFF_FORMATS, 'text');
  const input = inputOptions(parsed);
  const base = parsed.options.get('base');
  if (base === true) throw new UsageError('--base needs a revision');
  const failOn = parsed.options.get('fail-on');
  const thresholds = typeof failOn === 'string' ? thresholdsOption(failOn) : [];
  let pairs: Pair[];
  try {
    pairs = pairsFor(io, parsed.files, base, input);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    io.stderr(`llm-sizing diff: ${oneLine((error as Error).message)}\n`);
    return ExitCode.invalid;
  }
  const before = await evaluateSide(io, pairs, 'before', input);
  const after = await evaluateSide(io, pairs, 'after', input);
  if (before.invalid)
    io.stderr(
      'llm-sizing diff: the old revision has errors; its placements are compared as far as they were estimated\n',
    );
  const human = format !== 'json';
  const prepare = (reports: FileReport[]) => (human ? reports.map((r) => oneLineStrings(r)) : reports);
  const diff = diffReports(prepare(before.reports), prepare(after.reports));
  const summary = summarizeDiff(diff, thresholds);
  const text =
    format === 'json'
      ? `${JSON.stringify(diffJson(diff, summary), null, 2)}\n`
      : format === 'markdown'
        ? diffMarkdown(diff, summary)
        : diffText(diff, summary);
  io.stdout(forOutput(text, format));
  if (after.invalid) return ExitCode.invalid;
  return summary.worse ? ExitCode.checkFailed : ExitCode.ok;
};
