/**
 * The comparison webview's HTML and Content-Security-Policy. Pure (no `vscode` import) so the
 * Chromium test serves exactly the page and policy the panel uses.
 */

/** Where the page's two resources live (already `asWebviewUri`-converted by the panel). */
export interface ComparisonHtmlOptions {
  /** `webview.cspSource`: the only origin styles and images may come from. */
  cspSource: string;
  /** One-time nonce; the only script that runs is the one carrying it. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/**
 * The policy: nothing by default, our stylesheet, our nonce'd script, local images only.
 * `form-action` and `base-uri` do not fall back to `default-src`, so they are set explicitly.
 */
export function comparisonCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource} data:; form-action 'none'; base-uri 'none';`;
}

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The full document. The body is empty: everything is rendered by the script from state/messages. */
export function comparisonHtml(o: ComparisonHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(comparisonCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>Placement Comparison</title>
</head>
<body>
<div id="app"></div>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

/** A 128-bit random nonce (Web Crypto: present in VS Code's Node and in the browser host). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
