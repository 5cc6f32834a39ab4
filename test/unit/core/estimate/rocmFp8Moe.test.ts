/**
 * ROCm's FP8 fused-MoE time (calibration.json `rocmFp8MoeLayerUs`, timing.ts `rocmFp8Moe`): a MoE
 * model with FP8 weights on an AMD GPU pays it on every MoE layer of a forward pass; the same model
 * in BF16, on an NVIDIA GPU, or a dense FP8 model on AMD does not.
 */
import { strict as assert } from 'node:assert';
import { parseCalibration, calibration } from '../../../../src/core/estimate/calibration';
import { rocmFp8Moe, timingModel } from '../../../../src/core/estimate/timing';
import { estimate } from '../../../../src/core/estimate';
import { resolveOrThrow } from '../../support/resolved';

function request(model: string, weights: string, hardware: string) {
  return resolveOrThrow({
    model,
    weights,
    hardware,
    engine: 'sglang',
    gpus: 1,
    workload: { inputTokens: 512, outputTokens: 256, concurrency: 1 },
  });
}

type Json = { engines: Record<string, Record<string, unknown>> };

/** The shipped calibration with SGLang's ROCm FP8 MoE time set to `us`. */
function withRocmMoeUs(us: number) {
  const json = JSON.parse(JSON.stringify(calibration)) as Json;
  json.engines['sglang']!['rocmFp8MoeLayerUs'] = us;
  json.engines['sglang']!['moeLayerOverheadUs'] = 0;
  return parseCalibration(json);
}

describe('ROCm FP8 MoE time', () => {
  const cal = withRocmMoeUs(200);

  it('applies to FP8 MoE weights on AMD only', () => {
    assert.equal(rocmFp8Moe(request('qwen3-30b-a3b', 'fp8', 'mi300x-192gb')), true);
    assert.equal(rocmFp8Moe(request('qwen3-30b-a3b', 'bf16', 'mi300x-192gb')), false);
    assert.equal(rocmFp8Moe(request('qwen3-30b-a3b', 'fp8', 'h100-sxm-80gb')), false);
    assert.equal(rocmFp8Moe(request('llama-3.1-8b', 'fp8', 'mi300x-192gb')), false);
    assert.equal(timingModel(request('qwen3-30b-a3b', 'fp8', 'mi300x-192gb'), cal).moeLayerOverheadMs, 0.2);
    assert.equal(timingModel(request('qwen3-30b-a3b', 'bf16', 'mi300x-192gb'), cal).moeLayerOverheadMs, 0);
    assert.equal(timingModel(request('qwen3-30b-a3b', 'fp8', 'h100-sxm-80gb'), cal).moeLayerOverheadMs, 0);
  });

  it('makes a single-stream token slower by MoE layers × the time, and says so', () => {
    const req = request('qwen3-30b-a3b', 'fp8', 'mi300x-192gb');
    const without = estimate(req, withRocmMoeUs(0));
    const withIt = estimate(req, cal);
    const moeLayers = req.model.architecture.layers - (req.model.architecture.moe?.denseLayers ?? 0);
    assert.equal(moeLayers, 48);
    const delta = withIt.latency.tpotMs.p50.value - without.latency.tpotMs.p50.value;
    // 48 MoE layers × 200 µs = 9.6 ms more per token.
    assert.ok(Math.abs(delta - 9.6) < 1e-6, `TPOT +${delta} ms`);
    assert.ok(withIt.assumptions.some((a) => a.startsWith('FP8 MoE on ROCm: +200 µs per MoE layer')));
    assert.ok(!without.assumptions.some((a) => a.startsWith('FP8 MoE on ROCm')));
    const step = withIt.explain.find((e) => e.quantity === 'Decode step');
    const moe = step?.constants.find((c) => c.name === 'MoE layer overhead µs');
    assert.equal(moe?.value, 200);
    assert.match(moe?.source ?? '', /ROCm's FP8 fused-MoE/);
  });
});
