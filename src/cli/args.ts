import { DEFAULT_MAX_FILE_CHARS, workBudget, type WorkBudget } from '../core/validate';
import { catalog } from '../core/catalog';

/**
 * A small argument parser: positional files plus `--flag value` / `--flag=value` options.
 * Unknown options are usage errors (exit 2), never ignored.
 */
export interface ParsedArgs {
  files: string[];
  options: Map<string, string | true>;
}

export class UsageError extends Error {}

/**
 * @param valued options that take a value (e.g. `format`)
 * @param flags boolean options (e.g. `force`)
 */
export function parseArgs(args: string[], valued: string[], flags: string[] = []): ParsedArgs {
  const files: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (flags.includes(name)) options.set(name, true);
    else if (valued.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else throw new UsageError(`unknown option --${name}`);
  }
  return { files, options };
}

/** How input files are read: `--force` (deployment files without the marker) and `--max-file-size KB`. */
export interface InputOptions {
  force: boolean;
  /** Files longer than this many characters are declined (LLMS006); default 5,000 KB as in the extension. */
  maxFileChars?: number;
  /** `--hardware ID`: the device of manifests that do not name their GPU type. */
  hardware?: string;
}

/** The option names `inputOptions` reads (add them to parseArgs' lists). */
export const INPUT_VALUED = ['max-file-size', 'hardware'];
export const INPUT_FLAGS = ['force'];

/** Reads `--force`, `--max-file-size KB` and `--hardware ID`. */
export function inputOptions(parsed: ParsedArgs): InputOptions {
  const hardware = hardwareOption(parsed);
  const base = { force: parsed.options.has('force'), ...(hardware ? { hardware } : {}) };
  const size = parsed.options.get('max-file-size');
  if (size === undefined) return base;
  const kb = Number(size);
  if (size === true || !Number.isFinite(kb) || kb <= 0)
    throw new UsageError('--max-file-size must be a positive number of KB');
  return { ...base, maxFileChars: Math.floor(kb * 1024) };
}

/** `--hardware ID`: a catalog device id or alias. */
function hardwareOption(parsed: ParsedArgs): string | undefined {
  const value = parsed.options.get('hardware');
  if (value === undefined) return undefined;
  const entry = value === true ? undefined : catalog.hardware.get(value);
  if (!entry)
    throw new UsageError(
      `--hardware must be a catalog device id (e.g. h100-sxm-80gb, l40s-48gb); got '${String(value)}'`,
    );
  return entry.id;
}

/**
 * The work one run may do over all its files (the core adds its per-file limits): 1,000
 * deployment documents and 3,000 placements, about 8 s and 30 MB of JSON on a loaded machine.
 * Beyond it, the next document gets one located LLMS006 and the rest are skipped.
 */
export function runBudget(): WorkBudget {
  return workBudget(1_000, 3_000, 'per run');
}

/** The size limit in characters that applies to input files: `--max-file-size`, or the core's default. */
export function fileCharLimit(input: InputOptions): number {
  return input.maxFileChars ?? DEFAULT_MAX_FILE_CHARS;
}

/** Reads `--format`, checking it is one of `allowed`. */
export function formatOption<T extends string>(parsed: ParsedArgs, allowed: readonly T[], fallback: T): T {
  const value = parsed.options.get('format');
  if (value === undefined) return fallback;
  if (value === true || !allowed.includes(value as T))
    throw new UsageError(`--format must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** The value of a valued option `--name` (parseArgs gives every valued option a value), or undefined. */
export function stringOption(parsed: ParsedArgs, name: string): string | undefined {
  const v = parsed.options.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}
