/**
 * LoRA adapters (issue 16 item 3): the GPU slots each engine preallocates, checked byte for byte
 * against the engines' own allocation rules (lora.json), the KV cache they take, the time their
 * kernels add, and what the estimate says about them.
 */
import assert from 'node:assert/strict';
import { resolveOrThrow } from '../../support/resolved';
import { estimate, type LoraInput } from '../../../../src/core/estimate';
import { distinctAdapters, loraBytesPerGpu } from '../../../../src/core/estimate/lora';
import { evaluateText } from '../../../../src/core/placements';

function request(engine: string, tensor: number, lora?: LoraInput, model = 'llama-3.1-8b', concurrency = 1) {
  return resolveOrThrow({
    model,
    hardware: 'h100-sxm-80gb',
    engine,
    gpus: tensor,
    parallelism: { tensor },
    workload: { inputTokens: 2048, outputTokens: 256, concurrency },
    ...(lora ? { lora } : {}),
  });
}

const MIB = 2 ** 20;
// Llama 3.1 8B: 32 layers, hidden 4096, q 4096, k = v 1024, MLP 14336, vocabulary 128256.
const LINEAR_PER_LAYER = 4096 + 4096 + (4096 + 1024) * 2 + 4096 + 4096 + (4096 + 14336) * 3;

