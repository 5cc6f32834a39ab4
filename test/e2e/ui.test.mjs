#!/usr/bin/env node
/**
 * UI end-to-end test: what a user sees after installing the packaged .vsix.
 *
 *   node test/e2e/ui.test.mjs [--vsix FILE] [--workspace DIR] [--screenshot-dir DIR]
 *                             [--timeout MS] [--summary FILE] [--keep]
 * Env: LLM_SIZING_VSIX, LLM_SIZING_HOST_WORKSPACE, LLM_SIZING_E2E_TIMEOUT_MS,
 *      UPDATE_SCREENSHOTS=1 (also copy the screenshots to docs/screenshots/).
 *
 * Screenshots go to out/screenshots/ (untracked), and to docs/screenshots/ only with
 * UPDATE_SCREENSHOTS=1, so a test run never dirties the git tree.
 *
 * Installs artifacts/llm-deployment-sizing.vsix into a temp extensions dir with
 * the code-server CLI, starts VS Code's server (no test payload), opens the
 * workspace (a temp copy of test/fixtures/host-workspace) in headless Chromium,
 * opens invalid.deploy.yaml from the Explorer, opens the Problems panel and
 * waits for LLMS021 / h100-sxm-80g, and saves problems-panel.png.
 *
 * Then the same in Restricted Mode (issue 2: the extension must work in an
 * UNTRUSTED workspace): a second server with a profile where workspace trust is
 * enabled, never prompted and always bannered, so the folder opens untrusted.
 * Asserts the Restricted Mode status-bar item and banner, the LLMS021 row's
 * [Ln, Col] (computed from the fixture), applies the "Change to 'h100-sxm-80gb'"
 * quick fix from the editor's Ctrl+. menu, and asserts the edited line and that
 * LLMS021 is gone (the file is not saved; the workspace is a temp copy anyway).
 * Screenshot: untrusted-quick-fix.png (menu open). The untrusted folder has a .vscode/settings.json
 * setting "llmSizing.maxFileSizeKB": 1, which Restricted Mode must ignore (restrictedConfigurations):
 * a ~10 kB large.deploy.yaml is still analysed (LLMS021, no LLMS006). Control, in the trusted
 * session: the same setting is honoured there (LLMS006).
 *
 * First of all, before installing it, the .vsix itself is read (test/e2e/vsix.mjs): its exact file
 * list, its manifest, and the network / code-generation patterns over the minified bundles.
 *
 * Then estimates, the comparison panel and the sidebar (issues 5 and 6; test/e2e/estimates.mjs):
 * CodeLens and Problems after typing and Ctrl+S, "Compare Placements" from the command palette
 * and its webview content, update on save, dark theme, restore after a page reload, the
 * "LLM Sizing" sidebar. Screenshots: editor-codelens.png, panel-light.png, panel-dark.png,
 * sidebar.png.
 *
 * Prints `e2e: N passed, N failed`; non-zero exit on any failure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CLEAN_SETTINGS,
  Resources,
  copyWorkspace,
  launchBrowser,
  loadHostEnv,
  makeTempProfile,
  printResults,
  repoRoot,
  startServer,
  tail,
  workbenchUrl,
  writeSummary,
  log,
} from '../host/launch.mjs';
import {
  cursorStatus,
  editorLineText,
  installVsix,
  locate,
  openFromExplorer,
  openQuickFixes,
  pollUntil,
  problemPosition,
  problemRows,
  quickFixMenu,
  saveScreenshot,
  waitForProblems,
  waitForRestrictedMode,
  waitForWorkbench,
} from './workbench.mjs';
import { estimateSteps } from './estimates.mjs';
import { webWorkerSteps } from './webWorker.mjs';
import { EXPECTED_FILES, checkBundles, checkFileList, checkManifest, readZip } from './vsix.mjs';

/** User settings that make the folder open in Restricted Mode, without a modal trust prompt. */
const RESTRICTED_SETTINGS = {
  ...CLEAN_SETTINGS,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'security.workspace.trust.emptyWindow': false,
  // VS Code for the Web defaults to autoSave afterDelay; the quick fix must leave the file unsaved.
  'files.autoSave': 'off',
};

