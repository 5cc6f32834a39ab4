/**
 * Sizing: which replica shapes to try, how many replicas a load needs, and the per-replica
 * capacity (goodput) with a cache, so `gpus: auto` and `recommend` stay fast.
 *
 * Replicas share the load evenly; a replica count R meets the SLO when peak / R ≤ capacity per
 * replica (goodput at the SLO, TTFT objective less the network RTT). `gpus: auto` tries tensor
 * ∈ {1, 2, 4, 8} dividing the attention heads (pipeline ∈ {1, 2, 4, 8} on llama.cpp/Ollama, which
 * split layers; one device per replica on unified-memory and CPU devices) and keeps the fewest
 * total GPUs. More than MAX_REPLICAS replicas means the SLO is unreachable.
 */
import type { Catalog } from '../catalog';
import { fullDecodeContext } from '../catalog/kvCopies';
import { buildModel, resolveRequest, type Model } from '../estimate';
import { saturation } from '../estimate/serving';
import type { EstimateRequest, Parallelism } from '../estimate/types';
import type { LoadKind } from './load';
import { capacityPerReplica, type SloSpec } from './slo';
import { attentionHeads, resolveInput, type PartTarget } from './targets';

export type Shape = Parallelism;

/** Per-replica degrees tried by `gpus: auto`. */
export const DEGREE_CANDIDATES = [1, 2, 4, 8] as const;
/** More replicas than this: "SLO unreachable". */
export const MAX_REPLICAS = 4096;

export const ONE: Shape = { tensor: 1, pipeline: 1, expert: 1, data: 1 };

/** GPUs of one replica: tensor × pipeline × data. */
export function gpusPerReplica(shape: Shape): number {
  return shape.tensor * shape.pipeline * shape.data;
}

/** Whether an engine splits a model over devices by layers (llama.cpp, Ollama). */
export function splitsByLayers(target: PartTarget): boolean {
  return target.engine.memoryContract.kind === 'fit-with-margin';
}

/** The shapes `gpus: auto` tries for a target (the given parallelism when there is one). */
export function candidateShapes(target: PartTarget, cat: Catalog): Shape[] {
  if (target.parallelism) return [target.parallelism];
  const cls = target.hardware.class;
  if (cls === 'unified-memory' || cls === 'cpu') return [ONE];
  if (splitsByLayers(target)) return DEGREE_CANDIDATES.map((p) => ({ tensor: 1, pipeline: p, expert: 1, data: 1 }));
  const heads = attentionHeads(target.model, cat);
  return DEGREE_CANDIDATES.filter((t) => !heads || heads % t === 0).map((t) => ({
    tensor: t,
    pipeline: 1,
    expert: 1,
    data: 1,
  }));
}

/**
 * `gpus: auto`'s shapes with, after each tensor split whose ranks hold copies of the KV cache on an
 * engine that can shard them (vLLM -dcp), the same split with decode context parallel over all the
 * copies: same GPUs, more sequences, so it is chosen only when it needs fewer GPUs (ties keep the
 * plain split, tried first). A written `parallelism` is left as written.
 */
export function withDecodeContextShapes(shapes: Shape[], target: PartTarget, cat: Catalog): Shape[] {
  if (target.parallelism) return shapes;
  const model = typeof target.model === 'string' ? cat.models.get(target.model) : target.model;
  if (!model) return shapes;
  return shapes.flatMap((s) => {
    const dcp = s.pipeline === 1 && s.data === 1 ? fullDecodeContext(model.architecture, s.tensor, target.engine) : 1;
    return dcp > 1 ? [s, { ...s, decodeContext: dcp }] : [s];
  });
}

/**
 * The fewest replicas R ≥ 1 with peak / R ≤ capacity, or undefined when the capacity is 0 or R
 * would exceed MAX_REPLICAS. Exact in floating point: R − 1 replicas do not pass.
 */
export function replicasFor(peak: number, capacity: number, max = MAX_REPLICAS): number | undefined {
  if (!(peak > 0)) return 1;
  if (!(capacity > 0)) return undefined;
  let r = Math.max(1, Math.ceil(peak / capacity));
  // Beyond the cap the answer is "too many" — and past 2^53 `r - 1 === r` would never end the loops.
  if (!Number.isFinite(r) || r > max + 1) return undefined;
  while (r > 1 && peak / (r - 1) <= capacity) r--;
  while (peak / r > capacity) r++;
  return r > max ? undefined : r;
}

/** Cache of capacities and fits, keyed by everything they depend on. */
export interface SizingCache {
  capacity: Map<string, number>;
  fits: Map<string, { fits: boolean; reason?: string; saturation: number; maxBatch: number }>;
  /** Built estimator models, shared by fit and latency curves. */
  models: Map<string, Model>;
}

export function newSizingCache(): SizingCache {
  return { capacity: new Map(), fits: new Map(), models: new Map() };
}

/** Keys already built, per request object (fit and capacity look up the same request in turn). */
const keys = new WeakMap<EstimateRequest, string>();

