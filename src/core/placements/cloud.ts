/** cloud: rented GPUs serve the whole load; every request leaves the premises. */
import type { Path } from '../parse/paths';
import type { Placement } from '../schema/deployment';
import type { EvaluationContext } from './context';
import { rentedCost, CLOUD_INCLUDES } from './economics';
import { HOURS_PER_DAY } from './load';
import type { PlacementEvaluation } from './placementReport';
import { evaluateSinglePart, type SinglePartEconomics } from './singlePart';
import type { PartTarget } from './targets';

/** Evaluates a cloud placement: GPU-hours in the hours with load (instances stopped otherwise); no on-premises power. */
export function evaluateCloud(
  ctx: EvaluationContext,
  placement: Extract<Placement, { type: 'cloud' }>,
  path: Path,
  target: PartTarget,
): PlacementEvaluation {
  const economics: SinglePartEconomics = (c, _plan, gpus) => {
    const hours = c.load.hourly.filter((l) => l > 0).length;
    const cost = rentedCost({
      hardware: target.hardware,
      gpus,
      billedHoursPerDay: hours,
      ...(target.usdPerGpuHour !== undefined ? { usdPerGpuHour: target.usdPerGpuHour } : {}),
      ...(hours < HOURS_PER_DAY
        ? {
            billingNote: `billed ${hours} h/day: the hours with load in the daily profile (instances stopped otherwise)`,
          }
        : {}),
    });
    return {
      monthlyUsd: cost.monthlyUsd,
      breakdown: cost.breakdown,
      averageKw: 0,
      peakKw: 0,
      ...(cost.missingPrice ? { missingPrice: 'hourly' as const } : {}),
      includes: CLOUD_INCLUDES,
      assumptions: [
        ...cost.assumptions,
        "cloud: power is drawn in the provider's data centre and not counted on premises",
      ],
    };
  };
  return evaluateSinglePart(ctx, placement, path, target, economics);
}
