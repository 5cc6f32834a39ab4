/**
 * The committed files derived from the code, and the check that they are current.
 * `scripts/generate.ts` writes them (`npm run generate`) or only checks them (`-- --check`); the
 * unit suite runs the check, so a stale committed copy fails `npm test`. The build never writes
 * them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDeploymentJsonSchema } from './jsonSchema';
import { renderDiagnosticsDoc } from './diagnosticsDoc';
import { renderFormatDoc } from './formatDoc';
import { renderReportJsonSchema } from './reportSchema';
import { renderCalibratedPairs } from './calibratedPairs';

/** One generated file: its path relative to the repository root and how to render it. */
export interface GeneratedFile {
  path: string;
  render(): string;
}

/** Every generated file, in the order they are written. */
export const GENERATED_FILES: readonly GeneratedFile[] = [
  { path: 'schemas/deployment.schema.json', render: renderDeploymentJsonSchema },
  { path: 'schemas/report.schema.json', render: renderReportJsonSchema },
  { path: 'docs/diagnostics.md', render: renderDiagnosticsDoc },
  { path: 'docs/format.md', render: renderFormatDoc },
  { path: 'src/core/estimate/calibratedPairs.json', render: renderCalibratedPairs },
];

/** Paths (relative to `root`) whose committed content differs from what the code generates now. */
export function staleGeneratedFiles(root: string, files: readonly GeneratedFile[] = GENERATED_FILES): string[] {
  return files.filter((f) => readOrEmpty(join(root, f.path)) !== f.render()).map((f) => f.path);
}

/** Rewrites the stale files under `root`; returns their paths. */
export function writeGeneratedFiles(root: string, files: readonly GeneratedFile[] = GENERATED_FILES): string[] {
  const written: string[] = [];
  for (const f of files) {
    const content = f.render();
    const path = join(root, f.path);
    if (readOrEmpty(path) === content) continue;
    writeFileSync(path, content);
    written.push(f.path);
  }
  return written;
}

function readOrEmpty(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
