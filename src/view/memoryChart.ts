/**
 * Memory per GPU: weights / KV cache / activations / runtime stacked against the GPU's capacity,
 * one bar per placement (per part for hybrids). Also the compact bar of the comparison table.
 */
import type { DeploymentReport, MemoryReport } from '../core/report/types';
import { barAxis, memoryBars, MEMORY_KEYS } from './chartData';
import { chartFigure, legend, srTable } from './chartFrame';
import { barChartSvg } from './barChart';
import { s, type ViewElement } from './nodes';
import { formatGiB, round } from '../core/report/format';
import { memoryText } from '../core/report/rows';
import { px } from './scale';

const SEGMENT_CLASS: Record<string, string> = {
  weights: 'mem-weights',
  kvCache: 'mem-kv',
  activations: 'mem-act',
  runtime: 'mem-runtime',
};
const segmentClass = (key: string) => SEGMENT_CLASS[key] ?? '';

/** The memory chart figure of one deployment. */
export function memoryChart(d: DeploymentReport, dIndex: number): ViewElement {
  const bars = memoryBars(d);
  const title = 'Memory per GPU vs capacity';
  const summary = bars
    .map(
      (b) =>
        `${b.label}: ${round(b.total, 1)} of ${formatGiB(b.capacity ?? 0)}${b.capacity !== undefined && b.total > b.capacity ? ', does not fit' : ''}`,
    )
    .join('; ');
  const svg = barChartSvg({
    label: `${title}. ${summary}.`,
    dIndex,
    bars,
    axis: barAxis(bars),
    axisTitle: 'GiB per GPU',
    segmentClass,
    tickFormat: (v) => round(v, 1),
    valueLabel: (b) => `${round(b.total, 1)} / ${round(b.capacity ?? 0, 1)}`,
  });
  const items = [
    ...MEMORY_KEYS.map(([key, label]) => ({ swatch: segmentClass(key), label })),
    { swatch: 'capacity-swatch', label: 'Capacity' },
  ];
  const rows = bars.map((b) => [
    b.label,
    ...b.segments.map((seg) => formatGiB(seg.value)),
    formatGiB(b.total),
    formatGiB(b.capacity ?? 0),
  ]);
  const table = srTable(title, ['Placement', ...MEMORY_KEYS.map(([, label]) => label), 'Total', 'Capacity'], rows);
  return chartFigure(title, svg, legend(items), table);
}

/** The compact bar in the table cell: proportions only, the numbers are the text beside it. */
export function memoryMiniBar(m: MemoryReport): ViewElement {
  const g = m.perGpuGiB;
  const scale = Math.max(g.total, g.capacity) || 1;
  const svg = s('svg', {
    class: 'mini-bar',
    viewBox: '0 0 100 8',
    preserveAspectRatio: 'none',
    'aria-hidden': 'true',
    focusable: 'false',
  });
  let at = 0;
  for (const [key] of MEMORY_KEYS) {
    const w = (g[key] / scale) * 100;
    if (w > 0)
      svg.append(s('rect', { class: `segment ${segmentClass(key)}`, x: px(at), y: 0, width: px(w), height: 8 }));
    at += w;
  }
  svg.append(s('rect', { class: 'mini-capacity', x: 0, y: 0, width: px((g.capacity / scale) * 100), height: 8 }));
  svg.append(s('title', {}, memoryText(m)));
  return svg;
}
