/**
 * Golden findings (validation + placement findings of the estimate) for every fixture in
 * test/fixtures/validate: code, severity, 1-based range, message and fix titles. A fixture named `LLMSxxx-…` must produce that code. Regenerate the
 * goldens after an intended change with `UPDATE_GOLDEN=1 npx mocha`, and review the diff.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { evaluateText } from '../../../src/core/placements';
import { matchesDeploymentGlobs } from '../../../src/core/parse/globs';
import { allCodes } from '../../../src/core/validate/codes';
import { FIXTURES, fixture, listFixtures } from '../helpers';
import { assertGolden } from '../golden';

function golden(name: string) {
  const text = fixture('validate', name);
  const result = evaluateText(text, { forceDeployment: matchesDeploymentGlobs(name), curve: false });
  const lines = result.validation.file.lineIndex;
  return result.findings.map((f) => {
    const start = lines.positionAt(f.range.start);
    const end = lines.positionAt(f.range.end);
    return {
      code: f.code,
      severity: f.severity,
      range: `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`,
      text: text.slice(f.range.start, Math.min(f.range.end, f.range.start + 60)),
      message: f.message,
      ...(f.fixes ? { fixes: f.fixes.map((x) => x.title) } : {}),
    };
  });
}

describe('validation goldens', () => {
  const seen = new Set<string>();
  for (const name of listFixtures('validate')) {
    it(name, () => {
      const actual = golden(name);
      for (const f of actual) seen.add(f.code);
      const path = join(FIXTURES, 'validate', 'golden', name.replace(/\.ya?ml$/, '.json'));
      assertGolden(path, actual, name);
      const expectedCode = /^(LLMS\d{3})-/.exec(name)?.[1];
      if (expectedCode) assert.ok(actual.some((f) => f.code === expectedCode), `${name} should produce ${expectedCode}`);
    });
  }
  it('every registered code is produced by some fixture', () => {
    const missing = allCodes().map((c) => c.code).filter((c) => !seen.has(c));
    assert.deepEqual(missing, []);
  });
});
