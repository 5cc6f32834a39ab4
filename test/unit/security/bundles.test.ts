/**
 * What ships cannot reach the network and cannot generate code.
 *
 * The four shipped bundles (node extension, browser extension, CLI, webview) are built in memory
 * with esbuild's JS API, as esbuild.mjs builds them but not minified, so every module keeps its
 * `// path` banner and a hit can be attributed to the module it sits in.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ALLOWED_REQUIRES, DYNAMIC_CODE, JITLESS_CONFIG, NETWORK } from './patterns.mjs';

const ROOT = join(__dirname, '..', '..', '..');

interface Bundle {
  name: string;
  text: string;
  /** [module path, its code] in bundle order; the prelude is module ''. */
  modules: Array<[string, string]>;
}

const BUILDS: Array<[string, esbuild.BuildOptions]> = [
  [
    'extension (node)',
    { entryPoints: ['src/extension/extension.ts'], platform: 'node', format: 'cjs', external: ['vscode'] },
  ],
  [
    'extension (browser)',
    { entryPoints: ['src/extension/extension.ts'], platform: 'browser', format: 'cjs', external: ['vscode'] },
  ],
  ['cli', { entryPoints: ['src/cli/main.ts'], platform: 'node', format: 'cjs' }],
  ['webview', { entryPoints: ['webview/main.ts'], platform: 'browser', format: 'iife' }],
];

async function build(name: string, options: esbuild.BuildOptions): Promise<Bundle> {
  const result = await esbuild.build({
    ...options,
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    minify: false,
    sourcemap: false,
    target: 'es2022',
    logLevel: 'silent',
    legalComments: 'none',
    define: { PACKAGE_VERSION: '"0.0.0-test"' },
  });
  const text = result.outputFiles![0]!.text;
  const marks = [...text.matchAll(/^[ \t]*\/\/ ((?:src|webview|node_modules)\/\S+)$/gm)];
  const modules: Array<[string, string]> = [['', text.slice(0, marks[0]?.index ?? text.length)]];
  marks.forEach((m, i) => modules.push([m[1]!, text.slice(m.index, marks[i + 1]?.index ?? text.length)]));
  return { name, text, modules };
}

/** Occurrences of `re` as `module: excerpt`. */
function hits(bundle: Bundle, re: RegExp, where: (module: string) => boolean = () => true): string[] {
  const out: string[] = [];
  for (const [module, code] of bundle.modules) {
    if (!where(module)) continue;
    for (const m of code.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))) {
      out.push(
        `${module || '(prelude)'}: ${code.slice(Math.max(0, m.index! - 40), m.index! + m[0].length + 40).replace(/\s+/g, ' ')}`,
      );
    }
  }
  return out;
}

// NETWORK, DYNAMIC_CODE, ALLOWED_REQUIRES and JITLESS_CONFIG are shared with the check of the packaged
// .vsix (test/e2e/vsix.mjs), which runs them over the minified bundles that actually ship.

/**
 * URLs that are identifiers, never fetched: JSON-Schema dialects and the SARIF schema id written
 * into output, the SVG namespace, and zod's IPv6 check (it hands `http://[addr]` to the URL parser).
 */
