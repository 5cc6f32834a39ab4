/**
 * Chart arithmetic: linear scales, "nice" axis ends and ticks, SVG path strings.
 * Pure (no DOM) so it is unit-tested in Node; the SVG components only place what it computes.
 */

/** Maps a domain linearly onto a range (pixels); a degenerate domain maps to the range start. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

/** The smallest 1, 2, 2.5 or 5 × 10^k step that splits `max` into at most `count` intervals. */
export function niceStep(max: number, count = 5): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

/** Axis from 0 to a nice value ≥ max, with its ticks (0 included). */
export function niceAxis(max: number, count = 5): { max: number; ticks: number[] } {
  const step = niceStep(max, count);
  const top = Number(Math.max(step, Math.ceil(max / step - 1e-9) * step).toPrecision(12));
  const ticks: number[] = [];
  // Integer counter, not repeated addition: 0.1 + 0.2 must not produce a 0.30000000000000004 tick.
  for (let i = 0; i * step <= top + step / 1e6; i++) ticks.push(Number((i * step).toPrecision(12)));
  return { max: top, ticks };
}

/** An SVG polyline path "M x y L x y …" rounded to 0.1 px (smaller markup, same picture). */
export function linePath(points: ReadonlyArray<readonly [number, number]>): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${px(y)}`).join(' ');
}

/** A closed area between an upper and a lower line sharing x positions (an uncertainty band). */
export function bandPath(
  upper: ReadonlyArray<readonly [number, number]>,
  lower: ReadonlyArray<readonly [number, number]>,
): string {
  if (upper.length === 0) return '';
  return `${linePath([...upper, ...[...lower].reverse()])} Z`;
}

/** Rounds a coordinate to 0.1 px for compact path data. */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}
