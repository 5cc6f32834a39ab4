/**
 * Helpers for the UI end-to-end test: install a .vsix with the code-server CLI
 * and drive VS Code's web workbench with playwright-core.
 * Server/browser/profile helpers are shared with test/host/launch.mjs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const EXTENSION_ID = 'llm-sizing.llm-deployment-sizing';

/** `code-server --extensions-dir DIR --install-extension VSIX`, run with the cached Node 24. */
export function installVsix(hostEnv, { vsix, extensions, userData }) {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found (run \`npm run package\`)`);
  const r = spawnSync(hostEnv.node, [
    hostEnv.codeServerEntry,
    '--extensions-dir', extensions, '--user-data-dir', userData,
    '--install-extension', vsix,
  ], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, PATH: `${path.dirname(hostEnv.node)}:${process.env.PATH}` },
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.error) throw new Error(`install-extension failed: ${r.error.message}\n${out}`);
  if (r.status !== 0) throw new Error(`install-extension exited ${r.status}:\n${out}`);
  const installed = fs.readdirSync(extensions).filter((d) => d.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (installed.length !== 1) {
    throw new Error(`expected one ${EXTENSION_ID}-* in ${extensions}, found ${JSON.stringify(fs.readdirSync(extensions))}\n${out}`);
  }
  return { dir: path.join(extensions, installed[0]), output: out };
}

/** Waits for the workbench and its Explorer to list the workspace's files. */
export async function waitForWorkbench(page, timeout = 90_000) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout });
}

/** The Explorer row of a top-level file, matched by its exact name. */
export function explorerRow(page, fileName) {
  return page.locator('.explorer-folders-view .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
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
  await page.locator('.editor-instance .monaco-editor').first().click({ position: { x: 200, y: 10 } });
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
  throw new Error(`Problems panel did not show ${JSON.stringify(needles)} within ${timeout} ms; it shows:\n${text || '(empty)'}`);
}
