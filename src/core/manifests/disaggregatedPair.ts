/**
 * The prefill and decode pools of one resource (LLMInferenceService `spec.prefill`, llm-d
 * modelservice `prefill`/`decode`) sized together as one disaggregated placement (issue 20 item
 * 5): each pool keeps its own findings and placement; the decode pool's report gains a placement
 * "<name> (prefill + decode)" with the layout, the KV transfer, the single-stream latency of the
 * split path, the requests/s the two pools sustain together at the typical request, and the
 * aggregated alternative on the same GPUs — plus an info finding with that headline.
 */
import type { Finding } from '../findings';
import { estimateDisaggregated } from '../estimate/disaggregated';
import { compareWithAggregated } from '../estimate/disaggregationGain';
import { defaultLinkGbps, type KvLink } from '../estimate/kvTransfer';
import type { EstimateRequest } from '../estimate/types';
import { formatMs } from '../report/format';
import { comparisonFields, disaggregationLayout } from '../report/disaggregation';
import type { PlacementReport } from '../report/types';
import { CODES } from '../validate/codes';
import type { ServingWorkload } from './index';

const r2 = (x: number): number => Math.round(x * 100) / 100;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The KV link a manifest implies: NIXL over InfiniBand unless it says otherwise (stated as an assumption). */
const LINK: KvLink = { connector: 'nixl', kind: 'infiniband' };

/** Pairs the pools of each split resource of a document; returns the workloads with the combined placements added. */
export function withDisaggregatedPairs(workloads: ServingWorkload[]): ServingWorkload[] {
  const decodes = workloads.filter((w) => w.object.disaggregationRole === 'decode');
  if (decodes.length === 0) return workloads;
  return workloads.map((w) => {
    if (w.object.disaggregationRole !== 'decode') return w;
    const prefill = workloads.find(
      (p) =>
        p.object.disaggregationRole === 'prefill' &&
        p.object.name === w.object.name &&
        p.documentIndex === w.documentIndex,
    );
    const d = w.containers[0];
    const p = prefill?.containers[0];
    const dReq = d?.analysis.request;
    const pReq = p?.analysis.request;
    if (!prefill || !d || !p || !dReq || !pReq || d.analysis.fails || p.analysis.fails) return w;
    const combined = combine(w, prefill, dReq, pReq);
    return {
      ...w,
      containers: w.containers.map((c, i) =>
        i === 0 ? { ...c, analysis: { ...c.analysis, findings: [...c.analysis.findings, combined.finding] } } : c,
      ),
      report: { ...w.report, placements: [...w.report.placements, combined.placement] },
    };
  });
}

function combine(
  decode: ServingWorkload,
  prefill: ServingWorkload,
  dReq: EstimateRequest,
  pReq: EstimateRequest,
): { placement: PlacementReport; finding: Finding } {
  const base = decode.report.placements[0]!;
  const pWorkers = Math.max(1, prefill.object.replicas);
  const dWorkers = Math.max(1, decode.object.replicas);
  const trickle = { requestsPerSecond: 1e-3 };
  const single = (r: EstimateRequest): EstimateRequest =>
    ({ ...r, workload: { ...r.workload, ...trickle, concurrency: undefined } }) as EstimateRequest;
  const req = {
    prefill: { workers: pWorkers, request: single(pReq) },
    decode: { workers: dWorkers, request: single(dReq) },
    link: LINK,
    load: trickle,
  };
  const est = estimateDisaggregated(req);
  const cmp = compareWithAggregated(req, { percentile: 95 });
  const gpus = est.gpus;
  const layout = disaggregationLayout({
    prefill: { workers: pWorkers, parallelism: pReq.parallelism },
    decode: { workers: dWorkers, parallelism: dReq.parallelism },
  });
  const headline = `disaggregated: ${layout} on ${gpus}× ${dReq.hardware.name.replace(/^(?:NVIDIA|AMD) /, '')} · KV ${formatMs(est.kvTransfer.ms)} per ${dReq.workload.inputTokens.toLocaleString('en-US')}-token prompt · sustains ${r2(est.capacityRequestsPerSecond)} req/s at ${dReq.workload.inputTokens.toLocaleString('en-US')} + ${dReq.workload.outputTokens} tokens (${est.bottleneck}-bound) · ${cmp.headline}`;
  const role = (w: ServingWorkload, r: EstimateRequest, res: typeof est.prefill) => ({
    workers: res.workers,
    gpus: r.gpusPerReplica,
    parallelism: { ...r.parallelism },
    requestsPerSecond: r3(res.capacityRequestsPerSecond),
    utilization: r3(res.utilization),
    ttftMs: { p50: r2(res.ttftMs.p50), p95: r2(res.ttftMs.p95) },
    tpotMs: { p50: r2(res.tpotMs.p50), p95: r2(res.tpotMs.p95) },
    memory: w.report.placements[0]!.memory,
  });
  const placement: PlacementReport = {
    ...base,
    name: `${decode.object.name} (prefill + decode)`,
    gpus,
    devices: gpus,
    replicas: 1,
    latency: {
      ttftMs: { p50: r2(est.latency.ttftMs.p50.value), p95: r2(est.latency.ttftMs.p95.value) },
      tpotMs: { p50: r2(est.latency.tpotMs.p50.value), p95: r2(est.latency.tpotMs.p95.value) },
    },
    throughput: {
      outputTokensPerSecond: r2(est.outputTokensPerSecond.value),
      maxRequestsPerSecond: r3(est.capacityRequestsPerSecond),
    },
    assumptions: [
      `the prefill pool (${prefill.object.kind} '${prefill.object.name}', ${pWorkers} worker(s)) and the decode pool (${dWorkers} worker(s)) sized together`,
      `KV transfer over ${LINK.connector} on ${LINK.kind} at ${defaultLinkGbps(LINK.kind)} Gb/s per GPU (not stated in the manifest)`,
      ...est.assumptions,
      ...base.assumptions,
    ],
    disaggregation: {
      prefill: role(prefill, pReq, est.prefill),
      decode: role(decode, dReq, est.decode),
      kvTransfer: {
        connector: LINK.connector,
        link: { kind: LINK.kind, gbpsPerGpu: defaultLinkGbps(LINK.kind) },
        bytesPerRequest: Math.round(est.kvTransfer.bytesPerRequest),
        ms: r2(est.kvTransfer.ms),
        linkUtilization: r3(est.kvTransfer.linkUtilization),
      },
      bottleneck: est.bottleneck,
      auto: false,
      headline: layout,
    },
    ...comparisonFields(cmp),
  };
  const finding: Finding = {
    code: CODES.manifestSummary.code,
    severity: 'info',
    message: headline,
    range: decode.object.nameRange,
    documentIndex: decode.documentIndex,
  };
  return { placement, finding };
}
