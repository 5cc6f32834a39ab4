/**
 * The comparison webview's page: a strict Content-Security-Policy (nothing by default, one
 * nonce'd script, no inline code, no eval, no remote origin), a fresh unguessable nonce on every
 * render, and nothing in the markup that could run or load anything else.
 */
import assert from 'node:assert/strict';
import { comparisonCsp, comparisonHtml, makeNonce } from '../../../src/extension/comparison/html';
import { ComparisonPanel } from '../../../src/extension/comparison/panel';
import { COMPARISON_VIEW_TYPE } from '../../../src/protocol/webview';
import { installFakeVscode, recorded, FakePanel, keepRecordedAsFound } from '../support/fakeVscode';
import { loadUpdate } from '../support/comparisonUpdate';

/** A stand-in for `webview.cspSource` (VS Code's own origin for the webview's resources). */
const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function directives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    assert.ok(!out.has(name!), `directive ${name} given twice`);
    out.set(name!, sources);
  }
  return out;
}

function cspOf(html: string): string {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.equal(metas.length, 1, 'exactly one CSP meta element');
  return metas[0]![1]!
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}

function assertStrict(csp: string, nonce: string, cspSource = CSP_SOURCE): void {
  const d = directives(csp);
  assert.deepEqual(d.get('default-src'), ["'none'"], 'default-src');
  assert.deepEqual(d.get('script-src'), [`'nonce-${nonce}'`], 'scripts: only the nonce');
  for (const [name, sources] of d) {
    for (const s of sources) {
      assert.ok(!/^'unsafe-|^'wasm-unsafe-eval'$|^'strict-dynamic'$/.test(s), `${name} ${s}`);
      assert.notEqual(s, '*', `${name} allows every origin`);
      assert.ok(!/^(https?:|wss?:|blob:|filesystem:)$/.test(s), `${name} allows a whole scheme (${s})`);
      // Origins: only VS Code's resource origin; data: only for images (inline SVG/PNG data, no code).
      const allowed =
        s === "'none'" ||
        s === "'self'" ||
        s === `'nonce-${nonce}'` ||
        s === cspSource ||
        (s === 'data:' && name === 'img-src');
      assert.ok(allowed, `${name} allows ${s}`);
    }
  }
  for (const name of [
    'connect-src',
    'frame-src',
    'child-src',
    'worker-src',
    'object-src',
    'media-src',
    'font-src',
    'manifest-src',
  ]) {
    const sources = d.get(name);
    assert.ok(
      sources === undefined || (sources.length === 1 && sources[0] === "'none'"),
      `${name} must fall back to 'none', got ${sources?.join(' ')}`,
    );
  }
  // Navigation directives do NOT fall back to default-src: they must be present, and 'none'.
  for (const name of ['form-action', 'base-uri']) {
    assert.deepEqual(
      d.get(name),
      ["'none'"],
      `${name} must be given explicitly as 'none' (it does not fall back to default-src)`,
    );
  }
}

describe('security: the webview page and its Content-Security-Policy', () => {
  it('the policy: default-src none, script-src only the nonce, no unsafe-*, no remote origin', () => {
    const nonce = makeNonce();
    assertStrict(comparisonCsp(CSP_SOURCE, nonce), nonce);
  });

  it('assertStrict rejects a policy without form-action or base-uri, or with a weaker one (G8)', () => {
    const nonce = makeNonce();
    const full = comparisonCsp(CSP_SOURCE, nonce);
    for (const weakened of [
      full.replace(/form-action 'none';\s*/, ''),
      full.replace(/base-uri 'none';\s*/, ''),
      full.replace("form-action 'none'", "form-action 'self'"),
      full.replace("base-uri 'none'", "base-uri 'self'"),
    ]) {
      assert.notEqual(weakened, full);
      assert.throws(() => assertStrict(weakened, nonce), /form-action|base-uri/, weakened);
    }
  });

  it("the page: the policy comes first, one external nonce'd script, no inline code, nothing that loads or navigates", () => {
    const nonce = makeNonce();
    const html = comparisonHtml({
      cspSource: CSP_SOURCE,
      nonce,
      scriptUri: `${CSP_SOURCE}/ext/dist/webview/main.js`,
      styleUri: `${CSP_SOURCE}/ext/dist/webview/styles.css`,
    });
    assertStrict(cspOf(html), nonce);
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    assert.ok(
      head.indexOf('Content-Security-Policy') < head.search(/<(link|script|style)\b/),
      'the policy precedes every resource',
    );
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(
      scripts[0]![1]!,
      new RegExp(`^ nonce="${nonce}" src="${CSP_SOURCE.replace(/[.+]/g, '\\$&')}/ext/dist/webview/main\\.js"$`),
    );
    assert.equal(scripts[0]![2], '', 'no inline script body');
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /\sstyle\s*=|<style\b/i, 'no inline styles');
    assert.doesNotMatch(html, /<(iframe|object|embed|base|form|frame|applet)\b/i);
    assert.doesNotMatch(html, /javascript:/i);
    assert.doesNotMatch(
      html.replaceAll(CSP_SOURCE, ''),
      /\b(https?|wss?):\/\//,
      'no origin other than the webview resource origin',
    );
  });

  it('attribute values are escaped (a hostile URI cannot break out of its attribute)', () => {
    const nonce = makeNonce();
    const html = comparisonHtml({
      cspSource: CSP_SOURCE,
      nonce,
      scriptUri: `${CSP_SOURCE}/x.js"><script>alert(1)</script>`,
      styleUri: `${CSP_SOURCE}/s.css" onload="alert(1)`,
    });
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    // Each element keeps exactly its own attributes: the injected quotes stayed inside the values.
    assert.match(html, /<link rel="stylesheet" href="[^"<]*">/);
    assert.match(html, /<script nonce="[0-9a-f]{32}" src="[^"<]*"><\/script>/);
  });

  it('nonces: 128 random bits, never repeated', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const n = makeNonce();
      assert.match(n, /^[0-9a-f]{32}$/);
      assert.ok(!seen.has(n), 'a nonce repeated');
      seen.add(n);
    }
    // Every hex digit position varies (not a counter, not a fixed prefix).
    for (let i = 0; i < 32; i++) assert.ok(new Set([...seen].map((n) => n[i])).size > 8, `position ${i}`);
  });

  describe('the real panel (fake vscode)', () => {
    const vscode = installFakeVscode();
    const update = loadUpdate();
    const uri = vscode.Uri.parse('file:///work/project/deploy/assistant.deploy.yaml');
    const nonceOf = (html: string) => /script-src 'nonce-([0-9a-f]+)'/.exec(html)?.[1];
    keepRecordedAsFound();

    it('webview options: scripts on, forms explicitly off (enableForms === false), no command URIs (shown and restored panels)', async () => {
      const panel = new ComparisonPanel({
        extensionUri: vscode.Uri.parse('file:///ext') as never,
        reveal: () => undefined,
      });
      try {
        panel.show(update.deployments, uri as never);
        const restored = new FakePanel(COMPARISON_VIEW_TYPE, 'Placement Comparison');
        const other = new ComparisonPanel({
          extensionUri: vscode.Uri.parse('file:///ext') as never,
          reveal: () => undefined,
        });
        await other.restore(restored as never, { version: 1 });
        for (const fake of [recorded.panels.at(-1)!, restored]) {
          const options = fake.webview.options as Record<string, unknown>;
          assert.equal(options.enableScripts, true);
          assert.strictEqual(
            options.enableForms,
            false,
            'enableForms must be false, not merely unset (VS Code defaults it to true with scripts)',
          );
          assert.equal(options.enableCommandUris, undefined);
        }
        other.dispose();
      } finally {
        panel.dispose();
      }
    });

    it('renders with a fresh nonce every time (open, close, reopen, restore)', async () => {
      const nonces: string[] = [];
      const panel = new ComparisonPanel({
        extensionUri: vscode.Uri.parse('file:///ext') as never,
        reveal: () => undefined,
      });
      for (let i = 0; i < 3; i++) {
        panel.show(update.deployments, uri as never);
        const fake = recorded.panels.at(-1)!;
        assertStrict(cspOf(fake.webview.html), nonceOf(fake.webview.html)!, fake.webview.cspSource);
        nonces.push(nonceOf(fake.webview.html)!);
        panel.dispose();
      }
      const restored = new FakePanel(COMPARISON_VIEW_TYPE, 'Placement Comparison');
      await panel.restore(restored as never, { version: 1 });
      nonces.push(nonceOf(restored.webview.html)!);
      panel.dispose();
      assert.equal(new Set(nonces).size, nonces.length, nonces.join(' '));
      for (const n of nonces) assert.match(n, /^[0-9a-f]{32}$/);
    });
  });
});
