/**
 * Tensor and expert parallel beyond one NVLink domain (issue 20 item 2): the all-reduce of a
 * tensor group that spans nodes pays the network's latency and bandwidth, the wide-EP all-to-all's
 * remote share the network's bandwidth, both at the placement's `network` when it is written; the
 * estimate says so in its assumptions. Within one node the network changes nothing.
 */
import assert from 'node:assert/strict';
import { resolveOrThrow } from '../../support/resolved';
import { estimate, type ResolveInput } from '../../../../src/core/estimate';
import { evaluateText } from '../../../../src/core/placements';
import { expertImbalance } from '../../../../src/core/estimate/timing';

/** Llama 3.1 405B FP8 on vLLM, tensor parallel over `gpus`, unless `extra` says otherwise. */
function requestOf(extra: Partial<ResolveInput> & { hardware: string; gpus: number }) {
  return resolveOrThrow({
    model: 'llama-3.1-405b',
    engine: 'vllm',
    weights: 'fp8',
    parallelism: { tensor: extra.gpus },
    workload: { inputTokens: 2000, outputTokens: 200, concurrency: 16 },
    ...extra,
  });
}

const run = (extra: Parameters<typeof requestOf>[0]) => estimate(requestOf(extra));

const tpot = (e: ReturnType<typeof run>) => e.latency.tpotMs.p50.value;

describe('estimator: tensor and expert parallel across nodes', () => {
  it('TP 8 inside one HGX node: the network neither slows it nor appears in the assumptions', () => {
    const fast = run({ hardware: 'h100-sxm-80gb', gpus: 8, networkGbpsPerGpu: 400 });
    const slow = run({ hardware: 'h100-sxm-80gb', gpus: 8, networkGbpsPerGpu: 25 });
    assert.equal(tpot(fast), tpot(slow));
    assert.ok(!fast.assumptions.some((a) => /spans/.test(a)));
  });

  it('TP 16 over two HGX nodes pays the network: 20 µs per all-reduce, slower at 100 than at 400 Gb/s, and says so', () => {
    const at400 = run({ hardware: 'h100-sxm-80gb', gpus: 16, networkGbpsPerGpu: 400 });
    const at100 = run({ hardware: 'h100-sxm-80gb', gpus: 16, networkGbpsPerGpu: 100 });
    const defaulted = run({ hardware: 'h100-sxm-80gb', gpus: 16 });
    assert.ok(tpot(at100) > tpot(at400) * 1.05, `${tpot(at100)} vs ${tpot(at400)}`);
    assert.equal(tpot(defaulted), tpot(at400));
    const note = at100.assumptions.find((a) => /spans 2 NVLink domains of 8 GPUs/.test(a));
    assert.ok(note && /100 Gb\/s per GPU/.test(note) && /20 µs/.test(note), JSON.stringify(at100.assumptions));
    assert.ok(defaulted.assumptions.some((a) => /one 400 Gb\/s NIC per GPU/.test(a)));
  });

  it('wide expert parallel over 32 GPUs: the all-to-all slows decode on a slower network', () => {
    const base = {
      model: 'deepseek-r1',
      hardware: 'h200-sxm-141gb',
      gpus: 32,
      weights: 'fp8',
      parallelism: { tensor: 1, data: 32, expert: 32 },
      workload: { inputTokens: 2000, outputTokens: 500, concurrency: 1024 },
    };
    const fast = run({ ...base, networkGbpsPerGpu: 400 });
    const slow = run({ ...base, networkGbpsPerGpu: 100 });
    assert.ok(tpot(slow) > tpot(fast) * 1.1, `${tpot(slow)} vs ${tpot(fast)}`);
    assert.ok(slow.assumptions.some((a) => /expert parallel over 32 GPUs spans 4 NVLink domains/.test(a)));
  });

  it('expert load imbalance: the busiest of G ranks gets about m + √(2·m·ln G) pairs; → 1 for long prompts, 1 without EP', () => {
    const wide = requestOf({
      model: 'deepseek-r1',
      hardware: 'h200-sxm-141gb',
      engine: 'sglang',
      gpus: 72,
      parallelism: { tensor: 1, data: 72, expert: 72 },
      workload: { inputTokens: 1000, outputTokens: 100, concurrency: 1 },
    });
    // 2,304 tokens × 8 experts ÷ 72 ranks = 256 pairs per rank: 1 + √(2 ln 72 ÷ 256) = 1.183.
    assert.ok(Math.abs(expertImbalance(wide, 2304) - (1 + Math.sqrt((2 * Math.log(72)) / 256))) < 1e-12);
    assert.ok(expertImbalance(wide, 1_000_000) < 1.01);
    const dense = requestOf({ model: 'llama-3.1-8b', hardware: 'h100-sxm-80gb', gpus: 1, weights: 'bf16' });
    assert.equal(expertImbalance(dense, 100), 1);
  });

  it("a placement's `network` reaches the estimate of its replicas", () => {
    const text = (gbps: number) => `apiVersion: llm-sizing/v1
kind: Deployment
name: two-nodes
model: {id: llama-3.1-405b, weights: fp8}
workload: {inputTokens: 2000, outputTokens: 200, peakRequestsPerSecond: 1}
placements:
  - name: two-nodes
    type: on-prem
    hardware: h100-sxm-80gb
    gpus: 16
    parallelism: {tensor: 16}
    network: {kind: infiniband, gbpsPerGpu: ${gbps}}
`;
    const p = (gbps: number) => evaluateText(text(gbps), { curve: false }).documents[0]!.report.placements[0]!;
    assert.ok(p(50).latency.tpotMs.p50 > p(400).latency.tpotMs.p50);
    assert.ok(p(50).assumptions.some((a) => /50 Gb\/s per GPU \(`network`\)/.test(a)));
  });
});
