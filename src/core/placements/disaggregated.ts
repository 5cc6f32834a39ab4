/**
 * Disaggregated on-prem and cloud placements (issue 20): `disaggregation: {prefill, decode,
 * kvTransfer}` — or `auto`, which searches the layout — estimated at the peak load by
 * estimate/disaggregated.ts, checked against the SLO, costed for all its GPUs like any single-part
 * placement, and compared with the aggregated alternative on the same GPUs
 * (estimate/disaggregationGain.ts). docs/disaggregation.md.
 */
import type { Path } from '../parse/paths';
import type { Placement } from '../schema/deployment';
import { estimateDisaggregated, type DisaggregatedRequest, type DisaggregatedResult } from '../estimate/disaggregated';
import { compareWithAggregated, latencyAtPercentile } from '../estimate/disaggregationGain';
import { defaultKvConnector, defaultLinkGbps, type KvLink } from '../estimate/kvTransfer';
import type { EngineEntry } from '../catalog/types';
import type { BandedPercentiles, EstimateRequest } from '../estimate/types';
import { comparisonFields, disaggregationLayout } from '../report/disaggregation';
import type { DisaggregationReport, DisaggregationRoleReport, LatencyPercentiles } from '../report/types';
import { baseAssumptions, type EvaluationContext } from './context';
import { sloRelated, type Outcome } from './findings';
import { loadText, r1, r2, r3 } from './numbers';
import { monthlyTokens } from './partEconomics';
import { finishPart, type PartFinal, type PartPlan } from './parts';
import { assembleReport, cannotEstimate, type PlacementEvaluation } from './placementReport';
import {
  candidateShapes,
  fitOf,
  gpusPerReplica,
  modelOf,
  resolveShape,
  withDecodeContextShapes,
  type Shape,
} from './sizing';
import { costChecks, type SinglePartEconomics } from './singlePart';
import type { PartTarget } from './targets';

type DisaggregatedPlacement = Extract<Placement, { type: 'on-prem' | 'cloud' }>;

/** A layout: workers and the shape of one worker per role. */
interface Layout {
  prefill: { workers: number; shape: Shape };
  decode: { workers: number; shape: Shape };
}

const shapeOf = (
  p: { tensor?: number; pipeline?: number; expert?: number; data?: number; decodeContext?: number } | undefined,
  gpus: number,
): Shape => ({
  tensor: p?.tensor ?? (p ? 1 : gpus),
  pipeline: p?.pipeline ?? 1,
  expert: p?.expert ?? 1,
  data: p?.data ?? 1,
  ...(p?.decodeContext !== undefined ? { decodeContext: p.decodeContext } : {}),
});

/**
 * The KV link as written, else the placement's `network`, else InfiniBand at its typical speed;
 * the connector as written, else the engine's default (`defaultKvConnector`).
 */
function linkOf(placement: DisaggregatedPlacement, engine: EngineEntry): KvLink {
  const d = placement.disaggregation;
  const written = typeof d === 'object' ? d.kvTransfer : undefined;
  const kind = written?.link?.kind ?? placement.network?.kind ?? 'infiniband';
  const gbps = written?.link?.gbps ?? (written?.link?.kind ? undefined : placement.network?.gbpsPerGpu);
  const connector = written?.connector ?? defaultKvConnector(engine);
  return { connector, kind, ...(gbps !== undefined ? { gbpsPerGpu: gbps } : {}) };
}

/** Resolved engine requests of both roles at the deployment's request lengths (nominal load). */
function roleRequests(
  ctx: EvaluationContext,
  target: PartTarget,
  layout: Layout,
): { prefill: EstimateRequest; decode: EstimateRequest } | string {
  const prefill = roleRequestFor(ctx, target, layout.prefill.shape);
  if (typeof prefill === 'string') return `prefill workers: ${prefill}`;
  const decode = roleRequestFor(ctx, target, layout.decode.shape);
  if (typeof decode === 'string') return `decode workers: ${decode}`;
  return { prefill, decode };
}

function requestOf(
  ctx: EvaluationContext,
  target: PartTarget,
  layout: Layout,
  link: KvLink,
  load: number,
): DisaggregatedRequest | string {
  const r = roleRequests(ctx, target, layout);
  if (typeof r === 'string') return r;
  return {
    prefill: { workers: layout.prefill.workers, request: r.prefill },
    decode: { workers: layout.decode.workers, request: r.decode },
    link,
    load: ctx.load.kind === 'rate' ? { requestsPerSecond: load } : { concurrency: load },
  };
}

