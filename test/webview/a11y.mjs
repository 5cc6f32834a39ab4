/**
 * Accessibility probes shared by the webview suite (stub host) and the e2e suite (real VS Code):
 * axe-core injected into a frame, contrast of what the charts paint against the page background,
 * "unpainted" chart elements, and Focus Not Obscured (WCAG 2.4.11) over a Tab / Shift+Tab walk.
 * Every function takes a Playwright Page or Frame.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.x A/AA rules (2.2 included); the issue's bar is no serious or critical violation. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe-core in `frame` and returns its serious and critical violations as
 * `{id, impact, nodes: [target…], help}`. Child frames are not entered (`iframes: false`): axe would
 * wait for an axe instance in each of them; a webview's own frame is probed separately. No preload:
 * axe would fetch the stylesheets itself, which a VS Code webview's resource loader never answers. The source goes in through the DevTools protocol
 * (`evaluate` of a string), which the page's CSP does not govern, so no CSP is loosened for it.
 */
export async function axeViolations(frame, { include, log = () => {} } = {}) {
  const t0 = Date.now();
  if (!(await frame.evaluate(() => typeof window.axe === 'object'))) await frame.evaluate(AXE_SOURCE);
  log(`axe injected in ${Date.now() - t0} ms`);
  const result = await frame.evaluate(
    async ({ tags, include }) => {
      const r = await window.axe.run(include ? { include: [include] } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
        iframes: false,
        preload: false,
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
      }));
    },
    { tags: AXE_TAGS, include },
  );
  log(`axe ran in ${Date.now() - t0} ms`);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * What every meaningful chart graphic paints, with its contrast against the page background:
 * `[{what, color, ratio, painted}]`. Lines and SLO/capacity strokes are read from `stroke`,
 * markers, segments and direct labels from `fill`, legend swatches from `background-color`.
 * `painted` is false for `none`, a transparent colour or an opacity of 0.
 */
export async function paintedGraphics(frame) {
  return frame.evaluate(() => {
    const parse = (c) => {
      const m = /rgba?\(([^)]+)\)/.exec(c ?? '');
      if (!m) return null;
      const [r, g, b, a = 1] = m[1]
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const bg = parse(getComputedStyle(document.body).backgroundColor) ?? { r: 255, g: 255, b: 255, a: 1 };
    const over = (c) => ({
      r: c.r * c.a + bg.r * (1 - c.a),
      g: c.g * c.a + bg.g * (1 - c.a),
      b: c.b * c.a + bg.b * (1 - c.a),
    });
    const ratio = (c) => {
      const [x, y] = [lum(over(c)), lum(bg)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const probes = [
      ['path.line', 'stroke'],
      ['path.marker', 'fill'],
      ['.segment', 'fill'],
      ['line.slo', 'stroke'],
      ['text.slo-label', 'fill'],
      ['.capacity', 'stroke'],
      ['text.direct-label', 'fill'],
      ['.swatch', 'backgroundColor'],
      ['.swatch-line path.line', 'stroke'],
      ['.verdict', 'color'],
      ['.mark', 'color'],
      ['.recommended', 'color'],
    ];
    const out = [];
    for (const [selector, prop] of probes) {
      for (const el of document.querySelectorAll(selector)) {
        const style = getComputedStyle(el);
        const value = style[prop];
        const c = parse(value);
        const opacity = Number(style.opacity);
        const painted = value !== 'none' && c !== null && c.a > 0 && opacity > 0;
        const effective = c ? { ...c, a: c.a * opacity } : null;
        out.push({
          what: `${selector}${el.getAttribute('class') ? ` (${el.getAttribute('class')})` : ''}`,
          prop,
          color: value,
          painted,
          ratio: painted ? Math.round(ratio(effective) * 100) / 100 : 0,
          text: prop === 'color' || selector.startsWith('text.'),
        });
      }
    }
    return out;
  });
}

/**
 * Walks the focus with Tab (or Shift+Tab) from the document start (end) and returns the focused
 * elements that are covered, even partly, by something else (e.g. a sticky header): each sample
 * point of the focused element's box inside the viewport must hit the element itself.
 */
export async function obscuredDuringTabWalk(page, frame, { backwards = false, steps = 80 } = {}) {
  await frame.evaluate((back) => {
    document.activeElement?.blur?.();
    window.scrollTo(0, back ? document.body.scrollHeight : 0);
  }, backwards);
  const key = backwards ? 'Shift+Tab' : 'Tab';
  const obscured = [];
  const seen = new Set();
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press(key);
    const probe = await frame.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const r = el.getBoundingClientRect();
      const index = Array.prototype.indexOf.call(document.querySelectorAll('*'), el);
      const id = `#${index} ${el.tagName.toLowerCase()}.${el.className || ''} ${(el.textContent ?? '').trim().slice(0, 40)}`;
      const vw = document.documentElement.clientWidth;
      const vh = document.documentElement.clientHeight;
      // A focusable larger than the viewport (a scroll region) is judged on its visible part.
      const x0 = Math.max(r.left, 0),
        x1 = Math.min(r.right, vw),
        y0 = Math.max(r.top, 0),
        y1 = Math.min(r.bottom, vh);
      if (x1 <= x0 || y1 <= y0) return { id, covered: ['not in the viewport'] };
      const big = r.width > vw * 0.8 || r.height > vh * 0.8;
      const pts = big
        ? [[(x0 + x1) / 2, (y0 + y1) / 2]]
        : [
            [(x0 + x1) / 2, (y0 + y1) / 2],
            [x0 + 2, y0 + 2],
            [x1 - 2, y0 + 2],
            [x0 + 2, y1 - 2],
            [x1 - 2, y1 - 2],
          ];
      const covered = [];
      for (const [x, y] of pts) {
        const hit = document.elementFromPoint(x, y);
        if (hit && hit !== el && !el.contains(hit))
          covered.push(`${Math.round(x)},${Math.round(y)} under ${hit.tagName.toLowerCase()}.${hit.className || ''}`);
      }
      return { id, covered };
    });
    if (!probe) continue;
    if (probe.covered.length) obscured.push(probe);
    if (seen.has(probe.id) && i > 3) break;
    seen.add(probe.id);
  }
  return { obscured, visited: seen.size };
}
