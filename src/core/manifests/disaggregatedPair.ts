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
import { defaultKvConnector, defaultLinkGbps, type KvLink } from '../estimate/kvTransfer';
import type { EngineEntry } from '../catalog/types';
import type { EstimateRequest } from '../estimate/types';
import { formatMs } from '../report/format';
import { comparisonFields, disaggregationLayout } from '../report/disaggregation';
import type { PlacementReport } from '../report/types';
import { CODES } from '../validate/codes';
import type { ServingWorkload } from './index';

const r2 = (x: number): number => Math.round(x * 100) / 100;
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * What a worker says of its role in a split deployment, if anything: its command line first, then
 * llm-d's `llm-d.ai/role` label, then — for a worker that transfers KV — its name.
 */
function flaggedRole(w: ServingWorkload): 'prefill' | 'decode' | undefined {
  const flags = w.containers[0]?.command.flags;
  const label = w.object.roleLabel?.value;
  if (!flags) return label;
  if (flags.has('prefillWorker')) return 'prefill';
  if (flags.has('decodeWorker')) return 'decode';
  const mode = flags.get('disaggregationMode')?.value?.value.toLowerCase();
  if (mode === 'prefill' || mode === 'decode') return mode;
  const kv = flags.get('kvTransferConfig')?.value?.value;
  if (kv === undefined) return label;
  const role = /"?kv_role"?\s*:\s*"?(kv_producer|kv_consumer|kv_both)/.exec(kv)?.[1];
  // With NixlConnector kv_role is a placeholder (the proxy decides who prefills: vLLM docs,
  // features/nixl_connector_usage); with the P2P NCCL, Mooncake and LMCache connectors it is the role.
  if (!/nixl/i.test(kv)) {
    if (role === 'kv_producer') return 'prefill';
    if (role === 'kv_consumer') return 'decode';
  }
  return label ?? nameRole(w);
}

/** "prefill" or "decode" in a worker's name (`vllm-prefill`, `VllmDecodeWorker`). */
function nameRole(w: ServingWorkload): 'prefill' | 'decode' | undefined {
  if (/prefill/i.test(w.object.name)) return 'prefill';
  if (/decode/i.test(w.object.name)) return 'decode';
  return undefined;
}

interface Member {
  w: ServingWorkload;
  role: 'prefill' | 'decode' | undefined;
  group: string;
}

/**
 * Each workload's role and group: a resource's own pools group by the resource (its name and
 * document, or Dynamo's graph); separate objects whose flags say prefill/decode (SGLang
 * `--disaggregation-mode`, vLLM `--kv-transfer-config`, Dynamo's worker flags) group by the model
 * they serve, file-wide. In a Dynamo graph with a prefill worker, a worker that says nothing is its
 * decode worker (Dynamo's vLLM decode worker takes no flag before --is-decode-worker existed).
 */
function members(workloads: ServingWorkload[]): Member[] {
  const out = workloads.map((w): Member => {
    const own = w.object.disaggregationRole;
    const graph = w.object.disaggregationGroup !== undefined;
    const role = own ?? flaggedRole(w) ?? (graph ? nameRole(w) : undefined);
    const c = w.containers[0];
    const model = c?.placement.model.model?.id ?? c?.command.model?.value ?? '';
    const group = graph
      ? `graph:${w.documentIndex}:${w.object.disaggregationGroup}`
      : own
        ? `object:${w.documentIndex}:${w.object.name}`
        : `model:${model}`;
    return { w, role, group };
  });
  for (const m of out)
    if (
      m.role === undefined &&
      m.group.startsWith('graph:') &&
      out.some((o) => o.group === m.group && o.role === 'prefill')
    )
      m.role = 'decode';
  return out;
}

/** Connector names of vLLM's kv_connector (docs.vllm.ai features/disagg_prefill, kv_transfer/kv_connector). */
const VLLM_CONNECTORS: Array<[RegExp, KvLink['connector']]> = [
  [/nixl/i, 'nixl'],
  [/mooncake/i, 'mooncake'],
  [/lmcache/i, 'lmcache'],
  [/nccl/i, 'nccl'],
];

/**
 * The KV link a pair implies: the connector its flags name (vLLM kv_connector, SGLang
 * --disaggregation-transfer-backend) or the engine's default (`defaultKvConnector`: SGLang Mooncake,
 * vLLM under Dynamo and TensorRT-LLM NIXL) over InfiniBand (manifests do not state the fabric; an
 * assumption).
 */
function linkOf(w: ServingWorkload, engine: EngineEntry): { link: KvLink; source: string } {
  const c = w.containers[0]!.command;
  const kind = 'infiniband' as const;
  const kv = c.flags.get('kvTransferConfig')?.value?.value;
  const named = kv ? /"?kv_connector"?\s*:\s*"?([A-Za-z0-9_]+)/.exec(kv)?.[1] : undefined;
  if (named) {
    const connector = VLLM_CONNECTORS.find(([re]) => re.test(named))?.[1];
    if (connector) return { link: { connector, kind }, source: `kv_connector ${named}` };
  }
  const backend = c.flags.get('transferBackend')?.value?.value.toLowerCase();
  if (backend === 'nixl' || backend === 'mooncake')
    return { link: { connector: backend, kind }, source: `--disaggregation-transfer-backend ${backend}` };
  const source = engine.defaultKvConnector ? `${engine.name}'s default backend` : 'assumed';
  return { link: { connector: defaultKvConnector(engine), kind }, source };
}

/** Pairs the pools of each split deployment of a file; returns the workloads with the combined placements added. */
export function withDisaggregatedPairs(workloads: ServingWorkload[]): ServingWorkload[] {
  const all = members(workloads);
  if (!all.some((m) => m.role === 'decode')) return workloads;
  return all.map(({ w, role, group }) => {
    if (role !== 'decode') return w;
    const prefill = all.find((p) => p.role === 'prefill' && p.group === group)?.w;
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
  // One stream, as the pools themselves are read (docs/manifests.md): its latency and the tokens/s
  // one request in flight gets (a trickle rate made the throughput cell read 0.26 tok/s).
  const oneStream = { concurrency: 1 };
  const single = (r: EstimateRequest): EstimateRequest =>
    ({ ...r, workload: { ...r.workload, ...oneStream, requestsPerSecond: undefined } }) as EstimateRequest;
  const { link, source } = linkOf(prefill, pReq.engine);
  const req = {
    prefill: { workers: pWorkers, request: single(pReq) },
    decode: { workers: dWorkers, request: single(dReq) },
    link,
    load: oneStream,
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
    name: `${decode.object.disaggregationGroup ?? decode.object.name} (prefill + decode)`,
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
      `the prefill pool (${prefill.object.kind} '${prefill.object.name}', ${pWorkers} worker(s)) and the decode pool (${decode.object.kind} '${decode.object.name}', ${dWorkers} worker(s)) sized together`,
      `KV transfer over ${link.connector} (${source}) on ${link.kind} at ${defaultLinkGbps(link.kind)} Gb/s per GPU (the fabric is not stated in the manifest)`,
      ...est.assumptions,
      ...base.assumptions,
    ],
    disaggregation: {
      prefill: role(prefill, pReq, est.prefill),
      decode: role(decode, dReq, est.decode),
      kvTransfer: {
        connector: link.connector,
        link: { kind: link.kind, gbpsPerGpu: defaultLinkGbps(link.kind) },
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
