/**
 * What actually ships: reads the packaged .vsix (a zip) and checks its contents, used as steps
 * of ui.test.mjs (which runs on the .vsix `npm run package` wrote; in `npm test` that is the
 * artifact just built). Standalone: `node test/e2e/vsix.mjs [artifacts/llm-deployment-sizing.vsix]`.
 *
 *  - the exact file list (bundles, schema, README/CHANGELOG/LICENSE, icon, walkthrough media):
 *    no node_modules, no sources, no source maps, no CLI or benchmark bundle;
 *  - the manifest inside points at shipped bundles and keeps the Restricted Mode settings;
 *  - the minified bundles inside: the NETWORK and DYNAMIC_CODE patterns of the unit test
 *    (test/unit/security/patterns.mjs) find nothing, except zod's three code-generation sites,
 *    which zod skips because the bundle sets `z.config({ jitless: true })`; the Node bundle
 *    requires only vscode and local-I/O built-ins.
 *
 * The zip is read with a few lines of node:zlib (no dependency, no `unzip` binary needed).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { ALLOWED_REQUIRES, DYNAMIC_CODE, JITLESS_CONFIG, NETWORK } from '../unit/security/patterns.mjs';

/** Every file of the .vsix, sorted. A new shipped file must be added here on purpose. */
export const EXPECTED_FILES = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/browser/extension.js',
  'extension/dist/extension.js',
  'extension/dist/webview/main.js',
  'extension/dist/webview/styles.css',
  'extension/media/icon.png',
  'extension/media/placements.svg',
  'extension/media/walkthrough/compare.md',
  'extension/media/walkthrough/create.md',
  'extension/media/walkthrough/recommend.md',
  'extension/media/walkthrough/save.md',
  'extension/package.json',
  'extension/readme.md',
  'extension/schemas/deployment.schema.json',
].sort();

