/**
 * Figures that do not exist are not shown as numbers: a placement that does not fit has no latency
 * or throughput, and a placement read from a manifest has no cost or power (the manifest states
 * neither). Every surface says "—" instead of "0 ms" or "$0".
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateText } from '../../../src/core/placements';
import { placementHeadline } from '../../../src/core/report/headline';
import { comparisonRows } from '../../../src/core/report/rows';
import { placementMarkdown } from '../../../src/extension/placementHover';
import { ROOT } from '../support/helpers';

const TOO_BIG = `apiVersion: llm-sizing/v1
kind: Deployment
name: too-big
model: {id: llama-3.3-70b, weights: bf16}
workload: {inputTokens: 1500, outputTokens: 350, peakRequestsPerSecond: 2}
placements:
  - name: one-4090
    type: on-prem
    hardware: rtx-4090-24gb
    gpus: 1
  - name: four-h100
    type: on-prem
    hardware: h100-sxm-80gb
    gpus: 4
    parallelism: {tensor: 4}
  - name: burst-to-one-gpu
    type: hybrid
    onPrem: {hardware: h100-sxm-80gb, gpus: 4, engine: vllm, parallelism: {tensor: 4}}
    cloud: {hardware: h100-sxm-80gb, gpus: 1, engine: vllm, usdPerGpuHour: 3.5}
`;

describe('figures that do not exist read "—"', () => {
  it('a placement that does not fit: no latency or throughput in the headline, the hover or the tables', () => {
    const d = evaluateText(TOO_BIG, { curve: false }).documents[0]!.report;
    const small = d.placements.find((p) => p.name === 'one-4090')!;
    assert.equal(small.memory.fits, false);
    assert.match(placementHeadline(small), /TTFT p95 — · TPOT p95 — · — tok\/s/);
    const hover = placementMarkdown(small, false);
    assert.match(hover, /\| TTFT p50 \/ p95 \| — \(does not fit\) \|/);
    assert.match(hover, /\| throughput \| — \(does not fit\) \|/);
    assert.doesNotMatch(hover, /\| TTFT p50 \/ p95 \| 0 ms/);
    const ttft = comparisonRows(d).find((r) => r.id === 'ttftP95')!;
    assert.equal(ttft.cells[0]!.text, '—');
    assert.notEqual(ttft.cells[1]!.text, '—');
    // A hybrid whose cloud part does not fit serves nothing either: no "0 ms" in its headline.
    const hybrid = d.placements.find((p) => p.name === 'burst-to-one-gpu')!;
    assert.equal(hybrid.memory.fits, true);
    assert.equal(hybrid.parts?.[1]?.memory.fits, false);
    assert.match(placementHeadline(hybrid), /TTFT p95 — · TPOT p95 — · — tok\/s/);
    assert.equal(ttft.cells[2]!.text, '—');
  });

  it('a manifest placement: no cost or power in the headline, the hover or the tables', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/manifests/corpus/llmd-pd-role-labels.yaml'), 'utf8');
    const reports = evaluateText(text, { curve: false }).documents.map((x) => x.report);
    const d = reports.find((r) => r.placements.some((p) => p.disaggregation))!;
    for (const p of d.placements) {
      assert.ok(p.manifest, p.name);
      assert.doesNotMatch(placementHeadline(p), /\/mo/, p.name);
      const hover = placementMarkdown(p, false);
      assert.match(hover, /\| cost \| — \(manifest\) \|/);
      assert.match(hover, /\| power \| — \(manifest\) \|/);
    }
    const rows = comparisonRows(d);
    for (const id of ['monthly', 'perMillion', 'power'] as const)
      assert.deepEqual(
        rows.find((r) => r.id === id)!.cells.map((c) => c.text),
        d.placements.map(() => '— (manifest)'),
        id,
      );
  });
});
