/**
 * Monthly cost per placement, stacked by cost item (capex amortisation, power, cloud hours…),
 * with the $ per million output tokens beside each bar. The report carries no band on cost, so
 * none is drawn (the latency charts draw theirs).
 */
import type { ViewElement } from './nodes';
import type { DeploymentReport } from '../core/report/types';
import { barAxis, costBars, costCategoryLabel } from './chartData';
import { chartFigure, legend, srTable } from './chartFrame';
import { barChartSvg } from './barChart';
import { formatUsd, formatUsdCompact, formatUsdPerMillion } from '../core/report/format';
import { showInvisible } from '../core/report/visible';

/** The cost chart figure of one deployment. */
export function costChart(d: DeploymentReport, dIndex: number): ViewElement {
  const { keys, bars } = costBars(d);
  const title = 'Cost per month';
  const segmentClass = (key: string) => `cost-${key}`;
  const perMillion = (index: number) => d.placements[index]?.cost.usdPerMillionOutputTokens ?? NaN;
  const svg = barChartSvg({
    label: `${title}. ${bars.map((b) => `${b.label}: ${formatUsd(b.total)}`).join('; ')}.`,
    dIndex,
    bars,
    axis: barAxis(bars),
    axisTitle: 'USD per month',
    segmentClass,
    tickFormat: formatUsdCompact,
    valueLabel: (b) => `${formatUsd(b.total)} · ${formatUsdPerMillion(perMillion(b.index))}/M`,
  });
  const items = keys.map((key) => ({ swatch: segmentClass(key), label: costCategoryLabel(key) }));
  const rows = d.placements.map((p) => [
    showInvisible(p.name),
    formatUsd(p.cost.monthlyUsd),
    formatUsdPerMillion(p.cost.usdPerMillionOutputTokens),
    p.cost.breakdown.map((b) => `${b.item} ${formatUsd(b.monthlyUsd)}`).join('; '),
  ]);
  const table = srTable(title, ['Placement', 'Per month', 'Per million output tokens', 'Breakdown'], rows);
  return chartFigure(title, svg, legend(items), table);
}
