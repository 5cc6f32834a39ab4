/**
 * One placement → its PlacementReport and the issues to report on its YAML nodes.
 *
 * Semantics (docs/reference/deployment-format.md, docs/placements.md):
 * - replicas = gpus / (tensor × pipeline) share the load evenly; SLOs are checked at the peak hour,
 *   at the stated percentile, with the network RTT added to TTFT (cloud, edge, the cloud part);
 * - hybrid: the on-prem part serves up to its SLO capacity (goodput × replicas); the overflow of
 *   each hour goes to the cloud part, which is billed only in hours with overflow and must meet
 *   the SLO at the peak overflow;
 * - edge: sites × devicesPerSite devices; each site serves its share of the workload (or `perSite`);
 * - verdict `fail` with one sentence per reason: does not fit, SLO missed, over budget, over the
 *   power cap, data residency.
 */
import type { Catalog } from '../catalog';
import { kvBytesPerSequencePerGpu } from '../estimate';
import { atConcurrency, atRate } from '../estimate/serving';
import type { EstimateRequest } from '../estimate/types';
import type { Path } from '../parse/paths';
import type { LoadPoint, MemoryReport, Percentiles, PlacementReport } from '../report/types';
import type { Deployment, Placement } from '../schema/deployment';
import type { CodeKey } from '../validate/codes';
import { DAYS_PER_MONTH, EDGE_DEFAULT_PUE, REFERENCE, ownedCost, rentedCost, usd, usdPerMillionTokens, type CostLine, type OwnedCost } from './economics';
import { HOURS_PER_DAY, dailyLoad, scaleLoad, type LoadKind, type LoadProfile } from './load';
import { latencyAtLoad, ms, networkRtt, pLabel, replicaWorkload, type LatencyAtLoad, type SloSpec } from './slo';
import {
  MAX_REPLICAS, ONE, cachedCapacity, candidateShapes, fitOf, gpusPerReplica, modelOf, newSizingCache, replicasFor, resolveShape, solveAuto, splitsByLayers,
  type Shape, type SizingCache,
} from './sizing';
import { partTargets, type PartTarget } from './targets';

const GiB = 1024 ** 3;

/** A fix in terms of YAML paths (turned into text edits by document.ts). */
export interface IssueFix {
  title: string;
  /** Replace the value at each path. */
  set: Array<{ path: Path; value: string }>;
  /** Add `parallelism: …` beside the key at `after` (gpus), when auto chose a split. */
  insert?: { after: Path; key: string; value: string };
}

/** A finding about a placement, located by YAML path. */
export interface PlacementIssue {
  code: CodeKey;
  path: Path;
  prefer?: 'value' | 'key';
  message: string;
  related?: Array<{ message: string; path: Path }>;
  fix?: IssueFix;
  /** Alternative fixes, offered after `fix`. */
  moreFixes?: IssueFix[];
}

export interface PlacementEvaluation {
  report: PlacementReport;
  issues: PlacementIssue[];
  /** Every price it needs is known (given or in the catalog). */
  priced: boolean;
}

export interface EvaluationContext {
  deployment: Deployment;
  catalog: Catalog;
  /** The deployment's daily load. */
  load: LoadProfile;
  slo: SloSpec;
  cache: SizingCache;
  /** Compute latency-vs-load curves (off in `recommend`). */
  curve: boolean;
  /** Defaults from the editor's settings (used when the file does not say; reported). */
  defaults: EstimateDefaults;
}

/** Defaults a host may set (VS Code settings `llmSizing.defaults.*`); the file always wins. */
export interface EstimateDefaults {
  engine?: string;
  electricityUsdPerKwh?: number;
  /** PUE of on-prem sites (edge keeps 1.0 unless the file says). */
  pue?: number;
  amortizationMonths?: number;
}

export function evaluationContext(deployment: Deployment, catalog: Catalog, options: { cache?: SizingCache; curve?: boolean; defaults?: EstimateDefaults } = {}): EvaluationContext {
  const w = deployment.workload;
  return {
    deployment,
    catalog,
    defaults: options.defaults ?? {},
    load: dailyLoad({
      ...(w.peakRequestsPerSecond !== undefined ? { peakRequestsPerSecond: w.peakRequestsPerSecond } : {}),
      ...(w.averageRequestsPerSecond !== undefined ? { averageRequestsPerSecond: w.averageRequestsPerSecond } : {}),
      ...(w.concurrency !== undefined ? { concurrency: w.concurrency } : {}),
      ...(w.dailyProfile ? { dailyProfile: w.dailyProfile } : {}),
    }),
    slo: { ...(w.slo?.ttftMs !== undefined ? { ttftMs: w.slo.ttftMs } : {}), ...(w.slo?.tpotMs !== undefined ? { tpotMs: w.slo.tpotMs } : {}), percentile: w.slo?.percentile ?? 95 },
    cache: options.cache ?? newSizingCache(),
    curve: options.curve ?? true,
  };
}

// ------------------------------------------------------------------ formatting

const num = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x >= 10 ? x.toFixed(1).replace(/\.0$/, '') : Number(x.toPrecision(2)).toString());
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const loadText = (kind: LoadKind, x: number) => (kind === 'rate' ? `${num(x)} req/s` : `concurrency ${Math.ceil(x - 1e-9)}`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ------------------------------------------------------------------ parts

type PartKind = 'on-prem' | 'cloud' | 'edge';

/** A sized part: its shape, replicas and per-replica capacity. */
interface PartPlan {
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

interface PartFinal extends PartPlan {
  /** Load per replica at the part's peak. */
  perReplicaPeak: number;
  latency: LatencyAtLoad;
  memory: MemoryReport;
}

type PlanResult = { ok: true; plan: PartPlan } | { ok: false; error: string };

/** The shape of fixed-gpus targets: the given parallelism, or one GPU per replica. */
function fixedShape(target: PartTarget, edgeDevicesPerReplica?: number): Shape {
  if (target.parallelism) return target.parallelism;
  if (edgeDevicesPerReplica !== undefined && edgeDevicesPerReplica > 1) {
    return splitsByLayers(target) ? { tensor: 1, pipeline: edgeDevicesPerReplica, expert: 1 } : { tensor: edgeDevicesPerReplica, pipeline: 1, expert: 1 };
  }
  return ONE;
}

/**
 * Sizes a part for a load `peak` (per group: the whole part, or one edge site):
 * fixed gpus → the given replicas; `auto` → the fewest GPUs meeting the SLO (edge: the fewest
 * devices per replica among those dividing devicesPerSite).
 */
function planPart(ctx: EvaluationContext, target: PartTarget, kind: PartKind, loadKind: LoadKind, peak: number, edge?: { devicesPerSite: number }): PlanResult {
  const { inputTokens, outputTokens } = ctx.deployment.workload;
  const tokens = { inputTokens, outputTokens };
  const rtt = networkRtt(kind, target.networkRttMs);
  const assumptions = [...target.assumptions, ...(rtt.assumption ? [rtt.assumption] : [])];
  const make = (shape: Shape, request: EstimateRequest, replicas: number, capacity: number, auto: boolean, unreachable: boolean): PartPlan => {
    const fit = fitOf(ctx.cache, request);
    return {
      target, kind, shape, replicas, capacity, fits: fit.fits, ...(fit.reason ? { fitReason: fit.reason } : {}), rttMs: rtt.rttMs, auto, unreachable,
      request, saturation: fit.saturation, maxBatch: fit.maxBatch, assumptions,
    };
  };
  const finish = (shape: Shape, request: EstimateRequest, replicas: number, capacity: number, auto: boolean, unreachable: boolean, alternatives?: PartPlan[]): PlanResult => ({
    ok: true,
    plan: { ...make(shape, request, replicas, capacity, auto, unreachable), ...(alternatives ? { alternatives } : {}) },
  });

  if (target.gpus !== 'auto') {
    const shape = edge ? fixedShape(target, target.gpus) : fixedShape(target);
    const per = gpusPerReplica(shape);
    const replicas = edge ? Math.floor(edge.devicesPerSite / target.gpus) : Math.max(1, Math.floor(target.gpus / per));
    if (edge && replicas < 1) return { ok: false, error: `a replica spans ${target.gpus} devices but a site has ${edge.devicesPerSite}` };
    const r = resolveShape(target, shape, loadKind, inputTokens, outputTokens, peak / replicas, ctx.catalog);
    if (!r.ok) return r;
    const capacity = cachedCapacity(ctx.cache, r.request, ctx.slo, rtt.rttMs, loadKind, Math.max(peak / replicas, 1));
    return finish(shape, r.request, replicas, capacity, false, false);
  }

  // gpus: auto
  let shapes = candidateShapes(target, ctx.catalog);
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
      if (o.fits && o.capacity > 0 && peak / replicas <= o.capacity) return finish(o.shape, o.request, replicas, o.capacity, true, false);
    }
    const fallback = solution.options.find((o) => o.fits) ?? solution.options[0]!;
    return finish(fallback.shape, fallback.request, edge.devicesPerSite / gpusPerReplica(fallback.shape), fallback.capacity, true, fallback.fits);
  }
  const alternatives = solution.options.filter((o) => o.fits && o.capacity > 0).map((o) => make(o.shape, o.request, o.replicas ?? 1, o.capacity, true, o.replicas === undefined));
  if (solution.best) return finish(solution.best.shape, solution.best.request, solution.best.replicas as number, solution.best.capacity, true, false, alternatives);
  const fitting = solution.options.find((o) => o.fits);
  if (fitting) return finish(fitting.shape, fitting.request, 1, fitting.capacity, true, true, alternatives);
  const first = solution.options[0]!;
  return finish(first.shape, first.request, 1, first.capacity, true, false);
}

