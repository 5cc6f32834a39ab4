import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { estimate, latencyCurve, maxRateMeetingSlo } from '../../../../src/core/estimate/index';
import type { Banded, EstimateRequest } from '../../../../src/core/estimate/types';
import type { FormatEntry, ModelEntry } from '../../../../src/core/catalog/types';
import { kvBytesPerSequencePerGpu } from '../../../../src/core/estimate/kv';
import { weightBytes, weightBytesPerGpu } from '../../../../src/core/estimate/weights';
import {
  bf16,
  fp8,
  h100,
  llama31_8b,
  llamacpp,
  mixtral,
  q4km,
  q8_0,
  request,
  rtx4090,
  trtllm,
  vllm,
  gemma2_9b,
  deepseekV3,
} from '../../support/estimateFixtures';

const models = [llama31_8b, mixtral, gemma2_9b, deepseekV3];
const engines = [vllm, trtllm, llamacpp];
const hws = [h100, rtx4090];
const fmts = [bf16, fp8, q8_0, q4km];

/** Every Banded inside a result. */
function bandeds(x: unknown, out: Banded[] = []): Banded[] {
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o['value'] === 'number' && typeof o['low'] === 'number' && typeof o['high'] === 'number')
      out.push(o as unknown as Banded);
    else for (const v of Object.values(o)) bandeds(v, out);
  }
  return out;
}

const arbRequest = fc
  .record({
    m: fc.constantFrom(...models),
    e: fc.constantFrom(...engines),
    h: fc.constantFrom(...hws),
    w: fc.constantFrom(...fmts),
    tp: fc.constantFrom(1, 2, 4, 8),
    i: fc.integer({ min: 0, max: 32768 }),
    o: fc.integer({ min: 1, max: 4096 }),
    load: fc.oneof(
      fc.integer({ min: 1, max: 512 }),
      fc.constant('max' as const),
      fc.double({ min: 0.01, max: 100, noNaN: true }),
    ),
  })
  .map(({ m, e, h, w, tp, i, o, load }): EstimateRequest =>
    request({
      model: m,
      engine: e,
      hardware: h,
      weights: w,
      kvCache: bf16,
      gpusPerReplica: tp,
      parallelism: { tensor: tp, pipeline: 1, expert: 1, data: 1 },
      workload:
        typeof load === 'number' && !Number.isInteger(load)
          ? { inputTokens: i, outputTokens: o, requestsPerSecond: load }
          : { inputTokens: i, outputTokens: o, concurrency: load as number | 'max' },
    }),
  );

