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
