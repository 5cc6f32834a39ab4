/**
 * Reads the result files of the benchmark tools teams already run, so their measurements become
 * calibration cases without hand-writing (issue 16 item 6). Pure: text in, runs out.
 *
 * Formats (detected from the content, not the file name):
 * - `vllm bench serve --save-result` (one JSON object; Python writes `Infinity` for an unlimited
 *   request rate) and SGLang `bench_serving --output-file` (JSON Lines, one run per line): the
 *   same field names — `completed`, `total_input_tokens`, `total_output_tokens`, `max_concurrency`,
 *   `request_rate`, `median_ttft_ms`, `median_tpot_ms`, `output_throughput`;
 * - GuideLLM `benchmarks.json`: `benchmarks[]` with `metrics.<name>.successful.{median,mean}` and
 *   the strategy (synchronous, concurrent `streams`, constant/poisson `rate`);
 * - genai-perf `profile_export_genai_perf.json`: `time_to_first_token`, `inter_token_latency`,
 *   `output_token_throughput`, `input_sequence_length`, `output_sequence_length` (each with `avg`,
 *   `p50`, and a `unit`), the load in `input_config`;
 * - `llama-bench -o json | jsonl | csv`: one row per test, `n_prompt`, `n_gen`, `n_depth`, `avg_ts`,
 *   `model_type` (which names the GGUF quantisation).
 */
import type { Metric } from '../accuracy/cases';
import { canonicalBackend, type LlamaBackend } from '../catalog/backends';

export type BenchmarkTool = 'vllm bench serve' | 'sglang bench_serving' | 'guidellm' | 'genai-perf' | 'llama-bench';

/** The load a run applied: closed loop (requests in flight) or open loop (arrivals per second). */
export interface RunWorkload {
  inputTokens: number;
  outputTokens: number;
  concurrency?: number;
  requestsPerSecond?: number;
  /**
   * Measured requests of a concurrency-capped run that starts them together (`vllm bench serve`,
   * SGLang `bench_serving`): a mean TTFT includes the first wave (estimate/benchmarkStart.ts).
   */
  prompts?: number;
  /**
   * Every prompt and output had the stated length (SGLang bench_serving's result: dataset `random`
   * with `random_range_ratio` 1): on SGLang the closed loop's rounds then stay in step.
   */
  fixedLengths?: boolean;
}

/** One benchmark run: its load and what it measured. */
export interface MeasuredRun {
  tool: BenchmarkTool;
  /** Where in the file (`run 2`, `row 5`). */
  label: string;
  workload: RunWorkload;
  /** Weight format the run names (llama-bench `model_type`), as a catalog format id. */
  weights?: string;
  /** GPU backend the run names (llama-bench `backends`: CUDA, Vulkan, Metal, ROCm, …), as `engineOptions.backend` spells it. */
  backend?: LlamaBackend;
  measurements: Array<{ metric: Metric; value: number; stat?: 'p50' | 'mean' }>;
  /** What the import assumed or could not use. */
  notes: string[];
}

