/**
 * The extension's implementation of the model-file port with `vscode.workspace.fs` (virtual
 * workspaces included; no Node API, so it runs in vscode.dev too). Paths are URI strings.
 * Files outside the workspace folders (the Hugging Face cache, `../../models`) are read only in a
 * trusted workspace. VS Code's file API reads whole files, so files over `MAX_WHOLE_READ` are not
 * read in the editor (a multi-GB GGUF or shard): the diagnostic says to use the CLI, which reads
 * only their headers.
 */
import * as vscode from 'vscode';
import { ModelFileError, type FileStat, type HfCacheEnvironment, type ModelFileReader } from '../core/modelfiles/port';

/** Largest file read whole through workspace.fs, bytes. */
const MAX_WHOLE_READ = 64 * 1024 * 1024;

function inWorkspace(uri: vscode.Uri): boolean {
  return vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}

function checkTrust(uri: vscode.Uri): void {
  if (!vscode.workspace.isTrusted && !inWorkspace(uri)) {
    throw new ModelFileError(
      `${uri.toString(true)} is outside the workspace and is not read in Restricted Mode; trust the workspace to read it`,
    );
  }
}

async function readWhole(uri: vscode.Uri): Promise<Uint8Array> {
  checkTrust(uri);
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.type & vscode.FileType.Directory) throw new ModelFileError(`is a directory: ${uri.toString(true)}`);
  if (stat.size > MAX_WHOLE_READ) {
    throw new ModelFileError(
      `${uri.toString(true)} is ${(stat.size / 1e9).toFixed(2)} GB; the editor reads files whole and stops at ${MAX_WHOLE_READ >> 20} MiB. The CLI (llm-sizing) reads only the header`,
    );
  }
  return vscode.workspace.fs.readFile(uri);
}

/** The workspace.fs port. */
export function workspaceFsReader(): ModelFileReader {
  return {
    joinPath: (base, ...relative) => {
      const uri = vscode.Uri.parse(base);
      const rest = relative.join('/');
      return (rest.startsWith('/') ? uri.with({ path: rest }) : vscode.Uri.joinPath(uri, ...relative)).toString();
    },
    dirname: (path) => vscode.Uri.joinPath(vscode.Uri.parse(path), '..').toString(),
    async stat(path): Promise<FileStat | undefined> {
      const uri = vscode.Uri.parse(path);
      checkTrust(uri);
      try {
        const s = await vscode.workspace.fs.stat(uri);
        return {
          kind: s.type & vscode.FileType.File ? 'file' : s.type & vscode.FileType.Directory ? 'directory' : 'other',
          size: s.size,
        };
      } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
        throw new ModelFileError(`cannot read ${uri.toString(true)} (${(error as Error).message})`);
      }
    },
    async readText(path, maxBytes) {
      const uri = vscode.Uri.parse(path);
      const bytes = await readWhole(uri);
      if (bytes.byteLength > maxBytes)
        throw new ModelFileError(`${uri.toString(true)} is over the limit of ${maxBytes} bytes`);
      return new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
    },
    async readBytes(path, offset, length) {
      const bytes = await readWhole(vscode.Uri.parse(path));
      return bytes.subarray(Math.min(offset, bytes.byteLength), Math.min(offset + length, bytes.byteLength));
    },
    async listDir(path) {
      const uri = vscode.Uri.parse(path);
      checkTrust(uri);
      return (await vscode.workspace.fs.readDirectory(uri)).map(([name]) => name);
    },
  };
}

/** The Hugging Face cache location (desktop: from the environment; vscode.dev: none) and the trust rule. */
export function editorHfCacheEnvironment(): HfCacheEnvironment {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const home = env.HOME ?? env.USERPROFILE;
  return {
    ...(env.HF_HUB_CACHE ? { hubCache: vscode.Uri.file(env.HF_HUB_CACHE).toString() } : {}),
    ...(env.HF_HOME ? { hfHome: vscode.Uri.file(env.HF_HOME).toString() } : {}),
    ...(home ? { home: vscode.Uri.file(home).toString() } : {}),
    mayReadOutsideWorkspace: vscode.workspace.isTrusted,
  };
}
