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
    // Qwen3.5-9B: 24 Gated DeltaNet layers of 2,146,304 B state (the recurrent part in float32, as
    // the config's mamba_ssm_dtype says) and 8 attention layers of 4 KV heads × 256 × K,V × 2 B =
    // 32 KiB a token. SGLang splits the pool by --mamba-full-memory-ratio 0.9 (states 0.9/1.9 of
    // it, as slots), the KV takes what the slots leave, and the radix cache lets the running
    // requests take a third of the slots.
    const hybrid = (engine: string, inputTokens = 8192, outputTokens = 1024) =>
      memoryModel(
        resolveOrThrow({
          model: 'qwen3.5-9b',
          weights: 'bf16',
          hardware: 'h200-sxm-141gb',
          engine,
          gpus: 1,
          workload: { inputTokens, outputTokens, concurrency: 1024 },
        }),
        calibration,
      );
    const m = hybrid('sglang');
    const state = 24 * 2_146_304;
    const kv = 8 * 4 * 256 * 2 * 2 * 9216;
    const r = (k: number) => Math.abs(k - 1);
    assert.ok(r(m.kvPerSequenceBytes / (state + kv)) < 1e-9, String(m.kvPerSequenceBytes));
    const pool = m.kvPoolGiB * GiB;
    const slots = Math.floor((pool * 0.9) / 1.9 / state);
    const byKv = Math.floor((pool - slots * state) / kv);
    assert.ok(byKv < slots / 3, `the KV side binds at 9,216 tokens: ${byKv} of ${slots} slots`);
    assert.equal(m.maxSequences, byKv);
    // One shared pool would hold 1.6 times as many.
    const shared = Math.floor(pool / (state + kv));
    assert.ok(m.maxSequences < 0.7 * shared && m.maxSequences > 0.55 * shared, `${m.maxSequences} of ${shared}`);
    // vLLM keeps one pool (its hybrid allocator pages states and KV together).
    const v = hybrid('vllm');
    assert.equal(v.maxSequences, Math.floor((v.kvPoolGiB * GiB) / v.kvPerSequenceBytes));
    // Short requests: the KV would hold thousands, the slots a third of theirs.
    const short = hybrid('sglang', 512, 128);
    const shortSlots = Math.floor((short.kvPoolGiB * GiB * 0.9) / 1.9 / state);
    assert.equal(short.maxSequences, Math.floor(shortSlots / 3));
  });

  it("a linear layer's state splits over the tensor ranks like its heads", () => {
    // Qwen3.5-397B-A17B: 45 Gated DeltaNet layers of 4,268,032 B (64 value heads of 128 × 128 fp32
    // + bf16 conv: 8 heads on each of 8 ranks).
    const arch = catalog.models.get('qwen3.5-397b-a17b')!.architecture;
    const fp8 = catalog.formats.get('fp8')!;
    assert.equal(kvBytesPerSequencePerGpu(arch, fp8, 0, 1, 1), 45 * 4_268_032);
    assert.equal(kvBytesPerSequencePerGpu(arch, fp8, 0, 8, 1) * 8, 45 * 4_268_032);
  });

  it('--max-running-requests is the whole server: DP attention ranks split it (vLLM: each rank its own)', () => {
    const cap = (engine: string) =>
      memoryModel(
        resolveOrThrow({
          model: 'deepseek-r1',
          weights: 'fp8',
          hardware: 'h200-sxm-141gb',
          engine,
          gpus: 8,
          parallelism: { tensor: 1, data: 8, expert: 8 },
          engineOptions: engine === 'sglang' ? { maxRunningRequests: 256 } : { maxNumSeqs: 256 },
          workload: { inputTokens: 1024, outputTokens: 1024, concurrency: 4096 },
        }),
        calibration,
      ).engineMaxBatch;
    // SGLang kv_cache_configurator: requested_per_worker = max_running_requests // attn_dp_size.
    assert.equal(cap('sglang'), 256);
    assert.equal(cap('vllm'), 8 * 256);
  });

  it('DeepSeek-V4 on SGLang runs at most 256 requests by default, split over the DP ranks', () => {
    const cap = (parallelism: { tensor: number; data?: number; expert?: number }, engineOptions = {}) =>
      memoryModel(
        resolveOrThrow({
          model: 'deepseek-v4-flash',
          weights: 'mxfp4',
          hardware: 'b200-180gb',
          engine: 'sglang',
          gpus: 8,
          parallelism,
          engineOptions,
          workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 4096 },
        }),
        calibration,
      );
    // deepseek_v4_hook.py apply_deepseek_v4_defaults: max_running_requests = 256 when unset.
    for (const p of [{ tensor: 8 }, { tensor: 1, data: 8, expert: 8 }, { tensor: 2, data: 4, expert: 8 }]) {
      const m = cap(p);
      assert.equal(m.engineMaxBatch, 256, JSON.stringify(p));
      assert.ok(m.maxSequences > 256, `the pool is not what binds: ${m.maxSequences}`);
    }
    assert.equal(cap({ tensor: 1, data: 8, expert: 8 }, { maxRunningRequests: 1024 }).engineMaxBatch, 1024);
    // Other models keep SGLang's heuristic floor: 2,048 a rank.
    const llama = memoryModel(
      resolveOrThrow({
        model: 'llama-3.1-8b',
        weights: 'bf16',
        hardware: 'h200-sxm-141gb',
        engine: 'sglang',
        gpus: 1,
        workload: { inputTokens: 128, outputTokens: 128, concurrency: 4096 },
      }),
      calibration,
    );
    assert.equal(llama.engineMaxBatch, 2048);
  });
});
