/**
 * A closed-loop benchmark that sends its first C prompts together (benchmarkStart.ts): the wave's
 * TTFTs, the engine's prompt-token budget per forward, and a case's mean TTFT over its prompts.
 */
import assert from 'node:assert/strict';
import { buildModel, estimate } from '../../../../src/core/estimate';
import { sglang70bRequest } from '../../support/resolved';
import {
  prefillTokenBudget,
  synchronizedStartMeanTtftMs,
  waveMeanTtftMs,
} from '../../../../src/core/estimate/benchmarkStart';
import type { ServingInputs } from '../../../../src/core/estimate/serving';
import { predictCase } from '../../../../src/core/accuracy/predict';
import type { CaseInput } from '../../../../src/core/accuracy/cases';

const request = sglang70bRequest;

/** The engine's prompt tokens per forward for the request `over` describes, on its usable memory. */
function budget(over: Record<string, unknown>): number {
  const m = buildModel(request(over));
  return prefillTokenBudget(m.req, m.cal, m.mem.capacityGiB);
}

/** Equal to a billionth (the per-token compute is a binary fraction). */
function close(actual: number, expected: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected), `${what} ${actual} ≠ ${expected}`);
}

/** Serving inputs with round numbers: a prompt of 1,000 tokens alone takes 140 ms, 40 ms of it compute. */
function inputs(over: Partial<ServingInputs> = {}): ServingInputs {
  return {
    inputTokens: 1000,
    outputTokens: 1000,
    prefillLatencyMs: 140,
    prefillBatchedMs: 40,
    prefillRankMs: 40,
    dataParallel: 1,
    prefillForwardMs: 100,
    ttftOverheadMs: 10,
    stepMs: () => 20,
    maxBatch: 256,
    pipeline: 1,
    pollSteps: 1,
    serviceCv2: 1,
    ...over,
  };
}

describe('benchmark start: the first wave of prompts', () => {
  it('a wave that fits one forward finishes together: overhead + the fixed 100 ms + every prompt’s compute', () => {
    // 8 prompts × 1,000 tokens in a 32,768-token forward: 10 + 100 + 8 × 40 = 430 ms for each.
    close(waveMeanTtftMs(inputs(), 8, 32_768), 430);
  });

  it('one prompt per forward: the k-th waits for k forwards, a mean of (C + 1)/2 of them', () => {
    // Forward k ends at k × (100 + 40) ms; the mean over k = 1..8 is 4.5 × 140 + 10 = 640 ms.
    close(waveMeanTtftMs(inputs(), 8, 1000), 640);
  });

  it('a prompt longer than the budget is chunked: each chunk pays the fixed time again', () => {
    // 1 prompt of 1,000 tokens in 250-token chunks: 4 forwards, 10 + 4 × 100 + 40 = 450 ms.
    close(waveMeanTtftMs(inputs(), 1, 250), 450);
  });

  it('the mean over N prompts weighs the wave C/N and the steady state the rest; one stream has no wave', () => {
    const s = inputs();
    // 64 prompts in 32,000-token forwards: 32 per forward, ending at 10 + 100 + 32 × 40 = 1,390 ms
    // and 10 + 200 + 64 × 40 = 2,770 ms: a wave mean of 2,080 ms; over 640 prompts with a steady 200 ms,
    // (64 × 2,080 + 576 × 200) / 640 = 388 ms.
    close(synchronizedStartMeanTtftMs(s, 200, 64, 640, 32_000), 388);
    assert.equal(synchronizedStartMeanTtftMs(s, 200, 1, 10, 32_000), 200);
    // The wave is at most the engine's batch cap.
    const capped = synchronizedStartMeanTtftMs(inputs({ maxBatch: 8 }), 200, 64, 640, 32_768);
    close(capped, (8 * 430 + 632 * 200) / 640);
  });
});

describe('benchmark start: the engine’s prompt tokens per forward', () => {
  it('SGLang: --chunked-prefill-size, else its default by device memory (8k on H100/H200, 16k on B200/MI300X)', () => {
    assert.equal(budget({}), 8192);
    assert.equal(budget({ hardware: 'h200-sxm-141gb' }), 8192);
    assert.equal(budget({ hardware: 'b200-180gb', gpus: 4, parallelism: { tensor: 4 } }), 16_384);
    assert.equal(budget({ hardware: 'l40s-48gb' }), 4096);
    assert.equal(budget({ engineOptions: { chunkedPrefillSize: 32_768 } }), 32_768);
  });

  it('vLLM: --max-num-batched-tokens, else 8,192 on a large device; TensorRT-LLM: max_num_tokens, else 8,192', () => {
    assert.equal(budget({ engine: 'vllm' }), 8192);
    assert.equal(budget({ engine: 'vllm', engineOptions: { maxNumBatchedTokens: 2048 } }), 2048);
    assert.equal(budget({ engine: 'tensorrt-llm' }), 8192);
  });
});

describe('benchmark start: a case’s mean TTFT', () => {
  const base: CaseInput = {
    id: 'wave',
    metric: 'ttftMs',
    model: 'llama-3.1-70b',
    weights: 'fp8',
    hardware: 'h100-sxm-80gb',
    gpus: 4,
    engine: 'sglang',
    parallelism: { tensor: 4 },
    stat: 'mean',
    workload: { inputTokens: 1000, outputTokens: 1000, concurrency: 64, prompts: 640 },
  };
  const value = (c: CaseInput): number => {
    const p = predictCase(c);
    if (p.predicted === null) throw new Error(p.error);
    return p.predicted;
  };

  it('with `prompts`, the mean includes the wave: above the steady estimate, by the formula', () => {
    const { prompts: _prompts, ...steadyWorkload } = base.workload!;
    const steady = value({ ...base, workload: steadyWorkload });
    const withWave = value(base);
    const req = request({});
    const m = buildModel(req);
    assert.equal(estimate(req).latency.ttftMs.p50.value, steady);
    assert.ok(withWave > steady * 1.1, `${withWave} vs steady ${steady}`);
    assert.equal(withWave, synchronizedStartMeanTtftMs(m.serving, steady, 64, 640, 8192));
  });

  it('a median, or a single stream, stays at the steady state', () => {
    const { prompts: _prompts, ...steadyWorkload } = base.workload!;
    assert.equal(value({ ...base, stat: 'p50' }), value({ ...base, stat: 'p50', workload: steadyWorkload }));
    const one = { ...steadyWorkload, concurrency: 1 };
    assert.equal(value({ ...base, workload: { ...one, prompts: 10 } }), value({ ...base, workload: one }));
  });
});
