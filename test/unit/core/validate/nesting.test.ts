/**
 * The nesting pre-scan (src/core/parse/nesting.ts): quotes open quoted scalars only where YAML
 * lets a scalar start, so an apostrophe or an inch mark in plain text cannot hide deep nesting
 * after it (the parser would overflow its stack); brackets inside real quoted strings are text.
 */
import assert from 'node:assert/strict';
import { excessiveNesting } from '../../../../src/core/parse/nesting';
import { validateText } from '../../../../src/core/validate';

const DEEP_BLOCK = `notes:\n  ${'- '.repeat(20_000)}x\n`;
const DEEP_FLOW = `tags: [${'['.repeat(20_000)}${']'.repeat(20_000)}]\n`;
const HEADER = 'apiVersion: llm-sizing/v1\nkind: Deployment\nname: x\n';

describe('nesting pre-scan', () => {
  const plainQuotes: Array<[string, string]> = [
    ['an inch mark in a plain value', 'description: 19" rack servers\n'],
    ['an apostrophe in a plain value', "description: it's a plan\n"],
    ['an apostrophe inside a flow sequence', "tags: [it's, ok]\n"],
    ['a comma then a quote in block context', 'description: a, "b\n'],
    ['a dash then a quote inside a plain value', 'description: a - "b\n'],
    ['a multi-line plain value with a quote', 'description: first line\n  second "line\n'],
  ];
  for (const [what, prefix] of plainQuotes) {
    it(`${what} does not hide deep block or flow nesting after it`, () => {
      for (const deep of [DEEP_BLOCK, DEEP_FLOW]) {
        const text = HEADER + prefix + deep;
        const at = excessiveNesting(text);
        assert.ok(at !== undefined && at > HEADER.length + prefix.length - 1, `${what}: found at ${at}`);
        const findings = validateText(text).findings;
        assert.deepEqual(
          findings.map((f) => f.code),
          ['LLMS006'],
        );
      }
    });
  }

  it('brackets inside quoted scalars are text, not nesting (double, single, escaped quotes, multi-line)', () => {
    const brackets = '['.repeat(400);
    for (const value of [
      `"${brackets}"`,
      `'${brackets}'`,
      `"a \\" ${brackets}"`,
      `'it''s ${brackets}'`,
      `"first\n  ${brackets} second"`,
      `[ "${brackets}", '${brackets}' ]`,
      `{a: "${brackets}"}`,
    ]) {
      assert.equal(excessiveNesting(`${HEADER}description: ${value}\n`), undefined, value.slice(0, 20));
      assert.equal(excessiveNesting(`${HEADER}list:\n  - ${value}\n`), undefined, `list item ${value.slice(0, 20)}`);
    }
  });

  it('validation never throws, whatever the scan misses: a file the parser cannot read is declined with LLMS006', () => {
    // Nesting the scan cannot see (a continuation line that opens a quote it never closes) still
    // ends in a finding, not an exception.
    const text = `${HEADER}description: first\n  "unclosed\n${DEEP_BLOCK}`;
    const result = validateText(text);
    assert.ok(
      result.findings.some((f) => f.code === 'LLMS006'),
      result.findings.map((f) => `${f.code} ${f.message}`).join('\n'),
    );
  });
});
