/**
 * What a prompt costs the decode batch (serving.ts cycleAt): its compute, plus the fixed time of the
 * forward it rides in — a forward of its own on SGLang, an eager instead of graph-captured step on
 * vLLM once the prompt exceeds the CUDA graphs — shared by the prompts arriving in one decode step;
 * and with attention data parallel, a prompt alone on its rank holds the other ranks.
 */
import assert from 'node:assert/strict';
import { resolveOrThrow } from '../../support/resolved';
import { buildModel, estimate, type ResolveInput } from '../../../../src/core/estimate';
import { atConcurrency } from '../../../../src/core/estimate/serving';

/** A resolved request: Llama-3.1-70B on 4× H100 at TP 4 unless `over` says otherwise. */
function request(engine: string, over: Record<string, unknown>) {
  return resolveOrThrow({
    model: 'llama-3.1-70b',
    hardware: 'h100-sxm-80gb',
    engine,
    gpus: 4,
    parallelism: { tensor: 4 },
    ...over,
  } as ResolveInput);
}

function model(engine: string, inputTokens: number, over: Record<string, unknown> = {}) {
  return buildModel(
    request(engine, { weights: 'fp8', workload: { inputTokens, outputTokens: 500, concurrency: 64 }, ...over }),
  );
}

describe("a prompt's cost to the decode batch", () => {
  it('SGLang runs a prompt as its own forward: the decode batch waits for all of its fixed time', () => {
    const m = model('sglang', 1000);
    assert.equal(m.t.eng.prefillForward, 'separate');
    // Not fitted since the benchmark's first wave explained InferenceX's TTFTs (docs/estimator.md):
    // the share stays at its prior, the whole forward.
    assert.equal(m.t.eng.prefillForwardBlocking ?? 1, 1);
    const fixed = m.prefill.latencyMs - m.prefill.computeMs;
    // At least the eager kernels: 800 of them for a 80-layer dense model.
    assert.ok(fixed >= m.t.prefillKernelOverheadMs, `${fixed} ms`);
    assert.ok(Math.abs(m.serving.prefillForwardMs - fixed) < 1e-9);
    // A lone request waits for the whole forward too: its TTFT holds every eager kernel.
    const alone = estimate(
      request('sglang', { weights: 'fp8', workload: { inputTokens: 1000, outputTokens: 500, concurrency: 1 } }),
    );
    assert.ok(alone.latency.ttftMs.p50.value >= m.prefill.latencyMs, `${alone.latency.ttftMs.p50.value} ms`);
    // A calibration that hides part of it (an overlap scheduler's share) serves more at the same load.
    const overlapped = { ...m.serving, prefillForwardMs: fixed * 0.5 };
    assert.ok(atConcurrency(overlapped, 64).outputTokensPerSecond > atConcurrency(m.serving, 64).outputTokensPerSecond);
  });

  it('vLLM pays nothing while the prompt fits its CUDA graphs (512 tokens), the eager kernels beyond', () => {
    const short = model('vllm', 400);
    assert.equal(short.serving.prefillForwardMs, 0);
    const long = model('vllm', 1500);
    assert.ok(long.t.prefillKernelOverheadMs > long.t.kernelOverheadMs);
    assert.ok(
      Math.abs(long.serving.prefillForwardMs - (long.t.prefillKernelOverheadMs - long.t.kernelOverheadMs)) < 1e-9,
    );
  });

  it('the cycle pays the fixed time once per forward: min(B, O−1) times per cycle, not B', () => {
    const m = model('sglang', 1000);
    const without = { ...m.serving, prefillForwardMs: 0 };
    const F = m.serving.prefillForwardMs;
    // B = 64 prompts per cycle of 499 decode steps: each arrives in its own step, each pays F.
    const a = atConcurrency(m.serving, 64);
    const b = atConcurrency(without, 64);
    assert.ok(Math.abs(a.cycleMs - b.cycleMs - 64 * F) < 1e-6 * a.cycleMs, `${a.cycleMs - b.cycleMs} vs ${64 * F}`);
    assert.ok(a.outputTokensPerSecond < b.outputTokensPerSecond);
    // Short outputs: B / (O−1) prompts arrive per step and share one forward, O−1 forwards a cycle.
    const shortOut = { ...m.serving, outputTokens: 9 };
    const c = atConcurrency(shortOut, 64);
    const d = atConcurrency({ ...shortOut, prefillForwardMs: 0 }, 64);
    assert.ok(Math.abs(c.cycleMs - d.cycleMs - 8 * F) < 1e-6 * c.cycleMs, `${c.cycleMs - d.cycleMs} vs ${8 * F}`);
  });

  it('attention data parallel: a prompt alone on its rank holds the others (rank cost > balanced cost)', () => {
    const m = buildModel(
      request('sglang', {
        model: 'deepseek-r1',
        hardware: 'h200-sxm-141gb',
        gpus: 8,
        parallelism: { tensor: 1, data: 8, expert: 8 },
        workload: { inputTokens: 30000, outputTokens: 300, concurrency: 8 },
      }),
    );
    assert.ok(m.prefill.rankMs > 2 * m.prefill.batchedMs, `${m.prefill.rankMs} vs ${m.prefill.batchedMs}`);
    // One prompt per forward at this load: the replica waits for the one rank.
    const lockstep = atConcurrency(m.serving, 8);
    const balanced = atConcurrency({ ...m.serving, prefillRankMs: m.serving.prefillBatchedMs }, 8);
    assert.ok(lockstep.tpotMs(0.5) > balanced.tpotMs(0.5));
  });

  it('the assumptions say it: own forward (SGLang), eager step (vLLM over its graphs), lockstep ranks', () => {
    const est = (engine: string, inputTokens: number, parallelism: Record<string, number>, modelId = 'llama-3.1-70b') =>
      estimate(
        request(engine, {
          model: modelId,
          hardware: 'h200-sxm-141gb',
          gpus: 8,
          parallelism,
          workload: { inputTokens, outputTokens: 300, concurrency: 16 },
        }),
      ).assumptions.join('\n');
    assert.match(est('sglang', 1000, { tensor: 8 }), /each prompt runs as its own forward/);
    assert.match(est('vllm', 1000, { tensor: 8 }), /exceeds the CUDA graphs \(512 tokens\)/);
    assert.doesNotMatch(est('vllm', 300, { tensor: 8 }), /exceeds the CUDA graphs/);
    assert.match(est('sglang', 8000, { tensor: 1, data: 8, expert: 8 }, 'deepseek-r1'), /the 8 ranks step together/);
  });

  it('Explain Estimate lists the cost and its fixed part', () => {
    const e = estimate(model('sglang', 1000).req);
    const row = e.explain.find((x) => x.quantity === "A prompt's cost to the decode batch");
    assert.ok(row, e.explain.map((x) => x.quantity).join(', '));
    assert.ok(row.constants.some((c) => c.name === 'fixed time of its forward ms' && Number(c.value) > 0));
  });
});
