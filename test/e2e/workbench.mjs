/**
 * Helpers for the UI end-to-end test: install a .vsix with the code-server CLI
 * and drive VS Code's web workbench with playwright-core.
 * Server/browser/profile helpers are shared with test/host/launch.mjs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const EXTENSION_ID = 'llm-sizing.llm-deployment-sizing';

/** `code-server --extensions-dir DIR --install-extension VSIX`, run with the cached Node 24. */
export function installVsix(hostEnv, { vsix, extensions, userData }) {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found (run \`npm run package\`)`);
  const r = spawnSync(
    hostEnv.node,
    [hostEnv.codeServerEntry, '--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', vsix],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PATH: `${path.dirname(hostEnv.node)}:${process.env.PATH}` },
    },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.error) throw new Error(`install-extension failed: ${r.error.message}\n${out}`);
  if (r.status !== 0) throw new Error(`install-extension exited ${r.status}:\n${out}`);
  const installed = fs.readdirSync(extensions).filter((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (installed.length !== 1) {
    throw new Error(
      `expected one ${EXTENSION_ID}-* in ${extensions}, found ${JSON.stringify(fs.readdirSync(extensions))}\n${out}`,
    );
  }
  return { dir: path.join(extensions, installed[0]), output: out };
}

/** `llm-sizing estimate --format json FILE` with the built CLI, parsed (exit 1 and 2 still print the JSON). */
export function cliEstimateJson(repoRoot, file) {
  let out;
  try {
    out = execFileSync(
      process.execPath,
      [path.join(repoRoot, 'bin', 'llm-sizing.js'), 'estimate', '--format', 'json', file],
      {
        encoding: 'utf8',
      },
    );
  } catch (e) {
    out = e.stdout;
  }
  return JSON.parse(out);
}

/** Waits for the workbench and its Explorer to list the workspace's files. */
export async function waitForWorkbench(page, timeout = 90_000) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout });
}

/** The Explorer row of a top-level file, matched by its exact name. */
export function explorerRow(page, fileName) {
  const exactName = new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page
    .locator('.explorer-folders-view .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactName }) });
}

/** Clicks a file in the Explorer and waits for its editor tab to be active. */
export async function openFromExplorer(page, fileName, timeout = 30_000) {
  const row = explorerRow(page, fileName);
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible', timeout });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout });
}

/** Opens the Problems panel with Ctrl+Shift+M and waits until it shows all `needles`. */
export async function waitForProblems(page, needles, timeout = 30_000) {
  await page
    .locator('.editor-instance .monaco-editor')
    .first()
    .click({ position: { x: 200, y: 10 } });
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout });
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = (await panel.innerText().catch(() => '')) ?? '';
    if (needles.every((n) => text.includes(n))) return text;
    await page.waitForTimeout(250);
  }
  throw new Error(
    `Problems panel did not show ${JSON.stringify(needles)} within ${timeout} ms; it shows:\n${text || '(empty)'}`,
  );
}

/**
 * Polls `probe()` (every `interval` ms) until it returns a truthy value, and returns it.
 * On timeout throws `message` plus the last value `describe()` reports (what the UI showed).
 */
export async function pollUntil(probe, { timeout = 30_000, interval = 200, message = 'condition', describe } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = `(probe threw: ${e?.message ?? e})`;
    }
    if (Date.now() >= deadline) {
      const seen = describe
        ? await Promise.resolve()
            .then(describe)
            .catch((e) => `(describe threw: ${e?.message ?? e})`)
        : last;
      throw new Error(
        `timed out after ${timeout} ms waiting for ${message}; saw:\n${typeof seen === 'string' ? seen : JSON.stringify(seen)}`,
      );
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** 1-based line and column of the first match of `re` in `text` (as VS Code shows them). */
export function locate(text, re) {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m) return { line: i + 1, col: m.index + 1, lineText: lines[i] };
  }
  throw new Error(`${re} not found`);
}

/**
 * Asserts the workbench is in Restricted Mode: the status-bar item `status.workspaceTrust`
 * reads "Restricted Mode" and (with security.workspace.trust.banner = always) the banner explains it.
 * Returns { status, banner } texts.
 */
