#!/usr/bin/env node
/**
 * Runs the extension-host test suite in a real VS Code (code-server's VS Code
 * server + web workbench in headless Debian Chromium), per
 * docs/reference/vscode-host.md.
 *
 *   node test/host/launch.mjs [--workspace DIR] [--extension DIR] [--tests FILE]
 *                             [--timeout MS] [--summary FILE] [--keep] [--no-copy]
 *
 * Env equivalents: LLM_SIZING_HOST_WORKSPACE, LLM_SIZING_HOST_EXTENSION,
 * LLM_SIZING_HOST_TESTS, LLM_SIZING_HOST_TIMEOUT_MS, LLM_SIZING_HOST_SUMMARY,
 * LLM_SIZING_HOST_CACHE (install cache, see install.sh).
 * Defaults: workspace test/fixtures/host-workspace (copied to a temp dir so the
 * repo stays clean), extension = repo root, tests = out/host/index.js.
 *
 * Prints every test's result and a final line `host: N passed, N failed`;
 * exits non-zero on failures, timeout or zero tests. Always stops the server
 * and the browser. Also exports the helpers used by test/e2e.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const RESULTS_FILE_NAME = '.test-results-host.json'; // keep in sync with suite/index.ts

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export const CLEAN_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  // quieter, more deterministic workbench for tests
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export const log = (...a) => console.log(...a);

/** Paths written by install.sh (node 24, server-main.js, code-server entry, chromium). */
export function loadHostEnv() {
  const cache = process.env.LLM_SIZING_HOST_CACHE || path.join(os.homedir(), '.cache', 'llm-sizing-host');
  const file = path.join(cache, 'host-env.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} not found: run \`bash test/host/install.sh\` first`);
  }
  const env = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const k of ['node', 'serverMain', 'chromium']) {
    if (!fs.existsSync(env[k])) throw new Error(`${k} missing (${env[k]}): re-run test/host/install.sh`);
  }
  return env;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A temp dir with a clean VS Code profile (user-data-dir + extensions dir). */
export function makeTempProfile(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const userData = path.join(dir, 'ud');
  const extensions = path.join(dir, 'ext');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(CLEAN_SETTINGS, null, 2));
  return { dir, userData, extensions };
}

/** Copies a workspace folder to `dest` (so tests never touch the repo's fixtures). */
export function copyWorkspace(src, dest) {
  fs.cpSync(src, dest, { recursive: true, filter: (p) => path.basename(p) !== RESULTS_FILE_NAME });
  return dest;
}

/** Tracks everything to stop; `cleanup()` is idempotent and also runs on signals. */
export class Resources {
  constructor() {
    this.tasks = [];
    this.done = false;
    this.onSignal = (sig) => {
      log(`\n[harness] ${sig}: cleaning up`);
      this.cleanup().finally(() => process.exit(130));
    };
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }
  add(name, fn) {
    this.tasks.push({ name, fn });
  }
  async cleanup() {
    if (this.done) return;
    this.done = true;
    for (const { name, fn } of this.tasks.reverse()) {
      try {
        await Promise.race([
          fn(),
          sleep(15_000).then(() => {
            throw new Error('timed out');
          }),
        ]);
      } catch (e) {
        console.error(`[harness] cleanup '${name}' failed: ${e?.message ?? e}`);
      }
    }
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
  }
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

/**
 * Starts VS Code's server-main.js (own process group, killed by res.cleanup()).
 * Resolves when it answers HTTP. Returns { port, base, child, logFile }.
 */
export async function startServer(hostEnv, { userData, extensions, logFile, res, readyTimeoutMs = 90_000 }) {
  const port = await freePort();
  const args = [
    hostEnv.serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
    '--disable-telemetry',
  ];
  const out = fs.openSync(logFile, 'a');
  const child = spawn(hostEnv.node, args, {
    detached: true, // own process group: the ext host / pty host die with it
    stdio: ['ignore', out, out],
    env: { ...process.env, VSCODE_CLI: undefined, ELECTRON_RUN_AS_NODE: undefined },
  });
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, sig) => {
    exited = { code, sig };
  });
  res.add('vscode server', async () => {
    if (exited) return;
    killGroup(child, 'SIGTERM');
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) {
      killGroup(child, 'SIGKILL');
      await sleep(200);
    } else killGroup(child, 'SIGKILL'); // stragglers in the group
  });

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`VS Code server exited early (${JSON.stringify(exited)}); log:\n${tail(logFile)}`);
    try {
      const r = await fetch(`${base}/version`, { signal: AbortSignal.timeout(2000) });
      if (r.status < 500) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline)
      throw new Error(`VS Code server not ready after ${readyTimeoutMs} ms; log:\n${tail(logFile)}`);
    await sleep(250);
  }
  return { port, base, child, logFile };
}

/** Headless Debian Chromium via playwright-core; closed by res.cleanup(). */
export async function launchBrowser(hostEnv, res) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: hostEnv.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  res.add('chromium', () => browser.close());
  return browser;
}

