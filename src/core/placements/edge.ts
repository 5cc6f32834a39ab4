/**
 * edge: sites × devicesPerSite owned devices; each site serves its share of the workload (or its
 * `perSite` load). The fix for an SLO miss is more devices per site (whole replicas).
 */
import type { Path } from '../parse/paths';
import type { LoadPoint } from '../report/types';
import type { Placement } from '../schema/deployment';
import { baseAssumptions, type EvaluationContext } from './context';
import { bandRatios, buildCurve, curveMax, curveSampler } from './curves';
import { EDGE_DEFAULT_PUE, ownedCost } from './economics';
import { autoIssue, constraintChecks, fitIssue, priceIssue, sloMiss, sloRelated, type Outcome } from './findings';
import { dailyLoad, scaleLoad, type LoadProfile } from './load';
import { loadText } from './numbers';
import { monthlyTokens, prefillShare, tokensPerSecond, utilization } from './partEconomics';
import { finishPart, planPart } from './parts';
import { assembleReport, cannotEstimate, throughputOf, type PlacementEvaluation } from './placementReport';
import { gpusPerReplica, replicasFor } from './sizing';
import type { PartTarget } from './targets';

/** edge: sites × devicesPerSite devices, each site serving its share. */
export function evaluateEdge(
  ctx: EvaluationContext,
  placement: Extract<Placement, { type: 'edge' }>,
  path: Path,
  target: PartTarget,
): PlacementEvaluation {
  const sites = placement.sites;
  const devicesPerSite = placement.devicesPerSite ?? 1;
  const per = placement.perSite;
  const w = ctx.deployment.workload;
  const assumptions = [...baseAssumptions(ctx)];
  let siteLoad: LoadProfile;
  if (
    per &&
    (per.peakRequestsPerSecond !== undefined ||
      per.averageRequestsPerSecond !== undefined ||
      per.concurrency !== undefined)
  ) {
    siteLoad = dailyLoad({
      ...(per.peakRequestsPerSecond !== undefined ? { peakRequestsPerSecond: per.peakRequestsPerSecond } : {}),
      ...(per.averageRequestsPerSecond !== undefined ? { averageRequestsPerSecond: per.averageRequestsPerSecond } : {}),
      ...(per.concurrency !== undefined ? { concurrency: per.concurrency } : {}),
      ...(w.dailyProfile ? { dailyProfile: w.dailyProfile } : {}),
    });
    assumptions.push(
      `each of ${sites} sites serves its perSite load (${loadText(siteLoad.kind, siteLoad.peak)} at peak)`,
    );
    assumptions.push(...siteLoad.assumptions.map((a) => `per site: ${a}`));
  } else {
    siteLoad = scaleLoad(ctx.load, 1 / sites);
    assumptions.push(
      `the workload is split evenly over ${sites} sites: ${loadText(siteLoad.kind, siteLoad.peak)} per site at peak`,
    );
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
    const devicesPath: Path | undefined =
      placement.devicesPerSite !== undefined && plan.target.gpus !== 'auto' ? [...path, 'devicesPerSite'] : undefined;
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
        ...(n !== undefined && devicesPath
          ? { fix: { title: `Set devicesPerSite to ${n}`, set: [{ path: devicesPath, value: String(n) }] } }
          : {}),
      });
    }
  }

  const memo = new Map<number, number>();
  const tokensHourly = siteLoad.hourly.map((l) => sites * tokensPerSecond(ctx, plan, kind, l, memo));
  const tokens = monthlyTokens(tokensHourly);
  const cost = ownedCost({
    hardware: target.hardware,
    devices,
    sites,
    utilizationByHour: utilization(plan, kind, siteLoad.hourly),
    prefillShare: prefillShare(ctx, plan),
    ...(placement.costs ? { costs: placement.costs } : {}),
    defaultPue: {
      value: EDGE_DEFAULT_PUE,
      source: 'edge default: a device in an office or shop, no facility overhead',
    },
    defaults: ctx.defaults,
  });
  assumptions.push(...cost.assumptions);
  if (cost.missingPrice) priceIssue(out, target, '', 'capex');
  constraintChecks(ctx, path, out, cost.monthlyUsd, !cost.missingPrice, cost.peakKw, {
    leaves: false,
    share: 0,
    kind: 'edge',
  });
  if (plan.auto && part.fits && !out.reasons.some((r) => /SLO|overloaded|RTT/.test(r)))
    autoIssue(out, part, '', perReplicaDevices, `the SLO is met at ${where}`);

  let curve: LoadPoint[] = [];
  if (ctx.curve && part.fits) {
    // One model for the whole curve; its x axis is the total over sites, each site carries its share.
    const siteAt = curveSampler(ctx, part);
    curve = buildCurve(
      curveMax(scaleLoad(siteLoad, sites), [{ part, groups: sites }]),
      (x) => siteAt(x / sites),
      bandRatios(part),
    );
  }
  return assembleReport({
    placement,
    outcome: out,
    lead: part,
    hardware: target.hardwareId,
    hardwareName: target.hardware.name,
    model: target.modelLabel,
    engine: target.engine.id,
    gpus: sites * plan.replicas * perReplicaDevices,
    gpusAuto: plan.auto,
    replicas: sites * plan.replicas,
    devices,
    latency: { ttftMs: part.latency.ttftMs, tpotMs: part.latency.tpotMs },
    throughput: throughputOf(
      [{ ...part, groups: sites }],
      kind,
      sites * tokensPerSecond(ctx, plan, kind, siteLoad.peak, memo),
    ),
    cost,
    monthlyOutputTokens: tokens,
    dataLeavesPremises: false,
    cloudShareOfRequests: 0,
    assumptions: [...assumptions, ...part.latency.estimate.assumptions],
    explain: part.latency.estimate.explain,
    curve,
    shape: part.shape,
    networkRttMs: part.rttMs,
    sites,
    priced: !cost.missingPrice,
  });
}
