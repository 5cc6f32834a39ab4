/**
 * Stage 1, parts: a placement's parts (the one part of on-prem, cloud and edge; the two of
 * hybrid) sized for a load — shape, replicas, per-replica capacity within the SLO — and then
 * finished at their peak load with latency and memory.
 */
import { requestShape } from './load';
import { kvBytesPerSequencePerGpu } from '../estimate';
import type { EstimateRequest } from '../estimate/types';
import type { MemoryReport } from '../report/types';
import type { EvaluationContext } from './context';
import type { LoadKind } from './load';
import { r2 } from './numbers';
import { latencyAtLoad, networkRtt, type LatencyAtLoad } from './slo';
import {
  ONE,
  cachedCapacity,
  candidateShapes,
  fitOf,
  gpusPerReplica,
  modelOf,
  resolveShape,
  solveAuto,
  withDecodeContextShapes,
  splitsByLayers,
  type Shape,
} from './sizing';
import type { PartTarget } from './targets';

const GiB = 1024 ** 3;

export type PartKind = 'on-prem' | 'cloud' | 'edge';

/** A sized part: its shape, replicas and per-replica capacity. */
export interface PartPlan {
  target: PartTarget;
  kind: PartKind;
  shape: Shape;
  /** Replicas serving the part's load (edge: per site). */
  replicas: number;
  capacity: number;
  fits: boolean;
  fitReason?: string;
  rttMs: number;
  auto: boolean;
  /** Auto found no passing replica count (SLO unreachable within MAX_REPLICAS). */
  unreachable: boolean;
  request: EstimateRequest;
  /** Requests/s one replica sustains (latency unbounded). */
  saturation: number;
  maxBatch: number;
  assumptions: string[];
  /** `gpus: auto`: every shape that fits and can meet the SLO, sized for the full load (hybrid searches them). */
  alternatives?: PartPlan[];
}

export interface PartFinal extends PartPlan {
  /** Load per replica at the part's peak. */
  perReplicaPeak: number;
  latency: LatencyAtLoad;
  memory: MemoryReport;
}

export type PlanResult = { ok: true; plan: PartPlan } | { ok: false; error: string };

/** The shape of fixed-gpus targets: the given parallelism, or one GPU per replica. */
function fixedShape(target: PartTarget, edgeDevicesPerReplica?: number): Shape {
  if (target.parallelism) return target.parallelism;
  if (edgeDevicesPerReplica !== undefined && edgeDevicesPerReplica > 1) {
    return splitsByLayers(target)
      ? { tensor: 1, pipeline: edgeDevicesPerReplica, expert: 1, data: 1 }
      : { tensor: edgeDevicesPerReplica, pipeline: 1, expert: 1, data: 1 };
  }
  return ONE;
}

/**
 * Sizes a part for a load `peak` (per group: the whole part, or one edge site):
 * fixed gpus → the given replicas; `auto` → the fewest GPUs meeting the SLO (edge: the fewest
 * devices per replica among those dividing devicesPerSite).
 */
