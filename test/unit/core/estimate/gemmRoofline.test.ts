/**
 * A decode step's GEMMs and its attention are separate kernels, each at its own roofline, and a
 * GEMM between "bound by its weights" and "bound by its math" pays for both in part
 * (√(memory² + compute²)). Low-precision GEMMs reach a smaller share of their data-sheet peak than
 * 16-bit ones (measured TensorRT-LLM kernels: FP8 0.83, FP4 0.65 of the 16-bit share). A user
 * sizing a large NVFP4 batch on a B200 sees a step that neither hides the KV reads behind the math
 * nor assumes FP4 runs twice as fast as FP8.
 */
import assert from 'node:assert/strict';
import { resolveOrThrow } from '../../support/resolved';
import { decodeStep, gemmMs, perSequence, prefillTiming, timingModel } from '../../../../src/core/estimate/timing';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { calibration } from '../../../../src/core/estimate/calibration';
import { estimate } from '../../../../src/core/estimate';

/** Llama-3.3-70B on one B200 under TensorRT-LLM, 128 in / 2,048 out, as NVIDIA's perf overview runs it. */
function llama70b(weights: string) {
  return resolveOrThrow({
    model: 'llama-3.3-70b',
    weights,
    hardware: 'b200-180gb',
    engine: 'tensorrt-llm',
    gpus: 1,
    workload: { inputTokens: 128, outputTokens: 2048, concurrency: 'max' },
  });
}

function parts(weights: string, batch: number) {
  const req = llama70b(weights);
  const mem = memoryModel(req, calibration);
  const t = timingModel(req, calibration);
  const ctx = 128 + 1024;
  return { req, mem, t, step: decodeStep(req, mem, t, batch, ctx, perSequence(req, ctx, t.attnRates)) };
}

describe('GEMM roofline: separate kernels, a soft corner, low-precision shares', () => {
  it('a GEMM takes √(memory² + compute²): the bound when one side is zero, between max and sum otherwise', () => {
    assert.equal(gemmMs(7, 0, 64), 7);
    assert.equal(gemmMs(0, 7, 64), 7);
    assert.equal(gemmMs(3, 4, 64), 5);
    for (const [m, c] of [
      [1, 9],
      [5, 5],
      [20, 0.5],
    ] as const) {
      const g = gemmMs(m, c, 64);
      assert.ok(g >= Math.max(m, c) && g <= m + c, `${m}, ${c}: ${g}`);
    }
  });

  it('at a large NVFP4 batch the step pays the KV reads on top of the compute-bound GEMMs', () => {
    const { step } = parts('nvfp4', 368);
    // The old single roofline hid one behind the other: max(all bytes, all FLOPs).
    assert.ok(step.coreMs > Math.max(step.memoryMs, step.computeMs) * 1.15, JSON.stringify(step));
    assert.ok(step.coreMs <= step.memoryMs + step.computeMs + 1e-9, JSON.stringify(step));
  });

  it('one row is a matrix-vector product, bound by the larger side alone', () => {
    assert.equal(gemmMs(3, 4, 1), 4);
  });

  it('one sequence stays bound by the bytes it reads (the soft corner adds under 1%)', () => {
    const { step } = parts('nvfp4', 1);
    assert.ok(step.coreMs >= step.memoryMs && step.coreMs < step.memoryMs * 1.01, JSON.stringify(step));
  });

  it('FP4 and FP8 GEMMs run at 0.65 and 0.83 of the 16-bit share of their peaks', () => {
    const bf16 = timingModel(llama70b('bf16'), calibration);
    const fp8 = timingModel(llama70b('fp8'), calibration);
    const fp4 = timingModel(llama70b('nvfp4'), calibration);
    const eta = bf16.computeEff;
    assert.equal(bf16.lowPrecisionShare, 1);
    // B200 data sheet: 2,250 / 4,500 / 9,000 dense TFLOPS at 16 bits / FP8 / FP4.
    assert.ok(Math.abs(bf16.flopsPerMs / (2250e9 * eta) - 1) < 1e-9);
    assert.ok(Math.abs(fp8.flopsPerMs / (4500e9 * eta * 0.83) - 1) < 1e-9);
    assert.ok(Math.abs(fp4.flopsPerMs / (9000e9 * eta * 0.65) - 1) < 1e-9);
  });

  it('a long NVFP4 prompt is 1.5-1.6x as fast as FP8, not 2x', () => {
    const time = (w: string) => {
      const req = llama70b(w);
      return prefillTiming(req, memoryModel(req, calibration), timingModel(req, calibration), 16384).computeMs;
    };
    const speedup = time('fp8') / time('nvfp4');
    assert.ok(speedup > 1.45 && speedup < 1.65, `${speedup}`);
  });

  it("the assumptions say the FP4 GEMMs' share and where it comes from", () => {
    const e = estimate(llama70b('nvfp4'));
    const line = e.assumptions.find((a) => a.startsWith('decode at '));
    assert.ok(line?.includes('× 0.65: fp4 GEMMs reach a smaller share of their peak'), line);
  });
});
