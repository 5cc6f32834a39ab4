/**
 * Uncertainty bands. Each metric group carries the 5th and 95th percentiles of the calibration
 * residuals r = ln(measured / predicted) (calibration.json `bands`, written by the fitter), so a
 * band is [value·e^{r05}, value·e^{r95}] — the spread the model actually showed on published
 * measurements, not a fixed ±x%. Bands always contain the value (r05 ≤ 0 ≤ r95 is enforced).
 */
import type { Banded } from './types';
import type { BandGroup, Calibration } from './calibration';

/** A value with the band of its metric group. Non-finite or negative values are clamped to 0. */
export function banded(value: number, group: BandGroup, cal: Calibration): Banded {
  const v = Number.isFinite(value) && value > 0 ? value : 0;
  const [low, high] = bandRatios(group, cal);
  return { value: v, low: v * low, high: v * high };
}

/**
 * The [low, high] ratios `banded` applies to a value of `group` (before any floor). The latency
 * groups' residuals are of the milliseconds themselves, so their bands apply as they are (they
 * were once applied as if fitted on rates — low and high mirrored — which put the fitted TTFT band
 * [e^−1.4, e^0.66] the wrong way round and most over-predicted TTFTs outside it).
 */
export function bandRatios(group: BandGroup, cal: Calibration): [number, number] {
  const [lo, hi] = cal.bands[group] ?? [-0.2, 0.2];
  return [Math.exp(Math.min(0, lo)), Math.exp(Math.max(0, hi))];
}

/** A banded value with no uncertainty (exact arithmetic, e.g. counts). */
export function exact(value: number): Banded {
  const v = Number.isFinite(value) && value > 0 ? value : 0;
  return { value: v, low: v, high: v };
}

/**
 * A band clipped to a physical floor (`floors.ts`): its low end is never below what the device
 * can physically do. The value itself is never moved (it is at or above the floor by construction:
 * the model runs at a fraction of peak), so the band always contains it.
 */
export function floored(b: Banded, floor: number): Banded {
  if (!(floor > 0)) return b;
  return { ...b, low: Math.max(b.low, Math.min(floor, b.value)) };
}
