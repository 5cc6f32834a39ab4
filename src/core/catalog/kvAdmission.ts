/**
 * The values an engine's catalog entry (engines.json `kvAdmission`) accepts for the option that
 * chooses its KV admission policy. Read by validation (LLMS012) and by the estimator
 * (estimate/admission.ts), so it lives with the catalog both depend on.
 */
import type { EngineEntry } from './types';

/**
 * The catalog's spelling of `raw` among an engine's accepted values (compared case-insensitively,
 * as the engines parse them), or undefined if it is none of them.
 */
export function kvAdmissionValue(engine: EngineEntry, raw: unknown): string | undefined {
  const values = engine.kvAdmission ? Object.keys(engine.kvAdmission.values) : [];
  return typeof raw === 'string' ? values.find((v) => v.toUpperCase() === raw.toUpperCase()) : undefined;
}
