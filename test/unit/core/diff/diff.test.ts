import assert from 'node:assert/strict';
import { diffReports } from '../../../../src/core/diff/compare';
import { diffMarkdown, DIFF_COMMENT_MARKER, percentText } from '../../../../src/core/diff/render';
import { summarizeDiff, summaryLine } from '../../../../src/core/diff/summary';
import { parseThresholds } from '../../../../src/core/diff/thresholds';
import { evaluateText, toFileReport } from '../../../../src/core/placements';
import type { FileReport } from '../../../../src/core/report/types';

/** A deployment with one small and one big placement, at a given peak load and TPOT SLO. */
const DEPLOYMENT = (peak: number, tpot = 40, extra = '') => `apiVersion: llm-sizing/v1
kind: Deployment
name: chat
model: {id: llama-3.1-8b}
workload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: ${peak}, slo: {ttftMs: 2000, tpotMs: ${tpot}}}
placements:
  - name: one-l40s
    type: on-prem
    hardware: l40s-48gb
    gpus: 1
  - name: two-h100
    type: on-prem
    hardware: h100-sxm-80gb
    gpus: 2
${extra}`;

function report(text: string, path = 'a.deploy.yaml'): FileReport[] {
  return [toFileReport(path, evaluateText(text, { forceDeployment: true }))];
}

describe('sizing diff (core)', () => {
  it('the same file twice: nothing changed, nothing worse', () => {
    const r = report(DEPLOYMENT(2));
    const summary = summarizeDiff(diffReports(r, report(DEPLOYMENT(2))));
    assert.equal(summary.worse, false);
    assert.equal(summary.unchanged, 2);
    assert.equal(summaryLine(summary), 'no sizing changes (2 placements unchanged)');
  });

  it('more load makes the one-GPU placement fail: it is named as now failing with the figure that moved', () => {
    const before = report(DEPLOYMENT(1));
    const after = report(DEPLOYMENT(20));
    assert.equal(before[0]!.deployments[0]!.placements[0]!.verdict, 'pass');
    assert.equal(after[0]!.deployments[0]!.placements[0]!.verdict, 'fail');
    const diff = diffReports(before, after);
    const summary = summarizeDiff(diff);
    assert.equal(summary.worse, true);
    assert.deepEqual(
      summary.newlyFailing.map((p) => p.placement),
      ['one-l40s'],
    );
    const tpot = summary.newlyFailing[0]!.figures.find((f) => f.metric === 'tpot')!;
    assert.ok(tpot.visible && tpot.worse && tpot.change > 0);
    const md = diffMarkdown(diff, summary);
    assert.ok(md.startsWith(`${DIFF_COMMENT_MARKER}\n### LLM sizing: worse: 1 placement now failing`), md);
    assert.match(md, /\*\*Now failing\*\*\n\n- chat \/ \*\*one-l40s\*\*: .*TPOT p95 \d+(\.\d)? ms → \d+ ms \(\+\d+%\)/);
    assert.match(md, /<details><summary>/);
  });

  it('added and removed placements and deployments are listed', () => {
    const extra = '  - name: two-l40s\n    type: on-prem\n    hardware: l40s-48gb\n    gpus: 2\n';
    const diff = diffReports(report(DEPLOYMENT(1)), report(DEPLOYMENT(1, 40, extra)));
    const s = summarizeDiff(diff);
    assert.deepEqual(
      s.added.map((p) => p.placement),
      ['two-l40s'],
    );
    assert.equal(s.unchanged, 2);
    const removed = diffReports(report(DEPLOYMENT(1)), report(DEPLOYMENT(1).replace('name: chat', 'name: chat2')));
    assert.deepEqual(
      removed.deployments.map((d) => `${d.deployment}:${d.status}`),
      ['chat2:added', 'chat:removed'],
    );
    assert.equal(summarizeDiff(removed).removed.length, 2);
    assert.equal(summarizeDiff(removed).worse, false);
  });

  it('thresholds: cost+10% is crossed by more GPUs, not by the same file; bad specs are refused', () => {
    // 2 → 10 H100 SXM: a second 8-GPU server (2 → 4 would stay within the one server bought).
    const more = DEPLOYMENT(1).replace('gpus: 2', 'gpus: 10');
    const diff = diffReports(report(DEPLOYMENT(1)), report(more));
    const s = summarizeDiff(diff, parseThresholds('cost+10%, tpot+20%'));
    assert.equal(s.worse, true);
    assert.deepEqual(
      s.crossings.map((c) => `${c.placement.placement} ${c.threshold.spec}`),
      ['two-h100 cost+10%'],
    );
    assert.ok(s.crossings[0]!.after > s.crossings[0]!.before * 1.9);
    assert.equal(summarizeDiff(diff, parseThresholds('cost+150%')).crossings.length, 0);
    assert.equal(summarizeDiff(diff, parseThresholds('cost+1000')).crossings.length, 1, '+$1,000/month absolute');
    assert.equal(
      summarizeDiff(diff, parseThresholds('cost+11000')).crossings.length,
      0,
      'the rise is about $10,200/month (a second server: GPUs, server, network, energy)',
    );
    assert.throws(() => parseThresholds('price+10%'), /metrics: memory, ttft, tpot/);
    assert.throws(() => parseThresholds('cost10%'), /METRIC\+N%/);
  });

  it('a figure that moves below display precision is not a change', () => {
    const diff = diffReports(report(DEPLOYMENT(1)), report(DEPLOYMENT(1.0000001)));
    assert.equal(summarizeDiff(diff).changed.length, 0);
    assert.equal(percentText(12.34), '+12%');
    assert.equal(percentText(-3.21), '−3.2%');
  });

  it('an SLO at p90 is compared at p90', () => {
    const p90 = (peak: number) => DEPLOYMENT(peak).replace('tpotMs: 40}', 'tpotMs: 40, percentile: 90}');
    const diff = diffReports(report(p90(1)), report(p90(3)));
    const p = diff.placements[0]!;
    assert.equal(p.after!.percentile, 90);
    assert.match(diffMarkdown(diff, summarizeDiff(diff)), /p90 /);
  });
});
