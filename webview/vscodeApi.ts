/**
 * The webview side of the host channel: the `acquireVsCodeApi()` global VS Code injects,
 * typed with the shared protocol. Acquired once — VS Code allows a single call per page.
 */
import type { WebviewState, WebviewToHostMessage } from '../src/protocol/webview';

/** What `acquireVsCodeApi()` returns, narrowed to our messages and state. */
export interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: WebviewState): void;
}

declare global {
  /** Injected by VS Code into every webview (and by the test page's stub). */
  function acquireVsCodeApi(): VsCodeApi;
}

let api: VsCodeApi | undefined;

/** The host channel (acquired on first use). */
export function host(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}