export async function waitForRestrictedMode(page, timeout = 30_000) {
  const status = page.locator('[id="status.workspaceTrust"]');
  const banner = page.locator('.monaco-workbench .part.banner');
  return pollUntil(
    async () => {
      const s = (await status.innerText({ timeout: 500 }).catch(() => '')).trim();
      const b = (await banner.innerText({ timeout: 500 }).catch(() => '')).trim();
      return /Restricted Mode/.test(s) && /Restricted Mode is intended for safe code browsing/.test(b)
        ? { status: s, banner: b }
        : null;
    },
    {
      timeout,
      message: 'Restricted Mode (status-bar item "Restricted Mode" and the Restricted Mode banner)',
      describe: async () =>
        `status.workspaceTrust: ${JSON.stringify(await status.innerText({ timeout: 500 }).catch(() => '(absent)'))}\n` +
        `banner: ${JSON.stringify(await banner.innerText({ timeout: 500 }).catch(() => '(absent)'))}\n` +
        `status bar: ${JSON.stringify(
          await page
            .locator('.part.statusbar')
            .innerText({ timeout: 500 })
            .catch(() => '(absent)'),
        )}`,
    },
  );
}

/** The Problems-panel rows whose text contains every needle. */
export function problemRows(page, ...needles) {
  let rows = page.locator('.markers-panel .monaco-list-row');
  for (const n of needles) rows = rows.filter({ hasText: n });
  return rows;
}

/** `[Ln X, Col Y]` of a Problems-panel row -> { line, col, text }. */
export async function problemPosition(row) {
  const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
  const pos = (
    await row
      .locator('.marker-line')
      .first()
      .innerText({ timeout: 2000 })
      .catch(() => '')
  ).trim();
  const m = /\[Ln (\d+), Col (\d+)\]/.exec(pos || text);
  if (!m) throw new Error(`no [Ln X, Col Y] in Problems row: ${JSON.stringify(text)}`);
  return { line: Number(m[1]), col: Number(m[2]), pos: m[0], text };
}

/** Text of the status-bar cursor position item ("Ln 31, Col 15 (12 selected)"). */
export async function cursorStatus(page) {
  return (
    await page
      .locator('[id="status.editor.selection"]')
      .innerText({ timeout: 1000 })
      .catch(() => '')
  ).trim();
}

/** The rendered text of 1-based `lineNumber` in the active editor (must be in view), or null. */
export async function editorLineText(page, lineNumber) {
  return page.evaluate((n) => {
    const ed = document.querySelector('.editor-instance .monaco-editor');
    if (!ed) return null;
    const num = [...ed.querySelectorAll('.margin-view-overlays .line-numbers')].find(
      (e) => e.textContent.trim() === String(n),
    );
    if (!num) return null;
    const y = num.getBoundingClientRect().top;
    const line = [...ed.querySelectorAll('.view-lines .view-line')].find(
      (e) => Math.abs(e.getBoundingClientRect().top - y) < 2,
    );
    return line ? line.textContent.replace(/\u00a0/g, ' ') : null;
  }, lineNumber);
}

/** The open code-action (quick fix) menu. */
export function quickFixMenu(page) {
  return page.locator('.action-widget').filter({ has: page.locator('.monaco-list-row') });
}

/** Presses Ctrl+. in the focused editor and waits for the quick-fix menu to offer `title`. */
export async function openQuickFixes(page, title, timeout = 15_000) {
  const menu = quickFixMenu(page);
  const item = menu.locator('.monaco-list-row', { hasText: title });
  // The menu can race the code-action request on a just-revealed range: retry Ctrl+. a few times.
  await pollUntil(
    async () => {
      if (
        await item
          .first()
          .isVisible()
          .catch(() => false)
      )
        return true;
      if (
        !(await menu
          .first()
          .isVisible()
          .catch(() => false))
      )
        await page.keyboard.press('Control+Period');
      await item
        .first()
        .waitFor({ state: 'visible', timeout: 1500 })
        .catch(() => {});
      return item
        .first()
        .isVisible()
        .catch(() => false);
    },
    {
      timeout,
      interval: 100,
      message: `the quick-fix menu (Ctrl+.) to offer ${JSON.stringify(title)}`,
      describe: async () =>
        await menu
          .first()
          .innerText({ timeout: 500 })
          .catch(() => '(no quick-fix menu open)'),
    },
  );
  return {
    menu: menu.first(),
    item: item.first(),
    items: (await menu.first().innerText())
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

// ---- screenshots ---------------------------------------------------------------------------

/**
 * Saves a screenshot as `<dir>/<name>` (default dir: out/screenshots, never tracked) and, only
 * when UPDATE_SCREENSHOTS=1, copies it to docs/screenshots/<name> — so a plain test run never
 * dirties the git tree. Returns the paths written.
 */
export async function saveScreenshot(page, name, { dir, repoRoot, clip, fullPage } = {}) {
  const outDir = dir ?? path.join(repoRoot, 'out', 'screenshots');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, name);
  await page.screenshot({ path: file, ...(clip ? { clip } : {}), ...(fullPage ? { fullPage } : {}) });
  const written = [file];
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    const docs = path.join(repoRoot, 'docs', 'screenshots', name);
    fs.mkdirSync(path.dirname(docs), { recursive: true });
    fs.copyFileSync(file, docs);
    written.push(docs);
  }
  return written;
}

