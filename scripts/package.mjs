// `npm run package` — builds and packs the extension into artifacts/llm-deployment-sizing.vsix
// with @vscode/vsce (bundles, schema, README, CHANGELOG, LICENSE, icon; no sources, no
// node_modules: runtime dependencies are bundled by esbuild), then prints its size and contents.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const out = 'artifacts/llm-deployment-sizing.vsix';
mkdirSync('artifacts', { recursive: true });
execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
const vsce = require.resolve('@vscode/vsce/vsce');
execFileSync(
  process.execPath,
  [
    vsce,
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--skip-license',
    '--no-rewrite-relative-links',
    '--out',
    out,
  ],
  { stdio: 'inherit' },
);
const listing = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { encoding: 'utf8' });
console.log(
  `packaged ${out}: ${(statSync(out).size / 1024).toFixed(1)} kB, ${listing.trim().split('\n').length} project files:\n  ${listing.trim().split('\n').join('\n  ')}`,
);
