// Builds every bundle into dist/: the node extension, the browser extension (vscode.dev), the
// webview, the CLI and the benchmark. It writes nothing else: the committed files derived from the
// code are written by `npm run generate` (scripts/generate.ts) and checked by the unit suite.
// Usage: node esbuild.mjs [--watch]
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, statSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const watch = process.argv.includes('--watch');
const production = !watch;
const define = { PACKAGE_VERSION: JSON.stringify(pkg.version) };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/browser/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
  },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs' },
  { entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js', platform: 'node', format: 'cjs', minify: false },
];
if (existsSync('webview/main.ts')) {
  builds.push({
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview/main.js',
    platform: 'browser',
    format: 'iife',
  });
  builds.push({ entryPoints: ['webview/styles.css'], outfile: 'dist/webview/styles.css' });
  // The HTML report's additions (the CLI inlines styles.css + report.css; not shipped in the .vsix).
  builds.push({ entryPoints: ['webview/report.css'], outfile: 'dist/webview/report.css' });
}

const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  target: 'es2022',
  define,
  logLevel: 'warning',
  legalComments: 'none',
};

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...common, ...b })));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  for (const b of builds) {
    console.log(`built ${b.outfile.padEnd(28)} ${(statSync(b.outfile).size / 1024).toFixed(1).padStart(7)} kB`);
  }
}