// ---- editor, command palette, webviews, views ---------------------------------------------------

/**
 * The active editor's CodeLens decorations, top to bottom: { text, icons: ['pass'|'error'|…], top,
 * visible }. `visible` is whether the decoration lies inside the editor's box: Monaco can leave a
 * lens it laid out earlier in the DOM far outside the view (a CI run sorted one 389 px above the
 * viewport ahead of the three on screen).
 */
export async function codeLensTexts(page) {
  return page.evaluate(() => {
    const ed = document.querySelector('.editor-instance .monaco-editor');
    if (!ed) return [];
    const box = ed.getBoundingClientRect();
    return [...ed.querySelectorAll('.codelens-decoration')]
      .map((el) => {
        const r = el.getBoundingClientRect();
        return {
          text: el.textContent
            .replace(/\u00a0/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
          icons: [...el.querySelectorAll('.codicon')]
            .map((i) => [...i.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon')?.slice(8))
            .filter(Boolean),
          top: r.top,
          visible: r.height > 0 && r.top >= box.top && r.bottom <= box.bottom,
        };
      })
      .filter((l) => l.text)
      .sort((a, b) => a.top - b.top);
  });
}

/** Focuses the first editor group (Ctrl+1) and moves the cursor to 1-based `line` with Ctrl+G (Go to Line). */
export async function goToLine(page, line) {
  await page.keyboard.press('Control+1');
  await page.locator('.editor-instance .monaco-editor.focused').first().waitFor({ state: 'visible', timeout: 5_000 });
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(String(line));
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
  await pollUntil(async () => new RegExp(`^Ln ${line},`).test(await cursorStatus(page)), {
    timeout: 5_000,
    message: `the cursor on line ${line}`,
    describe: () => cursorStatus(page),
  });
}

/**
 * Runs a command from the command palette (Ctrl+Shift+P) by its exact label; with `keepOpen` it
 * does not wait for the quick input to close (the command opens its own quick pick).
 */
export async function runCommand(page, label, timeout = 15_000, { keepOpen = false } = {}) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${label}`);
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
  if (!keepOpen) await input.waitFor({ state: 'hidden', timeout });
}

/** The frame (among page.frames(), webviews are nested iframes) whose document matches `selector`. */
export async function findFrame(page, selector) {
  for (const frame of page.frames()) {
    if (frame.isDetached()) continue;
    const found = await frame.evaluate((s) => !!document.querySelector(s), selector).catch(() => false);
    if (found) return frame;
  }
  return null;
}

/** Waits for a webview frame showing `selector` and returns it. */
export async function waitForFrame(page, selector, { timeout = 30_000, message } = {}) {
  return pollUntil(() => findFrame(page, selector), {
    timeout,
    interval: 250,
    message: message ?? `a frame with ${selector}`,
    describe: async () =>
      `${page.frames().length} frames: ${page
        .frames()
        .map((f) => f.url().slice(0, 100))
        .join('\n  ')}`,
  });
}

/** Clicks an editor tab by its label. */
export async function activateTab(page, label, timeout = 10_000) {
  const tab = page.locator('.tabs-container .tab', { hasText: label }).first();
  await tab.waitFor({ state: 'visible', timeout });
  await tab.click();
  await page.locator('.tabs-container .tab.active', { hasText: label }).first().waitFor({ state: 'visible', timeout });
}

/** The status-bar entry whose text matches `re` (text), or '' when none. */
export async function statusBarText(page, re) {
  const texts = await page
    .locator('.part.statusbar .statusbar-item')
    .allInnerTexts()
    .catch(() => []);
  return texts.map((t) => t.trim()).find((t) => re.test(t)) ?? '';
}
