import assert from 'node:assert/strict';
import { comparisonCsp, comparisonHtml, makeNonce } from '../../../src/extension/comparison/html';
import { parseRestoredState, parseWebviewMessage } from '../../../src/protocol/webview';

describe('webview protocol (host side)', () => {
  it('accepts exactly the messages the webview may send', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', deployment: 'a', placement: 'b' }), {
      type: 'reveal',
      deployment: 'a',
      placement: 'b',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'select', deployment: 'a', placement: 'b' }), {
      type: 'select',
      deployment: 'a',
      placement: 'b',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'copyMarkdown', markdown: '| a |' }), {
      type: 'copyMarkdown',
      markdown: '| a |',
    });
  });

  it('rejects unknown, malformed and oversized messages', () => {
    for (const bad of [
      null,
      'ready',
      42,
      {},
      { type: 'update' },
      { type: 'exec', command: 'rm' },
      { type: 'reveal', deployment: 'a' },
      { type: 'reveal', deployment: 'a', placement: 7 },
      { type: 'reveal', deployment: '', placement: 'b' },
      { type: 'ready', extra: true },
      { type: 'copyMarkdown', markdown: '' },
      { type: 'copyMarkdown', markdown: 'x'.repeat(2_000_001) },
      { type: 'select', deployment: 'a'.repeat(1001), placement: 'b' },
    ])
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
  });

  it('reads a restored state leniently but only when it is ours', () => {
    const state = {
      version: 1,
      last: { type: 'update', file: { uri: 'file:///x.deploy.yaml', path: 'x.deploy.yaml' }, deployments: [] },
      selected: { deployment: 'a', placement: 'b' },
      scrollY: 10,
    };
    assert.equal(parseRestoredState(state)?.last?.file.uri, 'file:///x.deploy.yaml');
    assert.deepEqual(parseRestoredState({ version: 1 }), { version: 1 });
    assert.equal(parseRestoredState(undefined), undefined);
    assert.equal(parseRestoredState({ version: 2 }), undefined);
    assert.equal(parseRestoredState({ version: 1, last: { file: { uri: 5 } } }), undefined);
  });

  it("builds the page with a strict CSP, a nonce'd script and no inline code", () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[0-9a-f]{32}$/);
    assert.notEqual(makeNonce(), nonce);
    const csp = comparisonCsp('https://x.vscode-cdn.net', nonce);
    assert.equal(
      csp,
      `default-src 'none'; style-src https://x.vscode-cdn.net; script-src 'nonce-${nonce}'; img-src https://x.vscode-cdn.net data:; form-action 'none'; base-uri 'none';`,
    );
    const html = comparisonHtml({
      cspSource: 'https://x.vscode-cdn.net',
      nonce,
      scriptUri: 'https://x/main.js?a=1&b="2"',
      styleUri: 'https://x/styles.css',
    });
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${csp}">`));
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://x/main.js?a=1&amp;b=&quot;2&quot;"></script>`));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(!/ on[a-z]+=|style=/.test(html), 'no inline handlers or styles');
  });
});
