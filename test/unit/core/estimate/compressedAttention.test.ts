/**
 * Compressed attention (DeepSeek-V4; catalog/schema.ts MlaCompressionFields): entries cached one per
 * `compressRatio` tokens, an uncompressed `windowTokens` branch held per sequence, no kv_b
 * up-projection (`kvUpProjection: false`), a grouped low-rank output projection. Checked against
 * hand arithmetic from the V4 configs (Pro: 30 CSA layers of ratio 4 with a top-1024 64×128
 * indexer, 31 HCA layers of ratio 128, window 128, o_groups 16 × o_lora_rank 1024) and the entries'
 * counts from the safetensors tables (models.json notes).
 */
import { strict as assert } from 'node:assert';
import {
  kvBytesPerSequencePerGpu,
  kvBytesPerToken,
  kvBytesReadPerStep,
  kvWindowBytesPerSequence,
} from '../../../../src/core/estimate/kv';
import { countParams, modelParams } from '../../../../src/core/estimate/params';
import { perSequence, prefillAttentionFlops, RAW_ATTENTION_FLOPS } from '../../../../src/core/estimate/timing';
import { kernelsPerForward } from '../../../../src/core/estimate/kernels';
import { estimate } from '../../../../src/core/estimate';
import { resolveOrThrow } from '../../support/resolved';
import { weightBytes } from '../../../../src/core/estimate/weights';
import { catalog } from '../../../../src/core/catalog';
import { findModelByHuggingFaceId } from '../../../../src/core/catalog/aliases';
import { describeModel } from '../../../../src/core/catalog/describe';
import { LayerAttentionSchema } from '../../../../src/core/catalog/schema';
import type { LayerAttention } from '../../../../src/core/catalog/types';
import { bf16, fp8, request, withAttention } from '../../support/estimateFixtures';

const pro = catalog.models.get('deepseek-v4-pro')!;
const flash = catalog.models.get('deepseek-v4-flash')!;

/** FlashMLA's DeepSeek-V4 FP8 entry: 448 FP8 NoPE + 64 BF16 RoPE + 7 UE8M0 scales + 1 pad. */
const ENTRY = 584;
/** The indexer's FP8 key of 128 + one FP32 scale. */
const IX = 132;

/** A one-layer-kind architecture of `layers` layers, DeepSeek-V4-Pro's dimensions. */
const arch = (att: LayerAttention, layers = 1) => withAttention(pro.architecture, att, layers);
const v4Layer = {
  kind: 'mla',
  kvLoraRank: 448,
  qkRopeHeadDim: 64,
  qkNopeHeadDim: 448,
  vHeadDim: 512,
  qLoraRank: 1536,
  kvUpProjection: false,
  windowTokens: 128,
  groupedOutput: { groups: 16, rank: 1024 },
} as const;
const csa: LayerAttention = {
  ...v4Layer,
  compressRatio: 4,
  sparse: { topK: 1024, indexerHeads: 64, indexerHeadDim: 128 },
};
const hca: LayerAttention = { ...v4Layer, compressRatio: 128 };

