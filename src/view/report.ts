/**
 * The sizing report as one self-contained HTML file (`llm-sizing report --format html`), for a
 * decision document: the panel's comparison — the same table and the same charts, built by the
 * same view code — with the styles inlined, no script and no remote resource. It reads without
 * JavaScript, follows the reader's light or dark preference and prints on white.
 */
import type { FileReport } from '../core/report/types';
import { showInvisible } from '../core/report/visible';
import { deploymentSection } from './view';
import { h, resetUids, toHtml, type ViewElement } from './nodes';

/** No script, no fetch, no frame, no form: only the inline style sheet. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** What the page says about itself. */
export interface ReportPageInfo {
  /** The CSS inlined in `<style>`: the panel's styles followed by the report's (webview/report.css). */
  styles: string;
  /** "LLM Deployment Sizing 0.1.0": named under the title. */
  generator: string;
}

function diagnosticsTable(file: FileReport, fIndex: number): ViewElement | null {
  if (file.diagnostics.length === 0) return null;
  return h(
    'div',
    {
      class: 'table-scroll',
      role: 'region',
      tabindex: 0,
      'aria-label': `Problems in ${showInvisible(file.path)}`,
    },
    h(
      'table',
      { class: 'problems', id: `file-${fIndex}-problems` },
      h('caption', {}, `${file.diagnostics.length} problem${file.diagnostics.length === 1 ? '' : 's'}`),
      h('thead', {}, h('tr', {}, ...['Line', 'Severity', 'Code', 'Message'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        ...file.diagnostics.map((d) =>
          h(
            'tr',
            { class: `severity-${d.severity}` },
            h('td', {}, `${d.line}:${d.column}`),
            h('td', {}, d.severity),
            h('td', {}, h('code', {}, d.code)),
            h('td', {}, showInvisible(d.message)),
          ),
        ),
      ),
    ),
  );
}

function fileSection(file: FileReport, fIndex: number): ViewElement {
  const titleId = `file-${fIndex}`;
  return h(
    'section',
    { class: 'file-report', 'aria-labelledby': titleId },
    h('h2', { id: titleId, class: 'file-title' }, showInvisible(file.path)),
    diagnosticsTable(file, fIndex),
    file.deployments.length === 0 ? h('p', { class: 'empty' }, 'No deployment could be estimated.') : null,
    ...file.deployments.map((d, i) =>
      deploymentSection(d, i, undefined, { interactive: false, headingLevel: 3, idPrefix: `f${fIndex}-` }),
    ),
  );
}

/**
 * The whole HTML document: `lang`, a title, one `h1`, a `main` landmark with a section per file
 * (`h2`) and per deployment (`h3`). Every string from the user's files is escaped by `toHtml`.
 */
export function reportHtml(files: FileReport[], info: ReportPageInfo): string {
  resetUids();
  const names = files.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1));
  const title = `LLM deployment sizing report${names.length ? ` — ${showInvisible(names.join(', '))}` : ''}`;
  const body = h(
    'body',
    { class: 'report' },
    h(
      'header',
      { class: 'toolbar' },
      h(
        'div',
        { class: 'file' },
        h('h1', {}, 'LLM deployment sizing report'),
        h(
          'p',
          { class: 'path' },
          `${info.generator}. Estimates carry uncertainty bands; every default is listed under Assumptions.`,
        ),
      ),
    ),
    h(
      'main',
      {},
      files.length === 0 ? h('p', { class: 'empty' }, 'No files.') : null,
      ...files.map((f, i) => fileSection(f, i)),
    ),
  );
  // The page has no script and loads nothing (styles inline, charts inline SVG). The policy makes
  // that a guarantee: should a user's string ever slip past escaping, the browser runs no script
  // and fetches nothing from it.
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    `<title>${toHtml(title)}</title>`,
    `<style>${info.styles.replace(/<\/style/gi, '<\\/style')}</style>`,
    '</head>',
    toHtml(body),
    '</html>',
    '',
  ].join('\n');
}
