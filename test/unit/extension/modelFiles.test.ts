/**
 * The extension reads model files through workspace.fs (fake vscode): the document is validated at
 * once, the files are read in the background, then it is validated again; files outside the
 * workspace are not read in Restricted Mode (a located LLMS051 says so); the hover on the key shows
 * the derived architecture and the file.
 */
import assert from 'node:assert/strict';
import type * as ValidationModule from '../../../src/extension/validation';
import type * as HoversModule from '../../../src/extension/hovers';
import { FakeTextDocument, fakeFiles, installFakeVscode } from '../support/fakeVscode';
import { fixture } from '../support/helpers';

describe('model files in the editor (fake vscode, workspace.fs)', () => {
  const vscode = installFakeVscode();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DocumentValidator } = require('../../../src/extension/validation') as typeof ValidationModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CatalogHoverProvider } = require('../../../src/extension/hovers') as typeof HoversModule;
  const log = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    trace: () => undefined,
  };
  const text = (model: string) => `apiVersion: llm-sizing/v1
kind: Deployment
name: files
model:
  ${model}
workload: {inputTokens: 1000, outputTokens: 200, concurrency: 4}
placements:
  - {name: dc, type: on-prem, hardware: h100-sxm-80gb, gpus: 8, parallelism: {tensor: 8}}
`;

  afterEach(() => {
    fakeFiles.clear();
    vscode.workspace.isTrusted = true;
  });

  async function validated(model: string) {
    const validator = new DocumentValidator(log as never);
    const doc = new FakeTextDocument('file:///work/project/deploy/x.deploy.yaml', text(model));
    const read = new Promise<void>((resolve) => validator.onDidReadFiles(() => resolve()));
    const first = validator.validate(doc as never)!;
    await Promise.race([read, new Promise((r) => setTimeout(r, 2000))]);
    return { validator, doc, first, state: validator.current(doc as never)! };
  }

  it('model.config relative to the file: read after the first validation, then the hover shows the architecture', async () => {
    fakeFiles.set(
      'file:///work/project/models/qwen/config.json',
      new TextEncoder().encode(fixture('modelfiles', 'hf', 'qwen3-235b-a22b.json')),
    );
    const { validator, doc, state } = await validated('config: ../models/qwen/config.json');
    assert.deepEqual(
      state.result.findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.ok(state.catalog.modelFiles?.size === 1);
    const offset = doc.getText().indexOf('config:') + 2;
    const hover = new CatalogHoverProvider(validator).provideHover(doc as never, doc.positionAt(offset) as never);
    const markdown = (hover as unknown as { contents: Array<{ value: string }> } | undefined)?.contents[0]?.value ?? '';
    assert.match(markdown, /From `file:\/\/\/work\/project\/models\/qwen\/config\.json`/);
    assert.match(markdown, /KV cache: 188 KiB per token at bf16/);
    assert.match(markdown, /235\.09 B total/);
  });

  it("a missing file is a located LLMS050 on the key's value", async () => {
    const { state, doc } = await validated('config: nope/config.json');
    const f = state.result.findings.find((x) => x.code === 'LLMS050');
    assert.ok(f);
    assert.equal(doc.getText().slice(f.range.start, f.range.end), 'nope/config.json');
  });

  it('Restricted Mode: the Hugging Face cache (outside the workspace) is not read, and LLMS051 says so', async () => {
    vscode.workspace.isTrusted = false;
    const { state } = await validated('huggingface: someone/unknown-model');
    const f = state.result.findings.find((x) => x.code === 'LLMS051');
    assert.ok(f, JSON.stringify(state.result.findings.map((x) => x.code)));
    assert.match(f.message, /Restricted Mode/);
  });
});
