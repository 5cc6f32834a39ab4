/**
 * Strings from the user's file never become Markdown markup: no image (the Markdown preview and
 * hovers would fetch its URL — network access from opening a report), no link, no HTML, no table
 * break. Covers every Markdown surface: the CLI's markdown/report output and "Open Sizing Report"
 * (fileMarkdown), "Copy as Markdown" (comparisonMarkdown), the placement hover and "Explain
 * Estimate" (placementMarkdown, explainMarkdown) and the status-bar tooltip's escaping.
 */
import assert from 'node:assert/strict';
import { evaluateText, toFileReport } from '../../../../src/core/placements';
import { comparisonMarkdown, escapeCell, escapeMarkdown } from '../../../../src/core/report/markdown';
import { fileMarkdown } from '../../../../src/core/report/reportMarkdown';
import { explainMarkdown } from '../../../../src/extension/commands/explain';
import { placementMarkdown } from '../../../../src/extension/placementHover';
import { installFakeVscode } from '../../support/fakeVscode';

const INJECTION =
  '![x](https://e.invalid/a.png) <img src=https://e.invalid/b.png> [site](https://e.invalid) `code` *star* | pipe';
const YAML_VALUE = JSON.stringify(INJECTION); // a double-quoted YAML scalar

/** Markup that would render as an image, a link, HTML or a cell break. */
function markupIn(markdown: string): string[] {
  const found: string[] = [];
  if (/(?<!\\)!(?<!\\)\[/.test(markdown.replace(/\\\[/g, ''))) found.push('image');
  if (/(?<!\\)\]\(/.test(markdown)) found.push('link');
  if (/(?<!\\)<img/i.test(markdown)) found.push('html');
  if (/(?<!\\)`code/.test(markdown)) found.push('code span');
  if (/(?<!\\)\| pipe/.test(markdown)) found.push('cell break');
  return found;
}

function hostileDeployment(): string {
  return [
    'apiVersion: llm-sizing/v1',
    'kind: Deployment',
    `name: ${YAML_VALUE}`,
    `description: ${YAML_VALUE}`,
    'model: {id: llama-3.1-8b}',
    'workload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: 200, slo: {ttftMs: 500, tpotMs: 30}}',
    'constraints: {monthlyBudgetUsd: 10}',
    'placements:',
    `  - {name: ${YAML_VALUE}, type: on-prem, hardware: l4-24gb, gpus: 1, costs: {capexUsd: 4000}}`,
    '',
  ].join('\n');
}

describe('Markdown from file strings', () => {
  it('escapeMarkdown: images, links, HTML, code spans, emphasis and pipes are shown as written', () => {
    const escaped = escapeMarkdown(INJECTION);
    assert.deepEqual(markupIn(escaped), []);
    assert.equal(escaped.replace(/\\(.)/g, '$1'), INJECTION, 'removing the escapes gives the text back');
    assert.equal(escapeMarkdown('q4_k_m on h100-sxm-80gb'), 'q4_k_m on h100-sxm-80gb', 'identifiers stay readable');
    assert.equal(escapeMarkdown('_lead and trail_'), '\\_lead and trail\\_');
  });

  it('escaping is linear: a megabyte of whitespace in a description is escaped at once', () => {
    const started = performance.now();
    assert.equal(escapeCell(`${' '.repeat(1_000_000)}x`), 'x');
    assert.equal(escapeMarkdown(`a${' \t'.repeat(500_000)}\nb`), 'a b');
    // The old regex (/\s*[\r\n]+\s*/) took ~0.8 s for 40,000 spaces and grew with the square.
    assert.ok(performance.now() - started < 2_000, `${(performance.now() - started).toFixed(0)} ms`);
  });

  it('the sizing report, Copy as Markdown, the hover and Explain Estimate contain no markup from the file', () => {
    const evaluation = evaluateText(hostileDeployment());
    assert.deepEqual(
      evaluation.validation.findings.filter((f) => f.severity === 'error').map((f) => f.message),
      [],
    );
    const file = toFileReport('x.deploy.yaml', evaluation, { explain: true });
    const report = file.deployments[0]!;
    const placement = report.placements[0]!;
    assert.equal(placement.verdict, 'fail', 'the budget fails, so reasons (which quote names) are printed too');

    installFakeVscode();
    const surfaces = {
      'sizing report (detailed)': fileMarkdown(file, true),
      'Copy as Markdown': comparisonMarkdown('x.deploy.yaml', file.deployments),
      hover: placementMarkdown(placement, false),
      'Explain Estimate': explainMarkdown(report.name, placement),
    };
    for (const [surface, markdown] of Object.entries(surfaces)) {
      assert.ok(markdown.includes('e.invalid'), `${surface} still shows the text`);
      assert.deepEqual(
        markupIn(markdown),
        [],
        `${surface}:\n${markdown
          .split('\n')
          .filter((l) => l.includes('e.invalid'))
          .join('\n')}`,
      );
    }
  });
});