export interface ParsedResults {
  tool?: BenchmarkTool;
  runs: MeasuredRun[];
  problems: string[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const positive = (v: unknown): number | undefined => {
  const n = num(v);
  return n !== undefined && n > 0 ? n : undefined;
};

/** JSON as Python's `json.dump` writes it: bare `Infinity` / `NaN` become null (an unlimited rate). */
function parsePythonJson(text: string): unknown {
  return JSON.parse(text.replace(/(?<=[:,[\s])-?(?:Infinity|NaN)(?=\s*[,}\]])/g, 'null'));
}

/** A llama-bench CSV header line (a column named avg_ts). */
const LLAMA_BENCH_CSV_HEADER = /(^|,)"?avg_ts"?(,|$)/;

/**
 * Whether a text is a benchmark result this module reads (JSON, JSON Lines or llama-bench CSV)
 * rather than a YAML cases file (which may also be written as JSON: `{"cases": …}` or a list of
 * objects with a `metric`).
 */
export function isBenchmarkResult(text: string): boolean {
  const t = text.trimStart();
  if (t.startsWith('{')) return !/^\{\s*"?cases"?\s*:/.test(t);
  if (t.startsWith('[')) return !/"metric"\s*:/.test(t.slice(0, 2000));
  return LLAMA_BENCH_CSV_HEADER.test(t.split(/\r?\n/, 1)[0] ?? '');
}

/** Reads a benchmark result file. Never throws: an unknown or broken file is a problem. */
export function parseBenchmarkResults(text: string): ParsedResults {
  const trimmed = text.trim();
  if (!trimmed) return { runs: [], problems: ['the file is empty'] };
  let whole: unknown;
  try {
    whole = parsePythonJson(trimmed);
  } catch {
    whole = undefined;
  }
  if (whole !== undefined) return fromJson(whole);
  if (trimmed.startsWith('{')) {
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim());
    const rows: unknown[] = [];
    for (const [i, line] of lines.entries()) {
      try {
        rows.push(parsePythonJson(line));
      } catch (e) {
        return { runs: [], problems: [`line ${i + 1} is not JSON: ${(e as Error).message}`] };
      }
    }
    if (rows.every((r) => isObj(r) && 'avg_ts' in r)) return llamaBench(rows as Obj[]);
    return servingRuns(rows, 'sglang bench_serving');
  }
  const firstLine = trimmed.split(/\r?\n/, 1)[0] ?? '';
  if (LLAMA_BENCH_CSV_HEADER.test(firstLine)) return llamaBench(parseCsv(trimmed));
  return {
    runs: [],
    problems: [
      'not a benchmark result this tool reads: expected vllm bench serve JSON, SGLang bench_serving JSONL, GuideLLM or genai-perf JSON, or llama-bench JSON/JSONL/CSV',
    ],
  };
}

function fromJson(v: unknown): ParsedResults {
  if (Array.isArray(v)) {
    if (v.length && v.every((r) => isObj(r) && 'avg_ts' in r)) return llamaBench(v as Obj[]);
    return servingRuns(v, 'vllm bench serve');
  }
  if (!isObj(v)) return { runs: [], problems: ['the JSON is not an object or a list of runs'] };
  if (Array.isArray(v['benchmarks'])) return guidellm(v['benchmarks']);
  if (isObj(v['time_to_first_token']) || isObj(v['output_token_throughput'])) return genaiPerf(v);
  return servingRuns([v], 'vllm bench serve');
}

/** vllm bench serve / SGLang bench_serving runs (shared field names). */
function servingRuns(rows: unknown[], tool: BenchmarkTool): ParsedResults {
  const runs: MeasuredRun[] = [];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const label = rows.length > 1 ? `run ${i + 1}` : 'run';
    if (!isObj(row) || (!('output_throughput' in row) && !('median_ttft_ms' in row))) {
      problems.push(`${label}: no output_throughput or median_ttft_ms — not a vllm/SGLang serving result`);
      return;
    }
    const detected: BenchmarkTool =
      'accept_length' in row || 'total_output_tokens_retokenized' in row ? 'sglang bench_serving' : tool;
    const completed = positive(row['completed']);
    const inTotal = num(row['total_input_tokens']);
    const outTotal = num(row['total_output_tokens']);
    if (!completed || inTotal === undefined || outTotal === undefined) {
      problems.push(
        `${label}: completed / total_input_tokens / total_output_tokens missing: the request lengths are unknown`,
      );
      return;
    }
    const notes: string[] = [];
    const workload: RunWorkload = {
      inputTokens: Math.round(inTotal / completed),
      outputTokens: Math.max(1, Math.round(outTotal / completed)),
    };
    const maxConcurrency = positive(row['max_concurrency']);
    const rate = positive(row['request_rate']);
    if (maxConcurrency !== undefined && rate === undefined) {
      workload.concurrency = Math.min(maxConcurrency, completed);
      workload.prompts = completed;
    } else if (rate !== undefined && maxConcurrency === undefined) workload.requestsPerSecond = rate;
    else if (rate !== undefined && maxConcurrency !== undefined) {
      workload.requestsPerSecond = rate;
      notes.push(
        `both a request rate (${rate}/s) and a concurrency cap (${maxConcurrency}) were set: read as the rate`,
      );
    } else {
      // One round: every prompt is sent at once, so the first round's queue is the whole run's.
      workload.concurrency = completed;
      workload.prompts = completed;
      notes.push(`unlimited rate and no concurrency cap: all ${completed} requests taken as in flight at once`);
    }
    notes.push('request lengths are the run’s means (total tokens ÷ completed requests)');
    if (row['dataset_name'] === 'random' && row['random_range_ratio'] === 1) {
      workload.fixedLengths = true;
      notes.push('random dataset at range ratio 1: every request of the stated lengths');
    }
    const measurements: MeasuredRun['measurements'] = [];
    const pick = (median: string, mean: string, metric: Metric): void => {
      const m = positive(row[median]);
      const a = positive(row[mean]);
      if (m !== undefined) measurements.push({ metric, value: m, stat: 'p50' });
      else if (a !== undefined) measurements.push({ metric, value: a, stat: 'mean' });
    };
    pick('median_ttft_ms', 'mean_ttft_ms', 'ttftMs');
    // One-token outputs have no TPOT (vLLM writes 0).
    if (workload.outputTokens > 1) pick('median_tpot_ms', 'mean_tpot_ms', 'tpotMs');
    const tput = positive(row['output_throughput']);
    if (tput !== undefined) measurements.push({ metric: 'outputTokensPerSecond', value: tput });
    runs.push({ tool: detected, label, workload, measurements, notes });
  });
  return { ...(runs[0] ? { tool: runs[0].tool } : {}), runs, problems };
}

