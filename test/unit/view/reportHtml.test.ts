import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_CSP } from '../../../src/view/report';
import { examplePath, ROOT, runCliCapture } from '../support/helpers';

const css = (name: string) => readFileSync(join(ROOT, 'webview', name), 'utf8');

/** The `--name: value` declarations of the first rule whose selector is exactly `selector`. */
function declarations(sheet: string, selector: string): Map<string, string> {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?:^|\\n)\\s*${escaped}\\s*\\{([^}]*)\\}`).exec(sheet);
  assert.ok(m, `no rule for ${selector}`);
  return new Map([...m[1]!.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((d) => [d[1]!, d[2]!.trim()]));
}

/** A palette value as the colour it paints: `var(--x, #fff)` reads its fallback. */
const literal = (value: string) => /#[0-9a-f]{6}\b/i.exec(value)?.[0].toLowerCase() ?? value;

/** WCAG 2.2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const v = parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

const darkBlock = () => {
  const m = /@media screen and \(prefers-color-scheme: dark\)\s*\{([\s\S]*?\})\s*\}/.exec(css('report.css'));
  assert.ok(m, 'report.css has no dark block');
  return m[1]!;
};

describe('HTML report palette (webview/report.css)', () => {
  // The report cannot receive VS Code's theme, so it repeats the panel's two palettes. A colour
  // fixed in the panel for contrast must be fixed in the report too.
  for (const [theme, panelSelector, reportSheet] of [
    ['light', 'body.vscode-light', () => css('report.css')],
    ['dark', 'body', darkBlock],
  ] as const) {
    it(`repeats the panel's ${theme} palette exactly (${panelSelector})`, () => {
      const panel = declarations(css('styles.css'), panelSelector);
      const report = declarations(reportSheet(), 'body.report');
      const page = new Map([...declarations(css('report.css'), 'body.report'), ...report]);
      // `var(--vscode-x, fallback)` in the panel is what the theme gives; the report is its own theme.
      const painted = (value: string) => {
        const themed = /^var\((--vscode-[\w-]+)/.exec(value);
        return literal(themed ? (page.get(themed[1]!) ?? value) : value);
      };
      const names = [...panel.keys()].filter((n) => n.startsWith('--llm-'));
      assert.ok(names.length >= 12, `panel palette has ${names.length} colours`);
      const drift = names
        .filter((n) => literal(report.get(n) ?? 'missing') !== painted(panel.get(n)!))
        .map((n) => `${n}: panel ${panel.get(n)} report ${report.get(n) ?? 'missing'}`);
      assert.deepEqual(drift, []);
    });

    it(`${theme}: text colours ≥ 4.5:1 and chart lines ≥ 3:1 on the page background`, () => {
      const light = declarations(css('report.css'), 'body.report');
      const palette = theme === 'light' ? light : new Map([...light, ...declarations(darkBlock(), 'body.report')]);
      const background = literal(palette.get('--vscode-editor-background')!);
      const text = [
        '--vscode-editor-foreground',
        '--vscode-descriptionForeground',
        '--vscode-textLink-foreground',
        ...[0, 1, 2, 3, 4, 5].map((i) => `--llm-c${i}`),
        '--llm-danger',
        '--llm-pass',
        '--llm-fail',
        '--llm-star',
        '--llm-edge',
      ];
      const faint = [
        ...text.map((n) => [n, 4.5] as const),
        ...(['--vscode-focusBorder', '--llm-selected'] as const).map((n) => [n, 3] as const),
      ]
        .map(([n, min]) => ({ n, min, ratio: contrast(literal(palette.get(n)!), background) }))
        .filter((c) => !(c.ratio >= c.min))
        .map((c) => `${c.n} ${palette.get(c.n)} ${c.ratio.toFixed(2)}:1 < ${c.min}:1`);
      assert.deepEqual(faint, []);
    });
  }
});

describe('llm-sizing report --format html', () => {
  it('one self-contained page: lang, title, CSP, one h1, a section per file and per deployment, no script or URL', async () => {
    const r = await runCliCapture(['report', examplePath('chat-assistant'), '--format', 'html']);
    assert.equal(r.code, 0, r.stderr);
    const html = r.stdout;
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(html, /<title>LLM deployment sizing report — chat-assistant\.deploy\.yaml<\/title>/);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`));
    assert.equal(html.match(/<h1[ >]/g)?.length, 1);
    assert.equal(html.match(/<h2[ >]/g)?.length, 1, 'one h2 per file');
    assert.ok((html.match(/<h3[ >]/g)?.length ?? 0) >= 1, 'an h3 per deployment');
    assert.doesNotMatch(html, /<script|\bsrc=|\bhref=|@import|url\((?!#)/i);
    assert.match(html, /<svg[^>]*class="chart-svg"/, 'charts as inline SVG');
    assert.match(html, /<details[^>]* open/, 'assumptions open: readable and printable without a click');
  });

  it('escapes everything a file says: a hostile deployment name or path cannot add markup', async () => {
    const text = readFileSync(examplePath('chat-assistant'), 'utf8').replace(
      /^(\s*-?\s*name:\s*)\S.*$/m,
      '$1"</style><script>alert(1)</script><img src=x onerror=alert(2)>"',
    );
    const path = 'evil<b>&"<script>.deploy.yaml';
    const r = await runCliCapture(['report', path, '--format', 'html'], { [path]: text });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /<script|<img|<b>|url\((?!#)/i);
    assert.match(
      r.stdout,
      /<title>LLM deployment sizing report — evil&lt;b&gt;&amp;.{0,8}&lt;script&gt;\.deploy\.yaml<\/title>/,
    );
    assert.ok(r.stdout.includes('&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;'), 'name shown, escaped');
    assert.equal(r.stdout.match(/<\/style>/g)?.length, 1, 'only the page’s own style element closes');
  });

  it('an invalid file: exit 2, and the page lists its problems with line numbers', async () => {
    const r = await runCliCapture(['report', 'bad.deploy.yaml', '--format', 'html'], {
      'bad.deploy.yaml': 'version: 1\ndeployments: 3\n',
    });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /<table class="problems"/);
    assert.match(r.stdout, /<td>2:\d+<\/td><td>error<\/td><td><code>LLMS\d{3}<\/code>/);
  });
});
