/**
 * The catalog one deployment file sees on the command line: the built-in data, the workspace
 * catalog (`.llm-sizing/catalog.yaml` from its directory up), plus the models
 * read from the files it names (model.config / huggingface / gguf / safetensors), read before
 * validation through the node:fs port.
 */
import { catalog as builtIn, type Catalog } from '../core/catalog';
import { findModelByHuggingFaceId } from '../core/catalog/aliases';
import { catalogWithModelFiles, mayNameModelFiles } from '../core/modelfiles/forText';
import { validateText, type ValidateOptions } from '../core/validate';
import { baseDirOf, hfCacheEnvironment, nodeModelFileReader } from './modelFiles';
import { workspaceCatalogFor } from './workspaceCatalog';

/**
 * Validates `text` once to find the model files it names and returns the catalog with them read
 * (the built-in catalog, or `base`, when it names none).
 */
export async function catalogForFile(
  path: string,
  text: string,
  options: ValidateOptions,
  base?: Catalog,
  onProblem?: (line: string) => void,
): Promise<Catalog> {
  // The workspace catalog itself is checked against the built-in catalog: its problems are the
  // file's findings (LLMS057), not also lines on stderr from loading it a second time.
  if (options.workspaceCatalog || options.workspaceCalibration) return base ?? builtIn;
  if (!base) {
    const workspace = await workspaceCatalogFor(baseDirOf(path));
    for (const p of workspace.problems) onProblem?.(p);
    base = workspace.catalog;
  }
  if (!mayNameModelFiles(text)) return base;
  const cat = base;
  const first = validateText(text, { ...options, catalog: base });
  return catalogWithModelFiles(first, base, {
    reader: nodeModelFileReader(),
    baseDir: baseDirOf(path),
    hfCache: hfCacheEnvironment(),
    findByRepoId: (repoId) => findModelByHuggingFaceId(repoId, cat),
    catalog: cat,
  });
}
