import assert from 'node:assert/strict';
import { evaluateText } from '../../../../../src/core/placements';
import { catalog } from '../../../../../src/core/catalog';
import { weightBytes } from '../../../../../src/core/estimate';
import { validateText } from '../../../../../src/core/validate';
import { fixture } from '../../../support/helpers';
import { deploymentYaml, only } from '../../../support/placements';

// Issue 12 item 9: expert parallelism and attention data parallelism change memory.
const GiB = 1024 ** 3;

const deepseek = (parallelism: string, gpus = 8) =>
  deploymentYaml({
    model: 'id: deepseek-v3\nweights: fp8',
    engine: 'vllm',
    workload: 'inputTokens: 2000\noutputTokens: 500\npeakRequestsPerSecond: 4',
    placements: [`name: h200\ntype: on-prem\nhardware: h200-sxm-141gb\ngpus: ${gpus}\nparallelism: ${parallelism}`],
  });

describe('attention data parallel and expert parallel (issue 12 item 9)', () => {
  const w = weightBytes(catalog.models.get('deepseek-v3')!, catalog.formats.get('fp8')!);

  it('tensor 8: every GPU holds 1/8 of every layer, and MLA latent KV is replicated on all 8', () => {
    const p = only(deepseek('{tensor: 8}'));
    assert.ok(Math.abs(p.memory.perGpuGiB.weights - w.total / 8 / GiB) < 0.05, `${p.memory.perGpuGiB.weights}`);
    // By hand: MLA (512 + 64) × 61 layers × 2 B = 70,272 B per token; 2,500 tokens in vLLM's
    // 16-token blocks = 2,512 = 0.1644 GiB per sequence on every GPU, so the replica holds
    // pool / 0.1644 sequences, not 8× that.
    const perSeq = (576 * 61 * 2 * 2512) / GiB;
    assert.equal(p.memory.maxConcurrentSequences, Math.floor(p.memory.kvPoolGiB / perSeq));
  });

  it('tensor 1 × data 8 × expert 8: attention replicated, experts split 8 ways, KV capacity multiplied by the 8 ranks', () => {
    const tp = only(deepseek('{tensor: 8}'));
    const dp = only(deepseek('{tensor: 1, data: 8, expert: 8}'));
    assert.deepEqual(dp.shape, { tensor: 1, pipeline: 1, expert: 8, data: 8, gpusPerReplica: 8 });
    assert.equal(dp.replicas, 1);
    // Per GPU: all non-expert layers + embeddings + 1/8 of the routed experts (93.8 GiB by hand:
    // 654 B expert params / 8 at 1 B = 76 GiB + 15 B non-expert fp8 + 1.85 B embedding bf16).
    const expected = (w.nonExpertBody + w.embedding + w.lmHead + w.routedExperts / 8) / GiB;
    assert.ok(Math.abs(dp.memory.perGpuGiB.weights - expected) < 0.01, `${dp.memory.perGpuGiB.weights} vs ${expected}`);
    assert.ok(dp.memory.perGpuGiB.weights > tp.memory.perGpuGiB.weights + 10, 'attention is replicated per rank');
    // Fewer bytes of pool per GPU, but no replication of the latent: far more sequences.
    assert.ok(dp.memory.kvPoolGiB < tp.memory.kvPoolGiB);
    const perSeq = (576 * 61 * 2 * 2512) / GiB;
    assert.equal(dp.memory.maxConcurrentSequences, 8 * Math.floor(dp.memory.kvPoolGiB / perSeq));
    assert.ok(
      dp.memory.maxConcurrentSequences > 4 * tp.memory.maxConcurrentSequences,
      `${dp.memory.maxConcurrentSequences} vs ${tp.memory.maxConcurrentSequences}`,
    );
    assert.ok(dp.throughput.maxRequestsPerSecond > 2 * tp.throughput.maxRequestsPerSecond);
  });

  it('expert 8 on tensor 8 holds the same bytes per GPU as tensor 8 alone (1/8 of the experts either way)', () => {
    const a = only(deepseek('{tensor: 8}'));
    const b = only(deepseek('{tensor: 8, expert: 8}'));
    assert.equal(b.memory.perGpuGiB.weights, a.memory.perGpuGiB.weights);
    assert.equal(b.shape?.expert, 8);
  });

  it('a dense model: data 2 of tensor 1 serves like two replicas', () => {
    const file = (parallelism: string, gpus: number) =>
      deploymentYaml({
        workload: 'inputTokens: 1000\noutputTokens: 200\npeakRequestsPerSecond: 2',
        placements: [`name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: ${gpus}\nparallelism: ${parallelism}`],
      });
    const one = only(file('{tensor: 1}', 1));
    const two = only(file('{tensor: 1, data: 2}', 2));
    assert.equal(two.devices, 2);
    assert.equal(two.memory.perGpuGiB.weights, one.memory.perGpuGiB.weights);
    assert.equal(two.memory.maxConcurrentSequences, 2 * one.memory.maxConcurrentSequences);
    const ratio = two.throughput.maxRequestsPerSecond / one.throughput.maxRequestsPerSecond;
    assert.ok(ratio > 1.9 && ratio < 2.1, `capacity ratio ${ratio}`);
  });

  it('gpus must be a multiple of tensor × pipeline × data (LLMS030 with the data degree)', () => {
    const v = validateText(deepseek('{tensor: 2, data: 4, expert: 8}', 12));
    const f = v.findings.find((x) => x.code === 'LLMS030');
    assert.ok(f, 'LLMS030');
    assert.match(f.message, /tensor 2 × pipeline 1 × data 4 = 8 GPUs/);
  });
});

describe('manifests with data-parallel ranks that share experts (issue 12 item 9)', () => {
  for (const [name, engine] of [
    ['vllm-dp-ep-deepseek.yaml', 'vllm'],
    ['sglang-dp-attention.yaml', 'sglang'],
  ] as const) {
    it(`${engine}: the 8 ranks are one replica of 8 GPUs with the experts split 8 ways, and it fits`, () => {
      const result = evaluateText(fixture('manifests', name), { curve: false });
      const c = result.workloads[0]!.containers[0]!;
      assert.deepEqual(c.placement.estimatorShape, { tensor: 1, data: 8 });
      // vLLM: --enable-expert-parallel makes EP = tensor × data. SGLang without --ep-size runs the
      // MoE layers tensor-parallel over all 8 GPUs: EP 1, the same 1/8 of the experts per GPU.
      assert.equal(c.placement.expert, engine === 'vllm' ? 8 : 1);
      const p = result.documents[0]!.report.placements[0]!;
      assert.equal(p.replicas, 1);
      assert.equal(p.devices, 8);
      assert.equal(p.verdict, 'pass', p.reasons.join('; '));
      assert.ok(p.memory.perGpuGiB.weights > 90 && p.memory.perGpuGiB.weights < 97, `${p.memory.perGpuGiB.weights}`);
      assert.equal(result.findings.filter((f) => f.severity === 'error').length, 0);
    });
  }
});
