/**
 * The norms, activations and MoE sums between the GEMMs (elementwise.ts): bytes counted from the
 * architecture, added after a step's GEMMs — nothing at batch 1, a visible share of a compute-bound
 * FP8 step.
 */
import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { resolveOrThrow } from '../../support/resolved';
import { ELEMENTWISE_BANDWIDTH_SHARE, elementwiseBytesPerToken } from '../../../../src/core/estimate/elementwise';
import { decodeStep, prefillTiming, timingModel } from '../../../../src/core/estimate/timing';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { calibration } from '../../../../src/core/estimate/calibration';
import { estimate } from '../../../../src/core/estimate';

function arch(id: string) {
  const m = catalog.models.get(id);
  if (!m) throw new Error(id);
  return m.architecture;
}

const one = { tensor: 1, pipeline: 1, data: 1, expert: 1 };

/** Llama-3.1-8B on one GPU (TensorRT-LLM, FP8 on an H100, 128/128 tokens saturated unless `over` says). */
function llama8b(over: Record<string, unknown> = {}) {
  return resolveOrThrow({
    model: 'llama-3.1-8b',
    weights: 'fp8',
    hardware: 'h100-sxm-80gb',
    engine: 'tensorrt-llm',
    gpus: 1,
    workload: { inputTokens: 128, outputTokens: 128, concurrency: 2048 },
    ...over,
  } as Parameters<typeof resolveOrThrow>[0]);
}

describe('estimator: elementwise kernels between the GEMMs', () => {
  it("counts Llama-3.1-8B's norms and gated activation: 4.85 MB a token", () => {
    // 32 layers × (2 add-norms × (2h + 2h) + (2I + I)), h = 4,096, I = 14,336, 2 bytes an element
    const expected = (32 * 8 * 4096 + 32 * 3 * 14336) * 2;
    const b = elementwiseBytesPerToken(arch('llama-3.1-8b'), one);
    assert.equal(b.rankBytes, expected);
    assert.equal(b.spreadBytes, expected);
    assert.ok(Math.abs(expected / 1e6 - 4.85) < 0.01);
  });

  it('tensor parallel splits the activation, not the norms every rank repeats', () => {
    const a = arch('llama-3.1-70b');
    const tp1 = elementwiseBytesPerToken(a, one).rankBytes;
    const tp8 = elementwiseBytesPerToken(a, { ...one, tensor: 8 }).rankBytes;
    const norms = a.layers * 8 * a.hiddenSize * 2;
    assert.equal(tp8 - norms, (tp1 - norms) / 8);
  });

  it("a MoE layer counts each copy's activation over the expert GPUs and its sum on the copy's expert group", () => {
    const a = arch('deepseek-v3');
    const moe = a.moe!;
    const tp8 = elementwiseBytesPerToken(a, { ...one, tensor: 8 });
    const ep8 = elementwiseBytesPerToken(a, { ...one, tensor: 8, expert: 8 });
    // Expert parallel over the same 8 GPUs: each GPU sums 1/8 of the copies; the activations are
    // spread over the 8 GPUs either way.
    const moeLayers = a.layers - moe.denseLayers;
    const sumBytes = moeLayers * moe.expertsPerToken * a.hiddenSize * 2;
    assert.ok(Math.abs(tp8.rankBytes - ep8.rankBytes - (sumBytes * 7) / 8) < 1e-6);
    // Attention data parallel (8 ranks of 1 GPU, experts over all 8): a replica token's share of
    // its rank's norms and shared expert is 1/8; the experts' part is per GPU already.
    const dp8 = elementwiseBytesPerToken(a, { ...one, data: 8, expert: 8 });
    const experts = moeLayers * moe.expertsPerToken * (a.hiddenSize / 8 + (3 * moe.expertFfnSize) / 8) * 2;
    assert.ok(Math.abs(dp8.spreadBytes - ((dp8.rankBytes - experts) / 8 + experts)) < 1e-6);
  });

  it('adds nothing visible at batch 1 and a tenth of a compute-bound FP8 step at batch 2,048', () => {
    const req = llama8b();
    const mem = memoryModel(req, calibration);
    const t = timingModel(req, calibration);
    assert.equal(t.elementwiseBytesPerMs, 3350 * 1e6 * ELEMENTWISE_BANDWIDTH_SHARE);
    const single = decodeStep(req, mem, t, 1, 192);
    assert.ok(single.elementwiseMs / single.stepMs < 0.001, `${single.elementwiseMs} of ${single.stepMs} ms`);
    const full = decodeStep(req, mem, t, 2048, 192);
    const share = full.elementwiseMs / full.stepMs;
    assert.ok(share > 0.08 && share < 0.2, `share ${share}`);
    // A prompt pays it too, outside max(compute, memory).
    const p = prefillTiming(req, mem, t, 4096);
    const withoutElementwise = p.latencyMs - (4096 * t.elementwise.rankBytes) / t.elementwiseBytesPerMs;
    assert.ok(withoutElementwise >= Math.max(p.computeMs, p.memoryMs));
  });

  it('Explain Estimate names it in the decode step and the prompt, with its bytes per token', () => {
    const req = llama8b({ engine: 'vllm', workload: { inputTokens: 1000, outputTokens: 200, concurrency: 32 } });
    const explain = estimate(req).explain;
    for (const quantity of ['Decode step', 'Prefill of the prompt']) {
      const e = explain.find((x) => x.quantity === quantity);
      assert.ok(e, quantity);
      assert.match(e.formula, /elementwise bytes\/\(0\.8·BW\)/);
      const c = e.constants.find((k) => k.name.startsWith('elementwise MB per'));
      assert.ok(c && typeof c.value === 'number' && Math.abs(c.value - 4.85) < 0.01, `${quantity}: ${c?.value}`);
      assert.match(c.source, /elementwise\.ts/);
    }
  });

  it('the FP16 GEMMs of an A100 leave it a smaller share than the FP8 GEMMs of an H100', () => {
    const share = (hardware: string, weights: string) => {
      const req = llama8b({ hardware, weights });
      const s = decodeStep(req, memoryModel(req, calibration), timingModel(req, calibration), 2048, 192);
      return s.elementwiseMs / s.stepMs;
    };
    assert.ok(share('h100-sxm-80gb', 'fp8') > 2 * share('a100-sxm-80gb', 'fp16'));
  });
});
