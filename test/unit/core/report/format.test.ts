import assert from 'node:assert/strict';
import {
  formatCount,
  formatGiB,
  formatKw,
  formatMs,
  formatMsRange,
  formatRate,
  formatShare,
  formatTokens,
  formatUsd,
  formatUsdCompact,
  formatUsdPerMillion,
  round,
} from '../../../../src/core/report/format';

describe('webview format', () => {
  it('rounds without trailing zeros', () => {
    assert.equal(round(1.0), '1');
    assert.equal(round(1.25, 1), '1.3');
    assert.equal(round(71.3, 1), '71.3');
    assert.equal(round(NaN), '—');
  });

  it('formats milliseconds as ms below a second and seconds above', () => {
    assert.equal(formatMs(4.25), '4.3 ms');
    assert.equal(formatMs(376.8), '377 ms');
    assert.equal(formatMs(999.4), '999 ms');
    assert.equal(formatMs(999.6), '1 s');
    assert.equal(formatMs(1900), '1.9 s');
    assert.equal(formatMs(13_382), '13 s');
    assert.equal(formatMs(Infinity), '∞');
    assert.equal(formatMs(NaN), '—');
  });

  it("writes a band's unit once when both ends share it", () => {
    assert.equal(formatMsRange(331.8, 441.1), '332–441 ms');
    assert.equal(formatMsRange(6952, 13382), '7–13 s');
    assert.equal(formatMsRange(580, 1200), '580 ms–1.2 s');
  });

  it('formats money, sizes, rates and power', () => {
    assert.equal(formatUsd(7652), '$7,652');
    assert.equal(formatUsd(-12.4), '−$12');
    assert.equal(formatUsdCompact(945), '$945');
    assert.equal(formatUsdCompact(7652), '$7.7k');
    assert.equal(formatUsdCompact(11_800), '$11.8k');
    assert.equal(formatUsdCompact(250_000), '$250k');
    assert.equal(formatUsdCompact(1_240_000), '$1.2M');
    assert.equal(formatUsdPerMillion(3.875), '$3.88');
    assert.equal(formatUsdPerMillion(0), '$0.00');
    assert.equal(formatUsdPerMillion(123.45), '$123.5');
    assert.equal(formatGiB(79.2), '79.2 GiB');
    assert.equal(formatCount(2950), '2,950');
    assert.equal(formatRate(6), '6 req/s');
    assert.equal(formatRate(0.9), '0.9 req/s');
    assert.equal(formatRate(0.25), '0.25 req/s');
    assert.equal(formatKw(3.1), '3.1 kW');
    assert.equal(formatKw(0.45), '0.45 kW');
    assert.equal(formatShare(0.22), '22%');
    assert.equal(formatTokens(1.97e9), '1.97B');
    assert.equal(formatTokens(1.7e8), '170M');
    assert.equal(formatTokens(2.5e6), '2.5M');
    assert.equal(formatTokens(45_000), '45k');
    assert.equal(formatTokens(950), '950');
  });
});
