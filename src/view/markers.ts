/**
 * Per-series marker shapes: placements differ by dash pattern (styles.css) and marker shape, not
 * by colour alone (WCAG 1.4.1). Shapes are SVG paths centred on (x, y) so they scale with the chart.
 */

/** The shape names, one per series index modulo 6 (the same cycle as the colours). */
export const MARKER_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'cross'] as const;
export type MarkerShape = (typeof MARKER_SHAPES)[number];

/** The marker shape of a series index. */
export function markerShape(seriesIndex: number): MarkerShape {
  return MARKER_SHAPES[((seriesIndex % 6) + 6) % 6]!;
}

const f = (v: number): string => String(Math.round(v * 10) / 10);

/** SVG path data of a marker of `shape` centred on (x, y) with half-size `r` (SVG user units). */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'circle':
      return `M${f(x - r)} ${f(y)} a${f(r)} ${f(r)} 0 1 0 ${f(2 * r)} 0 a${f(r)} ${f(r)} 0 1 0 ${f(-2 * r)} 0 Z`;
    case 'square':
      return `M${f(x - r)} ${f(y - r)} H${f(x + r)} V${f(y + r)} H${f(x - r)} Z`;
    case 'triangle':
      return `M${f(x)} ${f(y - r * 1.2)} L${f(x + r * 1.1)} ${f(y + r * 0.8)} L${f(x - r * 1.1)} ${f(y + r * 0.8)} Z`;
    case 'triangle-down':
      return `M${f(x)} ${f(y + r * 1.2)} L${f(x + r * 1.1)} ${f(y - r * 0.8)} L${f(x - r * 1.1)} ${f(y - r * 0.8)} Z`;
    case 'diamond':
      return `M${f(x)} ${f(y - r * 1.3)} L${f(x + r * 1.3)} ${f(y)} L${f(x)} ${f(y + r * 1.3)} L${f(x - r * 1.3)} ${f(y)} Z`;
    case 'cross': {
      const t = r * 0.45;
      return `M${f(x - t)} ${f(y - r)} H${f(x + t)} V${f(y - t)} H${f(x + r)} V${f(y + t)} H${f(x + t)} V${f(y + r)} H${f(x - t)} V${f(y + t)} H${f(x - r)} V${f(y - t)} H${f(x - t)} Z`;
    }
  }
}

/**
 * Vertical positions for direct labels at the lines' ends, pushed apart so that no two are closer
 * than `gap` (user units) and none leaves [top, bottom]. Input order is kept in the output.
 */
export function spreadLabels(ys: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y: Math.min(bottom, Math.max(top, y)), i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k++) order[k]!.y = Math.max(order[k]!.y, order[k - 1]!.y + gap);
  const overflow = order.length ? order[order.length - 1]!.y - bottom : 0;
  if (overflow > 0) for (const o of order) o.y -= overflow;
  for (let k = order.length - 2; k >= 0; k--) order[k]!.y = Math.min(order[k]!.y, order[k + 1]!.y - gap);
  const out = new Array<number>(ys.length);
  for (const o of order) out[o.i] = o.y;
  return out;
}
