import assert from 'node:assert/strict';
import { runCliCapture } from '../../../support/helpers';
import { deploymentYaml } from '../../../support/placements';

// Issue 12 item 8: `recommend` printed p95 when the SLO said p90.
describe('recommend uses the SLO percentile (issue 12 item 8)', () => {
  const text = deploymentYaml({
    workload:
      'inputTokens: 500\noutputTokens: 100\npeakRequestsPerSecond: 1\nslo: {ttftMs: 2000, tpotMs: 100, percentile: 90}',
    placements: ['name: a\ntype: cloud\nhardware: l4-24gb\ngpus: 1\nusdPerGpuHour: 1'],
  });

  it('text rows are headed p90 and JSON carries the p90 figures', async () => {
    const t = await runCliCapture(['recommend', 'a.deploy.yaml', '--limit', '2'], { 'a.deploy.yaml': text });
    assert.equal(t.code, 0);
    assert.match(t.stdout, /TTFT p90\s+TPOT p90/);
    assert.doesNotMatch(t.stdout, /p95/);
    const j = await runCliCapture(['recommend', 'a.deploy.yaml', '--limit', '2', '--format', 'json'], {
      'a.deploy.yaml': text,
    });
    const rec = JSON.parse(j.stdout).files[0].deployments[0].recommendations[0];
    assert.equal(rec.percentile, 90);
    assert.ok(
      rec.ttftAtSloMs <= rec.ttftP95Ms && rec.ttftAtSloMs !== rec.ttftP95Ms,
      `${rec.ttftAtSloMs} vs p95 ${rec.ttftP95Ms}`,
    );
  });
});
