/**
 * Predicts the cases of disaggregated serving and the per-GPU metrics (issue 20;
 * ../shared/calibration/README.md "Disaggregated cases"): a case with `disaggregation` is estimated
 * by estimate/disaggregated.ts (both roles, or the measured role of a `phaseOnly` case), an
 * aggregated case with a per-GPU metric by the single-engine estimate over `replicas` engines.
 */
import type { Catalog } from '../catalog/index';
import { banded } from '../estimate/bands';
import type { Calibration } from '../estimate/calibration';
import { decodeServing, estimateDisaggregated } from '../estimate/disaggregated';
import { buildModel, estimate, resolveRequest } from '../estimate/index';
import { defaultKvConnector, kvTransfer } from '../estimate/kvTransfer';
import { atConcurrency, atRate } from '../estimate/serving';
import type { Banded, EstimateRequest } from '../estimate/types';
import type { CaseInput } from './cases';
import { caseResolveInput } from './caseRequest';

type Prediction = { predicted: number; low: number; high: number } | { predicted: null; error: string };

/** The metrics only this module predicts. */
export const PER_GPU_METRICS = new Set([
  'outputTokensPerSecondPerGpu',
  'totalTokensPerSecondPerGpu',
  'inputTokensPerSecondPerGpu',
  'kvTransferMs',
]);

type Role = NonNullable<NonNullable<CaseInput['disaggregation']>['prefill']>;

function request(
  input: CaseInput,
  gpus: number,
  parallelism: Role['parallelism'] | CaseInput['parallelism'],
  load: { requestsPerSecond: number } | { concurrency: number },
  cat: Catalog,
): EstimateRequest | string {
  const res = resolveRequest(
    caseResolveInput(input, { gpus, ...(parallelism ? { parallelism } : {}) }, load, cat),
    cat,
  );
  return res.ok ? res.request : res.error;
}

const out = (b: Banded): Prediction => ({ predicted: b.value, low: b.low, high: b.high });

/** The whole configuration's load as the case states it (rate, else concurrency, else saturation). */
function loadOf(input: CaseInput): { requestsPerSecond: number } | { concurrency: number } {
  const wl = input.workload ?? {};
  if (wl.requestsPerSecond !== undefined && wl.concurrency === undefined)
    return { requestsPerSecond: wl.requestsPerSecond };
  return { concurrency: typeof wl.concurrency === 'number' ? wl.concurrency : 1e6 };
}

/** A per-GPU metric of an aggregated case: one engine's estimate at its share of the load. */
function aggregated(input: CaseInput, cal: Calibration, cat: Catalog): Prediction {
  const n = input.replicas ?? 1;
  const load = loadOf(input);
  const share =
    'requestsPerSecond' in load
      ? { requestsPerSecond: load.requestsPerSecond / n }
      : { concurrency: Math.max(1, load.concurrency / n) };
  const gpus = input.gpus ?? 1;
  const req = request(input, gpus, input.parallelism, share, cat);
  if (typeof req === 'string') return { predicted: null, error: req };
  const r = estimate(req, cal);
  if (!r.memory.fits) return { predicted: null, error: `does not fit: ${r.memory.reason ?? ''}` };
  const I = req.workload.inputTokens;
  const O = req.workload.outputTokens;
  const perGpu = r.throughput.outputTokensPerSecond.value / req.gpusPerReplica;
  switch (input.metric) {
    case 'outputTokensPerSecondPerGpu':
      return out(banded(perGpu, 'throughput', cal));
    case 'totalTokensPerSecondPerGpu':
      return out(banded((perGpu * (I + O)) / O, 'throughput', cal));
    default:
      return { predicted: null, error: `metric '${input.metric}' needs a disaggregated case` };
  }
}

