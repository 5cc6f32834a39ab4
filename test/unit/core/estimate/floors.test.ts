/**
 * Latency bands never go below physics (issue 12 item 6): a decode step cannot read its bytes
 * faster than the data sheet's peak bandwidth, a prompt cannot run faster than peak TFLOPS.
 */
import assert from 'node:assert/strict';
import { estimate, resolveRequest } from '../../../../src/core/estimate';
import { catalog } from '../../../../src/core/catalog';
import { evaluateText } from '../../../../src/core/placements';
import { readFileSync } from 'node:fs';
import { examplePath } from '../../support/helpers';

function estimateOf(model: string, hardware: string, gpus: number, weights: string, requestsPerSecond: number) {
  const r = resolveRequest({
    model,
    hardware,
    gpus,
    engine: 'vllm',
    weights,
    workload: { inputTokens: 1000, outputTokens: 200, requestsPerSecond },
  });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return estimate(r.request);
}

/** Bytes of the linear layers and lm_head of a dense model (the embedding table is only indexed). */
function decodeWeightBytes(model: string, bytesPerParam: number): number {
  const m = catalog.models.get(model)!;
  const a = m.architecture;
  return (m.totalParams - (a.tiedEmbeddings ? 0 : a.vocabSize * a.hiddenSize)) * bytesPerParam;
}

describe('physical floors of the latency bands', () => {
  it('Llama-3.1-8B bf16 on one H100: the TPOT band starts at ≥ 15.0 GB ÷ 3.35 TB/s = 4.48 ms (was 2.4 ms)', () => {
    const e = estimateOf('llama-3.1-8b', 'h100-sxm-80gb', 1, 'bf16', 0.1);
    const floor =
      decodeWeightBytes('llama-3.1-8b', 2) / (catalog.hardware.get('h100-sxm-80gb')!.memoryBandwidthGBps * 1e6);
    assert.ok(Math.abs(floor - 4.48) < 0.02, `hand floor ${floor}`);
    for (const q of ['p50', 'p95'] as const) {
      const b = e.latency.tpotMs[q];
      assert.ok(b.low >= floor, `${q} low ${b.low} < ${floor}`);
      assert.ok(b.low <= b.value && b.value <= b.high);
    }
    assert.ok(
      e.latencyFloorsMs.tpotMs >= floor && e.latencyFloorsMs.tpotMs < floor * 1.1,
      `${e.latencyFloorsMs.tpotMs}`,
    );
  });

  it('Llama-3.3-70B FP8 over TP2 on H100: TPOT low ≥ 10.4 ms (was 5.4 ms); TTFT low ≥ prompt FLOPs ÷ peak', () => {
    const e = estimateOf('llama-3.3-70b', 'h100-sxm-80gb', 2, 'fp8', 1);
    const bw = catalog.hardware.get('h100-sxm-80gb')!.memoryBandwidthGBps * 1e6;
    const floor = decodeWeightBytes('llama-3.3-70b', 1) / 2 / bw;
    assert.ok(floor > 10.3 && floor < 10.6, `hand floor ${floor}`);
    assert.ok(e.latency.tpotMs.p95.low >= floor, `${e.latency.tpotMs.p95.low}`);
    assert.ok(e.latency.ttftMs.p95.low >= e.latencyFloorsMs.ttftMs && e.latencyFloorsMs.ttftMs > 0);
  });

  it('every band of the README example, at peak and along each latency-vs-load curve, is above the floors', () => {
    const text = readFileSync(examplePath('chat-assistant'), 'utf8');
    const report = evaluateText(text, { curve: true }).documents[0]!.report;
    const bw = catalog.hardware.get('h100-sxm-80gb')!.memoryBandwidthGBps * 1e6;
    const floor70 = decodeWeightBytes('llama-3.3-70b', 1) / 2 / bw;
    for (const name of ['dc-h100', 'cloud-h100']) {
      const p = report.placements.find((x) => x.name === name)!;
      assert.ok(p.latency.tpotMs.band!.p95Low >= floor70 - 0.05, `${name} at peak: ${p.latency.tpotMs.band!.p95Low}`);
      assert.ok(p.curve.length > 5);
      for (const point of p.curve) {
        assert.ok(
          point.tpotMs.p95Low >= floor70 - 0.05,
          `${name} at ${point.requestsPerSecond} req/s: ${point.tpotMs.p95Low}`,
        );
        assert.ok(point.tpotMs.p95Low <= point.tpotMs.p95 && point.tpotMs.p95 <= point.tpotMs.p95High);
      }
    }
  });
});
