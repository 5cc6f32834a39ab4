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
