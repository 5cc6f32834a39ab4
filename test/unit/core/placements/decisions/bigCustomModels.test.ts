import assert from 'node:assert/strict';
import { validateText } from '../../../../../src/core/validate';
import { deploymentYaml, only } from '../../../support/placements';

// Issue 12 item 1: custom architectures of real size (> 1e9 parameters) were refused with LLMS012.
// Shapes written by hand from the models' config.json (Qwen3-235B-A22B; DeepSeek-V3 671B).
const QWEN3_235B = `architecture:
  name: my-qwen3-235b
  totalParams: 235093634560
  activeParams: 22000000000
  layers: 94
  hiddenSize: 4096
  attentionHeads: 64
  kvHeads: 4
  headDim: 128
  ffnSize: 12288
  vocabSize: 151936
  maxContextTokens: 40960
  moe: {experts: 128, expertsPerToken: 8, expertFfnSize: 1536}
weights: fp8`;

const DEEPSEEK_671B = `architecture:
  name: my-deepseek-v3
  totalParams: 671026419200
  activeParams: 37552297472
  layers: 61
  hiddenSize: 7168
  attentionHeads: 128
  kvHeads: 128
  headDim: 192
  ffnSize: 18432
  vocabSize: 129280
  maxContextTokens: 163840
  attention: {kind: mla, kvLoraRank: 512, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128, qLoraRank: 1536}
  moe: {experts: 256, expertsPerToken: 8, expertFfnSize: 2048, sharedExperts: 1, denseLayers: 3}
weights: fp8`;

const file = (model: string) =>
  deploymentYaml({
    model,
    workload: 'inputTokens: 1000\noutputTokens: 200\npeakRequestsPerSecond: 0.5',
    placements: ['name: h200\ntype: on-prem\nhardware: h200-sxm-141gb\ngpus: 8\nparallelism: {tensor: 8}'],
  });

describe('custom architectures of real size (issue 12 item 1)', () => {
  for (const [label, model, weightsGiB] of [
    ['235B MoE', QWEN3_235B, 219],
    ['671B MLA', DEEPSEEK_671B, 625],
  ] as const) {
    it(`a hand-written ${label} validates and is estimated`, () => {
      const v = validateText(file(model));
      assert.deepEqual(
        v.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.message}`),
        [],
      );
      const p = only(file(model));
      // fp8 weights ≈ 1 byte per parameter: the total over 8 GPUs is within 10% of params/2^30 GiB.
      const total = p.memory.perGpuGiB.weights * 8;
      assert.ok(Math.abs(total / weightsGiB - 1) < 0.1, `${label}: ${total} GiB of weights`);
    });
  }

  it('still refuses an absurd count (> 1e13) with LLMS012', () => {
    const v = validateText(file(QWEN3_235B.replace('235093634560', '1e14')));
    assert.ok(v.findings.some((f) => f.code === 'LLMS012'));
  });
});