/** Latency and memory of a planned part at a given load per replica. */
function finishPart(ctx: EvaluationContext, plan: PartPlan, loadKind: LoadKind, perReplicaLoad: number): PartFinal {
  const { inputTokens, outputTokens } = ctx.deployment.workload;
  const workload = loadKind === 'rate'
    ? { inputTokens, outputTokens, requestsPerSecond: Math.max(0, perReplicaLoad) }
    : { inputTokens, outputTokens, concurrency: Math.max(1, Math.ceil(perReplicaLoad - 1e-9)) };
  const request: EstimateRequest = { ...plan.request, workload };
  const latency = latencyAtLoad(request, ctx.slo.percentile, plan.rttMs, modelOf(ctx.cache, request));
  return { ...plan, request, perReplicaPeak: perReplicaLoad, latency, memory: memoryReport(request, latency) };
}

/** Per-GPU memory: kvCache = what the concurrent sequences at this load need at full length. */
function memoryReport(request: EstimateRequest, latency: LatencyAtLoad): MemoryReport {
  const est = latency.estimate;
  const m = est.memory.perGpuGiB;
  const block = Number(request.engineOptions['blockSize'] ?? request.engineOptions['tokensPerBlock']) || request.engine.memoryContract.kvBlockTokens || 1;
  const seqTokens = request.workload.inputTokens + request.workload.outputTokens;
  const perSeq = kvBytesPerSequencePerGpu(request.model.architecture, request.kvCache, seqTokens, request.parallelism.tensor, request.parallelism.pipeline, block) / GiB;
  const sequences = Math.max(1, Math.ceil(est.batchSize - 1e-9));
  const kvNeed = perSeq * sequences;
  const total = m.weights.value + kvNeed + m.activations.value + m.runtime.value;
  return {
    fits: est.memory.fits,
    perGpuGiB: { weights: r2(m.weights.value), kvCache: r2(kvNeed), activations: r2(m.activations.value), runtime: r2(m.runtime.value), total: r2(total), capacity: r2(m.capacity.value) },
    kvPoolGiB: r2(est.memory.kvPoolGiB.value),
    maxConcurrentSequences: est.memory.maxConcurrentSequences,
  };
}

/** Utilisation of a part's replicas in each hour, from the load the part carries then. */
function utilization(plan: PartPlan, loadKind: LoadKind, hourlyGroupLoad: number[]): number[] {
  return hourlyGroupLoad.map((load) => {
    if (!(load > 0)) return 0;
    const perReplica = load / plan.replicas;
    if (loadKind === 'rate') return plan.saturation > 0 ? Math.min(1, perReplica / plan.saturation) : 1;
    return Math.min(1, Math.ceil(perReplica - 1e-9) / plan.maxBatch);
  });
}

/** Output tokens/s of a part's replicas at a group load. */
function tokensPerSecond(ctx: EvaluationContext, plan: PartPlan, loadKind: LoadKind, groupLoad: number, memo: Map<number, number>): number {
  if (!(groupLoad > 0) || !plan.fits) return 0;
  const out = ctx.deployment.workload.outputTokens;
  if (loadKind === 'rate') return Math.min(groupLoad, plan.saturation * plan.replicas) * out;
  const c = Math.max(1, Math.ceil(groupLoad / plan.replicas - 1e-9));
  let v = memo.get(c);
  if (v === undefined) {
    const m = modelOf(ctx.cache, { ...plan.request, workload: { inputTokens: ctx.deployment.workload.inputTokens, outputTokens: out, concurrency: c } });
    v = m.mem.fits ? atConcurrency(m.serving, c).outputTokensPerSecond : 0;
    memo.set(c, v);
  }
  return v * plan.replicas;
}

/** TTFT/TPOT of a part at a group rate, from one built model (for curves; the sizing cache's when it has it). */
function curveSampler(ctx: EvaluationContext, plan: PartFinal): (groupRate: number) => { t50: number; t95: number; o50: number; o95: number; stable: boolean } {
  const m = modelOf(ctx.cache, { ...plan.request, workload: { inputTokens: plan.request.workload.inputTokens, outputTokens: plan.request.workload.outputTokens, requestsPerSecond: 0 } });
  return (groupRate) => {
    const p = atRate(m.serving, groupRate / plan.replicas);
    return { t50: p.ttftMs(0.5) + plan.rttMs, t95: p.ttftMs(0.95) + plan.rttMs, o50: p.tpotMs(0.5), o95: p.tpotMs(0.95), stable: p.stable && m.mem.fits };
  };
}

/** Latency vs total request rate, 0 → 1.5 × peak (13 points), stopping where it saturates. */
function buildCurve(maxRate: number, at: (rate: number) => { t50: number; t95: number; o50: number; o95: number; stable: boolean }, bands: { ttft: [number, number]; tpot: [number, number] }): LoadPoint[] {
  const points: LoadPoint[] = [];
  if (!(maxRate > 0)) return points;
  for (let i = 0; i <= 12; i++) {
    const rate = (maxRate * i) / 12;
    const p = at(rate);
    if (!p.stable) break;
    points.push({
      requestsPerSecond: r3(rate),
      ttftMs: { p50: r1(p.t50), p95: r1(p.t95), p95Low: r1(p.t95 * bands.ttft[0]), p95High: r1(p.t95 * bands.ttft[1]) },
      tpotMs: { p50: r1(p.o50), p95: r1(p.o95), p95Low: r1(p.o95 * bands.tpot[0]), p95High: r1(p.o95 * bands.tpot[1]) },
    });
  }
  return points;
}

function bandRatios(part: PartFinal): { ttft: [number, number]; tpot: [number, number] } {
  const t = part.latency.estimate.latency.ttftMs.p95;
  const o = part.latency.estimate.latency.tpotMs.p95;
  const ratio = (b: { value: number; low: number; high: number }): [number, number] => (b.value > 0 ? [b.low / b.value, b.high / b.value] : [1, 1]);
  return { ttft: ratio(t), tpot: ratio(o) };
}

// ------------------------------------------------------------------ verdict pieces

