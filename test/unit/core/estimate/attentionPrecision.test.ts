/**
 * Attention runs at the KV cache's precision, not the weights' (hardware.ts attentionPeakTflops):
 * FP8 with an FP8 cache on a device with FP8 units, the 16-bit rate otherwise, never FP4 or INT8.
 * The lm_head runs at the 16-bit rate when the format keeps it in 16 bits (FP8 and FP4 checkpoints).
 */
import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { buildModel, resolveRequest, type ResolveInput } from '../../../../src/core/estimate';
import { resolveOrThrow } from '../../support/resolved';
import { attentionPeakTflops } from '../../../../src/core/estimate/hardware';
import { engineCalibration, calibration } from '../../../../src/core/estimate/calibration';

function built(over: Partial<ResolveInput>) {
  return buildModel(
    resolveOrThrow({
      model: 'deepseek-r1',
      hardware: 'b200-180gb',
      engine: 'sglang',
      gpus: 8,
      parallelism: { tensor: 8 },
      workload: { inputTokens: 128000, outputTokens: 100, concurrency: 1 },
      ...over,
    } as ResolveInput),
  );
}

describe('attention precision', () => {
  const hw = (id: string) => catalog.hardware.get(id)!;
  const fmt = (id: string) => catalog.formats.get(id)!;
  const eng = engineCalibration(calibration, 'vllm');

  it('follows the KV cache: FP8 cache on FP8 hardware → the FP8 peak; a 16-bit cache → the 16-bit peak', () => {
    const b200 = hw('b200-180gb');
    assert.equal(attentionPeakTflops(b200, fmt('fp8'), eng).tflops, b200.tflops.fp8);
    assert.equal(attentionPeakTflops(b200, fmt('bf16'), eng).tflops, b200.tflops.bf16);
    // A100 has no FP8 units: an FP8 cache is dequantised, attention at bf16.
    const a100 = hw('a100-sxm-80gb');
    assert.equal(attentionPeakTflops(a100, fmt('fp8'), eng).tflops, a100.tflops.bf16);
  });

  it('NVFP4 weights do not make a 128K prompt faster than FP8 weights: the attention is the same', () => {
    const fp4 = built({ weights: 'nvfp4', kvCache: 'fp8' });
    const fp8 = built({ weights: 'fp8', kvCache: 'fp8' });
    assert.equal(fp4.t.attnFlopsPerMs / fp4.t.computeEff, fp8.t.attnFlopsPerMs / fp8.t.computeEff);
    // The GEMMs do run at the FP4 peak, twice the FP8 one on B200, each at its measured share of it
    // (calibration.json lowPrecisionGemmShare: FP4 0.65, FP8 0.83 of the 16-bit share): × 1.57.
    const share = calibration.lowPrecisionGemmShare;
    const gemmRatio = fp4.t.flopsPerMs / fp4.t.computeEff / (fp8.t.flopsPerMs / fp8.t.computeEff);
    assert.ok(Math.abs(gemmRatio - (2 * share.fp4) / share.fp8) < 1e-9, `${gemmRatio}`);
    // At 128K tokens attention dominates: the prompt takes at least ~60% of the FP8 model's time
    // (before this rule, attention at the FP4 peak made it about half).
    assert.ok(
      fp4.prefill.latencyMs > 0.6 * fp8.prefill.latencyMs,
      `${fp4.prefill.latencyMs} vs ${fp8.prefill.latencyMs}`,
    );
  });

  it("the lm_head of an FP8 or NVFP4 checkpoint runs at the 16-bit rate; of a bf16 or GGUF one at the GEMMs'", () => {
    const b200 = hw('b200-180gb');
    const fp8 = built({ weights: 'fp8' });
    const fp4 = built({ weights: 'nvfp4' });
    const bf16 = built({ weights: 'bf16' });
    const ratio = (m: typeof fp8) => m.t.headFlopsPerMs / m.t.flopsPerMs;
    const share = calibration.lowPrecisionGemmShare;
    assert.ok(Math.abs(ratio(fp8) - b200.tflops.bf16! / (b200.tflops.fp8! * share.fp8)) < 1e-9);
    assert.ok(Math.abs(ratio(fp4) - b200.tflops.bf16! / (b200.tflops.fp4! * share.fp4)) < 1e-9);
    assert.equal(ratio(bf16), 1);
    const gguf = resolveRequest(
      {
        model: 'llama-3.1-8b',
        hardware: 'rtx-4090-24gb',
        engine: 'llama.cpp',
        weights: 'q4_k_m',
        workload: { inputTokens: 512, outputTokens: 128, concurrency: 1 },
      } as ResolveInput,
      catalog,
    );
    assert.ok(gguf.ok);
    const g = buildModel(gguf.request);
    assert.equal(g.t.headFlopsPerMs, g.t.flopsPerMs);
  });

  it('a 16-bit cache slows FP8-weight attention to the bf16 rate', () => {
    const bf16Kv = built({ weights: 'fp8', kvCache: 'bf16' });
    const fp8Kv = built({ weights: 'fp8', kvCache: 'fp8' });
    assert.ok(bf16Kv.prefill.latencyMs > fp8Kv.prefill.latencyMs * 1.3);
  });
});
