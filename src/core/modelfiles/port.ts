/**
 * The I/O port of model-file resolution. The core never touches a file system: the CLI implements
 * this interface with node:fs (bounded reads of regular files only), the extension with
 * `vscode.workspace.fs` (virtual workspaces included). Paths are the port's own strings: absolute
 * file-system paths in the CLI, URI strings in the extension; the core only joins them with
 * `joinPath` of the port, never with its own string rules.
 */

/** What `stat` reports about a path. */
export interface FileStat {
  kind: 'file' | 'directory' | 'other';
  /** Size in bytes (files). */
  size: number;
}

/** Thrown (or rejected) by a port for a path it cannot or may not read; the message is shown to the user. */
export class ModelFileError extends Error {}

/** Reads files for the model-file resolution (all methods may reject with a `ModelFileError`). */
export interface ModelFileReader {
  /** The path of `relative` (a relative path as written in a deployment file) beside `base` (a directory). */
  joinPath(base: string, ...relative: string[]): string;
  /** The directory holding `path`. */
  dirname(path: string): string;
  /** Kind and size of a path, or undefined when nothing is there. Follows symlinks. */
  stat(path: string): Promise<FileStat | undefined>;
  /** UTF-8 text of a regular file of at most `maxBytes` bytes (larger files reject). */
  readText(path: string, maxBytes: number): Promise<string>;
  /** Up to `length` bytes of a regular file from byte `offset` (fewer at the end of the file). */
  readBytes(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Names of the entries of a directory (not recursive). */
  listDir(path: string): Promise<string[]>;
}

/** Where the local Hugging Face cache may be, from the environment (huggingface_hub's order). */
export interface HfCacheEnvironment {
  /** `$HF_HUB_CACHE`. */
  hubCache?: string;
  /** `$HF_HOME`. */
  hfHome?: string;
  /** The user's home directory (for `~/.cache/huggingface/hub`). */
  home?: string;
  /**
   * False where files outside the workspace may not be read (VS Code Restricted Mode): the cache
   * is then not read and a diagnostic says why.
   */
  mayReadOutsideWorkspace: boolean;
}

/** Largest config.json / safetensors index read, bytes (real ones are < 2 MB). */
export const MAX_JSON_BYTES = 16 * 1024 * 1024;
