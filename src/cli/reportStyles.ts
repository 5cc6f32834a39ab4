/**
 * The CSS of the HTML report: the panel's styles (webview/styles.css) followed by the report's
 * (webview/report.css), read next to the running CLI — `dist/webview/` when bundled, `webview/`
 * when run from source — so the report is styled by the very file the panel uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const FILES = ['styles.css', 'report.css'];

/** The folder holding both style sheets, searched upwards from `start`; undefined if none does. */
function stylesFolder(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'webview');
    if (FILES.every((f) => existsSync(join(candidate, f)))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Both style sheets as one string (source-map comments dropped). Throws when they cannot be
 * found, e.g. a CLI bundle copied without its `webview/` folder.
 */
export function readReportStyles(start: string = __dirname): string {
  const folder = stylesFolder(start);
  if (!folder)
    throw new Error('cannot find webview/styles.css and webview/report.css next to the CLI; run `npm run build`');
  return FILES.map((f) =>
    readFileSync(join(folder, f), 'utf8').replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, ''),
  ).join('\n');
}
