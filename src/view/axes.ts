/**
 * Axes and grid lines for the SVG charts. Lines and labels take their colours from CSS classes
 * (styles.css → --vscode-* variables), so every theme, high contrast included, applies.
 */
import { s, type ViewElement } from './nodes';
import type { Frame } from './chartFrame';
import { px } from './scale';

/** Horizontal grid lines with value labels on the left (vertical value axis). */
export function valueGridY(
  frame: Frame,
  ticks: number[],
  y: (v: number) => number,
  format: (v: number) => string,
): ViewElement {
  const g = s('g', { class: 'axis axis-y' });
  for (const t of ticks) {
    const yy = px(y(t));
    g.append(
      s('line', {
        class: t === 0 ? 'baseline' : 'grid',
        x1: frame.left,
        x2: frame.width - frame.right,
        y1: yy,
        y2: yy,
      }),
      s('text', { x: frame.left - 6, y: yy, 'text-anchor': 'end', 'dominant-baseline': 'middle' }, format(t)),
    );
  }
  return g;
}

/** Vertical grid lines with value labels below (horizontal value axis), and an axis title. */
export function valueGridX(
  frame: Frame,
  ticks: number[],
  x: (v: number) => number,
  format: (v: number) => string,
  title?: string,
): ViewElement {
  const g = s('g', { class: 'axis axis-x' });
  const bottom = frame.height - frame.bottom;
  for (const t of ticks) {
    const xx = px(x(t));
    g.append(
      s('line', { class: t === 0 ? 'baseline' : 'grid', x1: xx, x2: xx, y1: frame.top, y2: bottom }),
      s('text', { x: xx, y: bottom + 14, 'text-anchor': 'middle' }, format(t)),
    );
  }
  if (title) {
    const mid = (frame.left + frame.width - frame.right) / 2;
    g.append(s('text', { class: 'axis-title', x: px(mid), y: frame.height - 4, 'text-anchor': 'middle' }, title));
  }
  return g;
}
