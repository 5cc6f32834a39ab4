/**
 * Shared indexers (GLM-5.2's IndexShare; catalog/schema.ts `sparse.sharedIndexer`): a sparse MLA
 * layer that reuses the top-k selection of the last earlier layer with an indexer attends topK
 * tokens like any sparse layer but caches no indexer key, runs no indexer and holds no indexer
 * weights. GLM-5.2 (config.json indexer_types): 21 of 78 layers index (0, 1, 2, 6, 10, ..., 74),
 * the other 57 share. Checked against hand arithmetic and the entry's notes (53,940 B a token at
 * FP8; 743,377,019,904 / 41,250,530,304 parameters, the safetensors total matched with 21 indexers).
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
import { LayerAttentionSchema, ModelArchitectureSchema } from '../../../../src/core/catalog/schema';
import { applyWorkspaceCatalog } from '../../../../src/core/catalog/workspace';
import type { LayerAttention, ModelArchitecture, ModelEntry } from '../../../../src/core/catalog/types';
import { bf16, fp8, request, withAttention } from '../../support/estimateFixtures';

const glm5 = catalog.models.get('glm-5')!;
const glm52 = catalog.models.get('glm-5.2')!;

/** FP8 latent in the sparse FlashMLA layout: 512 FP8 + 4 FP32 scales + 64 BF16 RoPE. */
const LATENT = 656;
/** The indexer's FP8 key of 128 + one FP32 scale. */
const IX = 132;
/** One GLM-5 indexer: wq_b 2048→32×128, wk 6144→128, k_norm weight + bias, weights_proj 6144→32. */
const INDEXER_PARAMS = 2048 * 32 * 128 + 6144 * 128 + 2 * 128 + 6144 * 32;
/** The layers that run their own indexer (config.json indexer_types "full"). */
const INDEXED = [0, 1, 2, ...Array.from({ length: 18 }, (_, k) => 6 + 4 * k)];

const sparse = { topK: 2048, indexerHeads: 32, indexerHeadDim: 128 };
const indexed: LayerAttention = {
  kind: 'mla',
  kvLoraRank: 512,
  qkRopeHeadDim: 64,
  qkNopeHeadDim: 192,
  vHeadDim: 256,
  qLoraRank: 2048,
  sparse,
};
const shared: LayerAttention = { ...indexed, sparse: { ...sparse, sharedIndexer: true } };

/** GLM-5's architecture with one attention kind (or pattern), no MoE. */
const arch = (attention: ModelArchitecture['attention'], layers = 1) =>
  withAttention(glm5.architecture, attention, layers);
const req = (m: ModelEntry) => request({ model: m, weights: fp8, kvCache: fp8 });

