/**
 * At run time, from a clean start, nothing compiles code: `eval` and the `Function` constructor are
 * trapped BEFORE any product module loads (in a fresh worker thread), then the extension's and the
 * CLI's module graphs load in their real order (`vscode` stubbed) — zod schemas are built as the shipped code builds
 * them — and the webview protocol, validation, estimation and the CLI run. zod compiles a fast path
 * with `new Function` for every object schema built while its `jitless` flag is off, so this fails
 * if any schema is ever built before `z.config({ jitless: true })` runs.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const ROOT = join(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}
/** Every `vscode.Name` the extension touches. */
const VSCODE_NAMES = [
  ...new Set(
    tsFiles(join(ROOT, 'src', 'extension')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bvscode\.([A-Za-z_]\w*)/g)].map((m) => m[1]!),
    ),
  ),
];

const WORKER = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
require(${JSON.stringify(require.resolve('tsx/cjs'))});
const calls = [];
const RealFunction = Function;
const trap = new Proxy(RealFunction, {
  construct(_t, args) { calls.push('new Function(' + String(args).slice(0, 60) + ')'); throw new EvalError('blocked by test'); },
  apply(_t, _this, args) { calls.push('Function(' + String(args).slice(0, 60) + ')'); throw new EvalError('blocked by test'); },
});
globalThis.Function = trap;
globalThis.eval = (code) => { calls.push('eval(' + String(code).slice(0, 60) + ')'); throw new EvalError('blocked by test'); };
(async () => {
  const root = ${JSON.stringify(ROOT)};
  const steps = [];
  try {
    // \`vscode\` as a universal stub: every property, call and construction gives the stub again,
    // enough for the extension's modules to initialise in their real order.
    const Module = require('node:module');
    const stub = new Proxy(function () {}, {
      get: (_t, key) => (key === Symbol.toPrimitive ? () => 0 : key === 'then' ? undefined : stub),
      apply: () => stub,
      construct: () => stub,
    });
    // The namespace lists the names the extension uses, so \`import * as vscode\` copies them.
    const names = ${JSON.stringify(VSCODE_NAMES)};
    const api = new Proxy({}, {
      get: (_t, key) => (key === '__esModule' ? false : stub),
      ownKeys: () => names,
      getOwnPropertyDescriptor: (_t, key) => (names.includes(key) ? { value: stub, enumerable: true, configurable: true, writable: false } : undefined),
      has: (_t, key) => names.includes(key),
    });
    const load = Module._load;
    Module._load = function (request, ...rest) { return request === 'vscode' ? api : load.call(this, request, ...rest); };
    require(root + '/src/extension/extension.ts');
    steps.push('extension modules loaded');
    const protocol = require(root + '/src/protocol/webview.ts');
    for (const m of [{ type: 'ready' }, { type: 'reveal', deployment: 'a', placement: 'b' }, { type: 'copyMarkdown', markdown: 'x' }, { type: 'nope' }, 42]) protocol.parseWebviewMessage(m);
    protocol.parseRestoredState({ version: 1, last: { file: { uri: 'file:///x', path: 'x' } } });
    steps.push('webview messages parsed');
    const { evaluateText } = require(root + '/src/core/placements/index.ts');
    for (const f of ['chat-assistant', 'rag-eu-residency']) evaluateText(readFileSync(root + '/examples/' + f + '.deploy.yaml', 'utf8'));
    evaluateText('apiVersion: llm-sizing/v1\\nkind: Deployment\\nname: x\\nbogus: 1\\n');
    steps.push('examples evaluated');
    const { runCli } = require(root + '/src/cli/main.ts');
    const io = { stdout: () => {}, stderr: () => {}, readFile: (p) => readFileSync(p, 'utf8'), writeFile: () => {} };
    for (const argv of [['validate', root + '/examples/nightly-batch.deploy.yaml'], ['estimate', '--format', 'json', root + '/examples/code-assistant-edge.deploy.yaml'], ['recommend', root + '/examples/nightly-batch.deploy.yaml']]) await runCli(argv, io);
    steps.push('CLI commands run');
    parentPort.postMessage({ calls, steps });
  } catch (error) {
    parentPort.postMessage({ calls, steps, error: String(error && error.stack || error) });
  }
})();
`;

/** Runs worker source that posts one message; rejects after 45 s. */
function runWorker<T>(source: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(source, { eval: true });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('worker did not answer in 45 s'));
    }, 45_000);
    worker.once('message', (m: T) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

describe('security: no code generation at run time, from a clean start', function () {
  this.timeout(60_000);

  it('loading the extension and the CLI, parsing webview messages, validating, estimating: eval and Function are never called', async () => {
    const result = await runWorker<{ calls: string[]; steps: string[]; error?: string }>(WORKER);
    assert.equal(result.error, undefined, result.error);
    assert.deepEqual(result.steps, [
      'extension modules loaded',
      'webview messages parsed',
      'examples evaluated',
      'CLI commands run',
    ]);
    assert.deepEqual(result.calls, []);
  });

  it('the trap is real: a zod object schema built without jitless is caught compiling code', async () => {
    const calls = await runWorker<string[]>(`
      const { parentPort } = require('node:worker_threads');
      const calls = [];
      globalThis.Function = new Proxy(Function, { construct() { calls.push('new Function'); throw new EvalError('blocked'); }, apply() { calls.push('Function()'); throw new EvalError('blocked'); } });
      const { z } = require(${JSON.stringify(require.resolve('zod'))});
      z.object({ a: z.string() }).safeParse({ a: 'x' });
      parentPort.postMessage(calls);
    `);
    assert.ok(calls.length > 0, 'zod did not try to compile: the runtime check above would prove nothing');
  });
});
