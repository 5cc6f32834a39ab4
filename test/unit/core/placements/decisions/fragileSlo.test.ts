import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateText } from '../../../../../src/core/placements';
import { examplePath } from '../../../support/helpers';

// Issue 12 item 7: `gpus: auto` with an objective barely above the unloaded latency asked for a
// huge number of GPUs without a word of warning.
const FILE = (tpotMs: number) => `apiVersion: llm-sizing/v1
kind: Deployment
name: x
model: {id: qwen3-32b}
workload: {inputTokens: 1500, outputTokens: 350, peakRequestsPerSecond: 6, slo: {ttftMs: 1500, tpotMs: ${tpotMs}}}
placements:
  - {name: a, type: on-prem, hardware: l40s-48gb, gpus: auto, parallelism: {tensor: 2}}
`;

describe('a fragile SLO is said, with what a looser one needs (issue 12 item 7)', () => {
  it('TPOT ≤ 56 ms against an unloaded ~49 ms on 2× L40S: LLMS109 with the unloaded latency and the GPUs at 70 ms', () => {
    const e = evaluateText(FILE(56), {});
    const solved = e.findings.find((f) => f.code === 'LLMS106')!;
    const gpus = Number(/auto → (\d+)/.exec(solved.message)![1]);
    assert.ok(gpus >= 40, `${gpus} GPUs`);
    const fragile = e.findings.find((f) => f.code === 'LLMS109');
    assert.ok(fragile, e.findings.map((f) => `${f.code} ${f.message}`).join('\n'));
    assert.equal(fragile.severity, 'warning');
    const m =
      /TPOT p95 ≤ 56 ms is only [\d.]+% above the unloaded TPOT p95 of (\d+) ms .* each of the (\d+) replicas .* With TPOT p95 ≤ 70 ms it needs (\d+) GPUs instead of (\d+)\./.exec(
        fragile.message,
      );
    assert.ok(m, fragile.message);
    assert.ok(Number(m[1]) > 45 && Number(m[1]) < 60, `unloaded ${m[1]} ms`);
    assert.equal(Number(m[4]), gpus);
    assert.ok(Number(m[3]) < gpus / 2, `looser: ${m[3]} GPUs`);
    assert.deepEqual(
      fragile.related?.map((r) => r.message),
      ['TPOT objective 56 ms'],
    );
  });

  it('a comfortable objective (80 ms) and the README example get no warning', () => {
    assert.ok(!evaluateText(FILE(80), {}).findings.some((f) => f.code === 'LLMS109'));
    const readme = evaluateText(readFileSync(examplePath('chat-assistant'), 'utf8'), {});
    assert.ok(!readme.findings.some((f) => f.code === 'LLMS109'));
  });
});
