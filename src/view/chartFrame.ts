/**
 * The accessible shell every chart shares: a <figure> with a caption, the SVG as one image with
 * a spoken summary, a visible legend and a visually-hidden data table carrying every number the
 * picture shows (screen readers cannot read a path).
 */
import { h, s, uid, type ViewElement } from './nodes';
import { markerPath, markerShape } from './markers';

/** Plot geometry in SVG user units. */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The SVG root of a chart, sized by its viewBox (CSS scales it to the column width). */
export function chartSvg(frame: Frame, label: string): ViewElement {
  return s('svg', {
    class: 'chart-svg',
    viewBox: `0 0 ${frame.width} ${frame.height}`,
    role: 'img',
    'aria-label': label,
    focusable: 'false',
  });
}

/** One legend entry: a swatch class and its text. */
export interface LegendItem {
  swatch: string;
  label: string;
  note?: string;
  /** A line series: the key shows its dash pattern and marker shape, not only its colour. */
  seriesIndex?: number;
}

/** A legend key for a line series: a short line in the series' dash pattern with its marker. */
export function lineSwatch(swatchClass: string, seriesIndex: number): ViewElement {
  return s(
    'svg',
    { class: `swatch-line ${swatchClass}`, viewBox: '0 0 26 10', focusable: 'false' },
    s('path', { class: 'line', d: 'M1 5 H25' }),
    s('path', {
      class: 'marker',
      'data-shape': markerShape(seriesIndex),
      d: markerPath(markerShape(seriesIndex), 13, 5, 3.5),
    }),
  );
}

/** A visible legend (hidden from screen readers: the data table says the same). */
export function legend(items: LegendItem[]): ViewElement {
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    ...items.map((i) =>
      h(
        'li',
        {},
        i.seriesIndex === undefined ? h('span', { class: `swatch ${i.swatch}` }) : lineSwatch(i.swatch, i.seriesIndex),
        i.label,
        i.note ? h('span', { class: 'note' }, ` ${i.note}`) : null,
      ),
    ),
  );
}

/**
 * The data behind a chart as a table only screen readers see. The wrapper is what is hidden: a
 * table box cannot shrink to 1 px, and changing its display would drop its table semantics.
 */
export function srTable(caption: string, head: string[], rows: string[][]): ViewElement {
  const table = h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      ...rows.map((r) => h('tr', {}, ...r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c))))),
    ),
  );
  return h('div', { class: 'sr-only' }, table);
}

/** Assembles a chart figure. */
export function chartFigure(
  title: string,
  svg: ViewElement,
  legendEl: ViewElement,
  table: ViewElement,
  extraClass = '',
): ViewElement {
  const id = uid('chart');
  return h(
    'figure',
    { class: `chart ${extraClass}`.trim(), 'aria-labelledby': id },
    h('figcaption', { id }, title),
    svg,
    legendEl,
    table,
  );
}
