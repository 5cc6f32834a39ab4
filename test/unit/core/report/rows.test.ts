import assert from 'node:assert/strict';
import type { DeploymentReport } from '../../../../src/core/report/types';
import { comparisonRows, latencyAtSlo, workloadSummary } from '../../../../src/core/report/rows';
import { loadUpdate } from '../../support/comparisonUpdate';

describe('webview comparison rows', () => {
  const [assistant, summarizer] = loadUpdate().deployments as [DeploymentReport, DeploymentReport];

  it('has one cell per placement in every row and judges latency against the SLO', () => {
    const rows = comparisonRows(assistant);
    for (const row of rows) assert.equal(row.cells.length, 4, row.id);
    const ttft = rows.find((r) => r.id === 'ttftP95')!;
    assert.equal(ttft.label, 'TTFT p95 (SLO p95 ≤ 1 s)');
    assert.deepEqual(
      ttft.cells.map((c) => c.status),
      ['pass', 'pass', 'fail', 'pass'],
    );
    assert.equal(ttft.cells[0]!.text, '377 ms (332–441 ms)');
    assert.deepEqual(
      rows.find((r) => r.id === 'memory')!.cells.map((c) => c.status),
      ['pass', 'pass', 'pass', 'pass'],
    );
    assert.equal(comparisonRows(summarizer).find((r) => r.id === 'memory')!.cells[1]!.status, 'fail');
  });

  it('states no latency for a placement that does not fit (it serves nothing)', () => {
    const rows = comparisonRows(summarizer);
    assert.equal(rows.find((r) => r.id === 'memory')!.cells[1]!.status, 'fail');
    for (const id of ['ttftP50', 'ttftP95', 'tpotP50', 'tpotP95'] as const) {
      const cells = rows.find((r) => r.id === id)!.cells;
      assert.equal(cells[1]!.text, '—', id);
      assert.notEqual(cells[0]!.text, '—', id);
    }
  });

  it('shows optional report fields only when some placement has them', () => {
    const ids = comparisonRows(assistant).map((r) => r.id);
    assert.ok(ids.includes('rtt') && ids.includes('burst') && ids.includes('monthlyTokens'));
    const rtt = comparisonRows(assistant).find((r) => r.id === 'rtt')!;
    assert.deepEqual(
      rtt.cells.map((c) => c.text),
      ['—', '18 ms', '—', '24 ms'],
    );
    const bare = comparisonRows(summarizer).map((r) => r.id);
    assert.ok(!bare.includes('rtt') && !bare.includes('burst') && !bare.includes('monthlyTokens'));
    assert.equal(comparisonRows(summarizer).find((r) => r.id === 'power')!.label, 'Average power');
    assert.equal(comparisonRows(assistant).find((r) => r.id === 'hardware')!.cells[0]!.text, 'NVIDIA H100 SXM5 80GB');
    assert.equal(comparisonRows(assistant).find((r) => r.id === 'devices')!.cells[2]!.text, '12 (12 sites)');
  });

  it('adds rows at the SLO percentile when it is neither p50 nor p95', () => {
    const p99: DeploymentReport = {
      ...assistant,
      workload: { ...assistant.workload, slo: { ttftMs: 1000, percentile: 99 } },
      placements: assistant.placements.map((p) => ({
        ...p,
        latency: { ...p.latency, ttftMs: { ...p.latency.ttftMs, atSlo: 1200 } },
      })),
    };
    const rows = comparisonRows(p99);
    const slo = rows.find((r) => r.id === 'ttftSlo')!;
    assert.equal(slo.label, 'TTFT p99 (SLO p99 ≤ 1 s)');
    assert.deepEqual(
      slo.cells.map((c) => c.status),
      ['fail', 'fail', 'fail', 'fail'],
    );
    assert.equal(
      rows.find((r) => r.id === 'ttftP95')!.cells[0]!.status,
      undefined,
      'p95 is not judged against a p99 SLO',
    );
    assert.equal(
      rows.find((r) => r.id === 'tpotSlo'),
      undefined,
      'no TPOT objective, no row',
    );
  });

  it('picks the percentile an SLO is stated at', () => {
    const p = { p50: 1, p95: 2, atSlo: 3 };
    assert.equal(latencyAtSlo(p, 50), 1);
    assert.equal(latencyAtSlo(p, 95), 2);
    assert.equal(latencyAtSlo(p, 99), 3);
    assert.equal(latencyAtSlo({ p50: 1, p95: 2 }, 99), 2);
  });

  it('summarises the workload', () => {
    assert.equal(
      workloadSummary(summarizer),
      '6,000 in / 400 out tokens · peak 2 req/s · average 0.8 req/s · SLO p95 TTFT ≤ 2 s, TPOT ≤ 80 ms',
    );
    assert.equal(
      workloadSummary({
        ...summarizer,
        workload: { inputTokens: 10, outputTokens: 5, concurrency: 8, slo: { percentile: 95 } },
      }),
      '10 in / 5 out tokens · 8 concurrent',
    );
  });
});