function sloRelated(ctx: EvaluationContext, which: 'ttft' | 'tpot' | 'both'): Array<{ message: string; path: Path }> {
  const slo = ctx.deployment.workload.slo;
  const out: Array<{ message: string; path: Path }> = [];
  if (slo?.ttftMs !== undefined && which !== 'tpot') out.push({ message: `TTFT objective ${slo.ttftMs} ms`, path: ['workload', 'slo', 'ttftMs'] });
  if (slo?.tpotMs !== undefined && which !== 'ttft') out.push({ message: `TPOT objective ${slo.tpotMs} ms`, path: ['workload', 'slo', 'tpotMs'] });
  return out;
}

/** Why a part misses the SLO at its peak, in one sentence (undefined when it meets it). */
function sloMiss(ctx: EvaluationContext, part: PartFinal, loadKind: LoadKind, where: string): { sentence: string; which: 'ttft' | 'tpot' | 'both' } | undefined {
  if (!part.fits) return undefined;
  const passes = part.capacity > 0 && part.perReplicaPeak <= part.capacity * (1 + 1e-9);
  if (passes) return undefined;
  const slo = ctx.slo;
  const p = pLabel(slo.percentile);
  if (slo.ttftMs !== undefined && part.rttMs >= slo.ttftMs) {
    return { sentence: `network RTT ${ms(part.rttMs)} alone uses up the TTFT SLO ${ms(slo.ttftMs)}`, which: 'ttft' };
  }
  if (part.capacity <= 0) {
    // No load meets it: say which objective fails even for a lone request.
    const idle = latencyAtLoad(replicaWorkload(part.request, loadKind, loadKind === 'rate' ? 1e-6 : 1), slo.percentile, part.rttMs);
    const lone: string[] = [];
    if (slo.ttftMs !== undefined && idle.ttftAtSlo > slo.ttftMs) lone.push(`TTFT ${p} ${ms(idle.ttftAtSlo)} exceeds SLO ${ms(slo.ttftMs)}`);
    if (slo.tpotMs !== undefined && idle.tpotAtSlo > slo.tpotMs) lone.push(`TPOT ${p} ${ms(idle.tpotAtSlo)} exceeds SLO ${ms(slo.tpotMs)}`);
    if (lone.length) return { sentence: `${lone.join(' and ')} even at the lightest load`, which: lone.length === 2 ? 'both' : lone[0]!.startsWith('TTFT') ? 'ttft' : 'tpot' };
  }
  if (!part.latency.stable) {
    const sustain = part.saturation * part.replicas;
    return { sentence: `overloaded: ${where} exceeds the ${num(sustain)} req/s that ${plural(part.replicas, 'replica')} ${part.replicas === 1 ? 'sustains' : 'sustain'}`, which: 'both' };
  }
  const parts: string[] = [];
  let which: 'ttft' | 'tpot' | 'both' = 'both';
  if (slo.ttftMs !== undefined && part.latency.ttftAtSlo > slo.ttftMs) {
    parts.push(`TTFT ${p} ${ms(part.latency.ttftAtSlo)} exceeds SLO ${ms(slo.ttftMs)}`);
    which = 'ttft';
  }
  if (slo.tpotMs !== undefined && part.latency.tpotAtSlo > slo.tpotMs) {
    parts.push(`TPOT ${p} ${ms(part.latency.tpotAtSlo)} exceeds SLO ${ms(slo.tpotMs)}`);
    which = parts.length === 2 ? 'both' : 'tpot';
  }
  if (!parts.length) parts.push(`misses the latency SLO`);
  return { sentence: `${parts.join(' and ')} at ${where}`, which };
}

interface Outcome {
  reasons: string[];
  issues: PlacementIssue[];
}

function fitIssue(ctx: EvaluationContext, out: Outcome, part: PartFinal, label: string, gpusField: Path | undefined): void {
  const m = part.memory.perGpuGiB;
  const sentence = m.total > m.capacity ? `does not fit: needs ${m.total.toFixed(1)} GiB per GPU, has ${m.capacity.toFixed(1)}` : `does not fit: ${part.fitReason ?? 'no room for the KV cache of one request'}`;
  const breakdown = `weights ${m.weights.toFixed(1)} + KV cache ${m.kvCache.toFixed(1)} + activations ${m.activations.toFixed(1)} + runtime ${m.runtime.toFixed(1)} GiB per GPU`;
  out.reasons.push(`${label}${sentence}`);
  const fixes = fitFixes(ctx, part, gpusField);
  out.issues.push({
    code: 'placementDoesNotFit',
    path: [...part.target.path, 'hardware'],
    message: `${label}${sentence} (${breakdown}; ${part.target.hardware.name}, ${part.request.weights.id} weights, ${shapeText(part.shape)}). ${fixes.length ? fixes.map((f) => f.title).join(', or ') + '.' : 'Use more GPUs per replica, a smaller weight format or a larger device.'}`,
    ...(fixes[0] ? { fix: fixes[0] } : {}),
    ...(fixes.length > 1 ? { moreFixes: fixes.slice(1) } : {}),
  });
}

/**
 * Edits that make a part fit, each checked with the estimator: (1) more tensor parallelism with
 * the same replicas (the smallest degree ≤ 8 dividing the heads that fits), (2) a smaller weight
 * format for this placement, (3) an fp8 KV cache — whichever fit.
 */
function fitFixes(ctx: EvaluationContext, part: PartFinal, gpusField: Path | undefined): IssueFix[] {
  const fixes: IssueFix[] = [];
  const { inputTokens, outputTokens } = ctx.deployment.workload;
  const fitsWith = (target: PartTarget, shape: Shape): boolean => {
    const r = resolveShape(target, shape, 'rate', inputTokens, outputTokens, 0.01, ctx.catalog);
    return r.ok && fitOf(ctx.cache, r.request).fits;
  };
  const heads = part.request.model.architecture.attentionHeads;
  const tensorPath: Path = [...part.target.path, 'parallelism', 'tensor'];
  const hasParallelism = part.target.parallelism !== undefined;
  if (gpusField && part.shape.pipeline === 1 && part.target.hardware.interconnect.kind !== 'none') {
    for (const tensor of [2, 4, 8]) {
      if (tensor <= part.shape.tensor || heads % tensor !== 0) continue;
      const shape = { ...part.shape, tensor };
      if (!fitsWith(part.target, shape)) continue;
      const gpus = String(part.replicas * tensor);
      fixes.push(hasParallelism
        ? { title: `Set tensor parallelism to ${tensor} (gpus: ${gpus})`, set: [{ path: tensorPath, value: String(tensor) }, { path: gpusField, value: gpus }] }
        : { title: `Set tensor parallelism to ${tensor} (gpus: ${gpus})`, set: [{ path: gpusField, value: gpus }], insert: { after: gpusField, key: 'parallelism', value: `{tensor: ${tensor}}` } });
      break;
    }
  }
  const placementPath = part.target.path.slice(0, 2);
  const smaller = ['fp8', 'int4-awq', 'q4_k_m']
    .map((id) => ctx.catalog.formats.get(id))
    .filter((f): f is NonNullable<typeof f> => !!f && f.bitsPerWeight < part.request.weights.bitsPerWeight && part.target.engine.weightFormats.includes(f.id));
  for (const format of smaller) {
    if (!fitsWith({ ...part.target, weights: format.id }, part.shape)) continue;
    const weightsPath: Path = [...placementPath, 'model', 'weights'];
    const title = `Use ${format.id} weights in this placement`;
    fixes.push({ title, set: [{ path: weightsPath, value: format.id }] }, { title, set: [], insert: { after: [...placementPath, 'name'], key: 'model', value: `{weights: ${format.id}}` } });
    break;
  }
  return fixes;
}

function shapeText(shape: Shape): string {
  const parts = [shape.tensor > 1 ? `tensor ${shape.tensor}` : '', shape.pipeline > 1 ? `pipeline ${shape.pipeline}` : ''].filter(Boolean);
  return parts.length ? parts.join(' × ') : '1 GPU per replica';
}

