/**
 * Horizontal stacked bars, one row per placement (memory per GPU, monthly cost): segments in
 * theme colours, an optional capacity tick, the part beyond capacity outlined as overflow.
 */
import type { StackedBar } from './chartData';
import type { Frame } from './chartFrame';
import { chartSvg } from './chartFrame';
import { valueGridX } from './axes';
import { s, type ViewElement } from './nodes';
import { linearScale, px } from './scale';

/** How to draw one bar chart. */
export interface BarChartSpec {
  label: string;
  dIndex: number;
  bars: StackedBar[];
  axis: { max: number; ticks: number[] };
  axisTitle: string;
  segmentClass: (key: string) => string;
  tickFormat: (v: number) => string;
  valueLabel: (bar: StackedBar) => string;
}

const ROW = 26;
const NAME_CHARS = 24;

/** Keeps long placement names from running into the bars (the full name is the tooltip). */
function shortName(name: string): string {
  return name.length > NAME_CHARS ? `${name.slice(0, NAME_CHARS - 1)}…` : name;
}

/** The SVG of a stacked bar chart. */
export function barChartSvg(spec: BarChartSpec): ViewElement {
  const frame: Frame = { width: 560, height: 0, left: 150, right: 128, top: 6, bottom: 34 };
  frame.height = frame.top + spec.bars.length * ROW + frame.bottom;
  const x = linearScale([0, spec.axis.max], [frame.left, frame.width - frame.right]);
  const svg = chartSvg(frame, spec.label);
  svg.append(valueGridX(frame, spec.axis.ticks, x, spec.tickFormat, spec.axisTitle));

  spec.bars.forEach((bar, row) => {
    const top = frame.top + row * ROW + 5;
    const height = ROW - 10;
    const g = s('g', { class: 'series bar-row', 'data-d': spec.dIndex, 'data-p': bar.index });
    g.append(
      s(
        'text',
        {
          class: 'bar-name',
          x: frame.left - 8,
          y: top + height / 2,
          'text-anchor': 'end',
          'dominant-baseline': 'middle',
        },
        s('title', {}, bar.label),
        shortName(bar.label),
      ),
    );
    let at = 0;
    for (const seg of bar.segments) {
      if (!(seg.value > 0)) continue;
      g.append(
        s(
          'rect',
          {
            class: `segment ${spec.segmentClass(seg.key)}`,
            x: px(x(at)),
            y: top,
            width: px(Math.max(0.5, x(at + seg.value) - x(at))),
            height,
          },
          s('title', {}, seg.title ?? seg.key),
        ),
      );
      at += seg.value;
    }
    if (bar.capacity !== undefined) {
      if (bar.total > bar.capacity) {
        g.append(
          s('rect', {
            class: 'overflow',
            x: px(x(bar.capacity)),
            y: top - 2,
            width: px(x(bar.total) - x(bar.capacity)),
            height: height + 4,
          }),
        );
      }
      const cx = px(x(bar.capacity));
      g.append(s('line', { class: 'capacity', x1: cx, x2: cx, y1: top - 4, y2: top + height + 4 }));
    }
    g.append(
      s(
        'text',
        { class: 'bar-value', x: frame.width - frame.right + 6, y: top + height / 2, 'dominant-baseline': 'middle' },
        spec.valueLabel(bar),
      ),
    );
    svg.append(g);
  });
  return svg;
}
