/**
 * Hostile input never crashes or hangs validation, and always yields located findings.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_DOCUMENT_CHARS, validateText } from '../../../../src/core/validate';
import { fixture } from '../../support/helpers';

const VALID = fixture('validate', 'valid-format-example.deploy.yaml');

function assertLocated(text: string, force = true): string[] {
  const result = validateText(text, { forceDeployment: force });
  for (const f of result.findings) {
    assert.ok(
      f.range.start >= 0 && f.range.end >= f.range.start && f.range.start <= text.length,
      `bad range ${JSON.stringify(f.range)}`,
    );
    assert.match(f.code, /^LLMS\d{3}$/);
    assert.ok(f.message.length > 0);
  }
  return result.findings.map((f) => f.code);
}

describe('hostile input', () => {
  it('alias bomb → LLMS003 on an alias', () => {
    let text = VALID + 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++)
      text += `x${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    assert.ok(assertLocated(text).includes('LLMS003'));
  });

  it('20,000-deep flow nesting → LLMS001 or LLMS006, no stack overflow', () => {
    const text = VALID + 'description: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n';
    const found = assertLocated(text);
    assert.ok(found.includes('LLMS006') || found.includes('LLMS001'), found.join());
  });

  it('20,000-deep block nesting → a located finding', () => {
    const lines = ['apiVersion: llm-sizing/v1', 'kind: Deployment', 'name: deep'];
    for (let i = 0; i < 20000; i++)
      lines.push(' '.repeat(i % 2 === 0 ? i / 2 : (i - 1) / 2) + (i % 2 === 0 ? `k${i}:` : `- k${i}:`));
    const found = assertLocated(
      lines.slice(0, 3).join('\n') +
        '\nx:\n' +
        Array.from({ length: 20000 }, (_, i) => ' '.repeat(i + 1) + 'a:').join('\n') +
        ' 1\n',
    );
    assert.ok(found.length > 0);
  });

  it('huge and non-finite numbers → LLMS012 on the value', () => {
    for (const value of ['1e400', '.inf', '-.inf', '.nan', '99999999999999999999999']) {
      const text = VALID.replace('inputTokens: 1800', `inputTokens: ${value}`);
      const found = validateText(text).findings;
      const f = found.find((x) => x.code === 'LLMS012');
      assert.ok(f, `${value}: ${found.map((x) => x.code).join()}`);
      assert.equal(text.slice(f.range.start, f.range.end), value);
    }
  });

  it('binary garbage and control characters', () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    assertLocated(bytes);
    assertLocated('\u0000\u0001\u0002apiVersion: llm-sizing/v1\n');
  });

  it('duplicate keys → LLMS002 on the second key', () => {
    const text = VALID.replace('name: support-assistant\n', 'name: support-assistant\nname: twice\n');
    const f = validateText(text).findings.find((x) => x.code === 'LLMS002')!;
    assert.equal(text.slice(f.range.start, f.range.start + 4), 'name');
  });

  it('thousands of documents: the first 100 analysed, one LLMS006 on the 101st, the rest not parsed', () => {
    const text = Array(2000).fill(VALID).join('---\n');
    const result = validateText(text);
    assert.equal(result.documents.length, 101);
    const notes = result.findings.filter((f) => f.code === 'LLMS040'); // the example's one note, per document
    assert.equal(notes.length, 100);
    const limit = result.findings.filter((f) => f.code === 'LLMS006');
    assert.deepEqual(
      limit.map((f) => f.documentIndex),
      [100],
    );
    // The same document repeated: each copy after the first also repeats the deployment's name.
    assert.equal(result.findings.filter((f) => f.code === 'LLMS043').length, 99);
    assert.equal(result.findings.length, 200);
  });

  it('random text never throws (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => void assertLocated(s)),
      { numRuns: 300 },
    );
  });

  it('random YAML-ish token soup never throws (property)', () => {
    const token = fc.constantFrom(
      'apiVersion: llm-sizing/v1\n',
      'kind: Deployment\n',
      '- ',
      '  ',
      ': ',
      '{',
      '}',
      '[',
      ']',
      '&a ',
      '*a',
      '---\n',
      'gpus: auto\n',
      'placements:\n',
      '"',
      "'",
      '#',
      '\n',
      'x',
      '1e999',
      '!!int ',
      '? ',
      '|\n',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), (tokens) => void assertLocated(tokens.join(''))),
      { numRuns: 400 },
    );
  });

  it('mutated valid documents never throw (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: VALID.length }),
        fc.integer({ min: 0, max: 40 }),
        fc.string({ maxLength: 12 }),
        (at, cut, insert) => {
          assertLocated(VALID.slice(0, at) + insert + VALID.slice(Math.min(VALID.length, at + cut)));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('bounded work per document', () => {
  it('more than 100 placements: one LLMS012 on `placements`, nothing else analysed (1,000: bounded by the parse, not by the rules)', () => {
    const head = VALID.slice(0, VALID.indexOf('\nplacements:') + 1);
    const list = (n: number) =>
      `${head}placements:\n${Array.from({ length: n }, (_, i) => `  - {name: p${i}, type: on-prem, hardware: h100-sxm-80gb, gpus: 8}\n`).join('')}`;
    const atLimit = validateText(list(100));
    assert.ok(atLimit.documents[0]!.deployment, '100 placements are fine');
    const text = list(1_000);
    assert.ok(text.length < MAX_DOCUMENT_CHARS, 'under the document size limit: the placements rule decides');
    const started = performance.now();
    const result = validateText(text);
    const ms = performance.now() - started;
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['LLMS012'],
    );
    assert.equal(text.slice(result.findings[0]!.range.start, result.findings[0]!.range.end), 'placements');
    assert.match(result.findings[0]!.message, /at most 100 items, has 1,000/);
    assert.equal(result.documents[0]!.deployment, undefined);
    assert.ok(ms < 3_000, `${ms.toFixed(0)} ms`); // a sanity bound; docs/performance.md has the figures
  });

  it('a document over 128 KB is not parsed: one LLMS006 at its start when it is ours, nothing when foreign; the next documents keep their index', () => {
    const head = VALID.slice(0, VALID.indexOf('\nplacements:') + 1);
    const huge = `${head}placements:\n${Array.from({ length: 20_000 }, (_, i) => `  - {name: p${i}, type: on-prem, hardware: h100-sxm-80gb, gpus: 8}\n`).join('')}`;
    assert.ok(huge.length > MAX_DOCUMENT_CHARS);
    const text = `${huge}---\n${VALID}`;
    const result = validateText(text);
    const alone = validateText(VALID).findings.map((f) => [f.code, 1, f.range.start + huge.length + 4]);
    assert.deepEqual(
      result.findings.map((f) => [f.code, f.documentIndex, f.range.start]),
      [['LLMS006', 0, 0], ...alone],
    );
    assert.match(
      result.findings[0]!.message,
      /This YAML document is 1,\d{3} KB, more than the 128 KB one document may have/,
    );
    assert.equal(result.documents.length, 2);
    assert.ok(result.documents[1]!.deployment, 'the document after it is read and valid');
    assert.equal(result.documents[1]!.range.start, huge.length); // at its `---`
    // Foreign YAML (a big ConfigMap) is skipped without a word, and costs a line search, not a parse.
    const configMap = `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: 20_000 }, (_, i) => `  key${i}: value${i}\n`).join('')}`;
    assert.ok(configMap.length > MAX_DOCUMENT_CHARS);
    const mixed = validateText(`${VALID}---\n${configMap}`);
    assert.deepEqual(
      mixed.findings.map((f) => f.code),
      validateText(VALID).findings.map((f) => f.code),
    );
    assert.ok(mixed.documents[0]!.deployment);
    assert.equal(mixed.documents.length, 2);
  });
});
