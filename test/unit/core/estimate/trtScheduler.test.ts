/**
 * TensorRT-LLM's defaults that set how many sequences a replica holds (2026-12-07):
 * - its capacity scheduler, GUARANTEED_NO_EVICT by default (tensorrt_llm/llmapi/llm_args.py
 *   SchedulerConfig), admits a request only once KV blocks for its whole length are reserved, so
 *   the batch is the sequences that fit at prompt + output, not at prompt + half the output as in
 *   vLLM and SGLang; `capacitySchedulerPolicy: MAX_UTILIZATION` admits on the blocks in use;
 * - on NVIDIA's ModelOpt FP8 and NVFP4 checkpoints the KV cache is FP8 (their hf_quant_config.json
 *   kv_cache_quant_algo, which kv_cache_config.dtype auto follows) — but not on MLA models, whose
 *   ModelOpt recipe quantizes no attention.
 * A user sizing TensorRT-LLM for 128-token prompts and 2,048-token answers sees both: half the
 * sequences a paged estimate would admit, twice the tokens an FP8 cache holds.
 */
import assert from 'node:assert/strict';
import { resolveOrThrow } from '../../support/resolved';
import { buildModel, estimate } from '../../../../src/core/estimate';
import { optionValueProblem } from '../../../../src/core/validate/catalogRules';
import type { ResolveInput } from '../../../../src/core/estimate';

/** Llama-3.3-70B on one H200 at 128 in / 2,048 out, saturated. */
function llama70b(over: Partial<ResolveInput> = {}) {
  return resolveOrThrow({
    model: 'llama-3.3-70b',
    weights: 'fp8',
    hardware: 'h200-sxm-141gb',
    engine: 'tensorrt-llm',
    gpus: 1,
    workload: { inputTokens: 128, outputTokens: 2048, concurrency: 4096 },
    ...over,
  } as ResolveInput);
}

describe("TensorRT-LLM's capacity scheduler and ModelOpt checkpoints' KV cache", () => {
  it('defaults the KV cache to FP8 for FP8 and NVFP4 weights on TensorRT-LLM, 16 bits elsewhere', () => {
    assert.equal(llama70b().kvCache.id, 'fp8');
    assert.equal(llama70b({ weights: 'nvfp4', hardware: 'b200-180gb' }).kvCache.id, 'fp8');
    assert.equal(llama70b({ weights: 'bf16', gpus: 2, parallelism: { tensor: 2 } }).kvCache.id, 'bf16');
    assert.equal(llama70b({ engine: 'vllm' }).kvCache.id, 'bf16');
    // An explicit choice wins over the default.
    assert.equal(llama70b({ kvCache: 'bf16' }).kvCache.id, 'bf16');
  });

  it('keeps DeepSeek (MLA) at 16 bits: the ModelOpt DeepSeek recipe quantizes no attention', () => {
    const r = resolveOrThrow({
      model: 'deepseek-r1',
      weights: 'fp8',
      hardware: 'h200-sxm-141gb',
      engine: 'tensorrt-llm',
      gpus: 8,
      parallelism: { tensor: 8 },
      workload: { inputTokens: 1000, outputTokens: 1000, concurrency: 64 },
    });
    assert.equal(r.kvCache.id, 'bf16');
  });

  it('admits the sequences that fit at prompt + output (GUARANTEED_NO_EVICT), vLLM those at prompt + half the output', () => {
    const req = llama70b();
    const m = buildModel(req);
    // KV-bound on one H200: the cap is the pool's full-length sequences, not the engine's 2,048.
    assert.ok(m.mem.maxSequences < m.mem.engineMaxBatch, `${m.mem.maxSequences} vs ${m.mem.engineMaxBatch}`);
    assert.equal(m.serving.maxBatch, m.mem.maxSequences);
    const maxUtil = buildModel({ ...req, engineOptions: { capacitySchedulerPolicy: 'MAX_UTILIZATION' } });
    // (I + O) / (I + O/2) = 2,176 / 1,152 more sequences when admitted on the blocks in use.
    assert.equal(maxUtil.serving.maxBatch, Math.floor(m.mem.maxSequences * (2176 / 1152)));
    const vllm = buildModel(llama70b({ engine: 'vllm', kvCache: 'fp8' }));
    assert.ok(
      vllm.serving.maxBatch > vllm.mem.maxSequences * 1.8,
      `${vllm.serving.maxBatch} vs ${vllm.mem.maxSequences}`,
    );
  });

  it('turns that into throughput a user reads, and says why in the assumptions', () => {
    const req = llama70b();
    const noEvict = estimate(req);
    const maxUtil = estimate({ ...req, engineOptions: { capacitySchedulerPolicy: 'max_utilization' } });
    // 1.89× the sequences buy 1.15× the tokens/s: each step reads their KV after its GEMMs
    // (timing.ts decodeStep; it was 1.2× while a compute-bound GEMM hid the KV reads).
    assert.ok(
      noEvict.throughput.outputTokensPerSecond.value < maxUtil.throughput.outputTokensPerSecond.value * 0.9,
      `${noEvict.throughput.outputTokensPerSecond.value} vs ${maxUtil.throughput.outputTokensPerSecond.value}`,
    );
    assert.ok(noEvict.assumptions.some((a) => a.includes('GUARANTEED_NO_EVICT')));
    assert.ok(!maxUtil.assumptions.some((a) => a.includes('GUARANTEED_NO_EVICT')));
  });

  it('names the policy a deployment sets: STATIC_BATCH also reserves to completion, and the assumption says STATIC_BATCH', () => {
    const req = llama70b();
    const noEvict = estimate(req);
    const staticBatch = estimate({ ...req, engineOptions: { capacitySchedulerPolicy: 'STATIC_BATCH' } });
    assert.equal(staticBatch.throughput.outputTokensPerSecond.value, noEvict.throughput.outputTokensPerSecond.value);
    const said = staticBatch.assumptions.find((a) => a.includes('whole length')) ?? '';
    assert.match(
      said,
      /capacity scheduler STATIC_BATCH, set by engineOptions\.capacitySchedulerPolicy; MAX_UTILIZATION admits on the blocks in use/,
    );
    assert.ok(!said.includes('GUARANTEED_NO_EVICT'), said);
    // Unset, the default is named as the default.
    assert.ok(noEvict.assumptions.some((a) => a.includes('its default capacity scheduler GUARANTEED_NO_EVICT')));
  });

  it('validates the policy a deployment names', () => {
    assert.equal(optionValueProblem('capacitySchedulerPolicy', 'MAX_UTILIZATION'), undefined);
    assert.equal(optionValueProblem('capacitySchedulerPolicy', 'guaranteed_no_evict'), undefined);
    assert.match(optionValueProblem('capacitySchedulerPolicy', 'FIFO') ?? '', /GUARANTEED_NO_EVICT, MAX_UTILIZATION/);
    assert.match(optionValueProblem('capacitySchedulerPolicy', 2) ?? '', /capacity scheduler policy/);
    assert.equal(optionValueProblem('capacitySchedulerPolicy', 'static_batch'), undefined);
    assert.equal(
      optionValueProblem('capacitySchedulerPolicy', 'FIFO'),
      "is TensorRT-LLM's capacity scheduler policy: one of GUARANTEED_NO_EVICT, MAX_UTILIZATION, STATIC_BATCH",
    );
  });
});
