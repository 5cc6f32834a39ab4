/**
 * Timing helpers shared by the benchmark sections.
 */

/** One printed figure. */
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
}

/** Median wall time of `fn` over `runs` runs after `warmup` runs, ms. */
export function medianMs(fn: () => unknown, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Median of a list of numbers (mean of the middle two for an even count). */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
}

/** Times of several functions timed in turns: medians, and every round's time (rounds aligned). */
export interface InterleavedTimes<K extends string> {
  median: Record<K, number>;
  rounds: Record<K, number[]>;
}

/**
 * Several functions timed in turns, ms, after `warmup` rounds. Each round starts one function
 * later (a b c, b c a, c a b, …), so each follows every other equally often: timed one after the
 * other, the later ones paid for the garbage the earlier ones left, and in a fixed order each pays
 * for its fixed predecessor's (on this 2-core machine either moved a ratio by 0.3×).
 * `runs` is rounded up to a multiple of the number of functions.
 */
export function interleavedTimes<K extends string>(
  fns: Record<K, () => unknown>,
  runs = 12,
  warmup = 2,
): InterleavedTimes<K> {
  const keys = Object.keys(fns) as K[];
  const rounds = Math.ceil(runs / keys.length) * keys.length;
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < warmup + rounds; round++) {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[(round + i) % keys.length]!;
      const t0 = performance.now();
      fns[k]();
      if (round >= warmup) times[k].push(performance.now() - t0);
    }
  }
  return {
    median: Object.fromEntries(keys.map((k) => [k, median(times[k])])) as Record<K, number>,
    rounds: times,
  };
}

/**
 * Median over rounds of `a / b` timed in the same round. A slow spell of the machine (another
 * VM's load on a shared host) slows both sides of one round alike, so the per-round ratio
 * cancels it, where a ratio of two medians taken from different rounds does not.
 */
export function medianRatio(a: number[], b: number[]): number {
  return median(a.map((v, i) => v / b[i]!));
}

/** Median over rounds of `a − b` timed in the same round (as medianRatio, for "beyond the parse"). */
export function medianDifference(a: number[], b: number[]): number {
  return median(a.map((v, i) => v - b[i]!));
}
