#!/usr/bin/env node
/**
 * Runs the same extension-host suite (out/host/index.js) in desktop VS Code via
 * @vscode/test-electron — for developers with network access to Microsoft's
 * update server (it downloads VS Code; that is not possible on the CI machines,
 * which use test/host/launch.mjs with code-server instead).
 *
 *   node test/host/build.mjs && node test/host/run-electron.mjs
 * Env: VSCODE_VERSION (default 'stable'), VSCODE_EXECUTABLE (use a local VS Code),
 *      LLM_SIZING_HOST_WORKSPACE, LLM_SIZING_HOST_TESTS.
 * On Linux without a display, run it under xvfb-run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { RESULTS_FILE_NAME, copyWorkspace, makeTempProfile, printResults, repoRoot } from './launch.mjs';

const workspaceSrc = path.resolve(repoRoot, process.env.LLM_SIZING_HOST_WORKSPACE || 'test/fixtures/host-workspace');
const testsBundle = path.resolve(repoRoot, process.env.LLM_SIZING_HOST_TESTS || 'out/host/index.js');
if (!fs.existsSync(testsBundle)) {
  console.error(`${testsBundle} missing: run \`node test/host/build.mjs\``);
  process.exit(1);
}

const tmp = makeTempProfile('llm-sizing-electron-');
const workspace = copyWorkspace(workspaceSrc, path.join(tmp.dir, 'workspace'));
const resultsFile = path.join(tmp.dir, RESULTS_FILE_NAME);

let code = 1;
let error = null;
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: testsBundle,
    extensionTestsEnv: { LLM_SIZING_HOST_RESULTS: resultsFile },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      tmp.userData,
      '--extensions-dir',
      tmp.extensions,
    ],
  });
} catch (e) {
  error = e instanceof Error ? e.message : String(e);
}

const results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : null;
fs.rmSync(tmp.dir, { recursive: true, force: true });
const tests = results?.tests ?? [];
const passed = tests.filter((t) => t.state === 'passed').length;
let failed = tests.filter((t) => t.state === 'failed').length;
if (results) console.log(`[host-electron] VS Code ${results.vscodeVersion}`);
printResults('host', tests);
if (error) {
  console.log(`[host-electron] ERROR: ${error}`);
  failed = Math.max(failed, 1);
}
if (!results) {
  console.log('[host-electron] ERROR: no results written');
  failed = Math.max(failed, 1);
}
console.log(`host: ${passed} passed, ${failed} failed`);
process.exit(code !== 0 || failed > 0 || passed === 0 ? 1 : 0);
