/**
 * The launch-bound part of a forward pass: kernels counted from the architecture (kernels.ts)
 * times the engine's time per kernel — graph-captured in decode, eager in a prompt's pass.
 */
import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { resolveOrThrow } from '../../support/resolved';
import { estimate } from '../../../../src/core/estimate';
import { kernelsPerForward } from '../../../../src/core/estimate/kernels';
import { decodeStep, prefillTiming, timingModel } from '../../../../src/core/estimate/timing';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { calibration } from '../../../../src/core/estimate/calibration';

function arch(id: string) {
  const m = catalog.models.get(id);
  if (!m) throw new Error(id);
  return m.architecture;
}

function request(model: string, engine: string, gpus: number, weights?: string, hardware = 'b200-180gb') {
  return resolveOrThrow({
    model,
    ...(weights ? { weights } : {}),
    hardware,
    engine,
    gpus,
    parallelism: { tensor: gpus },
    workload: { inputTokens: 600, outputTokens: 400, concurrency: 1 },
  });
}

describe('estimator: kernels per forward pass', () => {
  it('counts each layer kind as the engines launch it', () => {
    // 80 layers × (2 norms + 5 GQA attention + 3 dense FFN)
    assert.equal(kernelsPerForward(arch('llama-3.1-70b')), 800);
    // 36 layers × (2 + 5 + 7 routed-MoE kernels, no shared expert)
    assert.equal(kernelsPerForward(arch('gpt-oss-120b')), 504);
    // 61 layers × (2 + 11 MLA) + 3 dense FFNs × 3 + 58 MoE FFNs × (7 + 3 shared)
    assert.equal(kernelsPerForward(arch('deepseek-v3')), 61 * 13 + 9 + 58 * 10);
  });

  it('linear-attention layers count their own kernels, not attention', () => {
    const a = arch('qwen3-next-80b-a3b');
    const pattern = 'pattern' in a.attention ? a.attention.pattern : [a.attention];
    const linear = pattern.filter((p) => p.kind === 'none').length / pattern.length;
    assert.ok(linear > 0, 'Qwen3-Next mixes linear attention layers');
    const perLayerFfn = 7 + (a.moe && a.moe.sharedExperts > 0 ? 3 : 0);
    const expected = a.layers * (2 + perLayerFfn) + a.layers * linear * 7 + a.layers * (1 - linear) * 5;
    assert.equal(kernelsPerForward(a), expected);
  });

  it('a DeepSeek-R1 decode step on SGLang pays more launch time than gpt-oss, in proportion to its kernels', () => {
    const r1 = request('deepseek-r1', 'sglang', 8);
    const oss = request('gpt-oss-120b', 'sglang', 8);
    const t1 = timingModel(r1, calibration);
    const t2 = timingModel(oss, calibration);
    assert.ok((calibration.engines['sglang']?.kernelUs ?? 0) > 0, 'SGLang has a fitted time per kernel');
    assert.ok(Math.abs(t1.kernelOverheadMs / t2.kernelOverheadMs - 1382 / 504) < 1e-9);
    const s1 = decodeStep(r1, memoryModel(r1, calibration), t1, 1, 800);
    const s2 = decodeStep(oss, memoryModel(oss, calibration), t2, 1, 800);
    assert.ok(s1.overheadMs > 2 * s2.overheadMs);
  });

  it("a prompt's pass launches its kernels eagerly: more fixed time than a decode step's graph", () => {
    const r1 = request('deepseek-r1', 'sglang', 8);
    const t = timingModel(r1, calibration);
    assert.ok(t.prefillKernelOverheadMs > t.kernelOverheadMs);
    const mem = memoryModel(r1, calibration);
    const p = prefillTiming(r1, mem, t, 600);
    // A 600-token prompt is bound by the host's dispatch of its eager kernels, not by its GEMMs.
    assert.ok(t.prefillKernelOverheadMs > Math.max(p.computeMs, p.memoryMs));
    assert.ok(p.latencyMs >= t.prefillKernelOverheadMs + t.stepOverheadMs);
  });

  it('the explanation lists the kernel count and both times per kernel', () => {
    const e = estimate(request('deepseek-r1', 'sglang', 8));
    const names = e.explain.flatMap((x) => x.constants.map((c) => c.name));
    assert.ok(names.includes('kernels per forward pass'));
    assert.ok(names.includes('time per kernel µs (graph-captured)'));
    assert.ok(names.includes('time per kernel µs (eager)'));
    const k = e.explain.flatMap((x) => x.constants).find((c) => c.name === 'kernels per forward pass');
    assert.equal(k?.value, 1382);
  });

  it("a prompt's eager pass also quantizes the activations of each low-precision GEMM; a decode step's graph does not count them", () => {
    // DeepSeek-R1 FP8 on B200: MLA 3 + (58 MoE layers × (2 experts + 2 shared)) + 3 dense FFNs × 2.
    const r1 = timingModel(request('deepseek-r1', 'sglang', 8), calibration);
    assert.equal(r1.kernels, 1382);
    assert.equal(r1.prefillKernels, 1382 + 61 * 3 + 58 * 4 + 3 * 2);
    // A 16-bit model launches none.
    const bf16 = timingModel(request('qwen3-235b-a22b', 'sglang', 8), calibration);
    assert.equal(bf16.prefillKernels, bf16.kernels);
    // gpt-oss's MXFP4 release quantizes its experts only (the format's quantizedGemms).
    const oss = timingModel(request('gpt-oss-120b', 'sglang', 8), calibration);
    assert.equal(oss.prefillKernels, 504 + 36 * 2);
    // FP8 weights on a GPU without FP8 units are dequantised to 16 bits: no activation quantization.
    const a100 = timingModel(request('llama-3.1-70b', 'vllm', 4, 'fp8', 'a100-sxm-80gb'), calibration);
    assert.equal(a100.prefillKernels, a100.kernels);
    const sglang = calibration.engines['sglang']!;
    assert.ok(Math.abs(r1.prefillKernelOverheadMs - ((sglang.prefillKernelUs ?? 0) * r1.prefillKernels) / 1000) < 1e-9);
    assert.ok(Math.abs(r1.kernelOverheadMs - ((sglang.kernelUs ?? 0) * r1.kernels) / 1000) < 1e-9);
    const names = estimate(request('deepseek-r1', 'sglang', 8)).explain.flatMap((x) => x.constants);
    assert.equal(names.find((c) => c.name === 'kernels per prompt pass (with activation quantization)')?.value, 1803);
  });

  it('vLLM and SGLang share one time per graph-captured kernel (a CUDA graph replays the same kernels)', () => {
    assert.equal(calibration.engines['vllm']?.kernelUs, calibration.engines['sglang']?.kernelUs);
  });

  it("SGLang's fused all-reduce + residual + RMSNorm removes every norm kernel but the first, with more than one tensor rank", () => {
    const timing = (model: string, gpus: number, on: boolean) => {
      const r = request(model, 'sglang', gpus, model === 'deepseek-r1' ? 'fp8' : undefined);
      return timingModel(
        { ...r, engineOptions: { ...r.engineOptions, ...(on ? { enableFlashinferAllreduceFusion: true } : {}) } },
        calibration,
      );
    };
    const plain = timing('deepseek-r1', 8, false);
    const fused = timing('deepseek-r1', 8, true);
    // 61 layers × 2 norms − the first layer's input norm (no all-reduce before it) = 121 fewer.
    assert.equal(plain.kernels - fused.kernels, 121);
    assert.equal(plain.prefillKernels - fused.prefillKernels, 121);
    assert.ok(fused.kernelOverheadMs < plain.kernelOverheadMs);
    // One GPU has no all-reduce to fuse into.
    assert.equal(timing('qwen3-8b', 1, true).kernels, timing('qwen3-8b', 1, false).kernels);
  });
});
