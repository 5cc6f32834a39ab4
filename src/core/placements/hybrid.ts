/**
 * hybrid: an owned on-prem base serves up to its SLO capacity (goodput × replicas); the overflow
 * of each hour bursts to a rented cloud part, billed only in hours with overflow, which must meet
 * the SLO at the peak overflow. With `gpus: auto` the split is solved (solveHybridSplit).
 */
import type { Path } from '../parse/paths';
import type { LoadPoint } from '../report/types';
import type { Placement } from '../schema/deployment';
import { baseAssumptions, type EvaluationContext } from './context';
import { bandRatios, buildCurve, curveSampler } from './curves';
import { autoIssue, constraintChecks, fitIssue, priceIssue, sloIssue, sloRelated, type Outcome } from './findings';
import { formatShare } from '../report/format';
import { loadText } from './numbers';
import { hybridCost, monthlyTokens, overflow, tokensPerSecond } from './partEconomics';
import { finishPart, planPart, type PartPlan } from './parts';
import {
  assembleReport,
  cannotEstimate,
  percentilesMax,
  throughputOf,
  type PlacementEvaluation,
} from './placementReport';
import { gpusPerReplica, replicasFor, solveHybridSplit } from './sizing';
import type { PartTarget } from './targets';
import type { SloSpec } from './slo';
import { bandRatios as calibratedBandRatios } from '../estimate/bands';
import { calibration } from '../estimate/calibration';
import { formatMs, formatPercentile } from '../report/format';