/** The parts of a request that capacity and fit depend on (not the request rate). */
function requestKey(r: EstimateRequest): string {
  let key = keys.get(r);
  if (key === undefined) {
    key = buildRequestKey(r);
    keys.set(r, key);
  }
  return key;
}

function buildRequestKey(r: EstimateRequest): string {
  const hw = r.hardware;
  const wl = r.workload;
  return [
    r.model.id,
    r.model.totalParams,
    r.model.architecture.layers,
    hw.id,
    hw.memoryBandwidthGBps,
    hw.visibleMemoryGiB,
    hw.tflops.bf16,
    r.memoryGB ?? '',
    r.weights.id,
    r.kvCache.id,
    r.engine.id,
    r.parallelism.tensor,
    r.parallelism.pipeline,
    r.parallelism.expert,
    r.parallelism.data,
    r.parallelism.decodeContext ?? 1,
    r.gpusPerReplica,
    JSON.stringify(r.engineOptions),
    wl.inputTokens,
    wl.outputTokens,
    typeof wl.concurrency === 'number' ? `c${wl.concurrency}` : 'r',
    // A cache that outlives an edit of .llm-sizing/calibration.yaml must not serve the old figures.
    r.correction ? JSON.stringify(r.correction) : '',
    wl.prefixCacheHitRate ?? 0,
    wl.outputTokensP95 ?? '',
    r.speculative
      ? `${r.speculative.method}/${r.speculative.draftTokens}/${r.speculative.acceptanceRate}/${r.speculative.draftModel?.id ?? ''}`
      : '',
  ].join('|');
}

/**
 * The estimator's model of a replica (memory, step times, serving inputs), built once per
 * requestKey. For rate workloads the key leaves the rate out, so the model's own `req.workload`
 * is whichever request built it first: use its `mem` and `serving`, never its operating point.
 */
export function modelOf(cache: SizingCache, request: EstimateRequest): Model {
  const key = requestKey(request);
  let m = cache.models.get(key);
  if (!m) {
    m = buildModel(request);
    cache.models.set(key, m);
  }
  return m;
}

/** Fit, saturation rate (requests/s) and batch cap of a replica. */
export function fitOf(
  cache: SizingCache,
  request: EstimateRequest,
): { fits: boolean; reason?: string; saturation: number; maxBatch: number } {
  const key = requestKey(request);
  let v = cache.fits.get(key);
  if (!v) {
    const m = modelOf(cache, request);
    const maxBatch = m.serving.maxBatch;
    const saturationRps = m.mem.fits ? saturation(m.serving).requestsPerSecond : 0;
    v = { fits: m.mem.fits, ...(m.mem.reason ? { reason: m.mem.reason } : {}), saturation: saturationRps, maxBatch };
    cache.fits.set(key, v);
  }
  return v;
}

/** Capacity per replica within the SLO (cached). */
export function cachedCapacity(
  cache: SizingCache,
  request: EstimateRequest,
  slo: SloSpec,
  rttMs: number,
  kind: LoadKind,
  maxConcurrency: number,
): number {
  const key = `${requestKey(request)}#${slo.ttftMs ?? ''}/${slo.tpotMs ?? ''}/${slo.percentile}/${rttMs}/${kind}/${kind === 'concurrency' ? Math.ceil(maxConcurrency) : ''}`;
  let v = cache.capacity.get(key);
  if (v === undefined) {
    v = fitOf(cache, request).fits ? capacityPerReplica(request, slo, rttMs, kind, maxConcurrency) : 0;
    cache.capacity.set(key, v);
  }
  return v;
}

/** A resolved request for one replica of `shape`, at a nominal load. */
export function resolveShape(
  target: PartTarget,
  shape: Shape,
  kind: LoadKind,
  inputTokens: number,
  outputTokens: number,
  perReplicaLoad: number,
  cat: Catalog,
): { ok: true; request: EstimateRequest } | { ok: false; error: string } {
  const workload =
    kind === 'rate'
      ? { inputTokens, outputTokens, requestsPerSecond: Math.max(0, perReplicaLoad) }
      : { inputTokens, outputTokens, concurrency: Math.max(1, Math.ceil(perReplicaLoad - 1e-9)) };
  const r = resolveRequest(resolveInput(target, shape, workload), cat);
  return r.ok ? { ok: true, request: r.request } : { ok: false, error: r.error };
}

export interface ShapeOption {
  shape: Shape;
  request: EstimateRequest;
  fits: boolean;
  fitReason?: string;
  capacity: number;
  /** Replicas needed for the load (undefined: unreachable). */
  replicas?: number;
}

export interface AutoSolution {
  /** The cheapest passing option (fewest GPUs), if any. */
  best?: ShapeOption;
  /** Every shape tried that resolved. */
  options: ShapeOption[];
  /** Resolve errors of shapes that did not (e.g. tensor beyond the heads). */
  errors: string[];
}

/**
 * Tries each shape for `peak` load (per replica group): capacity, replicas, total GPUs; keeps the
 * fewest GPUs (ties: fewer GPUs per replica).
 */
