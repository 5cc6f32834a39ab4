/**
 * SGLang's memory contract (sglangMemory.ts), checked by hand against its source:
 * server_args.py `_handle_gpu_memory_settings` sets the default `--mem-fraction-static` from the
 * GPU's memory and the settings that size its activation and CUDA-graph reserve, and
 * `profile_max_num_token` sizes the KV pool as free-at-start × fraction − weights (activations live
 * in the reserve, so they are not deducted again). Until 2026-12-06 the estimator used one fixed
 * 0.835 and deducted vLLM-style activations × 1.15 on top: an 8 × H200 DeepSeek-R1 pool came out
 * 8 GiB short, enough to queue 4 of 64 long prompts that fit.
 */
import { strict as assert } from 'node:assert';
import { calibration } from '../../../../src/core/estimate/calibration';
import { sglangDefaultFraction, sglangMemoryDefaults } from '../../../../src/core/estimate/sglangMemory';
import { estimate } from '../../../../src/core/estimate';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { kvBytesPerSequencePerGpu } from '../../../../src/core/estimate/kv';
import { GiB } from '../../../../src/core/estimate/weights';
import { catalog } from '../../../../src/core/catalog';
import { evaluateText } from '../../../../src/core/placements';
import { resolveOrThrow } from '../../support/resolved';

function request(hardware: string, tensor: number, engineOptions: Record<string, unknown> = {}, extra = {}) {
  return resolveOrThrow({
    model: 'llama-3.1-8b',
    weights: 'bf16',
    hardware,
    engine: 'sglang',
    gpus: tensor,
    parallelism: { tensor },
    engineOptions: engineOptions as never,
    workload: { inputTokens: 1000, outputTokens: 200, concurrency: 1 },
    ...extra,
  });
}

/** A DeepSeek model with SGLang's DP attention over `ranks` GPUs (`--tp N --dp N --enable-dp-attention`). */
function dpAttention(
  model: string,
  hardware: string,
  ranks: number,
  workload: { inputTokens: number; outputTokens: number; concurrency: number },
) {
  return resolveOrThrow({
    model,
    weights: 'fp8',
    hardware,
    engine: 'sglang',
    gpus: ranks,
    parallelism: { tensor: 1, data: ranks, expert: ranks },
    workload,
  });
}

/** SGLang's fraction for a reserve of `reservedMiB` on a GPU of `gpuGiB`, rounded as it rounds it. */
const fraction = (reservedMiB: number, gpuGiB: number) => Math.round((1 - reservedMiB / (gpuGiB * 1024)) * 1000) / 1000;

