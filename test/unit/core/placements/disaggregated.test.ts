/**
 * Disaggregated placements (issue 20) through the whole pipeline: the searched layout's finding and
 * the fix that writes it (pasted back, the same layout and numbers), a role that cannot hold its
 * model located on that role, and the JSON fields the contract names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateText } from '../../../../src/core/placements';
import { ROOT, applyEdits } from '../../support/helpers';
import constants from '../../../../src/core/estimate/disaggregation.json';

const example = readFileSync(join(ROOT, 'examples', 'long-context-disaggregated.deploy.yaml'), 'utf8');
const placement = (text: string, name: string) =>
  evaluateText(text, { curve: false }).documents[0]!.report.placements.find((p) => p.name === name)!;

describe('placements: disaggregated', () => {
  it("a placement that names no KV connector gets its engine's: SGLang's Mooncake (its default backend), vLLM's NIXL — with each one's transfer and path cost", () => {
    const searched = (engine: string) =>
      placement(
        example.replace(
          /(- name: split-searched\n(?:.*\n)*?\s+engine: )vllm/,
          (_m, head: string) => `${head}${engine}`,
        ),
        'split-searched',
      );
    const sglang = searched('sglang');
    const vllm = searched('vllm');
    assert.equal(sglang.disaggregation?.kvTransfer.connector, 'mooncake');
    assert.equal(vllm.disaggregation?.kvTransfer.connector, 'nixl');
    assert.ok(
      sglang.assumptions.some((a) => /KV transfer \(mooncake over infiniband/.test(a)),
      sglang.assumptions.join('\n'),
    );
    const adds = (ms: number) => (a: string) => a.startsWith(`the disaggregated path adds ${ms} ms to every TTFT`);
    assert.ok(sglang.assumptions.some(adds(constants.pathTtftMs.byConnector.mooncake)));
    assert.ok(vllm.assumptions.some(adds(constants.pathTtftMs.default)));
  });

  it('disaggregation: auto → LLMS106 with the searched layout; its fix writes it, and the written layout estimates the same', () => {
    const result = evaluateText(example, { curve: false });
    const before = placement(example, 'split-searched');
    assert.equal(before.disaggregation?.auto, true);
    const info = result.findings.find(
      (f) =>
        f.code === 'LLMS106' &&
        f.message.startsWith('disaggregation: auto →') &&
        example.slice(f.range.start, f.range.end) === 'auto' &&
        f.range.start < example.indexOf('name: aggregated'),
    );
    assert.ok(info?.fixes?.length, JSON.stringify(result.findings.map((f) => f.message)));
    const fixed = applyEdits(example, info.fixes[0]!.edits);
    assert.match(
      fixed,
      /disaggregation: \{prefill: \{workers: \d+, gpus: \d+, parallelism: \{tensor: \d+\}\}, decode: /,
    );
    const after = placement(fixed, 'split-searched');
    assert.equal(after.disaggregation?.auto, false);
    assert.equal(after.disaggregation?.headline, before.disaggregation!.headline);
    assert.equal(after.latency.ttftMs.p95, before.latency.ttftMs.p95);
    assert.equal(after.cost.monthlyUsd, before.cost.monthlyUsd);
    assert.ok(
      !evaluateText(fixed, { curve: false }).findings.some((f) => f.code === 'LLMS063' || f.code === 'LLMS064'),
    );
  });

  it('the JSON fields: disaggregation {prefill, decode, kvTransfer}, aggregatedAlternative, disaggregationGain', () => {
    const p = placement(example, 'split-searched');
    const d = p.disaggregation!;
    for (const role of [d.prefill, d.decode]) {
      assert.ok(role.workers >= 1 && role.gpus >= 1 && role.requestsPerSecond > 0);
      assert.equal(role.gpus, role.parallelism.tensor * role.parallelism.pipeline * role.parallelism.data);
    }
    assert.equal(p.gpus, d.prefill.workers * d.prefill.gpus + d.decode.workers * d.decode.gpus);
    assert.ok(d.kvTransfer.bytesPerRequest > 0 && d.kvTransfer.ms > 0 && d.kvTransfer.linkUtilization > 0);
    // Llama 3.3 70B, FP8 KV: 2 × 8 heads × 128 × 80 layers = 160 KiB per token; 12,000 tokens.
    assert.equal(d.kvTransfer.bytesPerRequest, 12000 * 2 * 8 * 128 * 80);
    assert.equal(p.aggregatedAlternative!.gpus <= p.gpus, true);
    const g = p.disaggregationGain!;
    assert.ok(g.low <= g.ratio && g.ratio <= g.high && /goodput per GPU/.test(g.headline));
  });

  it('a role that cannot hold the model is a finding on that role', () => {
    const tiny = example
      .replace(
        'prefill: {workers: 4, gpus: 2, parallelism: {tensor: 2}}\n      decode: {workers: 2, gpus: 4, parallelism: {tensor: 4}}',
        'prefill: {workers: 12, gpus: 1, parallelism: {tensor: 1}}\n      decode: {workers: 1, gpus: 4, parallelism: {tensor: 4}}',
      )
      .replace('model:\n  id: llama-3.3-70b\n  weights: fp8', 'model:\n  id: llama-3.3-70b\n  weights: bf16');
    assert.notEqual(tiny, example);
    const result = evaluateText(tiny, { curve: false });
    const p = result.documents[0]!.report.placements.find((x) => x.name === 'split-half-half')!;
    assert.equal(p.verdict, 'fail');
    assert.ok(
      p.reasons.some((r) => r.startsWith('prefill workers do not fit')),
      p.reasons.join('; '),
    );
    const f = result.findings.find((x) => x.code === 'LLMS101' && x.message.startsWith('prefill workers do not fit'));
    assert.ok(f);
    assert.equal(tiny.slice(f.range.start, f.range.end), '1', "on the prefill workers' gpus");
  });
});
