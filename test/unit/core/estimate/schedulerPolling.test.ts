/**
 * Two things the scheduler does that the batch and the TTFT feel (index.ts buildModel, serving.ts):
 * a paged KV pool holds sequences at their mean in-flight length, not at full length; and an
 * engine that looks at new requests every N decode steps (SGLang --scheduler-recv-interval,
 * --num-continuous-decode-steps) makes a prompt wait for the next look under load, while the
 * prompts that arrived meanwhile share one forward.
 */
import assert from 'node:assert/strict';
import { buildModel, estimate } from '../../../../src/core/estimate';
import { sglang70bRequest } from '../../support/resolved';
import { atConcurrency, intakeSteps } from '../../../../src/core/estimate/serving';

const request = sglang70bRequest;

describe('paged KV: sequences in flight at their mean length', () => {
  it('vLLM and SGLang batch up to (I+O)/(I+O/2) × the full-length sequences that fit; llama.cpp reserves whole slots', () => {
    for (const engine of ['vllm', 'sglang']) {
      // A small pool (gpu fraction 0.6) so the KV, not the engine's batch cap, bounds the batch.
      const m = buildModel(
        request({
          engine,
          engineOptions: engine === 'vllm' ? { gpuMemoryUtilization: 0.6 } : { memFractionStatic: 0.6 },
          workload: { inputTokens: 2000, outputTokens: 2000, concurrency: 'max' },
        }),
      );
      assert.ok(m.mem.fits, engine);
      const full = m.mem.maxSequences;
      assert.ok(full < m.mem.engineMaxBatch, `${engine}: ${full} full-length sequences fit`);
      // (2000 + 2000) / (2000 + 1000) = 4/3 as many in flight.
      assert.equal(m.serving.maxBatch, Math.min(m.mem.engineMaxBatch, Math.floor((full * 4) / 3)), engine);
    }
    const llama = buildModel(
      request({
        model: 'llama-3.1-8b',
        weights: 'q4_k_m',
        hardware: 'rtx-4090-24gb',
        engine: 'llama.cpp',
        gpus: 1,
        parallelism: { tensor: 1 },
        engineOptions: { ctxSize: 16384, parallel: 4 },
        workload: { inputTokens: 2000, outputTokens: 2000, concurrency: 'max' },
      }),
    );
    assert.ok(llama.serving.maxBatch <= Math.max(1, llama.mem.maxSequences), `${llama.serving.maxBatch}`);
  });
});

describe('scheduler polling every N decode steps', () => {
  it('adds (N−1)/2 steps to the mean TTFT under load, nothing to a lone request', () => {
    const every = buildModel(request({}));
    const polled = buildModel(request({ engineOptions: { schedulerRecvInterval: 30 } }));
    assert.equal(every.serving.pollSteps, 1);
    assert.equal(polled.serving.pollSteps, 30);
    const a = atConcurrency(every.serving, 64);
    const b = atConcurrency(polled.serving, 64);
    // Fewer forwards of their own (prompts share one), so the step and the prefill cost differ a little.
    const extra = b.ttftMs(0.5) - a.ttftMs(0.5);
    assert.ok(extra > 0.8 * 14.5 * b.stepMs && extra < 1.2 * 14.5 * b.stepMs, `+${extra} ms, step ${b.stepMs} ms`);
    assert.ok(b.ttftMs(0.95) - b.ttftMs(0.5) > 0.4 * 29 * b.stepMs, 'the wait is spread over the interval');
    const alone = atConcurrency(polled.serving, 1).ttftMs(0.5);
    assert.equal(alone, atConcurrency(every.serving, 1).ttftMs(0.5));
  });

  it('lets the prompts that arrived meanwhile share one forward: less decode time lost to prompts', () => {
    const every = atConcurrency(buildModel(request({})).serving, 64);
    const polled = atConcurrency(buildModel(request({ engineOptions: { schedulerRecvInterval: 30 } })).serving, 64);
    assert.ok(polled.tpotMs(0.5) < every.tpotMs(0.5), `${polled.tpotMs(0.5)} vs ${every.tpotMs(0.5)} ms`);
    assert.ok(polled.outputTokensPerSecond > every.outputTokensPerSecond);
  });

  it('takes the longer of --scheduler-recv-interval and --num-continuous-decode-steps, and says so', () => {
    const m = buildModel(request({ engineOptions: { schedulerRecvInterval: 10, numContinuousDecodeSteps: 4 } }));
    assert.equal(m.serving.pollSteps, 10);
    const e = estimate(request({ engineOptions: { numContinuousDecodeSteps: 4 } }));
    assert.ok(
      e.assumptions.some((a) => /new requests every 4 decode steps/.test(a)),
      e.assumptions.join('\n'),
    );
  });
});

describe("SGLang's prefill delayer (attention DP)", () => {
  // DeepSeek-R1 with attention DP 8 and EP 8 on 8 × H200.
  const dp8Request = (engineOptions: Record<string, number | boolean>) =>
    request({
      model: 'deepseek-r1',
      weights: 'fp8',
      hardware: 'h200-sxm-141gb',
      gpus: 8,
      parallelism: { tensor: 1, data: 8, expert: 8 },
      engineOptions,
      workload: { inputTokens: 8192, outputTokens: 1024, concurrency: 256 },
    });
  const dp8 = (engineOptions: Record<string, number | boolean>) => buildModel(dp8Request(engineOptions)).serving;

  it('waits until a prompt has arrived for every rank, at most its passes: 8 ÷ (b ÷ 1,023) steps', () => {
    const on = dp8({ enablePrefillDelayer: true });
    assert.equal(on.prefillDelaySteps, 30);
    assert.equal(intakeSteps(on, 256), 30); // 8 ÷ (256 ÷ 1,023) = 32 > 30: the limit
    assert.ok(Math.abs(intakeSteps(on, 512) - (8 * 1023) / 512) < 1e-9); // 16 steps
    assert.equal(dp8({ enablePrefillDelayer: true, prefillDelayerMaxDelayPasses: 10 }).prefillDelaySteps, 10);
    assert.equal(intakeSteps(dp8({}), 256), 1);
    // SGLang takes the flag only with attention DP: without it nothing changes.
    const tp8 = buildModel(request({ engineOptions: { enablePrefillDelayer: true } })).serving;
    assert.equal(tp8.prefillDelaySteps, 0);
  });

  it('the ranks prefill together, so the decode batch stalls far less: lower TPOT, more throughput, a longer TTFT wait', () => {
    const off = atConcurrency(dp8({}), 256);
    const on = atConcurrency(dp8({ enablePrefillDelayer: true }), 256);
    assert.ok(on.tpotMs(0.5) < 0.8 * off.tpotMs(0.5), `${on.tpotMs(0.5)} vs ${off.tpotMs(0.5)} ms`);
    assert.ok(on.outputTokensPerSecond > off.outputTokensPerSecond);
    // The wait for the forward that takes the prompts in: up to 29 more steps, 14.5 on average.
    assert.ok(on.ttftMs(0.95) - on.ttftMs(0.5) > 0.4 * 29 * on.stepMs);
  });

  it('the estimate says so, with the wait', () => {
    const r = estimate(dp8Request({ enablePrefillDelayer: true }));
    assert.ok(
      r.assumptions.some((a) =>
        /prefill delayer: .* each of the 8 data-parallel ranks has one \(at most 30 decode steps\)/.test(a),
      ),
    );
  });
});
