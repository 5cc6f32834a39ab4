/**
 * Extension-host test entry (the `extensionTestsPath` module).
 *
 * Both @vscode/test-electron (desktop) and the code-server web harness
 * (test/host/launch.mjs) load the bundled `out/host/index.js` inside the
 * extension host and call `run()`. Mocha is bundled in; the test files are
 * bundled too and registered by the generated entry (see test/host/build.mjs)
 * through `setTestLoader`, so they are only evaluated after mocha's BDD
 * globals (describe/it/...) exist.
 *
 * Results are written as JSON `{passed, failed, tests:[{title, state, error?}]}`
 * to `$LLM_SIZING_HOST_RESULTS` when that is set (desktop runner), else to
 * `<first workspace folder>/.test-results-host.json` (web harness: env vars
 * cannot be passed through the workbench URL).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';

export const RESULTS_FILE_NAME = '.test-results-host.json';

export interface HostTestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export interface HostResults {
  passed: number;
  failed: number;
  vscodeVersion: string;
  tests: HostTestResult[];
}

let testLoader: (() => void) | undefined;

/** Called by the generated bundle entry with a function that requires every `*.test.ts`. */
export function setTestLoader(loader: () => void): void {
  testLoader = loader;
}

export function resultsPath(): string {
  const fromEnv = process.env.LLM_SIZING_HOST_RESULTS;
  if (fromEnv) return fromEnv;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    throw new Error('host tests need a local workspace folder (or LLM_SIZING_HOST_RESULTS) to write results');
  }
  return path.join(folder.uri.fsPath, RESULTS_FILE_NAME);
}

function writeResults(file: string, results: HostResults): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(results, null, 2));
  fs.renameSync(tmp, file); // atomic: the launcher never reads a partial file
}

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export async function run(): Promise<void> {
  const file = resultsPath();
  try {
    fs.rmSync(file, { force: true });
  } catch {
    /* ignore */
  }

  const tests: HostTestResult[] = [];
  const results = (): HostResults => ({
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    vscodeVersion: vscode.version,
    tests,
  });

  let failures: number;
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: false, reporter: 'spec' });
    // Install describe/it/before/... on globalThis, then evaluate the bundled test files.
    mocha.suite.emit('pre-require', globalThis, 'host-suite', mocha);
    if (!testLoader) throw new Error('no test loader registered (bundle built without test/host/build.mjs?)');
    testLoader();

    failures = await new Promise<number>((resolve) => {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t: Mocha.Test) => {
        tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
      });
      runner.on('fail', (t: Mocha.Runnable, err: unknown) => {
        // hook failures arrive here too; they count as failures
        tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: errorText(err) });
      });
    });
  } catch (err) {
    tests.push({ title: 'host suite setup', state: 'failed', error: errorText(err) });
    failures = 1;
  }

  const r = results();
  writeResults(file, r);
  if (failures > 0 || r.failed > 0) {
    throw new Error(`${r.failed} host test(s) failed`);
  }
  if (r.passed === 0) {
    throw new Error('host suite ran zero tests');
  }
}
