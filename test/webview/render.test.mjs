#!/usr/bin/env node
/**
 * The comparison webview rendered in headless Chromium, with a stub acquireVsCodeApi.
 *
 *   node test/webview/render.test.mjs [--no-screenshots]
 * Env: CHROMIUM (default /usr/bin/chromium); WEBVIEW_DEBUG_DIR: also save full-page screenshots there.
 *
 * Bundles webview/main.ts and webview/styles.css exactly as the build does (minified IIFE), serves
 * the panel's own HTML (src/extension/comparison/html.ts: same CSP and nonce) from a loopback
 * HTTP server with the stub script and a theme's --vscode-* variables added, then checks: content
 * for fixed payloads, reveal/select/copyMarkdown messages, keyboard navigation, update without
 * losing scroll or selection, state restore after a reload, and no CSP violation or console
 * error. Saves out/screenshots/comparison-{light,dark,hc}.png (docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 * Prints `webview: N passed, N failed`; `--summary FILE` also writes {passed, failed} as JSON.
 */
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { axeViolations, obscuredDuringTabWalk, paintedGraphics } from './a11y.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const screenshots = !process.argv.includes('--no-screenshots');
const BUDGET = 150 * 1024;
const fixture = (name) => JSON.parse(readFileSync(join(here, 'fixtures', name), 'utf8'));
const V1 = fixture('comparison.json');
const V2 = fixture('comparison-v2.json');

// ------------------------------------------------------------------ tiny runner
const results = [];
async function test(name, fn) {
  const start = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(
      `  ✗ ${name}\n      ${String(e?.stack ?? e)
        .split('\n')
        .slice(0, 4)
        .join('\n      ')}`,
    );
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
function eq(actual, expected, message) {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) throw new Error(`${message}\n      expected ${b}\n      actual   ${a}`);
}

// ------------------------------------------------------------------ build
const tmp = mkdtempSync(join(tmpdir(), 'webview-test-'));
const common = {
  bundle: true,
  minify: true,
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'silent',
  write: false,
};
const [js, css, htmlModule] = await Promise.all([
  esbuild.build({ ...common, entryPoints: [join(root, 'webview/main.ts')], platform: 'browser', format: 'iife' }),
  esbuild.build({ ...common, entryPoints: [join(root, 'webview/styles.css')] }),
  esbuild.build({
    ...common,
    minify: false,
    entryPoints: [join(root, 'src/extension/comparison/html.ts')],
    platform: 'neutral',
    format: 'esm',
  }),
]);
const bundle = js.outputFiles[0].contents;
writeFileSync(join(tmp, 'html.mjs'), htmlModule.outputFiles[0].contents);
const { comparisonHtml } = await import(pathToFileURL(join(tmp, 'html.mjs')).href);

// ------------------------------------------------------------------ server
const NONCE = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const files = {
  '/main.js': ['text/javascript', bundle],
  '/styles.css': ['text/css', css.outputFiles[0].contents],
  '/stub.js': ['text/javascript', readFileSync(join(here, 'stub.js'))],
  '/theme-light.css': ['text/css', readFileSync(join(here, 'themes/light.css'))],
  '/theme-dark.css': ['text/css', readFileSync(join(here, 'themes/dark.css'))],
  '/theme-hc.css': ['text/css', readFileSync(join(here, 'themes/hc.css'))],
};
const BODY_CLASS = { light: 'vscode-light', dark: 'vscode-dark', hc: 'vscode-high-contrast' };
let origin = '';

/** The panel's page plus what VS Code adds around it: theme variables, body class, the API. */
function page(theme) {
  const html = comparisonHtml({
    cspSource: origin,
    nonce: NONCE,
    scriptUri: `${origin}/main.js`,
    styleUri: `${origin}/styles.css`,
  });
  return html
    .replace(
      '<link rel="stylesheet"',
      `<link rel="stylesheet" href="${origin}/theme-${theme}.css">\n<link rel="stylesheet"`,
    )
    .replace('<body>', `<body class="${BODY_CLASS[theme]}" data-vscode-theme-kind="${BODY_CLASS[theme]}">`)
    .replace('<script nonce=', `<script nonce="${NONCE}" src="${origin}/stub.js"></script>\n<script nonce=`);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page(url.searchParams.get('theme') ?? 'dark'));
    return;
  }
  if (url.pathname === '/favicon.ico') {
    // Chromium asks on its own; VS Code webviews never do. Not a resource of the page.
    res.writeHead(204).end();
    return;
  }
  const file = files[url.pathname];
  if (!file) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' });
  res.end(file[1]);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
