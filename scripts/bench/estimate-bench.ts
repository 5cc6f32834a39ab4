/**
 * Estimator benchmark: time per estimate (µs) and a sweep of 10,000 configurations (ms).
 * Exported for the bench runner (`npm run bench`); also runnable with `npx tsx scripts/bench/estimate-bench.ts`.
 */
import { estimate, resolveRequest } from '../../src/core/estimate/index';
import type { EstimateRequest } from '../../src/core/estimate/types';

function must(r: ReturnType<typeof resolveRequest>): EstimateRequest {
  if (!r.ok) throw new Error(r.error);
  return r.request;
}

/** Runs the benchmark; returns named measurements. */
export function runEstimateBench(): { name: string; value: number; unit: string }[] {
  const single = must(
    resolveRequest({
      model: 'llama-3.1-70b',
      weights: 'fp8',
      hardware: 'h100-sxm-80gb',
      gpus: 4,
      engine: 'vllm',
      parallelism: { tensor: 4 },
      workload: { inputTokens: 2000, outputTokens: 300, requestsPerSecond: 4 },
    }),
  );
  for (let i = 0; i < 2000; i++) estimate(single); // warm-up (JIT)
  const n = 20000;
  let t0 = performance.now();
  for (let i = 0; i < n; i++) estimate(single);
  const perEstimateUs = ((performance.now() - t0) / n) * 1000;

  // 10,000 configurations: models × hardware × formats × parallelism × workloads.
  const models = ['llama-3.1-8b', 'llama-3.1-70b', 'qwen2.5-32b', 'mixtral-8x7b', 'gemma-2-27b'];
  const hardware = ['h100-sxm-80gb', 'a100-sxm-80gb', 'l40s-48gb', 'h200-sxm-141gb', 'b200-180gb'];
  const weights = ['bf16', 'fp8', 'int4-awq', 'int8'];
  const tps = [1, 2, 4, 8];
  const loads = [1, 4, 16, 64, 'max' as const];
  const inputs = [128, 512, 2048, 8192, 32000];
  const reqs: EstimateRequest[] = [];
  for (const m of models)
    for (const h of hardware)
      for (const w of weights)
        for (const tp of tps)
          for (const c of loads)
            for (const i of inputs) {
              if (reqs.length >= 10000) break;
              const r = resolveRequest({
                model: m,
                weights: w,
                hardware: h,
                gpus: tp,
                engine: 'vllm',
                parallelism: { tensor: tp },
                workload: { inputTokens: i, outputTokens: 256, concurrency: c },
              });
              if (r.ok) reqs.push(r.request);
            }
  while (reqs.length < 10000) reqs.push(reqs[reqs.length % 97] as EstimateRequest);
  t0 = performance.now();
  let fits = 0;
  for (const r of reqs) if (estimate(r).memory.fits) fits++;
  const sweepMs = performance.now() - t0;
  return [
    { name: 'estimate: time per estimate', value: Number(perEstimateUs.toFixed(2)), unit: 'µs' },
    { name: 'estimate: sweep of 10,000 configurations', value: Number(sweepMs.toFixed(1)), unit: 'ms' },
    { name: 'estimate: configurations that fit in the sweep', value: fits, unit: 'count' },
  ];
}

if (typeof process !== 'undefined' && process.argv[1] && /estimate-bench\.ts$/.test(process.argv[1])) {
  for (const r of runEstimateBench()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