const FILE = 'invalid.deploy.yaml';
const BAD = 'h100-sxm-80g';
const GOOD = 'h100-sxm-80gb';
const FIX_TITLE = `Change to '${GOOD}'`;

/**
 * Restricted Mode must ignore a workspace's `llmSizing.maxFileSizeKB` (package.json
 * restrictedConfigurations): the untrusted workspace gets this .vscode/settings.json, and LARGE
 * (~10 kB, far over 1 KB) must still be analysed. The trusted session is the control: there the
 * same setting is honoured and LARGE gets LLMS006.
 */
const WORKSPACE_LIMIT_SETTINGS = { 'llmSizing.maxFileSizeKB': 1 };
const LARGE = 'large.deploy.yaml';
const LARGE_BAD = 'h200-sxm-141g';

/** invalid.deploy.yaml with another unknown hardware id, padded with comments to ~10 kB. */
function largeDeployment(fixtureText) {
  let text = fixtureText
    .replace(`hardware: ${BAD}\n`, `hardware: ${LARGE_BAD}\n`)
    .replace(/^name: .*$/m, 'name: large-deployment');
  if (!text.includes(LARGE_BAD)) throw new Error(`${FILE} no longer has 'hardware: ${BAD}'`);
  text += '\n';
  for (let i = 1; text.length < 10 * 1024; i++)
    text += `# padding line ${String(i).padStart(3, '0')}: this file is larger than the 1 KB limit the workspace settings ask for\n`;
  return text;
}

function writeWorkspaceSettings(workspace, settings) {
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}

function parseArgs(argv) {
  const o = {
    vsix: process.env.LLM_SIZING_VSIX || 'artifacts/llm-deployment-sizing.vsix',
    workspace: process.env.LLM_SIZING_HOST_WORKSPACE || 'test/fixtures/host-workspace',
    screenshotDir: 'out/screenshots',
    timeout: Number(process.env.LLM_SIZING_E2E_TIMEOUT_MS || 540_000),
    summary: '',
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--vsix') o.vsix = val();
    else if (a === '--workspace') o.workspace = val();
    else if (a === '--screenshot-dir') o.screenshotDir = val();
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--summary') o.summary = val();
    else if (a === '--keep') o.keep = true;
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ['vsix', 'workspace', 'screenshotDir', 'summary']) if (o[k]) o[k] = path.resolve(repoRoot, o[k]);
  return o;
}

