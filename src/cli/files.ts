/**
 * The CLI's file access, hardened against what a repository can contain: a deployment "file" that
 * is a symlink to a device (`/dev/zero` never ends), a FIFO (reading blocks forever) or a
 * multi-gigabyte file; and a report destination that is a symlink to some other file.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { globToRegExp } from '../core/parse/globs';
import { formatCount } from '../core/report/format';

/** UTF-8 needs at most 4 bytes per character: a larger file is over the limit whatever it holds. */
const MAX_BYTES_PER_CHAR = 4;

/** Bytes read per system call. */
const CHUNK_BYTES = 1 << 20;

/** Attempts at a fresh temporary name before giving up (names collide only by chance). */
const TEMP_ATTEMPTS = 8;

/** A readable message for a failed file-system call (no stack, no temporary paths). */
function describe(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error instanceof Error ? error : new Error(String(error));
  if (code === 'ENOENT') return new Error('no such file');
  if (code === 'EISDIR') return new Error('is a directory');
  if (code === 'EACCES' || code === 'EPERM') return new Error('permission denied');
  return new Error(`cannot read (${code})`);
}

/** Declines anything but a regular file: devices never end, FIFOs block, sockets cannot be read. */
function requireRegularFile(stats: Stats): void {
  if (stats.isDirectory()) throw new Error('is a directory');
  if (!stats.isFile()) throw new Error('not a regular file (a device, FIFO or socket); give the path of a YAML file');
}

function tooLarge(bytes: number, maxChars: number): Error {
  return new Error(
    `too large: ${formatCount(bytes)} bytes, far over the limit of ${formatCount(maxChars)} characters (--max-file-size); not read`,
  );
}

/** Reads up to `limit` bytes from `fd`, stopping at the end of the file. */
function readAtMost(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, limit - total));
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
  }
  return Buffer.concat(chunks, total);
}

/**
 * Reads a UTF-8 input file without a byte order mark. Only regular files are read (symlinks to
 * them are fine); a file over `maxChars × 4` bytes is declined before reading, since it cannot be
 * within the limit. Files moderately over the limit are read, so the core declines them with its
 * located LLMS006 finding as before. Throws an Error with a short readable message.
 */
export function readInputFile(path: string, maxChars: number): string {
  const maxBytes = maxChars * MAX_BYTES_PER_CHAR;
  let fd: number | undefined;
  try {
    // stat follows symlinks: a link to a regular file is read, a link to a device is declined.
    const stats = statSync(path);
    requireRegularFile(stats);
    if (stats.size > maxBytes) throw tooLarge(stats.size, maxChars);
    // Non-blocking, in case the path became a FIFO since the stat; then check what was opened.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    requireRegularFile(fstatSync(fd));
    // Bounded even if the file grows while it is read (or reports size 0, as /proc files do).
    const bytes = readAtMost(fd, maxBytes + 1);
    if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxChars);
    // A BOM is an encoding mark, not text: editors drop it, so columns agree with VS Code's.
    return bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw describe(error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A fresh name next to `path` (same directory, so the rename stays on one file system). */
function tempPathFor(path: string): string {
  const suffix = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return join(dirname(path), `.${basename(path)}.${suffix}.tmp`);
}

/** Creates a new temporary file with `text` next to `path`; never opens an existing file or link. */
function writeTemp(path: string, text: string): string {
  for (let attempt = 1; ; attempt++) {
    const temp = tempPathFor(path);
    try {
      // 'wx' = O_CREAT|O_EXCL: fails on anything already there, a planted symlink included.
      writeFileSync(temp, text, { encoding: 'utf8', flag: 'wx' });
      return temp;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && attempt < TEMP_ATTEMPTS) continue; // someone else's file: leave it
      if (code !== 'EEXIST') removeQuietly(temp); // a partly written file of ours (e.g. disk full)
      throw error;
    }
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone, or never created.
  }
}

/** A readable message for a failed write. */
function describeWrite(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined && error instanceof Error) return error; // already readable (ours)
  if (code === 'ENOENT') return new Error('no such directory');
  if (code === 'EISDIR' || code === 'ENOTEMPTY') return new Error('is a directory');
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new Error('permission denied');
  return new Error(code ?? (error instanceof Error ? error.message : String(error)));
}

/** What a special file is, for the message. */
function kindOf(stats: Stats): string {
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Declines a destination that is neither absent, a regular file nor a symlink: renaming over a
 * device (`/dev/null` as root), a FIFO or a socket would replace it with a regular file.
 */
function requireReplaceable(path: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // a new file
    throw error;
  }
  if (stats.isFile() || stats.isSymbolicLink()) return;
  if (stats.isDirectory()) throw new Error('is a directory');
  throw new Error(`${kindOf(stats)}, not a regular file; --output writes only to a regular file or a new path`);
}

/**
 * Writes `text` to `path` by writing a temporary file next to it and renaming it over `path`.
 * A symlink at `path` is replaced by the new file, never followed (so the file it pointed to is
 * untouched), readers never see a half-written report, and a failure leaves no temporary file.
 * Only a regular file, a symlink or a new path is replaced: a device, FIFO, socket or directory
 * is declined (checked before the temporary file is written and again just before the rename).
 */
export function writeFileReplacing(path: string, text: string): void {
  let temp: string;
  try {
    requireReplaceable(path);
    temp = writeTemp(path, text);
  } catch (error) {
    throw describeWrite(error);
  }
  try {
    requireReplaceable(path);
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    throw describeWrite(error);
  }
}

/** Files a glob lists at most (a glob over a whole disk must end). */
const MAX_GLOB_FILES = 20_000;
/** Directories never descended into: dependencies and VCS data hold no deployment files. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * Regular files matching a glob (`**`, `*`, `?`, `{a,b}`), sorted. The walk starts at the glob's
 * literal leading directories, does not follow directory symlinks, skips node_modules and VCS
 * directories, and stops after 20,000 files.
 */
export function globFiles(pattern: string): string[] {
  const normalised = pattern.replace(/\\/g, '/');
  const parts = normalised.split('/');
  const firstGlob = parts.findIndex((p) => /[*?{]/.test(p));
  const root = parts.slice(0, firstGlob).join('/') || (normalised.startsWith('/') ? '/' : '.');
  const re = globToRegExp(normalised.replace(/^\.\//, ''));
  const out: string[] = [];
  const stack = [root];
  let seen = 0;
  while (stack.length && seen < MAX_GLOB_FILES) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = dir === '.' ? entry.name : `${dir.replace(/\/$/, '')}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) stack.push(path);
      } else if (entry.isFile() && ++seen <= MAX_GLOB_FILES && re.test(path)) out.push(path);
    }
  }
  return out.sort();
}

/** Whether `path` is a folder (false when it is anything else or does not exist). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