/** Whether a disaggregated estimate meets the SLO at its percentile. */
function meetsSlo(ctx: EvaluationContext, r: DisaggregatedResult, rttMs: number): boolean {
  if (!r.fits || !r.stable) return false;
  const at = (p: BandedPercentiles) => latencyAtPercentile(p, ctx.slo.percentile).value;
  if (ctx.slo.ttftMs !== undefined && at(r.latency.ttftMs) + rttMs > ctx.slo.ttftMs) return false;
  if (ctx.slo.tpotMs !== undefined && at(r.latency.tpotMs) > ctx.slo.tpotMs) return false;
  return true;
}

/** Tensor degrees a role may use: those `gpus: auto` tries (dividing the heads), within one node. */
function degrees(ctx: EvaluationContext, target: PartTarget): Shape[] {
  return candidateShapes({ ...target, parallelism: undefined } as PartTarget, ctx.catalog).filter(
    (s) => s.pipeline === 1 && s.tensor <= 8,
  );
}

/**
 * `disaggregation: auto`: every pair of worker shapes (tensor 1, 2, 4, 8 dividing the heads) and
 * every split of the GPUs into whole prefill and decode workers, keeping the layout that meets the
 * SLO at the peak with the most capacity per GPU. With `gpus: auto`, for each pair of shapes the
 * fewest workers of each role that meet it (from the roles' capacities upwards), keeping the
 * fewest GPUs. The engine model of each worker shape is built once (memory and step times do not
 * depend on the worker counts), so a layout costs only its queueing.
 */
function searchLayout(
  ctx: EvaluationContext,
  target: PartTarget,
  link: KvLink,
  gpus: number | 'auto',
  rttMs: number,
): { layout: Layout; estimate: DisaggregatedResult } | string {
  const peak = ctx.load.peak;
  const workerShapes = (shapes: Shape[]) =>
    shapes
      .map((shape) => ({ shape, request: roleRequestFor(ctx, target, shape) }))
      .filter((c): c is { shape: Shape; request: EstimateRequest } => typeof c.request !== 'string')
      .map((c) => ({ ...c, model: modelOf(ctx.cache, c.request) }))
      .filter((c) => c.model.mem.fits);
  const shapes = degrees(ctx, target);
  const candidates = workerShapes(shapes);
  if (!candidates.length) return 'no worker shape holds the model';
  // Decode workers may also shard their KV copies by token (vLLM -dcp): more sequences a worker.
  // Tried after the plain shapes, so a tie keeps the plain one; prefill gains nothing from it.
  const decodeCandidates = [
    ...candidates,
    ...workerShapes(
      withDecodeContextShapes(shapes, { ...target, parallelism: undefined } as PartTarget, ctx.catalog).filter(
        (s) => (s.decodeContext ?? 1) > 1,
      ),
    ),
  ];
  const load = ctx.load.kind === 'rate' ? { requestsPerSecond: peak } : { concurrency: peak };
  const estimateOf = (p: (typeof candidates)[number], pw: number, d: (typeof candidates)[number], dw: number) =>
    estimateDisaggregated(
      {
        prefill: { workers: pw, request: p.request },
        decode: { workers: dw, request: d.request },
        link,
        load,
      },
      undefined,
      { prefill: p.model, decode: d.model },
    );
  let best: { layout: Layout; estimate: DisaggregatedResult; gpus: number; score: number } | undefined;
  // With fixed GPUs and no layout meeting the SLO: the one that sustains the most (its miss is reported).
  let strongest: { layout: Layout; estimate: DisaggregatedResult } | undefined;
  /** Estimates a layout and keeps it when it is the best so far; whether it meets the SLO, and its estimate. */
  const consider = (p: (typeof candidates)[number], pw: number, d: (typeof candidates)[number], dw: number) => {
    const est = estimateOf(p, pw, d, dw);
    if (est.fits && (!strongest || est.capacityRequestsPerSecond > strongest.estimate.capacityRequestsPerSecond))
      strongest = {
        layout: { prefill: { workers: pw, shape: p.shape }, decode: { workers: dw, shape: d.shape } },
        estimate: est,
      };
    if (!meetsSlo(ctx, est, rttMs)) return { meets: false, est };
    const used = pw * gpusPerReplica(p.shape) + dw * gpusPerReplica(d.shape);
    // Capacity per GPU (3 significant digits), then the larger latency slack against the SLO.
    const score = Number((est.capacityRequestsPerSecond / used).toPrecision(3)) + 1e-6 * slack(ctx, est, rttMs);
    const better =
      !best || (gpus === 'auto' ? used < best.gpus || (used === best.gpus && score > best.score) : score > best.score);
    if (better)
      best = {
        layout: { prefill: { workers: pw, shape: p.shape }, decode: { workers: dw, shape: d.shape } },
        estimate: est,
        gpus: used,
        score,
      };
    return { meets: true, est };
  };
  for (const p of candidates)
    for (const d of decodeCandidates) {
      const pg = gpusPerReplica(p.shape);
      const dg = gpusPerReplica(d.shape);
      if (gpus !== 'auto') {
        for (let pw = 1; pw * pg + dg <= gpus; pw++) consider(p, pw, d, Math.floor((gpus - pw * pg) / dg));
        continue;
      }
      // The fewest workers: start where each role's capacity covers the peak, add the one that limits.
      const one = estimateOf(p, 1, d, 1);
      if (!one.fits) continue;
      let pw = Math.max(
        1,
        Math.ceil((ctx.load.kind === 'rate' ? peak : 0) / Math.max(1e-9, one.prefill.capacityRequestsPerSecond)),
      );
      let dw = Math.max(
        1,
        Math.ceil((ctx.load.kind === 'rate' ? peak : 0) / Math.max(1e-9, one.decode.capacityRequestsPerSecond)),
      );
      for (let i = 0; i < 64 && pw * pg + dw * dg <= MAX_AUTO_GPUS; i++) {
        const { meets, est } = consider(p, pw, d, dw);
        if (meets) break;
        if (est.bottleneck === 'prefill' || est.prefill.utilization > est.decode.utilization) pw++;
        else dw++;
      }
    }
  const found = best as { layout: Layout; estimate: DisaggregatedResult } | undefined;
  if (found) return { layout: found.layout, estimate: found.estimate };
  const fallback = strongest as { layout: Layout; estimate: DisaggregatedResult } | undefined;
  if (gpus !== 'auto' && fallback) return fallback;
  return gpus === 'auto'
    ? `no layout of up to ${MAX_AUTO_GPUS} GPUs meets the SLO at the peak`
    : `no split of the ${gpus} GPUs into prefill and decode workers meets the SLO at the peak`;
}

