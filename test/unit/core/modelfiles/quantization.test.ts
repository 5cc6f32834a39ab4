/**
 * quantization_config → weight format and exact bytes, scales included, per method.
 */
import assert from 'node:assert/strict';
import { weightStorage } from '../../../../src/core/modelfiles/hf/quantization';
import { mapHfConfig } from '../../../../src/core/modelfiles/hf/config';
import type { TensorGroup } from '../../../../src/core/modelfiles/tensors';
import { fixture } from '../../support/helpers';

/** One 4096 × 14336 projection (rows × cols), as in Llama-3.1-8B's gate_proj. */
const proj: TensorGroup = {
  name: 'model.layers.*.mlp.gate_proj',
  role: 'dense-ffn',
  rows: 14336,
  cols: 4096,
  count: 1,
  linear: true,
};
const head: TensorGroup = { name: 'lm_head', role: 'head', rows: 128256, cols: 4096, count: 1, linear: false };
const n = 14336 * 4096;

describe('quantization_config layouts', () => {
  it('fp8 with 128×128 blocks: one byte per weight plus an fp32 scale per block; lm_head stays bf16', () => {
    const s = weightStorage({ quant_method: 'fp8', weight_block_size: [128, 128] }, 'bfloat16');
    assert.equal(s.format, 'fp8');
    assert.equal(s.bytesOf(proj), n + (14336 / 128) * (4096 / 128) * 4);
    assert.equal(s.bytesOf(head), 128256 * 4096 * 2);
  });

  it('AWQ 4-bit group 128: packed weights, packed zeros and fp16 scales per group', () => {
    const s = weightStorage(
      { quant_method: 'awq', bits: 4, group_size: 128, zero_point: true, version: 'gemm' },
      'float16',
    );
    assert.equal(s.format, 'int4-awq');
    const groups = 4096 / 128;
    assert.equal(s.bytesOf(proj), n / 2 + (groups * 14336) / 2 + groups * 14336 * 2);
  });

  it('GPTQ 4-bit group 128 adds g_idx (int32 per input column)', () => {
    const s = weightStorage({ quant_method: 'gptq', bits: 4, group_size: 128, desc_act: false }, 'float16');
    assert.equal(s.format, 'int4-gptq');
    const groups = 4096 / 128;
    assert.equal(s.bytesOf(proj), n / 2 + (groups * 14336) / 2 + groups * 14336 * 2 + 4096 * 4);
  });

  it('ModelOpt NVFP4: half a byte per weight, an fp8 scale per 16, fp32 second-level scales; excluded modules stay bf16', () => {
    const s = weightStorage(
      {
        quant_method: 'modelopt',
        quant_algo: 'NVFP4',
        group_size: 16,
        exclude_modules: ['lm_head', 'model.layers.*.mlp.gate'],
      },
      'bfloat16',
    );
    assert.equal(s.format, 'nvfp4');
    assert.equal(s.bytesOf(proj), n / 2 + (4096 / 16) * 14336 + 8);
  });

  it('compressed-tensors: fp8 per-channel and nvfp4-pack; int4 W4A16 is timed as int4-gptq and says so', () => {
    const fp8 = weightStorage(
      {
        quant_method: 'compressed-tensors',
        format: 'float-quantized',
        config_groups: {
          group_0: {
            targets: ['Linear'],
            weights: { num_bits: 8, type: 'float', strategy: 'channel', symmetric: true },
          },
        },
        ignore: ['lm_head'],
      },
      'bfloat16',
    );
    assert.equal(fp8.format, 'fp8');
    assert.equal(fp8.bytesOf(proj), n + 14336 * 2);
    const nvfp4 = weightStorage(
      {
        quant_method: 'compressed-tensors',
        format: 'nvfp4-pack-quantized',
        config_groups: {
          group_0: { weights: { num_bits: 4, type: 'float', strategy: 'tensor_group', group_size: 16 } },
        },
      },
      'bfloat16',
    );
    assert.equal(nvfp4.format, 'nvfp4');
    assert.equal(nvfp4.bytesOf(proj), n / 2 + 14336 * (4096 / 16) + 4);
    const int4 = weightStorage(
      {
        quant_method: 'compressed-tensors',
        config_groups: { group_0: { weights: { num_bits: 4, type: 'int', strategy: 'group', group_size: 128 } } },
      },
      'bfloat16',
    );
    assert.equal(int4.format, 'int4-gptq');
    assert.match(int4.warnings.join(), /timed as int4-gptq/);
    // Group 32 with Kimi-K2.5's ignore list (only the routed experts quantized): int4-g32, same bytes.
    const g32 = (ignore: string[]) =>
      weightStorage(
        {
          quant_method: 'compressed-tensors',
          config_groups: {
            group_0: { weights: { num_bits: 4, type: 'int', strategy: 'group', group_size: 32, symmetric: true } },
          },
          ignore,
        },
        'bfloat16',
      );
    const kimi = g32([
      'lm_head',
      're:.*self_attn.*',
      're:.*shared_experts.*',
      're:.*mlp\\.(gate|up|gate_up|down)_proj.*',
    ]);
    assert.equal(kimi.format, 'int4-g32');
    assert.deepEqual(kimi.warnings, []);
    const expert: TensorGroup = { ...proj, name: 'model.layers.*.mlp.experts.gate_up_proj', role: 'expert' };
    assert.equal(kimi.bytesOf(expert), n / 2 + 14336 * (4096 / 32) * 2);
    assert.equal(kimi.bytesOf(proj), n * 2); // a dense MLP stays bf16
    // The same scheme over attention too is not the experts-only format.
    assert.equal(g32(['lm_head']).format, 'int4-gptq');
  });

  it('bitsandbytes nf4 with double quantization; LLM.int8 with row scales', () => {
    const nf4 = weightStorage(
      { quant_method: 'bitsandbytes', load_in_4bit: true, bnb_4bit_quant_type: 'nf4', bnb_4bit_use_double_quant: true },
      'bfloat16',
    );
    const blocks = n / 64;
    assert.equal(nf4.bytesOf(proj), n / 2 + blocks + Math.ceil(blocks / 256) * 4);
    const int8 = weightStorage({ quant_method: 'bitsandbytes', load_in_8bit: true }, 'bfloat16');
    assert.equal(int8.format, 'int8');
    assert.equal(int8.bytesOf(proj), n + 14336 * 4);
  });

  it('an unknown method is sized as unquantized with a warning', () => {
    const s = weightStorage({ quant_method: 'hqq' }, 'bfloat16');
    assert.equal(s.format, 'bf16');
    assert.match(s.warnings[0]!, /'hqq' is not known/);
  });

  it('an AWQ Llama-3.1-8B checkpoint is ~5.7 GB (4-bit body, bf16 embeddings and head)', () => {
    const config = {
      ...JSON.parse(fixture('modelfiles', 'hf', 'llama-3.1-8b.json')),
      torch_dtype: 'float16',
      quantization_config: { quant_method: 'awq', bits: 4, group_size: 128, zero_point: true },
    };
    const r = mapHfConfig(config, 'config.json', 'awq');
    assert.ok(r.ok);
    const bytes = r.ok ? r.model.entry.checkpoint!.bytes : 0;
    // hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4: 5.73 GB of safetensors.
    assert.ok(Math.abs(bytes / 5.73e9 - 1) < 0.02, `${bytes}`);
  });
});