export function solveAuto(
  target: PartTarget,
  shapes: Shape[],
  peak: number,
  kind: LoadKind,
  slo: SloSpec,
  rttMs: number,
  tokens: { inputTokens: number; outputTokens: number },
  cache: SizingCache,
  cat: Catalog,
): AutoSolution {
  const options: ShapeOption[] = [];
  const errors: string[] = [];
  let best: ShapeOption | undefined;
  for (const shape of shapes) {
    const r = resolveShape(target, shape, kind, tokens.inputTokens, tokens.outputTokens, peak, cat);
    if (!r.ok) {
      errors.push(r.error);
      continue;
    }
    const fit = fitOf(cache, r.request);
    const capacity = fit.fits ? cachedCapacity(cache, r.request, slo, rttMs, kind, peak) : 0;
    const replicas = fit.fits ? replicasFor(peak, capacity) : undefined;
    const option: ShapeOption = {
      shape,
      request: r.request,
      fits: fit.fits,
      ...(fit.reason ? { fitReason: fit.reason } : {}),
      capacity,
      ...(replicas !== undefined ? { replicas } : {}),
    };
    options.push(option);
    if (replicas === undefined) continue;
    const total = replicas * gpusPerReplica(shape);
    const bestTotal = best ? (best.replicas as number) * gpusPerReplica(best.shape) : Infinity;
    if (total < bestTotal) best = option;
  }
  return { ...(best ? { best } : {}), options, errors };
}

/** A sized shape of one part of a hybrid: replicas as planned, capacity per replica within the SLO. */
export interface SplitOption {
  shape: Shape;
  replicas: number;
  capacity: number;
  fits: boolean;
}

/** One part of a hybrid for the split solver: the plan as given, and the shapes `auto` may choose from. */
export interface SplitPart<P extends SplitOption> {
  given: P;
  /** The file says `gpus: auto` for this part. */
  auto: boolean;
  /** Shapes to try (auto: every fitting shape; otherwise the given plan). */
  choices: P[];
}

/** A solved hybrid split: n replicas of `on`, m replicas of `cloud`. */
export interface HybridSplit<P extends SplitOption> {
  on: P;
  n: number;
  cloud: P;
  m: number;
}

/**
 * The replica counts (and, for `auto` without parallelism, the shapes) of a hybrid's parts for a
 * peak load: the on-prem part carries n × its capacity, the cloud part the peak overflow.
 * Both auto: the cheapest split of base and burst (by `monthlyUsdOf`). On-prem auto: the fewest
 * on-prem GPUs with which the given cloud part copes (ties: the cheaper). Cloud auto: the fewest
 * cloud GPUs for the peak overflow. Undefined when no split copes.
 */
export function solveHybridSplit<P extends SplitOption>(
  peak: number,
  onPart: SplitPart<P>,
  cloudPart: SplitPart<P>,
  monthlyUsdOf: (on: P, cloud: P) => number,
): HybridSplit<P> | undefined {
  const on = onPart.given;
  const cloud = cloudPart.given;
  const onAuto = onPart.auto;
  const cloudAuto = cloudPart.auto;
  const capOf = (p: P) => (p.fits ? p.capacity : 0);
  const cloudFor = (peakOverflow: number): { plan: P; m: number } | undefined => {
    if (!(peakOverflow > 0)) return { plan: cloudPart.choices[0]!, m: cloudAuto ? 0 : cloud.replicas };
    if (!cloudAuto)
      return capOf(cloud) > 0 && peakOverflow / cloud.replicas <= capOf(cloud)
        ? { plan: cloud, m: cloud.replicas }
        : undefined;
    let pick: { plan: P; m: number } | undefined;
    for (const c of cloudPart.choices) {
      const m = replicasFor(peakOverflow, capOf(c));
      if (m === undefined) continue;
      if (!pick || m * gpusPerReplica(c.shape) < pick.m * gpusPerReplica(pick.plan.shape)) pick = { plan: c, m };
    }
    return pick;
  };
  let best: (HybridSplit<P> & { cost: number; onGpus: number }) | undefined;
  for (const o of onPart.choices) {
    const cap = capOf(o);
    const upper = onAuto ? (cap > 0 ? (replicasFor(peak, cap) ?? MAX_REPLICAS) : 1) : on.replicas;
    for (let k = onAuto ? 1 : on.replicas; k <= upper; k++) {
      const c = cloudFor(Math.max(0, peak - k * cap));
      if (!c) continue;
      const cost = monthlyUsdOf({ ...o, replicas: k }, { ...c.plan, replicas: c.m });
      const onGpus = k * gpusPerReplica(o.shape);
      const better =
        !best ||
        (onAuto && !cloudAuto
          ? onGpus < best.onGpus || (onGpus === best.onGpus && cost < best.cost - 1e-9)
          : cost < best.cost - 1e-9);
      if (better) best = { on: o, n: k, cloud: c.plan, m: c.m, cost, onGpus };
    }
  }
  return best ? { on: best.on, n: best.n, cloud: best.cloud, m: best.m } : undefined;
}