/** The SLO issue of a part, with a "Set gpus to N" fix when N replicas would meet it. */
function sloIssue(ctx: EvaluationContext, out: Outcome, part: PartFinal, loadKind: LoadKind, groupPeak: number, where: string, label: string, gpusField: Path | undefined): void {
  const miss = sloMiss(ctx, part, loadKind, where);
  if (!miss) return;
  out.reasons.push(`${label}${miss.sentence}`);
  const needed = replicasFor(groupPeak, part.capacity);
  let fix: IssueFix | undefined;
  let hint = '';
  if (needed !== undefined && gpusField) {
    const n = needed * gpusPerReplica(part.shape);
    const key = gpusField[gpusField.length - 1];
    fix = { title: `Set ${String(key)} to ${n}`, set: [{ path: gpusField, value: String(n) }] };
    hint = ` ${plural(needed, 'replica')} (${key}: ${n}) would meet it.`;
  } else if (part.capacity <= 0) {
    hint = ` No number of replicas of this configuration meets it: use faster hardware or a smaller model/format.`;
  } else if (needed === undefined) {
    hint = ` It would take more than ${MAX_REPLICAS} replicas.`;
  }
  out.issues.push({
    code: 'sloMissed',
    path: gpusField ?? [...part.target.path, 'hardware'],
    message: `${label}${miss.sentence}.${hint}`,
    related: sloRelated(ctx, miss.which),
    ...(fix ? { fix } : {}),
  });
}

/** The info finding of a solved `gpus: auto`, with the fix that writes the number back. */
function autoIssue(out: Outcome, part: PartFinal, label: string, solvedGpus: number, why: string): void {
  const gpusPath = [...part.target.path, 'gpus'];
  const per = gpusPerReplica(part.shape);
  const addSplit = !part.target.parallelism && per > 1;
  const split = part.shape.pipeline > 1 ? `{pipeline: ${part.shape.pipeline}}` : `{tensor: ${part.shape.tensor}}`;
  const shape = per > 1 ? `, ${shapeText(part.shape)}` : '';
  if (solvedGpus === 0) {
    // Only a hybrid's cloud part can be 0: not needed. `gpus: 0` is not valid, so no fix.
    out.issues.push({ code: 'gpusAutoSolved', path: gpusPath, message: `${label}gpus: auto → 0: ${why}; the cloud part is not needed.` });
    return;
  }
  const what = part.kind === 'edge'
    ? `${solvedGpus} device${solvedGpus === 1 ? '' : 's'} per replica (${plural(part.replicas, 'replica')} per site${shape})`
    : `${solvedGpus} (${plural(part.replicas, 'replica')} × ${per} GPU${per === 1 ? '' : 's'}${shape})`;
  out.issues.push({
    code: 'gpusAutoSolved',
    path: gpusPath,
    message: `${label}gpus: auto → ${what}: ${why}.`,
    fix: {
      title: `Set gpus to ${solvedGpus}${addSplit ? ` with parallelism ${split}` : ''}`,
      set: [{ path: gpusPath, value: String(solvedGpus) }],
      ...(addSplit ? { insert: { after: gpusPath, key: 'parallelism', value: split } } : {}),
    },
  });
}

// ------------------------------------------------------------------ report helpers

function emptyMemory(): MemoryReport {
  return { fits: false, perGpuGiB: { weights: 0, kvCache: 0, activations: 0, runtime: 0, total: 0, capacity: 0 }, kvPoolGiB: 0, maxConcurrentSequences: 0 };
}

function emptyPercentiles(): Percentiles {
  return { p50: 0, p95: 0 };
}

/** The report of a placement that cannot be estimated. */
function failedReport(placement: Placement, hardware: string, reason: string): PlacementReport {
  return {
    name: placement.name, type: placement.type, verdict: 'fail', reasons: [reason], hardware,
    gpus: 0, gpusAuto: false, replicas: 0, devices: 0, engine: '', weights: '', kvCache: '',
    memory: emptyMemory(), latency: { ttftMs: emptyPercentiles(), tpotMs: emptyPercentiles() },
    throughput: { outputTokensPerSecond: 0, maxRequestsPerSecond: 0 },
    cost: { monthlyUsd: 0, usdPerMillionOutputTokens: 0, breakdown: [] },
    power: { averageKw: 0 }, dataLeavesPremises: placement.type === 'cloud', cloudShareOfRequests: placement.type === 'cloud' ? 1 : 0,
    assumptions: [], curve: [],
  };
}

function hardwareOf(placement: Placement): string {
  return placement.type === 'hybrid' ? `${placement.onPrem.hardware} + ${placement.cloud.hardware}` : placement.hardware;
}

function percentilesMax(a: Percentiles, b: Percentiles): Percentiles {
  return {
    p50: Math.max(a.p50, b.p50),
    p95: Math.max(a.p95, b.p95),
    ...(a.atSlo !== undefined || b.atSlo !== undefined ? { atSlo: Math.max(a.atSlo ?? 0, b.atSlo ?? 0) } : {}),
    ...(a.band && b.band ? { band: a.p95 >= b.p95 ? a.band : b.band } : a.band ? { band: a.band } : b.band ? { band: b.band } : {}),
  };
}

/** Budget, power and residency checks shared by every type. */
function constraintChecks(ctx: EvaluationContext, placementPath: Path, out: Outcome, monthlyUsd: number, priced: boolean, peakKw: number, residency: { leaves: boolean; share: number; cloud?: PartTarget; cloudPath?: Path; kind: Placement['type'] }, assumptions: string[]): void {
  const c = ctx.deployment.constraints;
  if (!c) return;
  if (c.monthlyBudgetUsd !== undefined && monthlyUsd > c.monthlyBudgetUsd) {
    const sentence = `over budget: ${usd(monthlyUsd)}/mo > ${usd(c.monthlyBudgetUsd)}`;
    out.reasons.push(sentence);
    out.issues.push({ code: 'overBudget', path: [...placementPath, 'name'], message: `${sentence}${priced ? '' : ' (some prices unknown, counted as $0)'}.`, related: [{ message: `monthlyBudgetUsd: ${c.monthlyBudgetUsd}`, path: ['constraints', 'monthlyBudgetUsd'] }] });
  }
  if (c.maxPowerKw !== undefined && peakKw > c.maxPowerKw) {
    const sentence = `over the power cap: ${peakKw.toFixed(peakKw < 10 ? 2 : 1)} kW at peak > ${num(c.maxPowerKw)} kW`;
    out.reasons.push(sentence);
    out.issues.push({ code: 'overPower', path: [...placementPath, 'name'], message: `${sentence} (on-premises draw at peak load, PUE included).`, related: [{ message: `maxPowerKw: ${c.maxPowerKw}`, path: ['constraints', 'maxPowerKw'] }] });
  }
  const rule = c.dataResidency;
  if (rule === undefined || rule.toLowerCase() === 'any') return;
  const related = [{ message: `dataResidency: ${rule}`, path: ['constraints', 'dataResidency'] as Path }];
  if (rule.toLowerCase() === 'on-prem') {
    if (!residency.leaves) return;
    const why = residency.kind === 'hybrid' ? `${Math.max(1, Math.round(residency.share * 100))}% of requests burst to cloud` : 'every request goes to the cloud';
    const sentence = `data leaves premises (${why}) but dataResidency: on-prem`;
    out.reasons.push(sentence);
    out.issues.push({ code: 'residencyViolated', path: residency.kind === 'hybrid' && residency.cloudPath ? residency.cloudPath : [...placementPath, 'type'], prefer: residency.kind === 'hybrid' ? 'key' : 'value', message: `${sentence}.${residency.kind === 'hybrid' ? ' Size the on-prem part for the peak, or drop the cloud part.' : ''}`, related });
    return;
  }
  // A region label: the cloud (part) must run there.
  if (!residency.leaves || !residency.cloud || !residency.cloudPath) return;
  const loc = residency.cloud.location;
  if (loc === undefined) {
    assumptions.push(`cloud location not stated; assumed to be in ${rule} (dataResidency) — set location`);
    return;
  }
  if (loc.toLowerCase() !== rule.toLowerCase()) {
    const sentence = `data leaves ${rule}: the cloud runs in ${loc} but dataResidency: ${rule}`;
    out.reasons.push(sentence);
    out.issues.push({ code: 'residencyViolated', path: [...residency.cloudPath, 'location'], message: `${sentence}.`, related });
  }
}

