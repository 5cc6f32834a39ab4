/**
 * A prompt's pass overlaps the host's eager dispatch with the GPU's work (timing.ts
 * `overlappedPassMs`): PyTorch enqueues CUDA kernels asynchronously, so the host launches later
 * kernels while the GPU runs earlier ones. The pass takes the longer of the two plus the fitted
 * `prefillSyncShare` of the shorter. Before, the two were added: a 7,373-token DeepSeek-R1 prompt
 * on 8× H200 (SGLang) paid its ~119 ms of eager dispatch and then the ~80 ms of GEMMs the GPU runs
 * meanwhile.
 */
import assert from 'node:assert/strict';
import { resolveOrThrow } from '../../support/resolved';
import { overlappedPassMs, prefillTiming, timingModel } from '../../../../src/core/estimate/timing';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { calibration, type Calibration } from '../../../../src/core/estimate/calibration';
import { estimate } from '../../../../src/core/estimate';

function request(engine: string, model = 'deepseek-r1', hardware = 'h200-sxm-141gb', gpus = 8, weights = 'fp8') {
  return resolveOrThrow({
    model,
    weights,
    hardware,
    engine,
    gpus,
    parallelism: { tensor: gpus },
    workload: { inputTokens: 1000, outputTokens: 100, concurrency: 1 },
  });
}

/** The calibration with every engine's sync share set to `share`. */
function withShare(share: number): Calibration {
  const engines = Object.fromEntries(
    Object.entries(calibration.engines).map(([k, e]) => [k, { ...e, prefillSyncShare: share }]),
  );
  return { ...calibration, engines };
}

describe('prompt pass: host dispatch overlapped with GPU work', () => {
  it('takes the longer of the two plus the sync share of the shorter', () => {
    assert.equal(overlappedPassMs(10, 4, 0), 10);
    assert.equal(overlappedPassMs(4, 10, 0), 10);
    assert.equal(overlappedPassMs(10, 4, 1), 14);
    assert.equal(overlappedPassMs(4, 10, 0.5), 12);
  });

  it('the fitted share lies strictly between full overlap and serial, for vLLM and SGLang alike', () => {
    const v = calibration.engines['vllm']?.prefillSyncShare;
    const s = calibration.engines['sglang']?.prefillSyncShare;
    assert.ok(v !== undefined && v > 0 && v < 1, `vLLM share ${v}`);
    assert.equal(s, v);
  });

  it('DeepSeek-R1 on 8× H200, SGLang: a long prompt hides its dispatch under its GEMMs, a short one is bound by it', () => {
    const req = request('sglang');
    const t = timingModel(req, calibration);
    const share = t.prefillSyncShare;
    const host = t.prefillKernelOverheadMs;
    const latency = (tokens: number, s?: number) => {
      const cal = s === undefined ? calibration : withShare(s);
      return prefillTiming(req, memoryModel(req, cal), timingModel(req, cal), tokens).latencyMs;
    };
    for (const tokens of [128, 16384]) {
      // Serial minus full overlap is the shorter of dispatch and GPU work; the fitted share keeps
      // that share of it.
      const shorter = latency(tokens, 1) - latency(tokens, 0);
      assert.ok(shorter > 0 && shorter <= host + 1e-9, `${tokens} tokens: shorter ${shorter} ms, host ${host} ms`);
      assert.ok(Math.abs(latency(tokens, 1) - latency(tokens) - (1 - share) * shorter) < 1e-9);
    }
    // 128 tokens: the GEMMs take a fraction of the dispatch (~1,800 eager kernels), which sets the pass.
    assert.ok(latency(128, 1) - latency(128, 0) < host / 5);
    assert.ok(latency(128) >= host);
    // 16K tokens: the GEMMs outlast the dispatch, which is then hidden but for its share.
    assert.ok(Math.abs(latency(16384, 1) - latency(16384, 0) - host) < 1e-9);
    assert.ok(latency(16384) < latency(16384, 1) - 0.1 * host);
  });

  it('engines without an eager time per kernel (TensorRT-LLM, llama.cpp) pay the GPU work alone, whatever the share', () => {
    for (const [engine, weights] of [
      ['tensorrt-llm', 'fp8'],
      ['llama.cpp', 'q4_k_m'],
    ] as const) {
      const req = request(engine, 'llama-3.1-8b', 'h100-sxm-80gb', 1, weights);
      const t = timingModel(req, calibration);
      assert.equal(t.prefillKernelOverheadMs, 0, engine);
      const a = prefillTiming(req, memoryModel(req, calibration), t, 2048).latencyMs;
      // Full overlap (share 0) on this engine too: nothing to overlap, the same prefill.
      const cal = withShare(0);
      const b = prefillTiming(req, memoryModel(req, cal), timingModel(req, cal), 2048).latencyMs;
      assert.equal(a, b, engine);
    }
  });

  it('names the sync share and its source in the prefill explanation', () => {
    const e = estimate(request('sglang'));
    const prefill = e.explain.find((x) => x.quantity === 'Prefill of the prompt');
    const c = prefill?.constants.find((k) => k.name.startsWith('sync share'));
    assert.ok(c && c.value === timingModel(request('sglang'), calibration).prefillSyncShare);
    assert.match(c.source, /pytorch\.org/);
    assert.match(prefill!.formula, /max\(GPU, host\)/);
  });
});