/** The smaller relative slack of TTFT and TPOT against their objectives at the SLO percentile (0–1). */
function slack(ctx: EvaluationContext, r: DisaggregatedResult, rttMs: number): number {
  const rel = (v: number, limit: number | undefined) => (limit === undefined ? 1 : Math.max(0, (limit - v) / limit));
  return Math.min(
    rel(latencyAtPercentile(r.latency.ttftMs, ctx.slo.percentile).value + rttMs, ctx.slo.ttftMs),
    rel(latencyAtPercentile(r.latency.tpotMs, ctx.slo.percentile).value, ctx.slo.tpotMs),
  );
}

/** Most GPUs `gpus: auto` with `disaggregation: auto` tries. */
const MAX_AUTO_GPUS = 1024;

/** One worker's engine request at the deployment's request lengths, or why it cannot be resolved. */
function roleRequestFor(ctx: EvaluationContext, target: PartTarget, shape: Shape): EstimateRequest | string {
  const { inputTokens, outputTokens } = ctx.deployment.workload;
  const r = resolveShape(target, shape, 'rate', inputTokens, outputTokens, 1, ctx.catalog);
  return r.ok ? r.request : r.error;
}

const percentiles = (p: { p50: number; p95: number }): LatencyPercentiles => ({ p50: r2(p.p50), p95: r2(p.p95) });

const banded = (p: BandedPercentiles, percentile: number, unbounded: boolean): LatencyPercentiles => ({
  p50: r2(p.p50.value),
  p95: r2(p.p95.value),
  ...(percentile !== 50 && percentile !== 95 ? { atSlo: r2(latencyAtPercentile(p, percentile).value) } : {}),
  band: { p95Low: r2(p.p95.low), p95High: r2(p.p95.high) },
  ...(unbounded ? { unbounded: true } : {}),
});

