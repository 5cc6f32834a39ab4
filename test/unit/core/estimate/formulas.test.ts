import { strict as assert } from 'node:assert';
import { kvBytesPerToken, kvElementsPerToken, kvBytesPerSequencePerGpu } from '../../../../src/core/estimate/kv';
import { weightBytes, weightBytesPerGpu, expertsTouched, GiB } from '../../../../src/core/estimate/weights';
import { countParams } from '../../../../src/core/estimate/params';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { calibration } from '../../../../src/core/estimate/calibration';
import { prefillAttentionFlops } from '../../../../src/core/estimate/timing';
import { normalQuantile } from '../../../../src/core/estimate/serving';
import { estimate } from '../../../../src/core/estimate';
import {
  bf16,
  deepseekV3,
  fp8,
  gemma2_9b,
  h100,
  llama31_8b,
  llamacpp,
  mixtral,
  q8_0,
  request,
  rtx4090,
  trtllm,
} from '../../support/estimateFixtures';

describe('estimate: KV-cache geometry', () => {
  it('Llama-3.1-8B at bf16 is 131,072 bytes per token (32 layers × 2 × 8 kv heads × 128 × 2 B)', () => {
    assert.equal(kvBytesPerToken(llama31_8b.architecture, bf16), 131072);
  });
  it('GQA shards KV heads over TP, and replicates once TP exceeds the KV heads', () => {
    const a = llama31_8b.architecture;
    assert.equal(kvBytesPerSequencePerGpu(a, bf16, 1, 8, 1), 131072 / 8);
    assert.equal(kvBytesPerSequencePerGpu(a, bf16, 1, 16, 1), 131072 / 8); // ceil(8/16) = 1 head per rank
  });
  it('DeepSeek-V3 MLA is 61 × 576 elements per token, not sharded by TP', () => {
    assert.equal(kvElementsPerToken(deepseekV3.architecture), 61 * 576);
    assert.equal(kvBytesPerSequencePerGpu(deepseekV3.architecture, bf16, 1, 8, 1), 61 * 576 * 2);
  });
  it("gemma-2-9b's local (sliding) layers are capped at 4,096 tokens", () => {
    const a = gemma2_9b.architecture;
    const perLayerToken = 2 * 8 * 256 * 2; // bytes per token per layer
    const expected = 21 * 8192 * perLayerToken + 21 * 4096 * perLayerToken;
    assert.equal(kvBytesPerSequencePerGpu(a, bf16, 8192, 1, 1), expected);
    // below the window both kinds grow alike
    assert.equal(kvBytesPerSequencePerGpu(a, bf16, 1000, 1, 1), 42 * 1000 * perLayerToken);
  });
  it('q8_0 KV costs 8.5 bits per element (block scales included)', () => {
    assert.equal(kvBytesPerToken(llama31_8b.architecture, q8_0), (131072 / 2) * (8.5 / 8));
  });
  it('paged allocation rounds each sequence up to whole blocks', () => {
    const a = llama31_8b.architecture;
    assert.equal(kvBytesPerSequencePerGpu(a, bf16, 17, 1, 1, 16), 32 * 131072);
  });
  it('pipeline stages split the layers (most loaded stage counts)', () => {
    const a = llama31_8b.architecture;
    assert.equal(kvBytesPerSequencePerGpu(a, bf16, 100, 1, 3), (100 * 131072 * 11) / 32);
  });
});

describe('estimate: weights', () => {
  it('bf16 Llama-3.1-8B weighs totalParams × 2 bytes', () => {
    assert.equal(weightBytes(llama31_8b, bf16).total, 8030261248 * 2);
  });
  it('counts a tied embedding once', () => {
    const p = countParams(gemma2_9b.architecture);
    assert.equal(p.lmHead, 0);
    assert.equal(p.embedding, 256000 * 3584);
  });
  it('keeps embeddings in their own precision (fp8 body, bf16 embeddings)', () => {
    const w = weightBytes(llama31_8b, fp8);
    const emb = 2 * 128256 * 4096;
    assert.equal(w.embedding + w.lmHead, emb * 2);
    assert.ok(Math.abs(w.total - ((8030261248 - emb) * 1 + emb * 2)) < 1e3);
  });
  it('MoE holds every expert in memory', () => {
    assert.ok(Math.abs(weightBytes(mixtral, bf16).total - 46702792704 * 2) < 1e3);
  });
  it('shards weights by TP and PP; experts by max(TP, EP)', () => {
    const w = weightBytes(mixtral, bf16);
    assert.ok(Math.abs(weightBytesPerGpu(w, 2, 1, 1) - w.total / 2) < 1);
    assert.ok(weightBytesPerGpu(w, 1, 1, 1) > weightBytesPerGpu(w, 1, 2, 1));
    assert.ok(weightBytesPerGpu(w, 2, 1, 2) === weightBytesPerGpu(w, 2, 1, 1));
  });
  it('expected experts touched: k at batch 1, all at large batch', () => {
    assert.equal(expertsTouched(8, 2, 1), 2);
    assert.ok(expertsTouched(256, 8, 10000) > 255.99);
  });
});

