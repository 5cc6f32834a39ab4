#!/usr/bin/env node
/**
 * UI end-to-end test: what a user sees after installing the packaged .vsix.
 *
 *   node test/e2e/ui.test.mjs [--vsix FILE] [--workspace DIR] [--screenshot FILE]
 *                             [--timeout MS] [--summary FILE] [--keep]
 * Env: LLM_SIZING_VSIX, LLM_SIZING_HOST_WORKSPACE, LLM_SIZING_E2E_TIMEOUT_MS.
 *
 * Installs artifacts/llm-deployment-sizing.vsix into a temp extensions dir with
 * the code-server CLI, starts VS Code's server (no test payload), opens the
 * workspace (a temp copy of test/fixtures/host-workspace) in headless Chromium,
 * opens invalid.deploy.yaml from the Explorer, opens the Problems panel and
 * waits for LLMS021 / h100-sxm-80g, and saves docs/screenshots/problems-panel.png.
 * Prints `e2e: N passed, N failed`; non-zero exit on any failure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Resources, copyWorkspace, launchBrowser, loadHostEnv, makeTempProfile, printResults,
  repoRoot, startServer, tail, workbenchUrl, writeSummary, log,
} from '../host/launch.mjs';
import { installVsix, openFromExplorer, waitForProblems, waitForWorkbench } from './workbench.mjs';

function parseArgs(argv) {
  const o = {
    vsix: process.env.LLM_SIZING_VSIX || 'artifacts/llm-deployment-sizing.vsix',
    workspace: process.env.LLM_SIZING_HOST_WORKSPACE || 'test/fixtures/host-workspace',
    screenshot: 'docs/screenshots/problems-panel.png',
    timeout: Number(process.env.LLM_SIZING_E2E_TIMEOUT_MS || 300_000),
    summary: '',
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    if (a === '--vsix') o.vsix = val();
    else if (a === '--workspace') o.workspace = val();
    else if (a === '--screenshot') o.screenshot = val();
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--summary') o.summary = val();
    else if (a === '--keep') o.keep = true;
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ['vsix', 'workspace', 'screenshot', 'summary']) if (o[k]) o[k] = path.resolve(repoRoot, o[k]);
  return o;
}

async function main() {
  const t0 = Date.now();
  const opt = parseArgs(process.argv.slice(2));
  const res = new Resources();
  const tests = [];
  let ctx = {};
  let tmp = null;
  const consoleLines = [];

  /** Sequential steps; after a failure the remaining steps are reported as failed (not run). */
  let broken = null;
  async function step(title, fn) {
    const s = Date.now();
    if (broken) {
      tests.push({ title, state: 'failed', error: `not run: "${broken}" failed` });
      return;
    }
    try {
      if (Date.now() - t0 > opt.timeout) throw new Error(`overall e2e timeout (${opt.timeout} ms) exceeded`);
      await fn();
      tests.push({ title, state: 'passed', durationMs: Date.now() - s });
    } catch (e) {
      broken = title;
      tests.push({ title, state: 'failed', durationMs: Date.now() - s, error: e?.stack ?? String(e) });
      if (ctx.page) {
        const shot = path.join(repoRoot, 'out', 'e2e-failure.png');
        fs.mkdirSync(path.dirname(shot), { recursive: true });
        await ctx.page.screenshot({ path: shot }).then(() => log(`[e2e] failure screenshot: ${shot}`), () => {});
      }
    }
  }
  // Hard stop, whatever hangs.
  const watchdog = setTimeout(async () => {
    log(`[e2e] ERROR: overall timeout ${opt.timeout} ms`);
    await res.cleanup();
    log('e2e: 0 passed, 1 failed');
    process.exit(1);
  }, opt.timeout + 30_000);
  watchdog.unref();

  try {
    const hostEnv = loadHostEnv();
    tmp = makeTempProfile('llm-sizing-e2e-');
    if (!opt.keep) res.add('temp dir', () => fs.rmSync(tmp.dir, { recursive: true, force: true }));
    const workspace = copyWorkspace(opt.workspace, path.join(tmp.dir, 'workspace'));
    const logFile = path.join(tmp.dir, 'server.log');

    await step('installs the packaged .vsix with the code-server CLI', async () => {
      const { dir } = installVsix(hostEnv, { vsix: opt.vsix, extensions: tmp.extensions, userData: tmp.userData });
      log(`[e2e] installed ${path.basename(dir)}`);
    });

    await step('the workbench opens the workspace and invalid.deploy.yaml from the Explorer', async () => {
      const server = await startServer(hostEnv, { userData: tmp.userData, extensions: tmp.extensions, logFile, res });
      const browser = await launchBrowser(hostEnv, res);
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      ctx.page = page;
      page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
      await page.goto(workbenchUrl(server.base, server.port, workspace), { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await waitForWorkbench(page);
      await openFromExplorer(page, 'invalid.deploy.yaml');
    });

    await step("the Problems panel shows LLMS021 for 'h100-sxm-80g'", async () => {
      const text = await waitForProblems(ctx.page, ['LLMS021', 'h100-sxm-80g'], 45_000);
      const line = text.split('\n').find((l) => l.includes('h100-sxm-80g')) ?? '';
      log(`[e2e] problems: ${line.trim()}`);
      // Click the problem: the editor reveals the squiggle (nicer screenshot, and proves navigation).
      await ctx.page.locator('.markers-panel .monaco-list-row', { hasText: 'h100-sxm-80g' }).first().click();
      await ctx.page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'visible', timeout: 10_000 });
      fs.mkdirSync(path.dirname(opt.screenshot), { recursive: true });
      await ctx.page.waitForTimeout(500); // let the workbench finish painting
      await ctx.page.screenshot({ path: opt.screenshot });
      log(`[e2e] screenshot: ${path.relative(repoRoot, opt.screenshot)}`);
    });
  } catch (e) {
    tests.push({ title: 'e2e setup', state: 'failed', error: e?.stack ?? String(e) });
  } finally {
    const failedAny = tests.some((t) => t.state === 'failed');
    const serverLog = tmp ? tail(path.join(tmp.dir, 'server.log')) : '';
    await res.cleanup();
    clearTimeout(watchdog);
    if (failedAny && serverLog) {
      log(`[e2e] server log (tail):\n${serverLog}`);
      log(`[e2e] browser console (tail):\n${consoleLines.slice(-20).join('\n')}`);
    }
  }

  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.filter((t) => t.state === 'failed').length;
  printResults('e2e', tests);
  log(`[e2e] ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  writeSummary(opt.summary, { suite: 'e2e', passed, failed, seconds: (Date.now() - t0) / 1000, tests });
  log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
