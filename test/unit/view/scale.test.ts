import assert from 'node:assert/strict';
import { bandPath, linearScale, linePath, niceAxis, niceStep, px } from '../../../src/view/scale';

describe('webview chart scales', () => {
  it('maps a domain linearly onto a range, inverted ranges included', () => {
    const x = linearScale([0, 10], [50, 450]);
    assert.equal(x(0), 50);
    assert.equal(x(5), 250);
    assert.equal(x(10), 450);
    const y = linearScale([0, 2500], [246, 16]);
    assert.equal(y(0), 246);
    assert.equal(y(2500), 16);
    assert.equal(linearScale([3, 3], [0, 100])(3), 0, 'degenerate domain');
  });

  it('picks 1/2/2.5/5 × 10^k steps', () => {
    assert.equal(niceStep(2500, 5), 500);
    assert.equal(niceStep(9, 5), 2);
    assert.equal(niceStep(0.9, 5), 0.2);
    assert.equal(niceStep(12_000, 4), 5000);
    assert.equal(niceStep(0), 1);
    assert.equal(niceStep(NaN), 1);
  });

  it('builds an axis from 0 to a nice end, with clean ticks', () => {
    assert.deepEqual(niceAxis(2500), { max: 2500, ticks: [0, 500, 1000, 1500, 2000, 2500] });
    assert.deepEqual(niceAxis(9), { max: 10, ticks: [0, 2, 4, 6, 8, 10] });
    assert.deepEqual(niceAxis(0.3, 3), { max: 0.3, ticks: [0, 0.1, 0.2, 0.3] });
    assert.deepEqual(niceAxis(79.2, 4), { max: 80, ticks: [0, 20, 40, 60, 80] });
  });

  it('writes compact SVG paths', () => {
    assert.equal(px(12.345), '12.3');
    assert.equal(
      linePath([
        [0, 10],
        [5.55, 20.04],
      ]),
      'M0 10 L5.6 20',
    );
    assert.equal(
      bandPath(
        [
          [0, 1],
          [10, 2],
        ],
        [
          [0, 3],
          [10, 4],
        ],
      ),
      'M0 1 L10 2 L10 4 L0 3 Z',
    );
    assert.equal(bandPath([], []), '');
  });
});