/** hybrid: on-prem base up to its SLO capacity, cloud burst for the overflow. */
export function evaluateHybrid(
  ctx: EvaluationContext,
  placement: Extract<Placement, { type: 'hybrid' }>,
  path: Path,
  onTarget: PartTarget,
  cloudTarget: PartTarget,
): PlacementEvaluation {
  const load = ctx.load;
  const kind = load.kind;
  const assumptions = [...baseAssumptions(ctx)];
  // The base is filled only up to the load where the pessimistic end of its latency band still
  // meets the SLO: a router cannot hold the base exactly at the limit (burstHeadroom).
  const headroom = burstHeadroom();
  const onPlanned = planPart({ ...ctx, slo: headroom.slo(ctx.slo) }, onTarget, 'on-prem', kind, load.peak);
  if (!onPlanned.ok) return cannotEstimate(placement, path, `on-prem part: ${onPlanned.error}`);
  const cloudPlanned = planPart(ctx, cloudTarget, 'cloud', kind, load.peak);
  if (!cloudPlanned.ok) return cannotEstimate(placement, path, `cloud part: ${cloudPlanned.error}`);
  let on = onPlanned.plan;
  let cloud = cloudPlanned.plan;
  assumptions.push(
    ...on.assumptions.map((a) => `on-prem part: ${a}`),
    ...cloud.assumptions.map((a) => `cloud part: ${a}`),
  );
  assumptions.push(headroom.assumption(ctx.slo));
  const onAuto = onTarget.gpus === 'auto';
  const cloudAuto = cloudTarget.gpus === 'auto';

  // Replica counts (and, for `auto` without parallelism, the split): given, or solved (sizing.ts).
  const split = solveHybridSplit(
    load.peak,
    { given: on, auto: onAuto, choices: onAuto && on.alternatives?.length ? on.alternatives : [on] },
    { given: cloud, auto: cloudAuto, choices: cloudAuto && cloud.alternatives?.length ? cloud.alternatives : [cloud] },
    (o, c) => hybridCost(ctx, placement, o, c).monthlyUsd,
  );
  const capOf = (p: PartPlan) => (p.fits ? p.capacity : 0);
  let n: number;
  let m: number;
  if (split) {
    on = split.on;
    cloud = split.cloud;
    n = split.n;
    m = split.m;
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
    out.issues.push({
      code: 'sloMissed',
      path: [...onTarget.path, 'hardware'],
      message: `${sentence}.`,
      related: sloRelated(ctx, 'both'),
    });
  }
  if (cloudPart.fits && peakOverflow > 0) {
    if (m === 0 || cloudCap <= 0 || (cloudAuto && cloudReplicasFor(n) === undefined)) {
      const sentence = `cloud part: SLO unreachable for the overflow of ${loadText(kind, peakOverflow)}`;
      out.reasons.push(sentence);
      out.issues.push({
        code: 'sloMissed',
        path: [...cloudTarget.path, 'hardware'],
        message: `${sentence}.`,
        related: sloRelated(ctx, 'both'),
      });
    } else {
      sloIssue(
        ctx,
        out,
        cloudPart,
        kind,
        peakOverflow,
        `the peak overflow of ${loadText(kind, peakOverflow)}`,
        'cloud part: ',
        cloudAuto ? undefined : [...cloudTarget.path, 'gpus'],
      );
    }
  }

  const cost = hybridCost(ctx, placement, on, cloud);
  assumptions.push(...cost.assumptions);
  if (cost.onMissing) priceIssue(out, onTarget, 'on-prem part: ', 'capex');
  if (cost.cloudMissing && m > 0 && peakOverflow > 0) priceIssue(out, cloudTarget, 'cloud part: ', 'hourly');
  assumptions.push(
    peakOverflow > 0
      ? `on-prem part carries up to ${loadText(kind, onCapacity)} within the SLO; the overflow (peak ${loadText(kind, peakOverflow)}, ${formatShare(share)} of requests) goes to the cloud part in ${cost.burstHours} h/day`
      : `on-prem part carries the whole load (up to ${loadText(kind, onCapacity)} within the SLO); the cloud part is not needed`,
  );
  const leaves = share > 0;
  const priced = !cost.onMissing && !(cost.cloudMissing && m > 0 && peakOverflow > 0);
  constraintChecks(ctx, path, out, cost.monthlyUsd, priced, cost.peakKw, {
    leaves,
    share,
    cloud: cloudTarget,
    cloudPath: [...path, 'cloud'],
    kind: 'hybrid',
  });
  const sloFailed = out.reasons.some((r) => /SLO|overloaded|RTT|does not fit/.test(r));
  if (onAuto && onPart.fits && !sloFailed)
    autoIssue(
      out,
      onPart,
      'on-prem part: ',
      n * gpusPerReplica(on.shape),
      cloudAuto ? 'the cheapest split of base and burst' : 'the fewest that, with the cloud part, meet the SLO at peak',
    );
  if (cloudAuto && cloudPart.fits && !sloFailed)
    autoIssue(
      out,
      cloudPart,
      'cloud part: ',
      m * gpusPerReplica(cloud.shape),
      peakOverflow > 0
        ? `the fewest that meet the SLO at the peak overflow of ${loadText(kind, peakOverflow)}`
        : 'the on-prem part carries the whole load within the SLO',
    );

  const onGpus = n * gpusPerReplica(on.shape);
  const cloudGpus = m * gpusPerReplica(cloud.shape);
  const latency =
    peakOverflow > 0 && m > 0
      ? {
          ttftMs: percentilesMax(onPart.latency.ttftMs, cloudPart.latency.ttftMs),
          tpotMs: percentilesMax(onPart.latency.tpotMs, cloudPart.latency.tpotMs),
        }
      : { ttftMs: onPart.latency.ttftMs, tpotMs: onPart.latency.tpotMs };
  const memo = new Map<number, number>();
  const cloudMemo = new Map<number, number>();
  const tokensHourly = load.hourly.map(
    (_, h) =>
      tokensPerSecond(ctx, on, kind, servedHourly[h] as number, memo) +
      (m > 0 ? tokensPerSecond(ctx, cloud, kind, overflowHourly[h] as number, cloudMemo) : 0),
  );
  const tokens = monthlyTokens(tokensHourly);
  const peakHour = load.hourly.indexOf(load.peak);
  const engines =
    onTarget.engine.id === cloudTarget.engine.id
      ? onTarget.engine.id
      : `${onTarget.engine.id} + ${cloudTarget.engine.id}`;

  let curve: LoadPoint[] = [];
  if (ctx.curve && onPart.fits) {
    const onAt = curveSampler(ctx, onPart);
    const cloudAt = cloudPart.fits && m > 0 ? curveSampler(ctx, cloudPart) : undefined;
    const bands = bandRatios(onPart);
    curve = buildCurve(
      kind === 'rate' ? load.peak * 1.5 : 1.2 * (onPart.saturation * n + cloudPart.saturation * m),
      (x) => {
        const a = onAt(Math.min(x, onCapacity > 0 ? onCapacity : x));
        if (x <= onCapacity || !cloudAt) return x <= onCapacity || onCapacity <= 0 ? a : { ...a, stable: false };
        const b = cloudAt(x - onCapacity);
        return {
          t50: Math.max(a.t50, b.t50),
          t95: Math.max(a.t95, b.t95),
          o50: Math.max(a.o50, b.o50),
          o95: Math.max(a.o95, b.o95),
          stable: a.stable && b.stable,
        };
      },
      bands,
    );
  }

  return assembleReport({
    placement,
    outcome: out,
    lead: onPart,
    hardware: `${onTarget.hardwareId} + ${cloudTarget.hardwareId}`,
    hardwareName: `${onTarget.hardware.name} + ${cloudTarget.hardware.name}`,
    model: onTarget.modelLabel,
    engine: engines,
    gpus: onGpus + cloudGpus,
    gpusAuto: onAuto || cloudAuto,
    replicas: n + m,
    devices: onGpus + cloudGpus,
    latency,
    throughput: throughputOf(
      [onPart, { ...cloudPart, replicas: m }],
      kind,
      peakHour >= 0 ? (tokensHourly[peakHour] as number) : 0,
    ),
    cost,
    monthlyOutputTokens: tokens,
    dataLeavesPremises: leaves,
    cloudShareOfRequests: share,
    assumptions: [
      ...assumptions,
      ...onPart.latency.estimate.assumptions.map((a) => `on-prem part: ${a}`),
      ...(m > 0 ? cloudPart.latency.estimate.assumptions.map((a) => `cloud part: ${a}`) : []),
    ],
    explain: [
      ...onPart.latency.estimate.explain.map((e) => ({ ...e, quantity: `on-prem part: ${e.quantity}` })),
      ...cloudPart.latency.estimate.explain.map((e) => ({ ...e, quantity: `cloud part: ${e.quantity}` })),
    ],
    curve,
    parts: [
      { role: 'onPrem', hardware: onTarget.hardwareId, gpus: onGpus, replicas: n, memory: onPart.memory },
      { role: 'cloud', hardware: cloudTarget.hardwareId, gpus: cloudGpus, replicas: m, memory: cloudPart.memory },
    ],
    networkRttMs: cloudPart.rttMs,
    burstHoursPerDay: cost.burstHours,
    priced,
  });
}

