/**
 * Block-sparse GQA (MiniMax Sparse Attention, MiniMax-M3; catalog/schema.ts `sparse` on a `full`
 * layer): K and V of every token plus one indexer key a token cached, the indexer scoring every
 * cached token, attention and decode K/V reads over topK tokens (16 blocks of 128 + the local
 * block = 2,176). MiniMax-M3: layers 0-2 dense, 3-59 sparse; checked against hand arithmetic and
 * the entry's notes (137,472 B a token at BF16; 426,174,572,928 / 25,962,473,856 parameters).
 */
import { strict as assert } from 'node:assert';
import { kvBytesPerToken, kvBytesReadPerStep } from '../../../../src/core/estimate/kv';
import { countParams, layerAttention, modelParams } from '../../../../src/core/estimate/params';
import { perSequence, prefillAttentionFlops, RAW_ATTENTION_FLOPS } from '../../../../src/core/estimate/timing';
import { kernelsPerForward } from '../../../../src/core/estimate/kernels';
import { kvDescriptors } from '../../../../src/core/estimate/kvTransfer';
import { estimate } from '../../../../src/core/estimate';
import { catalog } from '../../../../src/core/catalog';
import { matchModel } from '../../../../src/core/catalog/modelReference';
import { describeModel } from '../../../../src/core/catalog/describe';
import { LayerAttentionSchema } from '../../../../src/core/catalog/schema';
import { applyWorkspaceCatalog } from '../../../../src/core/catalog/workspace';
import type { LayerAttention, ModelArchitecture, ModelEntry } from '../../../../src/core/catalog/types';
import { bf16, fp8, request, withAttention } from '../../support/estimateFixtures';

const m3 = catalog.models.get('minimax-m3')!;
const sparse = { topK: 2176, indexerHeads: 4, indexerHeadDim: 128 };
const dense: LayerAttention = { kind: 'full' };
const blockSparse: LayerAttention = { kind: 'full', sparse };
/** K and V of 4 heads of 128 at BF16, a token and layer (TP 1). */
const KV_BF16 = 2 * 4 * 128 * 2;
/** One indexer: index_qk_proj 6144 → (4 + 1) × 128, index q and k norms of 128. */
const INDEXER_PARAMS = 6144 * 5 * 128 + 2 * 128;

/** MiniMax-M3's architecture with one attention kind (or pattern), no MoE. */
const arch = (attention: ModelArchitecture['attention'], layers = 1) =>
  withAttention(m3.architecture, attention, layers);
const model = (a: ModelArchitecture): ModelEntry => ({ ...m3, architecture: a });
const req = (m: ModelEntry, kv = bf16) => request({ model: m, weights: bf16, kvCache: kv });

