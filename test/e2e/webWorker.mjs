/**
 * The browser extension (package.json `browser`, dist/browser/extension.js) in VS Code's real
 * web-worker extension host (issue 17 item 3), in the web workbench code-server ships.
 *
 * The packaged .vsix is installed into its own extensions folder and its installed manifest loses
 * `main`: with only `browser` left, VS Code can run it nowhere but in the web-worker extension host
 * in the page (the server's Node extension host has nothing to load), as in vscode.dev. Then, in a
 * new session: the worker extension host is there (its iframe), the extension is active, a bad
 * hardware id gets LLMS021 in the Problems panel, and "Compare Placements" opens the comparison
 * panel with the same placements and verdicts as `llm-sizing estimate`.
 *
 * What this does not cover: vscode.dev itself (its file system provider, GitHub repositories);
 * here files come from the server's file system through the remote connection, as in github.dev
 * with a remote, and model files outside the workspace are not read (as in Restricted Mode).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  cliEstimateJson,
  installVsix,
  openFromExplorer,
  pollUntil,
  runCommand,
  waitForFrame,
  waitForProblems,
} from './workbench.mjs';

const BAD_FILE = 'invalid.deploy.yaml';
const FILE = 'chat-assistant.deploy.yaml';

/** `llm-sizing estimate --format json` of a workspace file: its placements' names and verdicts. */
function cliPlacements(repoRoot, file) {
  return cliEstimateJson(repoRoot, file).files[0].deployments.flatMap((d) =>
    d.placements.map((p) => [p.name, p.verdict]),
  );
}

export async function webWorkerSteps({ step, openSession, hostEnv, vsix, tmpDir, repoRoot, log, settings, shot }) {
  const group = 'web-worker';
  const extensions = path.join(tmpDir, 'extensions-web');
  let session = null;

  await step(
    group,
    'web worker: the .vsix installed with only its `browser` entry (no `main`) in its manifest',
    async () => {
      fs.mkdirSync(extensions, { recursive: true });
      const userData = path.join(tmpDir, 'ud-web-install');
      fs.mkdirSync(userData, { recursive: true });
      const { dir } = installVsix(hostEnv, { vsix, extensions, userData });
      const manifestFile = path.join(dir, 'package.json');
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
      if (manifest.browser !== './dist/browser/extension.js' || !fs.existsSync(path.join(dir, manifest.browser)))
        throw new Error(`browser entry ${JSON.stringify(manifest.browser)} missing from the installed extension`);
      delete manifest.main;
      fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    },
  );

  await step(
    group,
    `web worker: the workbench starts a web-worker extension host, and ${BAD_FILE} gets LLMS021 in Problems`,
    async () => {
      session = await openSession(group, settings, { extensions });
      const page = session.page;
      await openFromExplorer(page, BAD_FILE);
      const text = await waitForProblems(page, ['LLMS021', 'h100-sxm-80g'], 60_000);
      const iframes = await page.evaluate(() =>
        [...document.querySelectorAll('iframe')]
          .map((f) => f.getAttribute('src') ?? '')
          .filter((s) => /webWorkerExtensionHost/i.test(s)),
      );
      const started = session.consoleLines.some((l) => /web worker extension host is started/i.test(l));
      if (iframes.length === 0 && !started)
        throw new Error('no web-worker extension host in the page (no iframe, no console line)');
      log(
        `[e2e] web worker host: ${iframes.length} iframe(s); problems: ${text
          .split('\n')
          .find((l) => l.includes('LLMS021'))
          ?.trim()}`,
      );
    },
  );

  await step(
    group,
    `web worker: "LLM Sizing: Compare Placements" shows ${FILE}'s placements and verdicts as the CLI does`,
    async () => {
      const page = session.page;
      await openFromExplorer(page, FILE);
      const expected = cliPlacements(repoRoot, path.join(session.workspace, FILE));
      await runCommand(page, 'LLM Sizing: Compare Placements');
      const frame = await waitForFrame(page, 'table.compare', { timeout: 30_000, message: 'the comparison webview' });
      const shown = await pollUntil(
        async () => {
          const got = await frame.evaluate(() => ({
            names: [...document.querySelectorAll('table.compare button.placement .pname')].map((e) =>
              e.textContent.trim(),
            ),
            verdicts: [...document.querySelectorAll('table.compare tr.row-verdict td .verdict')].map((e) =>
              e.classList.contains('pass') ? 'pass' : 'fail',
            ),
            charts: document.querySelectorAll('figure.chart svg').length,
          }));
          return got.names.length === expected.length ? got : null;
        },
        { timeout: 20_000, message: 'the panel to list every placement' },
      );
      const got = shown.names.map((n, i) => [n, shown.verdicts[i]]);
      if (JSON.stringify(got) !== JSON.stringify(expected))
        throw new Error(`panel ${JSON.stringify(got)}, CLI ${JSON.stringify(expected)}`);
      if (shown.charts < 3) throw new Error(`${shown.charts} charts`);
      log(`[e2e] web worker panel: ${JSON.stringify(got)}`);
      await shot(page, 'web-worker-panel.png');
    },
  );
}