describe('SGLang memory contract', () => {
  it('defaults --mem-fraction-static by its own rule: (GPU MiB − reserve) / GPU MiB', () => {
    // H100 80 GB (79.18 GiB = 81,080 MiB), TP1: chunk 8192, graph batch 256:
    // 512 + 1.5 × 8192 + 2 × 256 + 1024 × 1/8 = 13,440 MiB (above the 10,240 floor) → 0.834.
    assert.equal(sglangDefaultFraction(request('h100-sxm-80gb', 1), calibration, 79.18), 0.834);
    // H200 (139.8 GiB), TP8: graph batch 512: 512 + 12,288 + 1,024 + 1,024 = 14,848 MiB → 0.896.
    assert.equal(sglangDefaultFraction(request('h200-sxm-141gb', 8), calibration, 139.8), 0.896);
    // B200 (178.2 GiB), TP8: chunk 16,384: 512 + 24,576 + 1,024 + 1,024 = 27,136 MiB → 0.851.
    assert.equal(sglangDefaultFraction(request('b200-180gb', 8), calibration, 178.2), 0.851);
    // A10G (22.19 GiB), TP1: chunk 2048, graph batch 24: 512 + 3,072 + 48 + 128 = 3,760 MiB, no floor.
    assert.equal(sglangDefaultFraction(request('a10g-24gb', 1), calibration, 22.19), 0.835);
    // A stated chunk and graph batch move the reserve: 512 + 1.5 × 32,768 + 2 × 512 + 1,024 = 51,712.
    const big = request('h200-sxm-141gb', 8, { chunkedPrefillSize: 32768 });
    assert.equal(sglangDefaultFraction(big, calibration, 139.8), fraction(51712, 139.8));
    const small = request('h100-sxm-80gb', 1, { cudaGraphMaxBs: 16 });
    // 512 + 12,288 + 32 + 128 = 12,960 MiB.
    assert.equal(sglangDefaultFraction(small, calibration, 79.18), fraction(12960, 79.18));
    assert.deepEqual(sglangMemoryDefaults(calibration, 39.59, 4), { chunkedPrefill: 4096, graphMaxBs: 160 });
  });

  it('adds DP-attention padding and the drafter reserve', () => {
    const base = request('h200-sxm-141gb', 8);
    const dp = dpAttention('deepseek-r1', 'h200-sxm-141gb', 8, {
      inputTokens: 1000,
      outputTokens: 200,
      concurrency: 1,
    });
    // SGLang --tp 8 --dp 8 --enable-dp-attention: its tp_size is 8, as at TP8, plus
    // 3 × 512 × 8 + 1.5 × 512 × 8 (graph batch above 300) = 18,432 MiB of padding.
    assert.equal(sglangDefaultFraction(dp, calibration, 139.8), fraction(14848 + 18432, 139.8));
    const mtp = {
      ...base,
      speculative: { method: 'mtp', draftTokens: 3, acceptanceRate: 0.7, acceptanceDefaulted: false },
    };
    assert.equal(sglangDefaultFraction(mtp as typeof base, calibration, 139.8), fraction(14848 + 2048, 139.8));
  });

  it('assumes 0.79 where the rule leaves no KV pool (SGLang would not start without the flag), and says so', () => {
    // DeepSeek-V3 over 72 H100s with DP attention (SGLang's large-scale EP blog): the rule reserves
    // 512 × 72 × 4.5 MiB of CUDA-graph padding alone — more than the GPU.
    const req = dpAttention('deepseek-v3', 'h100-sxm-80gb', 72, {
      inputTokens: 2000,
      outputTokens: 100,
      concurrency: 256,
    });
    assert.ok(sglangDefaultFraction(req, calibration, 79.18) < 0);
    const mem = memoryModel(req, calibration);
    const free = mem.capacityGiB - mem.runtimeGiB;
    assert.ok(Math.abs(mem.kvPoolGiB - (free * 0.79 - mem.weightsPerGpuGiB)) < 1e-9);
    assert.ok(mem.fits);
    assert.match(
      mem.contractNote ?? '',
      /0\.79 \(mem_fraction_static, assumed: .* would not start without --mem-fraction-static/,
    );
    // A stated fraction is never replaced.
    const stated = memoryModel({ ...req, engineOptions: { memFractionStatic: 0.3 } }, calibration);
    assert.equal(stated.fits, false);
  });

  it('sizes the KV pool as free-at-start × fraction − weights, the reserve reported as activations', () => {
    const req = request('h100-sxm-80gb', 1);
    const mem = memoryModel(req, calibration);
    const free = mem.capacityGiB - mem.runtimeGiB;
    assert.ok(Math.abs(mem.kvPoolGiB - (free * 0.834 - mem.weightsPerGpuGiB)) < 1e-9);
    assert.ok(Math.abs(mem.activationsGiB - free * (1 - 0.834)) < 1e-9);
    // SGLang claims the whole GPU: weights + KV + reserve + runtime = capacity.
    const r = estimate(req);
    assert.ok(Math.abs(r.memory.perGpuGiB.total.value - mem.capacityGiB) < 1e-6);
    assert.ok(r.assumptions.some((s) => /0\.834 \(mem_fraction_static, its default/.test(s)));
    // A stated fraction is used as is.
    const stated = memoryModel(request('h100-sxm-80gb', 1, { memFractionStatic: 0.7 }), calibration);
    assert.ok(Math.abs(stated.kvPoolGiB - (free * 0.7 - stated.weightsPerGpuGiB)) < 1e-9);
  });

  it('reads --cuda-graph-max-bs from an SGLang manifest', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: llama}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: sglang',
      '          image: lmsysorg/sglang:v0.5.6',
      '          command: [python3, -m, sglang.launch_server, --model-path, meta-llama/Llama-3.1-8B-Instruct, --cuda-graph-max-bs, "16"]',
      '          resources: {limits: {nvidia.com/gpu: 1}}',
      '      nodeSelector: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}',
      '',
    ].join('\n');
    const result = evaluateText(text, { curve: false });
    assert.equal(result.workloads[0]!.containers[0]!.placement.engineOptions['cudaGraphMaxBs'], 16);
  });

  it('a hybrid linear-attention model gets two pools: 47% for the states, the rest for the KV', () => {
    // Qwen3.5-9B: 24 Gated DeltaNet layers of 1,097,728 B state and 8 attention layers of 4 KV
    // heads × 256 × K,V × 2 B = 32 KiB a token. SGLang splits the pool by --mamba-full-memory-ratio
    // 0.9 (states 0.9/1.9 of it, as slots) and the KV takes what the slots leave.
    const hybrid = (engine: string) =>
      memoryModel(
        resolveOrThrow({
          model: 'qwen3.5-9b',
          weights: 'bf16',
          hardware: 'h200-sxm-141gb',
          engine,
          gpus: 1,
          workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 1024 },
        }),
        calibration,
      );
    const m = hybrid('sglang');
    const state = 24 * 1_097_728;
    const kv = 8 * 4 * 256 * 2 * 2 * 9216;
    const r = (k: number) => Math.abs(k - 1);
    assert.ok(r(m.kvPerSequenceBytes / (state + kv)) < 1e-9, String(m.kvPerSequenceBytes));
    const pool = m.kvPoolGiB * GiB;
    const slots = Math.floor((pool * 0.9) / 1.9 / state);
    assert.equal(m.maxSequences, Math.min(slots, Math.floor((pool - slots * state) / kv)));
    // One shared pool would hold 1.8 times as many: the KV side binds at 9,216 tokens.
    const shared = Math.floor(pool / (state + kv));
    assert.ok(m.maxSequences < 0.6 * shared && m.maxSequences > 0.5 * shared, `${m.maxSequences} of ${shared}`);
    // vLLM keeps one pool (its hybrid allocator pages states and KV together).
    const v = hybrid('vllm');
    assert.equal(v.maxSequences, Math.floor((v.kvPoolGiB * GiB) / v.kvPerSequenceBytes));
  });

  it("a linear layer's state splits over the tensor ranks like its heads", () => {
    // Qwen3.5-397B-A17B: 45 Gated DeltaNet layers of 2,170,880 B (64 value heads: 8 on each of 8 ranks).
    const arch = catalog.models.get('qwen3.5-397b-a17b')!.architecture;
    const fp8 = catalog.formats.get('fp8')!;
    assert.equal(kvBytesPerSequencePerGpu(arch, fp8, 0, 1, 1), 45 * 2_170_880);
    assert.equal(kvBytesPerSequencePerGpu(arch, fp8, 0, 8, 1) * 8, 45 * 2_170_880);
  });
});
