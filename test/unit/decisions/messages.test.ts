import assert from 'node:assert/strict';
import { msAbove } from '../../../src/core/placements/slo';

// Issue 12 item 11: "TPOT p95 40 ms exceeds SLO 40 ms" — rounding hid the difference.
describe('message defects (issue 12 item 11)', () => {
  it('a latency over its limit never prints equal to the limit', () => {
    assert.equal(msAbove(40.3, 40), '40.3 ms');
    assert.equal(msAbove(40.004, 40), '40.004 ms');
    assert.equal(msAbove(1504, 1500), '1.504 s');
    assert.equal(msAbove(57, 40), '57 ms');
  });
});
