/**
 * What a sizing diff means for a pull request: what got worse (a placement that passed now
 * fails, a threshold crossed), what got better, and the counts. The exit code of `diff` and the
 * first line of every output come from here.
 */
import type { PlacementDiff, SizingDiff } from './compare';
import { thresholdCrossings, type Crossing, type Threshold } from './thresholds';

export interface DiffSummary {
  newlyFailing: PlacementDiff[];
  newlyPassing: PlacementDiff[];
  /** Changed placements whose verdict held. */
  changed: PlacementDiff[];
  added: PlacementDiff[];
  removed: PlacementDiff[];
  unchanged: number;
  crossings: Crossing[];
  /** A placement that passed now fails, or a threshold was crossed: `diff` exits 1. */
  worse: boolean;
}

/** Sorts a diff's placements into what a reviewer reads first. */
export function summarizeDiff(diff: SizingDiff, thresholds: Threshold[] = []): DiffSummary {
  const by = (test: (p: PlacementDiff) => boolean) => diff.placements.filter(test);
  const newlyFailing = by((p) => p.newlyFailing === true);
  const crossings = thresholdCrossings(diff, thresholds);
  return {
    newlyFailing,
    newlyPassing: by((p) => p.newlyFailing === false),
    changed: by((p) => p.status === 'changed' && p.newlyFailing === undefined),
    added: by((p) => p.status === 'added'),
    removed: by((p) => p.status === 'removed'),
    unchanged: by((p) => p.status === 'unchanged').length,
    crossings,
    worse: newlyFailing.length > 0 || crossings.length > 0,
  };
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 placement now fails · 2 changed · 1 added" — or "no sizing changes". */
export function summaryLine(s: DiffSummary): string {
  const parts: string[] = [];
  if (s.newlyFailing.length) parts.push(`${count(s.newlyFailing.length, 'placement')} now failing`);
  if (s.crossings.length) parts.push(count(s.crossings.length, 'threshold crossing'));
  if (s.newlyPassing.length) parts.push(`${s.newlyPassing.length} now passing`);
  if (s.changed.length) parts.push(`${s.changed.length} changed`);
  if (s.added.length) parts.push(`${s.added.length} added`);
  if (s.removed.length) parts.push(`${s.removed.length} removed`);
  if (!parts.length) return `no sizing changes (${count(s.unchanged, 'placement')} unchanged)`;
  return `${s.worse ? 'worse: ' : 'nothing got worse: '}${parts.join(' · ')}`;
}
