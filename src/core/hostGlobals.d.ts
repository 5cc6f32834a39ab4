/**
 * The only globals the pure core may use beyond ECMAScript (tsconfig.core.json has no DOM or Node
 * types): each exists in every host the core runs in — Node ≥ 20, browsers, web workers (the
 * browser extension host) and the webview. Keep this list minimal; anything else is I/O and
 * belongs behind a port.
 */

/** WHATWG Encoding: decodes UTF-8 strings inside binary model-file headers (GGUF, safetensors). */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
