/**
 * The side-by-side comparison: a real <table> (metrics as rows, placements as columns) so it is
 * navigable by screen readers as is. Column headers are buttons: click or Enter reveals the
 * placement in the editor; arrow keys move between them (keyboard.ts).
 */
import type { DeploymentReport, PlacementReport } from '../core/report/types';
import { h, srOnly, type ViewElement, type ViewNode } from './nodes';
import { memoryMiniBar } from './memoryChart';
import { lineSwatch } from './chartFrame';
import { comparisonRows, memoryParts, memoryText, roleText, type Cell, type Row } from '../core/report/rows';
import { showInvisible } from '../core/report/visible';

function headerCell(
  p: PlacementReport,
  d: DeploymentReport,
  dIndex: number,
  pIndex: number,
  tabbable: boolean,
  interactive: boolean,
): ViewElement {
  const recommended = p.name === d.recommended;
  // In a static report the header is text: a button that does nothing would mislead.
  const button = h(
    interactive ? 'button' : 'div',
    interactive
      ? {
          class: 'placement',
          type: 'button',
          'data-d': dIndex,
          'data-p': pIndex,
          tabindex: tabbable ? 0 : -1,
          title: `Show ${showInvisible(p.name)} in the editor`,
        }
      : { class: 'placement' },
    h('span', { class: 'key', 'aria-hidden': 'true' }, lineSwatch(`series-${pIndex % 6}`, pIndex)),
    h('span', { class: 'pname' }, showInvisible(p.name)),
    recommended
      ? h('span', { class: 'recommended', title: 'Cheapest placement that passes' }, '★', srOnly(' recommended'))
      : null,
    h('span', { class: 'ptype' }, p.type),
  );
  return h('th', { scope: 'col', class: 'col', 'data-d': dIndex, 'data-p': pIndex }, button);
}

function statusMark(cell: Cell): ViewNode[] {
  if (!cell.status) return [];
  return [
    h('span', { class: `mark ${cell.status}`, 'aria-hidden': 'true' }, cell.status === 'pass' ? '✓' : '✗'),
    srOnly(cell.status === 'pass' ? 'meets: ' : 'misses: '),
  ];
}

function verdictContent(p: PlacementReport): ViewNode[] {
  const badge = h('span', { class: `verdict ${p.verdict}` }, p.verdict === 'pass' ? '✓ Pass' : '✗ Fail');
  if (p.reasons.length === 0) return [badge];
  return [badge, h('ul', { class: 'reasons' }, ...p.reasons.map((r) => h('li', {}, r)))];
}

function memoryContent(p: PlacementReport, cell: Cell): ViewNode[] {
  const parts = memoryParts(p);
  return parts.map((part, i) =>
    h(
      'div',
      { class: 'mem' },
      memoryMiniBar(part.memory),
      h(
        'span',
        { class: 'mem-text' },
        ...(i === 0 ? statusMark(cell) : []),
        part.label ? `${part.label}: ` : '',
        memoryText(part.memory),
      ),
    ),
  );
}

/** Prefill and decode workers side by side (two blocks in one cell). */
function rolesContent(p: PlacementReport): ViewNode[] {
  if (!p.disaggregation) return ['—'];
  return [
    h(
      'div',
      { class: 'roles' },
      ...(['prefill', 'decode'] as const).map((role) =>
        h(
          'div',
          { class: 'role' },
          h('span', { class: 'role-name' }, role === 'prefill' ? 'Prefill' : 'Decode'),
          roleText(p, role),
        ),
      ),
    ),
  ];
}

function cellContent(row: Row, cell: Cell, p: PlacementReport): ViewNode[] {
  if (row.id === 'verdict') return verdictContent(p);
  if (row.id === 'memory') return memoryContent(p, cell);
  if (row.id === 'disaggregation') return rolesContent(p);
  return [...statusMark(cell), cell.text];
}

function assumptionsRow(d: DeploymentReport, dIndex: number, open: boolean): ViewElement {
  return h(
    'tr',
    { class: 'row-assumptions' },
    h('th', { scope: 'row' }, 'Assumptions'),
    ...d.placements.map((p, pIndex) =>
      h(
        'td',
        { 'data-d': dIndex, 'data-p': pIndex },
        p.assumptions.length === 0
          ? '—'
          : h(
              'details',
              { open },
              h('summary', {}, `${p.assumptions.length} assumption${p.assumptions.length === 1 ? '' : 's'}`),
              h('ul', {}, ...p.assumptions.map((a) => h('li', {}, a))),
            ),
      ),
    ),
  );
}

/**
 * The comparison table of one deployment; `selected` is the selected placement's index. Not
 * `interactive` (a static report): plain placement headers and the assumptions shown open, so a
 * printed report states them.
 */
export function comparisonTable(
  d: DeploymentReport,
  dIndex: number,
  selected: number | undefined,
  interactive = true,
): ViewElement {
  const tabbable = selected ?? 0;
  const rows = comparisonRows(d);
  return h(
    'table',
    { class: 'compare', 'aria-label': `Placements of ${showInvisible(d.name)} side by side` },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'corner' }, srOnly('Metric')),
        ...d.placements.map((p, i) => headerCell(p, d, dIndex, i, i === tabbable, interactive)),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          { class: `row-${row.id}` },
          h('th', { scope: 'row' }, row.label),
          ...row.cells.map((cell, i) =>
            h(
              'td',
              { 'data-d': dIndex, 'data-p': i, class: cell.status ? `status-${cell.status}` : undefined },
              ...cellContent(row, cell, d.placements[i]!),
            ),
          ),
        ),
      ),
      assumptionsRow(d, dIndex, !interactive),
    ),
  );
}
