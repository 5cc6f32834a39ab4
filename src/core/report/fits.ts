/**
 * Whether a placement serves anything: its memory fits, and so does every part of a hybrid. A
 * placement that does not fit has no latency, throughput or price per token to show.
 */
interface Fitted {
  memory: { fits: boolean };
  parts?: ReadonlyArray<{ memory: { fits: boolean } }> | undefined;
}

/** True when the placement's memory fits and every part's does (hybrid: on-prem and cloud). */
export function fitsEverywhere(p: Fitted): boolean {
  return p.memory.fits && (p.parts ?? []).every((part) => part.memory.fits);
}
