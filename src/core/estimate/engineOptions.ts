/** Numeric engine options (`engineOptions` of a placement or case), read by every engine family. */
import type { EstimateRequest } from './types';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Option lookup tolerant of the names used by each engine: the first of `names` that is a number. */
export function option(req: EstimateRequest, ...names: string[]): number | undefined {
  for (const n of names) {
    const v = num(req.engineOptions[n]);
    if (v !== undefined) return v;
  }
  return undefined;
}
