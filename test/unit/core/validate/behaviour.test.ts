import assert from 'node:assert/strict';
import { validateText } from '../../../../src/core/validate';
import { applyEdits, fixture } from '../../support/helpers';

const VALID = fixture('validate', 'valid-format-example.deploy.yaml');

/** Codes of the problems (errors and warnings) in a text; informational notes are not problems. */
function codes(text: string, force = true): string[] {
  return validateText(text, { forceDeployment: force })
    .findings.filter((f) => f.severity === 'error' || f.severity === 'warning')
    .map((f) => f.code);
}

/** Applies the first fix of the first finding with `code`, returns the new text. */
function applyFirstFix(text: string, code: string): string {
  const finding = validateText(text, { forceDeployment: true }).findings.find((f) => f.code === code);
  assert.ok(finding, `expected ${code}`);
  assert.ok(finding.fixes?.length, `${code} should offer a fix`);
  return applyEdits(text, finding.fixes[0]!.edits);
}

describe('validation behaviour', () => {
  it("accepts the format document's example exactly as written", () => {
    const result = validateText(VALID);
    // No problem; one note: the hybrid's on-prem part runs tensor parallelism 4 over PCIe (L40S).
    assert.deepEqual(
      result.findings.map((f) => `${f.severity} ${f.code}`),
      ['info LLMS040'],
    );
    const doc = result.documents[0]!;
    assert.equal(doc.kind, 'deployment');
    assert.deepEqual(
      doc.deployment?.placements.map((p) => p.type),
      ['on-prem', 'hybrid', 'edge'],
    );
  });

  it('leaves YAML without the marker alone unless the file matches the globs', () => {
    const text = 'name: x\nplacements: 3\n';
    assert.deepEqual(codes(text, false), []);
    assert.deepEqual(validateText(text).documents[0]!.analysed, false);
    assert.ok(codes(text, true).includes('LLMS004'));
  });

  it('marks the exact text of an unknown hardware id and offers the nearest id', () => {
    const text = VALID.replace('hardware: h100-sxm-80gb', 'hardware: h100-sxm-80g');
    const finding = validateText(text).findings.find((f) => f.code === 'LLMS021')!;
    assert.equal(text.slice(finding.range.start, finding.range.end), 'h100-sxm-80g');
    assert.equal(finding.fixes?.[0]?.title, "Change to 'h100-sxm-80gb'");
    assert.deepEqual(codes(applyFirstFix(text, 'LLMS021')), []);
  });

  it('puts unknown keys on the key and fixes them by renaming', () => {
    const text = VALID.replace('  outputTokens: 350', '  outputToken: 350');
    const finding = validateText(text).findings.find((f) => f.code === 'LLMS010')!;
    assert.equal(text.slice(finding.range.start, finding.range.end), 'outputToken');
    assert.match(finding.message, /Did you mean `outputTokens`/);
    assert.deepEqual(codes(applyFirstFix(text, 'LLMS010')), []);
  });

  it('inserts a missing field with a placeholder that validates', () => {
    const text = VALID.replace(
      '  inputTokens: 1800          # mean prompt length, tokens (RAG context included)\n',
      '',
    );
    assert.ok(codes(text).includes('LLMS013'));
    assert.deepEqual(codes(applyFirstFix(text, 'LLMS013')), []);
  });

  it('rounds gpus up to whole replicas', () => {
    const text = VALID.replace('gpus: 4                  # or', 'gpus: 3                  # or');
    const fixed = applyFirstFix(text, 'LLMS030');
    assert.match(fixed, /gpus: 4 /);
    assert.deepEqual(codes(fixed), []);
  });

  it('adds the marker to a glob-matched file', () => {
    const text = VALID.replace('apiVersion: llm-sizing/v1\nkind: Deployment\n', '');
    assert.deepEqual(codes(applyFirstFix(text, 'LLMS004')), []);
  });

  it('reports a hybrid placement without its cloud part', () => {
    const text = VALID.replace(/ {4}cloud: {2}\{[^\n]*\n/, '');
    const finding = validateText(text).findings.find((f) => f.code === 'LLMS013')!;
    assert.match(finding.message, /`cloud`/);
    assert.equal(text.slice(finding.range.start, finding.range.end), 'name');
  });

  it('keeps estimating the healthy placements of a document with a broken one', () => {
    const doc = validateText(fixture('validate', 'partial-placement.deploy.yaml'), { forceDeployment: true })
      .documents[0]!;
    assert.deepEqual(doc.blockedPlacements, [1]);
    assert.deepEqual(doc.placementSourceIndex, [0, 2]);
    assert.deepEqual(
      doc.deployment?.placements.map((p) => p.name),
      ['dc', 'edge'],
    );
  });

  it('blocks the whole document when a shared field is wrong', () => {
    const doc = validateText(VALID.replace('outputTokens: 350', 'outputTokens: -1')).documents[0]!;
    assert.equal(doc.deployment, undefined);
  });

  it('validates each document of a multi-document file on its own', () => {
    const result = validateText(fixture('validate', 'multi-document.yaml'));
    assert.deepEqual(
      result.documents.map((d) => d.kind),
      ['deployment', 'empty', 'deployment', 'unmarked'],
    );
    assert.ok(result.documents[0]!.deployment);
    assert.deepEqual(
      result.documents[2]!.findings.map((f) => f.code),
      ['LLMS021'],
    );
    assert.deepEqual(result.documents[3]!.findings, []);
  });

  it('locates findings correctly in CRLF files with a BOM', () => {
    const text = fixture('validate', 'crlf-bom.deploy.yaml');
    const finding = validateText(text, { forceDeployment: true }).findings.find((f) => f.code === 'LLMS021')!;
    assert.equal(text.slice(finding.range.start, finding.range.end), 'h100-sxm-80g');
  });

  it('declines files over the size limit with one finding', () => {
    const result = validateText(VALID, { maxFileChars: 100 });
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['LLMS006'],
    );
  });
});
