/**
 * The start of a closed-loop benchmark. `vllm bench serve`, SGLang's `bench_serving` and
 * InferenceX's copy of it (utils/bench_serving/benchmark_serving.py) run their warm-up requests as
 * a phase of their own (`asyncio.gather` of the warm-ups), then create every measured request at
 * once behind a semaphore of `--max-concurrency` C: the first C prompts reach the server together.
 * The engine prefills that wave back to back, a forward of at most its prompt-token budget at a
 * time, so the last of them wait for all the others — and the wave's TTFTs are part of the mean
 * over the N measured prompts. The steady state the estimator serves (serving.ts) is what a
 * production deployment sees; this is what such a benchmark's mean reports.
 * (A simulation of the harness, scripts/research/closed-loop-waves.py, shows the later rounds
 * lose the wave: the first one is what moves the mean.)
 *
 * The run's end is a transient too (the batch drains once the last prompt is sent), but it is not
 * modelled: in the same simulation the drain's lost throughput and the first wave's batched
 * prefills cancel to within ±2% of the steady throughput (scripts/research/finite-run-drain.py).
 */
import type { EstimateRequest } from './types';
import type { Calibration } from './calibration';
import type { ServingInputs } from './serving';
import { vllmBatchedTokens } from './activations';
import { option } from './engineOptions';
import { sglangMemoryDefaults } from './sglangMemory';

/** SGLang's `--max-prefill-tokens` default (server_args.py): the prompt tokens one prefill batch admits. */
const SGLANG_MAX_PREFILL_TOKENS = 16_384;

/**
 * Prompt tokens one forward of the engine takes, tokens:
 * - SGLang: `chunkedPrefillSize` (`--chunked-prefill-size`), else its memory-tiered default (sglangMemory.ts) capped
 *   at the `--max-prefill-tokens` default (16,384); a script that raises the chunk raises both
 *   (every InferenceX script read does), so a stated chunk is taken as is;
 * - vLLM: `maxNumBatchedTokens`, else its default by the usable memory `capacityGiB`
 *   (`vllmBatchedTokens`, the one the activation memory uses: 8,192 on large devices, 2,048 on small);
 * - TensorRT-LLM: `maxNumTokens`, else 8,192 (trtllm-serve's `--max_num_tokens` default); the
 *   engines of its memory family name it `maxBatchPrefillTokens` (TGI) or `maxPrefillTokenNum`
 *   (LMDeploy);
 * - llama.cpp: `-b` (`batchSize`), else 2,048 (llama-server's `--batch-size` default).
 */
export function prefillTokenBudget(req: EstimateRequest, cal: Calibration, capacityGiB: number): number {
  switch (req.engine.family) {
    case 'sglang':
      return (
        option(req, 'chunkedPrefillSize') ??
        Math.min(
          SGLANG_MAX_PREFILL_TOKENS,
          sglangMemoryDefaults(cal, capacityGiB, req.parallelism.tensor).chunkedPrefill,
        )
      );
    case 'tensorrt-llm':
      return option(req, 'maxNumTokens', 'maxBatchPrefillTokens', 'maxPrefillTokenNum') ?? 8192;
    case 'llama.cpp':
      return option(req, 'batchSize') ?? 2048;
    default:
      return vllmBatchedTokens(req, cal, capacityGiB);
  }
}

/**
 * TTFT of each of C prompts arriving together, ms, in the order they finish. Prompt k (1-based) is
 * done with the forward that holds its last token, f = ⌈k·I ÷ budget⌉; forwards run back to back
 * (SGLang runs waiting prompts before decoding; vLLM's token budget goes to them too, less one
 * token per running sequence), each paying the fixed time of a prompt's forward (its latency beyond
 * its batched compute) and the batched compute of the tokens it holds.
 */
