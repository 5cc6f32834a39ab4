/**
 * One number formatter for every message: a figure reads the same in a diagnostic, in the
 * report's reasons and in the comparison panel (issue #11: 999.7 ms printed "1000 ms" in
 * diagnostics but "1 s" in panels).
 */
import assert from 'node:assert/strict';
import { formatCount, formatMs } from '../../../../src/core/report/format';
import { comparisonRows } from '../../../../src/core/report/rows';
import { deploymentYaml, evaluate } from '../../support/placements';

describe('one number formatter for messages and panels', () => {
  const text = deploymentYaml({
    workload: 'inputTokens: 3500\noutputTokens: 200\npeakRequestsPerSecond: 0.2\nslo: {ttftMs: 999.7, percentile: 95}',
    placements: ['name: slow\ntype: on-prem\nhardware: l4-24gb\ngpus: 1'],
  });
  const evaluation = evaluate(text);
  const document = evaluation.documents[0]!;
  const placement = document.report.placements[0]!;
  const sloFinding = document.findings.find((f) => f.code === 'LLMS102');

  it('999.7 ms is "1 s" in the formatter the panels use', () => {
    assert.equal(formatMs(999.7), '1 s');
  });

  it('the SLO miss diagnostic and the panel write the 999.7 ms objective the same way', () => {
    assert.ok(sloFinding, `an LLMS102 finding (got ${document.findings.map((f) => f.code).join(', ')})`);
    assert.match(sloFinding.message, /exceeds SLO 1 s\b/);
    assert.doesNotMatch(sloFinding.message, /1000 ms/);
    assert.ok(
      placement.reasons.some((r) => r.includes('exceeds SLO 1 s')),
      placement.reasons.join(' | '),
    );
    const ttftRow = comparisonRows(document.report).find((r) => r.id === 'ttftP95');
    assert.ok(ttftRow, 'the panel has a TTFT p95 row');
    assert.match(ttftRow.label, /≤ 1 s\)/);
  });

  it('the measured TTFT in the diagnostic reads as in the panel cell', () => {
    const cell = comparisonRows(document.report).find((r) => r.id === 'ttftP95')!.cells[0]!.text;
    const inMessage = /TTFT p95 (\S+ m?s) exceeds/.exec(sloFinding!.message)?.[1];
    assert.ok(inMessage, sloFinding!.message);
    assert.equal(inMessage, formatMs(placement.latency.ttftMs.p95));
    assert.ok(cell.startsWith(inMessage), `panel "${cell}" vs diagnostic "${inMessage}"`);
  });
});

describe('formatCount groups digits as en-US Intl does (without Intl on the hot path)', () => {
  it('agrees with Intl.NumberFormat on edge cases and random values', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    const xs = [0, 1, 999, 999.5, 1000, 1234.4, 123456, 1234567, -1234, -0.2, 1e20, 2e21];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i++) xs.push((random() - 0.2) * 10 ** Math.floor(random() * 16));
    for (const x of xs) assert.equal(formatCount(x), intl.format(Math.round(x)), String(x));
  });
});
