/**
 * config.json → architecture, parameters and checkpoint bytes, for each family, from configs
 * written from the public repositories (test/fixtures/modelfiles/hf, `_source` in each file).
 * Expected totals are the parameter counts the model cards state.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mapHfConfig, mapHfConfigText } from '../../../../src/core/modelfiles/hf/config';
import type { DerivedModel } from '../../../../src/core/modelfiles/derived';
import { kvBytesPerSequencePerGpu, kvElementsPerToken } from '../../../../src/core/estimate/kv';
import { catalog } from '../../../../src/core/catalog';
import { FIXTURES, fixture } from '../../support/helpers';

function load(name: string): DerivedModel {
  const result = mapHfConfigText(fixture('modelfiles', 'hf', name), join(FIXTURES, 'modelfiles', 'hf', name), name);
  if (!result.ok) throw new Error(result.failure.message);
  return result.model;
}

const within = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(
    Math.abs(actual / expected - 1) <= tolerance,
    `${what}: ${actual.toExponential(4)} vs ${expected.toExponential(4)}`,
  );

/** File, total parameters on the model card, active parameters (when the card counts them the same way). */
const CARDS: Array<[string, number, number?]> = [
  ['llama-3.1-8b.json', 8.03e9],
  ['qwen2.5-7b-instruct.json', 7.61e9],
  ['phi-4.json', 14.7e9],
  ['phi-3-mini-4k.json', 3.82e9],
  ['mixtral-8x22b.json', 141e9, 39e9],
  ['qwen3-235b-a22b.json', 235e9, 22e9],
  ['qwen1.5-moe-a2.7b.json', 14.3e9, 2.7e9],
  ['deepseek-v3.json', 671e9, 37e9],
  ['deepseek-v2-lite.json', 15.7e9],
  ['gpt-oss-120b.json', 117e9],
  ['gpt-oss-20b.json', 21e9],
  ['gemma-2-9b.json', 9.24e9],
  ['gemma-3-27b-it.json', 27.4e9],
  ['llama-4-scout.json', 109e9],
  ['llama-4-maverick.json', 400e9],
  ['qwen3-next-80b-a3b.json', 80e9],
  ['glm-4.5-air.json', 106e9],
  ['mistral-small-3.2-24b.json', 24e9],
];

describe('config.json mapping: parameters per family match the model cards', () => {
  for (const [file, total, active] of CARDS) {
    it(`${file}: ${(total / 1e9).toFixed(1)} B${active ? `, ${(active / 1e9).toFixed(1)} B active` : ''}`, () => {
      const m = load(file);
      within(m.entry.totalParams, total, 0.015, 'total parameters');
      if (active) within(m.entry.activeParams, active, 0.04, 'active parameters');
      assert.deepEqual(m.warnings, [], 'a known family maps without assumptions');
    });
  }
});