/** A GuideLLM statistic: `metrics.<name>.successful.<stat>`. */
function guideStat(metrics: Obj, name: string, stat: 'median' | 'mean'): number | undefined {
  const m = metrics[name];
  const s = isObj(m) ? (isObj(m['successful']) ? m['successful'] : m) : undefined;
  return s ? positive(s[stat]) : undefined;
}

function guidellm(list: unknown[]): ParsedResults {
  const runs: MeasuredRun[] = [];
  const problems: string[] = [];
  list.forEach((b, i) => {
    const label = `benchmark ${i + 1}`;
    const metrics = isObj(b) && isObj(b['metrics']) ? b['metrics'] : undefined;
    if (!metrics) {
      problems.push(`${label}: no metrics`);
      return;
    }
    const input = guideStat(metrics, 'prompt_token_count', 'mean');
    const output = guideStat(metrics, 'output_token_count', 'mean');
    if (input === undefined || output === undefined) {
      problems.push(`${label}: prompt_token_count / output_token_count missing: the request lengths are unknown`);
      return;
    }
    const b0 = b as Obj;
    const args = isObj(b0['args']) ? b0['args'] : {};
    const strategy = [b0['strategy'], args['strategy'], args['profile']].find(isObj) ?? {};
    const type = String(strategy['type_'] ?? strategy['type'] ?? '');
    const notes: string[] = ['request lengths are the run’s means'];
    const workload: RunWorkload = { inputTokens: Math.round(input), outputTokens: Math.max(1, Math.round(output)) };
    const streams =
      positive(strategy['streams']) ??
      positive(Array.isArray(strategy['streams']) ? strategy['streams'][0] : undefined);
    const rate =
      positive(strategy['rate']) ?? positive(Array.isArray(strategy['rate']) ? strategy['rate'][0] : undefined);
    if (type === 'synchronous') workload.concurrency = 1;
    else if (streams !== undefined) workload.concurrency = streams;
    else if (rate !== undefined && (type === 'constant' || type === 'poisson' || type === 'async')) {
      workload.requestsPerSecond = rate;
      if (type === 'constant')
        notes.push('constant-rate arrivals read as Poisson arrivals (the estimator’s queue model)');
    } else {
      const c = guideStat(metrics, 'request_concurrency', 'mean');
      if (c === undefined) {
        problems.push(`${label}: strategy ${type || 'unknown'} without a rate or concurrency`);
        return;
      }
      workload.concurrency = c;
      notes.push(`strategy ${type || 'unknown'}: the measured mean concurrency (${c.toFixed(1)}) taken as the load`);
    }
    const measurements: MeasuredRun['measurements'] = [];
    const ttft = guideStat(metrics, 'time_to_first_token_ms', 'median');
    if (ttft !== undefined) measurements.push({ metric: 'ttftMs', value: ttft, stat: 'p50' });
    const tpot = guideStat(metrics, 'time_per_output_token_ms', 'median');
    if (tpot !== undefined && workload.outputTokens > 1)
      measurements.push({ metric: 'tpotMs', value: tpot, stat: 'p50' });
    const tput = guideStat(metrics, 'output_tokens_per_second', 'mean');
    if (tput !== undefined) measurements.push({ metric: 'outputTokensPerSecond', value: tput });
    runs.push({ tool: 'guidellm', label, workload, measurements, notes });
  });
  return { tool: 'guidellm', runs, problems };
}

