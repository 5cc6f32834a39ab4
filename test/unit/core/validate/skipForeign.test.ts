/**
 * The editor's pre-check (`skipForeign`): YAML that is neither an llm-sizing document nor a serving
 * manifest is not parsed at all and gets no finding, whatever its size — every YAML file a user
 * opens passes through validation. Anything that could be ours or a manifest is still parsed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateText } from '../../../../src/core/validate';
import { ROOT } from '../../hostile/corpus';

const fixture = (...p: string[]) => readFileSync(join(ROOT, 'test', 'fixtures', ...p), 'utf8');

/** A Helm-rendered-style file: many ordinary Kubernetes objects, no engine, no marker. */
const FOREIGN = Array.from(
  { length: 2_000 },
  (_, i) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: web}\ndata:\n  settings.json: '{"a": ${i}}'\n`,
).join('---\n');

describe('validation skips foreign YAML in the editor (skipForeign)', () => {
  it('no marker and no serving words: not parsed, no finding, even past the file size limit', () => {
    const r = validateText(FOREIGN, { skipForeign: true });
    assert.equal(r.documents.length, 0, 'not parsed');
    assert.deepEqual(r.findings, []);
    assert.ok(
      validateText(FOREIGN).documents.length > 1_000,
      'without the option: parsed (to past the 1,000-document limit)',
    );
    const huge = validateText(FOREIGN.repeat(40), { skipForeign: true, maxFileChars: 1_000 });
    assert.deepEqual(huge.findings, [], 'a foreign file is not worth a size warning');
  });

  it('still parses a deployment document, a serving manifest, and any file matched by the globs', () => {
    const deployment = fixture('validate', 'valid-format-example.deploy.yaml');
    const manifest = fixture('manifests', 'vllm-deployment.yaml');
    for (const [what, text, force] of [
      ['a deployment after foreign objects', `${FOREIGN}---\n${deployment}`, false],
      ['a vLLM manifest', manifest, false],
      ['a glob-matched file without the marker', 'name: x\n', true],
    ] as const) {
      const r = validateText(text, { skipForeign: true, forceDeployment: force });
      assert.ok(r.documents.length > 0, `${what}: parsed`);
      assert.deepEqual(
        r.findings.map((f) => [f.code, f.range]),
        validateText(text, { forceDeployment: force }).findings.map((f) => [f.code, f.range]),
        `${what}: the same findings as without the pre-check`,
      );
    }
  });
});
