/**
 * The 2026 open-weight models that published benchmarks serve (InferenceX's configs name Qwen3.5,
 * GLM-5.x, Kimi-K2.x and MiniMax-M2.x checkpoints): their repos resolve to catalog entries with the
 * weights the name states, and the sizes match the published checkpoints.
 */
import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { resolvedModel } from '../../support/helpers';
import { weightBytes } from '../../../../src/core/estimate/weights';
import { modelParams } from '../../../../src/core/estimate/params';

const resolved = resolvedModel;
const model = (id: string) => {
  const m = catalog.models.get(id);
  assert.ok(m, id);
  return m;
};

describe('catalog: 2026 models named by the checkpoints benchmarks serve', () => {
  it("InferenceX's checkpoint names resolve to the model with the weights they carry", () => {
    assert.deepEqual(resolved('Qwen/Qwen3.5-397B-A17B-FP8'), ['qwen3.5-397b-a17b', 'fp8']);
    assert.deepEqual(resolved('nvidia/Qwen3.5-397B-A17B-NVFP4'), ['qwen3.5-397b-a17b', 'nvfp4']);
    assert.deepEqual(resolved('amd/Qwen3.5-397B-A17B-MXFP4'), ['qwen3.5-397b-a17b', 'mxfp4']);
    assert.deepEqual(resolved('zai-org/GLM-5.1-FP8'), ['glm-5.1', 'fp8']);
    assert.deepEqual(resolved('nvidia/Kimi-K2.6-NVFP4'), ['kimi-k2.6', 'nvfp4']);
    assert.deepEqual(resolved('MiniMaxAI/MiniMax-M2.5'), ['minimax-m2.5', undefined]);
  });

  it('Kimi-K2.5 in its native INT4 (group 32, experts only): 594.2 GB, the published ~595 GB less the vision tower', () => {
    const k = model('kimi-k2.5');
    assert.equal(k.nativeWeights, 'int4-g32');
    const fmt = catalog.formats.get('int4-g32')!;
    const w = weightBytes(k, fmt);
    // 1,014,686,023,680 routed-expert weights x 4.5 bits = 570.8 GB; the other 11.72 B at bf16 = 23.4 GB.
    assert.ok(Math.abs(w.routedExperts / 1e9 - 570.76) < 0.1, `experts ${w.routedExperts / 1e9}`);
    assert.ok(Math.abs(w.total / 1e9 - 594.2) < 0.3, `total ${w.total / 1e9}`);
    // The same rule as gpt-oss's MXFP4: attention and the shared expert stay at 16 bits.
    const p = modelParams(k);
    assert.equal(w.nonExpertBody, (p.attention + p.denseFfn + p.sharedExperts + p.router) * 2);
  });

  it('Qwen3.5-397B-A17B: the hybrid layout (one KV layer in four) and the counted totals', () => {
    const q = model('qwen3.5-397b-a17b');
    const att = q.architecture.attention;
    assert.ok('pattern' in att);
    assert.deepEqual(
      att.pattern.map((a) => a.kind),
      ['none', 'none', 'none', 'full'],
    );
    assert.equal(q.totalParams, 396_346_350_336);
    assert.equal(q.activeParams, 17_349_040_896);
    // Each Gated DeltaNet layer counts its 118,014,208 projection parameters (params on a `none`
    // layer): a token passes 15.85 B, the entry's active count less the input embedding (1.02 B)
    // and the full-attention query gates (15 x 33.6 M) the shapes do not name.
    const p = modelParams(q);
    assert.equal(p.attention > 45 * 118_014_208, true, `${p.attention}`);
    const expected = q.activeParams - 248_320 * 4096 - 15 * 4096 * 32 * 256;
    assert.ok(Math.abs(p.activePerToken / expected - 1) < 0.01, `${p.activePerToken} vs ${expected}`);
  });

  it('GLM-5 is sparse MLA (DeepSeek Sparse Attention) in every layer; MiniMax-M2.7 has its own 204,800-token context', () => {
    const g = model('glm-5').architecture.attention;
    assert.ok(!('pattern' in g) && g.kind === 'mla' && g.sparse?.topK === 2048);
    assert.equal(model('minimax-m2.7').architecture.maxContextTokens, 204_800);
    assert.equal(
      model('minimax-m2.5').architecture.maxContextTokens,
      model('minimax-m2').architecture.maxContextTokens,
    );
  });
});
