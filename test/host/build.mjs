#!/usr/bin/env node
// Bundles the extension-host test suite (test/host/suite/index.ts + every
// test/host/suite/*.test.ts, with mocha) into out/host/index.js (cjs, node,
// `vscode` external). The entry is generated so that test files are evaluated
// only after mocha has installed its BDD globals (see setTestLoader).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const suiteDir = join(here, 'suite');
const outfile = resolve(root, process.env.LLM_SIZING_HOST_BUNDLE ?? 'out/host/index.js');

const testFiles = readdirSync(suiteDir)
  .filter((f) => f.endsWith('.test.ts'))
  .sort();
if (testFiles.length === 0) {
  console.error('host build: no test/host/suite/*.test.ts files');
  process.exit(1);
}

const entry = `
import { run, setTestLoader } from './index';
setTestLoader(() => {
${testFiles.map((f) => `  require(${JSON.stringify('./' + f)});`).join('\n')}
});
export { run };
`;

const t0 = Date.now();
await esbuild.build({
  stdin: { contents: entry, resolveDir: suiteDir, sourcefile: 'host-entry.ts', loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  outfile,
  sourcemap: 'inline',
  logLevel: 'warning',
  // mocha's parallel mode (unused here) require.resolve()s worker files
  logOverride: { 'require-resolve-not-external': 'silent' },
});
console.log(`host build: ${testFiles.length} test file(s) -> ${outfile} (${Date.now() - t0} ms)`);