async function main() {
  const t0 = Date.now();
  const opt = parseArgs(process.argv.slice(2));
  const res = new Resources();
  const tests = [];
  let tmp = null;
  let hostEnv = null;
  let browser = null;
  const sessions = []; // { name, page, consoleLines, logFile }

  /**
   * Sequential steps in groups. After a failure the group's remaining steps are
   * reported as failed (not run); a failure in group 'install' breaks every group.
   */
  const broken = new Map();
  let current = null; // session of the running group, for failure screenshots
  async function step(group, title, fn) {
    const s = Date.now();
    const cause = broken.get(group) ?? broken.get('install');
    if (cause) {
      tests.push({ title, state: 'failed', error: `not run: "${cause}" failed` });
      return;
    }
    try {
      if (Date.now() - t0 > opt.timeout) throw new Error(`overall e2e timeout (${opt.timeout} ms) exceeded`);
      await fn();
      tests.push({ title, state: 'passed', durationMs: Date.now() - s });
    } catch (e) {
      broken.set(group, title);
      tests.push({ title, state: 'failed', durationMs: Date.now() - s, error: e?.stack ?? String(e) });
      const page = current?.name === group ? current.page : null;
      if (page) {
        const shot = path.join(repoRoot, 'out', `e2e-failure-${group}.png`);
        fs.mkdirSync(path.dirname(shot), { recursive: true });
        await page.screenshot({ path: shot }).then(
          () => log(`[e2e] failure screenshot: ${shot}`),
          () => {},
        );
      }
    }
  }

  /** out/screenshots/<name>, and docs/screenshots/<name> with UPDATE_SCREENSHOTS=1. */
  async function shot(page, name) {
    const files = await saveScreenshot(page, name, { repoRoot, dir: opt.screenshotDir });
    log(`[e2e] screenshot: ${files.map((f) => path.relative(repoRoot, f)).join(' + ')}`);
  }

  /** Starts a VS Code server with `settings` as user settings, opens a fresh workspace copy in a new browser context. */
  async function openSession(name, settings, { viewport = { width: 1440, height: 900 }, prepare, extensions } = {}) {
    const userData = path.join(tmp.dir, `ud-${name}`);
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    const workspace = copyWorkspace(opt.workspace, path.join(tmp.dir, `workspace-${name}`));
    prepare?.(workspace); // e.g. workspace settings, present before the folder opens
    const logFile = path.join(tmp.dir, `server-${name}.log`);
    const session = { name, workspace, userData, logFile, consoleLines: [], page: null };
    sessions.push(session);
    current = session;
    const server = await startServer(hostEnv, { userData, extensions: extensions ?? tmp.extensions, logFile, res });
    browser ??= await launchBrowser(hostEnv, res);
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    session.page = page;
    page.on('console', (m) => session.consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => session.consoleLines.push(`[pageerror] ${e.message}`));
    await page.goto(workbenchUrl(server.base, server.port, workspace), {
      waitUntil: 'domcontentloaded',
      timeout: 60_000,
    });
    await waitForWorkbench(page);
    return session;
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
    hostEnv = loadHostEnv();
    tmp = makeTempProfile('llm-sizing-e2e-');
    if (!opt.keep) res.add('temp dir', () => fs.rmSync(tmp.dir, { recursive: true, force: true }));
    else log(`[e2e] keeping ${tmp.dir}`);
    const fixtureText = fs.readFileSync(path.join(opt.workspace, FILE), 'utf8');
    // Where the unknown id is in the fixture (1-based, as VS Code shows it): line 31, col 15 today.
    const bad = locate(fixtureText, new RegExp(`(?<=hardware:\\s*)${BAD.replace(/[.-]/g, '\\$&')}(?![\\w-])`));

    // ---- what ships: the .vsix itself (read as a zip, before it is installed) -------------------
    let shipped = null;
    await step(
      'vsix',
      `the .vsix holds exactly the ${EXPECTED_FILES.length} expected files (no node_modules, sources, source maps or CLI); its manifest keeps the Restricted Mode settings`,
      async () => {
        shipped = readZip(opt.vsix);
        checkFileList(shipped, opt.vsix);
        checkManifest(shipped);
      },
    );
    await step(
      'vsix',
      "the minified bundles inside the .vsix: no network API, no code generation but zod's jitless-guarded sites, only vscode and local built-ins required",
      async () => {
        for (const line of checkBundles(shipped)) log(`[e2e] shipped ${line}`);
      },
    );

    await step('install', 'installs the packaged .vsix with the code-server CLI', async () => {
      const { dir } = installVsix(hostEnv, { vsix: opt.vsix, extensions: tmp.extensions, userData: tmp.userData });
      log(`[e2e] installed ${path.basename(dir)}`);
    });

    // ---- trusted workspace (workspace trust disabled) ------------------------------------
    let trusted = null;
    await step('trusted', `the workbench opens the workspace and ${FILE} from the Explorer`, async () => {
      trusted = await openSession('trusted', CLEAN_SETTINGS);
      await openFromExplorer(trusted.page, FILE);
    });

    await step('trusted', `the Problems panel shows LLMS021 for '${BAD}'`, async () => {
      const page = trusted.page;
      const text = await waitForProblems(page, ['LLMS021', BAD], 45_000);
      const line = text.split('\n').find((l) => l.includes(BAD)) ?? '';
      log(`[e2e] problems: ${line.trim()}`);
      // Click the problem: the editor reveals the squiggle (nicer screenshot, and proves navigation).
      await problemRows(page, BAD).first().click();
      await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.waitForTimeout(500); // let the workbench finish painting
      await shot(page, 'problems-panel.png');
    });

    await step(
      'trusted',
      `control: in a trusted workspace, .vscode/settings.json "llmSizing.maxFileSizeKB": 1 is honoured (${LARGE} gets LLMS006)`,
      async () => {
        const page = trusted.page;
        fs.writeFileSync(path.join(trusted.workspace, LARGE), largeDeployment(fixtureText));
        writeWorkspaceSettings(trusted.workspace, WORKSPACE_LIMIT_SETTINGS);
        await openFromExplorer(page, LARGE);
        const text = await waitForProblems(page, ['LLMS006', 'llmSizing.maxFileSizeKB'], 45_000);
        log(
          `[e2e] trusted, 1 KB limit: ${JSON.stringify(
            text
              .split('\n')
              .find((l) => l.includes('LLMS006'))
              ?.trim(),
          )}`,
        );
      },
    );
    // Done with it: close its window (the server idles until cleanup).
    if (trusted?.page)
      await trusted.page
        .context()
        .close()
        .catch(() => {});

    // ---- untrusted workspace (Restricted Mode) -----------------------------------------------
    let untrusted = null;
    await step(
      'restricted',
      'Restricted Mode: the untrusted workspace opens with the "Restricted Mode" status-bar item and banner',
      async () => {
        untrusted = await openSession('restricted', RESTRICTED_SETTINGS, {
          prepare: (ws) => writeWorkspaceSettings(ws, WORKSPACE_LIMIT_SETTINGS),
        });
        const { status, banner } = await waitForRestrictedMode(untrusted.page);
        log(`[e2e] status bar: ${JSON.stringify(status)}; banner: ${JSON.stringify(banner.split('\n')[0])}`);
        await openFromExplorer(untrusted.page, FILE);
      },
    );

    await step(
      'restricted',
      `Restricted Mode: the Problems panel shows LLMS021 for '${BAD}' at [Ln ${bad.line}, Col ${bad.col}]`,
      async () => {
        const page = untrusted.page;
        await waitForProblems(page, ['LLMS021', BAD], 45_000);
        const rows = problemRows(page, 'LLMS021', BAD);
        const n = await rows.count();
        if (n !== 1) throw new Error(`expected 1 LLMS021 row for '${BAD}', found ${n}`);
        const pos = await problemPosition(rows.first());
        log(`[e2e] restricted problems row: ${pos.text}`);
        if (pos.line !== bad.line || pos.col !== bad.col) {
          throw new Error(
            `LLMS021 row is at ${pos.pos}, expected [Ln ${bad.line}, Col ${bad.col}] ` +
              `(where '${BAD}' is in ${FILE}: ${JSON.stringify(bad.lineText)})`,
          );
        }
      },
    );

    await step('restricted', `Restricted Mode: Ctrl+. on the squiggle offers "${FIX_TITLE}"`, async () => {
      const page = untrusted.page;
      // Double-click the Problems row: opens the editor focused, with the diagnostic's range selected.
      await problemRows(page, 'LLMS021', BAD).first().dblclick();
      await page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'visible', timeout: 10_000 });
      await pollUntil(
        async () => {
          const focused = await page.locator('.editor-instance .monaco-editor.focused').count();
          // The selection is the diagnostic's range; the cursor sits at its start or end.
          const m = /^Ln (\d+), Col (\d+)/.exec(await cursorStatus(page));
          return (
            focused > 0 &&
            m &&
            Number(m[1]) === bad.line &&
            Number(m[2]) >= bad.col &&
            Number(m[2]) <= bad.col + BAD.length
          );
        },
        {
          timeout: 10_000,
          message: `the editor to be focused with the cursor on '${BAD}' (Ln ${bad.line}, Col ${bad.col}-${bad.col + BAD.length})`,
          describe: async () =>
            `cursor status: ${JSON.stringify(await cursorStatus(page))}, editor focused: ` +
            `${(await page.locator('.editor-instance .monaco-editor.focused').count()) > 0}`,
        },
      );
      const { items } = await openQuickFixes(page, FIX_TITLE);
      log(`[e2e] quick fixes: ${JSON.stringify(items)}`);
      await page.waitForTimeout(300); // the menu fades in
      await shot(page, 'untrusted-quick-fix.png');
    });

    await step(
      'restricted',
      `Restricted Mode: the fix makes line ${bad.line} 'hardware: ${GOOD}' and LLMS021 disappears (unsaved)`,
      async () => {
        const page = untrusted.page;
        await quickFixMenu(page).locator('.monaco-list-row', { hasText: FIX_TITLE }).first().click();
        const expected = bad.lineText.replace(BAD, GOOD).replace(/\s+$/, '');
        await pollUntil(async () => ((await editorLineText(page, bad.line)) ?? '').replace(/\s+$/, '') === expected, {
          timeout: 10_000,
          message: `line ${bad.line} to read ${JSON.stringify(expected)}`,
          describe: async () => JSON.stringify(await editorLineText(page, bad.line)),
        });
        if (!/hardware: h100-sxm-80gb$/.test(expected))
          throw new Error(`unexpected fixture line ${JSON.stringify(bad.lineText)}`);
        const panel = page.locator('.markers-panel');
        await pollUntil(async () => (await problemRows(page, 'LLMS021').count()) === 0 && (await panel.isVisible()), {
          timeout: 20_000,
          message: `the Problems panel to stop listing LLMS021 for ${FILE}`,
          describe: () => panel.innerText({ timeout: 500 }),
        });
        log(
          `[e2e] problems after fix: ${JSON.stringify((await panel.innerText()).replace(/\s+/g, ' ').trim().slice(0, 200))}`,
        );
        // Not saved: the tab is dirty and the file on disk still has the typo.
        const dirty = await page.locator('.tabs-container .tab.active.dirty', { hasText: FILE }).count();
        if (!dirty) throw new Error(`expected the ${FILE} tab to be dirty (edited, unsaved)`);
        const onDisk = fs.readFileSync(path.join(untrusted.workspace, FILE), 'utf8');
        if (!onDisk.includes(`hardware: ${BAD}\n`))
          throw new Error(`${FILE} was saved to disk; the test must not save`);
        await waitForRestrictedMode(page, 5_000); // still untrusted
      },
    );

    await step(
      'restricted',
      `Restricted Mode: the workspace's "llmSizing.maxFileSizeKB": 1 is ignored: ${LARGE} (~10 kB) is analysed, LLMS021 for '${LARGE_BAD}', no LLMS006`,
      async () => {
        const page = untrusted.page;
        const text = largeDeployment(fixtureText);
        fs.writeFileSync(path.join(untrusted.workspace, LARGE), text);
        if (text.length <= 10 * 1024 || text.length > 11 * 1024)
          throw new Error(`${LARGE} is ${text.length} characters`);
        await openFromExplorer(page, LARGE);
        const problems = await waitForProblems(page, ['LLMS021', LARGE_BAD], 45_000);
        if (problems.includes('LLMS006'))
          throw new Error(`LLMS006 in Problems: the workspace's 1 KB limit applied in Restricted Mode:\n${problems}`);
        await waitForRestrictedMode(page, 5_000); // still untrusted
      },
    );
    if (untrusted?.page)
      await untrusted.page
        .context()
        .close()
        .catch(() => {});

    // ---- estimates, comparison panel, sidebar (issues 5 and 6) ----------------------------------
    await estimateSteps({
      step,
      openSession,
      tmpDir: tmp.dir,
      repoRoot,
      log,
      settings: CLEAN_SETTINGS,
      screenshotDir: opt.screenshotDir,
    });

    // ---- the browser extension in the web-worker extension host (issue 17 item 3) ---------------
    await webWorkerSteps({
      step,
      openSession,
      hostEnv,
      vsix: opt.vsix,
      tmpDir: tmp.dir,
      repoRoot,
      log,
      settings: CLEAN_SETTINGS,
      shot,
    });
  } catch (e) {
    tests.push({ title: 'e2e setup', state: 'failed', error: e?.stack ?? String(e) });
  } finally {
    const failedAny = tests.some((t) => t.state === 'failed');
    // Snapshot before cleanup (stopping the servers floods the console with reconnect errors).
    const logs = sessions.map((s) => ({ ...s, serverLog: tail(s.logFile), consoleLines: s.consoleLines.slice() }));
    await res.cleanup();
    clearTimeout(watchdog);
    if (failedAny) {
      for (const s of logs) {
        log(`[e2e] ${s.name}: server log (tail):\n${s.serverLog}`);
        log(`[e2e] ${s.name}: browser console (tail):\n${s.consoleLines.slice(-20).join('\n')}`);
      }
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