/** Predicts a disaggregated case, a phase-only case, or a per-GPU metric of an aggregated one. */
export function predictDisaggregatedCase(input: CaseInput, cal: Calibration, cat: Catalog): Prediction {
  if (!input.hardware) return { predicted: null, error: 'case has no hardware' };
  if (!input.engine) return { predicted: null, error: 'case has no engine' };
  const d = input.disaggregation;
  if (!d) return aggregated(input, cal, cat);
  const link = {
    connector: d.kvTransfer?.connector ?? defaultKvConnector(cat.engines.get(input.engine)),
    kind: d.kvTransfer?.link?.kind ?? 'infiniband',
    ...(d.kvTransfer?.link?.gbps !== undefined ? { gbpsPerGpu: d.kvTransfer.link.gbps } : {}),
  } as const;
  const load = loadOf(input);
  const I = input.workload?.inputTokens ?? 0;
  const O = Math.max(1, input.workload?.outputTokens ?? 1);
  const roleRequest = (role: Role | undefined, perWorker: typeof load): EstimateRequest | string =>
    role ? request(input, role.gpus, role.parallelism, perWorker, cat) : 'the case has no such role';
  if (input.phaseOnly === 'prefill' || (input.metric === 'inputTokensPerSecondPerGpu' && !d.decode)) {
    const role = d.prefill;
    const req = roleRequest(role, load);
    if (typeof req === 'string') return { predicted: null, error: req };
    const m = buildModel(req, cal);
    if (!m.mem.fits) return { predicted: null, error: `prefill worker does not fit: ${m.mem.reason ?? ''}` };
    // Prefill-only capacity: one request per batched prefill cost, all workers.
    const perWorker = 1000 / Math.max(1e-9, m.serving.prefillBatchedMs);
    const workers = role!.workers;
    const rate =
      'requestsPerSecond' in load ? Math.min(load.requestsPerSecond, perWorker * workers) : perWorker * workers;
    const tokens = (rate * (I - m.cachedTokens)) / (workers * req.gpusPerReplica);
    return out(banded(tokens, 'prefill', cal));
  }
  if (input.phaseOnly === 'decode' || (!d.prefill && d.decode)) {
    const role = d.decode;
    const req = roleRequest(role, load);
    if (typeof req === 'string') return { predicted: null, error: req };
    const m = buildModel(req, cal);
    if (!m.mem.fits) return { predicted: null, error: `decode worker does not fit: ${m.mem.reason ?? ''}` };
    // Decode-only: the KV arrives, no prefills are interleaved; the load splits over the workers.
    const s = decodeServing(m);
    const workers = role!.workers;
    const p =
      'requestsPerSecond' in load
        ? atRate(s, load.requestsPerSecond / workers)
        : atConcurrency(s, Math.max(1, load.concurrency / workers));
    if (input.metric === 'tpotMs') return out(banded(p.tpotMs(0.5), 'tpot', cal));
    return out(banded(p.outputTokensPerSecond / req.gpusPerReplica, 'throughput', cal));
  }
  if (!d.prefill || !d.decode)
    return { predicted: null, error: 'a disaggregated case needs prefill and decode (or phaseOnly)' };
  const prefill = roleRequest(d.prefill, load);
  const decode = roleRequest(d.decode, load);
  if (typeof prefill === 'string') return { predicted: null, error: prefill };
  if (typeof decode === 'string') return { predicted: null, error: decode };
  if (input.metric === 'kvTransferMs') {
    const t = kvTransfer(prefill, decode, I, link, d.prefill.workers);
    return out(banded(t.ms, 'ttft', cal));
  }
  const r = estimateDisaggregated(
    {
      prefill: { workers: d.prefill.workers, request: prefill },
      decode: { workers: d.decode.workers, request: decode },
      link,
      load,
    },
    cal,
  );
  if (!r.fits) return { predicted: null, error: `does not fit: ${r.reason ?? ''}` };
  const pick = (p: { p50: Banded; p95: Banded }): Banded => {
    if (input.stat !== 'p90') return p.p50;
    const f = 1.2816 / 1.6449;
    const at = (a: number, b: number): number => a + (b - a) * f;
    return { value: at(p.p50.value, p.p95.value), low: at(p.p50.low, p.p95.low), high: at(p.p50.high, p.p95.high) };
  };
  switch (input.metric) {
    case 'ttftMs':
      return out(pick(r.latency.ttftMs));
    case 'tpotMs':
      return out(pick(r.latency.tpotMs));
    case 'outputTokensPerSecondPerGpu':
      return out(r.outputTokensPerSecondPerGpu);
    case 'totalTokensPerSecondPerGpu':
      return out(banded((r.outputTokensPerSecondPerGpu.value * (I + O)) / O, 'throughput', cal));
    case 'outputTokensPerSecond':
      return out(r.outputTokensPerSecond);
    case 'inputTokensPerSecondPerGpu':
      return out(r.inputTokensPerSecondPerPrefillGpu);
    default:
      return { predicted: null, error: `metric '${input.metric}' is not predicted for a disaggregated case` };
  }
}