function priceIssue(out: Outcome, target: PartTarget, label: string, what: 'capex' | 'hourly'): void {
  out.issues.push({
    code: 'noReferencePrice',
    path: [...target.path, 'hardware'],
    message: what === 'capex'
      ? `${label}the catalog has no purchase price for ${target.hardware.name}; capex is counted as $0. Set costs.capexUsd.`
      : `${label}the catalog has no cloud price for ${target.hardware.name}; GPU-hours are counted as $0. Set usdPerGpuHour.`,
  });
}

// ------------------------------------------------------------------ the placement types

/** Evaluates one placement of a deployment (validated, so ids exist). */
export function evaluatePlacement(ctx: EvaluationContext, placement: Placement, path: Path): PlacementEvaluation {
  const targets = partTargets(ctx.deployment, placement, path, ctx.catalog, ctx.defaults.engine);
  if ('error' in targets) return cannotEstimate(placement, path, targets.error);
  try {
    switch (placement.type) {
      case 'on-prem':
      case 'cloud':
        return single(ctx, placement, path, targets[0]!);
      case 'edge':
        return edge(ctx, placement, path, targets[0]!);
      case 'hybrid':
        return hybrid(ctx, placement, path, targets[0]!, targets[1]!);
    }
  } catch (error) {
    return cannotEstimate(placement, path, error instanceof Error ? error.message : String(error));
  }
}

function cannotEstimate(placement: Placement, path: Path, error: string): PlacementEvaluation {
  return {
    report: failedReport(placement, hardwareOf(placement), `cannot estimate: ${error}`),
    issues: [{ code: 'cannotEstimate', path: [...path, 'name'], message: `Cannot estimate placement \`${placement.name}\`: ${error}.` }],
    priced: false,
  };
}

function baseAssumptions(ctx: EvaluationContext): string[] {
  const out = [...ctx.load.assumptions];
  const w = ctx.deployment.workload;
  if (w.concurrency !== undefined && (w.peakRequestsPerSecond !== undefined || w.averageRequestsPerSecond !== undefined)) out.push('workload.concurrency is not used: request rates are given');
  if (!w.slo || (w.slo.ttftMs === undefined && w.slo.tpotMs === undefined)) out.push('no latency SLO: a replica is loaded up to the rate it sustains');
  return out;
}

/** Output tokens per month from the tokens/s of each hour of the day. */
function monthlyTokens(hourlyTokensPerSecond: number[]): number {
  return hourlyTokensPerSecond.reduce((a, b) => a + b, 0) * 3600 * DAYS_PER_MONTH;
}

/** on-prem and cloud: one part serving the whole load. */
function single(ctx: EvaluationContext, placement: Extract<Placement, { type: 'on-prem' | 'cloud' }>, path: Path, target: PartTarget): PlacementEvaluation {
  const load = ctx.load;
  const planned = planPart(ctx, target, placement.type, load.kind, load.peak);
  if (!planned.ok) return cannotEstimate(placement, path, planned.error);
  const plan = planned.plan;
  const part = finishPart(ctx, plan, load.kind, load.peak / plan.replicas);
  const out: Outcome = { reasons: [], issues: [] };
  const assumptions = [...baseAssumptions(ctx), ...plan.assumptions];
  const gpus = plan.replicas * gpusPerReplica(plan.shape);

  if (!part.fits) fitIssue(ctx, out, part, '', plan.auto ? undefined : [...path, 'gpus']);
  else if (plan.unreachable) {
    const sentence = `SLO unreachable: no number of replicas (up to ${MAX_REPLICAS}) of ${target.hardware.name} meets it at ${loadText(load.kind, load.peak)}`;
    out.reasons.push(sentence);
    out.issues.push({ code: 'sloMissed', path: [...path, 'gpus'], message: `${sentence}.`, related: sloRelated(ctx, 'both') });
  } else sloIssue(ctx, out, part, load.kind, load.peak, loadText(load.kind, load.peak), '', plan.auto ? undefined : [...path, 'gpus']);

  // Economics.
  const memo = new Map<number, number>();
  const tokensHourly = load.hourly.map((l) => tokensPerSecond(ctx, plan, load.kind, l, memo));
  const tokens = monthlyTokens(tokensHourly);
  let monthlyUsd: number;
  let breakdown: CostLine[];
  let averageKw = 0;
  let peakKw = 0;
  let priced = true;
  if (placement.type === 'on-prem') {
    const cost = ownedCost({ hardware: target.hardware, devices: gpus, utilizationByHour: utilization(plan, load.kind, load.hourly), ...(placement.costs ? { costs: placement.costs } : {}), defaultPue: onPremPue(ctx), defaults: ctx.defaults });
    ({ monthlyUsd, breakdown, averageKw, peakKw } = cost);
    assumptions.push(...cost.assumptions);
    if (cost.missingPrice) {
      priced = false;
      priceIssue(out, target, '', 'capex');
    }
  } else {
    const hours = load.hourly.filter((l) => l > 0).length;
    const cost = rentedCost({ hardware: target.hardware, gpus, billedHoursPerDay: hours, ...(target.usdPerGpuHour !== undefined ? { usdPerGpuHour: target.usdPerGpuHour } : {}), ...(hours < HOURS_PER_DAY ? { billingNote: `billed ${hours} h/day: the hours with load in the daily profile (instances stopped otherwise)` } : {}) });
    ({ monthlyUsd, breakdown } = cost);
    assumptions.push(...cost.assumptions, 'cloud: power is drawn in the provider\'s data centre and not counted on premises');
    if (cost.missingPrice) {
      priced = false;
      priceIssue(out, target, '', 'hourly');
    }
  }
  const leaves = placement.type === 'cloud';
  constraintChecks(ctx, path, out, monthlyUsd, priced, peakKw, { leaves, share: leaves ? 1 : 0, ...(leaves ? { cloud: target, cloudPath: path } : {}), kind: placement.type }, assumptions);
  if (plan.auto && part.fits && !plan.unreachable) autoIssue(out, part, '', gpus, `the fewest that meet the SLO at ${loadText(load.kind, load.peak)}`);

  const report: PlacementReport = {
    name: placement.name, type: placement.type, verdict: out.reasons.length ? 'fail' : 'pass', reasons: out.reasons,
    hardware: target.hardwareId, gpus, gpusAuto: plan.auto, replicas: plan.replicas, devices: gpus,
    engine: target.engine.id, weights: part.request.weights.id, kvCache: part.request.kvCache.id,
    memory: part.memory,
    latency: { ttftMs: part.latency.ttftMs, tpotMs: part.latency.tpotMs },
    throughput: throughputOf([part], load.kind, tokensPerSecond(ctx, plan, load.kind, load.peak, memo)),
    cost: { monthlyUsd: r2(monthlyUsd), usdPerMillionOutputTokens: r3(usdPerMillionTokens(monthlyUsd, tokens)), breakdown: breakdown.map((b) => ({ item: b.item, monthlyUsd: r2(b.monthlyUsd) })) },
    power: { averageKw: r3(averageKw), peakKw: r3(peakKw) },
    dataLeavesPremises: leaves, cloudShareOfRequests: leaves ? 1 : 0,
    assumptions: dedupe([...assumptions, ...part.latency.estimate.assumptions]),
    explain: part.latency.estimate.explain,
    curve: ctx.curve && part.fits ? buildCurve(curveMax(load, [{ part, groups: 1 }]), curveSampler(ctx, part), bandRatios(part)) : [],
    hardwareName: target.hardware.name,
    model: target.modelLabel,
    shape: { ...part.shape, gpusPerReplica: gpusPerReplica(part.shape) },
    networkRttMs: part.rttMs,
    monthlyOutputTokens: Math.round(tokens),
  };
  return { report, issues: out.issues, priced };
}