describe('config.json mapping: attention, experts and formats', () => {
  it('bf16 checkpoint bytes are 2 bytes per parameter', () => {
    const m = load('qwen3-235b-a22b.json');
    assert.equal(m.entry.checkpoint!.format, 'bf16');
    assert.equal(m.entry.checkpoint!.bytes, 2 * m.entry.totalParams);
    assert.deepEqual(m.entry.architecture.moe, {
      experts: 128,
      expertsPerToken: 8,
      expertFfnSize: 1536,
      sharedExperts: 0,
      denseLayers: 0,
      gated: true,
    });
  });

  it('DeepSeek-V3: MLA latent + rope per token, 3 dense layers, a shared expert, MTP layer named and left out, fp8 blocks', () => {
    const m = load('deepseek-v3.json');
    const a = m.entry.architecture;
    assert.deepEqual(a.attention, {
      kind: 'mla',
      kvLoraRank: 512,
      qkRopeHeadDim: 64,
      qkNopeHeadDim: 128,
      vHeadDim: 128,
      qLoraRank: 1536,
    });
    assert.equal(kvElementsPerToken(a), 61 * 576);
    assert.equal(a.moe!.denseLayers, 3);
    assert.equal(a.moe!.sharedExperts, 1);
    assert.ok(
      m.details.some((d) => /1 multi-token-prediction layer .* not counted/.test(d)),
      m.details.join('\n'),
    );
    assert.equal(m.entry.checkpoint!.format, 'fp8');
    // fp8 body + bf16 embeddings/head/norms/routers + fp32 scales per 128×128 block: ~1.003 bytes per parameter.
    const perParam = m.entry.checkpoint!.bytes / m.entry.totalParams;
    assert.ok(perParam > 1.0 && perParam < 1.01, `bytes per parameter ${perParam}`);
  });

  it('DeepSeek-V3.2: the V3 geometry plus sparse attention (index_topk, index_n_heads, index_head_dim) and the indexers’ tensors', () => {
    const m = load('deepseek-v3.2.json');
    const v3 = load('deepseek-v3.json');
    assert.deepEqual(m.entry.architecture.attention, {
      kind: 'mla',
      kvLoraRank: 512,
      qkRopeHeadDim: 64,
      qkNopeHeadDim: 128,
      vHeadDim: 128,
      qLoraRank: 1536,
      sparse: { topK: 2048, indexerHeads: 64, indexerHeadDim: 128 },
    });
    // 685 B on the model card counts the 14 B multi-token-prediction layer; the indexers add 0.85 B to V3's 671 B.
    assert.equal(m.entry.totalParams - v3.entry.totalParams, 61 * (1536 * 64 * 128 + 7168 * 128 + 2 * 128 + 7168 * 64));
    assert.ok(
      m.details.some((d) => /DeepSeek Sparse Attention/.test(d)),
      m.details.join('\n'),
    );
    assert.deepEqual(m.warnings, []);
  });

  it('gpt-oss: alternating 128-token sliding window, MXFP4 experts only (17 bytes per 32), attention sinks counted', () => {
    const m = load('gpt-oss-120b.json');
    assert.deepEqual(m.entry.architecture.attention, {
      pattern: [{ kind: 'sliding', windowTokens: 128 }, { kind: 'full' }],
    });
    assert.equal(m.entry.checkpoint!.format, 'mxfp4');
    // The released checkpoint is 65.3 GB (huggingface.co/openai/gpt-oss-120b, files).
    within(m.entry.checkpoint!.bytes, 65.3e9, 0.01, 'checkpoint bytes');
  });

  it('Gemma 3 (nested text_config): 5 sliding layers of 1024 then 1 full, tied embeddings, vision tower named and counted', () => {
    const m = load('gemma-3-27b-it.json');
    const a = m.entry.architecture;
    assert.equal(a.layers, 62);
    assert.equal(a.tiedEmbeddings, true);
    assert.ok('pattern' in a.attention && a.attention.pattern.length === 6);
    assert.ok(
      m.details.some((d) => /vision tower siglip_vision_model: 27 layers, 0\.4\d B/.test(d)),
      m.details.join('\n'),
    );
    const bf16 = catalog.formats.get('bf16')!;
    // 62 layers: 10 full (every 6th), 52 sliding capped at 1024 tokens; 16 KV heads × 128 × K and V × 2 bytes.
    const perLayerToken = 2 * 16 * 128 * 2;
    assert.equal(
      kvBytesPerSequencePerGpu(a, bf16, 32768, 1, 1),
      10 * 32768 * perLayerToken + 52 * 1024 * perLayerToken,
    );
  });

  it('Gemma 2: sliding on even layers (pattern 2)', () => {
    const m = load('gemma-2-9b.json');
    assert.deepEqual(m.entry.architecture.attention, {
      pattern: [{ kind: 'sliding', windowTokens: 4096 }, { kind: 'full' }],
    });
    assert.equal(m.entry.checkpoint!.format, 'fp32', 'the released gemma-2-9b-it is float32');
  });

  it('Qwen3-Next: KV only in every 4th layer, the linear layers carry a constant state', () => {
    const m = load('qwen3-next-80b-a3b.json');
    const a = m.entry.architecture;
    assert.equal(kvElementsPerToken(a), 12 * 2 * 2 * 256);
    assert.ok(
      'pattern' in a.attention &&
        a.attention.pattern[0]!.kind === 'none' &&
        (a.attention.pattern[0] as { stateBytesPerSequence: number }).stateBytesPerSequence > 0,
    );
    assert.equal(a.moe!.sharedExperts, 1);
  });

  it('Llama 4: chunked attention (8192) on 3 of 4 layers, Maverick interleaves MoE every other layer with a shared expert', () => {
    const scout = load('llama-4-scout.json');
    assert.deepEqual(scout.entry.architecture.attention, {
      pattern: [
        { kind: 'sliding', windowTokens: 8192 },
        { kind: 'sliding', windowTokens: 8192 },
        { kind: 'sliding', windowTokens: 8192 },
        { kind: 'full' },
      ],
    });
    const maverick = load('llama-4-maverick.json');
    assert.equal(maverick.entry.architecture.moe!.denseLayers, 24);
    assert.equal(maverick.entry.architecture.moe!.sharedExpertFfnSize, 8192);
    assert.equal(maverick.entry.architecture.ffnSize, 16384, 'dense layers use intermediate_size_mlp');
    assert.ok(maverick.details.some((d) => /vision tower llama4_vision_model/.test(d)));
  });

  it('Mistral Small 3.2 (mistral3 wrapper): explicit sliding_window null wins over the mistral default; pixtral tower named', () => {
    const m = load('mistral-small-3.2-24b.json');
    assert.deepEqual(m.entry.architecture.attention, { kind: 'full' });
    assert.ok(m.details.some((d) => /vision tower pixtral/.test(d)));
  });

  it('Phi-3 mini: sliding window 2047 on every layer; Qwen2.5: full attention while use_sliding_window is false', () => {
    assert.deepEqual(load('phi-3-mini-4k.json').entry.architecture.attention, { kind: 'sliding', windowTokens: 2047 });
    assert.deepEqual(load('qwen2.5-7b-instruct.json').entry.architecture.attention, { kind: 'full' });
  });

  it('DeepSeek-V2-Lite: q_lora_rank null (no query compression), two shared experts', () => {
    const m = load('deepseek-v2-lite.json');
    assert.equal((m.entry.architecture.attention as { qLoraRank?: number }).qLoraRank, undefined);
    assert.equal(m.entry.architecture.moe!.sharedExpertFfnSize, 2 * 1408);
  });

  it('GLM-4.5-Air: one leading dense layer, shared expert, MTP layer named', () => {
    const m = load('glm-4.5-air.json');
    assert.equal(m.entry.architecture.moe!.denseLayers, 1);
    assert.ok(m.details.some((d) => /multi-token-prediction/.test(d)));
  });

  it('Nemotron-NAS (DeciLM): per-layer blocks — attention only where the block has it, FFN sizes from ffn_mult', () => {
    const m = load('nemotron-nas-blocks.json');
    assert.deepEqual(m.warnings, []);
    const a = m.entry.architecture;
    // h = 8192, 64 heads of 128, n_heads_in_group 8 → 8 KV heads. FFN = round up(int(2·mult·h/3), 256):
    // 2.625 → 14,336; 5.25 → 28,672; 1.3125 → 7,168; 0.5 → 2,730 → 2,816.
    const h = 8192;
    const attention = 2 * h * h + 2 * 1024 * h; // q, o + k, v of 8 heads × 128
    const ffn = (i: number) => 3 * h * i;
    const layers = [
      attention + ffn(14336) + 2 * h,
      attention + ffn(28672) + 2 * h,
      ffn(7168) + h, // attention no_op
      0, // both no_op
      h * h + ffn(2816) + h, // attention replaced by one linear map
      attention + h * h + 2 * h, // FFN replaced by one linear map
    ];
    const total = 2 * 128256 * h + h + layers.reduce((x, y) => x + y, 0);
    assert.equal(m.entry.totalParams, total);
    assert.equal(m.entry.checkpoint!.bytes, 2 * total, 'bf16');
    assert.equal(a.kvHeads, 8);
    // KV only in the three layers with attention: 3 × 2 × 8 × 128 = 6,144 elements per token
    // (12,288 B at bf16). The real Super-49B: 49 such layers → 200,704 B per token.
    assert.equal(kvElementsPerToken(a), 3 * 2 * 8 * 128);
    assert.ok(m.details.some((d) => /3 of 6 with attention/.test(d)));
    assert.equal(a.ffnSize, Math.round((14336 + 28672 + 7168 + 0 + 2816 + h / 3) / 6), 'mean FFN size');
  });

  it('Nemotron-NAS: KV heads that differ between layers are sized at the largest, and said; bad blocks name the key', () => {
    const block = (group: number) => ({ attention: { n_heads_in_group: group }, ffn: { ffn_mult: 1 } });
    const r = mapHfConfig(
      {
        model_type: 'nemotron-nas',
        hidden_size: 1024,
        num_attention_heads: 16,
        vocab_size: 1000,
        block_configs: [block(4), block(8)],
      },
      'x/config.json',
      'x',
    );
    assert.ok(r.ok);
    assert.equal(r.model.entry.architecture.kvHeads, 4);
    assert.ok(r.model.details.some((d) => /4, 2 KV heads: KV sized at 4/.test(d)));
    const bad = mapHfConfig(
      {
        model_type: 'nemotron-nas',
        hidden_size: 1024,
        num_attention_heads: 16,
        vocab_size: 1000,
        block_configs: [block(3)],
      },
      'x/config.json',
      'x',
    );
    assert.ok(!bad.ok && /block_configs\[0\]\.attention\.n_heads_in_group/.test(bad.failure.message));
  });

  it('GLM-5.2 IndexShare: `indexer_types` "shared" layers reuse an earlier indexer and hold none of its tensors', () => {
    const glm5 = JSON.parse(fixture('modelfiles', 'hf', 'glm-5.json')) as Record<string, unknown>;
    const types = Array.from({ length: 78 }, (_, i) => (i % 4 === 0 ? 'full' : 'shared'));
    const r = mapHfConfig({ ...glm5, indexer_types: types }, 'x/config.json', 'x');
    assert.ok(r.ok);
    const a = r.model.entry.architecture.attention;
    assert.ok('pattern' in a && a.pattern.length === 4);
    assert.equal((a.pattern[1] as { sparse?: { sharedIndexer?: boolean } }).sparse?.sharedIndexer, true);
    assert.equal((a.pattern[0] as { sparse?: { sharedIndexer?: boolean } }).sparse?.sharedIndexer, undefined);
    // 58 of 78 layers without wq_b 2048×32×128, wk 6144×128, k_norm 2×128, weights_proj 6144×32.
    assert.equal(load('glm-5.json').entry.totalParams - r.model.entry.totalParams, 58 * 9_371_904);
  });

  it('an unknown model_type is mapped as a llama-style decoder with a warning listing the assumed defaults', () => {
    const m = load('unknown-arch.json');
    assert.equal(m.warnings.length, 1);
    assert.match(m.warnings[0]!, /model_type 'brand_new_lm' has no family mapping/);
    assert.match(m.warnings[0]!, /max_position_embeddings = 2048/);
    assert.equal(m.entry.architecture.kvHeads, 16, 'num_key_value_heads absent: as many as the query heads');
  });

  it('impossible values are failures naming the key, never a crash', () => {
    for (const [config, key] of [
      [{ model_type: 'llama', num_hidden_layers: 'many' }, 'num_hidden_layers'],
      [{ model_type: 'llama', hidden_size: -1 }, 'hidden_size'],
      [{ model_type: 'gemma3_text', layer_types: ['full_attention'] }, 'layer_types'],
    ] as const) {
      const r = mapHfConfig(config, 'config.json', 'x');
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.failure.message : '', new RegExp(key));
    }
    assert.equal(mapHfConfigText('[1, 2]', 'c', 'x').ok, false);
    assert.equal(mapHfConfigText('{not json', 'c', 'x').ok, false);
  });
});

