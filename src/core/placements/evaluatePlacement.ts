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
 *
 * Each type (onPrem.ts, cloud.ts, hybrid.ts, edge.ts) runs the same stages: parts (parts.ts) →
 * economics (partEconomics.ts) → outcome and findings (findings.ts) → the report (placementReport.ts).
 */
import type { Path } from '../parse/paths';
import type { Placement } from '../schema/deployment';
import { evaluateCloud } from './cloud';
import type { EvaluationContext } from './context';
import { evaluateEdge } from './edge';
import { evaluateHybrid } from './hybrid';
import { evaluateOnPrem } from './onPrem';
import { cannotEstimate, type PlacementEvaluation } from './placementReport';
import { partTargets } from './targets';

export { evaluationContext, type EstimateDefaults, type EvaluationContext } from './context';
export type { IssueFix, PlacementIssue } from './findings';
export type { PlacementEvaluation } from './placementReport';

/** Evaluates one placement of a deployment (validated, so ids exist). */
export function evaluatePlacement(ctx: EvaluationContext, placement: Placement, path: Path): PlacementEvaluation {
  const targets = partTargets(ctx.deployment, placement, path, ctx.catalog, ctx.defaults.engine);
  if ('error' in targets) return cannotEstimate(placement, path, targets.error);
  try {
    switch (placement.type) {
      case 'on-prem':
        return evaluateOnPrem(ctx, placement, path, targets[0]!);
      case 'cloud':
        return evaluateCloud(ctx, placement, path, targets[0]!);
      case 'edge':
        return evaluateEdge(ctx, placement, path, targets[0]!);
      case 'hybrid':
        return evaluateHybrid(ctx, placement, path, targets[0]!, targets[1]!);
    }
  } catch (error) {
    return cannotEstimate(placement, path, error instanceof Error ? error.message : String(error));
  }
}
