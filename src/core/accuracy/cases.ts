/**
 * Parsing of measured-case files (`data/calibration/cases.yaml`; format in docs/accuracy.md).
 *
 * Each case is split in two on parsing: the `CaseInput` (what to estimate — the request and the
 * metric) and the `measured` value. Prediction only ever receives a `CaseInput`, which has no
 * `measured` field, so the estimator cannot read it.
 */
import { parse } from 'yaml';
import type { EngineOptions, Parallelism, Workload } from '../estimate/types';

export const METRICS = [
  'decodeTokensPerSecond',
  'prefillTokensPerSecond',
  'ttftMs',
  'tpotMs',
  'outputTokensPerSecond',
  'weightsGiB',
  'weightsGiBPerGpu',
  'kvCacheGiBPerGpu',
] as const;

/** The request half of a case: everything except the measurement. */
export interface CaseInput {
  id: string;
  metric: string;
  model: string;
  weights?: string;
  kvCache?: string;
  hardware?: string;
  gpus?: number;
  memoryGB?: number;
  engine?: string;
  parallelism?: Partial<Parallelism>;
  engineOptions?: EngineOptions;
  workload?: Partial<Workload>;
}

/** One parsed case: its input and (kept apart) its measurement. */
export interface ParsedCase {
  input: CaseInput;
  measured: number | null;
  source?: string;
  note?: string;
}

export interface ParsedCases {
  cases: ParsedCase[];
  /** File-level problems (not YAML, no `cases` list). */
  error?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const numOrU = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Copies `keys` of `from` into `to` where `read` accepts the value (absent or malformed: left out). */
function copyDefined<K extends string, V>(to: Partial<Record<K, V>>, from: Record<string, unknown>, keys: readonly K[], read: (v: unknown) => V | undefined): void {
  for (const key of keys) {
    const value = read(from[key]);
    if (value !== undefined) to[key] = value;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object';

/** Copies only the request fields of a raw case (whitelist: `measured` never crosses). */
function toCaseInput(raw: Record<string, unknown>, index: number): CaseInput {
  const input: CaseInput = {
    id: str(raw['id']) ?? `case-${index + 1}`,
    metric: str(raw['metric']) ?? '',
    model: str(raw['model']) ?? '',
  };
  copyDefined(input, raw, ['weights', 'kvCache', 'hardware', 'engine'] as const, str);
  copyDefined(input, raw, ['gpus', 'memoryGB'] as const, numOrU);
  const par = raw['parallelism'];
  if (isObject(par)) {
    const out: Partial<Parallelism> = {};
    copyDefined(out, par, ['tensor', 'pipeline', 'expert'] as const, numOrU);
    input.parallelism = out;
  }
  const opts = raw['engineOptions'];
  if (isObject(opts)) {
    const o: EngineOptions = {};
    for (const [k, v] of Object.entries(opts)) {
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') o[k] = v;
    }
    input.engineOptions = o;
  }
  const wl = raw['workload'];
  if (isObject(wl)) {
    const out: Partial<Workload> = {};
    copyDefined(out, wl, ['inputTokens', 'outputTokens'] as const, numOrU);
    copyDefined(out, wl, ['concurrency'] as const, (c) => (c === 'max' || typeof c === 'number' ? c : undefined));
    copyDefined(out, wl, ['requestsPerSecond'] as const, numOrU);
    input.workload = out;
  }
  return input;
}

/** Parses the text of a cases file. Never throws: problems come back as `error`. */
export function parseCases(text: string): ParsedCases {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    return { cases: [], error: `not valid YAML: ${(e as Error).message}` };
  }
  const list = Array.isArray(doc) ? doc : (doc as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(list)) return { cases: [], error: 'expected a top-level `cases:` list' };
  const cases: ParsedCase[] = list.map((raw, i) => {
    const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const c: ParsedCase = { input: toCaseInput(r, i), measured: numOrU(r['measured']) ?? null };
    const s = str(r['source']);
    if (s !== undefined) c.source = s;
    const n = str(r['note']);
    if (n !== undefined) c.note = n;
    return c;
  });
  return { cases };
}
