/**
 * Placement types with one part serving the whole load — on-prem (onPrem.ts) and cloud
 * (cloud.ts): they differ only in their economics, passed in by each.
 */
import type { Path } from '../parse/paths';
import type { Placement } from '../schema/deployment';
import { baseAssumptions, type EvaluationContext } from './context';
import { bandRatios, buildCurve, curveMax, curveSampler } from './curves';
import type { CostLine } from './economics';
import { fragileSloIssue } from './fragile';
import { autoIssue, constraintChecks, fitIssue, priceIssue, sloIssue, sloRelated, type Outcome } from './findings';
import { monthlyTokens, tokensPerSecond } from './partEconomics';
import { finishPart, planPart, type PartPlan } from './parts';
import { assembleReport, cannotEstimate, throughputOf, type PlacementEvaluation } from './placementReport';
import { MAX_REPLICAS, gpusPerReplica } from './sizing';
import { loadText } from './numbers';
import type { PartTarget } from './targets';
import { evaluateDisaggregated } from './disaggregated';
import { networkRtt } from './slo';

/** Monthly cost and power of a single-part placement, with the price that was missing, if any. */
export interface SinglePartCost {
  monthlyUsd: number;
  breakdown: CostLine[];
  averageKw: number;
  peakKw: number;
  /** The catalog has no price and the file gives none (counted as $0). */
  missingPrice?: 'capex' | 'hourly';
  /** What the monthly figure counts, in words. */
  includes: string;
  assumptions: string[];
}

/** The economics of a single-part placement type, for its sized plan with `gpus` devices. */
export type SinglePartEconomics = (ctx: EvaluationContext, plan: PartPlan, gpus: number) => SinglePartCost;

/**
 * The checks on an on-prem or cloud placement's cost: a missing price, then budget, power and
 * residency (a cloud placement's requests all leave the premises). Shared with disaggregated.ts.
 */
export function costChecks(
  ctx: EvaluationContext,
  placement: Extract<Placement, { type: 'on-prem' | 'cloud' }>,
  path: Path,
  target: PartTarget,
  out: Outcome,
  cost: SinglePartCost,
): { priced: boolean; leaves: boolean } {
  if (cost.missingPrice) priceIssue(out, target, '', cost.missingPrice);
  const priced = !cost.missingPrice;
  const leaves = placement.type === 'cloud';
  constraintChecks(ctx, path, out, cost.monthlyUsd, priced, cost.peakKw, {
    leaves,
    share: leaves ? 1 : 0,
    ...(leaves ? { cloud: target, cloudPath: path } : {}),
    kind: placement.type,
  });
  return { priced, leaves };
}

/** on-prem and cloud: one part serving the whole load, costed by `economics`. */
export function evaluateSinglePart(
  ctx: EvaluationContext,
  placement: Extract<Placement, { type: 'on-prem' | 'cloud' }>,
  path: Path,
  target: PartTarget,
  economics: SinglePartEconomics,
): PlacementEvaluation {
  const load = ctx.load;
  if (placement.disaggregation) {
    const rtt = networkRtt(placement.type, target.networkRttMs);
    return evaluateDisaggregated(ctx, placement, path, target, economics, rtt.rttMs, rtt.assumption);
  }
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
    out.issues.push({
      code: 'sloMissed',
      path: [...path, 'gpus'],
      message: `${sentence}.`,
      related: sloRelated(ctx, 'both'),
    });
  } else
    sloIssue(
      ctx,
      out,
      part,
      load.kind,
      load.peak,
      loadText(load.kind, load.peak),
      '',
      plan.auto ? undefined : [...path, 'gpus'],
    );

  const memo = new Map<number, number>();
  const tokensHourly = load.hourly.map((l) => tokensPerSecond(ctx, plan, load.kind, l, memo));
  const tokens = monthlyTokens(tokensHourly);
  const cost = economics(ctx, plan, gpus);
  assumptions.push(...cost.assumptions);
  const { priced, leaves } = costChecks(ctx, placement, path, target, out, cost);
  if (plan.auto && part.fits && !plan.unreachable) {
    autoIssue(out, part, '', gpus, `the fewest that meet the SLO at ${loadText(load.kind, load.peak)}`);
    fragileSloIssue(ctx, out, target, part, gpus, [...path, 'gpus']);
  }

  return assembleReport({
    placement,
    outcome: out,
    lead: part,
    hardware: target.hardwareId,
    hardwareName: target.hardware.name,
    model: target.modelLabel,
    engine: target.engine.id,
    gpus,
    gpusAuto: plan.auto,
    replicas: plan.replicas,
    devices: gpus,
    latency: { ttftMs: part.latency.ttftMs, tpotMs: part.latency.tpotMs },
    throughput: throughputOf([part], load.kind, tokensPerSecond(ctx, plan, load.kind, load.peak, memo)),
    cost,
    monthlyOutputTokens: tokens,
    dataLeavesPremises: leaves,
    cloudShareOfRequests: leaves ? 1 : 0,
    assumptions: [...assumptions, ...part.latency.estimate.assumptions],
    explain: part.latency.estimate.explain,
    curve:
      ctx.curve && part.fits
        ? buildCurve(curveMax(load, [{ part, groups: 1 }]), curveSampler(ctx, part), bandRatios(part))
        : [],
    shape: part.shape,
    networkRttMs: part.rttMs,
    priced,
  });
}
