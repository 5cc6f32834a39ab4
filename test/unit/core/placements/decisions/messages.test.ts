import assert from 'node:assert/strict';
import { msAbove } from '../../../../../src/core/placements/slo';

// Issue 12 item 11: "TPOT p95 40 ms exceeds SLO 40 ms" — rounding hid the difference.
describe('message defects (issue 12 item 11)', () => {
  it('a latency over its limit never prints equal to the limit', () => {
    assert.equal(msAbove(40.3, 40), '40.3 ms');
    assert.equal(msAbove(40.004, 40), '40.004 ms');
    assert.equal(msAbove(1504, 1500), '1.504 s');
    assert.equal(msAbove(57, 40), '57 ms');
  });
});

describe('no price per token for a placement that does not fit (issue 12 item 11)', () => {
  it('prints "— (does not fit)" instead of $0.00', async () => {
    const { runCliCapture } = await import('../../../support/helpers');
    const { deploymentYaml } = await import('../../../support/placements');
    const text = deploymentYaml({
      model: 'id: llama-3.3-70b',
      workload: 'inputTokens: 500\noutputTokens: 100\npeakRequestsPerSecond: 1',
      placements: ['name: tiny\ntype: on-prem\nhardware: rtx-4090-24gb\ngpus: 1'],
    });
    const r = await runCliCapture(['estimate', 'a.deploy.yaml'], { 'a.deploy.yaml': text });
    assert.match(r.stdout, /\$ \/ M output tokens\s+— \(does not fit\)/);
    assert.doesNotMatch(r.stdout, /\$0\.00/);
  });
});

describe('a missing `gpus` is a missing field, not a wrong type (issue 12 item 11)', () => {
  it('LLMS013 on the placement, with the quick fix that inserts it; before: LLMS011 "got nothing"', async () => {
    const { validateText } = await import('../../../../../src/core/validate');
    const { applyEdits } = await import('../../../support/helpers');
    const { deploymentYaml } = await import('../../../support/placements');
    const text = deploymentYaml({
      model: 'id: llama-3.1-8b',
      workload: 'inputTokens: 500\noutputTokens: 100\npeakRequestsPerSecond: 1',
      placements: ['name: a\ntype: on-prem\nhardware: l40s-48gb', 'name: b\ntype: cloud\nhardware: h100-sxm-80gb'],
    });
    const findings = validateText(text).findings;
    assert.deepEqual(
      findings.map((f) => f.code),
      ['LLMS013', 'LLMS013'],
    );
    assert.match(findings[0]!.message, /^Missing required field `gpus` in `placements\[0\]`/);
    assert.doesNotMatch(findings.map((f) => f.message).join(' '), /got nothing/);
    const fix = findings[0]!.fixes?.[0];
    assert.ok(fix, 'a quick fix inserts the field');
    const fixed = validateText(applyEdits(text, fix.edits)).findings.map((f) => f.code);
    assert.deepEqual(fixed, ['LLMS013'], 'only the other placement is left');
  });
});

describe('docs/format.md names the kinds of a union (issue 12 item 11)', () => {
  it('`attention` reads as its kinds, not "mapping | mapping | mapping | mapping | mapping"', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { ROOT } = await import('../../../support/helpers');
    const doc = readFileSync(join(ROOT, 'docs', 'format.md'), 'utf8');
    const row = doc.split('\n').find((l) => l.startsWith('| `model.architecture.attention` |'))!;
    assert.match(
      row,
      /`\{kind: "full", …\}` \\\| `\{kind: "sliding", …\}` \\\| `\{kind: "mla", …\}` \\\| `\{kind: "none", …\}` \\\| `\{pattern\}`/,
    );
    assert.doesNotMatch(doc, /mapping \\\| mapping/);
  });
});
