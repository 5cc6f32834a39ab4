/**
 * Model references as published benchmarks, manifests and cases write them: a re-publisher's
 * quantized checkpoint of a catalog model resolves to that model with the weights its name states,
 * and a name that is a different model stays unknown instead of borrowing a neighbour's weights.
 */
import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { matchModel } from '../../../../src/core/catalog/modelReference';
import { resolvedModel } from '../../support/helpers';
import { predictCase } from '../../../../src/core/accuracy/predict';
import type { CaseInput } from '../../../../src/core/accuracy/cases';

const resolved = resolvedModel;

describe('model references: quantized checkpoints of catalog models', () => {
  it("NVIDIA's -FP4 ModelOpt checkpoints are the base model in NVFP4, dated re-releases included", () => {
    assert.deepEqual(resolved('nvidia/DeepSeek-R1-0528-FP4'), ['deepseek-r1', 'nvfp4']);
    assert.deepEqual(resolved('nvidia/DeepSeek-R1-0528-FP4-v2'), ['deepseek-r1', 'nvfp4']);
    assert.deepEqual(resolved('nvidia/Llama-3.3-70B-Instruct-FP4'), ['llama-3.3-70b', 'nvfp4']);
    assert.deepEqual(resolved('nvidia/Qwen3-235B-A22B-FP4'), ['qwen3-235b-a22b', 'nvfp4']);
  });

  it('re-publishers and their suffixes: RedHat w4a16/w8a8, AMD -FP8-KV, FP8-dynamic, AWQ-INT4', () => {
    assert.deepEqual(resolved('RedHatAI/Meta-Llama-3.1-8B-Instruct-quantized.w4a16'), ['llama-3.1-8b', 'int4-gptq']);
    assert.deepEqual(resolved('RedHatAI/Meta-Llama-3.1-70B-Instruct-quantized.w8a8'), ['llama-3.1-70b', 'int8']);
    assert.deepEqual(resolved('amd/Llama-3.1-405B-Instruct-FP8-KV'), ['llama-3.1-405b', 'fp8']);
    assert.deepEqual(resolved('RedHatAI/Llama-3.3-70B-Instruct-FP8-dynamic'), ['llama-3.3-70b', 'fp8']);
    assert.deepEqual(resolved('hugging-quants/Meta-Llama-3.1-70B-Instruct-AWQ-INT4'), ['llama-3.1-70b', 'int4-awq']);
  });

  it("a name that is not the catalog id is matched through the model's own repos (Llama 4 Maverick's 17B-128E)", () => {
    assert.deepEqual(resolved('nvidia/Llama-4-Maverick-17B-128E-Instruct-FP8'), ['llama-4-maverick', 'fp8']);
  });

  it('a different model is not its neighbour: Kimi-K2-Thinking (INT4 experts) is its own entry, not kimi-k2; Kimi-K3 is its own entry and Kimi Linear stays unknown; an EAGLE head is not its target', () => {
    assert.deepEqual(resolved('moonshotai/Kimi-K2-Thinking'), ['kimi-k2-thinking', undefined]);
    assert.deepEqual(resolved('nvidia/Kimi-K2-Thinking-NVFP4'), ['kimi-k2-thinking', 'nvfp4']);
    assert.equal(catalog.models.get('kimi-k2-thinking')?.nativeWeights, 'int4-g32');
    assert.deepEqual(resolved('moonshotai/Kimi-K3'), ['kimi-k3', undefined]);
    assert.equal(matchModel('moonshotai/Kimi-Linear-48B-A3B-Instruct', catalog).unknown, true);
    assert.equal(matchModel('nvidia/gpt-oss-120b-Eagle3', catalog).unknown, true);
  });
});

describe('accuracy cases that name a model by a checkpoint repo', () => {
  const base: CaseInput = {
    id: 'ref',
    metric: 'tpotMs',
    model: 'deepseek-r1',
    weights: 'nvfp4',
    hardware: 'b200-180gb',
    gpus: 8,
    engine: 'sglang',
    parallelism: { tensor: 8 },
    workload: { inputTokens: 1000, outputTokens: 1000, concurrency: 4 },
  } as CaseInput;
  const value = (input: CaseInput) => {
    const p = predictCase(input);
    assert.ok(p.predicted !== null, 'error' in p ? p.error : '');
    return p.predicted;
  };

  it('are predicted as the catalog model with the weights the name states', () => {
    const { weights: _weights, ...unstated } = base;
    assert.equal(value({ ...unstated, model: 'nvidia/DeepSeek-R1-0528-FP4' } as CaseInput), value(base));
  });

  it("the case's own weights win over the name's", () => {
    assert.equal(
      value({ ...base, model: 'nvidia/DeepSeek-R1-0528-FP4', weights: 'fp8' }),
      value({ ...base, weights: 'fp8' }),
    );
  });

  it('a whole-model weight size too (no device)', () => {
    const size = { id: 'w', metric: 'weightsGiB', model: 'nvidia/Llama-3.3-70B-Instruct-FP8' } as CaseInput;
    assert.equal(value(size), value({ ...size, model: 'llama-3.3-70b', weights: 'fp8' }));
  });

  it('an unknown model is still not predicted, naming the id as written', () => {
    const p = predictCase({ ...base, model: 'moonshotai/Kimi-Linear-48B-A3B-Instruct' });
    assert.equal(p.predicted, null);
    assert.match('error' in p ? p.error : '', /unknown model id 'moonshotai\/Kimi-Linear-48B-A3B-Instruct'/);
  });
});
