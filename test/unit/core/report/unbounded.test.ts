/**
 * An overloaded placement's TTFT is unbounded (issue 12 item 11): it reads "unbounded: overloaded"
 * wherever it is shown, never a saturated replica's "11639 s"; JSON keeps the numbers and says so.
 */
import assert from 'node:assert/strict';
import { evaluateText } from '../../../../src/core/placements';
import { placementHeadline } from '../../../../src/core/report/headline';
import { comparisonRows } from '../../../../src/core/report/rows';
import { reportMarkdown } from '../../../../src/core/report/reportMarkdown';
import { runCliCapture } from '../../support/helpers';

const OVERLOADED = `apiVersion: llm-sizing/v1
kind: Deployment
name: busy
model: {id: llama-3.1-8b}
workload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: 40, slo: {ttftMs: 2000, tpotMs: 200}}
placements:
  - name: one-l40s
    type: on-prem
    hardware: l40s-48gb
    gpus: 1
  - name: eight-h100
    type: on-prem
    hardware: h100-sxm-80gb
    gpus: 8
`;

describe('an overloaded TTFT is "unbounded: overloaded"', () => {
  const d = evaluateText(OVERLOADED, {}).documents[0]!.report;
  const busy = d.placements.find((p) => p.name === 'one-l40s')!;
  const fine = d.placements.find((p) => p.name === 'eight-h100')!;

  it('the report flags it and keeps the numbers; the placement that keeps up is not flagged', () => {
    assert.equal(busy.latency.ttftMs.unbounded, true);
    assert.ok(busy.latency.ttftMs.p95 > 2000, `${busy.latency.ttftMs.p95}`);
    assert.equal(busy.latency.tpotMs.unbounded, undefined, 'TPOT of a saturated batch is finite');
    assert.equal(fine.latency.ttftMs.unbounded, undefined);
    assert.match(busy.reasons.join(' '), /overloaded: 40 req\/s exceeds/);
  });

  it('comparison rows (panel, Markdown), headline (CodeLens) and the detailed report say so, with no seconds figure', () => {
    const row = comparisonRows(d).find((r) => r.id === 'ttftP95')!;
    assert.deepEqual(row.cells[0], { text: 'unbounded: overloaded', status: 'fail' });
    assert.doesNotMatch(row.cells[1]!.text, /unbounded/);
    assert.equal(comparisonRows(d).find((r) => r.id === 'ttftP50')!.cells[0]!.text, 'unbounded: overloaded');
    assert.match(placementHeadline(busy), /TTFT p95 unbounded: overloaded · TPOT p95 \d/);
    const md = reportMarkdown([{ path: 'f.yaml', diagnostics: [], deployments: [d] }], true);
    assert.match(md, /Latency at peak: TTFT unbounded: overloaded; TPOT p50/);
  });

  it('the CLI text table and JSON', async () => {
    const text = await runCliCapture(['estimate', 'busy.deploy.yaml'], { 'busy.deploy.yaml': OVERLOADED });
    assert.match(text.stdout, /TTFT p95 \(≤ 2 s\) +unbounded: overloaded +\d+ ms/);
    assert.doesNotMatch(text.stdout, /TTFT p95 \(≤ 2 s\) +\d+ s/);
    const json = await runCliCapture(['estimate', 'busy.deploy.yaml', '--format', 'json'], {
      'busy.deploy.yaml': OVERLOADED,
    });
    const p = JSON.parse(json.stdout).files[0].deployments[0].placements[0];
    assert.equal(p.latency.ttftMs.unbounded, true);
    assert.equal(typeof p.latency.ttftMs.p95, 'number');
  });
});