/** PUE of owned data-centre devices when the file gives none. */
function onPremPue(ctx: EvaluationContext): { value: number; source: string } {
  return ctx.defaults.pue !== undefined ? { value: ctx.defaults.pue, source: 'setting llmSizing.defaults.pue' } : { value: REFERENCE.pue.value, source: 'industry-average reference, Uptime Institute 2024' };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list.filter(Boolean))];
}

/** The x range of curves: 1.5 × peak for rate workloads, 1.2 × what the replicas sustain otherwise. */
function curveMax(load: LoadProfile, parts: Array<{ part: PartFinal; groups: number }>): number {
  if (load.kind === 'rate') return load.peak * 1.5;
  return 1.2 * parts.reduce((a, p) => a + p.part.saturation * p.part.replicas * p.groups, 0);
}

/** Placement-wide throughput: tokens/s at peak, sustainable rate, and goodput (rate workloads). */
function throughputOf(parts: Array<PartFinal & { groups?: number }>, kind: LoadKind, tokensAtPeak: number): PlacementReport['throughput'] {
  const groups = (p: PartFinal & { groups?: number }) => p.groups ?? 1;
  const maxRps = parts.reduce((a, p) => a + p.saturation * p.replicas * groups(p), 0);
  const goodput = kind === 'rate' ? parts.reduce((a, p) => a + (p.fits ? p.capacity : 0) * p.replicas * groups(p), 0) : undefined;
  return {
    outputTokensPerSecond: r1(tokensAtPeak),
    maxRequestsPerSecond: r3(maxRps),
    ...(goodput !== undefined ? { goodputRequestsPerSecond: r3(goodput) } : {}),
  };
}

/** edge: sites × devicesPerSite devices, each site serving its share. */
function edge(ctx: EvaluationContext, placement: Extract<Placement, { type: 'edge' }>, path: Path, target: PartTarget): PlacementEvaluation {
  const sites = placement.sites;
  const devicesPerSite = placement.devicesPerSite ?? 1;
  const per = placement.perSite;
  const w = ctx.deployment.workload;
  const assumptions = [...baseAssumptions(ctx)];
  let siteLoad: LoadProfile;
  if (per && (per.peakRequestsPerSecond !== undefined || per.averageRequestsPerSecond !== undefined || per.concurrency !== undefined)) {
    siteLoad = dailyLoad({
      ...(per.peakRequestsPerSecond !== undefined ? { peakRequestsPerSecond: per.peakRequestsPerSecond } : {}),
      ...(per.averageRequestsPerSecond !== undefined ? { averageRequestsPerSecond: per.averageRequestsPerSecond } : {}),
      ...(per.concurrency !== undefined ? { concurrency: per.concurrency } : {}),
      ...(w.dailyProfile ? { dailyProfile: w.dailyProfile } : {}),
    });
    assumptions.push(`each of ${sites} sites serves its perSite load (${loadText(siteLoad.kind, siteLoad.peak)} at peak)`);
    assumptions.push(...siteLoad.assumptions.map((a) => `per site: ${a}`));
  } else {
    siteLoad = scaleLoad(ctx.load, 1 / sites);
    assumptions.push(`the workload is split evenly over ${sites} sites: ${loadText(siteLoad.kind, siteLoad.peak)} per site at peak`);
  }
  const kind = siteLoad.kind;
  const planned = planPart(ctx, target, 'edge', kind, siteLoad.peak, { devicesPerSite });
  if (!planned.ok) return cannotEstimate(placement, path, planned.error);
  const plan = planned.plan;
  const part = finishPart(ctx, plan, kind, siteLoad.peak / plan.replicas);
  assumptions.push(...plan.assumptions);
  const out: Outcome = { reasons: [], issues: [] };
  const devices = sites * devicesPerSite;
  const perReplicaDevices = gpusPerReplica(plan.shape);
  const where = `${loadText(kind, siteLoad.peak)} per site`;
  if (!part.fits) fitIssue(ctx, out, part, '', undefined);
  else {
    const devicesPath: Path | undefined = placement.devicesPerSite !== undefined && plan.target.gpus !== 'auto' ? [...path, 'devicesPerSite'] : undefined;
    const miss = sloMiss(ctx, part, kind, where);
    if (miss) {
      // The fix for an edge site: more devices per site (whole replicas).
      out.reasons.push(miss.sentence);
      const needed = replicasFor(siteLoad.peak, part.capacity);
      const n = needed !== undefined ? needed * perReplicaDevices : undefined;
      out.issues.push({
        code: 'sloMissed',
        path: devicesPath ?? [...path, 'hardware'],
        message: `${miss.sentence}.${n !== undefined ? ` ${n} devices per site would meet it.` : part.capacity <= 0 ? ' No number of devices of this kind meets it.' : ''}`,
        related: sloRelated(ctx, miss.which),
        ...(n !== undefined && devicesPath ? { fix: { title: `Set devicesPerSite to ${n}`, set: [{ path: devicesPath, value: String(n) }] } } : {}),
      });
    }
  }

  const memo = new Map<number, number>();
  const tokensHourly = siteLoad.hourly.map((l) => sites * tokensPerSecond(ctx, plan, kind, l, memo));
  const tokens = monthlyTokens(tokensHourly);
  const cost = ownedCost({ hardware: target.hardware, devices, utilizationByHour: utilization(plan, kind, siteLoad.hourly), ...(placement.costs ? { costs: placement.costs } : {}), defaultPue: { value: EDGE_DEFAULT_PUE, source: 'edge default: a device in an office or shop, no facility overhead' }, defaults: ctx.defaults });
  assumptions.push(...cost.assumptions);
  if (cost.missingPrice) priceIssue(out, target, '', 'capex');
  constraintChecks(ctx, path, out, cost.monthlyUsd, !cost.missingPrice, cost.peakKw, { leaves: false, share: 0, kind: 'edge' }, assumptions);
  if (plan.auto && part.fits && !out.reasons.some((r) => /SLO|overloaded|RTT/.test(r))) autoIssue(out, part, '', perReplicaDevices, `the SLO is met at ${where}`);

  let curve: LoadPoint[] = [];
  if (ctx.curve && part.fits) {
    // One model for the whole curve; its x axis is the total over sites, each site carries its share.
    const siteAt = curveSampler(ctx, part);
    curve = buildCurve(curveMax(scaleLoad(siteLoad, sites), [{ part, groups: sites }]), (x) => siteAt(x / sites), bandRatios(part));
  }
  const report: PlacementReport = {
    name: placement.name, type: 'edge', verdict: out.reasons.length ? 'fail' : 'pass', reasons: out.reasons,
    hardware: target.hardwareId, gpus: sites * plan.replicas * perReplicaDevices, gpusAuto: plan.auto, replicas: sites * plan.replicas, devices,
    engine: target.engine.id, weights: part.request.weights.id, kvCache: part.request.kvCache.id,
    memory: part.memory,
    latency: { ttftMs: part.latency.ttftMs, tpotMs: part.latency.tpotMs },
    throughput: throughputOf([{ ...part, groups: sites }], kind, sites * tokensPerSecond(ctx, plan, kind, siteLoad.peak, memo)),
    cost: { monthlyUsd: r2(cost.monthlyUsd), usdPerMillionOutputTokens: r3(usdPerMillionTokens(cost.monthlyUsd, tokens)), breakdown: cost.breakdown.map((b) => ({ item: b.item, monthlyUsd: r2(b.monthlyUsd) })) },
    power: { averageKw: r3(cost.averageKw), peakKw: r3(cost.peakKw) },
    dataLeavesPremises: false, cloudShareOfRequests: 0,
    assumptions: dedupe([...assumptions, ...part.latency.estimate.assumptions]),
    explain: part.latency.estimate.explain,
    curve,
    hardwareName: target.hardware.name,
    model: target.modelLabel,
    shape: { ...part.shape, gpusPerReplica: perReplicaDevices },
    networkRttMs: part.rttMs,
    sites,
    monthlyOutputTokens: Math.round(tokens),
  };
  return { report, issues: out.issues, priced: !cost.missingPrice };
}

