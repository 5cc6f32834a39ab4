import { strict as assert } from 'node:assert';
import { estimate, resolveRequest, type ResolveInput } from '../../../../src/core/estimate';
import { expectedTokensPerStep } from '../../../../src/core/estimate/speculative';
import { evaluateText } from '../../../../src/core/placements';
import { outputLengthCv2 } from '../../../../src/core/estimate/serving';

function est(input: ResolveInput) {
  const r = resolveRequest(input);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return estimate(r.request);
}

const DEEPSEEK: ResolveInput = {
  model: 'deepseek-r1',
  weights: 'fp8',
  hardware: 'h200-sxm-141gb',
  gpus: 8,
  engine: 'sglang',
  parallelism: { tensor: 8 },
  workload: { inputTokens: 2000, outputTokens: 1000, concurrency: 1 },
};

describe('estimator: speculative decoding', () => {
  it('expected tokens per step follow (1 − α^(k+1)) / (1 − α)', () => {
    assert.equal(expectedTokensPerStep(0, 3), 1);
    assert.equal(expectedTokensPerStep(1, 3), 4);
    assert.ok(Math.abs(expectedTokensPerStep(0.7, 3) - (1 - 0.7 ** 4) / 0.3) < 1e-12);
  });

  it('MTP at batch 1 cuts TPOT by about the accepted tokens per step, holds one more layer, and says so', () => {
    const plain = est(DEEPSEEK);
    const mtp = est({ ...DEEPSEEK, speculative: { method: 'mtp', draftTokens: 3, acceptanceRate: 0.7 } });
    const e = expectedTokensPerStep(0.7, 3);
    const ratio = plain.latency.tpotMs.p50.value / mtp.latency.tpotMs.p50.value;
    // Less than E (the verify step is wider and the drafter costs 3 layers), but most of it.
    assert.ok(ratio > 0.7 * e && ratio < e, `speed-up ${ratio} vs ${e} tokens per step`);
    const extra = mtp.memory.perGpuGiB.weights.value - plain.memory.perGpuGiB.weights.value;
    assert.ok(
      Math.abs(extra - plain.memory.perGpuGiB.weights.value / 61) < 0.05,
      `MTP adds one of 61 layers: ${extra} GiB`,
    );
    assert.ok(
      mtp.assumptions.some((a) =>
        /speculative decoding \(mtp\): 3 draft tokens per step at 70% acceptance → 2\.53 tokens/.test(a),
      ),
    );
    // The TPOT band never claims less than the bytes of a step over the k + 1 tokens it can emit.
    assert.ok(mtp.latency.tpotMs.p50.low > 0);
  });

  it('a draft model adds its weights and KV per sequence; at a large batch the gain shrinks', () => {
    const base: ResolveInput = {
      model: 'llama-3.1-70b',
      weights: 'fp8',
      hardware: 'h100-sxm-80gb',
      gpus: 4,
      engine: 'vllm',
      parallelism: { tensor: 4 },
      workload: { inputTokens: 1000, outputTokens: 300, concurrency: 1 },
    };
    const spec = { method: 'draft-model' as const, draftTokens: 4, acceptanceRate: 0.7, draftModel: 'llama-3.2-3b' };
    const a = est(base);
    const b = est({ ...base, speculative: spec });
    // 3.2 B parameters at 1 byte over 4 tensor ranks: about 0.75 GiB per GPU.
    const draft = b.memory.perGpuGiB.weights.value - a.memory.perGpuGiB.weights.value;
    assert.ok(draft > 0.6 && draft < 0.9, `draft weights per GPU ${draft} GiB`);
    assert.ok(b.memory.maxConcurrentSequences < a.memory.maxConcurrentSequences, 'the draft KV cache takes room');
    const gain = (w: ResolveInput['workload']) =>
      est({ ...base, workload: w }).latency.tpotMs.p50.value /
      est({ ...base, workload: w, speculative: spec }).latency.tpotMs.p50.value;
    assert.ok(gain({ ...base.workload, concurrency: 1 }) > 1.3);
    assert.ok(gain({ ...base.workload, concurrency: 128 }) < gain({ ...base.workload, concurrency: 1 }));
  });

  it('an engine that does not run the method is an error, not a silent speed-up', () => {
    const r = resolveRequest({
      ...DEEPSEEK,
      engine: 'llama.cpp',
      weights: 'q4_k_m',
      parallelism: { pipeline: 8 },
      speculative: { method: 'eagle' },
    });
    assert.ok(!r.ok && /does not run eagle/.test(r.error));
  });
});

