/**
 * Stage 2, economics of sized parts: utilisation and output tokens in each hour of the day, and
 * what owned and rented devices cost under that load (the formulas are in economics.ts).
 */
import { requestShape } from './load';
import { atConcurrency } from '../estimate/serving';
import type { Placement } from '../schema/deployment';
import type { EvaluationContext } from './context';
import { DAYS_PER_MONTH, REFERENCE, ownedCost, rentedCost, type CostLine, type OwnedCost } from './economics';
import type { LoadKind } from './load';
import type { PartPlan } from './parts';
import { gpusPerReplica, modelOf } from './sizing';

/** Utilisation of a part's replicas in each hour, from the load the part carries then. */
export function utilization(plan: PartPlan, loadKind: LoadKind, hourlyGroupLoad: number[]): number[] {
  return hourlyGroupLoad.map((load) => {
    if (!(load > 0)) return 0;
    const perReplica = load / plan.replicas;
    if (loadKind === 'rate') return plan.saturation > 0 ? Math.min(1, perReplica / plan.saturation) : 1;
    return Math.min(1, Math.ceil(perReplica - 1e-9) / plan.maxBatch);
  });
}

/**
 * Share of a replica's busy time spent in prefill, at its largest batch: one request's prompt
 * (compute only, batched) against its share of the decode steps, (O − 1) × step(B) / B. Sets the
 * devices' busy power (economics.ts busyPowerFraction).
 */
export function prefillShare(ctx: EvaluationContext, plan: PartPlan): number {
  const s = modelOf(ctx.cache, plan.request).serving;
  const b = Math.max(1, s.maxBatch);
  const decode = ((s.outputTokens - 1) * s.stepMs(b)) / b;
  const prefill = s.prefillBatchedMs;
  return prefill + decode > 0 ? prefill / (prefill + decode) : 0;
}

/** Output tokens/s of a part's replicas at a group load. */
export function tokensPerSecond(
  ctx: EvaluationContext,
  plan: PartPlan,
  loadKind: LoadKind,
  groupLoad: number,
  memo: Map<number, number>,
): number {
  if (!(groupLoad > 0) || !plan.fits) return 0;
  const out = ctx.deployment.workload.outputTokens;
  if (loadKind === 'rate') return Math.min(groupLoad, plan.saturation * plan.replicas) * out;
  const c = Math.max(1, Math.ceil(groupLoad / plan.replicas - 1e-9));
  let v = memo.get(c);
  if (v === undefined) {
    const m = modelOf(ctx.cache, {
      ...plan.request,
      workload: {
        inputTokens: ctx.deployment.workload.inputTokens,
        outputTokens: out,
        ...requestShape(plan.request.workload),
        concurrency: c,
      },
    });
    v = m.mem.fits ? atConcurrency(m.serving, c).outputTokensPerSecond : 0;
    memo.set(c, v);
  }
  return v * plan.replicas;
}

/** Output tokens per month from the tokens/s of each hour of the day. */
export function monthlyTokens(hourlyTokensPerSecond: number[]): number {
  return hourlyTokensPerSecond.reduce((a, b) => a + b, 0) * 3600 * DAYS_PER_MONTH;
}

/** PUE of owned data-centre devices when the file gives none. */
export function onPremPue(ctx: EvaluationContext): { value: number; source: string } {
  return ctx.defaults.pue !== undefined
    ? { value: ctx.defaults.pue, source: 'setting llmSizing.defaults.pue' }
    : { value: REFERENCE.pue.value, source: 'industry-average reference, Uptime Institute 2024' };
}

/** Overflow of each hour beyond the on-prem capacity. */
export function overflow(hourly: number[], capacity: number): number[] {
  return hourly.map((l) => Math.max(0, l - capacity));
}

/** Cost of a hybrid split: the owned base plus cloud GPUs in the hours with overflow. */
export function hybridCost(
  ctx: EvaluationContext,
  placement: Extract<Placement, { type: 'hybrid' }>,
  on: PartPlan,
  cloud: PartPlan,
): {
  monthlyUsd: number;
  breakdown: CostLine[];
  averageKw: number;
  peakKw: number;
  onMissing: boolean;
  cloudMissing: boolean;
  burstHours: number;
  includes: string;
  assumptions: string[];
} {
  const load = ctx.load;
  const onCapacity = on.replicas * (on.fits ? on.capacity : 0);
  const over = overflow(load.hourly, onCapacity);
  const served = load.hourly.map((l, h) => l - (over[h] as number));
  const owned: OwnedCost = ownedCost({
    hardware: on.target.hardware,
    devices: on.replicas * gpusPerReplica(on.shape),
    utilizationByHour: utilization(on, load.kind, served),
    prefillShare: prefillShare(ctx, on),
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
    includes: `${owned.includes}; cloud part: GPU-hours in the burst hours`,
    assumptions: [...owned.assumptions, ...rented.assumptions],
  };
}