describe('estimator: LoRA adapters', () => {
  it('vLLM, rank 16, 4 slots: 80 MiB of linear slots each + embed_tokens and lm_head slots = 352 MiB per GPU', () => {
    const req = request('vllm', 1, { adapters: 4, rank: 16, maxLoras: 4 });
    const linear = 32 * LINEAR_PER_LAYER * 16 * 2;
    assert.equal(linear, 80 * MIB);
    const embeddings = 2 * (128256 + 4096) * 16 * 2;
    assert.equal(loraBytesPerGpu(req), 4 * (linear + embeddings));
    assert.equal(Math.round((loraBytesPerGpu(req) / MIB) * 10) / 10, 352.3);
  });

  it('tensor parallel 4 splits B of column-parallel and A of row-parallel projections, and keeps the rest whole', () => {
    const req = request('vllm', 4, { adapters: 4, rank: 16, maxLoras: 4 });
    const perLayer = 4096 + 1024 + (4096 + 256) * 2 + (1024 + 4096) + (4096 + 3584) * 2 + (3584 + 4096);
    assert.equal(loraBytesPerGpu(req), 4 * (32 * perLayer * 16 * 2 + 2 * (128256 + 4096) * 16 * 2));
  });

  it('SGLang defaults to 8 slots without embedding slots; TensorRT-LLM pages every projection like the widest', () => {
    assert.equal(loraBytesPerGpu(request('sglang', 1, { adapters: 20, rank: 16 })), 8 * 80 * MIB);
    // Pages as wide as the narrowest projection (k, v: 4,096 + 1,024 = 5,120); the widest (the MLP's,
    // 18,432) takes ceil(18,432 / 5,120) = 4 of them, and so does every projection.
    const trt = loraBytesPerGpu(request('tensorrt-llm', 1, { adapters: 4, rank: 16, maxLoras: 4 }));
    assert.equal(trt, 4 * 32 * 7 * 4 * 5120 * 16 * 2);
    assert.equal(trt / MIB, 560);
  });

  it('the slots come out of the KV cache: fewer sequences fit', () => {
    const base = estimate(request('vllm', 1));
    const lora = estimate(request('vllm', 1, { adapters: 64, rank: 64, maxLoras: 16 }));
    assert.ok(lora.memory.perGpuGiB.weights.value > base.memory.perGpuGiB.weights.value + 5);
    assert.ok(lora.memory.maxConcurrentSequences < base.memory.maxConcurrentSequences);
  });

  it('a decode step pays two kernels per projection group per layer (32 × 8 × 4.5 µs ≈ 1.15 ms) plus the adapter read', () => {
    const base = estimate(request('vllm', 1)).latency.tpotMs.p50.value;
    const all = estimate(request('vllm', 1, { adapters: 1, rank: 16 })).latency.tpotMs.p50.value;
    const attention = estimate(request('vllm', 1, { adapters: 1, rank: 16, targetModules: 'attention' })).latency.tpotMs
      .p50.value;
    assert.ok(all - base > 1.15 && all - base < 1.3, `${all - base}`);
    assert.ok(attention - base > 0.57 && attention - base < all - base, `${attention - base}`);
  });

  it('a batch of B requests over N equally used adapters holds N·(1 − (1 − 1/N)^B) of them, at most the slots', () => {
    const lora = {
      adapters: 10,
      rank: 16,
      maxLoras: 8,
      maxLorasDefaulted: false,
      targetModules: 'all-linear' as const,
    };
    assert.ok(Math.abs(distinctAdapters(lora, 5) - 10 * (1 - 0.9 ** 5)) < 1e-9);
    assert.equal(distinctAdapters(lora, 1000), 8);
    assert.equal(distinctAdapters({ ...lora, adapters: 1 }, 64), 1);
  });

  it('says what LoRA costs, and when the adapters outnumber the slots', () => {
    const e = estimate(request('vllm', 1, { adapters: 50, rank: 16 }));
    const notes = e.assumptions.filter((a) => a.startsWith('LoRA'));
    assert.match(
      notes[0]!,
      /50 adapters on every linear projection, 1 GPU slot \(vLLM's default; write `maxLoras`\) at rank 16: 88 MiB per GPU/,
    );
    assert.match(notes[1]!, /50 adapters but 1 GPU slot: a batch holds at most 1 distinct adapters/);
  });

  it("vLLM wraps a MoE model's routed experts too: Qwen3-30B-A3B, rank 8, 2 slots, byte for byte", () => {
    // Qwen3-30B-A3B: 48 layers, hidden 2048, q 32 × 128, k = v 4 × 128, 128 experts of 768, vocab 151,936.
    const attention = 48 * (2048 + 4096 + (2048 + 512) * 2 + 4096 + 2048);
    // FusedMoEWithLoRA: w13 A 2 × [E, r, hidden], B 2 × [E, inter, r]; w2 A [E, r, inter], B [E, hidden, r].
    const experts = 48 * 128 * (2 * (2048 + 768) + (768 + 2048));
    const embeddings = 2 * (151936 + 2048);
    const req = request('vllm', 1, { adapters: 2, rank: 8, maxLoras: 2 }, 'qwen3-30b-a3b');
    assert.equal(loraBytesPerGpu(req), 2 * (attention + experts + embeddings) * 8 * 2);
    assert.ok(loraBytesPerGpu(req) / MIB > 1600, 'experts make each slot ~800 MiB, not ~17');
    const e = estimate(req);
    assert.ok(
      e.assumptions.some((a) => /every linear projection, the 128 routed experts of each MoE layer included/.test(a)),
    );
    // A decode step reads the experts its tokens reach, not all 128: at one sequence 8 of 128. Its
    // LoRA time is the kernels (48 layers × 2 attention + 2 expert pairs × 2 = 384 at 4.5 µs) plus
    // a read far below one whole slot's (~0.28 ms at H100's bandwidth).
    const oneSeq = estimate(request('vllm', 1, { adapters: 2, rank: 8, maxLoras: 2 }, 'qwen3-30b-a3b', 1));
    const stepLora = oneSeq.assumptions.find((a) => /^LoRA: /.test(a))!;
    const ms = Number(/\+([\d.]+) ms per decode step/.exec(stepLora)![1]);
    const kernelsMs = (384 * 4.5) / 1000;
    const wholeSlotMs = (loraBytesPerGpu(req) / 2 / 3.35e12) * 1000;
    assert.ok(ms >= kernelsMs - 0.01 && ms - kernelsMs < wholeSlotMs / 4, `${ms} ms (kernels ${kernelsMs})`);
  });

  it("an engine without MoE LoRA data carries LoRA on a MoE model's attention only, and says so", () => {
    const e = estimate(request('sglang', 1, { adapters: 2, rank: 8 }, 'qwen3-30b-a3b'));
    assert.ok(
      e.assumptions.some((a) => /attention projections \(SGLang's LoRA on MoE experts is not in the data/.test(a)),
    );
  });

  it('`lora:` of a placement reaches its estimate; a rank of 0 is a located schema error', () => {
    const text = (rank: number) => `apiVersion: llm-sizing/v1
kind: Deployment
name: adapters
model: {id: llama-3.1-8b}
workload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: 1}
placements:
  - name: one
    type: on-prem
    hardware: h100-sxm-80gb
    gpus: 1
    lora: {adapters: 10, rank: ${rank}, maxLoras: 4}
`;
    const ok = evaluateText(text(32), { curve: false });
    const p = ok.documents[0]!.report.placements[0]!;
    assert.ok(
      p.assumptions.some((a) => /^LoRA: 10 adapters .* 4 GPU slots at rank 32/.test(a)),
      p.assumptions.join('\n'),
    );
    const bad = evaluateText(text(0), { curve: false });
    const f = bad.findings.find((x) => x.severity === 'error');
    assert.ok(f, 'an error');
    assert.equal(text(0).slice(f.range.start, f.range.end), '0');
  });
});
