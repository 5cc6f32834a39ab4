/**
 * The precision DeepSeek Sparse Attention computes in (timing.ts AttentionRates): FlashMLA's sparse
 * kernels attend in bf16 over an FP8 cache (the sparse decode "dequantizes the cache to bfloat16 and
 * performs attention computation in bfloat16"; the sparse prefill takes bf16 q and kv), and the
 * lightning indexer scores in FP8 over its own FP8 key cache whatever the main cache holds. So the
 * KV cache's format, which sets a dense model's attention rate, leaves a sparse-MLA model's
 * attention time unchanged: the bf16 pairs and the FP8 indexer cost the same under either cache.
 */
import { strict as assert } from 'node:assert';
import { calibration } from '../../../../src/core/estimate/calibration';
import { perSequence, prefillAttentionFlops, timingModel } from '../../../../src/core/estimate/timing';
import { catalog } from '../../../../src/core/catalog';
import { estimate } from '../../../../src/core/estimate';
import type { EstimateRequest } from '../../../../src/core/estimate/types';
import { bf16, fp8, request } from '../../support/estimateFixtures';

const h200 = catalog.hardware.get('h200-sxm-141gb')!;
const dsv32 = catalog.models.get('deepseek-v3.2')!;
const llama70b = catalog.models.get('llama-3.1-70b')!;

const on = (model: EstimateRequest['model'], kvCache: EstimateRequest['kvCache']): EstimateRequest =>
  request({
    model,
    hardware: h200,
    weights: fp8,
    kvCache,
    gpusPerReplica: 8,
    parallelism: { tensor: 8, pipeline: 1, expert: 1, data: 1 },
  });

/** Attention time of a prompt of `s` tokens after `past` cached ones on one GPU of the replica, ms. */
function prefillAttentionMs(req: EstimateRequest, s: number, past: number): number {
  const t = timingModel(req, calibration);
  return prefillAttentionFlops(req, s, past, t.attnRates) / t.attnFlopsPerMs;
}

/** Attention time of one decode token at context `ctx`, ms. */
function decodeAttentionMs(req: EstimateRequest, ctx: number): number {
  const t = timingModel(req, calibration);
  return perSequence(req, ctx, t.attnRates).attnFlops / t.attnFlopsPerMs;
}

describe('sparse attention computes in bf16, its indexer in FP8, whatever the KV cache holds', () => {
  it('the rates: the attention peak (the cache format) over the bf16 and FP8 peaks of H200', () => {
    const withFp8 = timingModel(on(dsv32, fp8), calibration);
    const withBf16 = timingModel(on(dsv32, bf16), calibration);
    const ratio = h200.tflops.fp8! / h200.tflops.bf16!;
    assert.ok(ratio > 1.9 && ratio < 2.1, `H200 FP8/bf16 peaks ${ratio}`);
    assert.deepEqual(withFp8.attnRates, { sixteen: ratio, fp8: 1 });
    assert.deepEqual(withBf16.attnRates, { sixteen: 1, fp8: 1 / ratio });
  });

  it('DeepSeek-V3.2: a 32K prompt after 32K cached tokens takes the same attention time under an FP8 or a bf16 cache', () => {
    const a = prefillAttentionMs(on(dsv32, fp8), 32_768, 32_768);
    const b = prefillAttentionMs(on(dsv32, bf16), 32_768, 32_768);
    assert.ok(a > 0);
    assert.ok(Math.abs(a / b - 1) < 1e-9, `${a} vs ${b} ms`);
    // The same for a decode token at 64K.
    const d1 = decodeAttentionMs(on(dsv32, fp8), 65_536);
    const d2 = decodeAttentionMs(on(dsv32, bf16), 65_536);
    assert.ok(Math.abs(d1 / d2 - 1) < 1e-9, `${d1} vs ${d2} ms`);
  });

  it('DeepSeek-V3.2 under an FP8 cache: the top-k pairs at the bf16 rate, the indexer at the FP8 rate (hand arithmetic)', () => {
    const req = on(dsv32, fp8);
    const t = timingModel(req, calibration);
    const ctx = 65_536;
    const layers = dsv32.architecture.layers;
    // One decode token: 2,048 pairs × 2·128 heads·(576 + 512) at bf16, 65,536 pairs × 2·64·128 at FP8.
    const pairs = 2048 * 2 * 128 * (576 + 512);
    const indexer = ctx * 2 * 64 * 128;
    const expected = layers * (pairs * t.attnRates.sixteen + indexer * t.attnRates.fp8);
    const got = perSequence(req, ctx, t.attnRates).attnFlops;
    assert.ok(Math.abs(got / expected - 1) < 1e-12, `${got} vs ${expected}`);
  });

  it('a dense model still attends at its cache format’s rate: an FP8 cache halves Llama-70B’s prompt attention on H200', () => {
    const a = prefillAttentionMs(on(llama70b, fp8), 32_768, 0);
    const b = prefillAttentionMs(on(llama70b, bf16), 32_768, 0);
    assert.ok(Math.abs(b / a - h200.tflops.fp8! / h200.tflops.bf16!) < 1e-9, `${a} vs ${b} ms`);
  });

  it('the estimate says so for DeepSeek-V3.2, not for a dense model', () => {
    const says = (model: EstimateRequest['model']) =>
      estimate(on(model, fp8)).assumptions.some((a) => a.includes('top-k pairs in bf16'));
    assert.equal(says(dsv32), true);
    assert.equal(says(llama70b), false);
  });
});