export function waveTtftsMs(s: ServingInputs, wave: number, budgetTokens: number): number[] {
  const I = Math.max(1, s.inputTokens);
  const budget = Math.max(1, budgetTokens);
  const fixedMs = Math.max(0, s.prefillLatencyMs - s.prefillBatchedMs);
  const perTokenMs = s.prefillBatchedMs / I;
  const out: number[] = [];
  for (let k = 1; k <= wave; k++) {
    const f = Math.ceil((k * I) / budget);
    const tokens = Math.min(f * budget, wave * I);
    out.push(s.ttftOverheadMs + f * fixedMs + tokens * perTokenMs);
  }
  return out;
}

/** Mean TTFT of the first C prompts, arriving together, ms (waveTtftsMs). */
export function waveMeanTtftMs(s: ServingInputs, wave: number, budgetTokens: number): number {
  const ttfts = waveTtftsMs(s, wave, budgetTokens);
  return ttfts.reduce((a, b) => a + b, 0) / Math.max(1, wave);
}

/**
 * Whether a closed loop of equal requests stays in step on this engine: SGLang runs every waiting
 * prompt before it decodes again (no mixed chunks by default), so a wave's first prompt waits,
 * decoding, for all the others' prefills, and the wave's requests finish their equal outputs on the
 * same step; their clients' next prompts arrive together. vLLM, TensorRT-LLM and llama.cpp put
 * prompt chunks and decode tokens in the same forward: the requests that started first finish first
 * and the rounds spread out.
 */
export function roundsStayInStep(req: EstimateRequest): boolean {
  return req.engine.family === 'sglang';
}

/**
 * A latency statistic of the TTFT in a closed-loop benchmark whose rounds stay in step
 * (`roundsStayInStep`: equal prompt and output lengths, SGLang): every round is a wave of C
 * prompts arriving together, so the TTFTs are the wave's (waveTtftsMs), whatever the number of
 * rounds. Attention data-parallel ranks prefill their shares of the wave side by side (a replica
 * forward holds `dataParallel` × the budget). Undefined where the clients outnumber the batch the
 * engine runs (then they queue: the steady state's wait).
 * Evidence: the SGLang cookbook's fixed-length runs at 16 and 64 clients (data/calibration/
 * sglang-cookbook-2026.yaml) report median TTFTs of 8.5 and 31 times one prompt's alone (GLM-5.2
 * on 8 × MI355X: 634 ms alone, 5,411 at 16, 19,526 at 64; Kimi-K3 on 8 × B300: 378, 3,539, 11,635),
 * where a staggered loop would wait for about one prefill.
 */
export function inStepRoundsTtftMs(
  s: ServingInputs,
  concurrency: number,
  budgetTokens: number,
  stat: 'p50' | 'mean' | 'p90',
): number | undefined {
  const c = Math.floor(concurrency);
  if (c <= 1 || c > s.maxBatch) return undefined;
  // Ascending already: later prompts finish later.
  return statisticOf(waveTtftsMs(s, c, replicaPrefillBudget(s, budgetTokens)), stat);
}

/**
 * Prompt tokens one forward of the whole replica takes when a wave spreads over its attention
 * data-parallel ranks: each rank prefills its share side by side, `budgetTokens` (one engine's,
 * `prefillTokenBudget`) apiece.
 */
export function replicaPrefillBudget(s: ServingInputs, budgetTokens: number): number {
  return budgetTokens * Math.max(1, s.dataParallel);
}

/**
 * The mean, median or 90th percentile of `ascending` (sorted ascending, not empty), the
 * percentiles interpolated linearly between order statistics (as report.ts `quantile`).
 */
function statisticOf(ascending: readonly number[], stat: 'p50' | 'mean' | 'p90'): number {
  const n = ascending.length;
  if (stat === 'mean') return ascending.reduce((a, b) => a + b, 0) / n;
  const pos = (stat === 'p90' ? 0.9 : 0.5) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return (ascending[lo] as number) + (pos - lo) * ((ascending[hi] as number) - (ascending[lo] as number));
}

/**
 * Mean TTFT over the `prompts` measured requests of a closed-loop benchmark at `concurrency` that
 * starts them together, ms: the first wave's mean for its min(C, batch cap, N) prompts, the steady
 * `steadyTtftMs` for the rest.
 */
