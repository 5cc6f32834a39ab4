/**
 * `disaggregation: auto` (issue 20; bar: under 200 ms on 16–72 GPUs): one deployment with a
 * searched disaggregated placement, validated and estimated as on save (the search, the SLO check
 * and the aggregated alternative included), at 16, 32 and 72 H200s.
 */
import { evaluateText } from '../../src/core/placements';
import { medianMs, type BenchLine } from './timing';

function deployment(gpus: number): string {
  return `apiVersion: llm-sizing/v1
kind: Deployment
name: bench
model: {id: llama-3.3-70b, weights: fp8, kvCache: fp8}
workload:
  inputTokens: 12000
  outputTokens: 400
  peakRequestsPerSecond: ${(gpus / 4).toFixed(1)}
  slo: {ttftMs: 4000, tpotMs: 30, percentile: 95}
placements:
  - name: split
    type: on-prem
    hardware: h200-sxm-141gb
    gpus: ${gpus}
    engine: vllm
    disaggregation: auto
    network: {kind: infiniband, gbpsPerGpu: 400}
`;
}

export function runDisaggregationBench(): BenchLine[] {
  return [16, 32, 72].map((gpus) => {
    const text = deployment(gpus);
    const report = evaluateText(text, { curve: false }).documents[0]?.report.placements[0];
    if (!report?.disaggregation) throw new Error(`bench: no disaggregated layout on ${gpus} GPUs`);
    return {
      name: `disaggregation: auto on ${gpus} GPUs (${report.disaggregation.headline.split(' on ')[0]})`,
      value: medianMs(() => evaluateText(text, { curve: false }), 5, 1),
      unit: 'ms',
    };
  });
}