/** Overflow of each hour beyond the on-prem capacity. */
function overflow(hourly: number[], capacity: number): number[] {
  return hourly.map((l) => Math.max(0, l - capacity));
}

/** hybrid: on-prem base up to its SLO capacity, cloud burst for the overflow. */
function hybrid(ctx: EvaluationContext, placement: Extract<Placement, { type: 'hybrid' }>, path: Path, onTarget: PartTarget, cloudTarget: PartTarget): PlacementEvaluation {
  const load = ctx.load;
  const kind = load.kind;
  const assumptions = [...baseAssumptions(ctx)];
  const onPlanned = planPart(ctx, onTarget, 'on-prem', kind, load.peak);
  if (!onPlanned.ok) return cannotEstimate(placement, path, `on-prem part: ${onPlanned.error}`);
  const cloudPlanned = planPart(ctx, cloudTarget, 'cloud', kind, load.peak);
  if (!cloudPlanned.ok) return cannotEstimate(placement, path, `cloud part: ${cloudPlanned.error}`);
  let on = onPlanned.plan;
  let cloud = cloudPlanned.plan;
  assumptions.push(...on.assumptions.map((a) => `on-prem part: ${a}`), ...cloud.assumptions.map((a) => `cloud part: ${a}`));
  const onAuto = onTarget.gpus === 'auto';
  const cloudAuto = cloudTarget.gpus === 'auto';

  // Replica counts (and, for `auto` without parallelism, the split): given, or solved.
  // Both auto: the cheapest split of base and burst. On-prem auto: the fewest on-prem GPUs with
  // which the given cloud part copes. Cloud auto: the fewest cloud GPUs for the peak overflow.
  const onChoices = onAuto && on.alternatives?.length ? on.alternatives : [on];
  const cloudChoices = cloudAuto && cloud.alternatives?.length ? cloud.alternatives : [cloud];
  const capOf = (p: PartPlan) => (p.fits ? p.capacity : 0);
  const cloudFor = (peakOverflow: number): { plan: PartPlan; m: number } | undefined => {
    if (!(peakOverflow > 0)) return { plan: cloudChoices[0]!, m: cloudAuto ? 0 : cloud.replicas };
    if (!cloudAuto) return capOf(cloud) > 0 && peakOverflow / cloud.replicas <= capOf(cloud) ? { plan: cloud, m: cloud.replicas } : undefined;
    let pick: { plan: PartPlan; m: number } | undefined;
    for (const c of cloudChoices) {
      const m = replicasFor(peakOverflow, capOf(c));
      if (m === undefined) continue;
      if (!pick || m * gpusPerReplica(c.shape) < pick.m * gpusPerReplica(pick.plan.shape)) pick = { plan: c, m };
    }
    return pick;
  };
  let best: { on: PartPlan; n: number; cloud: PartPlan; m: number; cost: number; onGpus: number } | undefined;
  for (const o of onChoices) {
    const cap = capOf(o);
    const upper = onAuto ? (cap > 0 ? replicasFor(load.peak, cap) ?? MAX_REPLICAS : 1) : on.replicas;
    for (let k = onAuto ? 1 : on.replicas; k <= upper; k++) {
      const c = cloudFor(Math.max(0, load.peak - k * cap));
      if (!c) continue;
      const cost = hybridCost(ctx, placement, { ...o, replicas: k }, { ...c.plan, replicas: c.m }).monthlyUsd;
      const onGpus = k * gpusPerReplica(o.shape);
      const better = !best || (onAuto && !cloudAuto ? onGpus < best.onGpus || (onGpus === best.onGpus && cost < best.cost - 1e-9) : cost < best.cost - 1e-9);
      if (better) best = { on: o, n: k, cloud: c.plan, m: c.m, cost, onGpus };
    }
  }
  let n: number;
  let m: number;
  if (best) {
    on = best.on;
    cloud = best.cloud;
    n = best.n;
    m = best.m;
  } else {
    // Nothing copes: keep what was given (auto: the on-prem part sized for the whole peak); the checks below say why.
    n = on.replicas;
    m = cloudAuto ? Math.max(1, cloud.replicas) : cloud.replicas;
  }
  on = { ...on, replicas: n };
  cloud = { ...cloud, replicas: m };
  const onCap = capOf(on);
  const cloudCap = capOf(cloud);
  const cloudReplicasFor = (k: number): number | undefined => {
    const peakOverflow = Math.max(0, load.peak - k * onCap);
    if (!(peakOverflow > 0)) return 0;
    return replicasFor(peakOverflow, cloudCap);
  };

  const onCapacity = n * onCap;
  const overflowHourly = overflow(load.hourly, onCapacity);
  const servedHourly = load.hourly.map((l, h) => l - (overflowHourly[h] as number));
  const peakOverflow = Math.max(...overflowHourly);
  const onPeak = Math.max(...servedHourly);
  const onPart = finishPart(ctx, on, kind, onPeak / Math.max(1, n));
  const cloudPart = finishPart(ctx, cloud, kind, m > 0 ? peakOverflow / m : 0);
  const total = load.hourly.reduce((a, b) => a + b, 0);
  const share = total > 0 ? overflowHourly.reduce((a, b) => a + b, 0) / total : 0;

  const out: Outcome = { reasons: [], issues: [] };
  if (!onPart.fits) fitIssue(ctx, out, onPart, 'on-prem part: ', undefined);
  if (!cloudPart.fits) fitIssue(ctx, out, cloudPart, 'cloud part: ', undefined);
  if (onPart.fits && onCap <= 0) {
    const sentence = `on-prem part: no replica of ${onTarget.hardware.name} meets the SLO at any load`;
    out.reasons.push(sentence);
    out.issues.push({ code: 'sloMissed', path: [...onTarget.path, 'hardware'], message: `${sentence}.`, related: sloRelated(ctx, 'both') });
  }
  if (cloudPart.fits && peakOverflow > 0) {
    if (m === 0 || cloudCap <= 0 || (cloudAuto && cloudReplicasFor(n) === undefined)) {
      const sentence = `cloud part: SLO unreachable for the overflow of ${loadText(kind, peakOverflow)}`;
      out.reasons.push(sentence);
      out.issues.push({ code: 'sloMissed', path: [...cloudTarget.path, 'hardware'], message: `${sentence}.`, related: sloRelated(ctx, 'both') });
    } else {
      sloIssue(ctx, out, cloudPart, kind, peakOverflow, `the peak overflow of ${loadText(kind, peakOverflow)}`, 'cloud part: ', cloudAuto ? undefined : [...cloudTarget.path, 'gpus']);
    }
  }

  const cost = hybridCost(ctx, placement, on, cloud);
  assumptions.push(...cost.assumptions);
  if (cost.onMissing) priceIssue(out, onTarget, 'on-prem part: ', 'capex');
  if (cost.cloudMissing && m > 0 && peakOverflow > 0) priceIssue(out, cloudTarget, 'cloud part: ', 'hourly');
  assumptions.push(
    peakOverflow > 0
      ? `on-prem part carries up to ${loadText(kind, onCapacity)} within the SLO; the overflow (peak ${loadText(kind, peakOverflow)}, ${(share * 100).toFixed(1)}% of requests) goes to the cloud part in ${cost.burstHours} h/day`
      : `on-prem part carries the whole load (up to ${loadText(kind, onCapacity)} within the SLO); the cloud part is not needed`,
  );
  const leaves = share > 0;
  const priced = !cost.onMissing && !(cost.cloudMissing && m > 0 && peakOverflow > 0);
  constraintChecks(ctx, path, out, cost.monthlyUsd, priced, cost.peakKw, { leaves, share, cloud: cloudTarget, cloudPath: [...path, 'cloud'], kind: 'hybrid' }, assumptions);
  const sloFailed = out.reasons.some((r) => /SLO|overloaded|RTT|does not fit/.test(r));
  if (onAuto && onPart.fits && !sloFailed) autoIssue(out, onPart, 'on-prem part: ', n * gpusPerReplica(on.shape), cloudAuto ? 'the cheapest split of base and burst' : 'the fewest that, with the cloud part, meet the SLO at peak');
  if (cloudAuto && cloudPart.fits && !sloFailed) autoIssue(out, cloudPart, 'cloud part: ', m * gpusPerReplica(cloud.shape), peakOverflow > 0 ? `the fewest that meet the SLO at the peak overflow of ${loadText(kind, peakOverflow)}` : 'the on-prem part carries the whole load within the SLO');

  const onGpus = n * gpusPerReplica(on.shape);
  const cloudGpus = m * gpusPerReplica(cloud.shape);
  const latency = peakOverflow > 0 && m > 0
    ? { ttftMs: percentilesMax(onPart.latency.ttftMs, cloudPart.latency.ttftMs), tpotMs: percentilesMax(onPart.latency.tpotMs, cloudPart.latency.tpotMs) }
    : { ttftMs: onPart.latency.ttftMs, tpotMs: onPart.latency.tpotMs };
  const memo = new Map<number, number>();
  const cloudMemo = new Map<number, number>();
  const tokensHourly = load.hourly.map((_, h) => tokensPerSecond(ctx, on, kind, servedHourly[h] as number, memo) + (m > 0 ? tokensPerSecond(ctx, cloud, kind, overflowHourly[h] as number, cloudMemo) : 0));
  const tokens = monthlyTokens(tokensHourly);
  const peakHour = load.hourly.indexOf(load.peak);
  const engines = onTarget.engine.id === cloudTarget.engine.id ? onTarget.engine.id : `${onTarget.engine.id} + ${cloudTarget.engine.id}`;

  let curve: LoadPoint[] = [];
  if (ctx.curve && onPart.fits) {
    const onAt = curveSampler(ctx, onPart);
    const cloudAt = cloudPart.fits && m > 0 ? curveSampler(ctx, cloudPart) : undefined;
    const bands = bandRatios(onPart);
    curve = buildCurve(kind === 'rate' ? load.peak * 1.5 : 1.2 * (onPart.saturation * n + cloudPart.saturation * m), (x) => {
      const a = onAt(Math.min(x, onCapacity > 0 ? onCapacity : x));
      if (x <= onCapacity || !cloudAt) return x <= onCapacity || onCapacity <= 0 ? a : { ...a, stable: false };
      const b = cloudAt(x - onCapacity);
      return { t50: Math.max(a.t50, b.t50), t95: Math.max(a.t95, b.t95), o50: Math.max(a.o50, b.o50), o95: Math.max(a.o95, b.o95), stable: a.stable && b.stable };
    }, bands);
  }

  const report: PlacementReport = {
    name: placement.name, type: 'hybrid', verdict: out.reasons.length ? 'fail' : 'pass', reasons: out.reasons,
    hardware: `${onTarget.hardwareId} + ${cloudTarget.hardwareId}`, gpus: onGpus + cloudGpus, gpusAuto: onAuto || cloudAuto, replicas: n + m, devices: onGpus + cloudGpus,
    engine: engines, weights: onPart.request.weights.id, kvCache: onPart.request.kvCache.id,
    memory: onPart.memory,
    latency,
    throughput: throughputOf([onPart, { ...cloudPart, replicas: m }], kind, peakHour >= 0 ? (tokensHourly[peakHour] as number) : 0),
    cost: { monthlyUsd: r2(cost.monthlyUsd), usdPerMillionOutputTokens: r3(usdPerMillionTokens(cost.monthlyUsd, tokens)), breakdown: cost.breakdown.map((b) => ({ item: b.item, monthlyUsd: r2(b.monthlyUsd) })) },
    power: { averageKw: r3(cost.averageKw), peakKw: r3(cost.peakKw) },
    dataLeavesPremises: leaves, cloudShareOfRequests: r3(share),
    assumptions: dedupe([...assumptions, ...onPart.latency.estimate.assumptions.map((a) => `on-prem part: ${a}`), ...(m > 0 ? cloudPart.latency.estimate.assumptions.map((a) => `cloud part: ${a}`) : [])]),
    explain: [
      ...onPart.latency.estimate.explain.map((e) => ({ ...e, quantity: `on-prem part: ${e.quantity}` })),
      ...cloudPart.latency.estimate.explain.map((e) => ({ ...e, quantity: `cloud part: ${e.quantity}` })),
    ],
    curve,
    parts: [
      { role: 'onPrem', hardware: onTarget.hardwareId, gpus: onGpus, replicas: n, memory: onPart.memory },
      { role: 'cloud', hardware: cloudTarget.hardwareId, gpus: cloudGpus, replicas: m, memory: cloudPart.memory },
    ],
    hardwareName: `${onTarget.hardware.name} + ${cloudTarget.hardware.name}`,
    model: onTarget.modelLabel,
    networkRttMs: cloudPart.rttMs,
    burstHoursPerDay: cost.burstHours,
    monthlyOutputTokens: Math.round(tokens),
  };
  return { report, issues: out.issues, priced };
}

