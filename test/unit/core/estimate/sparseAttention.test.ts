/**
 * DeepSeek Sparse Attention (DeepSeek-V3.2): the indexer's keys in the KV cache, the latent read
 * for only the top-k tokens in decode, attention FLOPs capped at top-k pairs per query (or the
 * masked dense form when cheaper), and the indexer's parameters. Checked against hand arithmetic
 * from the V3.2 config (index_topk 2048, index_n_heads 64, index_head_dim 128). GLM-5.3-Flash's
 * sparse layers are the same without a RoPE key (qk_rope_head_dim 0), one layer in four.
 */
import { strict as assert } from 'node:assert';
import { kvBytesPerToken, kvBytesPerSequencePerGpu, kvBytesReadPerStep } from '../../../../src/core/estimate/kv';
import { countParams } from '../../../../src/core/estimate/params';
import { prefillAttentionFlops } from '../../../../src/core/estimate/timing';
import { kernelsPerForward } from '../../../../src/core/estimate/kernels';
import { catalog } from '../../../../src/core/catalog';
import { findModelByHuggingFaceId } from '../../../../src/core/catalog/aliases';
import { describeModel } from '../../../../src/core/catalog/describe';
import { bf16, fp8, request } from '../../support/estimateFixtures';

const v32 = catalog.models.get('deepseek-v3.2')!;
const v31 = catalog.models.get('deepseek-v3.1')!;

describe('sparse attention (DeepSeek-V3.2)', () => {
  it('is in the catalog under its Hugging Face names, NVIDIA’s NVFP4 checkpoint included', () => {
    assert.ok(v32, 'deepseek-v3.2 in the catalog');
    assert.equal(findModelByHuggingFaceId('deepseek-ai/DeepSeek-V3.2-Exp')?.id, 'deepseek-v3.2');
    assert.equal(findModelByHuggingFaceId('nvidia/DeepSeek-V3.2-NVFP4')?.id, 'deepseek-v3.2');
    assert.match(describeModel(v32), /sparse MLA .*top-2048 tokens picked by a 64×128 indexer/);
  });

  it('KV per token and layer: FP8 latent in the sparse FlashMLA layout (656 B) + indexer key (132 B)', () => {
    assert.equal(kvBytesPerToken(v32.architecture, fp8), 61 * (656 + 132));
    // bf16 latent: 576 × 2; the indexer keys stay FP8.
    assert.equal(kvBytesPerToken(v32.architecture, bf16), 61 * (1152 + 132));
    // Dense MLA is unchanged: 576 bytes per token and layer in FP8.
    assert.equal(kvBytesPerToken(v31.architecture, fp8), 61 * 576);
    // Replicated on every TP rank, like the MLA latent.
    assert.equal(kvBytesPerSequencePerGpu(v32.architecture, fp8, 1000, 8, 1), 1000 * 61 * (656 + 132));
  });

  it('a decode step reads the latent of the top 2,048 tokens but the indexer key of every token', () => {
    const ctx = 32_768;
    assert.equal(kvBytesReadPerStep(v32.architecture, fp8, ctx, 8), 61 * (656 * 2048 + 132 * ctx));
    // Below top-k it reads everything it holds.
    assert.equal(
      kvBytesReadPerStep(v32.architecture, fp8, 1000, 8),
      kvBytesPerSequencePerGpu(v32.architecture, fp8, 1000, 8, 1),
    );
    // Dense MLA reads every token's latent.
    assert.equal(kvBytesReadPerStep(v31.architecture, fp8, ctx, 8), 61 * 576 * ctx);
  });

  it('prefill attention: masked dense below top-k, capped sparse pairs above it, plus the indexer over every pair', () => {
    const dense = (s: number) => prefillAttentionFlops(request({ model: v31 }), s);
    const sparse = (s: number) => prefillAttentionFlops(request({ model: v32 }), s);
    const indexer = (s: number) => 61 * ((s * (s + 1)) / 2) * 2 * 64 * 128;
    // 1,000 tokens: every pair is in the top-k; the masked dense form (expanded MLA) is the cheaper.
    assert.equal(sparse(1000), dense(1000) + indexer(1000));
    // 128K tokens: each query attends to 2,048 tokens in MQA form over the latent.
    const s = 131_072;
    const mqaPair = 2 * 128 * (576 + 512);
    assert.equal(sparse(s), indexer(s) + 61 * s * 2048 * mqaPair);
    assert.ok(sparse(s) < dense(s) / 3, `${sparse(s)} vs dense ${dense(s)}`);
  });

  it('the indexers add 0.85 B parameters (wq_b, wk, k_norm, weights_proj in each of 61 layers)', () => {
    const extra = countParams(v32.architecture).total - countParams(v31.architecture).total;
    assert.equal(extra, 61 * (1536 * 64 * 128 + 7168 * 128 + 2 * 128 + 7168 * 64));
    assert.equal(v32.totalParams - v31.totalParams, extra);
  });

  it('each layer launches the indexer’s 9 kernels more', () => {
    assert.equal(kernelsPerForward(v32.architecture) - kernelsPerForward(v31.architecture), 61 * 9);
  });
});

describe('sparse attention without RoPE (GLM-5.3-Flash)', () => {
  const glm = catalog.models.get('glm-5.3-flash')!;

  it('is in the catalog under its Hugging Face names; its MLA layers carry no RoPE key', () => {
    assert.equal(findModelByHuggingFaceId('zai-org/GLM-5.3-Flash')?.id, 'glm-5.3-flash');
    assert.equal(findModelByHuggingFaceId('zai-org/GLM-5.3-Flash-BF16')?.id, 'glm-5.3-flash');
    assert.match(
      describeModel(glm),
      /sparse MLA \(KV latent 512 \+ RoPE 0; top-2048 tokens picked by a 32×128 indexer\)/,
    );
  });

  it('only the 11 DSA layers (3, 7, … 43) hold KV: FP8 latent 512 + 4 scales (528 B) + indexer key (132 B)', () => {
    assert.equal(kvBytesPerToken(glm.architecture, fp8), 11 * (528 + 132));
    assert.equal(kvBytesPerToken(glm.architecture, bf16), 11 * (1024 + 132));
    // The 34 KDA layers add their constant state (bf16 conv + fp32 recurrent) once per sequence,
    // its heads split over the tensor ranks (a quarter on each of 4); the MLA latent is on every rank.
    const state = 34 * (3 * 64 * 128 * 3 * 2 + 64 * 128 * 128 * 4);
    assert.equal(kvBytesPerSequencePerGpu(glm.architecture, fp8, 1000, 4, 1), 1000 * 11 * (528 + 132) + state / 4);
    assert.equal(kvBytesPerSequencePerGpu(glm.architecture, fp8, 1000, 1, 1), 1000 * 11 * (528 + 132) + state);
  });
});
