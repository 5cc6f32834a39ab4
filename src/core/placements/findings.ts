/**
 * Stage 3, outcome and findings: why a placement fails (one sentence per reason, for the
 * report's `reasons`) and the findings on its YAML nodes (with fixes checked by the estimator):
 * does not fit, SLO missed, over budget, over the power cap, data residency, unknown prices and
 * solved `gpus: auto`. Codes and severities are in ../validate/codes.ts.
 */
import { checkResidency } from './residency';
import type { Path } from '../parse/paths';
import type { Placement } from '../schema/deployment';
import type { CodeKey } from '../validate/codes';
import type { EvaluationContext } from './context';
import type { LoadKind } from './load';
import {
  formatGiB,
  formatKw,
  formatMs as ms,
  formatPercentile,
  formatRate,
  formatShare,
  formatUsdCompact,
  plural,
} from '../report/format';
import { shapeText } from './numbers';
import type { PartFinal } from './parts';
import { latencyAtLoad, msAbove, replicaWorkload } from './slo';
import { MAX_REPLICAS, fitOf, gpusPerReplica, replicasFor, resolveShape, type Shape } from './sizing';
import type { PartTarget } from './targets';

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

/** A placement's failing reasons and findings, filled by the checks below in turn. */
export interface Outcome {
  reasons: string[];
  issues: PlacementIssue[];
}

/** The objectives a finding relates to: the `workload.slo` fields that are set. */
export function sloRelated(
  ctx: EvaluationContext,
  which: 'ttft' | 'tpot' | 'both',
): Array<{ message: string; path: Path }> {
  const slo = ctx.deployment.workload.slo;
  const out: Array<{ message: string; path: Path }> = [];
  if (slo?.ttftMs !== undefined && which !== 'tpot')
    out.push({ message: `TTFT objective ${slo.ttftMs} ms`, path: ['workload', 'slo', 'ttftMs'] });
  if (slo?.tpotMs !== undefined && which !== 'ttft')
    out.push({ message: `TPOT objective ${slo.tpotMs} ms`, path: ['workload', 'slo', 'tpotMs'] });
  return out;
}

/** Why a part misses the SLO at its peak, in one sentence (undefined when it meets it). */
export function sloMiss(
  ctx: EvaluationContext,
  part: PartFinal,
  loadKind: LoadKind,
  where: string,
): { sentence: string; which: 'ttft' | 'tpot' | 'both' } | undefined {
  if (!part.fits) return undefined;
  const passes = part.capacity > 0 && part.perReplicaPeak <= part.capacity * (1 + 1e-9);
  if (passes) return undefined;
  const slo = ctx.slo;
  const p = formatPercentile(slo.percentile);
  if (slo.ttftMs !== undefined && part.rttMs >= slo.ttftMs) {
    return { sentence: `network RTT ${ms(part.rttMs)} alone uses up the TTFT SLO ${ms(slo.ttftMs)}`, which: 'ttft' };
  }
  if (part.capacity <= 0) {
    // No load meets it: say which objective fails even for a lone request.
    const idle = latencyAtLoad(
      replicaWorkload(part.request, loadKind, loadKind === 'rate' ? 1e-6 : 1),
      slo.percentile,
      part.rttMs,
    );
    const lone: string[] = [];
    if (slo.ttftMs !== undefined && idle.ttftAtSlo > slo.ttftMs)
      lone.push(`TTFT ${p} ${msAbove(idle.ttftAtSlo, slo.ttftMs)} exceeds SLO ${ms(slo.ttftMs)}`);
    if (slo.tpotMs !== undefined && idle.tpotAtSlo > slo.tpotMs)
      lone.push(`TPOT ${p} ${msAbove(idle.tpotAtSlo, slo.tpotMs)} exceeds SLO ${ms(slo.tpotMs)}`);
    if (lone.length)
      return {
        sentence: `${lone.join(' and ')} even at the lightest load`,
        which: lone.length === 2 ? 'both' : lone[0]!.startsWith('TTFT') ? 'ttft' : 'tpot',
      };
  }
  if (!part.latency.stable) {
    const sustain = part.saturation * part.replicas;
    return {
      sentence: `overloaded: ${where} exceeds the ${formatRate(sustain)} that ${plural(part.replicas, 'replica')} ${part.replicas === 1 ? 'sustains' : 'sustain'}`,
      which: 'both',
    };
  }
  const parts: string[] = [];
  let which: 'ttft' | 'tpot' | 'both' = 'both';
  if (slo.ttftMs !== undefined && part.latency.ttftAtSlo > slo.ttftMs) {
    parts.push(`TTFT ${p} ${msAbove(part.latency.ttftAtSlo, slo.ttftMs)} exceeds SLO ${ms(slo.ttftMs)}`);
    which = 'ttft';
  }
  if (slo.tpotMs !== undefined && part.latency.tpotAtSlo > slo.tpotMs) {
    parts.push(`TPOT ${p} ${msAbove(part.latency.tpotAtSlo, slo.tpotMs)} exceeds SLO ${ms(slo.tpotMs)}`);
    which = parts.length === 2 ? 'both' : 'tpot';
  }
  if (!parts.length) parts.push(`misses the latency SLO`);
  return { sentence: `${parts.join(' and ')} at ${where}`, which };
}

