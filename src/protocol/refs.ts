/**
 * Placement refs ↔ positions in a report list, shared by the host and the webview. Plain
 * functions without zod, so the webview bundle may import them as values.
 */
import type { PlacementRef } from './webview';

/** Index of the deployment a ref names among `deployments` (its `occurrence`-th of that name), or -1. */
export function deploymentIndexOf(deployments: ReadonlyArray<{ name: string }>, ref: PlacementRef): number {
  let seen = 0;
  for (let i = 0; i < deployments.length; i++) {
    if (deployments[i]!.name !== ref.deployment) continue;
    if (seen === (ref.occurrence ?? 0)) return i;
    seen += 1;
  }
  return -1;
}

/** For each deployment, which of the same-named ones it is: 0 for the first of its name, 1 for the next … */
export function nameOccurrences(deployments: ReadonlyArray<{ name: string }>): number[] {
  const seen = new Map<string, number>();
  return deployments.map(({ name }) => {
    const occurrence = seen.get(name) ?? 0;
    seen.set(name, occurrence + 1);
    return occurrence;
  });
}

/** A placement ref; `occurrence` is kept only when the deployment is not the first of its name. */
export function placementRef(deployment: string, placement: string, occurrence = 0): PlacementRef {
  return { deployment, placement, ...(occurrence > 0 ? { occurrence } : {}) };
}

/** The ref of placement `p` of deployment `d` (indices into `deployments`), or undefined. */
export function placementRefAt(
  deployments: ReadonlyArray<{ name: string; placements: ReadonlyArray<{ name: string }> }>,
  d: number,
  p: number,
): PlacementRef | undefined {
  const deployment = deployments[d];
  const placement = deployment?.placements[p];
  if (!deployment || !placement) return undefined;
  return placementRef(deployment.name, placement.name, nameOccurrences(deployments.slice(0, d + 1))[d]);
}
