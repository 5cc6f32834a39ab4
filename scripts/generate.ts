/**
 * Writes the files derived from the code (scripts/generators/outputs.ts lists them):
 *   schemas/deployment.schema.json  — JSON Schema of the deployment format, from the zod schema
 *   schemas/report.schema.json      — JSON Schema of the CLI's JSON output, from the report's zod schema
 *   docs/diagnostics.md             — every finding code, from the code registry
 *   docs/format.md                  — the format reference, from the JSON Schema
 *
 * Both first validate the catalog data files against their zod schemas (src/core/catalog/schema.ts)
 * and stop with one line per problem (file, entry, field) when one is malformed.
 *
 *   npm run generate              write the stale files
 *   npm run generate -- --check   write nothing; exit 1 listing the stale files
 *
 * `npm run build` does not run this: the build only bundles into dist/, and the unit suite fails
 * when a committed copy is stale (test/unit/validate/generated.test.ts).
 */
import { join } from 'node:path';
import { checkCatalogData } from '../src/core/catalog/check';
import { readCatalogFiles } from './generators/catalogData';
import { staleGeneratedFiles, writeGeneratedFiles } from './generators/outputs';

const root = join(__dirname, '..');
const catalog = readCatalogFiles(root);
const catalogProblems = [...catalog.problems, ...checkCatalogData(catalog.files)];
if (catalogProblems.length) {
  // The generated files list catalog ids, and the runtime trusts the data's declared types.
  for (const problem of catalogProblems) console.error(`catalog: ${problem}`);
  console.error(`${catalogProblems.length} catalog problem(s); nothing generated`);
  process.exitCode = 1;
} else if (process.argv.includes('--check')) {
  const stale = staleGeneratedFiles(root);
  for (const path of stale) console.error(`${path} is out of date; run npm run generate`);
  if (stale.length === 0) console.log('generated files are up to date');
  process.exitCode = stale.length ? 1 : 0;
} else {
  const written = writeGeneratedFiles(root);
  for (const path of written) console.log(`generated ${path}`);
  if (written.length === 0) console.log('generated files are up to date');
}
