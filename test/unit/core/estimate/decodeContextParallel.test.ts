/**
 * Decode context parallel (`parallelism.decodeContext`, vLLM `-dcp`; vLLM
 * docs/serving/context_parallel_deployment.md): the tensor ranks that would hold copies of the KV
 * cache (MLA's latent is on every rank; K/V heads repeat when the ranks outnumber them) each keep
 * 1/dcp of every sequence's tokens. The degree lies in [1, tensor ÷ KV heads] and divides tensor;
 * it uses no extra GPUs. Checked by hand: DeepSeek-R1's FP8 latent is (512 + 64) B a token and
 * layer, 61 layers, so one 34,000-token sequence holds 34,000 × 61 × 576 B = 1.195 GB on each of
 * the 8 ranks without DCP and 149 MB with DCP 8.
 */
import { strict as assert } from 'node:assert';
import { kvBytesPerSequencePerGpu, kvBytesReadPerStep } from '../../../../src/core/estimate/kv';
import { kvCopiesOverTensor } from '../../../../src/core/catalog/kvCopies';
import { estimate, resolveRequest, type ResolveInput } from '../../../../src/core/estimate';
import { catalog } from '../../../../src/core/catalog';
import { evaluateText, recommend } from '../../../../src/core/placements';
import { validateText } from '../../../../src/core/validate';
import { applyEdits } from '../../support/helpers';
import { parseCases, predictCase } from '../../../../src/core/accuracy';

const model = (id: string) => catalog.models.get(id)!;
const fp8 = catalog.formats.get('fp8')!;

function input(over: Partial<ResolveInput> & { dcp?: number; tensor?: number }): ResolveInput {
  const { dcp, tensor, ...rest } = over;
  return {
    model: 'deepseek-r1',
    weights: 'fp8',
    kvCache: 'fp8',
    hardware: 'h200-sxm-141gb',
    engine: 'vllm',
    gpus: 8,
    parallelism: { tensor: tensor ?? 8, ...(dcp !== undefined ? { decodeContext: dcp } : {}) },
    workload: { inputTokens: 32000, outputTokens: 2000, concurrency: 'max' },
    ...rest,
  };
}

function run(over: Parameters<typeof input>[0]) {
  const r = resolveRequest(input(over));
  if (!r.ok) throw new Error(r.error);
  return estimate(r.request);
}

/**
 * A deployment file of fp8 `model` with the long prompts these tests need (32k + 2k tokens at
 * `rate` req/s, `extra` workload fields) and the given placements (YAML list items).
 */
function deploymentText(
  placements: string,
  { model = 'deepseek-r1', input = 32000, rate = 1, extra = '' } = {},
): string {
  return `apiVersion: llm-sizing/v1
kind: Deployment
name: long-context
model: {id: ${model}, weights: fp8, kvCache: fp8}
workload: {inputTokens: ${input}, outputTokens: 2000, peakRequestsPerSecond: ${rate}${extra}}
placements:
${placements}`;
}

