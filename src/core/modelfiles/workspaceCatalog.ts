/**
 * Finds and applies the workspace catalog through the I/O port: `.llm-sizing/catalog.yaml` in
 * the deployment file's directory or the nearest one above it, up to the workspace root.
 */
import type { Catalog } from '../catalog';
import {
  applyWorkspaceCatalog,
  MAX_WORKSPACE_CATALOG_BYTES,
  WORKSPACE_CATALOG_PATH,
  type WorkspaceCatalog,
} from '../catalog/workspace';
import type { ModelFileReader } from './port';

export interface LoadedWorkspaceCatalog extends WorkspaceCatalog {
  /** The file applied, or undefined when none was found. */
  path?: string;
  text?: string;
}

/**
 * The catalog `base` with the nearest workspace catalog applied. `stopDir` (the workspace root)
 * bounds the walk; without it the walk ends at the file system's root. Unreadable files are a problem, not an exception.
 */
export async function loadWorkspaceCatalog(
  reader: ModelFileReader,
  startDir: string,
  base: Catalog,
  stopDir?: string,
): Promise<LoadedWorkspaceCatalog> {
  let dir = startDir;
  for (let depth = 0; depth < 64; depth++) {
    const path = reader.joinPath(dir, ...WORKSPACE_CATALOG_PATH);
    const stat = await reader.stat(path).catch(() => undefined);
    if (stat?.kind === 'file') {
      try {
        const text = await reader.readText(path, MAX_WORKSPACE_CATALOG_BYTES);
        return { ...applyWorkspaceCatalog(base, text), path, text };
      } catch (error) {
        return {
          catalog: base,
          problems: [{ message: `not read: ${(error as Error).message}`, range: { start: 0, end: 0 } }],
          added: [],
          overridden: [],
          path,
        };
      }
    }
    if (stopDir !== undefined && dir === stopDir) break;
    const parent = reader.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { catalog: base, problems: [], added: [], overridden: [] };
}