describe('block-sparse GQA (MiniMax-M3 MiniMax Sparse Attention)', () => {
  it('MiniMax-M3 is in the catalog: 3 dense layers, then 57 sparse, its three repos resolve', () => {
    const a = m3.architecture;
    assert.ok('pattern' in a.attention && a.attention.pattern.length === 60);
    for (let i = 0; i < 60; i++) assert.deepEqual(layerAttention(a, i), i < 3 ? dense : blockSparse, `layer ${i}`);
    const resolved = (ref: string) => {
      const x = matchModel(ref, catalog);
      return [x.model?.id, x.checkpointWeights];
    };
    assert.deepEqual(resolved('MiniMaxAI/MiniMax-M3'), ['minimax-m3', undefined]);
    assert.deepEqual(resolved('nvidia/MiniMax-M3-NVFP4'), ['minimax-m3', 'nvfp4']);
    assert.deepEqual(resolved('amd/MiniMax-M3-MXFP4'), ['minimax-m3', 'mxfp4']);
    // -MXFP8 names no catalog format, so the repo is not listed (it would load as bf16).
    assert.equal(resolved('MiniMaxAI/MiniMax-M3-MXFP8')[1], undefined);
    assert.ok(!m3.huggingface?.includes('MiniMaxAI/MiniMax-M3-MXFP8'));
    assert.match(describeModel(m3), /60 layers: 3 × full, 57 × block-sparse full \(top-2176 tokens .*4×128 indexer\)/);
  });

  it('the schemas take `sparse` on a full layer; a full layer without it is unchanged', () => {
    assert.ok(LayerAttentionSchema.safeParse(blockSparse).success);
    assert.equal(LayerAttentionSchema.safeParse({ kind: 'full', sparse: { topK: 2176 } }).success, false);
    assert.equal(
      LayerAttentionSchema.safeParse({ kind: 'full', sparse: { ...sparse, sharedIndexer: true } }).success,
      false,
    );
    const yaml = [
      'models:',
      '  - id: tiny-msa',
      '    name: Tiny MSA',
      '    family: test',
      '    architecture:',
      '      {layers: 2, hiddenSize: 1024, attentionHeads: 8, kvHeads: 2, headDim: 128, ffnSize: 2048,',
      '       vocabSize: 1000, tiedEmbeddings: false, maxContextTokens: 8192,',
      '       attention: {pattern: [{kind: full}, {kind: full, sparse: {topK: 640, indexerHeads: 2, indexerHeadDim: 64}}]}}',
      '    totalParams: 100000000',
      '    activeParams: 100000000',
      '    nativeWeights: bf16',
      '    sources: [test]',
    ].join('\n');
    const ws = applyWorkspaceCatalog(catalog, yaml);
    assert.deepEqual(ws.problems, []);
    assert.equal(kvBytesPerToken(ws.catalog.models.get('tiny-msa')!.architecture, fp8), 2 * 512 + 64);
  });

  it('KV per token: K and V everywhere, the indexer key in the 57 sparse layers: 137,472 B at BF16', () => {
    assert.equal(kvBytesPerToken(arch(dense), bf16), KV_BF16);
    assert.equal(kvBytesPerToken(arch(blockSparse), bf16), KV_BF16 + 128 * 2);
    assert.equal(kvBytesPerToken(m3.architecture, bf16), 60 * KV_BF16 + 57 * 256);
    assert.equal(kvBytesPerToken(m3.architecture, bf16), 137_472);
    assert.equal(kvBytesPerToken(m3.architecture, fp8), 68_736);
  });

  it('a decode step reads every indexer key and K/V of top-k tokens (the key replicated on each TP rank)', () => {
    const ctx = 131_072;
    // TP 8: the 4 KV heads give one a rank (replicated), 512 B a token at BF16.
    const perRank = 2 * 1 * 128 * 2;
    assert.equal(kvBytesReadPerStep(arch(blockSparse), bf16, ctx, 8), 2176 * perRank + ctx * 256);
    assert.equal(kvBytesReadPerStep(arch(dense), bf16, ctx, 8), ctx * perRank);
    assert.equal(
      kvBytesReadPerStep(m3.architecture, bf16, ctx, 8),
      3 * ctx * perRank + 57 * (2176 * perRank + ctx * 256),
    );
    assert.equal(kvBytesReadPerStep(m3.architecture, bf16, ctx, 8), 2_177_433_600);
    // Below top-k everything held is read.
    assert.equal(kvBytesReadPerStep(arch(blockSparse), bf16, 1000, 8), 1000 * (perRank + 256));
  });

  it('attention FLOPs: top-k pairs plus the indexer over every cached token', () => {
    const ctx = 131_072;
    const pair = 2 * 64 * (128 + 128);
    const ix = 2 * 4 * 128;
    const decode = (a: ModelArchitecture) => perSequence(req(model(a)), ctx, RAW_ATTENTION_FLOPS).attnFlops;
    assert.equal(decode(arch(blockSparse)), 2176 * pair + ctx * ix);
    assert.equal(decode(arch(dense)), ctx * pair);
    assert.equal(decode(m3.architecture), 3 * ctx * pair + 57 * (2176 * pair + ctx * ix));
    const s = 32_768;
    const prompt = (a: ModelArchitecture) => prefillAttentionFlops(req(model(a)), s);
    // Windowed pairs as the estimator takes them (like a sliding layer's): s · min(topK, s / 2).
    const expected = s * 2176 * pair + ((s * (s + 1)) / 2) * ix;
    assert.ok(Math.abs(prompt(arch(blockSparse)) / expected - 1) < 1e-12);
  });

  it('parameters: 57 indexers of 3,932,416; the counts the entry states', () => {
    assert.equal(INDEXER_PARAMS, 3_932_416);
    assert.equal(countParams(arch(blockSparse)).attention - countParams(arch(dense)).attention, INDEXER_PARAMS);
    // The shapes less the q/k and layer norms, router bias and final norm the entry counts.
    const unCounted = 60 * (2 * 128 + 2 * 6144) + 57 * 128 + 6144;
    assert.equal(m3.totalParams - countParams(m3.architecture).total, unCounted);
    assert.equal(m3.totalParams, 426_174_572_928);
    assert.equal(m3.activeParams, 25_962_473_856);
    const p = modelParams(m3);
    assert.equal(p.total, m3.totalParams);
    const withInputEmbedding = p.activePerToken + 200_064 * 6144;
    assert.ok(Math.abs(withInputEmbedding / m3.activeParams - 1) < 1e-4, `${withInputEmbedding}`);
  });

  it('kernels: +6 a sparse layer; KV transfer: three descriptors a block (K, V, indexer key)', () => {
    assert.equal(kernelsPerForward(arch(blockSparse)) - kernelsPerForward(arch(dense)), 6);
    const blocks = 8192 / 16;
    assert.equal(kvDescriptors(req(model(arch(blockSparse))), 8192, 'nixl'), 3 * blocks);
    assert.equal(kvDescriptors(req(m3), 8192, 'nixl'), (3 * 2 + 57 * 3) * blocks);
  });

  it('an estimate says the attention is block-sparse; a dense model’s does not', () => {
    const line = (m: ModelEntry) => estimate(req(m)).assumptions.find((a) => /^block-sparse attention/.test(a));
    assert.match(line(m3) ?? '', /top-k tokens/);
    assert.equal(line(catalog.models.get('minimax-m2.7')!), undefined);
  });
});