/** The "does not fit" reason and finding of a part, with the fixes that make it fit. */
export function fitIssue(
  ctx: EvaluationContext,
  out: Outcome,
  part: PartFinal,
  label: string,
  gpusField: Path | undefined,
): void {
  const m = part.memory.perGpuGiB;
  const sentence =
    m.total > m.capacity
      ? `does not fit: needs ${formatGiB(m.total)} per GPU, has ${formatGiB(m.capacity)}`
      : `does not fit: ${part.fitReason ?? 'no room for the KV cache of one request'}`;
  const breakdown = `weights ${formatGiB(m.weights)} + KV cache ${formatGiB(m.kvCache)} + activations ${formatGiB(m.activations)} + runtime ${formatGiB(m.runtime)} per GPU`;
  out.reasons.push(`${label}${sentence}`);
  const fixes = fitFixes(ctx, part, gpusField);
  out.issues.push({
    code: 'placementDoesNotFit',
    path: [...part.target.path, 'hardware'],
    message: `${label}${sentence} (${breakdown}; ${part.target.hardware.name}, ${part.request.weights.id} weights, ${shapeText(part.shape)}). ${fixes.length ? [...new Set(fixes.map((f) => f.title))].join(', or ') + '.' : 'Use more GPUs per replica, a smaller weight format or a larger device.'}`,
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
      const gpus = String(part.replicas * gpusPerReplica(shape));
      fixes.push(
        hasParallelism
          ? {
              title: `Set tensor parallelism to ${tensor} (gpus: ${gpus})`,
              set: [
                { path: tensorPath, value: String(tensor) },
                { path: gpusField, value: gpus },
              ],
            }
          : {
              title: `Set tensor parallelism to ${tensor} (gpus: ${gpus})`,
              set: [{ path: gpusField, value: gpus }],
              insert: { after: gpusField, key: 'parallelism', value: `{tensor: ${tensor}}` },
            },
      );
      break;
    }
  }
  const placementPath = part.target.path.slice(0, 2);
  const smaller = ['fp8', 'int4-awq', 'q4_k_m']
    .map((id) => ctx.catalog.formats.get(id))
    .filter(
      (f): f is NonNullable<typeof f> =>
        !!f && f.bitsPerWeight < part.request.weights.bitsPerWeight && part.target.engine.weightFormats.includes(f.id),
    );
  for (const format of smaller) {
    if (!fitsWith({ ...part.target, weights: format.id }, part.shape)) continue;
    const weightsPath: Path = [...placementPath, 'model', 'weights'];
    const title = `Use ${format.id} weights in this placement`;
    fixes.push(
      { title, set: [{ path: weightsPath, value: format.id }] },
      { title, set: [], insert: { after: [...placementPath, 'name'], key: 'model', value: `{weights: ${format.id}}` } },
    );
    break;
  }
  return fixes;
}

