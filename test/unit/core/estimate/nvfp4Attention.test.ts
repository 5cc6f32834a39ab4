/**
 * NVIDIA's NVFP4 checkpoints of DeepSeek-architecture (MLA) models keep the latent attention
 * projections (q down/up, KV down/up) in bf16 and quantize only the output projection with the FFNs
 * (ModelOpt examples/deepseek/ptq.py; nvidia/DeepSeek-R1-0528-FP4-v2). A user sizing
 * DeepSeek-R1 NVFP4 sees those 4.25 B parameters at 2 bytes, their GEMMs at the 16-bit rate, and
 * no activation quantization in front of them.
 */
import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { resolveOrThrow } from '../../support/resolved';
import { sixteenBitAttentionParams, weightBytes } from '../../../../src/core/estimate/weights';
import { kernelsPerForward, quantKernelsPerForward } from '../../../../src/core/estimate/kernels';
import { prefillTiming, timingModel } from '../../../../src/core/estimate/timing';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { calibration } from '../../../../src/core/estimate/calibration';

function model(id: string) {
  const m = catalog.models.get(id);
  if (!m) throw new Error(id);
  return m;
}
function format(id: string) {
  const f = catalog.formats.get(id);
  if (!f) throw new Error(id);
  return f;
}

/** DeepSeek-R1 on 8× B200 at TP 8, one stream. */
function deepseekR1(weights: string, engine: string, inputTokens: number) {
  return resolveOrThrow({
    model: 'deepseek-r1',
    weights,
    hardware: 'b200-180gb',
    engine,
    gpus: 8,
    parallelism: { tensor: 8 },
    workload: { inputTokens, outputTokens: 100, concurrency: 1 },
  });
}

describe('NVFP4 MLA checkpoints keep the latent attention projections in bf16', () => {
  it('counts 4.25 B DeepSeek-R1 parameters at 16 bits: 61 layers × (q 11.0 M + 37.7 M, KV 4.1 M + 16.8 M)', () => {
    const n = sixteenBitAttentionParams(model('deepseek-r1'), format('nvfp4'));
    // q: 7168·1536 + 1536·128·192; KV: 7168·(512+64) + 512·128·(128+128); the output projection excluded.
    const perLayer = 7168 * 1536 + 1536 * 128 * 192 + 7168 * 576 + 512 * 128 * 256;
    assert.equal(n, 61 * perLayer);
    assert.ok(Math.abs(n / 1e9 - 4.25) < 0.01, `${n}`);
  });

  it('only for NVFP4 on MLA models: FP8 DeepSeek, NVFP4 Llama and MXFP4 gpt-oss have none', () => {
    assert.equal(sixteenBitAttentionParams(model('deepseek-r1'), format('fp8')), 0);
    assert.equal(sixteenBitAttentionParams(model('llama-3.3-70b'), format('nvfp4')), 0);
    assert.equal(sixteenBitAttentionParams(model('gpt-oss-120b'), format('mxfp4')), 0);
  });

  it('the weights grow by those parameters × (16 − 4.5) bits over an all-FP4 body', () => {
    const m = model('deepseek-r1');
    const fmt = format('nvfp4');
    const w = weightBytes(m, fmt);
    const allFp4 =
      ((w.params.attention + w.params.denseFfn + w.params.sharedExperts + w.params.router) * fmt.bitsPerWeight) / 8;
    const extra = (sixteenBitAttentionParams(m, fmt) * (16 - fmt.bitsPerWeight)) / 8;
    assert.ok(Math.abs(w.nonExpertBody - (allFp4 + extra)) < 1, `${w.nonExpertBody} vs ${allFp4 + extra}`);
    // ≈ 6.1 GB more than quantizing all of attention: 1.5 GB a GPU at TP 4.
    assert.ok(Math.abs(extra / 1e9 - 6.1) < 0.1, `${extra}`);
  });

  it('quantizes activations only for the output projection and the FFNs: 2 fewer kernels a layer than FP8', () => {
    const a = model('deepseek-r1').architecture;
    assert.equal(quantKernelsPerForward(a, 'all') - quantKernelsPerForward(a, 'mlaOutput'), 61 * 2);
    const fp4 = timingModel(deepseekR1('nvfp4', 'sglang', 1000), calibration);
    const fp8 = timingModel(deepseekR1('fp8', 'sglang', 1000), calibration);
    assert.equal(fp8.prefillKernels - fp4.prefillKernels, 61 * 2);
    assert.equal(fp4.prefillKernels, kernelsPerForward(a) + quantKernelsPerForward(a, 'mlaOutput'));
  });

  it("a prompt's latent projections run at the 16-bit rate: its compute grows by their FLOPs at bf16 minus at FP4", () => {
    const tokens = 8000;
    const req = deepseekR1('nvfp4', 'tensorrt-llm', tokens);
    const t = timingModel(req, calibration);
    const mem = memoryModel(req, calibration);
    const withBf16 = prefillTiming(req, mem, t, tokens).computeMs;
    const allFp4 = prefillTiming(req, mem, { ...t, sixteenBitGemmExtraFlopsPerToken: 0 }, tokens).computeMs;
    const flops = 2 * sixteenBitAttentionParams(req.model, req.weights) * tokens;
    // The 16-bit rate: the FP4 one without FP4's smaller share of its peak, × bf16/FP4 peaks.
    const bf16Rate = (t.flopsPerMs / t.lowPrecisionShare) * (req.hardware.tflops.bf16! / req.hardware.tflops.fp4!);
    const expected = (flops / bf16Rate - flops / t.flopsPerMs) / 8;
    assert.ok(expected > 0.5, `${expected} ms`);
    assert.ok(Math.abs(withBf16 - allFp4 - expected) < 1e-6 * withBf16, `${withBf16 - allFp4} vs ${expected}`);
  });

  it("MXFP4 gpt-oss's bf16 attention runs at the 16-bit rate too (its experts alone are FP4)", () => {
    const req = resolveOrThrow({
      model: 'gpt-oss-120b',
      weights: 'mxfp4',
      hardware: 'b200-180gb',
      engine: 'vllm',
      gpus: 1,
      workload: { inputTokens: 1000, outputTokens: 100, concurrency: 1 },
    });
    const t = timingModel(req, calibration);
    const p = weightBytes(req.model, req.weights).params;
    const sixteen = p.attention + p.denseFfn + p.sharedExperts + p.router;
    // FP4 peak 9,000 ÷ bf16 2,250 TFLOPS, the FP4 GEMMs at 0.65 of the 16-bit share of theirs: each
    // 16-bit FLOP costs 4 × 0.65 = 2.6 FP4 ones.
    const perSixteen = 4 * calibration.lowPrecisionGemmShare.fp4;
    assert.ok(
      Math.abs(t.sixteenBitGemmExtraFlopsPerToken - 2 * sixteen * (perSixteen - 1)) < 1,
      `${t.sixteenBitGemmExtraFlopsPerToken}`,
    );
  });
});
