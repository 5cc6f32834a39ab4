/**
 * A closed-loop benchmark that sends its first C prompts together (benchmarkStart.ts): the wave's
 * TTFTs, the engine's prompt-token budget per forward, and a case's mean TTFT over its prompts.
 */
import assert from 'node:assert/strict';
import { buildModel, estimate } from '../../../../src/core/estimate';
import { sglang70bRequest } from '../../support/resolved';
import {
  finiteRunQueuedTtftMs,
  inStepRoundsTpotMs,
  inStepRoundsTtftMs,
  prefillTokenBudget,
  roundsStayInStep,
  synchronizedStartMeanTtftMs,
  waveMeanTtftMs,
  waveTtftsMs,
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

/** A TTFT case of Llama 3.1 70B FP8 on 4 × H100 under SGLang, `over` changing it. */
function ttftCase(over: Partial<CaseInput> & { id: string }): CaseInput {
  return {
    metric: 'ttftMs',
    model: 'llama-3.1-70b',
    weights: 'fp8',
    hardware: 'h100-sxm-80gb',
    gpus: 4,
    engine: 'sglang',
    parallelism: { tensor: 4 },
    ...over,
  };
}

/** A case's prediction; a case that cannot be predicted fails the test with its reason. */
function value(c: CaseInput): number {
  const p = predictCase(c);
  if (p.predicted === null) throw new Error(p.error);
  return p.predicted;
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
    prefillDelaySteps: 0,
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
  const base = ttftCase({
    id: 'wave',
    stat: 'mean',
    workload: { inputTokens: 1000, outputTokens: 1000, concurrency: 64, prompts: 640 },
  });

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

describe('benchmark start: rounds that stay in step (equal lengths on SGLang)', () => {
  it("every round is a wave: the median is the middle prompt's TTFT, the mean the wave's", () => {
    // 16 prompts of 1,000 tokens, a forward of 1,000 tokens: prompt k waits for k forwards of 140 ms.
    const s = inputs();
    const ttfts = waveTtftsMs(s, 16, 1000);
    assert.deepEqual(
      ttfts.map((t) => Math.round(t)),
      Array.from({ length: 16 }, (_, i) => 10 + 140 * (i + 1)),
    );
    close(inStepRoundsTtftMs(s, 16, 1000, 'p50')!, 10 + 140 * 8.5);
    close(inStepRoundsTtftMs(s, 16, 1000, 'mean')!, waveMeanTtftMs(s, 16, 1000));
    assert.ok(inStepRoundsTtftMs(s, 16, 1000, 'p90')! > inStepRoundsTtftMs(s, 16, 1000, 'p50')!);
    // One client, or more clients than the batch the engine runs: not a wave (undefined).
    assert.equal(inStepRoundsTtftMs(s, 1, 1000, 'p50'), undefined);
    assert.equal(inStepRoundsTtftMs(inputs({ maxBatch: 8 }), 16, 1000, 'p50'), undefined);
    // Four attention-DP ranks prefill their shares side by side: a replica forward holds 4,000
    // tokens, so prompts 8 and 9 are done with forwards 2 and 3 (10 + 2 × 100 + 8,000 × 0.04 = 530,
    // 10 + 300 + 480 = 790): a median of 660 ms, against 1,200 on one rank.
    close(inStepRoundsTtftMs(inputs({ dataParallel: 4 }), 16, 1000, 'p50')!, 660);
  });

  it('the TPOT: a request decodes after the rest of its wave is prefilled, then with no prompt in between', () => {
    // The median request (between prompts 8 and 9, TTFT 1,200 ms) waits for the last prompt's
    // 2,250 ms, then 999 steps of 20 ms: 20 + 1,050 / 999 ms a token. The steady state would add
    // every other request's prefill once: 15 × 40 / 999.
    const s = inputs();
    close(inStepRoundsTpotMs(s, 16, 1000, 'p50')!, 20 + 1050 / 999);
    assert.ok(inStepRoundsTpotMs(s, 16, 1000, 'p90')! > inStepRoundsTpotMs(s, 16, 1000, 'p50')!);
    // Attention DP: the ranks step together through the experts, so the steady state's stalls stay.
    assert.equal(inStepRoundsTpotMs(inputs({ dataParallel: 4 }), 16, 1000, 'p50'), undefined);
    assert.equal(inStepRoundsTpotMs(s, 1, 1000, 'p50'), undefined);
    // More clients than the batch of 8: batches of 8 finish together and 8 queued prompts refill them.
    close(inStepRoundsTpotMs(inputs({ maxBatch: 8 }), 64, 1000, 'p50')!, inStepRoundsTpotMs(s, 8, 1000, 'p50')!);
  });

  it('SGLang (prompts before decoding) stays in step; engines that mix prompt chunks into decode steps do not', () => {
    assert.equal(roundsStayInStep(request({})), true);
    assert.equal(roundsStayInStep(request({ engine: 'vllm' })), false);
    assert.equal(roundsStayInStep(request({ engine: 'tensorrt-llm' })), false);
  });

  it('a fixed-length case at 16 clients on SGLang: the median TTFT is about 8.5 prompts, on vLLM about one', () => {
    const base = ttftCase({
      id: 'in-step',
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 16, prompts: 80, fixedLengths: true },
    });
    const alone = value({ ...base, workload: { ...base.workload!, concurrency: 1, prompts: 16 } });
    const inStep = value(base);
    assert.ok(inStep > 5 * alone && inStep < 10 * alone, `${alone} alone, ${inStep} at 16`);
    const { fixedLengths: _f, ...varied } = base.workload!;
    assert.ok(value({ ...base, workload: varied }) < 2 * alone);
    assert.ok(value({ ...base, engine: 'vllm' }) < 2 * alone);
  });
});

describe('benchmark start: a finite run with more clients than the batch', () => {
  it('one prompt per client: the median waits about half the steady queue; two rounds: the steady one', () => {
    // 4,096 clients, a batch of 256, 1 request/ms finishing: the steady wait is 3,840 ms.
    const wave = Array.from({ length: 256 }, () => 500);
    const steady = 100 + 3840;
    const one = finiteRunQueuedTtftMs(steady, 4096, 4096, 256, 1, wave, 'p50');
    close(one, 100 + (2048.5 - 256));
    close(finiteRunQueuedTtftMs(steady, 4096, 8192, 256, 1, wave, 'p50'), steady);
    // The first 256 are the wave's; the mean sits between.
    const mean = finiteRunQueuedTtftMs(steady, 4096, 4096, 256, 1, wave, 'mean');
    assert.ok(mean > 500 && mean < steady, String(mean));
    // Clients within the batch: nothing to change.
    assert.equal(finiteRunQueuedTtftMs(700, 128, 128, 256, 1, wave, 'p50'), 700);
  });

  it('a case of 4,096 clients and 4,096 prompts is predicted below the same load run for ten rounds', () => {
    const base = ttftCase({
      id: 'finite',
      engine: 'vllm',
      workload: { inputTokens: 2048, outputTokens: 512, concurrency: 4096, prompts: 4096 },
    });
    const oneRound = value(base);
    const tenRounds = value({ ...base, workload: { ...base.workload!, prompts: 40960 } });
    assert.ok(oneRound < 0.7 * tenRounds && oneRound > 0.3 * tenRounds, `${oneRound} vs ${tenRounds}`);
  });
});
