/**
 * The CLI's implementation of the model-file port (`src/core/modelfiles/port.ts`) with node:fs:
 * regular files only (a device never ends, a FIFO blocks), every read bounded by the caller's
 * length, directory listings capped. Also the Hugging Face cache location from the environment.
 */
import { constants, promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ModelFileError, type FileStat, type HfCacheEnvironment, type ModelFileReader } from '../core/modelfiles/port';

/** Most directory entries listed (a checkpoint directory holds tens to a few hundred). */
const MAX_DIR_ENTRIES = 100_000;

function readable(error: unknown, path: string): ModelFileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ModelFileError(`no such file: ${path}`);
  if (code === 'EACCES' || code === 'EPERM') return new ModelFileError(`permission denied: ${path}`);
  if (code === 'EISDIR') return new ModelFileError(`is a directory: ${path}`);
  return new ModelFileError(`cannot read ${path} (${code ?? (error as Error).message})`);
}

/** Opens a regular file for reading (non-blocking, in case it became a FIFO since the stat). */
async function openRegular(path: string) {
  let handle;
  try {
    handle = await fsp.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw readable(error, path);
  }
  const s = await handle.stat();
  if (!s.isFile()) {
    await handle.close();
    throw new ModelFileError(`not a regular file: ${path}`);
  }
  return { handle, size: s.size };
}

/** The node:fs port. */
export function nodeModelFileReader(): ModelFileReader {
  return {
    joinPath: (base, ...relative) => resolve(base, ...relative),
    dirname: (path) => dirname(path),
    async stat(path): Promise<FileStat | undefined> {
      try {
        const s = await fsp.stat(path);
        return { kind: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw readable(error, path);
      }
    },
    async readText(path, maxBytes) {
      const { handle, size } = await openRegular(path);
      try {
        if (size > maxBytes) throw new ModelFileError(`${path} is ${size} bytes, over the limit of ${maxBytes}`);
        const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        if (bytesRead > maxBytes) throw new ModelFileError(`${path} grew over the limit of ${maxBytes} bytes`);
        return buffer
          .subarray(0, bytesRead)
          .toString('utf8')
          .replace(/^\uFEFF/, '');
      } finally {
        await handle.close();
      }
    },
    async readBytes(path, offset, length) {
      const { handle, size } = await openRegular(path);
      try {
        const n = Math.max(0, Math.min(length, size - offset));
        const buffer = Buffer.alloc(n);
        let done = 0;
        while (done < n) {
          const { bytesRead } = await handle.read(buffer, done, n - done, offset + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return new Uint8Array(buffer.buffer, buffer.byteOffset, done);
      } finally {
        await handle.close();
      }
    },
    async listDir(path) {
      try {
        const names = await fsp.readdir(path);
        return names.slice(0, MAX_DIR_ENTRIES);
      } catch (error) {
        throw readable(error, path);
      }
    },
  };
}

/** Where huggingface_hub keeps its cache, from the environment (read, never written). */
export function hfCacheEnvironment(env: NodeJS.ProcessEnv = process.env): HfCacheEnvironment {
  let home: string | undefined;
  try {
    home = env.HOME || homedir();
  } catch {
    home = undefined;
  }
  return {
    ...(env.HF_HUB_CACHE
      ? { hubCache: env.HF_HUB_CACHE }
      : env.HUGGINGFACE_HUB_CACHE
        ? { hubCache: env.HUGGINGFACE_HUB_CACHE }
        : {}),
    ...(env.HF_HOME ? { hfHome: env.HF_HOME } : {}),
    ...(home ? { home } : {}),
    mayReadOutsideWorkspace: true,
  };
}

/** Directory of a deployment file given on the command line. */
export function baseDirOf(path: string): string {
  return dirname(resolve(path));
}
