/**
 * Latency vs load (req/s): one p95 line per placement with its uncertainty band, the SLO as a
 * horizontal line, the workload's peak as a vertical line with each placement's value marked.
 */
import type { DeploymentReport } from '../core/report/types';
import { latencyChartData, type LatencyMetric } from './chartData';
import { chartFigure, chartSvg, legend, srTable, type Frame } from './chartFrame';
import { valueGridX, valueGridY } from './axes';
import { s, uid, type ViewElement } from './nodes';
import { formatMs, formatMsRange, formatRate, round } from '../core/report/format';
import { bandPath, linearScale, linePath, px } from './scale';
import { markerPath, markerShape, spreadLabels } from './markers';

const FRAME: Frame = { width: 560, height: 280, left: 56, right: 14, top: 16, bottom: 34 };
const TITLES: Record<LatencyMetric, string> = {
  ttftMs: 'Time to first token (p95) vs load',
  tpotMs: 'Time per output token (p95) vs load',
};

/** The chart figure for one deployment and one latency metric. */
/** "281 ms at peak", or "unbounded at peak (overloaded)" for an overloaded placement. */
function atPeakText(ms: number): string {
  return ms === Infinity ? 'unbounded at peak (overloaded)' : `${formatMs(ms)} at peak`;
}

export function latencyChart(d: DeploymentReport, dIndex: number, metric: LatencyMetric): ViewElement {
  const data = latencyChartData(d, metric);
  const title = TITLES[metric];
  const x = linearScale([0, data.x.max], [FRAME.left, FRAME.width - FRAME.right]);
  const y = linearScale([0, data.y.max], [FRAME.height - FRAME.bottom, FRAME.top]);
  const summary = data.series
    .map((sr) => `${sr.name}: ${sr.atPeak === undefined ? 'no value at peak' : atPeakText(sr.atPeak)}`)
    .join('; ');
  const svg = chartSvg(FRAME, `${title}. ${data.slo !== undefined ? `SLO ${formatMs(data.slo)}. ` : ''}${summary}.`);

  const clipId = uid('clip');
  svg.append(
    s(
      'defs',
      {},
      s(
        'clipPath',
        { id: clipId },
        s('rect', {
          x: FRAME.left,
          y: FRAME.top,
          width: FRAME.width - FRAME.left - FRAME.right,
          height: FRAME.height - FRAME.top - FRAME.bottom,
        }),
      ),
    ),
    valueGridY(FRAME, data.y.ticks, y, formatMs),
    valueGridX(FRAME, data.x.ticks, x, (v) => round(v, 2), 'requests per second'),
  );

  const plot = s('g', { 'clip-path': `url(#${clipId})` });
  for (const sr of data.series) {
    const upper = sr.points.map((p) => [x(p.x), y(p.high)] as const);
    const lower = sr.points.map((p) => [x(p.x), y(p.low)] as const);
    const attrs = { 'data-d': dIndex, 'data-p': sr.index };
    plot.append(
      s('path', { ...attrs, class: `series band series-${sr.index % 6}`, d: bandPath(upper, lower) }),
      s('path', {
        ...attrs,
        class: `series line series-${sr.index % 6}`,
        d: linePath(sr.points.map((p) => [x(p.x), y(p.p95)] as const)),
      }),
    );
  }
  svg.append(plot);

  if (data.slo !== undefined) {
    const yy = px(y(data.slo));
    svg.append(
      s('line', { class: 'slo', x1: FRAME.left, x2: FRAME.width - FRAME.right, y1: yy, y2: yy }),
      s(
        'text',
        { class: 'slo-label', x: FRAME.width - FRAME.right - 4, y: Number(yy) - 5, 'text-anchor': 'end' },
        `SLO ${formatMs(data.slo)}`,
      ),
    );
  }
  if (data.peak !== undefined) {
    const xx = px(x(data.peak));
    svg.append(
      s('line', { class: 'peak', x1: xx, x2: xx, y1: FRAME.top, y2: FRAME.height - FRAME.bottom }),
      s('text', { class: 'peak-label', x: Number(xx) + 4, y: FRAME.top + 8 }, `peak ${formatRate(data.peak)}`),
    );
    for (const sr of data.series) {
      if (sr.atPeak === undefined || sr.atPeak > data.y.max) continue;
      svg.append(
        s('path', {
          class: `series marker series-${sr.index % 6}`,
          'data-d': dIndex,
          'data-p': sr.index,
          'data-shape': markerShape(sr.index),
          d: markerPath(markerShape(sr.index), x(data.peak), y(sr.atPeak), 4),
        }),
      );
    }
  }

  // Direct labels at each line's last on-scale point, so a series is named where it is drawn.
  const ends = data.series
    .map((sr) => ({ sr, end: [...sr.points].reverse().find((p) => p.p95 <= data.y.max) }))
    .filter((e): e is { sr: (typeof data.series)[number]; end: NonNullable<typeof e.end> } => e.end !== undefined);
  const labelYs = spreadLabels(
    ends.map((e) => y(e.end.p95) - 6),
    12,
    FRAME.top + 8,
    FRAME.height - FRAME.bottom - 4,
  );
  ends.forEach((e, k) =>
    svg.append(
      s(
        'text',
        {
          class: `series direct-label series-${e.sr.index % 6}`,
          'data-d': dIndex,
          'data-p': e.sr.index,
          x: px(Math.min(x(e.end.x), FRAME.width - FRAME.right) - 2),
          y: px(labelYs[k]!),
          'text-anchor': 'end',
        },
        e.sr.name,
      ),
    ),
  );

  const items = data.series.map((sr) => ({
    swatch: `series-${sr.index % 6}`,
    seriesIndex: sr.index,
    label: sr.name,
    note: [
      sr.atPeak !== undefined ? atPeakText(sr.atPeak) : '',
      sr.points.length === 0 ? 'no curve' : sr.offScale || (sr.atPeak ?? 0) > data.y.max ? 'off scale' : '',
    ]
      .filter(Boolean)
      .join(', '),
  }));
  const rows = data.series.flatMap((sr) =>
    sr.points.map((p) => [sr.name, formatRate(p.x), formatMs(p.p50), formatMs(p.p95), formatMsRange(p.low, p.high)]),
  );
  const table = srTable(
    `${title}${data.slo !== undefined ? `, SLO ${formatMs(data.slo)}` : ''}`,
    ['Placement', 'Load', 'p50', 'p95', 'p95 band'],
    rows,
  );
  return chartFigure(title, svg, legend(items), table);
}
