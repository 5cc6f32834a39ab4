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
 * Mean TTFT of the first C prompts, arriving together, ms. Prompt k (1-based) is done with the
 * forward that holds its last token, f = ⌈k·I ÷ budget⌉; forwards run back to back (SGLang runs
 * waiting prompts before decoding; vLLM's token budget goes to them too, less one token per running
 * sequence), each paying the fixed time of a prompt's forward (its latency beyond its batched
 * compute) and the batched compute of the tokens it holds.
 */
export function waveMeanTtftMs(s: ServingInputs, wave: number, budgetTokens: number): number {
  const I = Math.max(1, s.inputTokens);
  const budget = Math.max(1, budgetTokens);
  const fixedMs = Math.max(0, s.prefillLatencyMs - s.prefillBatchedMs);
  const perTokenMs = s.prefillBatchedMs / I;
  let sum = 0;
  for (let k = 1; k <= wave; k++) {
    const f = Math.ceil((k * I) / budget);
    const tokens = Math.min(f * budget, wave * I);
    sum += s.ttftOverheadMs + f * fixedMs + tokens * perTokenMs;
  }
  return sum / Math.max(1, wave);
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
