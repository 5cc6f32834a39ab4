import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OFFICE_HOURS_SHAPE, dailyLoad, mean, shapeExponent } from '../../../../src/core/placements/load';

describe('placements: daily load', () => {
  it('the default office-hours shape has one peak hour (14:00) and values in (0, 1]', () => {
    assert.equal(OFFICE_HOURS_SHAPE.length, 24);
    assert.equal(Math.max(...OFFICE_HOURS_SHAPE), 1);
    assert.equal(OFFICE_HOURS_SHAPE.filter((s) => s === 1).length, 1);
    assert.equal(OFFICE_HOURS_SHAPE.indexOf(1), 14);
    assert.ok(OFFICE_HOURS_SHAPE.every((s) => s > 0 && s <= 1));
  });

  it('peak and average: peak·s(h)^k with the mean equal to the average', () => {
    const p = dailyLoad({ peakRequestsPerSecond: 6, averageRequestsPerSecond: 1.5 });
    assert.equal(p.kind, 'rate');
    assert.equal(Math.max(...p.hourly), 6);
    assert.ok(Math.abs(mean(p.hourly) - 1.5) < 1e-9);
    assert.ok(Math.abs(p.average - 1.5) < 1e-9);
    assert.equal(p.hourly.indexOf(6), 14);
  });

  it('k solves mean(s^k) = ratio to 1e-9 (safeguarded Newton), monotone, property over ratios', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.999, noNaN: true }), (ratio) => {
        const { k, clamped } = shapeExponent(OFFICE_HOURS_SHAPE, ratio);
        const m = mean(OFFICE_HOURS_SHAPE.map((s) => Math.pow(s, k)));
        return clamped || Math.abs(m - ratio) < 1e-9;
      }),
    );
    assert.equal(shapeExponent(OFFICE_HOURS_SHAPE, 1).k, 0);
    assert.ok(shapeExponent(OFFICE_HOURS_SHAPE, 0.3).k > shapeExponent(OFFICE_HOURS_SHAPE, 0.4).k);
  });

  it('an average below peak/24 cannot be reached: clamped and stated', () => {
    const p = dailyLoad({ peakRequestsPerSecond: 24, averageRequestsPerSecond: 0.5 });
    assert.ok(p.average >= 1 - 1e-6);
    assert.ok(p.assumptions.some((a) => /cannot be reached/.test(a)));
  });

  it('peak only: average = peak × mean of the default shape, stated', () => {
    const p = dailyLoad({ peakRequestsPerSecond: 10 });
    assert.ok(Math.abs(p.average - 10 * mean(OFFICE_HOURS_SHAPE)) < 1e-9);
    assert.deepEqual(
      p.hourly,
      OFFICE_HOURS_SHAPE.map((s) => 10 * s),
    );
    assert.ok(p.assumptions.some((a) => /average .* = peak ×/.test(a)));
  });

  it('average only: peak = average ÷ mean of the shape, stated', () => {
    const p = dailyLoad({ averageRequestsPerSecond: 2 });
    assert.ok(Math.abs(p.peak - 2 / mean(OFFICE_HOURS_SHAPE)) < 1e-9);
    assert.ok(p.assumptions.some((a) => /peak .* = average ÷/.test(a)));
  });

  it('dailyProfile is scaled so that its maximum is the peak', () => {
    const profile = Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 18 ? 2 : 1));
    const p = dailyLoad({ peakRequestsPerSecond: 4, dailyProfile: profile });
    assert.deepEqual(
      p.hourly,
      profile.map((v) => v * 2),
    );
    assert.equal(p.average, (10 * 4 + 14 * 2) / 24);
  });

  it('concurrency: constant around the clock, or shaped by the profile', () => {
    const flat = dailyLoad({ concurrency: 32 });
    assert.equal(flat.kind, 'concurrency');
    assert.deepEqual(flat.hourly, new Array(24).fill(32));
    const night = dailyLoad({ concurrency: 100, dailyProfile: Array.from({ length: 24 }, (_, h) => (h < 6 ? 1 : 0)) });
    assert.equal(night.hourly.filter((c) => c === 100).length, 6);
    assert.equal(night.hourly.filter((c) => c === 0).length, 18);
  });
});