describe('estimate: memory contracts', () => {
  it('vLLM: KV pool = capacity × fraction − weights − activations − runtime', () => {
    const m = memoryModel(request({ engineOptions: { gpuMemoryUtilization: 0.8 } }), calibration);
    const expected = 79.18 * 0.8 - m.weightsPerGpuGiB - m.activationsGiB - m.runtimeGiB;
    assert.ok(Math.abs(m.kvPoolGiB - expected) < 1e-9);
  });
  it('TensorRT-LLM: KV pool = fraction × free memory', () => {
    const m = memoryModel(request({ engine: trtllm }), calibration);
    const expected = 0.9 * (79.18 - m.weightsPerGpuGiB - m.activationsGiB - m.runtimeGiB);
    assert.ok(Math.abs(m.kvPoolGiB - expected) < 1e-9);
  });
  it('llama.cpp: KV sized for the context; a 70 GB model does not fit a 24 GB card', () => {
    const ok = memoryModel(
      request({
        engine: llamacpp,
        hardware: rtx4090,
        weights: q8_0,
        kvCache: bf16,
        workload: { inputTokens: 512, outputTokens: 512, concurrency: 1 },
      }),
      calibration,
    );
    assert.ok(ok.fits);
    assert.ok(Math.abs(ok.kvPoolGiB - (1024 * 131072) / GiB) < 1e-9);
    const big = memoryModel(
      request({ engine: llamacpp, hardware: rtx4090, model: mixtral, weights: q8_0 }),
      calibration,
    );
    assert.equal(big.fits, false);
    assert.match(big.reason ?? '', /needs/);
  });
  it('unified memory: the OS share comes off the configuration (Apple: working-set limit)', () => {
    const mac = {
      ...rtx4090,
      id: 'apple-m2-ultra',
      vendor: 'Apple',
      class: 'unified-memory' as const,
      memoryGB: 64,
      visibleMemoryGiB: 48,
    };
    const m = memoryModel(request({ hardware: mac, memoryGB: 192, engine: llamacpp }), calibration);
    assert.equal(m.capacityGiB, 192 * 0.75);
    const small = memoryModel(request({ hardware: mac, memoryGB: 16, engine: llamacpp }), calibration);
    assert.ok(Math.abs(small.capacityGiB - 16 * 0.67) < 1e-9);
  });
});

describe('estimate: timing building blocks', () => {
  it('causal prefill attention = L·S²·heads·(d_qk+d_v) (pairs S(S+1)/2)', () => {
    const s = 1000;
    const f = prefillAttentionFlops(request(), s);
    assert.equal(f, 32 * ((s * (s + 1)) / 2) * 2 * 32 * 256);
  });
  it('normal quantile', () => {
    assert.ok(Math.abs(normalQuantile(0.95) - 1.6449) < 1e-3);
    assert.ok(Math.abs(normalQuantile(0.5)) < 1e-9);
  });
  void h100;
});

describe('estimate: engines without calibration', () => {
  it("say so: vLLM's efficiencies are used and the assumptions do not call them fitted", () => {
    const withoutTrt = {
      ...calibration,
      engines: Object.fromEntries(Object.entries(calibration.engines).filter(([id]) => id !== 'tensorrt-llm')),
    };
    const calibrated = estimate(request({ engine: trtllm }), calibration).assumptions;
    const fallback = estimate(request({ engine: trtllm }), withoutTrt).assumptions;
    assert.ok(
      calibrated.some((a) => /tensorrt-llm on .*, fitted/.test(a)),
      calibrated.join('\n'),
    );
    assert.ok(!calibrated.some((a) => /no calibration/.test(a)));
    assert.ok(
      fallback.some((a) =>
        /no calibration for engine tensorrt-llm: vLLM's efficiencies and overheads are used/.test(a),
      ),
      fallback.join('\n'),
    );
    assert.ok(!fallback.some((a) => /fitted\)/.test(a)), 'the fallback is not called fitted');
  });
});
