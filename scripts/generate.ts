/**
 * Writes the files derived from the code (run by `npm run build`; a unit test fails when a
 * committed copy is out of date):
 *   schemas/deployment.schema.json  — JSON Schema of the deployment format, from the zod schema
 *   docs/diagnostics.md             — every finding code, from the code registry
 *   docs/format.md                  — the format reference, from the JSON Schema
 * Usage: node --import tsx scripts/generate.ts [--check]
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { renderDeploymentJsonSchema } from './generators/jsonSchema';
import { renderDiagnosticsDoc } from './generators/diagnosticsDoc';
import { renderFormatDoc } from './generators/formatDoc';

const outputs: Array<[string, string]> = [
  ['schemas/deployment.schema.json', renderDeploymentJsonSchema()],
  ['docs/diagnostics.md', renderDiagnosticsDoc()],
  ['docs/format.md', renderFormatDoc()],
];

const check = process.argv.includes('--check');
let stale = 0;
for (const [path, content] of outputs) {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current === content) continue;
  if (check) {
    console.error(`${path} is out of date; run npm run build`);
    stale++;
  } else {
    writeFileSync(path, content);
    console.log(`generated ${path}`);
  }
}
process.exitCode = stale ? 1 : 0;