/** Cost of a hybrid split: the owned base plus cloud GPUs in the hours with overflow. */
function hybridCost(ctx: EvaluationContext, placement: Extract<Placement, { type: 'hybrid' }>, on: PartPlan, cloud: PartPlan): { monthlyUsd: number; breakdown: CostLine[]; averageKw: number; peakKw: number; onMissing: boolean; cloudMissing: boolean; burstHours: number; assumptions: string[] } {
  const load = ctx.load;
  const onCapacity = on.replicas * (on.fits ? on.capacity : 0);
  const over = overflow(load.hourly, onCapacity);
  const served = load.hourly.map((l, h) => l - (over[h] as number));
  const owned: OwnedCost = ownedCost({
    hardware: on.target.hardware,
    devices: on.replicas * gpusPerReplica(on.shape),
    utilizationByHour: utilization(on, load.kind, served),
    ...(placement.onPrem.costs ? { costs: placement.onPrem.costs } : {}),
    defaultPue: onPremPue(ctx),
    defaults: ctx.defaults,
    label: 'on-prem part: ',
  });
  const burstHours = over.filter((o) => o > 1e-12).length;
  const cloudGpus = cloud.replicas * gpusPerReplica(cloud.shape);
  const rented = rentedCost({
    hardware: cloud.target.hardware,
    gpus: cloudGpus,
    billedHoursPerDay: cloudGpus > 0 ? burstHours : 0,
    ...(cloud.target.usdPerGpuHour !== undefined ? { usdPerGpuHour: cloud.target.usdPerGpuHour } : {}),
    label: 'cloud part: ',
    billingNote: `billed only in the ${burstHours} h/day with overflow`,
  });
  return {
    monthlyUsd: owned.monthlyUsd + rented.monthlyUsd,
    breakdown: [...owned.breakdown, ...rented.breakdown],
    averageKw: owned.averageKw,
    peakKw: owned.peakKw,
    onMissing: owned.missingPrice,
    cloudMissing: rented.missingPrice,
    burstHours,
    assumptions: [...owned.assumptions, ...rented.assumptions],
  };
}