describe('compressed attention (DeepSeek-V4)', () => {
  it('is in the catalog under its Hugging Face names and described by kind', () => {
    assert.equal(findModelByHuggingFaceId('deepseek-ai/DeepSeek-V4-Pro')?.id, 'deepseek-v4-pro');
    assert.equal(findModelByHuggingFaceId('nvidia/DeepSeek-V4-Flash-NVFP4')?.id, 'deepseek-v4-flash');
    const d = describeModel(pro);
    assert.match(d, /61 layers: 31 × compressed MLA \(1 entry per 128 tokens of latent 448 \+ RoPE 64, K = V/);
    assert.match(d, /30 × compressed sparse MLA \(1 entry per 4 tokens .*top-1024 entries picked by a 64×128 indexer/);
    assert.match(describeModel(flash), /2 × window-only MLA .*a 128-token window/);
  });

  it('the schema takes the new fields and rejects compressRatio 0 without a window', () => {
    assert.ok(LayerAttentionSchema.safeParse(csa).success);
    assert.ok(LayerAttentionSchema.safeParse({ ...v4Layer, compressRatio: 0 }).success);
    const { windowTokens: _w, ...noWindow } = v4Layer;
    assert.equal(LayerAttentionSchema.safeParse({ ...noWindow, compressRatio: 0 }).success, false);
    assert.equal(LayerAttentionSchema.safeParse({ ...v4Layer, groupedOutput: { groups: 16 } }).success, false);
  });

  it('KV per token at FP8: (entry + indexer key) ÷ ratio, the notes’ 5,511 B (Pro) and 3,850 B (Flash)', () => {
    assert.equal(kvBytesPerToken(arch(csa), fp8), (ENTRY + IX) / 4);
    assert.equal(kvBytesPerToken(arch(hca), fp8), ENTRY / 128);
    assert.equal(kvBytesPerToken(pro.architecture, fp8), (30 * (ENTRY + IX)) / 4 + (31 * ENTRY) / 128);
    assert.equal(Math.round(kvBytesPerToken(pro.architecture, fp8)), 5511);
    assert.equal(kvBytesPerToken(flash.architecture, fp8), (21 * (ENTRY + IX)) / 4 + (20 * ENTRY) / 128);
    assert.equal(Math.round(kvBytesPerToken(flash.architecture, fp8)), 3850);
    // BF16: the 512 elements at 2 bytes; the indexer keys stay FP8.
    assert.equal(kvBytesPerToken(pro.architecture, bf16), (30 * (1024 + IX)) / 4 + (31 * 1024) / 128);
  });

  it('the window is a per-sequence constant: at most 128 entries a layer, none indexed', () => {
    assert.equal(kvWindowBytesPerSequence(pro.architecture, fp8, 1_000_000), 61 * 128 * ENTRY);
    assert.equal(kvWindowBytesPerSequence(pro.architecture, fp8, 100), 61 * 100 * ENTRY);
    // Window-only layers (Flash 0-1) hold nothing else.
    assert.equal(kvBytesPerSequencePerGpu(arch({ ...v4Layer, compressRatio: 0 }), fp8, 10_000, 8, 1), 128 * ENTRY);
    // A CSA layer at 9,216 tokens: 2,304 entries and keys + the window; replicated on every TP rank.
    assert.equal(kvBytesPerSequencePerGpu(arch(csa), fp8, 9216, 8, 1), (9216 / 4) * (ENTRY + IX) + 128 * ENTRY);
    // Paged: tokens and window rounded to whole blocks.
    assert.equal(kvBytesPerSequencePerGpu(arch(hca), fp8, 1000, 1, 1, 16), (1008 / 128) * ENTRY + 128 * ENTRY);
  });

  it('a decode step reads the window, every indexer key and min(top-k, ctx/4) latents; HCA every entry', () => {
    const read = (ctx: number) => kvBytesReadPerStep(arch(csa), fp8, ctx, 8);
    // 2,048 tokens: 512 entries, all under top-k: everything held is read.
    assert.equal(read(2048), kvBytesPerSequencePerGpu(arch(csa), fp8, 2048, 8, 1));
    // 131,072 tokens: 32,768 entries, 1,024 latents read.
    assert.equal(read(131_072), 128 * ENTRY + 1024 * ENTRY + 32_768 * IX);
    assert.equal(kvBytesReadPerStep(arch(hca), fp8, 131_072, 8), 128 * ENTRY + 1024 * ENTRY);
    // It grows with ctx/ratio: the indexer keys (CSA), the entries (HCA).
    assert.equal(read(262_144) - read(131_072), 32_768 * IX);
    const hcaRead = (ctx: number) => kvBytesReadPerStep(arch(hca), fp8, ctx, 8);
    assert.equal(hcaRead(262_144) - hcaRead(131_072), 1024 * ENTRY);
    // The whole of Pro at 1M tokens: 1.2 GB a sequence a step, a fifth of what it holds.
    const ctx = 1_048_576;
    const pro1m = 61 * 128 * ENTRY + 30 * (1024 * ENTRY + (ctx / 4) * IX) + 31 * (ctx / 128) * ENTRY;
    assert.equal(kvBytesReadPerStep(pro.architecture, fp8, ctx, 8), pro1m);
    assert.ok(pro1m < kvBytesPerSequencePerGpu(pro.architecture, fp8, ctx, 8, 1) / 4);
  });

  it('attention FLOPs: window + min(top-k, position/ratio) pairs over the 512-wide latent, the indexer over position/ratio', () => {
    const pair = 2 * 128 * (512 + 512);
    const ix = 2 * 64 * 128;
    const ctx = 131_072;
    const decode = (a: LayerAttention) =>
      perSequence(request({ model: { ...pro, architecture: arch(a) } }), ctx, RAW_ATTENTION_FLOPS).attnFlops;
    assert.equal(decode(csa), 128 * pair + 1024 * pair + (ctx / 4) * ix);
    assert.equal(decode(hca), 128 * pair + (ctx / 128) * pair);
    // A prompt of s tokens: the window pairs, s·(s+1)/2 ÷ 128 HCA pairs (all below the cap).
    const s = 4096;
    const prompt = prefillAttentionFlops(request({ model: { ...pro, architecture: arch(hca) } }), s);
    assert.equal(prompt, s * Math.min(128, s / 2) * pair + ((s * (s + 1)) / 2 / 128) * pair);
  });

  it('parameters: no kv_b, the grouped output, the compressors; active within 0.3% of the entries’', () => {
    const h = 7168;
    const q = h * 1536 + 1536 * 128 * 512;
    const out = 128 * 512 * 1024 + 16 * 1024 * h; // wo_a 4096×16384, wo_b 16384×7168
    const hcaParams = q + h * 512 + out + 2 * h * 512;
    const csaParams = q + h * 512 + out + 2 * 2 * h * 512 + (1536 * 64 * 128 + 2 * 2 * h * 128 + 2 * 128 + h * 64);
    assert.equal(countParams(arch(hca)).attention, hcaParams);
    assert.equal(countParams(arch(csa)).attention, csaParams);
    // Pro's 61 layers: 19.46 B counted, 19.47 B in the tensor table.
    assert.ok(Math.abs(countParams(pro.architecture).attention - 19.47e9) < 0.02e9);
    for (const m of [pro, flash]) {
      const p = modelParams(m);
      const withInputEmbedding = p.activePerToken + m.architecture.vocabSize * m.architecture.hiddenSize;
      assert.ok(Math.abs(withInputEmbedding / m.activeParams - 1) < 0.003, `${m.id}: ${withInputEmbedding}`);
      // The shapes account for the total: the body is rescaled by less than 0.02%.
      assert.ok(Math.abs(countParams(m.architecture).total / m.totalParams - 1) < 2e-4);
    }
  });

  it('an estimate says what it leaves out; DeepSeek-V3.2’s does not', () => {
    const said = (m: typeof pro) =>
      estimate(request({ model: m, weights: fp8, kvCache: fp8 })).assumptions.some((a) =>
        /^compressed attention/.test(a),
      );
    assert.ok(said(pro));
    assert.equal(said(catalog.models.get('deepseek-v3.2')!), false);
  });

  it('the release is sized as stored: MXFP4 experts, the rest at 8 bits (nativeNonExpertBitsPerWeight)', () => {
    const mxfp4 = catalog.formats.get('mxfp4')!;
    // The released tensor tables' main-model bytes (hfConfig.test.ts reads them from the configs):
    // Pro 850,729,588,684 without the tid2eid tables, Flash 155,997,081,820.
    const within = (actual: number, expected: number, share: number) =>
      assert.ok(Math.abs(actual / expected - 1) < share, `${actual} vs ${expected}`);
    within(weightBytes(pro, mxfp4).total, 850_729_588_684, 0.002);
    within(weightBytes(flash, mxfp4).total, 155_997_081_820, 0.005);
    assert.equal(weightBytes(pro, mxfp4).nonExpertBits, 8);
    // Another format keeps its own rule: NVFP4 leaves the non-expert layers at its bits.
    assert.equal(weightBytes(pro, catalog.formats.get('nvfp4')!).nonExpertBits, 4.5);
  });

  it('DeepSeek-V4-Pro on 8 × B200 with DP attention 8 and EP 8 fits (the SGLang cookbook serves it so)', () => {
    // Every rank holds the non-expert layers whole under DP attention: at 16 bits they were 19.5 GB
    // a GPU too many and the estimate said it did not fit (181.3 GiB needed of 178.2).
    const r = estimate(
      resolveOrThrow({
        model: 'deepseek-v4-pro',
        weights: 'mxfp4',
        hardware: 'b200-180gb',
        gpus: 8,
        engine: 'sglang',
        parallelism: { tensor: 1, data: 8, expert: 8 },
        workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 256 },
      }),
    );
    assert.ok(r.memory.fits, r.memory.reason);
    // Experts 1,547.4 B × 4.25 / 8 ÷ 8 + the replicated 23.7 GB of 8-bit layers and 3.7 GB of
    // bf16 embedding and head = 130.1 GB = 121.2 GiB.
    assert.ok(Math.abs(r.memory.perGpuGiB.weights.value - 121.2) < 0.1, String(r.memory.perGpuGiB.weights.value));
  });

  it('kernels: without kv_b −2, grouped output +1, a compressor +3 (two in CSA), the window +1', () => {
    const base = kernelsPerForward(
      arch({ kind: 'mla', kvLoraRank: 448, qkRopeHeadDim: 64, qkNopeHeadDim: 448, vHeadDim: 512 }),
    );
    assert.equal(kernelsPerForward(arch(hca)) - base, -2 + 1 + 3 + 1);
    const sparseBase = kernelsPerForward(
      arch({
        kind: 'mla',
        kvLoraRank: 448,
        qkRopeHeadDim: 64,
        qkNopeHeadDim: 448,
        vHeadDim: 512,
        sparse: { topK: 1024, indexerHeads: 64, indexerHeadDim: 128 },
      }),
    );
    assert.equal(kernelsPerForward(arch(csa)) - sparseBase, -2 + 1 + 6 + 1);
  });
});
