/**
 * The workspace catalog on the command line: `.llm-sizing/catalog.yaml` (and the measured
 * corrections of `.llm-sizing/calibration.yaml`) from a directory up to the file system's root,
 * applied over the built-in catalog; their problems as path:line:column lines.
 */
import { catalog as builtIn, type Catalog } from '../core/catalog';
import { LineIndex } from '../core/findings';
import { loadWorkspaceCatalog } from '../core/modelfiles/workspaceCatalog';
import { nodeModelFileReader } from './modelFiles';

/** The catalog seen from `dir`, and the workspace catalog's problems (one line each). */
export async function workspaceCatalogFor(dir: string): Promise<{ catalog: Catalog; problems: string[] }> {
  const loaded = await loadWorkspaceCatalog(nodeModelFileReader(), dir, builtIn);
  const lines = loaded.text !== undefined ? new LineIndex(loaded.text) : undefined;
  const problems = loaded.problems.map((p) => {
    const at = lines ? lines.positionAt(p.range.start) : { line: 0, character: 0 };
    return `${loaded.path}:${at.line + 1}:${at.character + 1}: error: ${p.message}`;
  });
  const cal = loaded.calibration;
  if (cal) {
    const calLines = cal.text !== undefined ? new LineIndex(cal.text) : undefined;
    for (const p of cal.problems) {
      const at = calLines ? calLines.positionAt(p.range.start) : { line: 0, character: 0 };
      problems.push(`${cal.path}:${at.line + 1}:${at.character + 1}: error: ${p.message}`);
    }
  }
  return { catalog: loaded.catalog, problems };
}
