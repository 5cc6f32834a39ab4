import assert from 'node:assert/strict';
import type { DeploymentReport } from '../../../src/core/report/types';
import { barAxis, costBars, costCategory, latencyChartData, memoryBars, p95At } from '../../../src/view/chartData';
import { loadUpdate } from '../support/comparisonUpdate';

describe('webview chart data', () => {
  const [assistant, summarizer] = loadUpdate().deployments as [DeploymentReport, DeploymentReport];

  it('caps the latency axis near the SLO and flags curves that leave it', () => {
    const ttft = latencyChartData(assistant, 'ttftMs');
    assert.equal(ttft.slo, 1000);
    assert.equal(ttft.peak, 6);
    assert.equal(ttft.y.max, 2500, '2.5 × SLO');
    assert.equal(ttft.x.max, 10);
    assert.deepEqual(
      ttft.series.map((s) => s.offScale),
      [false, false, true, false],
    );
    assert.equal(ttft.series[0]!.atPeak, 376.8, 'dc-h100 p95 at 6 req/s from its curve');
    assert.equal(ttft.series[2]!.atPeak, 9600, 'edge-orin saturates before peak: the report value');
  });

  it('drops saturated (infinite or null) points and flags the series', () => {
    const p0 = assistant.placements[0]!;
    const curve = p0.curve.map((c, i) =>
      i < 10 ? c : { ...c, ttftMs: { ...c.ttftMs, p95: i === 10 ? Infinity : (null as unknown as number) } },
    );
    const data = latencyChartData({ ...assistant, placements: [{ ...p0, curve }] }, 'ttftMs');
    assert.equal(data.series[0]!.points.length, 10);
    assert.equal(data.series[0]!.offScale, true);
    assert.ok(data.series[0]!.points.every((p) => Number.isFinite(p.high) && Number.isFinite(p.low)));
  });

  it('scales to the data when there is no SLO', () => {
    const noSlo: DeploymentReport = { ...assistant, workload: { ...assistant.workload, slo: { percentile: 95 } } };
    const data = latencyChartData(noSlo, 'tpotMs');
    assert.equal(data.slo, undefined);
    assert.ok(data.y.max > 0);
  });

  it('interpolates p95 between curve points and not outside', () => {
    const pts = [
      { x: 0, p50: 0, p95: 100, low: 0, high: 0 },
      { x: 2, p50: 0, p95: 200, low: 0, high: 0 },
    ];
    assert.equal(p95At(pts, 1), 150);
    assert.equal(p95At(pts, 2), 200);
    assert.equal(p95At(pts, 3), undefined);
    assert.equal(p95At([], 1), undefined);
  });

  it('gives hybrid placements one memory bar per part', () => {
    const bars = memoryBars(assistant);
    assert.deepEqual(
      bars.map((b) => b.label),
      ['dc-h100', 'hybrid-burst · on-prem', 'hybrid-burst · cloud', 'edge-orin', 'cloud-h100'],
    );
    assert.deepEqual(
      bars.map((b) => b.index),
      [0, 1, 1, 2, 3],
    );
    assert.deepEqual(
      bars[0]!.segments.map((s) => s.key),
      ['weights', 'kvCache', 'activations', 'runtime'],
    );
    assert.equal(bars[0]!.capacity, 79.2);
    assert.deepEqual(barAxis(bars), { max: 80, ticks: [0, 20, 40, 60, 80] });
    const laptop = memoryBars(summarizer)[1]!;
    assert.ok(laptop.total > laptop.capacity!, 'overflow is visible in the data');
  });

  it('groups cost items into categories with stable keys', () => {
    assert.equal(costCategory('GPU servers (capex / 36 mo)'), 'hardware');
    assert.equal(costCategory('Cloud GPU hours (burst)'), 'cloud');
    assert.equal(costCategory('Cloud server hours'), 'cloud');
    assert.equal(costCategory('Power × PUE 1.4'), 'power');
    assert.equal(costCategory('Egress'), 'network');
    assert.equal(costCategory('Rack, support, ops'), 'operations');
    assert.equal(costCategory('Insurance'), 'other');
    const { keys, bars } = costBars(assistant);
    assert.deepEqual(keys, ['hardware', 'cloud', 'power', 'network', 'operations']);
    assert.deepEqual(
      bars[1]!.segments.map((s) => [s.key, s.value]),
      [
        ['hardware', 1150],
        ['cloud', 1620],
        ['power', 190],
        ['network', 45],
      ],
    );
    assert.equal(bars[3]!.total, 11_800);
    const summ = costBars(summarizer);
    assert.deepEqual(
      summ.bars[1]!.segments.map((s) => s.key),
      ['power'],
      'zero items are not drawn',
    );
  });

  it('chart names show invisible and bidi characters as \\uXXXX (issue 13)', () => {
    const renamed = {
      ...assistant,
      placements: assistant.placements.map((p, i) => (i === 0 ? { ...p, name: 'dc\u202Eh100' } : p)),
    };
    assert.equal(latencyChartData(renamed, 'ttftMs').series[0]!.name, 'dc\\u202Eh100');
    assert.ok(memoryBars(renamed)[0]!.label.startsWith('dc\\u202Eh100'));
    assert.equal(costBars(renamed).bars[0]!.label, 'dc\\u202Eh100');
  });
});