/** Never shipped, whatever the list above says. */
const FORBIDDEN = [
  [/(^|\/)node_modules\//, 'node_modules'],
  [/\.map$/, 'a source map'],
  [/^extension\/(src|webview|test|scripts|docs|examples|bin|out|artifacts|data)\//, 'sources, tests, docs or data'],
  [/\.(ts|mts|cts|tsx)$/, 'TypeScript source'],
  [/(^|\/)(cli|bench)\.js$/, 'the CLI or benchmark bundle'],
  [/(^|\/)\.(vscode|git|github|npmrc|env)(\/|$)/, 'dot-files'],
];

/**
 * zod's code-generation sites in the minified bundle (zod 4.6.7, esbuild --minify): the eval probe,
 * Doc.compile and the object fast path. Each is reached only when `jitless` is off. After a zod or
 * esbuild upgrade these may change: check the new sites are still jitless-guarded, then update.
 */
const ZOD_JIT_SITES = [
  /Cloudflare"\)\)return!1;try\{let [\w$]+=Function;return new [\w$]+\(""\)/,
  /compile\(\)\{let [\w$]+=Function,/,
  /=Function,[\w$]+=`return \(input\) => \{/,
];

/** Reads a zip: Map name → contents (stored and deflated entries, as vsce writes them). */
export function readZip(file) {
  const zip = fs.readFileSync(file);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip (no end-of-central-directory record)`);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`${file}: bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    let data;
    if (method === 0) data = raw;
    else if (method === 8) data = inflateRawSync(raw);
    else throw new Error(`${file}: ${name} uses compression method ${method}`);
    if (data.length !== size) throw new Error(`${file}: ${name} is ${data.length} bytes, the directory says ${size}`);
    if (entries.has(name)) throw new Error(`${file}: ${name} is in the zip twice`);
    entries.set(name, data);
  }
  return entries;
}

/** The file list is exactly EXPECTED_FILES, nothing forbidden; cross-checked with `unzip -Z1` when present. */
export function checkFileList(entries, file) {
  const names = [...entries.keys()].sort();
  const problems = [];
  for (const name of names)
    for (const [re, what] of FORBIDDEN) if (re.test(name)) problems.push(`${name}: ${what} must not ship`);
  const extra = names.filter((n) => !EXPECTED_FILES.includes(n));
  const missing = EXPECTED_FILES.filter((n) => !names.includes(n));
  if (extra.length) problems.push(`unexpected files: ${extra.join(', ')}`);
  if (missing.length) problems.push(`missing files: ${missing.join(', ')}`);
  const unzip = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' });
  if (unzip.status === 0) {
    const listed = unzip.stdout.split('\n').filter(Boolean).sort();
    if (JSON.stringify(listed) !== JSON.stringify(names))
      problems.push(`unzip -Z1 lists ${listed.length} files, the reader ${names.length}`);
  }
  if (problems.length) throw new Error(`${path.basename(file)}:\n  ${problems.join('\n  ')}`);
  return names;
}

/** The shipped manifest: its entry points are shipped, Restricted Mode still restricts the two settings. */
export function checkManifest(entries) {
  const pkg = JSON.parse(entries.get('extension/package.json').toString('utf8'));
  const problems = [];
  for (const key of ['main', 'browser']) {
    const target = `extension/${String(pkg[key]).replace(/^\.\//, '')}`;
    if (!entries.has(target)) problems.push(`package.json ${key} = ${pkg[key]} is not in the .vsix`);
  }
  const trust = pkg.capabilities?.untrustedWorkspaces;
  if (trust?.supported !== 'limited')
    problems.push(`untrustedWorkspaces.supported = ${JSON.stringify(trust?.supported)}, expected "limited"`);
  const restricted = [...(trust?.restrictedConfigurations ?? [])].sort();
  // The guard settings and every setting that changes a verdict or hides findings (docs/security.md).
  const expected = [
    'llmSizing.defaultHardware',
    'llmSizing.defaults.amortizationMonths',
    'llmSizing.defaults.electricityUsdPerKwh',
    'llmSizing.defaults.engine',
    'llmSizing.defaults.pue',
    'llmSizing.diagnostics.minimumSeverity',
    'llmSizing.diagnostics.structuralWithYamlExtension',
    'llmSizing.estimate.onOpen',
    'llmSizing.estimate.onSave',
    'llmSizing.files',
    'llmSizing.maxFileSizeKB',
  ];
  if (JSON.stringify(restricted) !== JSON.stringify(expected)) {
    problems.push(`restrictedConfigurations = ${JSON.stringify(restricted)}`);
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return pkg;
}

/**
 * The minified bundles in the .vsix: NETWORK finds nothing anywhere; DYNAMIC_CODE finds nothing in
 * the webview and only zod's jitless-guarded sites in the extension bundles (with jitless set);
 * the Node bundle requires only vscode and local-I/O built-ins. Returns a line per bundle.
 */
export function checkBundles(entries) {
  const bundles = [...entries.keys()].filter((n) => /^extension\/dist\/.*\.js$/.test(n)).sort();
  const problems = [];
  const report = [];
  if (bundles.length !== 3) problems.push(`expected 3 bundles, found ${bundles.join(', ')}`);
  const excerpt = (text, m) => text.slice(Math.max(0, m.index - 80), m.index + m[0].length + 80);
  for (const name of bundles) {
    const text = entries.get(name).toString('utf8');
    const isWebview = name.includes('/webview/');
    for (const [what, re] of NETWORK) {
      for (const m of text.matchAll(new RegExp(re.source, 'g')))
        problems.push(`${name}: network API ${what}: …${excerpt(text, m)}…`);
    }
    let zodSites = 0;
    for (const [what, re] of DYNAMIC_CODE) {
      for (const m of text.matchAll(new RegExp(re.source, 'g'))) {
        const around = excerpt(text, m);
        if (!isWebview && ZOD_JIT_SITES.some((site) => site.test(around))) zodSites += 1;
        else problems.push(`${name}: code generation ${what}: …${around}…`);
      }
    }
    if (!isWebview) {
      if (zodSites > ZOD_JIT_SITES.length)
        problems.push(`${name}: ${zodSites} zod code-generation sites, expected at most ${ZOD_JIT_SITES.length}`);
      if (!JITLESS_CONFIG.test(text))
        problems.push(`${name}: z.config({ jitless: true }) is not in the shipped bundle`);
    }
    const required = [...new Set([...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]))];
    const extra = required.filter((r) => !ALLOWED_REQUIRES.has(r));
    if (extra.length) problems.push(`${name}: requires ${extra.join(', ')}`);
    if (isWebview && required.length) problems.push(`${name}: the webview bundle requires ${required.join(', ')}`);
    report.push(
      `${name.replace(/^extension\//, '')} ${(text.length / 1024).toFixed(0)} kB, requires [${required.join(', ')}], zod JIT sites ${zodSites}`,
    );
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return report;
}

// Standalone run.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = path.resolve(process.argv[2] ?? 'artifacts/llm-deployment-sizing.vsix');
  const entries = readZip(file);
  console.log(`${entries.size} files:\n  ${checkFileList(entries, file).join('\n  ')}`);
  checkManifest(entries);
  console.log(checkBundles(entries).join('\n'));
  console.log('vsix: ok');
}
