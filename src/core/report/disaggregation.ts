/**
 * The report fields of a disaggregated placement shared by every producer (a deployment file's
 * placement, a manifest's prefill + decode pools) and presenter (CLI, CodeLens, panel, recommend):
 * the layout in one line, and the aggregated alternative with the gain, rounded as the report rounds.
 */
import type { DisaggregationComparison } from '../estimate/disaggregationGain';
import type { PlacementReport } from './types';

interface RoleLayout {
  workers: number;
  parallelism: { tensor: number; pipeline: number; data: number; expert: number; decodeContext?: number };
}

/** "6P×TP2 + 1D×TP4" (·PP, ·DP, ·EP, ·DCP when a role uses them). */
export function disaggregationLayout(d: { prefill: RoleLayout; decode: RoleLayout }): string {
  const role = (r: RoleLayout, tag: string) => {
    const s = r.parallelism;
    return `${r.workers}${tag}×TP${s.tensor}${s.pipeline > 1 ? `·PP${s.pipeline}` : ''}${s.data > 1 ? `·DP${s.data}` : ''}${s.expert > 1 ? `·EP${s.expert}` : ''}${(s.decodeContext ?? 1) > 1 ? `·DCP${s.decodeContext}` : ''}`;
  };
  return `${role(d.prefill, 'P')} + ${role(d.decode, 'D')}`;
}

const r1 = (x: number): number => Math.round(x * 10) / 10;
const r2 = (x: number): number => Math.round(x * 100) / 100;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** `aggregatedAlternative` and `disaggregationGain` of a comparison; `rttMs` is added to the alternative's TTFT. */
export function comparisonFields(
  c: DisaggregationComparison,
  rttMs = 0,
): Required<Pick<PlacementReport, 'aggregatedAlternative' | 'disaggregationGain'>> {
  const agg = c.aggregated.perReplica;
  const replicas = c.aggregated.replicas;
  return {
    aggregatedAlternative: {
      replicas,
      gpusPerReplica: c.aggregated.gpusPerReplica,
      gpus: c.aggregated.gpus,
      latency: {
        ttftMs: { p50: r2(agg.latency.ttftMs.p50.value + rttMs), p95: r2(agg.latency.ttftMs.p95.value + rttMs) },
        tpotMs: { p50: r2(agg.latency.tpotMs.p50.value), p95: r2(agg.latency.tpotMs.p95.value) },
      },
      throughput: {
        outputTokensPerSecond: r1(agg.throughput.outputTokensPerSecond.value * replicas),
        maxRequestsPerSecond: r3(agg.throughput.maxRequestsPerSecond.value * replicas),
        goodputRequestsPerSecond: r3(c.aggregated.goodputRequestsPerSecond),
      },
    },
    disaggregationGain: { ratio: r3(c.gain.ratio), low: r3(c.gain.low), high: r3(c.gain.high), headline: c.headline },
  };
}
