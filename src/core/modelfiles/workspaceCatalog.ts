/**
 * Finds and applies the workspace catalog through the I/O port: `.llm-sizing/catalog.yaml` in
 * the deployment file's directory or the nearest one above it, up to the workspace root; and the
 * nearest `.llm-sizing/calibration.yaml` (measured corrections, `llm-sizing calibrate`) the same way.
 */
import { withCorrections, type Catalog } from '../catalog';
import {
  MAX_CALIBRATION_BYTES,
  parseCalibrationFile,
  WORKSPACE_CALIBRATION_PATH,
  type CalibrationFileProblem,
} from '../calibrate/corrections';
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
  /** The calibration file applied (its corrections are in `catalog.corrections`), if one was found. */
  calibration?: LoadedCalibration;
}

export interface LoadedCalibration {
  path: string;
  text?: string;
  problems: CalibrationFileProblem[];
  corrections: number;
}

/** The nearest file at `relative` from `startDir` up to `stopDir` (or the root). */
async function nearest(
  reader: ModelFileReader,
  startDir: string,
  relative: readonly string[],
  stopDir?: string,
): Promise<string | undefined> {
  let dir = startDir;
  for (let depth = 0; depth < 64; depth++) {
    const path = reader.joinPath(dir, ...relative);
    const stat = await reader.stat(path).catch(() => undefined);
    if (stat?.kind === 'file') return path;
    if (stopDir !== undefined && dir === stopDir) break;
    const parent = reader.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * The catalog `base` with the nearest workspace catalog and the nearest calibration file applied.
 * Same arguments as `loadWorkspaceCatalogFile`.
 */
export async function loadWorkspaceCatalog(
  reader: ModelFileReader,
  startDir: string,
  base: Catalog,
  stopDir?: string,
): Promise<LoadedWorkspaceCatalog> {
  const loaded = await loadWorkspaceCatalogFile(reader, startDir, base, stopDir);
  const path = await nearest(reader, startDir, WORKSPACE_CALIBRATION_PATH, stopDir);
  if (path === undefined) return loaded;
  try {
    const text = await reader.readText(path, MAX_CALIBRATION_BYTES);
    const file = parseCalibrationFile(text);
    return {
      ...loaded,
      catalog: withCorrections(loaded.catalog, file.corrections),
      calibration: { path, text, problems: file.problems, corrections: file.corrections.length },
    };
  } catch (error) {
    return {
      ...loaded,
      calibration: {
        path,
        problems: [{ message: `not read: ${(error as Error).message}`, range: { start: 0, end: 0 } }],
        corrections: 0,
      },
    };
  }
}

/**
 * The catalog `base` with the nearest workspace catalog applied. `stopDir` (the workspace root)
 * bounds the walk; without it the walk ends at the file system's root. Unreadable files are a problem, not an exception.
 */
async function loadWorkspaceCatalogFile(
  reader: ModelFileReader,
  startDir: string,
  base: Catalog,
  stopDir?: string,
): Promise<LoadedWorkspaceCatalog> {
  const path = await nearest(reader, startDir, WORKSPACE_CATALOG_PATH, stopDir);
  if (path === undefined) return { catalog: base, problems: [], added: [], overridden: [] };
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