describe('estimator: prefix caching', () => {
  const base: ResolveInput = {
    model: 'llama-3.1-70b',
    weights: 'fp8',
    hardware: 'h100-sxm-80gb',
    gpus: 4,
    engine: 'vllm',
    parallelism: { tensor: 4 },
    workload: { inputTokens: 8000, outputTokens: 300, concurrency: 1 },
  };

  it('cached prompt tokens are not prefilled: TTFT falls, KV does not', () => {
    const cold = est(base);
    const warm = est({ ...base, workload: { ...base.workload, prefixCacheHitRate: 0.75 } });
    assert.ok(warm.latency.ttftMs.p50.value < cold.latency.ttftMs.p50.value * 0.5);
    assert.equal(warm.memory.maxConcurrentSequences, cold.memory.maxConcurrentSequences);
    assert.ok(warm.assumptions.some((a) => /prefix cache: 75%/.test(a)));
    assert.ok(warm.latency.ttftMs.p50.low <= warm.latency.ttftMs.p50.value);
  });

  it('a deployment with prefixCacheHitRate serves more requests per GPU', () => {
    const doc = (hit: string) => `apiVersion: llm-sizing/v1
kind: Deployment
name: rag
model: {id: llama-3.1-70b, weights: fp8}
workload: {inputTokens: 8000, outputTokens: 300, peakRequestsPerSecond: 2${hit}}
placements:
  - {name: h100, type: on-prem, hardware: h100-sxm-80gb, gpus: 4, engine: vllm, parallelism: {tensor: 4}}
`;
    const max = (text: string) =>
      evaluateText(text, { curve: false }).documents[0]!.report.placements[0]!.throughput!.maxRequestsPerSecond;
    assert.ok(max(doc(', prefixCacheHitRate: 0.75')) > 1.5 * max(doc('')));
  });
});

describe('estimator: output-length tail', () => {
  const base: ResolveInput = {
    model: 'llama-3.1-8b',
    weights: 'fp8',
    hardware: 'l40s-48gb',
    gpus: 1,
    engine: 'vllm',
    engineOptions: { maxNumSeqs: 16 },
    workload: { inputTokens: 500, outputTokens: 1000, requestsPerSecond: 0.9 },
  };
  const ttftP95 = (p95?: number) =>
    est({ ...base, workload: { ...base.workload, ...(p95 !== undefined ? { outputTokensP95: p95 } : {}) } }).latency
      .ttftMs.p95.value;

  it('lognormal CV² from mean and p95: equal lengths 0, p95 = 3× mean about 1.2', () => {
    assert.equal(outputLengthCv2(1000, 1000), 0);
    assert.equal(outputLengthCv2(1000, undefined), 1);
    const cv2 = outputLengthCv2(1000, 3000);
    assert.ok(cv2 > 1 && cv2 < 1.6, `${cv2}`);
  });

  it('a heavy tail of long outputs makes requests wait longer for a batch slot; equal lengths shorter', () => {
    const plain = ttftP95();
    assert.ok(ttftP95(3800) > plain, `${ttftP95(3800)} vs ${plain}`);
    assert.ok(ttftP95(1000) < plain, `${ttftP95(1000)} vs ${plain}`);
  });
});
