/**
 * G9: `llmSizing.setGpus(uri, range, count)` checks its arguments (any extension can run a
 * command). It writes only an integer count 1..100,000, only into an open document the validator
 * analyses as a deployment file, and only over the exact value of a placement's `gpus` (top level,
 * `onPrem` or `cloud`) that currently holds `auto` or an integer; anything else is logged and
 * ignored. Runs the real command and the real DocumentValidator against the fake `vscode` module.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSetGpus, MAX_SET_GPUS, setGpus } from '../../../src/extension/commands/editing';
import { DocumentValidator } from '../../../src/extension/validation';
import { FakeTextDocument, installFakeVscode, recorded } from '../support/fakeVscode';

describe('llmSizing.setGpus: argument checks (fake vscode)', () => {
  const vscode = installFakeVscode();

  const text = readFileSync(
    join(__dirname, '..', '..', 'fixtures', 'host-workspace', 'chat-assistant.deploy.yaml'),
    'utf8',
  );
  const warnings: string[] = [];
  const log = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m: string) => void warnings.push(m),
    error: () => undefined,
    trace: () => undefined,
  };
  let validator: InstanceType<typeof DocumentValidator>;
  let ctx: { validator: InstanceType<typeof DocumentValidator>; log: typeof log };
  let doc: FakeTextDocument;
  let other: FakeTextDocument;
  /** dc-h100's `gpus: auto` (the CodeLens range). */
  let autoRange: InstanceType<typeof vscode.Range>;

  beforeEach(() => {
    validator = new DocumentValidator(log as never);
    ctx = { validator, log };
    doc = new FakeTextDocument('file:///work/project/chat-assistant.deploy.yaml', text);
    other = new FakeTextDocument('file:///work/project/notes.yaml', 'title: not a deployment\ngpus: auto\n');
    vscode.workspace.textDocuments.push(doc, other);
    autoRange = doc.rangeOf(/hardware: h100-sxm-80gb\n {4}gpus: (auto)/);
    warnings.length = 0;
    recorded.edits.length = 0;
  });
  afterEach(() => {
    vscode.workspace.textDocuments.length = 0;
    recorded.edits.length = 0;
    validator.dispose();
  });

  /** Runs the command; returns what it wrote (undefined: refused, with a warning logged). */
  async function run(uri: unknown, range: unknown, count: unknown): Promise<string | undefined> {
    const before = warnings.length;
    const applied = await setGpus(ctx as never, uri, range, count);
    if (!applied) {
      assert.equal(recorded.edits.length, 0, 'refused, but an edit was applied');
      assert.equal(warnings.length, before + 1, 'a refusal is logged');
      assert.match(warnings.at(-1)!, /^llmSizing\.setGpus ignored: /);
      return undefined;
    }
    assert.equal(recorded.edits.length, 1);
    const [[uriText, range2, newText]] = recorded.edits[0] as [[string, unknown, string]];
    assert.equal(uriText, doc.uri.toString());
    assert.deepEqual(range2, range instanceof vscode.Range ? range : autoRange);
    recorded.edits.length = 0;
    return newText;
  }

  it('the CodeLens call: writes the count over `auto` (dc-h100, cloud gpus in a flow map) and over an integer (onPrem gpus: 2)', async () => {
    assert.equal(await run(doc.uri, autoRange, 4), '4');
    assert.equal(await run(doc.uri, doc.rangeOf(/cloud: \{hardware: h100-sxm-80gb, gpus: (auto)/), 6), '6');
    assert.equal(await run(doc.uri, doc.rangeOf(/onPrem: \{hardware: h100-sxm-80gb, gpus: (2)/), 3), '3');
    assert.equal(await run(doc.uri, doc.rangeOf(/name: cloud-h100[\s\S]*?gpus: (auto)/), 1), '1');
    assert.equal(await run(doc.uri, autoRange, MAX_SET_GPUS), String(MAX_SET_GPUS));
    // A plain {start, end} object (as a range may arrive through executeCommand) is accepted too.
    const plain = JSON.parse(JSON.stringify({ start: autoRange.start, end: autoRange.end })) as unknown;
    assert.equal(await run(doc.uri, plain, 8), '8');
    assert.deepEqual(warnings, []);
  });

  it('refuses a count that is not an integer from 1 to 100,000', async () => {
    assert.equal(MAX_SET_GPUS, 100_000);
    for (const count of [
      0,
      -1,
      1.5,
      NaN,
      Infinity,
      -Infinity,
      100_001,
      1e21,
      '4',
      '4; rm -rf /',
      null,
      undefined,
      {},
      [4],
      true,
      4n,
    ]) {
      assert.equal(await run(doc.uri, autoRange, count), undefined, `count ${String(count)}`);
      assert.match(warnings.at(-1)!, /GPU count must be an integer from 1 to 100000/);
    }
  });

  it('refuses a URI that is not an open document (a string, an unopened or other-scheme file, no URI)', async () => {
    for (const uri of [
      doc.uri.toString(),
      vscode.Uri.parse('file:///work/project/closed.deploy.yaml'),
      vscode.Uri.parse('vscode-userdata:/User/settings.json'),
      undefined,
      null,
      {},
      42,
    ]) {
      assert.equal(await run(uri, autoRange, 4), undefined, String(uri));
    }
  });

  it('refuses a document that is not a deployment file', async () => {
    const range = other.rangeOf(/gpus: (auto)/);
    assert.equal(await run(other.uri, range, 4), undefined);
    assert.match(warnings.at(-1)!, /is not a deployment file/);
    const plain = new FakeTextDocument('file:///work/project/notes.txt', text, 1, 'plaintext');
    vscode.workspace.textDocuments.push(plain);
    assert.equal(await run(plain.uri, autoRange, 4), undefined, 'not YAML and not matched by the globs');
  });

  it('refuses a range that is not exactly a placement gpus value holding `auto` or an integer', async () => {
    const ranges: Array<[string, unknown]> = [
      ['hardware id', doc.rangeOf(/hardware: (h100-sxm-80gb)/)],
      ['placement name', doc.rangeOf(/name: (dc-h100)/)],
      ['an integer that is not gpus (tensor)', doc.rangeOf(/parallelism: \{tensor: (2)\}/)],
      ['an integer that is not gpus (sites)', doc.rangeOf(/sites: (12)/)],
      ['`auto` inside a comment', doc.rangeOf(/# Compares: an owned H100 cluster \(sized (auto)/)],
      ['`auto` plus its comment', doc.rangeOf(/gpus: (auto {17}# the fewest)/)],
      [
        'half of `auto`',
        new vscode.Range(
          autoRange.start.line,
          autoRange.start.character,
          autoRange.end.line,
          autoRange.end.character - 2,
        ),
      ],
      ['`gpus: auto` with the key', doc.rangeOf(/(gpus: auto)/)],
      [
        'empty range at auto',
        new vscode.Range(
          autoRange.start.line,
          autoRange.start.character,
          autoRange.start.line,
          autoRange.start.character,
        ),
      ],
      ['the whole document', new vscode.Range(0, 0, 9999, 0)],
      ['beyond the end', new vscode.Range(9998, 0, 9999, 4)],
      [
        'past the line end (clamped onto auto)',
        new vscode.Range(autoRange.start.line, autoRange.start.character, autoRange.end.line, 9999),
      ],
      ['negative positions', { start: { line: -1, character: 0 }, end: { line: 0, character: 4 } }],
      ['not a range', 'L33:C11-L33:C15'],
      ['no range', undefined],
      ['non-integer positions', { start: { line: 32.5, character: 10 }, end: { line: 32.5, character: 14 } }],
    ];
    for (const [what, range] of ranges) assert.equal(await run(doc.uri, range, 4), undefined, what);
  });

  it('re-checks the current text: after the value changed, the old `auto` range no longer matches', async () => {
    assert.equal(typeof checkSetGpus(ctx as never, doc.uri, autoRange, 4), 'object');
    doc.setText(text.replace(/(hardware: h100-sxm-80gb\n {4}gpus: )auto/, '$124'));
    assert.equal(await run(doc.uri, autoRange, 4), undefined, 'the range now covers half of `24 `');
    assert.equal(
      await run(doc.uri, doc.rangeOf(/hardware: h100-sxm-80gb\n {4}gpus: (24)/), 4),
      '4',
      'the new integer value is a valid target',
    );
  });
});