describe('estimate: invariants (property tests)', () => {
  it('all figures are finite, non-negative, and low ≤ value ≤ high', () => {
    fc.assert(
      fc.property(arbRequest, (req) => {
        const r = estimate(req);
        const bs = bandeds(r);
        assert.ok(bs.length > 15);
        for (const b of bs) {
          assert.ok(Number.isFinite(b.value) && Number.isFinite(b.low) && Number.isFinite(b.high), JSON.stringify(b));
          assert.ok(b.low >= 0 && b.low <= b.value && b.value <= b.high, JSON.stringify(b));
        }
        assert.ok(Number.isFinite(r.memory.maxConcurrentSequences) && r.memory.maxConcurrentSequences >= 0);
        assert.ok(r.assumptions.length > 0 && r.explain.length > 0);
      }),
      { numRuns: 150 },
    );
  });

  it('more context → more KV per sequence', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.integer({ min: 1, max: 100000 }),
        fc.integer({ min: 1, max: 100000 }),
        fc.constantFrom(1, 2, 8),
        (m, a, b, tp) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          assert.ok(
            kvBytesPerSequencePerGpu(m.architecture, bf16, lo, tp, 1) <=
              kvBytesPerSequencePerGpu(m.architecture, bf16, hi, tp, 1),
          );
        },
      ),
    );
  });

  it('fewer bits → less memory (weights and per-GPU total)', () => {
    const ordered: FormatEntry[] = [q4km, q8_0, bf16];
    fc.assert(
      fc.property(fc.constantFrom(...models), fc.constantFrom(1, 2, 4, 8), (m, tp) => {
        const sizes = ordered.map((f) => weightBytesPerGpu(weightBytes(m, f), tp, 1, 1));
        assert.ok(sizes[0]! < sizes[1]! && sizes[1]! < sizes[2]!);
        const totals = ordered.map(
          (f) =>
            estimate(
              request({
                model: m,
                weights: f,
                parallelism: { tensor: tp, pipeline: 1, expert: 1, data: 1 },
                gpusPerReplica: tp,
              }),
            ).memory.perGpuGiB.weights.value,
        );
        assert.ok(totals[0]! < totals[1]! && totals[1]! < totals[2]!);
      }),
    );
  });

  it('more TP → less weight per GPU and never slower batch-1 decode on NVLink', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.constantFrom(bf16, fp8),
        fc.constantFrom(vllm, trtllm),
        fc.integer({ min: 0, max: 8192 }),
        (m, w, e, i) => {
          let prevW = Infinity;
          let prevTpot = Infinity;
          for (const tp of [1, 2, 4, 8]) {
            const r = estimate(
              request({
                model: m,
                weights: w,
                engine: e,
                hardware: h100,
                gpusPerReplica: tp,
                parallelism: { tensor: tp, pipeline: 1, expert: 1, data: 1 },
                workload: { inputTokens: i, outputTokens: 128, concurrency: 1 },
              }),
            );
            const wpg = r.memory.perGpuGiB.weights.value;
            assert.ok(wpg < prevW);
            const step = 1000 / r.decodeTokensPerSecond.value;
            assert.ok(step <= prevTpot + 1e-9, `TP ${tp}: ${step} > ${prevTpot}`);
            prevW = wpg;
            prevTpot = step;
          }
        },
      ),
    );
  });

  it('MoE memory ≥ a dense model of its active size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 64 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 256, max: 8192 }),
        fc.integer({ min: 1, max: 48 }),
        (E, k0, ffn, layers) => {
          const k = Math.min(E, k0);
          const arch = {
            ...mixtral.architecture,
            layers,
            moe: { experts: E, expertsPerToken: k, expertFfnSize: ffn, sharedExperts: 0, denseLayers: 0, gated: true },
          };
          const moe: ModelEntry = { ...mixtral, architecture: arch, totalParams: 0, activeParams: 0 };
          const dense: ModelEntry = {
            ...mixtral,
            architecture: { ...arch, moe: undefined, ffnSize: ffn * k },
            totalParams: 0,
            activeParams: 0,
          };
          assert.ok(weightBytes(moe, bf16).total >= weightBytes(dense, bf16).total);
        },
      ),
    );
  });

  it('latency grows with load and goodput respects the SLO', () => {
    const req = request({ workload: { inputTokens: 1000, outputTokens: 200, requestsPerSecond: 1 } });
    const curve = latencyCurve(req, [0.5, 2, 8, 32, 1e6]);
    for (let i = 1; i < curve.length; i++) assert.ok(curve[i]!.ttftMs.p95 >= curve[i - 1]!.ttftMs.p95 - 1e-9);
    assert.equal(curve[curve.length - 1]!.stable, false);
    const slo = { ttftMs: 500, tpotMs: 50, percentile: 95 };
    const g = maxRateMeetingSlo(req, slo);
    assert.ok(g > 0);
    const at = latencyCurve(req, [g])[0]!;
    assert.ok(at.ttftMs.p95 <= 500 + 1e-6 && at.tpotMs.p95 <= 50 + 1e-6);
    assert.ok(estimate(req).throughput.maxRequestsPerSecond.value >= g);
  });

  it('is deterministic and fast', () => {
    const req = request();
    assert.deepEqual(estimate(req), estimate(req));
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) estimate(req);
    const us = ((performance.now() - t0) / 1000) * 1000;
    assert.ok(us < 2000, `${us} µs per estimate`);
  });
});