export function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export function workbenchUrl(base, port, folder, payload) {
  let url = `${base}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

function parseArgs(argv) {
  const o = {
    workspace: process.env.LLM_SIZING_HOST_WORKSPACE || 'test/fixtures/host-workspace',
    extension: process.env.LLM_SIZING_HOST_EXTENSION || '.',
    tests: process.env.LLM_SIZING_HOST_TESTS || 'out/host/index.js',
    timeout: Number(process.env.LLM_SIZING_HOST_TIMEOUT_MS || 240_000),
    summary: process.env.LLM_SIZING_HOST_SUMMARY || '',
    keep: false,
    copy: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--workspace') o.workspace = val();
    else if (a === '--extension') o.extension = val();
    else if (a === '--tests') o.tests = val();
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--summary') o.summary = val();
    else if (a === '--keep') o.keep = true;
    else if (a === '--no-copy') o.copy = false;
    else throw new Error(`unknown argument ${a}`);
  }
  o.workspace = path.resolve(repoRoot, o.workspace);
  o.extension = path.resolve(repoRoot, o.extension);
  o.tests = path.resolve(repoRoot, o.tests);
  if (o.summary) o.summary = path.resolve(repoRoot, o.summary);
  return o;
}

function checkExtension(dir) {
  const pkgFile = path.join(dir, 'package.json');
  if (!fs.existsSync(pkgFile)) throw new Error(`no package.json in extension dir ${dir}`);
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  if (pkg.main && !fs.existsSync(path.resolve(dir, pkg.main)) && !fs.existsSync(path.resolve(dir, pkg.main + '.js'))) {
    throw new Error(`extension entry ${pkg.main} not built in ${dir} (run \`node esbuild.mjs\`)`);
  }
}

export function writeSummary(file, summary) {
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(summary, null, 2));
}

export function printResults(label, tests) {
  for (const t of tests) {
    const ms = t.durationMs !== undefined ? ` (${t.durationMs} ms)` : '';
    if (t.state === 'passed') log(`  ✓ ${t.title}${ms}`);
    else {
      log(`  ✗ ${t.title}${ms}`);
      if (t.error)
        log(
          t.error
            .split('\n')
            .slice(0, 12)
            .map((l) => `      ${l}`)
            .join('\n'),
        );
    }
  }
}

async function main() {
  const t0 = Date.now();
  const opt = parseArgs(process.argv.slice(2));
  const res = new Resources();
  let results = null;
  let error = null;
  let tmp = null;
  const consoleLines = [];
  try {
    if (!fs.existsSync(opt.tests))
      throw new Error(`tests bundle ${opt.tests} missing (run \`node test/host/build.mjs\`)`);
    if (!fs.existsSync(opt.workspace)) throw new Error(`workspace ${opt.workspace} missing`);
    checkExtension(opt.extension);
    const hostEnv = loadHostEnv();

    tmp = makeTempProfile('llm-sizing-host-');
    if (!opt.keep) res.add('temp dir', () => fs.rmSync(tmp.dir, { recursive: true, force: true }));
    const workspace = opt.copy ? copyWorkspace(opt.workspace, path.join(tmp.dir, 'workspace')) : opt.workspace;
    const resultsFile = path.join(workspace, RESULTS_FILE_NAME);
    fs.rmSync(resultsFile, { force: true });
    if (!opt.copy) res.add('results file', () => fs.rmSync(resultsFile, { force: true }));
    const logFile = path.join(tmp.dir, 'server.log');

    log(`[host] VS Code server (code-server ${hostEnv.codeServerVersion}) ...`);
    const server = await startServer(hostEnv, { userData: tmp.userData, extensions: tmp.extensions, logFile, res });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const url = workbenchUrl(server.base, server.port, workspace, [
      ['extensionDevelopmentPath', remote(opt.extension)],
      ['extensionTestsPath', remote(opt.tests)],
    ]);
    log(`[host] server on :${server.port} after ${((Date.now() - t0) / 1000).toFixed(1)}s; opening workbench`);

    const browser = await launchBrowser(hostEnv, res);
    const page = await browser.newPage();
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    const deadline = t0 + opt.timeout;
    while (!fs.existsSync(resultsFile)) {
      if (Date.now() > deadline) throw new Error(`timed out after ${opt.timeout} ms waiting for ${RESULTS_FILE_NAME}`);
      if (server.child.exitCode !== null) throw new Error('VS Code server exited while tests were running');
      await sleep(250);
    }
    results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    if (!Array.isArray(results.tests)) throw new Error('malformed results file');
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  } finally {
    const serverLog = tmp ? tail(path.join(tmp.dir, 'server.log')) : '';
    await res.cleanup();
    if (error && serverLog) {
      log(`[host] server log (tail):\n${serverLog}`);
      log(`[host] browser console (tail):\n${consoleLines.slice(-30).join('\n')}`);
    }
  }

  const tests = results?.tests ?? [];
  const passed = tests.filter((t) => t.state === 'passed').length;
  let failed = tests.filter((t) => t.state === 'failed').length;
  if (results) log(`[host] VS Code ${results.vscodeVersion}`);
  printResults('host', tests);
  if (error) {
    log(`[host] ERROR: ${error}`);
    failed = Math.max(failed, 1);
  } else if (passed + failed === 0) {
    log('[host] ERROR: zero tests ran');
    error = 'zero tests';
  }
  log(`[host] ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  writeSummary(opt.summary, { suite: 'host', passed, failed, error, seconds: (Date.now() - t0) / 1000, tests });
  log(`host: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || error || passed === 0 ? 1 : 0);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().catch((e) => {
    console.error(e);
    console.log('host: 0 passed, 1 failed');
    process.exit(1);
  });
}
