/**
 * Power on the premises per placement: the average draw as a bar, the busiest hour as a tick.
 * Cloud placements draw their power in the provider's data centre (priced in the hour rate), so
 * they have no bar, only "— (cloud)", as in the table. No band: the report carries none on power.
 */
import type { DeploymentReport } from '../core/report/types';
import type { StackedBar } from './chartData';
import { barAxis } from './chartData';
import { chartFigure, legend, srTable } from './chartFrame';
import { barChartSvg } from './barChart';
import { formatKw, round } from '../core/report/format';
import { showInvisible } from '../core/report/visible';
import type { ViewElement } from './nodes';

/** One bar per placement: average kW, and the peak hour's kW as its tick (none for cloud). */
function powerBars(d: DeploymentReport): StackedBar[] {
  return d.placements.map((p, index) => {
    const onPremises = p.type !== 'cloud';
    const average = onPremises ? p.power.averageKw : 0;
    return {
      label: showInvisible(p.name),
      index,
      segments: [{ key: 'average', value: average, title: `average ${formatKw(average)}` }],
      total: average,
      ...(onPremises && p.power.peakKw !== undefined ? { capacity: p.power.peakKw } : {}),
    };
  });
}

/** The power chart figure of one deployment, or null when no placement draws power on the premises. */
export function powerChart(d: DeploymentReport, dIndex: number): ViewElement | null {
  const bars = powerBars(d);
  if (!bars.some((b) => b.total > 0)) return null;
  const title = 'Power on the premises';
  const cloud = (i: number) => d.placements[i]?.type === 'cloud';
  const text = (b: StackedBar) =>
    cloud(b.index)
      ? '— (cloud)'
      : b.capacity !== undefined
        ? `${formatKw(b.total)} · peak ${formatKw(b.capacity)}`
        : formatKw(b.total);
  const svg = barChartSvg({
    label: `${title}, average and busiest hour. ${bars.map((b) => `${b.label}: ${text(b)}`).join('; ')}.`,
    dIndex,
    bars,
    axis: barAxis(bars),
    axisTitle: 'kW (average; tick: busiest hour)',
    segmentClass: () => 'power-average',
    tickFormat: (v) => round(v, v < 1 ? 2 : 1),
    valueLabel: text,
  });
  const items = [
    { swatch: 'power-average', label: 'Average' },
    { swatch: 'capacity-swatch', label: 'Busiest hour' },
  ];
  const rows = bars.map((b) => [
    b.label,
    cloud(b.index) ? '— (cloud)' : formatKw(b.total),
    cloud(b.index) || b.capacity === undefined ? '—' : formatKw(b.capacity),
  ]);
  const table = srTable(title, ['Placement', 'Average', 'Busiest hour'], rows);
  return chartFigure(title, svg, legend(items), table);
}