export function planPart(
  ctx: EvaluationContext,
  target: PartTarget,
  kind: PartKind,
  loadKind: LoadKind,
  peak: number,
  edge?: { devicesPerSite: number },
): PlanResult {
  const { inputTokens, outputTokens } = ctx.deployment.workload;
  const tokens = { inputTokens, outputTokens };
  const rtt = networkRtt(kind, target.networkRttMs);
  const assumptions = [...target.assumptions, ...(rtt.assumption ? [rtt.assumption] : [])];
  const make = (
    shape: Shape,
    request: EstimateRequest,
    replicas: number,
    capacity: number,
    auto: boolean,
    unreachable: boolean,
  ): PartPlan => {
    const fit = fitOf(ctx.cache, request);
    return {
      target,
      kind,
      shape,
      replicas,
      capacity,
      fits: fit.fits,
      ...(fit.reason ? { fitReason: fit.reason } : {}),
      rttMs: rtt.rttMs,
      auto,
      unreachable,
      request,
      saturation: fit.saturation,
      maxBatch: fit.maxBatch,
      assumptions,
    };
  };
  const finish = (
    shape: Shape,
    request: EstimateRequest,
    replicas: number,
    capacity: number,
    auto: boolean,
    unreachable: boolean,
    alternatives?: PartPlan[],
  ): PlanResult => ({
    ok: true,
    plan: { ...make(shape, request, replicas, capacity, auto, unreachable), ...(alternatives ? { alternatives } : {}) },
  });

  if (target.gpus !== 'auto') {
    const shape = edge ? fixedShape(target, target.gpus) : fixedShape(target);
    const per = gpusPerReplica(shape);
    const replicas = edge ? Math.floor(edge.devicesPerSite / target.gpus) : Math.max(1, Math.floor(target.gpus / per));
    if (edge && replicas < 1)
      return { ok: false, error: `a replica spans ${target.gpus} devices but a site has ${edge.devicesPerSite}` };
    const r = resolveShape(target, shape, loadKind, inputTokens, outputTokens, peak / replicas, ctx.catalog);
    if (!r.ok) return r;
    const capacity = cachedCapacity(ctx.cache, r.request, ctx.slo, rtt.rttMs, loadKind, Math.max(peak / replicas, 1));
    return finish(shape, r.request, replicas, capacity, false, false);
  }

  // gpus: auto
  let shapes = withDecodeContextShapes(candidateShapes(target, ctx.catalog), target, ctx.catalog);
  if (edge) {
    const d = edge.devicesPerSite;
    shapes = shapes.filter((s) => gpusPerReplica(s) <= d && d % gpusPerReplica(s) === 0);
    if (!shapes.length) shapes = [ONE];
  }
  const solution = solveAuto(target, shapes, peak, loadKind, ctx.slo, rtt.rttMs, tokens, ctx.cache, ctx.catalog);
  if (!solution.options.length) return { ok: false, error: solution.errors[0] ?? 'no parallelism could be estimated' };
  if (edge) {
    // Devices per site are given: the smallest replica that passes with devicesPerSite / size replicas.
    for (const o of solution.options) {
      const replicas = edge.devicesPerSite / gpusPerReplica(o.shape);
      if (o.fits && o.capacity > 0 && peak / replicas <= o.capacity)
        return finish(o.shape, o.request, replicas, o.capacity, true, false);
    }
    const fallback = solution.options.find((o) => o.fits) ?? solution.options[0]!;
    return finish(
      fallback.shape,
      fallback.request,
      edge.devicesPerSite / gpusPerReplica(fallback.shape),
      fallback.capacity,
      true,
      fallback.fits,
    );
  }
  const alternatives = solution.options
    .filter((o) => o.fits && o.capacity > 0)
    .map((o) => make(o.shape, o.request, o.replicas ?? 1, o.capacity, true, o.replicas === undefined));
  if (solution.best)
    return finish(
      solution.best.shape,
      solution.best.request,
      solution.best.replicas as number,
      solution.best.capacity,
      true,
      false,
      alternatives,
    );
  const fitting = solution.options.find((o) => o.fits);
  if (fitting) return finish(fitting.shape, fitting.request, 1, fitting.capacity, true, true, alternatives);
  const first = solution.options[0]!;
  return finish(first.shape, first.request, 1, first.capacity, true, false);
}

/** Latency and memory of a planned part at a given load per replica. */
export function finishPart(
  ctx: EvaluationContext,
  plan: PartPlan,
  loadKind: LoadKind,
  perReplicaLoad: number,
): PartFinal {
  const { inputTokens, outputTokens } = ctx.deployment.workload;
  const shape = { inputTokens, outputTokens, ...requestShape(plan.request.workload) };
  const workload =
    loadKind === 'rate'
      ? { ...shape, requestsPerSecond: Math.max(0, perReplicaLoad) }
      : { ...shape, concurrency: Math.max(1, Math.ceil(perReplicaLoad - 1e-9)) };
  const request: EstimateRequest = { ...plan.request, workload };
  const latency = latencyAtLoad(request, ctx.slo.percentile, plan.rttMs, modelOf(ctx.cache, request));
  return { ...plan, request, perReplicaPeak: perReplicaLoad, latency, memory: memoryReport(request, latency) };
}

/** Per-GPU memory: kvCache = what the concurrent sequences at this load need at full length. */
function memoryReport(request: EstimateRequest, latency: LatencyAtLoad): MemoryReport {
  const est = latency.estimate;
  const m = est.memory.perGpuGiB;
  const block =
    Number(request.engineOptions['blockSize'] ?? request.engineOptions['tokensPerBlock']) ||
    request.engine.memoryContract.kvBlockTokens ||
    1;
  const seqTokens = request.workload.inputTokens + request.workload.outputTokens;
  const perSeq =
    kvBytesPerSequencePerGpu(
      request.model.architecture,
      request.kvCache,
      seqTokens,
      request.parallelism.tensor,
      request.parallelism.pipeline,
      block,
      request.parallelism.decodeContext,
    ) / GiB;
  const sequences = Math.max(1, Math.ceil(est.batchSize - 1e-9));
  const kvNeed = perSeq * sequences;
  const total = m.weights.value + kvNeed + m.activations.value + m.runtime.value;
  return {
    fits: est.memory.fits,
    perGpuGiB: {
      weights: r2(m.weights.value),
      kvCache: r2(kvNeed),
      activations: r2(m.activations.value),
      runtime: r2(m.runtime.value),
      total: r2(total),
      capacity: r2(m.capacity.value),
    },
    kvPoolGiB: r2(est.memory.kvPoolGiB.value),
    maxConcurrentSequences: est.memory.maxConcurrentSequences,
  };
}
