/**
 * Reads the catalog data files (src/core/catalog/data/*.json) for `checkCatalogData`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FILES, type CatalogFileName } from '../../src/core/catalog/schema';
import type { CatalogFiles } from '../../src/core/catalog/check';

/** The parsed data files under `root`; a file that is not JSON is reported by its parse error. */
export function readCatalogFiles(root: string): { files: CatalogFiles; problems: string[] } {
  const files: CatalogFiles = {};
  const problems: string[] = [];
  for (const name of Object.keys(CATALOG_FILES) as CatalogFileName[]) {
    const path = join(root, 'src', 'core', 'catalog', 'data', name);
    if (!existsSync(path)) continue;
    try {
      files[name] = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      problems.push(`${name}: not JSON: ${(e as Error).message}`);
    }
  }
  return { files, problems };
}
