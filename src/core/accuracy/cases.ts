/**
 * Parsing of measured-case files (`data/calibration/cases.yaml`; format in docs/accuracy.md).
 *
 * The case format is one zod schema (`CaseSchema`); a case that does not match it (a misspelt or
 * malformed field) is kept in the report as not predicted, with the field and the problem named.
 * Each case is split in two on parsing: the `CaseInput` (what to estimate — the request and the
 * metric) and the `measured` value. Prediction only ever receives a `CaseInput`, which has no
 * `measured` field, so the estimator cannot read it.
 */
import { parse } from 'yaml';
import { z } from '../schema/zod';
import { MAX_GPUS } from '../schema/deployment';
import { optionValueProblem } from '../validate/catalogRules';
import { LLAMA_BACKENDS } from '../catalog/backends';

export const METRICS = [
  'decodeTokensPerSecond',
  'prefillTokensPerSecond',
  'ttftMs',
  'tpotMs',
  'outputTokensPerSecond',
  'weightsGiB',
  'weightsGiBPerGpu',
  'kvCacheGiBPerGpu',
  // Disaggregated serving (issue 20; ../shared/calibration/README.md "Disaggregated cases").
  'outputTokensPerSecondPerGpu',
  'totalTokensPerSecondPerGpu',
  'inputTokensPerSecondPerGpu',
  'kvTransferMs',
] as const;

/** Memory metrics: exact arithmetic from the engines' source, scored but not fitted and calibrating no speed. */
export const MEMORY_METRICS: ReadonlySet<string> = new Set(['weightsGiB', 'weightsGiBPerGpu', 'kvCacheGiBPerGpu']);

/** A metric a case can measure. */
export type Metric = (typeof METRICS)[number];

const idText = z.union([z.string().min(1), z.number().transform(String)]);
// The bounds of the deployment format (src/core/schema/deployment.ts): a case can describe no more
// than a deployment file can, so 1e300 GPUs or a memory fraction of 1e300 is a problem, not a number.
const count = (max: number) => z.number().int().positive().max(max);
const tokens = z.number().finite().nonnegative().max(100_000_000);
const perSecond = z.number().finite().positive().max(1e7);
const engineOptions = z
  .record(z.string(), z.union([z.number().finite(), z.boolean(), z.string()]))
  .superRefine((options, ctx) => {
    for (const [key, value] of Object.entries(options)) {
      const problem = optionValueProblem(key, value);
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: `${key} ${problem}` });
    }
  });

const parallelismFields = z.strictObject({
  tensor: count(1024).optional(),
  pipeline: count(1024).optional(),
  expert: count(1024).optional(),
  data: count(1024).optional(),
  decodeContext: count(1024).optional(),
});

/** One role of a disaggregated case: workers of `gpus` GPUs each with their parallelism. */
const disaggregatedRole = z.strictObject({
  workers: count(100_000),
  gpus: count(MAX_GPUS),
  parallelism: parallelismFields.optional(),
});

