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

/** The ref of placement `p` of deployment `d` (indices into `deployments`), or undefined. */
export function placementRefAt(
  deployments: ReadonlyArray<{ name: string; placements: ReadonlyArray<{ name: string }> }>,
  d: number,
  p: number,
): PlacementRef | undefined {
  const deployment = deployments[d];
  const placement = deployment?.placements[p];
  if (!deployment || !placement) return undefined;
  const occurrence = deployments.slice(0, d).filter((x) => x.name === deployment.name).length;
  return { deployment: deployment.name, placement: placement.name, ...(occurrence > 0 ? { occurrence } : {}) };
}
