/** on-prem: owned devices in the organisation's data centre serve the whole load. */
import type { Path } from '../parse/paths';
import type { Placement } from '../schema/deployment';
import type { EvaluationContext } from './context';
import { ownedCost } from './economics';
import { onPremPue, prefillShare, utilization } from './partEconomics';
import type { PlacementEvaluation } from './placementReport';
import { evaluateSinglePart, type SinglePartEconomics } from './singlePart';
import type { PartTarget } from './targets';

/** Evaluates an on-prem placement: capex amortised, energy at each hour's utilisation, opex. */
export function evaluateOnPrem(
  ctx: EvaluationContext,
  placement: Extract<Placement, { type: 'on-prem' }>,
  path: Path,
  target: PartTarget,
): PlacementEvaluation {
  const economics: SinglePartEconomics = (c, plan, gpus) => {
    const cost = ownedCost({
      hardware: target.hardware,
      devices: gpus,
      utilizationByHour: utilization(plan, c.load.kind, c.load.hourly),
      prefillShare: prefillShare(c, plan),
      ...(placement.costs ? { costs: placement.costs } : {}),
      defaultPue: onPremPue(c),
      defaults: c.defaults,
    });
    const { missingPrice, ...rest } = cost;
    return { ...rest, ...(missingPrice ? { missingPrice: 'capex' as const } : {}) };
  };
  return evaluateSinglePart(ctx, placement, path, target, economics);
}
