/**
 * The whole page for one state: toolbar, then per deployment its heading, the side-by-side
 * table and the charts. Rebuilt on every update; main.ts keeps scroll, focus and selection.
 */
import type { DeploymentReport } from '../core/report/types';
import type { UpdateMessage } from '../protocol/webview';
import { costChart } from './costChart';
import { powerChart } from './powerChart';
import { h, srOnly, type ViewElement, type ViewNode } from './nodes';
import { latencyChart } from './latencyChart';
import { memoryChart } from './memoryChart';
import { workloadSummary } from '../core/report/rows';
import { comparisonTable } from './table';
import { showInvisible } from '../core/report/visible';

/** A placement by position (what the DOM carries in data-d / data-p). */
export interface Position {
  d: number;
  p: number;
}

function toolbar(update: UpdateMessage | undefined): ViewElement {
  const path = update?.file.path ?? '';
  const base = path.slice(path.lastIndexOf('/') + 1);
  return h(
    'header',
    { class: 'toolbar' },
    h(
      'div',
      { class: 'file' },
      h('h1', {}, base ? `Placement comparison — ${base}` : 'Placement comparison'),
      path && path !== base ? h('span', { class: 'path' }, path) : null,
    ),
    h(
      'button',
      {
        class: 'button',
        id: 'copy-markdown',
        type: 'button',
        'data-focus-key': 'copy',
        disabled: !update?.deployments.length,
        title: 'Copy the comparison tables as Markdown',
      },
      'Copy as Markdown',
    ),
  );
}

/** How a deployment is drawn: in the panel (buttons, `h2`) or in a static report (no script, `h3`). */
export interface SectionOptions {
  /** Placement headers are buttons that reveal and select (the panel); plain text in a report. */
  interactive: boolean;
  /** The deployment heading's level: 2 under the panel's `h1`, 3 under a report's file `h2`. */
  headingLevel: 2 | 3;
  /** Prefix of element ids, unique per page (a report has several files). */
  idPrefix?: string;
}

const PANEL: SectionOptions = { interactive: true, headingLevel: 2 };

/** One deployment: heading, workload, the side-by-side table and the charts. */
export function deploymentSection(
  d: DeploymentReport,
  dIndex: number,
  selected: number | undefined,
  options: SectionOptions = PANEL,
): ViewElement {
  const titleId = `${options.idPrefix ?? ''}deployment-${dIndex}`;
  const hasCurves = d.placements.some((p) => p.curve.length > 0);
  return h(
    'section',
    { class: 'deployment', 'data-d': dIndex, 'aria-labelledby': titleId },
    h(
      `h${options.headingLevel}`,
      { id: titleId, class: 'deployment-title' },
      showInvisible(d.name),
      srOnly(', model '),
      h('span', { class: 'model' }, d.model),
    ),
    d.description ? h('p', { class: 'description' }, d.description) : null,
    h('p', { class: 'workload' }, workloadSummary(d)),
    d.placements.length === 0
      ? h('p', { class: 'empty' }, 'This deployment has no placements.')
      : h(
          'div',
          {
            class: 'table-scroll',
            'data-scroll-key': `table-${dIndex}`,
            role: 'region',
            tabindex: 0,
            'aria-label': `${showInvisible(d.name)}: comparison table`,
          },
          comparisonTable(d, dIndex, selected, options.interactive),
        ),
    d.placements.length === 0
      ? null
      : h(
          'div',
          { class: 'charts' },
          hasCurves ? latencyChart(d, dIndex, 'ttftMs') : null,
          hasCurves ? latencyChart(d, dIndex, 'tpotMs') : null,
          memoryChart(d, dIndex),
          costChart(d, dIndex),
          powerChart(d, dIndex),
        ),
  );
}

/** Everything inside #app for the current update and selection. */
export function renderPage(update: UpdateMessage | undefined, selected: Position | undefined): ViewNode[] {
  if (!update) {
    return [
      toolbar(undefined),
      h('p', { class: 'empty' }, 'Open a deployment file (*.deploy.yaml) and save it to compare its placements.'),
    ];
  }
  if (update.deployments.length === 0)
    return [toolbar(update), h('p', { class: 'empty' }, 'No deployments in this file.')];
  return [
    toolbar(update),
    h(
      'main',
      {},
      ...update.deployments.map((d, i) => deploymentSection(d, i, selected?.d === i ? selected.p : undefined)),
    ),
  ];
}