origin = `http://127.0.0.1:${server.address().port}`;

// ------------------------------------------------------------------ browser
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
const problems = [];
const p = await context.newPage();
p.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
});
p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

const posted = () => p.evaluate(() => window.__posted);
const clearPosted = () =>
  p.evaluate(() => {
    window.__posted.length = 0;
  });
const send = (message) => p.evaluate((m) => window.postMessage(m, '*'), message);
const text = () => p.locator('#app').innerText();
const selectedName = () =>
  p.evaluate(() => document.querySelector('button.placement.selected .pname')?.textContent ?? null);
const violations = [];
/** Collects the page's CSP reports before it is navigated away (they live in the page). */
const harvest = async () => {
  violations.push(...(await p.evaluate(() => window.__violations?.splice(0) ?? []).catch(() => [])));
};
const load = async (theme = 'dark') => {
  await harvest();
  await p.goto(`${origin}/index.html?theme=${theme}`);
  await p.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
};

console.log('webview (Chromium)');
try {
  await test(`bundle is under 150 kB minified (${(bundle.length / 1024).toFixed(1)} kB)`, () => {
    assert(bundle.length < BUDGET, `${bundle.length} bytes`);
  });

  await test('before any update: empty state and `ready` posted', async () => {
    await load();
    assert((await text()).includes('Open a deployment file'), 'empty message missing');
    eq(await posted(), [{ type: 'ready' }], 'posted messages');
    assert(await p.locator('#copy-markdown').isDisabled(), 'copy button should be disabled without data');
  });

  await test('renders every placement with verdicts, reasons and numbers', async () => {
    const sent = await p.evaluate(() => performance.now());
    await send(V1);
    await p.waitForSelector('section.deployment');
    // First render: from the `update` message to the comparison in the DOM (docs/performance.md).
    const firstRenderMs = (await p.evaluate(() => performance.now())) - sent;
    mkdirSync(join(root, 'out'), { recursive: true });
    writeFileSync(
      join(root, 'out', 'perf-webview.json'),
      JSON.stringify({ firstRenderMs, placements: 7, measuredAt: new Date().toISOString() }),
    );
    const t = await text();
    for (const name of ['dc-h100', 'hybrid-burst', 'edge-orin', 'cloud-h100', 'workstation', 'laptop-edge', 'split-pd'])
      assert(t.includes(name), `missing ${name}`);
    eq(await p.locator('.verdict.pass').count(), 5, 'pass badges');
    eq(await p.locator('.verdict.fail').count(), 2, 'fail badges');
    for (const s of [
      'TTFT p95 9.6 s exceeds SLO 1 s at 6 req/s',
      'Does not fit: needs 18.7 GiB per GPU, has 11.2',
      'NVIDIA H100 SXM5 80GB',
      'NVIDIA L40S 48GB + NVIDIA H100 SXM5 80GB (cloud)',
      '12 (12 sites)',
      '14.2 req/s · 11.8 req/s',
      '3.1 kW · 4.4 kW',
      '1.97B',
      '6 h/day',
      '$7,652',
      '$11,800',
      '$3.88',
      '377 ms (332–441 ms)',
      '71.3 / 79.2 GiB (90%)',
      'on-prem: 43.7 / 44.4 GiB (98%)',
      'cloud: 71.3 / 79.2 GiB (90%)',
      '2,950 tok/s',
      '3.1 kW',
      'Yes (22% of requests)',
      'Yes (all requests)',
      'TTFT p95 (SLO p95 ≤ 1 s)',
      '4 (auto)',
      '2,000 in / 300 out tokens · peak 6 req/s',
      'deploy/assistant.deploy.yaml',
    ])
      assert(t.includes(s), `missing text: ${s}`);
    eq(await p.locator('.recommended').count(), 2, 'recommended stars');
  });

  await test('a disaggregated placement shows its prefill and decode workers side by side, the KV transfer and the aggregated alternative', async () => {
    await send(V1);
    await p.waitForSelector('.roles');
    const roles = p.locator('.roles .role');
    eq(await roles.count(), 2, 'two role blocks');
    const [prefill, decode] = await roles.allInnerTexts();
    assert(/^Prefill/.test(prefill) && prefill.includes('2 × 1 GPU (TP1)') && prefill.includes('59% busy'), prefill);
    assert(/^Decode/.test(decode) && decode.includes('TPOT p95 16 ms'), decode);
    // Side by side: the two blocks share a row in the cell.
    const [a, b] = await roles.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    assert(Math.abs(a - b) < 2, `role blocks on one row (${a}, ${b})`);
    const t = await text();
    for (const s of [
      'Prefill · decode workers',
      '4 (2P×TP1 + 2D×TP1)',
      '786.4 MB · 25% of the link (nixl over roce, 200 Gb/s per GPU)',
      'disaggregated wins: 1.41× goodput per GPU',
      'prefill: 24.4 / 42.1 GiB',
      'decode: 37.3 / 42.1 GiB',
    ])
      assert(t.includes(s), `missing text: ${s}`);
  });

  await test('charts: SVG images with ARIA labels, SLO and peak lines, bands, sr-only data tables', async () => {
    eq(
      await p.locator('section.deployment').first().locator('figure.chart').count(),
      5,
      'charts in the first deployment (TTFT, TPOT, memory, cost, power)',
    );
    const labels = await p
      .locator('svg.chart-svg[role="img"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    const charts = await p.locator('figure.chart').count();
    assert(labels.length === charts && labels.every((l) => l && l.length > 20), `labels: ${JSON.stringify(labels)}`);
    // Power: a bar per placement on the premises with its busiest hour as a tick; the cloud one has none.
    const power = labels.find((l) => l.startsWith('Power on the premises'));
    assert(
      power && power.includes('cloud-h100: — (cloud)') && /dc-h100: [\d.]+ kW · peak [\d.]+ kW/.test(power),
      power,
    );
    const powerFigure = p.locator('section.deployment').first().locator('figure.chart').nth(4);
    eq(await powerFigure.locator('rect.segment.power-average').count(), 3, 'power bars (on-prem, hybrid, edge)');
    eq(await powerFigure.locator('line.capacity').count(), 3, 'busiest-hour ticks');
    assert(labels[0].includes('SLO 1 s') && labels[0].includes('dc-h100: 377 ms at peak'), labels[0]);
    assert((await p.locator('line.slo').count()) >= 4, 'SLO lines');
    assert((await p.locator('line.peak').count()) >= 4, 'peak lines');
    const bands = await p
      .locator('path.band')
      .evaluateAll((els) => els.filter((e) => (e.getAttribute('d') ?? '').length > 10).length);
    assert(bands >= 8, `bands drawn: ${bands}`);
    eq(await p.locator('rect.overflow').count(), 1, 'memory overflow (laptop-edge does not fit)');
    const tables = await p.locator('figure.chart .sr-only table').count();
    eq(tables, charts, 'a data table per chart');
    const box = await p.locator('figure.chart div.sr-only').first().boundingBox();
    assert(box && box.width <= 1 && box.height <= 1, 'data tables are visually hidden');
    assert(
      (await p.locator('figure.chart .sr-only table').first().innerText()).includes('hybrid-burst'),
      'table carries the data',
    );
  });

  await test('clicking a placement selects it and posts `reveal`', async () => {
    await clearPosted();
    await p.locator('button.placement', { hasText: 'edge-orin' }).click();
    eq(
      await posted(),
      [
        { type: 'select', deployment: 'assistant', placement: 'edge-orin' },
        { type: 'reveal', deployment: 'assistant', placement: 'edge-orin' },
      ],
      'posted',
    );
    eq(await selectedName(), 'edge-orin', 'selected');
    const selectedCells = await p.locator('section.deployment').first().locator('td.selected').count();
    assert(selectedCells > 15, `column highlighted (${selectedCells} cells)`);
  });

  await test('keyboard: arrows move between placements (select), Enter reveals', async () => {
    await clearPosted();
    await p.locator('button.placement', { hasText: 'edge-orin' }).focus();
    await p.keyboard.press('ArrowRight');
    eq(
      await p.evaluate(() => document.activeElement?.querySelector('.pname')?.textContent),
      'cloud-h100',
      'focus moved',
    );
    await p.keyboard.press('Home');
    await p.keyboard.press('Enter');
    eq(
      await posted(),
      [
        { type: 'select', deployment: 'assistant', placement: 'cloud-h100' },
        { type: 'select', deployment: 'assistant', placement: 'dc-h100' },
        { type: 'select', deployment: 'assistant', placement: 'dc-h100' },
        { type: 'reveal', deployment: 'assistant', placement: 'dc-h100' },
      ],
      'posted',
    );
    const tabStops = await p.locator('section.deployment').first().locator('button.placement[tabindex="0"]').count();
    eq(tabStops, 1, 'one tab stop per deployment');
  });

  await test('update keeps scroll, selection and focus; shows the new numbers', async () => {
    await p.locator('button.placement', { hasText: 'hybrid-burst' }).click();
    await p.evaluate(() => window.scrollTo(0, 700));
    await p.waitForTimeout(50);
    const before = await p.evaluate(() => window.scrollY);
    assert(before > 600, `page should scroll (${before})`);
    await p.locator('button.placement', { hasText: 'hybrid-burst' }).focus({ preventScroll: true });
    await p.evaluate(() => window.scrollTo(0, 700));
    await send(V2);
    await p.waitForFunction(() => document.body.innerText.includes('$3,210'));
    eq(await p.evaluate(() => window.scrollY), before, 'scrollY');
    eq(await selectedName(), 'hybrid-burst', 'selection');
    eq(await p.evaluate(() => document.activeElement?.querySelector('.pname')?.textContent), 'hybrid-burst', 'focus');
    assert((await text()).includes('Yes (25% of requests)'), 'new share shown');
  });

  await test('an older document version arriving late is ignored', async () => {
    await send(V1);
    await p.waitForTimeout(50);
    assert((await text()).includes('$3,210'), 'v2 numbers must stay');
  });

  await test('state restore: a reload paints the saved comparison, selection and scroll before any update', async () => {
    const saved = await p.evaluate(() => JSON.parse(sessionStorage.getItem('vscode-webview-state')));
    eq(saved.selected, { deployment: 'assistant', placement: 'hybrid-burst' }, 'saved selection');
    eq(saved.last.documentVersion, 2, 'saved version');
    await harvest();
    await p.reload();
    await p.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'));
    assert((await text()).includes('$3,210'), 'restored content');
    eq(await selectedName(), 'hybrid-burst', 'restored selection');
    const y = await p.evaluate(() => window.scrollY);
    assert(Math.abs(y - 700) < 2, `restored scroll ${y}`);
  });

  await test('after a reload the host may resend any version (versions restart)', async () => {
    await send(V1);
    await p.waitForFunction(() => document.body.innerText.includes('$3,005'));
    eq(await selectedName(), 'hybrid-burst', 'selection kept');
  });

  await test('an update carrying `selected` selects that placement', async () => {
    await send({ ...V1, selected: { deployment: 'summarizer', placement: 'laptop-edge' } });
    await p.waitForFunction(
      () => document.querySelector('button.placement.selected .pname')?.textContent === 'laptop-edge',
    );
  });

  await test('Copy as Markdown posts the comparison table', async () => {
    await clearPosted();
    await p.locator('#copy-markdown').click();
    const [m] = await posted();
    eq(m?.type, 'copyMarkdown', 'type');
    const md = m.markdown;
    for (const s of [
      '# Placement comparison — deploy/assistant.deploy.yaml',
      '\n## assistant — llama-3.1-70b',
      '| Metric | dc-h100 | hybrid-burst ★ | edge-orin | cloud-h100 |',
      '| --- | --- | --- | --- | --- |',
      '| Cost per month | $7,652 | $3,005 | $945 | $11,800 |',
      '| Verdict | ✓ pass | ✓ pass | ✗ fail: TTFT p95 9.6 s exceeds SLO 1 s at 6 req/s;',
      '\n## summarizer — llama-3.1-8b',
    ])
      assert(md.includes(s), `markdown lacks: ${s}\n${md.slice(0, 600)}`);
  });

  await test('messages that are not ours are ignored', async () => {
    await send({ type: 'nonsense' });
    await send('hello');
    await send(null);
    assert((await text()).includes('dc-h100'), 'content intact');
  });

  await test('the CSP is enforced: an inline style is blocked and reported', async () => {
    const before = await p.evaluate(() => window.__violations.length);
    await p.evaluate(() => {
      const div = document.createElement('div');
      div.setAttribute('style', 'color: red');
      document.body.append(div);
    });
    await p.waitForFunction((n) => window.__violations.length > n, before);
    await p.evaluate(() => {
      window.__violations.length = 0;
    });
    // Chromium also logs the refusal; it was provoked on purpose.
    await p.waitForTimeout(50);
    for (let i = problems.length - 1; i >= 0; i--) if (problems[i].includes('inline style')) problems.splice(i, 1);
  });

  for (const theme of ['light', 'dark', 'hc']) {
    await test(`renders in the ${theme} theme${theme === 'hc' ? ' (high contrast)' : ''}`, async () => {
      await p.evaluate(() => sessionStorage.clear());
      await load(theme);
      await send({ ...V1, selected: undefined });
      await p.waitForSelector('section.deployment');
      await p.locator('button.placement', { hasText: 'hybrid-burst' }).click();
      await p.evaluate(() => window.scrollTo(0, 0));
      const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
      eq(
        bg,
        { light: 'rgb(255, 255, 255)', dark: 'rgb(30, 30, 30)', hc: 'rgb(0, 0, 0)' }[theme],
        'background from --vscode-editor-background',
      );
      const stroke = await p
        .locator('path.line.series-0')
        .first()
        .evaluate((e) => getComputedStyle(e).stroke);
      eq(
        stroke,
        { light: 'rgb(0, 95, 184)', dark: 'rgb(77, 170, 252)', hc: 'rgb(111, 195, 223)' }[theme],
        'series colour from the panel palette of the theme kind',
      );
      if (!screenshots) return;
      // docs/ only on request, so a test run leaves the git tree clean.
      const dir =
        process.env.UPDATE_SCREENSHOTS === '1' && theme !== 'hc'
          ? join(root, 'docs/screenshots')
          : join(root, 'out/screenshots');
      const target = join(dir, `comparison-${theme}.png`);
      mkdirSync(dirname(target), { recursive: true });
      await p.evaluate(() => {
        window.__posted.length = 0;
      });
      // The first deployment (toolbar, table, charts): what goes into a decision document.
      const section = await p.locator('section.deployment').first().boundingBox();
      await p.screenshot({
        path: target,
        fullPage: true,
        clip: { x: 0, y: 0, width: 1280, height: Math.ceil(section.y + section.height + 16) },
      });
      console.log(`      screenshot ${target}`);
      if (process.env.WEBVIEW_DEBUG_DIR)
        await p.screenshot({ path: join(process.env.WEBVIEW_DEBUG_DIR, `full-${theme}.png`), fullPage: true });
    });
  }

  for (const theme of ['light', 'dark', 'hc']) {
    await test(`accessibility in the ${theme} theme: no serious or critical axe violation; every chart element painted, graphics ≥ 3:1, text ≥ 4.5:1`, async () => {
      await load(theme);
      await send({ ...V1, selected: { deployment: 'assistant', placement: 'hybrid-burst' } });
      await p.waitForSelector('section.deployment');
      const axe = await axeViolations(p);
      eq(axe, [], 'axe serious/critical violations');
      const graphics = await paintedGraphics(p);
      assert(graphics.length > 40, `probed ${graphics.length} graphics`);
      const unpainted = graphics.filter((g) => !g.painted);
      eq(unpainted, [], 'unpainted chart elements');
      const faint = graphics.filter((g) => g.ratio < (g.text ? 4.5 : 3));
      eq(
        faint.map((g) => `${g.what} ${g.prop} ${g.color} ${g.ratio}:1`),
        [],
        'contrast below 3:1 (graphics) / 4.5:1 (text)',
      );
    });
  }

  await test('series are told apart without colour: dash patterns, marker shapes, direct labels; the selected column has a border', async () => {
    const chart = p.locator('section.deployment').first().locator('figure.chart').first();
    const dashes = await chart
      .locator('svg.chart-svg path.line')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).strokeDasharray));
    assert(new Set(dashes).size >= 2, `dash patterns: ${JSON.stringify(dashes)}`);
    eq(new Set(dashes).size, dashes.length, 'one dash pattern per series');
    const shapes = await chart
      .locator('svg.chart-svg path.marker')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-shape')));
    eq(new Set(shapes).size, shapes.length, `one marker shape per series: ${JSON.stringify(shapes)}`);
    const labels = await chart.locator('text.direct-label').allTextContents();
    for (const name of ['dc-h100', 'hybrid-burst'])
      assert(labels.includes(name), `direct label ${name}: ${JSON.stringify(labels)}`);
    const legendKeys = await chart.locator('.legend .swatch-line').count();
    eq(legendKeys, dashes.length, 'legend keys show the line and marker');
    const border = await p
      .locator('th.col.selected')
      .first()
      .evaluate((e) => getComputedStyle(e).boxShadow);
    assert(border && border !== 'none', `selected column border: ${border}`);
  });

  await test('focus is never obscured by the sticky toolbar or metric column in a Tab and a Shift+Tab walk (WCAG 2.4.11)', async () => {
    await p.setViewportSize({ width: 640, height: 420 });
    try {
      await load('dark');
      await send({ ...V1, selected: undefined });
      await p.waitForSelector('section.deployment');
      const overflow = await p
        .locator('.table-scroll')
        .first()
        .evaluate((e) => e.scrollWidth > e.clientWidth);
      assert(overflow, 'the table must scroll sideways at this width, or the sticky column is not exercised');
      for (const backwards of [false, true]) {
        const walk = await obscuredDuringTabWalk(p, p, { backwards });
        assert(walk.visited >= 10, `${backwards ? 'Shift+Tab' : 'Tab'} visited only ${walk.visited} elements`);
        eq(walk.obscured, [], `${backwards ? 'Shift+Tab' : 'Tab'}: obscured focused elements`);
      }
    } finally {
      await p.setViewportSize({ width: 1280, height: 800 });
    }
  });

  await test('larger comparisons render every placement; render time per placement recorded (24 and 96 placements)', async () => {
    const perf = JSON.parse(readFileSync(join(root, 'out', 'perf-webview.json'), 'utf8'));
    const scaling = [{ placements: perf.placements, renderMs: perf.firstRenderMs }];
    for (const copies of [4, 16]) {
      await load();
      const deployments = Array.from({ length: copies }, (_, c) =>
        V1.deployments.map((d) => ({ ...d, name: `${d.name}-${c}` })),
      ).flat();
      const placements = deployments.reduce((n, d) => n + d.placements.length, 0);
      const sent = await p.evaluate(() => performance.now());
      await send({ ...V1, deployments });
      await p.waitForFunction((n) => document.querySelectorAll('section.deployment').length === n, deployments.length);
      scaling.push({ placements, renderMs: (await p.evaluate(() => performance.now())) - sent });
      eq(await p.locator('button.placement').count(), placements, `placement buttons for ${placements} placements`);
    }
    writeFileSync(join(root, 'out', 'perf-webview.json'), JSON.stringify({ ...perf, scaling }));
  });

  // ---------------------------------------------------------------- the HTML report
  // `llm-sizing report --format html` from the built CLI (dist/, as a user runs it), opened from a
  // file as a reader would: the same view code as the panel, without VS Code around it.
  const reportFile = join(tmp, 'report.html');
  const reportPage = await context.newPage();
  const reportProblems = [];
  const requests = [];
  reportPage.on('console', (m) => reportProblems.push(`console ${m.type()}: ${m.text()}`));
  reportPage.on('pageerror', (e) => reportProblems.push(`page error: ${e.message}`));
  reportPage.on('request', (r) => requests.push(r.url()));
  await test('HTML report: opens from a file, loads nothing beyond itself, no script, no console message', async () => {
    const html = execFileSync(
      process.execPath,
      [join(root, 'bin/llm-sizing.js'), 'report', 'examples/chat-assistant.deploy.yaml', '--format', 'html'],
      { encoding: 'utf8', cwd: root },
    );
    writeFileSync(reportFile, html);
    await reportPage.goto(pathToFileURL(reportFile).href);
    eq(requests, [pathToFileURL(reportFile).href], 'requests');
    eq(await reportPage.evaluate(() => document.scripts.length), 0, 'scripts');
    eq(await reportPage.locator('h1').count(), 1, 'one h1');
    assert((await reportPage.locator('section.deployment h3').count()) >= 1, 'a heading per deployment');
    assert((await reportPage.locator('svg.chart-svg').count()) >= 3, 'charts');
    eq(await reportPage.locator('button').count(), 0, 'nothing to click that would do nothing');
    const t = await reportPage.locator('main').innerText();
    for (const want of ['Assumptions', 'Cost per month', 'TTFT p95']) assert(t.includes(want), `missing ${want}`);
    eq(reportProblems, [], 'console');
  });

  // The report's three "themes": the reader's light or dark preference, and forced colours (Windows
  // High Contrast), where the browser repaints text and backgrounds with system colours.
  const REPORT_THEMES = {
    light: { media: { colorScheme: 'light', forcedColors: 'none' }, background: 'rgb(255, 255, 255)' },
    dark: { media: { colorScheme: 'dark', forcedColors: 'none' }, background: 'rgb(31, 31, 31)' },
    'forced-colours': { media: { colorScheme: 'dark', forcedColors: 'active' }, background: 'rgb(0, 0, 0)' },
  };
  for (const [scheme, theme] of Object.entries(REPORT_THEMES)) {
    await test(`HTML report, ${scheme}: no serious or critical axe violation; charts and legend keys painted, graphics ≥ 3:1, text ≥ 4.5:1`, async () => {
      await reportPage.emulateMedia({ media: 'screen', ...theme.media });
      await reportPage.goto(pathToFileURL(reportFile).href);
      const background = await reportPage.evaluate(() => getComputedStyle(document.body).backgroundColor);
      eq(background, theme.background, 'page background');
      eq(await axeViolations(reportPage), [], 'axe serious/critical violations');
      const graphics = await paintedGraphics(reportPage);
      assert(graphics.length > 20, `probed ${graphics.length} graphics`);
      eq(
        graphics.filter((g) => !g.painted),
        [],
        'unpainted chart elements',
      );
      eq(
        graphics.filter((g) => g.ratio < (g.text ? 4.5 : 3)).map((g) => `${g.what} ${g.prop} ${g.color} ${g.ratio}:1`),
        [],
        'contrast below 3:1 (graphics) / 4.5:1 (text)',
      );
      if (screenshots && scheme !== 'forced-colours') {
        const dir =
          process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs/screenshots') : join(root, 'out/screenshots');
        const target = join(dir, `report-${scheme}.png`);
        mkdirSync(dirname(target), { recursive: true });
        const first = await reportPage.locator('section.deployment').first().boundingBox();
        await reportPage.screenshot({
          path: target,
          fullPage: true,
          clip: { x: 0, y: 0, width: 1280, height: Math.ceil(first.y + first.height + 16) },
        });
        console.log(`      screenshot ${target}`);
      }
    });
  }

  await test('HTML report: Tab reaches every scrollable table and the assumptions, none covered; prints on white as a PDF', async () => {
    await reportPage.emulateMedia({ media: 'screen', colorScheme: 'dark', forcedColors: 'none' });
    await reportPage.goto(pathToFileURL(reportFile).href);
    const focusable = await reportPage.locator('[tabindex="0"], summary').count();
    assert(focusable >= 2, `focusable: ${focusable}`);
    const walk = await obscuredDuringTabWalk(reportPage, reportPage);
    eq(walk.obscured, [], 'focused elements covered by something');
    assert(walk.visited >= focusable, `Tab visited ${walk.visited} of ${focusable} focusable elements`);
    await reportPage.emulateMedia({ media: 'print', colorScheme: 'dark', forcedColors: 'none' });
    eq(
      await reportPage.evaluate(() => getComputedStyle(document.body).backgroundColor),
      'rgb(255, 255, 255)',
      'printed background (a dark preference does not print dark)',
    );
    eq(
      await reportPage.evaluate(() =>
        [...document.querySelectorAll('.table-scroll')].map((e) => getComputedStyle(e).overflowX),
      ),
      (await reportPage.locator('.table-scroll').all()).map(() => 'visible'),
      'printed tables are not clipped',
    );
    const pdf = await reportPage.pdf({ format: 'A4' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert(pages >= 1 && pages <= 20, `PDF pages: ${pages}`);
    eq(reportProblems, [], 'console');
  });

  await test('no CSP violations, console errors or page errors', async () => {
    await harvest();
    eq([...problems, ...violations], [], 'problems');
  });
} finally {
  await browser.close();
  server.close();
  rmSync(tmp, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`webview: ${passed} passed, ${failed} failed`);
const summaryAt = process.argv.indexOf('--summary');
if (summaryAt >= 0 && process.argv[summaryAt + 1])
  writeFileSync(process.argv[summaryAt + 1], JSON.stringify({ passed, failed }));
process.exit(failed > 0 || results.length === 0 ? 1 : 0);