/**
 * The 2026 model types against their catalog entries: the same layer structures (attention
 * pattern with the linear layers' parameters, MLA with its indexer, MoE), and the catalog's total
 * except where the two count differently (stated per model).
 */
describe('config.json mapping: 2026 model types size as their catalog entries', () => {
  const cases: Array<{ file: string; id: string; extra: number; why: string }> = [
    {
      file: 'qwen3.5-397b-a17b.json',
      id: 'qwen3.5-397b-a17b',
      extra: 0,
      why: 'text model, MTP layer left out by both',
    },
    {
      file: 'qwen3.5-9b.json',
      id: 'qwen3.5-9b',
      // Qwen3-VL tower: patch conv + 2304 positions + 27 blocks of 1152 + merger 4608 → 4096 (the
      // catalog note's 456,010,480; the Hub's 9,653,104,368 less the MTP layer's 243,290,624).
      extra: 456_010_480,
      why: 'the reader counts the vision tower, the catalog the text model only',
    },
    { file: 'glm-5.json', id: 'glm-5', extra: 0, why: 'MTP layer left out by both' },
    {
      file: 'minimax-m2.7.json',
      id: 'minimax-m2.7',
      // 62 × (2 × 3072 layer norms + q_norm 6144 + k_norm 1024 + 256 routing biases) + final 3072.
      extra: 844_288,
      why: 'the reader counts norms and routing biases, the catalog the matrices only',
    },
    {
      file: 'kimi-k2.5.json',
      id: 'kimi-k2.5',
      // 61 × (2 × 7168 + q_a 1536 + kv_a 512) layer norms + 60 × 384 router biases + final 7168.
      extra: 61 * (2 * 7168 + 1536 + 512) + 60 * 384 + 7168,
      why: 'the reader counts norms and router biases; neither counts the MoonViT tower',
    },
    {
      file: 'deepseek-v4-pro.json',
      id: 'deepseek-v4-pro',
      // Both count every main-model tensor incl. norms, sinks, compressors, indexers and the fp32
      // mHC mixing (hc_mult 4); neither the MTP layer nor the hash layers' tid2eid tables.
      extra: 0,
      why: 'compressed MLA per layer, mHC counted by both, MTP and tid2eid by neither',
    },
    {
      file: 'deepseek-v4-flash-0731.json',
      id: 'deepseek-v4-flash',
      extra: 0,
      why: 'window-only layers 0-1, the DSpark stages left out by both',
    },
  ];
  for (const { file, id, extra, why } of cases) {
    it(`${file} → ${id} (${why})`, () => {
      const m = load(file);
      const entry = catalog.models.get(id)!;
      const a = m.entry.architecture;
      const b = entry.architecture;
      for (const key of [
        'layers',
        'hiddenSize',
        'attentionHeads',
        'kvHeads',
        'headDim',
        'ffnSize',
        'vocabSize',
      ] as const)
        assert.equal(a[key], b[key], key);
      assert.deepEqual(a.attention, b.attention);
      assert.deepEqual(a.moe, b.moe);
      // Exact: every difference is the named `extra` (well inside the 0.5 % asked of a family).
      assert.equal(m.entry.totalParams, entry.totalParams + extra);
      assert.ok(!m.warnings.some((w) => /has no family mapping/.test(w)), m.warnings.join('\n'));
    });
  }

  it('Qwen3.5: KV in every 4th layer only; the MTP layer (mtp_num_hidden_layers) is named and left out', () => {
    const m = load('qwen3.5-397b-a17b.json');
    assert.equal(kvElementsPerToken(m.entry.architecture), 15 * 2 * 2 * 256);
    // One full-attention MoE layer + eh_proj 4096 × 8192 + 3 norms: the catalog's 6,595,568,128.
    assert.ok(
      m.details.some((d) => /1 multi-token-prediction layer \(mtp_num_hidden_layers, 6\.60 B/.test(d)),
      m.details.join('\n'),
    );
    assert.deepEqual(m.warnings, []);
    assert.ok(load('qwen3.5-9b.json').details.some((d) => /vision tower qwen3_5: 27 layers, 0\.46 B/.test(d)));
  });

  it('MiniMax-M2.7: fp8 blocks; the declared MTP modules are named, not counted', () => {
    const m = load('minimax-m2.7.json');
    assert.equal(m.entry.checkpoint!.format, 'fp8');
    assert.deepEqual(m.warnings, []);
    assert.ok(m.details.some((d) => /3 multi-token-prediction modules \(num_mtp_modules\) are not counted/.test(d)));
  });

  it('Kimi-K2.5: the MoonViT tower is named in a warning, not guessed; the text model is K2’s', () => {
    const m = load('kimi-k2.5.json');
    assert.ok(
      m.warnings.some((w) => /vision tower \(MoonViT.*is not counted/.test(w)),
      m.warnings.join('\n'),
    );
    // INT4 group-32 experts with bf16 scales: the catalog's int4-g32 (4.5 bits, experts only), no
    // int4-gptq stand-in; 594.2 GB as the catalog note counts the language model: 1,014,686,023,680
    // expert weights x 0.5625 B + 11,722,208,768 other parameters x 2 B.
    assert.equal(m.entry.checkpoint!.format, 'int4-g32');
    assert.equal(m.entry.checkpoint!.format, catalog.models.get('kimi-k2.5')!.nativeWeights);
    assert.equal(m.entry.checkpoint!.bytes, 1_014_686_023_680 * 0.5625 + 11_722_208_768 * 2);
    within(m.entry.checkpoint!.bytes, 594.2e9, 0.001, 'checkpoint bytes');
    assert.ok(!m.warnings.some((w) => /int4-gptq/.test(w)), m.warnings.join('\n'));
  });

  it('DeepSeek-V4: active parameters and checkpoint bytes as the catalog and the released tensor tables', () => {
    const pro = load('deepseek-v4-pro.json');
    assert.equal(pro.entry.activeParams, catalog.models.get('deepseek-v4-pro')!.activeParams);
    assert.ok(pro.details.some((d) => /1 multi-token-prediction layer \(num_nextn_predict_layers, 25\.8 B/.test(d)));
    assert.ok(pro.details.some((d) => /layers 0-2 route by token id \(num_hash_layers 3\)/.test(d)));
    // Pro's config.json has no expert_dtype: experts in quantization_config's fp8, with a warning.
    assert.equal(pro.entry.checkpoint!.format, 'fp8');
    assert.ok(
      pro.warnings.some((w) => /no expert_dtype/.test(w)),
      pro.warnings.join('\n'),
    );
    // With expert_dtype fp4: the tensor table's 850,748,205,004 main-model bytes less the
    // 18,616,320 of the three int64 tid2eid tables (3 × 129280 × 6 × 8), exactly.
    const raw = JSON.parse(fixture('modelfiles', 'hf', 'deepseek-v4-pro.json')) as Record<string, unknown>;
    const fp4 = mapHfConfig({ ...raw, expert_dtype: 'fp4' }, 'x/config.json', 'x');
    assert.ok(fp4.ok);
    assert.equal(fp4.model.entry.checkpoint!.format, 'mxfp4');
    assert.equal(fp4.model.entry.checkpoint!.bytes, 850_748_205_004 - 18_616_320);
    // The other linears stay fp8: the bytes split between replicated and sharded layers as stored.
    assert.equal(fp4.model.entry.nativeNonExpertBitsPerWeight, 8);
    assert.equal(pro.entry.nativeNonExpertBitsPerWeight, undefined);
    assert.deepEqual(fp4.model.warnings, []);

    const flash = load('deepseek-v4-flash-0731.json');
    assert.equal(flash.entry.activeParams, catalog.models.get('deepseek-v4-flash')!.activeParams);
    assert.equal(flash.entry.checkpoint!.format, 'mxfp4');
    // Main model only; + the MTP layer's 3,593,787,756 and the tid2eid 18,616,320 = DeepSeek-V4-Flash's
    // index total_size 159,609,485,896 (its config: the same without dspark_*).
    assert.equal(flash.entry.checkpoint!.bytes, 155_997_081_820);
    assert.ok(flash.details.some((d) => /3 DSpark draft stages/.test(d)));
    assert.deepEqual(flash.warnings, []);
  });

  it('DeepSeek-V4: compress_ratios must cover every layer; a ratio other than 0, 4, 128 is warned', () => {
    const raw = JSON.parse(fixture('modelfiles', 'hf', 'deepseek-v4-flash-0731.json')) as Record<string, unknown>;
    const short = mapHfConfig({ ...raw, compress_ratios: [0, 4] }, 'x/config.json', 'x');
    assert.ok(!short.ok && /compress_ratios/.test(short.failure.message));
    const odd = mapHfConfig(
      { ...raw, compress_ratios: (raw.compress_ratios as number[]).map((r) => (r === 128 ? 64 : r)) },
      'x/config.json',
      'x',
    );
    assert.ok(odd.ok && odd.model.warnings.some((w) => /compress_ratios 64/.test(w)));
  });
});