describe('shared indexers (GLM-5.2 IndexShare)', () => {
  it('GLM-5.2 is in the catalog under its four repos, with the weights each names', () => {
    const resolved = (ref: string) => {
      const m = matchModel(ref, catalog);
      return [m.model?.id, m.checkpointWeights];
    };
    assert.deepEqual(resolved('zai-org/GLM-5.2'), ['glm-5.2', undefined]);
    assert.deepEqual(resolved('zai-org/GLM-5.2-FP8'), ['glm-5.2', 'fp8']);
    assert.deepEqual(resolved('nvidia/GLM-5.2-NVFP4'), ['glm-5.2', 'nvfp4']);
    assert.deepEqual(resolved('amd/GLM-5.2-MXFP4'), ['glm-5.2', 'mxfp4']);
    assert.deepEqual(resolved('zai-org/GLM-5-FP8'), ['glm-5', 'fp8']);
    assert.equal(glm52.architecture.maxContextTokens, 1_048_576);
  });

  it('lists all 78 layers: an indexer on 0, 1, 2, 6, 10, ..., 74 (i < 3 or (i − 2) % 4 = 0), shared on the 57 others', () => {
    const a = glm52.architecture;
    assert.ok('pattern' in a.attention && a.attention.pattern.length === 78);
    const own: number[] = [];
    for (let i = 0; i < 78; i++) {
      const att = layerAttention(a, i);
      assert.ok(att.kind === 'mla' && att.sparse?.topK === 2048, `layer ${i}`);
      if (att.sparse.sharedIndexer !== true) own.push(i);
      // Apart from the flag, every layer is GLM-5's.
      assert.deepEqual(
        { ...att, sparse: { ...att.sparse, sharedIndexer: undefined } },
        {
          ...glm5.architecture.attention,
          sparse: { ...sparse, sharedIndexer: undefined },
        },
      );
    }
    assert.deepEqual(own, INDEXED);
    assert.equal(own.length, 21);
    assert.deepEqual(
      own,
      Array.from({ length: 78 }, (_, i) => i).filter((i) => Math.max(i - 3 + 1, 0) % 4 === 0),
    );
    assert.match(
      describeModel(glm52),
      /78 layers: 21 × sparse MLA .*picked by a 32×128 indexer\), 57 × sparse MLA .*picked by an earlier layer's 32×128 indexer \(shared/,
    );
  });

  it('the schemas take the flag; the first sparse layer of a model must have its own indexer', () => {
    assert.ok(LayerAttentionSchema.safeParse(shared).success);
    assert.equal(
      LayerAttentionSchema.safeParse({ ...indexed, sparse: { ...sparse, sharedIndexer: 1 } }).success,
      false,
    );
    assert.ok(ModelArchitectureSchema.safeParse(arch({ pattern: [indexed, shared, shared, shared] })).success);
    assert.equal(ModelArchitectureSchema.safeParse(arch(shared)).success, false);
    assert.equal(ModelArchitectureSchema.safeParse(arch({ pattern: [shared, indexed] })).success, false);
    const yaml = [
      'models:',
      '  - id: tiny-indexshare',
      '    name: Tiny IndexShare',
      '    family: test',
      '    architecture:',
      '      {layers: 4, hiddenSize: 1024, attentionHeads: 8, kvHeads: 8, headDim: 128, ffnSize: 2048,',
      '       vocabSize: 1000, tiedEmbeddings: false, maxContextTokens: 8192,',
      '       attention: {pattern: [',
      '         {kind: mla, kvLoraRank: 256, qkRopeHeadDim: 64, qkNopeHeadDim: 64, vHeadDim: 64,',
      '          sparse: {topK: 512, indexerHeads: 8, indexerHeadDim: 64}},',
      '         {kind: mla, kvLoraRank: 256, qkRopeHeadDim: 64, qkNopeHeadDim: 64, vHeadDim: 64,',
      '          sparse: {topK: 512, indexerHeads: 8, indexerHeadDim: 64, sharedIndexer: true}}]}}',
      '    totalParams: 100000000',
      '    activeParams: 100000000',
      '    nativeWeights: bf16',
      '    sources: [test]',
    ].join('\n');
    const ws = applyWorkspaceCatalog(catalog, yaml);
    assert.deepEqual(ws.problems, []);
    assert.equal(kvBytesPerToken(ws.catalog.models.get('tiny-indexshare')!.architecture, fp8), 4 * 392 + 2 * 68);
  });

  it('KV per token: the latent in every layer, the indexer key in 21: 53,940 B at FP8 (GLM-5 61,464, unchanged)', () => {
    assert.equal(kvBytesPerToken(arch(shared), fp8), LATENT);
    assert.equal(kvBytesPerToken(arch(indexed), fp8), LATENT + IX);
    assert.equal(kvBytesPerToken(glm52.architecture, fp8), 78 * LATENT + 21 * IX);
    assert.equal(kvBytesPerToken(glm52.architecture, fp8), 53_940);
    assert.equal(kvBytesPerToken(glm52.architecture, bf16), 78 * 1152 + 21 * IX);
    assert.equal(kvBytesPerToken(glm5.architecture, fp8), 61_464);
    assert.equal(kvBytesPerToken(glm5.architecture, bf16), 78 * (1152 + IX));
    // sharedIndexer: false is the default.
    const explicitFalse: LayerAttention = { ...indexed, sparse: { ...sparse, sharedIndexer: false } };
    assert.equal(kvBytesPerToken(arch(explicitFalse), fp8), LATENT + IX);
  });

  it('a decode step reads top-k latents in every layer and every indexer key in the 21', () => {
    const ctx = 131_072;
    assert.equal(kvBytesReadPerStep(arch(shared), fp8, ctx, 8), 2048 * LATENT);
    assert.equal(kvBytesReadPerStep(glm52.architecture, fp8, ctx, 8), 78 * 2048 * LATENT + 21 * ctx * IX);
    assert.equal(kvBytesReadPerStep(glm5.architecture, fp8, ctx, 8), 78 * (2048 * LATENT + ctx * IX));
    // Below top-k everything held is read.
    assert.equal(kvBytesReadPerStep(arch(shared), fp8, 1000, 8), 1000 * LATENT);
  });

  it('attention FLOPs: the same top-k pairs, the indexer scoring in 21 layers (57 × ctx × 2·32·128 less)', () => {
    const ix = 2 * 32 * 128;
    const ctx = 131_072;
    const decode = (m: ModelEntry) => perSequence(req(m), ctx, RAW_ATTENTION_FLOPS).attnFlops;
    const pair = 2 * 64 * (512 + 64 + 512);
    assert.equal(decode(glm52), 78 * 2048 * pair + 21 * ctx * ix);
    assert.equal(decode(glm5) - decode(glm52), 57 * ctx * ix);
    const s = 32_768;
    const prompt = (m: ModelEntry) => prefillAttentionFlops(req(m), s);
    const indexerPairs = (s * (s + 1)) / 2;
    assert.ok(Math.abs((prompt(glm5) - prompt(glm52)) / (57 * indexerPairs * ix) - 1) < 1e-12);
  });

  it('parameters: no indexer in a shared layer; the counts the entry states, GLM-5’s unchanged', () => {
    assert.equal(countParams(arch(indexed)).attention - countParams(arch(shared)).attention, INDEXER_PARAMS);
    assert.equal(INDEXER_PARAMS, 9_371_904);
    assert.equal(countParams(glm5.architecture).total - countParams(glm52.architecture).total, 57 * INDEXER_PARAMS);
    // The shapes less the norms and the router bias the entries count (1,183,488 in both).
    assert.equal(glm52.totalParams - countParams(glm52.architecture).total, 1_183_488);
    assert.equal(glm5.totalParams - countParams(glm5.architecture).total, 1_183_488);
    assert.equal(glm52.totalParams, 743_377_019_904);
    assert.equal(glm52.activeParams, 41_250_530_304);
    assert.equal(glm5.totalParams - glm52.totalParams, 57 * INDEXER_PARAMS);
    assert.equal(glm5.activeParams - glm52.activeParams, 57 * INDEXER_PARAMS);
    const p = modelParams(glm52);
    assert.equal(p.total, glm52.totalParams);
    const withInputEmbedding = p.activePerToken + 154_880 * 6144;
    assert.ok(Math.abs(withInputEmbedding / glm52.activeParams - 1) < 1e-4, `${withInputEmbedding}`);
  });

  it('kernels: a shared layer launches none of the indexer’s 9; KV transfer: one descriptor a block, not two', () => {
    assert.equal(kernelsPerForward(arch(indexed)) - kernelsPerForward(arch(shared)), 9);
    assert.equal(kernelsPerForward(glm5.architecture) - kernelsPerForward(glm52.architecture), 57 * 9);
    const blocks = 8192 / 16;
    assert.equal(kvDescriptors(req(glm5), 8192, 'nixl'), 78 * 2 * blocks);
    assert.equal(kvDescriptors(req(glm52), 8192, 'nixl'), (21 * 2 + 57) * blocks);
  });

  it('an estimate says how many layers index; GLM-5’s does not', () => {
    const line = (m: ModelEntry) => estimate(req(m)).assumptions.find((a) => /^shared indexer/.test(a));
    assert.match(line(glm52) ?? '', /21 of 78 sparse-attention layers run an indexer/);
    assert.equal(line(glm5), undefined);
  });
});