/** "6P×TP2 + 1D×TP4 on 16× H100 SXM5 80GB · KV 7.9 GB/s, 2% of the link". */
const layoutText = (layout: string, gpus: number, hardware: string, t: DisaggregatedResult['kvTransfer']): string => {
  const perLinkGBps = t.linkBytesPerSecond > 0 ? (t.linkUtilization * t.linkBytesPerSecond) / 1e9 : 0;
  return `${layout} on ${gpus}× ${hardware} · KV ${perLinkGBps >= 10 ? perLinkGBps.toFixed(0) : perLinkGBps.toFixed(1)} GB/s, ${Math.round(t.linkUtilization * 100)}% of the link`;
};

/** Evaluates an on-prem or cloud placement with `disaggregation`. */
export function evaluateDisaggregated(
  ctx: EvaluationContext,
  placement: DisaggregatedPlacement,
  path: Path,
  target: PartTarget,
  economics: SinglePartEconomics,
  rttMs: number,
  rttAssumption: string | undefined,
): PlacementEvaluation {
  const written = placement.disaggregation!;
  const link = linkOf(placement, target.engine);
  const load = ctx.load;
  const auto = written === 'auto';
  const found = auto ? searchLayout(ctx, target, link, placement.gpus, rttMs) : undefined;
  if (typeof found === 'string') return cannotEstimate(placement, path, found);
  const layout: Layout =
    written === 'auto'
      ? found!.layout
      : {
          prefill: {
            workers: written.prefill.workers,
            shape: shapeOf(written.prefill.parallelism, written.prefill.gpus),
          },
          decode: { workers: written.decode.workers, shape: shapeOf(written.decode.parallelism, written.decode.gpus) },
        };
  const req = requestOf(ctx, target, layout, link, load.peak);
  if (typeof req === 'string') return cannotEstimate(placement, path, req);
  const est = found?.estimate ?? estimateDisaggregated(req);
  // The placement owns (or rents) the GPUs it states; a searched layout may leave some idle.
  const gpus = typeof placement.gpus === 'number' ? Math.max(placement.gpus, est.gpus) : est.gpus;
  const idle = gpus - est.gpus;
  const shape = disaggregationLayout({
    prefill: { workers: layout.prefill.workers, parallelism: layout.prefill.shape },
    decode: { workers: layout.decode.workers, parallelism: layout.decode.shape },
  });
  const hardwareName = target.hardware.name.replace(/^(?:NVIDIA|AMD) /, '');
  const headline = layoutText(shape, gpus, hardwareName, est.kvTransfer);
  const out: Outcome = { reasons: [], issues: [] };
  const rolePath = (role: 'prefill' | 'decode'): Path =>
    auto ? [...path, 'disaggregation'] : [...path, 'disaggregation', role, 'gpus'];

  // The two roles as parts (memory per GPU of each; the decode part leads the report).
  const part = (role: 'prefill' | 'decode'): PartFinal => {
    const r = role === 'prefill' ? req.prefill : req.decode;
    const plan: PartPlan = {
      target,
      kind: placement.type,
      shape: layout[role].shape,
      replicas: r.workers,
      capacity: (role === 'prefill' ? est.prefill : est.decode).capacityRequestsPerSecond / r.workers,
      fits: fitOf(ctx.cache, r.request).fits,
      rttMs,
      auto,
      unreachable: false,
      request: r.request,
      saturation: (role === 'prefill' ? est.prefill : est.decode).capacityRequestsPerSecond / r.workers,
      maxBatch: fitOf(ctx.cache, r.request).maxBatch,
      assumptions: [],
    };
    return finishPart(ctx, plan, load.kind, load.peak / r.workers);
  };
  const prefillPart = part('prefill');
  const decodePart = part('decode');
  for (const [role, p] of [
    ['prefill', prefillPart],
    ['decode', decodePart],
  ] as const) {
    if (p.fits) continue;
    const sentence = `${role} workers do not fit: ${p.fitReason ?? 'no room for the KV cache of one request'}`;
    out.reasons.push(sentence);
    out.issues.push({
      code: 'placementDoesNotFit',
      path: rolePath(role),
      message: `${sentence} (${shapeTextOf(layout[role].shape)} on ${target.hardware.name}). Give each ${role} worker more GPUs (tensor parallel) or use a smaller weight format.`,
    });
  }
  const where = loadText(load.kind, load.peak);
  if (est.fits) {
    if (!est.stable) {
      const sentence = `the ${est.bottleneck} workers cannot keep up at ${where}: they sustain ${r3(est.capacityRequestsPerSecond)} requests/s`;
      out.reasons.push(sentence);
      out.issues.push({
        code: 'sloMissed',
        path: rolePath(est.bottleneck),
        message: `${sentence}. Add ${est.bottleneck} workers.`,
        related: sloRelated(ctx, 'both'),
      });
    } else if (!meetsSlo(ctx, est, rttMs)) {
      const ttft = latencyAtPercentile(est.latency.ttftMs, ctx.slo.percentile).value + rttMs;
      const tpot = latencyAtPercentile(est.latency.tpotMs, ctx.slo.percentile).value;
      const misses = [
        ctx.slo.ttftMs !== undefined && ttft > ctx.slo.ttftMs
          ? `TTFT p${ctx.slo.percentile} ${Math.round(ttft)} ms > ${ctx.slo.ttftMs} ms`
          : undefined,
        ctx.slo.tpotMs !== undefined && tpot > ctx.slo.tpotMs
          ? `TPOT p${ctx.slo.percentile} ${r1(tpot)} ms > ${ctx.slo.tpotMs} ms`
          : undefined,
      ].filter(Boolean);
      const sentence = `SLO missed at ${where}: ${misses.join(', ')}`;
      out.reasons.push(sentence);
      out.issues.push({
        code: 'sloMissed',
        path: rolePath(ttft > (ctx.slo.ttftMs ?? Infinity) ? 'prefill' : 'decode'),
        message: `${sentence} (${est.bottleneck} workers are the bottleneck; TTFT includes ${r1(est.kvTransfer.ms)} ms of KV transfer).`,
        related: sloRelated(ctx, 'both'),
      });
    }
  }
  if (est.kvTransfer.linkUtilization > 0.8) {
    const sentence = `the KV transfer saturates the ${link.kind} link: ${Math.round(est.kvTransfer.linkUtilization * 100)}% of the prefill GPUs' bandwidth at ${where}`;
    out.reasons.push(sentence);
    out.issues.push({
      code: 'sloMissed',
      path: auto ? [...path, 'disaggregation'] : [...path, 'disaggregation', 'kvTransfer'],
      message: `${sentence}; transfers queue and TTFT grows beyond the estimate. Use a faster link, fewer prefill tokens per request (prefix caching), or fewer, larger prefill workers.`,
    });
  }

  // `auto`: the searched layout as information, with the fix that writes it (and a solved gpus) into the file.
  if (auto && est.fits) {
    const roleYaml = (r: Layout['prefill']) =>
      `{workers: ${r.workers}, gpus: ${gpusPerReplica(r.shape)}, parallelism: {tensor: ${r.shape.tensor}${(r.shape.decodeContext ?? 1) > 1 ? `, decodeContext: ${r.shape.decodeContext}` : ''}}}`;
    const layoutYaml = `{prefill: ${roleYaml(layout.prefill)}, decode: ${roleYaml(layout.decode)}}`;
    out.issues.push({
      code: 'gpusAutoSolved',
      path: [...path, 'disaggregation'],
      message: `disaggregation: auto → ${shape} on ${gpus}× ${hardwareName}: the layout that meets the SLO at ${where} with the most capacity per GPU${placement.gpus === 'auto' ? ` (the fewest GPUs: ${est.gpus})` : ''}.`,
      fix: {
        title: `Write the layout ${shape}`,
        set: [
          { path: [...path, 'disaggregation'], value: layoutYaml },
          ...(placement.gpus === 'auto' || placement.gpus !== est.gpus
            ? [{ path: [...path, 'gpus'], value: String(est.gpus) }]
            : []),
        ],
      },
    });
  }

  // Economics: every GPU of both roles, at the hour's share of the deployment's capacity.
  const plan: PartPlan = {
    ...decodePart,
    replicas: 1,
    saturation: est.capacityRequestsPerSecond,
    capacity: est.capacityRequestsPerSecond,
  };
  const cost = economics(ctx, plan, gpus);
  const { priced, leaves } = costChecks(ctx, placement, path, target, out, cost);
  const outTps = (rps: number) => Math.min(rps, est.capacityRequestsPerSecond) * ctx.deployment.workload.outputTokens;
  const hourlyTokens = load.hourly.map((l) =>
    load.kind === 'rate' ? outTps(l) : l > 0 ? est.outputTokensPerSecond.value * (l / load.peak) : 0,
  );

  // The aggregated alternative: the best of the worker shapes auto would try, on the same GPUs.
  const aggregatedShapes = degrees(ctx, target)
    .map((shape) => roleRequestFor(ctx, target, shape))
    .filter((r): r is EstimateRequest => typeof r !== 'string' && fitOf(ctx.cache, r).fits);
  const innerSlo = { ...ctx.slo, ...(ctx.slo.ttftMs !== undefined ? { ttftMs: ctx.slo.ttftMs - rttMs } : {}) };
  const comparison = compareWithAggregated(
    req,
    innerSlo,
    undefined,
    aggregatedShapes.length ? aggregatedShapes : [req.decode.request],
  );
  const unbounded = !est.stable;
  const role = (name: 'prefill' | 'decode', p: PartFinal): DisaggregationRoleReport => {
    const r = name === 'prefill' ? est.prefill : est.decode;
    return {
      workers: r.workers,
      gpus: r.gpusPerWorker,
      parallelism: { ...layout[name].shape },
      requestsPerSecond: r3(r.capacityRequestsPerSecond),
      utilization: r3(r.utilization),
      ttftMs: percentiles(r.ttftMs),
      tpotMs: percentiles(r.tpotMs),
      memory: p.memory,
    };
  };
  const disaggregation: DisaggregationReport = {
    prefill: role('prefill', prefillPart),
    decode: role('decode', decodePart),
    kvTransfer: {
      connector: link.connector,
      link: { kind: link.kind, gbpsPerGpu: link.gbpsPerGpu ?? defaultLinkGbps(link.kind, target.hardware) },
      bytesPerRequest: Math.round(est.kvTransfer.bytesPerRequest),
      ms: r2(est.kvTransfer.ms),
      linkUtilization: r3(est.kvTransfer.linkUtilization),
    },
    bottleneck: est.bottleneck,
    auto,
    headline,
  };
  const assumptions = [
    ...baseAssumptions(ctx),
    ...target.assumptions,
    ...(rttAssumption ? [rttAssumption] : []),
    ...(auto
      ? [
          `disaggregation: auto chose ${headline}${idle > 0 ? `; ${idle} of the ${gpus} GPUs stay idle (no whole worker fits them better)` : ''}`,
        ]
      : []),
    ...est.assumptions,
    `aggregated alternative: ${comparison.aggregated.replicas} replica(s) of ${comparison.aggregated.gpusPerReplica} GPU(s) (the engine shape that serves the most within the SLO) on the same ${gpus} GPUs: ${comparison.headline}`,
    ...cost.assumptions,
  ];
  return assembleReport({
    placement,
    outcome: out,
    lead: decodePart,
    hardware: target.hardwareId,
    hardwareName: target.hardware.name,
    model: target.modelLabel,
    engine: target.engine.id,
    gpus,
    gpusAuto: placement.gpus === 'auto',
    replicas: 1,
    devices: gpus,
    latency: {
      ttftMs: banded(
        {
          p50: { ...est.latency.ttftMs.p50, value: est.latency.ttftMs.p50.value + rttMs },
          p95: { ...est.latency.ttftMs.p95, value: est.latency.ttftMs.p95.value + rttMs },
        },
        ctx.slo.percentile,
        unbounded,
      ),
      tpotMs: banded(est.latency.tpotMs, ctx.slo.percentile, unbounded),
    },
    throughput: {
      outputTokensPerSecond: r1(est.outputTokensPerSecond.value),
      maxRequestsPerSecond: r3(est.capacityRequestsPerSecond),
      ...(load.kind === 'rate' ? { goodputRequestsPerSecond: r3(comparison.disaggregatedGoodput) } : {}),
    },
    cost,
    monthlyOutputTokens: monthlyTokens(hourlyTokens),
    dataLeavesPremises: leaves,
    cloudShareOfRequests: leaves ? 1 : 0,
    assumptions,
    explain: decodePart.latency.estimate.explain,
    curve: [],
    shape: layout.decode.shape,
    networkRttMs: rttMs,
    priced,
    disaggregation: {
      disaggregation,
      ...comparisonFields(comparison, rttMs),
    },
  });
}

function shapeTextOf(s: Shape): string {
  return `tensor ${s.tensor}${s.pipeline > 1 ? ` × pipeline ${s.pipeline}` : ''}${s.data > 1 ? ` × data ${s.data}` : ''}`;
}
