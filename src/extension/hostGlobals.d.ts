/**
 * The globals the extension may use: those that both of its hosts provide — VS Code's Node
 * extension host (dist/extension.js) and the web-worker host of vscode.dev
 * (dist/browser/extension.js). tsconfig.extension.json has no Node or DOM types, so a Node-only
 * API (`Buffer`, `process`, `require('fs')`) fails to compile instead of breaking vscode.dev.
 * Add a declaration here only for a global that exists in both hosts.
 */

/** High-resolution clock (HR Time; `performance` in Node ≥ 16 and in workers). */
declare var performance: { now(): number };

/** Timer handles are opaque: a number in workers, an object in Node. */
type HostTimer = { readonly __hostTimer: unique symbol } | number;
declare function setTimeout(callback: () => void, ms?: number): HostTimer;
declare function clearTimeout(handle: HostTimer | undefined): void;

/** Web Crypto's random source (`globalThis.crypto` in Node ≥ 19 and in workers). */
declare var crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