/** The SLO issue of a part, with a "Set gpus to N" fix when N replicas would meet it. */
export function sloIssue(
  ctx: EvaluationContext,
  out: Outcome,
  part: PartFinal,
  loadKind: LoadKind,
  groupPeak: number,
  where: string,
  label: string,
  gpusField: Path | undefined,
): void {
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
export function autoIssue(out: Outcome, part: PartFinal, label: string, solvedGpus: number, why: string): void {
  const gpusPath = [...part.target.path, 'gpus'];
  const per = gpusPerReplica(part.shape);
  const addSplit = !part.target.parallelism && per > 1;
  const dcp = (part.shape.decodeContext ?? 1) > 1 ? `, decodeContext: ${part.shape.decodeContext}` : '';
  const split = part.shape.pipeline > 1 ? `{pipeline: ${part.shape.pipeline}}` : `{tensor: ${part.shape.tensor}${dcp}}`;
  const shape = per > 1 ? `, ${shapeText(part.shape)}` : '';
  if (solvedGpus === 0) {
    // Only a hybrid's cloud part can be 0: not needed. `gpus: 0` is not valid, so no fix.
    out.issues.push({
      code: 'gpusAutoSolved',
      path: gpusPath,
      message: `${label}gpus: auto → 0: ${why}; the cloud part is not needed.`,
    });
    return;
  }
  const what =
    part.kind === 'edge'
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

/** Budget, power and residency checks shared by every type. */
export function constraintChecks(
  ctx: EvaluationContext,
  placementPath: Path,
  out: Outcome,
  monthlyUsd: number,
  priced: boolean,
  peakKw: number,
  residency: { leaves: boolean; share: number; cloud?: PartTarget; cloudPath?: Path; kind: Placement['type'] },
): void {
  const c = ctx.deployment.constraints;
  if (!c) return;
  if (c.monthlyBudgetUsd !== undefined && monthlyUsd > c.monthlyBudgetUsd) {
    const sentence = `over budget: ${formatUsdCompact(monthlyUsd)}/mo > ${formatUsdCompact(c.monthlyBudgetUsd)}`;
    out.reasons.push(sentence);
    out.issues.push({
      code: 'overBudget',
      path: [...placementPath, 'name'],
      message: `${sentence}${priced ? '' : ' (some prices unknown, counted as $0)'}.`,
      related: [{ message: `monthlyBudgetUsd: ${c.monthlyBudgetUsd}`, path: ['constraints', 'monthlyBudgetUsd'] }],
    });
  }
  if (c.maxPowerKw !== undefined && peakKw > c.maxPowerKw) {
    const sentence = `over the power cap: ${formatKw(peakKw)} at peak > ${formatKw(c.maxPowerKw)}`;
    out.reasons.push(sentence);
    out.issues.push({
      code: 'overPower',
      path: [...placementPath, 'name'],
      message: `${sentence} (on-premises draw at peak load, PUE included).`,
      related: [{ message: `maxPowerKw: ${c.maxPowerKw}`, path: ['constraints', 'maxPowerKw'] }],
    });
  }
  const rule = c.dataResidency;
  if (rule === undefined || rule.toLowerCase() === 'any') return;
  const related = [{ message: `dataResidency: ${rule}`, path: ['constraints', 'dataResidency'] as Path }];
  if (rule.toLowerCase() === 'on-prem') {
    if (!residency.leaves) return;
    const why =
      residency.kind === 'hybrid'
        ? `${formatShare(residency.share)} of requests burst to cloud`
        : 'every request goes to the cloud';
    const sentence = `data leaves premises (${why}) but dataResidency: on-prem`;
    out.reasons.push(sentence);
    out.issues.push({
      code: 'residencyViolated',
      path: residency.kind === 'hybrid' && residency.cloudPath ? residency.cloudPath : [...placementPath, 'type'],
      prefer: residency.kind === 'hybrid' ? 'key' : 'value',
      message: `${sentence}.${residency.kind === 'hybrid' ? ' Size the on-prem part for the peak, or drop the cloud part.' : ''}`,
      related,
    });
    return;
  }
  // A region label: the cloud (part) must run there.
  if (!residency.leaves || !residency.cloud || !residency.cloudPath) return;
  const loc = residency.cloud.location;
  if (loc === undefined) {
    // An unstated location cannot be verified: the placement does not pass (never the recommendation).
    const sentence = `cloud location not stated: cannot verify dataResidency: ${rule}`;
    out.reasons.push(sentence);
    out.issues.push({
      code: 'residencyViolated',
      path: residency.kind === 'hybrid' ? residency.cloudPath : [...residency.cloudPath, 'type'],
      ...(residency.kind === 'hybrid' ? { prefer: 'key' as const } : {}),
      message: `${sentence} — set location (a region such as eu-central-1, or a jurisdiction).`,
      related,
    });
    return;
  }
  const check = checkResidency(loc, rule);
  if (check === 'inside') return;
  const sentence =
    check === 'outside'
      ? `data leaves ${rule}: the cloud runs in ${loc} but dataResidency: ${rule}`
      : `cannot verify that ${loc} is in ${rule} (not in the region model)`;
  out.reasons.push(sentence);
  out.issues.push({
    code: 'residencyViolated',
    path: [...residency.cloudPath, 'location'],
    message: `${sentence}.`,
    related,
  });
}

/** The finding of a price the catalog lacks (counted as $0). */
export function priceIssue(out: Outcome, target: PartTarget, label: string, what: 'capex' | 'hourly'): void {
  out.issues.push({
    code: 'noReferencePrice',
    path: [...target.path, 'hardware'],
    message:
      what === 'capex'
        ? `${label}the catalog has no purchase price for ${target.hardware.name}; capex is counted as $0. Set costs.capexUsd.`
        : `${label}the catalog has no cloud price for ${target.hardware.name}; GPU-hours are counted as $0. Set usdPerGpuHour.`,
  });
}