const IDENTIFIER_URLS = [
  /^https?:\/\/json-schema\.org\/draft[-\w/]*schema#?$/,
  /^https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json$/,
  /^http:\/\/www\.w3\.org\/2000\/svg$/,
  /^http:\/\/\[\$\{value\}$/,
];

/** The CLI module that runs `git` for `diff --base` (reading old revisions): the only process the CLI starts. */
const GIT_MODULE = 'src/cli/git.ts';

/** child_process is required by the git module and nowhere else in the bundle. */
function onlyGitSpawns(b: Bundle): boolean {
  return b.modules.every(([m, code]) => m === GIT_MODULE || !/child_process/.test(code));
}

describe('security: the bundles reach no network and generate no code', function () {
  this.timeout(60_000);
  const bundles: Bundle[] = [];

  before(async () => {
    for (const [name, options] of BUILDS) bundles.push(await build(name, options));
  });

  it('builds the four shipped bundles, with their modules identifiable', () => {
    assert.deepEqual(
      bundles.map((b) => b.name),
      BUILDS.map(([n]) => n),
    );
    for (const b of bundles) {
      assert.ok(b.modules.length > 5, `${b.name}: ${b.modules.length} modules`);
      assert.ok(
        b.modules.some(([m]) => m.startsWith(b.name === 'webview' ? 'webview/' : 'src/')),
        b.name,
      );
    }
    // The host bundles carry the catalog, citation URLs included: the URL checks below see real data.
    for (const b of bundles.filter((x) => x.name !== 'webview'))
      assert.match(b.text, /https:\/\/huggingface\.co\//, b.name);
  });

  it('the only third-party code shipped is yaml and zod (and none in the webview)', () => {
    for (const b of bundles) {
      const packages = new Set(
        b.modules.map(([m]) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1]).filter((p): p is string => !!p),
      );
      assert.deepEqual([...packages].sort(), b.name === 'webview' ? [] : ['yaml', 'zod'], b.name);
    }
  });

  it('no network API in any bundle (fetch, XHR, WebSocket, EventSource, beacons, http/https/net/tls/dgram/child_process, dynamic import of URLs)', () => {
    const found: string[] = [];
    for (const b of bundles)
      for (const [what, re] of NETWORK)
        for (const h of hits(b, re, (m) => !(b.name === 'cli' && m === GIT_MODULE)))
          found.push(`${b.name} — ${what} — ${h}`);
    assert.deepEqual(found, []);
  });

  it('the one process the CLI may start is git, without a shell, from src/cli/git.ts (diff --base)', () => {
    const cli = bundles.find((b) => b.name === 'cli')!;
    const git = cli.modules.find(([m]) => m === GIT_MODULE)?.[1];
    assert.ok(git, 'src/cli/git.ts is in the CLI bundle');
    const requires = [...git.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    assert.deepEqual(
      requires.filter((r) => r!.includes('child_process')),
      ['node:child_process'],
    );
    const calls = [
      ...git.matchAll(/\b(exec|execSync|execFile|execFileSync|spawn|spawnSync|fork)\s*\)?\s*\(([^,]*)/g),
    ].map((m) => `${m[1]}(${m[2]!.trim()}`);
    assert.deepEqual(calls, ['execFileSync("git"'], 'one call site: execFileSync of "git" with an argument vector');
    assert.doesNotMatch(git, /shell\s*:/, 'no shell option');
    for (const b of bundles.filter((x) => x.name !== 'cli'))
      assert.ok(!b.modules.some(([m]) => m === GIT_MODULE), `${b.name} does not carry the git module`);
  });

  it('dynamic import() appears only inside comments', () => {
    for (const b of bundles) {
      for (const m of b.text.matchAll(/\bimport\s*\(/g)) {
        const lineStart = b.text.lastIndexOf('\n', m.index!) + 1;
        const line = b.text.slice(lineStart, b.text.indexOf('\n', m.index!));
        assert.match(line.trim(), /^(\/\/|\*|\/\*)/, `${b.name}: ${line.trim().slice(0, 160)}`);
      }
    }
  });

  it('the Node bundles require only vscode and local-I/O built-ins', () => {
    const allowed = ALLOWED_REQUIRES;
    for (const b of bundles) {
      const required = new Set([...b.text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!));
      const extra = [...required].filter(
        (r) => !allowed.has(r) && !(b.name === 'cli' && r === 'node:child_process' && onlyGitSpawns(b)),
      );
      assert.deepEqual(extra, [], `${b.name} requires ${[...required].join(', ')}`);
    }
    assert.ok(
      !/\brequire\(\s*["']vscode["']\s*\)/.test(bundles.find((b) => b.name === 'cli')!.text),
      'the CLI does not load vscode',
    );
  });

  it('every URL in the host bundles is catalog data (a citation) or an identifier that is never fetched', () => {
    const stray: string[] = [];
    for (const b of bundles) {
      for (const [module, code] of b.modules) {
        if (/^src\/core\/catalog\/data\/[\w-]+\.json$/.test(module)) continue; // citations (`sources`) in catalog data
        for (const m of code.matchAll(/\bhttps?:\/\/[^\s"'`)\]]+/g)) {
          if (!IDENTIFIER_URLS.some((re) => re.test(m[0]))) stray.push(`${b.name} — ${module || '(prelude)'}: ${m[0]}`);
        }
      }
    }
    assert.deepEqual(stray, []);
  });

  it('the webview bundle contains no dynamic code at all, and no HTML injection sinks', () => {
    const webview = bundles.find((b) => b.name === 'webview')!;
    const found: string[] = [];
    for (const [what, re] of [
      ...DYNAMIC_CODE,
      ['innerHTML', /\binnerHTML\b/],
      ['outerHTML', /\bouterHTML\b/],
      ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
      ['document.write', /\bdocument\.write(?:ln)?\s*\(/],
      ['srcdoc', /\bsrcdoc\b/],
    ] as Array<[string, RegExp]>) {
      for (const h of hits(webview, re)) found.push(`${what} — ${h}`);
    }
    assert.deepEqual(found, []);
    assert.ok(
      !webview.modules.some(([m]) => m.includes('node_modules/zod/')),
      'zod is not in the webview (the protocol is imported as types only)',
    );
  });

  it('in the host bundles, Function/eval occur only in zod, whose code generation is switched off (jitless)', () => {
    for (const b of bundles.filter((x) => x.name !== 'webview')) {
      const found: string[] = [];
      for (const [what, re] of DYNAMIC_CODE)
        for (const h of hits(b, re, (m) => !m.startsWith('node_modules/zod/'))) found.push(`${what} — ${h}`);
      assert.deepEqual(found, [], b.name);
      // zod's JIT checks the global config before compiling; the schema module sets it.
      assert.match(b.text, JITLESS_CONFIG, `${b.name}: z.config({ jitless: true }) is bundled`);
    }
  });
});