/** A genai-perf statistic in ms/tokens, converted from its `unit`. */
function genaiStat(v: Obj, name: string, stat: 'p50' | 'avg'): number | undefined {
  const m = v[name];
  if (!isObj(m)) return undefined;
  const x = positive(m[stat]);
  if (x === undefined) return undefined;
  const unit = String(m['unit'] ?? '').toLowerCase();
  if (unit === 'ns') return x / 1e6;
  if (unit === 'us' || unit === 'µs') return x / 1e3;
  if (unit === 's' || unit === 'sec') return x * 1e3;
  return x;
}

/** The first number under `key` anywhere in genai-perf's input_config. */
function findNumber(v: unknown, key: string, depth = 0): number | undefined {
  if (!isObj(v) || depth > 6) return undefined;
  const direct = v[key];
  if (Array.isArray(direct)) {
    const n = positive(direct[0]);
    if (n !== undefined) return n;
  }
  const n = positive(direct);
  if (n !== undefined) return n;
  for (const child of Object.values(v)) {
    const found = findNumber(child, key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function genaiPerf(v: Obj): ParsedResults {
  const input = genaiStat(v, 'input_sequence_length', 'avg');
  const output = genaiStat(v, 'output_sequence_length', 'avg');
  if (input === undefined || output === undefined)
    return {
      runs: [],
      problems: ['input_sequence_length / output_sequence_length missing: the request lengths are unknown'],
    };
  const workload: RunWorkload = { inputTokens: Math.round(input), outputTokens: Math.max(1, Math.round(output)) };
  const notes = ['request lengths are the run’s means'];
  const concurrency = findNumber(v['input_config'], 'concurrency');
  const rate = findNumber(v['input_config'], 'request_rate');
  if (rate !== undefined) workload.requestsPerSecond = rate;
  else workload.concurrency = concurrency ?? 1;
  if (rate === undefined && concurrency === undefined)
    notes.push('no concurrency or request rate in input_config: taken as 1');
  const measurements: MeasuredRun['measurements'] = [];
  const ttft = genaiStat(v, 'time_to_first_token', 'p50');
  if (ttft !== undefined) measurements.push({ metric: 'ttftMs', value: ttft, stat: 'p50' });
  const itl = genaiStat(v, 'inter_token_latency', 'p50');
  if (itl !== undefined && workload.outputTokens > 1) measurements.push({ metric: 'tpotMs', value: itl, stat: 'p50' });
  const tput = genaiStat(v, 'output_token_throughput', 'avg');
  if (tput !== undefined) measurements.push({ metric: 'outputTokensPerSecond', value: tput });
  return {
    tool: 'genai-perf',
    runs: [{ tool: 'genai-perf', label: 'run', workload, measurements, notes }],
    problems: [],
  };
}

/** GGUF quantisation names as llama.cpp prints them in `model_type` → catalog format ids. */
const GGUF_TYPES: Array<[RegExp, string]> = [
  [/\bQ4_K - Medium\b|\bQ4_K_M\b/i, 'q4_k_m'],
  [/\bQ4_K - Small\b|\bQ4_K_S\b/i, 'q4_k_s'],
  [/\bQ5_K - Medium\b|\bQ5_K_M\b/i, 'q5_k_m'],
  [/\bQ5_K - Small\b|\bQ5_K_S\b/i, 'q5_k_s'],
  [/\bQ3_K - Medium\b|\bQ3_K_M\b/i, 'q3_k_m'],
  [/\bQ2_K\b/i, 'q2_k'],
  [/\bQ6_K\b/i, 'q6_k'],
  [/\bQ8_0\b/i, 'q8_0'],
  [/\bQ4_0\b/i, 'q4_0'],
  [/\bQ4_1\b/i, 'q4_1'],
  [/\bIQ4_XS\b/i, 'iq4_xs'],
  [/\bIQ3_XXS\b/i, 'iq3_xxs'],
  [/\bIQ2_XS\b/i, 'iq2_xs'],
  [/\bMXFP4\b/i, 'mxfp4'],
  [/\bBF16\b/i, 'bf16'],
  [/\bF16\b/i, 'fp16'],
  [/\bF32\b|all F32/i, 'fp32'],
];

function ggufFormat(modelType: unknown): string | undefined {
  if (typeof modelType !== 'string') return undefined;
  return GGUF_TYPES.find(([re]) => re.test(modelType))?.[1];
}

/**
 * The GPU backend of a llama-bench row's `backends` ("CUDA", "Vulkan", "Metal,BLAS", "ROCm", "CPU"):
 * the first GPU one, `cpu` when it names none, undefined when the row has no such field.
 */
function llamaBenchBackend(v: unknown): LlamaBackend | undefined {
  if (typeof v !== 'string' || !v.trim()) return undefined;
  const names = v.split(',').map((x) => x.trim().toLowerCase());
  for (const n of names) {
    const b = canonicalBackend(n);
    if (b && b !== 'cpu') return b;
  }
  return names.some((n) => n === 'cpu' || n === 'blas') ? 'cpu' : undefined;
}

function llamaBench(rows: Obj[]): ParsedResults {
  const runs: MeasuredRun[] = [];
  const problems: string[] = [];
  rows.forEach((r, i) => {
    const label = `row ${i + 1}`;
    const pp = num(Number(r['n_prompt'])) ?? 0;
    const tg = num(Number(r['n_gen'])) ?? 0;
    const depth = num(Number(r['n_depth'])) ?? 0;
    const ts = positive(Number(r['avg_ts']));
    if (ts === undefined) {
      problems.push(`${label}: no avg_ts`);
      return;
    }
    const weights = ggufFormat(r['model_type']);
    const notes: string[] = [];
    if (typeof r['model_type'] === 'string' && !weights)
      notes.push(`model_type '${r['model_type']}' names no known GGUF type: the deployment’s weights are used`);
    const backend = llamaBenchBackend(r['backends']);
    const base = {
      tool: 'llama-bench' as const,
      label,
      ...(weights ? { weights } : {}),
      ...(backend ? { backend } : {}),
      notes,
    };
    if (pp > 0 && tg === 0) {
      if (depth > 0) {
        problems.push(
          `${label}: pp${pp} at depth ${depth} — prefill after a cached context is not a case the estimator scores`,
        );
        return;
      }
      runs.push({
        ...base,
        workload: { inputTokens: pp, outputTokens: 1, concurrency: 1 },
        measurements: [{ metric: 'prefillTokensPerSecond', value: ts }],
      });
    } else if (tg > 0 && pp === 0) {
      runs.push({
        ...base,
        workload: { inputTokens: depth, outputTokens: tg, concurrency: 1 },
        measurements: [{ metric: 'decodeTokensPerSecond', value: ts }],
      });
    } else
      problems.push(`${label}: pp${pp}+tg${tg} (a combined test) is not scored; run llama-bench with -p and -n apart`);
  });
  return { tool: 'llama-bench', runs, problems };
}

/** A small CSV reader for llama-bench's output (quoted fields, no embedded newlines). */
function parseCsv(text: string): Obj[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = split(line);
    const row: Obj = {};
    header.forEach((h, i) => (row[h] = cells[i] ?? ''));
    return row;
  });
}
