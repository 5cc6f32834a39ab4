/**
 * vLLM's memory at start-up (activations.ts, memory.ts), checked by hand against published logs of
 * vLLM 0.19.0 (llm-d-planner accuracy/results/v0.19.0, data/calibration/memory.yaml KV-V07…V23):
 * the KV pool is fraction × capacity − weights − (base + the larger of the profile forward and the
 * sampler warm-up of max_num_seqs × vocab fp32 logits × 3.6) − runtime, and NCCL's NVLink SHARP
 * buffers (1.5 GiB) join the runtime at TP ≥ 2 on NVSwitch Hopper/Blackwell GPUs only. Until
 * 2026-12-06 the sampler took 6 copies and MoE models 2.6 GiB more: Llama-3.1-8B at TP1 came out
 * 0.9 GiB short and at TP4 0.6 GiB long, Qwen3-30B-A3B 21% short.
 */
import { strict as assert } from 'node:assert';
import { calibration } from '../../../../src/core/estimate/calibration';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { hasNvlinkSharp } from '../../../../src/core/estimate/hardware';
import { resolveOrThrow } from '../../support/resolved';

/** The llm-d-planner v0.19.0 launch settings under vLLM; SGLang at its defaults. */
function request(model: string, hardware: string, tensor: number, engine: 'vllm' | 'sglang' = 'vllm') {
  return resolveOrThrow({
    model,
    weights: 'bf16',
    hardware,
    engine,
    gpus: tensor,
    parallelism: { tensor },
    ...(engine === 'vllm'
      ? {
          engineOptions: { gpuMemoryUtilization: 0.95, maxModelLen: 8192, maxNumSeqs: 1024, maxNumBatchedTokens: 8192 },
        }
      : {}),
    workload: { inputTokens: 512, outputTokens: 128, concurrency: 1 },
  });
}

const runtime = (hardware: string, tensor: number, engine: 'vllm' | 'sglang' = 'vllm') =>
  memoryModel(request('llama-3.1-8b', hardware, tensor, engine), calibration).runtimeGiB;

const kvPool = (model: string, hardware: string, tensor: number) =>
  memoryModel(request(model, hardware, tensor), calibration).kvPoolGiB;

describe('vLLM memory at start-up', () => {
  it('Llama-3.1-8B on H100 at 0.95 (vLLM 0.19 logs: 58.11, 63.76, 67.44 GiB at TP1, 2, 4)', () => {
    // By hand at TP4: 0.95 × 79.18 = 75.22; weights 3.74; runtime 0.15 + NCCL 0.37 + NVLS 1.5;
    // activations 0.21 + max(8192 × (4·4096 + 4·14336/4) × 2 B = 0.47, 1024 × 128256 × 4 B × 3.6
    // = 1.76) GiB = 1.97; pool 75.22 − 3.74 − 2.02 − 1.97 = 67.49 GiB.
    for (const [tp, logged] of [
      [1, 58.11],
      [2, 63.76],
      [4, 67.44],
    ] as const) {
      const pool = kvPool('llama-3.1-8b', 'h100-sxm-80gb', tp);
      assert.ok(Math.abs(pool / logged - 1) < 0.01, `TP${tp}: ${pool.toFixed(2)} GiB vs ${logged} logged`);
    }
  });

  it('the sampler warm-up grows with the vocabulary: Gemma-2-9B (256K) keeps less than Llama-3.1-8B (128K)', () => {
    const gemma = memoryModel(request('gemma-2-9b', 'h100-sxm-80gb', 1), calibration);
    const llama = memoryModel(request('llama-3.1-8b', 'h100-sxm-80gb', 1), calibration);
    // 1024 × (256000 − 128256) × 4 B × 3.6 = 1.75 GiB more activations.
    assert.ok(Math.abs(gemma.activationsGiB - llama.activationsGiB - 1.75) < 0.01);
    // Logged 54.12 GiB (gemma-2-9b, 17.22 GiB weights).
    assert.ok(Math.abs(gemma.kvPoolGiB / 54.12 - 1) < 0.02, `${gemma.kvPoolGiB}`);
  });

  it('NVLink SHARP buffers: NVSwitch Hopper/Blackwell only, and only at TP ≥ 2', () => {
    const hw = (id: string) => request('llama-3.1-8b', id, 1).hardware;
    assert.equal(hasNvlinkSharp(hw('h100-sxm-80gb')), true);
    assert.equal(hasNvlinkSharp(hw('b200-180gb')), true);
    assert.equal(hasNvlinkSharp(hw('a100-sxm-80gb')), false, 'A100 NVSwitch has no SHARP');
    assert.equal(hasNvlinkSharp(hw('h100-nvl-94gb')), false, 'PCIe cards with NVLink bridges');
    assert.equal(hasNvlinkSharp(hw('l40s-48gb')), false);
    assert.ok(Math.abs(runtime('h100-sxm-80gb', 2) - runtime('a100-sxm-80gb', 2) - 1.5) < 1e-9);
    assert.equal(runtime('h100-sxm-80gb', 1), runtime('a100-sxm-80gb', 1));
  });

  it('SGLang turns NVLS off: at TP2 its runtime reserve is the same on H100 as on A100', () => {
    assert.equal(runtime('h100-sxm-80gb', 2, 'sglang'), runtime('a100-sxm-80gb', 2, 'sglang'));
  });
});