/** The request fields of a case: what the estimate receives (docs/accuracy.md "Case format"). */
const request = {
  /** The case's name in the report (without it: `case-N`). */
  id: idText.optional(),
  metric: z.enum(METRICS),
  /** Catalog model id. */
  model: idText,
  weights: idText.optional(),
  kvCache: idText.optional(),
  hardware: idText.optional(),
  gpus: count(MAX_GPUS).optional(),
  memoryGB: z.number().finite().positive().max(1e9).optional(),
  engine: idText.optional(),
  parallelism: parallelismFields.optional(),
  engineOptions: engineOptions.optional(),
  workload: z
    .strictObject({
      inputTokens: tokens.optional(),
      outputTokens: tokens.optional(),
      concurrency: z.union([z.number().finite().positive().max(1e7), z.literal('max')]).optional(),
      requestsPerSecond: perSecond.optional(),
      prefixCacheHitRate: z.number().min(0).max(0.99).optional(),
      outputTokensP95: tokens.optional(),
      /**
       * Measured prompts of a closed-loop benchmark that sends its first `concurrency` prompts
       * together after a separate warm-up phase (`vllm bench serve`, SGLang `bench_serving`,
       * InferenceX: `--num-prompts`); a mean TTFT then includes that first wave
       * (src/core/estimate/benchmarkStart.ts).
       */
      prompts: count(10_000_000).optional(),
      /**
       * Every prompt and every output had exactly the stated lengths (SGLang `bench_serving
       * --random-range-ratio 1.0`, a fixed-length random dataset): on SGLang a closed loop then
       * stays in step, every round a wave (src/core/estimate/benchmarkStart.ts inStepRoundsTtftMs).
       */
      fixedLengths: z.boolean().optional(),
    })
    .optional(),
  /** Speculative decoding as a deployment writes it. */
  speculative: z
    .strictObject({
      method: z.enum(['mtp', 'eagle', 'draft-model', 'ngram']),
      draftTokens: count(16).optional(),
      acceptanceRate: z.number().min(0).max(1).optional(),
      draftModel: idText.optional(),
    })
    .optional(),
  /** LoRA adapters served during the measurement, as a deployment writes them. */
  lora: z
    .strictObject({
      adapters: count(100_000),
      rank: count(1024).optional(),
      maxLoras: count(100_000).optional(),
      targetModules: z.enum(['all-linear', 'attention']).optional(),
    })
    .optional(),
  /** Which statistic of a latency was measured (default p50); the estimate gives the same one. */
  stat: z.enum(['p50', 'mean', 'p90']).optional(),
  /** Aggregated: N identical engines behind one load balancer (`gpus` stays per replica). */
  replicas: count(4096).optional(),
  /** Disaggregated prefill/decode workers (`gpus` per worker) and the KV transfer between them. */
  disaggregation: z
    .strictObject({
      prefill: disaggregatedRole.optional(),
      decode: disaggregatedRole.optional(),
      kvTransfer: z
        .strictObject({
          connector: z.enum(['nixl', 'mooncake', 'nccl', 'lmcache', 'deepep-internal']).optional(),
          link: z
            .strictObject({
              kind: z.enum(['nvlink', 'infiniband', 'roce', 'ethernet', 'pcie']),
              gbps: z.number().finite().positive().max(1e6).optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
  /** The source measured one role with the other over-provisioned. */
  phaseOnly: z.enum(['prefill', 'decode']).optional(),
};

/** One case as written in the file: the request, the measurement and where it comes from. */
const CaseSchema = z.strictObject({
  ...request,
  /** The measured value, in the metric's unit; without it the case is predicted but not scored. */
  measured: z.number().finite().optional(),
  source: z.string().optional(),
  note: z.string().optional(),
  /**
   * llama.cpp backend that ran the measurement (cuda, rocm, vulkan, metal, sycl, cpu): the estimate's
   * `engineOptions.backend` (its time per layer, backend.ts); without it, the vendor's usual backend.
   */
  backend: z.enum(LLAMA_BACKENDS).optional(),
  /** The same value on an aggregated and a disaggregated case one source compared; recorded, not read by the estimate. */
  pair: idText.optional(),
  /** How a measured figure was derived from the source's numbers; recorded, not read. */
  derived: z.string().optional(),
});
type Case = z.infer<typeof CaseSchema>;

/** The request half of a case: everything except the measurement (and its source and note). */
export type CaseInput = Omit<Case, 'id' | 'metric' | 'measured' | 'source' | 'note' | 'pair' | 'derived'> & {
  id: string;
  /** A `Metric`, or (for a case that failed its schema) whatever the file said. */
  metric: string;
};

/** One parsed case: its input and (kept apart) its measurement. */
export interface ParsedCase {
  input: CaseInput;
  measured: number | null;
  source?: string;
  note?: string;
  /** Pairs an aggregated and a disaggregated case of one source's comparison. */
  pair?: string;
  /** Why the case does not match the case format (field and problem); such a case is not predicted. */
  problem?: string;
}

export interface ParsedCases {
  cases: ParsedCase[];
  /** File-level problems (not YAML, no `cases` list). */
  error?: string;
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Splits a case that matches the format into its request (whitelist: `measured` never crosses) and the rest. */
function splitCase(c: Case, index: number): ParsedCase {
  const { id, metric, measured, source, note, pair, derived: _derived, ...rest } = c;
  const parsed: ParsedCase = { input: { ...rest, id: id ?? `case-${index + 1}`, metric }, measured: measured ?? null };
  if (pair !== undefined) parsed.pair = pair;
  if (source !== undefined) parsed.source = source;
  if (note !== undefined) parsed.note = note;
  return parsed;
}

/** A case that does not match the format: named, kept in the report, not predicted. */
function rejectCase(raw: unknown, index: number, issues: z.core.$ZodIssue[]): ParsedCase {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const problem = issues.map((i) => `${i.path.join('.') || 'case'}: ${i.message}`).join('; ');
  return {
    input: { id: text(r['id']) ?? `case-${index + 1}`, metric: text(r['metric']) ?? '', model: text(r['model']) ?? '' },
    measured: typeof r['measured'] === 'number' && Number.isFinite(r['measured']) ? r['measured'] : null,
    problem: `not in the case format: ${problem}`,
  };
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
    const result = CaseSchema.safeParse(raw);
    return result.success ? splitCase(result.data, i) : rejectCase(raw, i, result.error.issues);
  });
  return { cases };
}
