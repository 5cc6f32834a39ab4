/**
 * What shipped code must not contain, shared by the unit test that scans the bundles built from
 * source (bundles.test.ts) and the e2e check of the packaged .vsix (test/e2e/vsix.mjs).
 * Plain JavaScript so both mocha (via tsx) and plain Node can load it; types in patterns.d.mts.
 */

/** Network APIs of Node, the browser and the webview. @type {Array<[string, RegExp]>} */
export const NETWORK = [
  ['fetch', /\bfetch\s*\(/],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/],
  ['WebSocket', /\bWebSocket\b/],
  ['EventSource', /\bEventSource\b/],
  ['sendBeacon', /\bsendBeacon\b/],
  ['WebRTC', /\bRTCPeerConnection\b/],
  ['importScripts', /\bimportScripts\s*\(/],
  ['window.open', /\bwindow\.open\s*\(/],
  ['vscode.env.openExternal', /\bopenExternal\b/],
  [
    'a network or process module',
    /\brequire\(\s*["'](?:node:)?(?:http|https|http2|net|tls|dgram|dns|child_process|cluster|worker_threads|inspector|vm)["']\s*\)/,
  ],
  [
    'an ESM import of a network or process module',
    /\bfrom\s+["'](?:node:)?(?:http|https|http2|net|tls|dgram|dns|child_process|cluster|worker_threads|inspector|vm)["']/,
  ],
  ['a dynamic import of a URL', /\bimport\s*\(\s*["'`](?:https?:|\/\/|data:|blob:)/],
];

/** Code generation at run time. @type {Array<[string, RegExp]>} */
export const DYNAMIC_CODE = [
  ['eval(', /(?<![.\w$])eval\s*\(/],
  ['new Function', /\bnew\s+Function\b/],
  ['Function(', /(?<![.\w$])Function\s*\(/],
  ['an alias of Function (`= Function`)', /=\s*Function\s*[;,)]/],
  ['setTimeout/setInterval with a string', /\bset(?:Timeout|Interval)\s*\(\s*["'`]/],
  ['WebAssembly', /\bWebAssembly\b/],
];

/** The modules the Node bundles may `require`: vscode and local-I/O built-ins. */
export const ALLOWED_REQUIRES = new Set([
  'vscode',
  'fs',
  'node:fs',
  'path',
  'node:path',
  'process',
  'node:process',
  'buffer',
  'node:buffer',
  'os',
  'node:os',
  'url',
  'node:url',
  'util',
  'node:util',
]);

/** zod's `z.config({ jitless: true })`, as written in source and as minified (`jitless:!0`). */
export const JITLESS_CONFIG = /\bconfig\(\s*\{\s*jitless:\s*(?:true|!0)\s*\}\s*\)/;
