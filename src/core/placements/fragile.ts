/**
 * A fragile SLO (issue 12 item 7): `gpus: auto` solves to many replicas because an objective is
 * barely above the latency of an idle replica, so each replica may batch only a little before it
 * breaks the objective. The number is right for that objective, and absurd to buy: say so, with
 * the unloaded latency, how close the objective is, and what a slightly looser objective needs.
 */
import type { EvaluationContext } from './context';
import type { Outcome } from './findings';
import { formatMs, formatPercentile, formatRate, formatShare } from '../report/format';
import { loadText } from './numbers';
import { planPart, type PartFinal } from './parts';
import { latencyAtLoad, replicaWorkload } from './slo';
import { gpusPerReplica } from './sizing';
import type { PartTarget } from './targets';
import type { Path } from '../parse/paths';

/** Replicas each carrying less than this share of what one sustains (latency unbounded) are SLO-bound. */
const BUSY_SHARE = 0.25;
/** An objective within this factor of the idle latency is "close" (it leaves ≤ 30 % for queueing and batching). */
const CLOSE = 1.3;
/** How much the looser objective the message prices is looser. */
const LOOSER = 1.25;

/**
 * Adds LLMS109 when the solved replicas run mostly idle because an objective is within ×1.3 of
 * the unloaded latency. Needs at least two replicas: one replica is never "too many".
 */
export function fragileSloIssue(
  ctx: EvaluationContext,
  out: Outcome,
  target: PartTarget,
  part: PartFinal,
  gpus: number,
  gpusPath: Path,
): void {
  const load = ctx.load;
  if (part.replicas < 2 || !(part.saturation > 0)) return;
  const perReplica = load.peak / part.replicas;
  if (load.kind !== 'rate' || perReplica >= BUSY_SHARE * part.saturation) return;
  const slo = ctx.slo;
  const idle = latencyAtLoad(replicaWorkload(part.request, load.kind, 1e-6), slo.percentile, part.rttMs);
  const close: Array<{ metric: 'TTFT' | 'TPOT'; key: 'ttftMs' | 'tpotMs'; objective: number; idle: number }> = [];
  if (slo.ttftMs !== undefined && slo.ttftMs < CLOSE * idle.ttftAtSlo)
    close.push({ metric: 'TTFT', key: 'ttftMs', objective: slo.ttftMs, idle: idle.ttftAtSlo });
  if (slo.tpotMs !== undefined && slo.tpotMs < CLOSE * idle.tpotAtSlo)
    close.push({ metric: 'TPOT', key: 'tpotMs', objective: slo.tpotMs, idle: idle.tpotAtSlo });
  if (!close.length) return;
  const p = formatPercentile(slo.percentile);
  const looserSlo = { ...slo };
  for (const c of close) looserSlo[c.key] = c.objective * LOOSER;
  const looser = planPart({ ...ctx, slo: looserSlo }, target, part.kind, load.kind, load.peak);
  const looserGpus =
    looser.ok && !looser.plan.unreachable ? looser.plan.replicas * gpusPerReplica(looser.plan.shape) : 0;
  const closeText = close
    .map(
      (c) =>
        `${c.metric} ${p} ≤ ${formatMs(c.objective)} is only ${formatShare(c.objective / c.idle - 1)} above the unloaded ${c.metric} ${p} of ${formatMs(c.idle)}`,
    )
    .join(' and ');
  const looserText = close.map((c) => `${c.metric} ${p} ≤ ${formatMs(c.objective * LOOSER)}`).join(', ');
  const alternative =
    looserGpus > 0 && looserGpus < gpus ? ` With ${looserText} it needs ${looserGpus} GPUs instead of ${gpus}.` : '';
  out.issues.push({
    code: 'fragileSlo',
    path: gpusPath,
    message:
      `fragile SLO: ${closeText} on ${target.hardware.name}, so each of the ${part.replicas} replicas may carry only ` +
      `${formatRate(perReplica)} (${formatShare(perReplica / part.saturation)} of the ${formatRate(part.saturation)} it sustains) at ${loadText(load.kind, load.peak)}.` +
      `${alternative} A device with more memory bandwidth${close.some((c) => c.key === 'ttftMs') ? ' or compute' : ''} lowers the unloaded latency.`,
    related: close.map((c) => ({
      message: `${c.metric} objective ${c.objective} ms`,
      path: ['workload', 'slo', c.key],
    })),
  });
}