/**
 * A fill limit in words, rounded down at formatMs's precision (0.1 ms below 100 ms, 1 ms below 1 s,
 * 0.1 s below 10 s, 1 s above) so the stated limit times the band edge never reads above the SLO
 * (60 ms ÷ 2.91 = 20.6 ms, not "21 ms"; 1,960 ms is "1.9 s", not "2 s").
 */
export function formatLimitMs(ms: number): string {
  if (!Number.isFinite(ms)) return formatMs(ms);
  if (ms < 100) return `${Math.floor(ms * 10) / 10} ms`;
  if (ms < 1000) return `${Math.floor(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? Math.floor(s * 10) / 10 : Math.floor(s)} s`;
}

/**
 * The burst threshold's safety margin. The on-prem base carries load only up to where its
 * latency at the SLO percentile, multiplied by the upper edge of the calibrated uncertainty band
 * (`calibration.json` bands: 1.2 × the 95th percentile of measured/predicted on the published
 * cases), still meets the objective; the rest bursts. Without it the base
 * runs exactly at the SLO at peak, and any estimate error is an SLO breach of the owned hardware.
 */
function burstHeadroom(): { slo: (s: SloSpec) => SloSpec; assumption: (s: SloSpec) => string } {
  const ttft = calibratedBandRatios('ttft', calibration)[1];
  const tpot = calibratedBandRatios('tpot', calibration)[1];
  return {
    slo: (s) => ({
      ...s,
      ...(s.ttftMs !== undefined ? { ttftMs: s.ttftMs / ttft } : {}),
      ...(s.tpotMs !== undefined ? { tpotMs: s.tpotMs / tpot } : {}),
    }),
    assumption: (s) => {
      const p = formatPercentile(s.percentile);
      const targets = [
        s.ttftMs !== undefined ? `TTFT ${p} ≤ ${formatLimitMs(s.ttftMs / ttft)}` : '',
        s.tpotMs !== undefined ? `TPOT ${p} ≤ ${formatLimitMs(s.tpotMs / tpot)}` : '',
      ].filter(Boolean);
      const edges = [
        s.ttftMs !== undefined ? `TTFT ×${ttft.toFixed(2)}` : '',
        s.tpotMs !== undefined ? `TPOT ×${tpot.toFixed(2)}` : '',
      ].filter(Boolean);
      return `on-prem part filled up to ${targets.join(', ')} (the SLO ÷ the upper edge of the latency band: ${edges.join(', ')}), so the base still meets the SLO if the estimate errs as far as the calibration's spread; the overflow bursts before the limit`;
    },
  };
}