export function synchronizedStartMeanTtftMs(
  s: ServingInputs,
  steadyTtftMs: number,
  concurrency: number,
  prompts: number,
  budgetTokens: number,
): number {
  const n = Math.max(1, prompts);
  const wave = Math.min(Math.max(1, Math.floor(concurrency)), s.maxBatch, n);
  if (wave <= 1) return steadyTtftMs;
  return (wave * waveMeanTtftMs(s, wave, budgetTokens) + (n - wave) * steadyTtftMs) / n;
}

/**
 * A latency statistic of the TTFT over the `prompts` measured requests of a closed-loop benchmark
 * whose `concurrency` clients outnumber the batch the engine runs, ms. The harness sends its first
 * C prompts together: the engine takes B of them, prefilled back to back (the wave: `waveTtftsMs`
 * of B prompts), the others queue in arrival order, and prompt j (B < j ≤ C) is admitted when
 * j − B requests have finished, after (j − B) ÷ λ at the completion rate λ; only the prompts sent
 * later (j > C, by a client whose request finished) wait the steady (C − B) ÷ λ the steady state
 * gives every request. A run of C prompts, one per client (the SGLang cookbook's 4,096 clients
 * and prompts), has a median wait of about half the steady one.
 * `steadyTtftMs` is the steady estimate at C (serving.ts atConcurrency: own prefill + overheads +
 * (C − B) ÷ λ); `batch` is B and `requestsPerMs` λ there; `waveTtfts` the first B prompts' TTFTs.
 */
export function finiteRunQueuedTtftMs(
  steadyTtftMs: number,
  concurrency: number,
  prompts: number,
  batch: number,
  requestsPerMs: number,
  waveTtfts: number[],
  stat: 'p50' | 'mean' | 'p90',
): number {
  const c = Math.floor(concurrency);
  const b = Math.max(1, Math.floor(batch));
  const n = Math.max(1, Math.floor(prompts));
  if (c <= b || !(requestsPerMs > 0)) return steadyTtftMs;
  const steadyWait = (c - b) / requestsPerMs;
  const base = Math.max(0, steadyTtftMs - steadyWait);
  const ttft = (j: number) =>
    j <= b
      ? (waveTtfts[Math.min(j, waveTtfts.length) - 1] ?? base)
      : base + (j <= c ? (j - b) / requestsPerMs : steadyWait);
  return statisticOf(
    Array.from({ length: n }, (_, i) => ttft(i + 1)).sort((x, y) => x - y),
    stat,
  );
}

/**
 * A latency statistic of the TPOT when the rounds stay in step (`inStepRoundsTtftMs`), ms: prompt
 * k's first token comes out of its own prefill, then it waits for the rest of the wave's prefills,
 * then the C requests decode their O − 1 steps together with no prompt in between (the next round's
 * arrive when all have finished). TPOT_k = (TTFT_C − TTFT_k + (O − 1) · step(C)) ÷ (O − 1): the
 * median request waits for half the wave, where the steady state has it wait for every other
 * request's prefill once per output. With more clients than the batch B the engine runs, a batch
 * that finishes together frees B slots at once and B queued prompts fill them: the wave is B.
 * Undefined for one client, and with attention data parallel: each rank's wave stays in step, but
 * the ranks step together through every layer's experts, so a rank decodes through the other
 * ranks' prefills too (the steady state's stalls).
 */
export function inStepRoundsTpotMs(
  s: ServingInputs,
  concurrency: number,
  budgetTokens: number,
  stat: 'p50' | 'mean' | 'p90',
): number | undefined {
  const c = Math.min(Math.floor(concurrency), Math.floor(s.maxBatch));
  if (c <= 1 || s.dataParallel > 1) return undefined;
  const ttfts = waveTtftsMs(s, c, budgetTokens);
  const steps = Math.max(1, s.outputTokens - 1);
  const last = ttfts[c - 1] as number;
  const step = s.stepMs(c);
  // Ascending once reversed: the last prompt of the wave waits least.
  return statisticOf(ttfts.map((t) => step + (last - t) / steps).reverse(), stat);
}