describe('decode context parallel', () => {
  it('counts the KV copies tensor parallelism makes: MLA on every rank, K/V heads beyond their number', () => {
    assert.equal(kvCopiesOverTensor(model('deepseek-r1').architecture, 8), 8);
    // vLLM's own examples: Qwen3-235B-A22B (4 KV heads) over tensor 8 holds two copies; Kimi-K2 over 16, 16.
    assert.equal(kvCopiesOverTensor(model('qwen3-235b-a22b').architecture, 8), 2);
    assert.equal(kvCopiesOverTensor(model('kimi-k2').architecture, 16), 16);
    assert.equal(kvCopiesOverTensor(model('llama-3.1-70b').architecture, 8), 1);
  });

  it('each rank holds and reads 1/dcp of the tokens; a linear layer state is not split', () => {
    const arch = model('deepseek-r1').architecture;
    const whole = kvBytesPerSequencePerGpu(arch, fp8, 34000, 8, 1, 1);
    assert.equal(whole, 34000 * 61 * 576);
    assert.equal(kvBytesPerSequencePerGpu(arch, fp8, 34000, 8, 1, 1, 8), whole / 8);
    assert.ok(Math.abs(kvBytesReadPerStep(arch, fp8, 34000, 8, 8) - kvBytesReadPerStep(arch, fp8, 34000, 8) / 8) < 1);
    // Kimi-K3: 69 KDA layers keep a 6.5 MB state per sequence whatever the length; its heads split
    // over the 16 tensor ranks (each holds 1/16), and decode context parallel does not split it further.
    const k3 = model('kimi-k3').architecture;
    const state = kvBytesPerSequencePerGpu(k3, fp8, 0, 16, 1, 1);
    assert.ok(state > (69 * 6e6) / 16);
    assert.equal(state * 16, kvBytesPerSequencePerGpu(k3, fp8, 0, 1, 1, 1));
    assert.equal(kvBytesPerSequencePerGpu(k3, fp8, 0, 16, 1, 1, 16), state);
    const tokens = kvBytesPerSequencePerGpu(k3, fp8, 100000, 16, 1, 1) - state;
    assert.ok(Math.abs(kvBytesPerSequencePerGpu(k3, fp8, 100000, 16, 1, 1, 16) - (state + tokens / 16)) < 1);
  });

  it('DeepSeek-R1 on 8 × H200: about 8 times the 34k-token sequences fit, and a fixed batch decodes faster', () => {
    const plain = run({});
    const sharded = run({ dcp: 8 });
    const ratio = sharded.batchSize / plain.batchSize;
    assert.ok(ratio > 7.5 && ratio <= 8.05, `${plain.batchSize} → ${sharded.batchSize}`);
    assert.ok(sharded.throughput.outputTokensPerSecond.value > plain.throughput.outputTokensPerSecond.value);
    const step = (dcp?: number) =>
      run({
        ...(dcp ? { dcp } : {}),
        workload: { inputTokens: 32000, outputTokens: 2000, concurrency: 32 },
      }).explain.find((e) => e.quantity === 'Decode step')!.value;
    // 32 sequences of ~33k tokens read ~37 GB of latent a step on each rank without DCP (8.6 ms at
    // 90% of 4.8 TB/s), an eighth with it; 61 more small exchanges cost ~1 ms back.
    const saved = step() - step(8);
    assert.ok(saved > 5 && saved < 8, `${step()} → ${step(8)} ms`);
    assert.ok(
      sharded.assumptions.some((a) => /decode context parallel 8/.test(a)),
      sharded.assumptions.join('\n'),
    );
  });

  it('refuses what vLLM refuses: a degree that does not divide tensor, beyond the copies, on another engine', () => {
    const fail = (over: Parameters<typeof input>[0]) => {
      const r = resolveRequest(input(over));
      assert.equal(r.ok, false);
      return r.ok ? '' : r.error;
    };
    assert.match(fail({ dcp: 3 }), /must divide tensor parallel 8/);
    assert.match(fail({ model: 'llama-3.1-70b', dcp: 2 }), /no KV copies to shard/);
    assert.match(fail({ model: 'qwen3-235b-a22b', dcp: 4 }), /exceeds the 2 copies/);
    assert.match(fail({ engine: 'tensorrt-llm', dcp: 2 }), /has no decode context parallel/);
    // SGLang has it too (--dcp-size).
    assert.equal(resolveRequest(input({ engine: 'sglang', dcp: 8 })).ok, true);
    assert.equal(resolveRequest(input({ model: 'qwen3-235b-a22b', dcp: 2 })).ok, true);
  });

  it('a deployment file: two placements that differ only in decodeContext are sized apart (the sizing cache keys on it)', () => {
    const placement = (name: string, extra: string) => `  - name: ${name}
    type: on-prem
    hardware: h200-sxm-141gb
    gpus: 8
    engine: vllm
    parallelism: {tensor: 8${extra}}
`;
    const text = deploymentText(placement('tp8', '') + placement('tp8-dcp8', ', decodeContext: 8'));
    const [plain, sharded] = evaluateText(text, { curve: false }).documents[0]!.report.placements;
    assert.equal(sharded!.shape?.decodeContext, 8);
    // KV-bound at 34k tokens a sequence: eight times the batch roughly doubles what one replica sustains.
    const max = (p: typeof plain) => p!.throughput.maxRequestsPerSecond;
    assert.ok(max(sharded) > max(plain) * 1.5, `${max(plain)} vs ${max(sharded)}`);
    assert.ok(sharded!.memory.maxConcurrentSequences > plain!.memory.maxConcurrentSequences * 7.5);
  });

  it('gpus: auto tries decode context parallel on vLLM and SGLang and keeps it only when it needs fewer GPUs', () => {
    const text = (model: string, engine: string, input = 32000) =>
      deploymentText(
        `  - name: auto
    type: on-prem
    hardware: h200-sxm-141gb
    gpus: auto
    engine: ${engine}
`,
        { model, input },
      );
    const solved = (model: string, engine: string, input?: number) => {
      const r = evaluateText(text(model, engine, input), { curve: false });
      return {
        placement: r.documents[0]!.report.placements[0]!,
        finding: r.findings.find((f) => f.code === 'LLMS106')!,
      };
    };
    // KV-bound: TP 8 holds 42 34k-token sequences, 0.37 req/s a replica, so 3 replicas; with DCP 8, 2.
    const r1 = solved('deepseek-r1', 'vllm');
    assert.equal(r1.placement.gpus, 16);
    assert.equal(r1.placement.shape?.decodeContext, 8);
    assert.match(r1.finding.fixes![0]!.title, /parallelism \{tensor: 8, decodeContext: 8\}/);
    // TensorRT-LLM has none; Llama 3.1 70B's 8 KV heads over tensor ≤ 8 hold no copies: nothing to try.
    assert.equal(solved('deepseek-r1', 'tensorrt-llm').placement.shape?.decodeContext, undefined);
    assert.equal(solved('deepseek-r1', 'sglang').placement.shape?.decodeContext, 8);
    assert.equal(solved('llama-3.1-70b', 'vllm').placement.shape?.decodeContext, undefined);
    // Short prompts are not KV-bound: the same GPUs either way, so the plain split (tried first) stays.
    assert.equal(solved('deepseek-r1', 'vllm', 1000).placement.shape?.decodeContext, undefined);
  });

  it('recommend tries decode context parallel, and its snippet pasted back gives the same figures', () => {
    const text = deploymentText(`  - name: x
    type: on-prem
    hardware: h200-sxm-141gb
    gpus: auto
`);
    const r = recommend(validateText(text).documents[0]!.deployment!);
    const dcp = r.recommendations.find((x) => x.decodeContext === 8);
    assert.ok(dcp, r.recommendations.map((x) => x.snippet.split('\n')[0]).join(', '));
    assert.match(dcp.snippet, /parallelism: \{tensor: 8, decodeContext: 8\}/);
    // KV-bound prompts: the cheapest configuration found shards the latent copies.
    assert.equal(r.recommendations[0]!.decodeContext, 8);
    const pasted = text.replace(/placements:\n[\s\S]*$/, `placements:\n${dcp.snippet.replace(/^/gm, '  ')}\n`);
    const p = evaluateText(pasted, { curve: false }).documents[0]!.report.placements[0]!;
    assert.equal(p.verdict, 'pass');
    assert.equal(p.gpus, dcp.gpus);
    assert.equal(p.cost.monthlyUsd, dcp.monthlyUsd);
    assert.equal(p.latency.ttftMs.p95, dcp.ttftP95Ms);
  });

  it('a measured case may state it (your own -dcp benchmark becomes a case)', () => {
    const cases = parseCases(`- id: dcp
  model: deepseek-r1
  weights: fp8
  kvCache: fp8
  hardware: h200-sxm-141gb
  engine: vllm
  gpus: 8
  parallelism: {tensor: 8, decodeContext: 8}
  workload: {inputTokens: 32000, outputTokens: 2000, concurrency: 32}
  metric: tpotMs
  measured: 40
`);
    assert.equal(cases.error, undefined);
    assert.equal(cases.cases.length, 1);
    assert.equal(cases.cases[0]!.problem, undefined);
    const input = cases.cases[0]!.input;
    const sharded = predictCase(input);
    const plain = predictCase({ ...input, parallelism: { tensor: 8 } });
    assert.ok(sharded.predicted !== null && plain.predicted !== null);
    assert.ok(sharded.predicted < plain.predicted, `${plain.predicted} → ${sharded.predicted}`);
  });

  it('disaggregation: auto may give the decode workers decode context parallel, and writes it', () => {
    const text = deploymentText(
      `  - name: split
    type: on-prem
    hardware: h200-sxm-141gb
    gpus: auto
    engine: vllm
    disaggregation: auto
`,
      { rate: 2, extra: ', slo: {ttftMs: 10000, tpotMs: 80}' },
    );
    const r = evaluateText(text, { curve: false });
    const d = r.documents[0]!.report.placements[0]!.disaggregation!;
    // 34k-token sequences: a TP 8 decode worker holds 42 of them, with DCP 8 about 338.
    assert.equal(d.decode.parallelism.decodeContext, 8);
    assert.equal(d.prefill.parallelism.decodeContext, undefined);
    const fix = r.findings.find((f) => f.code === 'LLMS106')!.fixes![0]!;
    assert.match(fix.title, /D×TP8·DCP8/);
    const written = evaluateText(applyEdits(text, fix.edits), { curve: false }).documents[0]!.report.placements[0]!;
    assert.equal(written.disaggregation!.decode.parallelism.decodeContext, 8);
    assert.equal(written.gpus, r.documents[0]!.report.placements[0]!.gpus);
  });

  /** A Deployment of DeepSeek-R1 on 8 × H200 whose one container is `container` (YAML lines). */
  const r1Deployment = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: r1}
spec:
  template:
    spec:
      nodeSelector: {nvidia.com/gpu.product: NVIDIA-H200}
      containers:
${container}
          resources: {limits: {nvidia.com/gpu: 8}}
`;
  const evaluated = (text: string) => evaluateText(text, { curve: false }).workloads[0]!;
  type Evaluated = ReturnType<typeof evaluated>;
  const dcpOf = (w: Evaluated) => w.containers[0]!.placement.decodeContext?.value;

  it('a vLLM command line with --decode-context-parallel-size is sized with it', () => {
    const manifest = (dcp: string) =>
      r1Deployment(`        - name: vllm
          image: vllm/vllm-openai:v0.12.0
          args: [--model, deepseek-ai/DeepSeek-R1-0528, --tensor-parallel-size, "8"${dcp}]`);
    const plain = evaluated(manifest(''));
    const sharded = evaluated(manifest(', -dcp, "8"'));
    assert.equal(dcpOf(sharded), 8);
    assert.equal(dcpOf(plain), undefined);
    const kv = (w: Evaluated) => w.report.placements[0]!.memory.perGpuGiB.kvCache;
    assert.ok(kv(sharded) > 0 && kv(plain) > 0);
    const seqs = (w: Evaluated) => w.containers[0]!.analysis.sequencesAtMaxLen ?? 0;
    assert.ok(seqs(sharded) > seqs(plain) * 7, `${seqs(plain)} → ${seqs(sharded)}`);
  });

  it('an SGLang command line with --dcp-size is sized with it (550 → 4,407 sequences of 1,280 tokens)', () => {
    const manifest = (dcp: string) =>
      r1Deployment(`        - name: sglang
          image: lmsysorg/sglang:v0.5.18
          command: [python3, -m, sglang.launch_server, --model-path, deepseek-ai/DeepSeek-R1-0528, --tp, "8"${dcp}]`);
    const plain = evaluated(manifest(''));
    const sharded = evaluated(manifest(', --dcp-size, "8"'));
    assert.equal(dcpOf(sharded), 8);
    assert.equal(dcpOf(plain), undefined);
    const seqs = (w: Evaluated) => w.containers[0]!.analysis.sequencesAtTypical ?? 0;
    assert.ok(seqs(plain) > 0 && seqs(sharded) > seqs(plain) * 7, `${seqs(plain)} → ${seqs(sharded)}`);
  });
});
