import { strict as assert } from 'node:assert';
import { parseCases, runAccuracy, scoreCases, predictCase } from '../../../../src/core/accuracy/index';
import { accuracyCommand } from '../../../../src/cli/commands/accuracy';
import { quantile } from '../../../../src/core/accuracy/report';
import { catalog } from '../../../../src/core/catalog';
import { memoryIo, ROOT } from '../../support/helpers';
import { CASE_FILES } from '../../../../scripts/generators/caseFiles';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CASES = `cases:
- id: T1-tg
  model: llama-3-8b
  weights: q4_k_m
  hardware: rtx-4090-24gb
  gpus: 1
  engine: llama.cpp
  workload: {inputTokens: 0, outputTokens: 128, concurrency: 1}
  metric: decodeTokensPerSecond
  measured: 130
  source: test
- id: T2
  model: llama-3.1-8b
  weights: fp8
  kvCache: fp8
  hardware: h100-sxm-80gb
  gpus: 1
  engine: tensorrt-llm
  workload: {inputTokens: 128, outputTokens: 128, concurrency: max}
  metric: outputTokensPerSecond
  measured: 28000
- id: T3
  model: no-such-model
  weights: bf16
  hardware: h100-sxm-80gb
  engine: vllm
  workload: {inputTokens: 10, outputTokens: 10, concurrency: 1}
  metric: ttftMs
  measured: 10
- id: T4
  model: llama-2-7b
  weights: q4_0
  engine: llama.cpp
  metric: weightsGiB
  measured: 3.56
`;

describe('accuracy', () => {
  it('never reads `measured`: changing the measurements leaves the predictions identical', () => {
    const a = parseCases(CASES).cases;
    const b = parseCases(CASES.replace(/measured: [0-9.]+/g, 'measured: 1')).cases;
    const pa = scoreCases(a).cases.map((c) => [c.predicted, c.low, c.high]);
    const pb = scoreCases(b).cases.map((c) => [c.predicted, c.low, c.high]);
    assert.deepEqual(pa, pb);
    // and the prediction input carries no measurement at all
    for (const c of a) assert.equal('measured' in c.input, false);
    const trap = { ...a[0]!.input } as Record<string, unknown>;
    Object.defineProperty(trap, 'measured', { get: () => assert.fail('measured was read'), enumerable: false });
    predictCase(trap as never);
  });

  it('reports unknown ids as predicted null with an error, counted', () => {
    const rep = runAccuracy(CASES);
    const t3 = rep.cases.find((c) => c.id === 'T3')!;
    assert.equal(t3.predicted, null);
    assert.match(t3.error!, /unknown model id 'no-such-model'/);
    assert.equal(rep.summary['ttftMs']!.errors, 1);
    assert.equal(rep.summary['ttftMs']!.n, 0);
    assert.equal(rep.overall.errors, 1);
  });

  it('a case can state the LoRA adapters it ran with: the prediction includes their kernels', () => {
    const text = (lora: string) => `cases:
- id: one
  model: llama-3.1-8b
  hardware: h100-sxm-80gb
  engine: vllm
  gpus: 1
  workload: {inputTokens: 0, outputTokens: 128, concurrency: 1}${lora}
  metric: tpotMs
  measured: 8
`;
    const plain = predictCase(parseCases(text('')).cases[0]!.input).predicted!;
    const lora = predictCase(parseCases(text('\n  lora: {adapters: 1, rank: 16}')).cases[0]!.input).predicted!;
    // 32 layers × 8 kernels × 4.5 µs plus the adapter read: about 1.2 ms per token.
    assert.ok(lora - plain > 1.1 && lora - plain < 1.3, `${plain} → ${lora}`);
  });

  it('predicts weights without hardware (q4_0 llama-2-7b ≈ 3.56 GiB)', () => {
    const t4 = runAccuracy(CASES).cases.find((c) => c.id === 'T4')!;
    assert.ok(Math.abs(t4.predicted! - 3.56) / 3.56 < 0.03);
  });

  it('CLI --format json follows the contract', async () => {
    const { io, out } = memoryIo({ 'cases.yaml': CASES });
    const code = await accuracyCommand(['cases.yaml', '--format', 'json'], io);
    assert.equal(code, 0);
    const j = JSON.parse(out.stdout);
    assert.equal(j.cases.length, 4);
    const c = j.cases[0];
    for (const k of ['id', 'metric', 'measured', 'predicted', 'low', 'high']) assert.ok(k in c, k);
    assert.ok(c.low <= c.predicted && c.predicted <= c.high);
    for (const k of ['n', 'medianAbsPctError', 'p90AbsPctError']) assert.ok(k in j.summary.decodeTokensPerSecond, k);
  });

  it('CLI text format prints a table; bad files exit 2', async () => {
    const { io, out } = memoryIo({ 'cases.yaml': CASES, 'bad.yaml': 'just: text' });
    assert.equal(await accuracyCommand(['cases.yaml'], io), 0);
    assert.match(out.stdout, /id\s+metric\s+measured\s+predicted/);
    assert.match(out.stdout, /median\|err\|%/);
    assert.equal(await accuracyCommand(['bad.yaml'], io), 2);
    assert.equal(await accuracyCommand(['missing.yaml'], io), 2);
  });
});

/** Every vendored case file (scripts/generators/caseFiles.ts), as one report. */
function vendoredReport(): ReturnType<typeof scoreCases> {
  const cases = CASE_FILES.flatMap((f) => parseCases(readFileSync(join(ROOT, 'data', 'calibration', f), 'utf8')).cases);
  return scoreCases(cases);
}

describe('accuracy: the published figures', () => {
  it('docs/accuracy.md states what the vendored cases give today (regenerate with `npx tsx scripts/gen-accuracy-doc.ts`)', () => {
    const report = vendoredReport();
    const doc = readFileSync(join(ROOT, 'docs', 'accuracy.md'), 'utf8');
    const pct = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)}%`);
    const share = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(0)}%`);
    assert.ok(Object.keys(report.summary).length >= 6, 'every metric group is scored');
    const inSample = doc.slice(doc.indexOf('## In-sample'));
    for (const [metric, s] of Object.entries(report.summary)) {
      const row = `| ${metric} | ${s.n} | ${pct(s.medianAbsPctError)} | ${pct(s.p90AbsPctError)} | ${share(s.bandCoverage)} | ${s.errors} |`;
      assert.ok(inSample.includes(row), `docs/accuracy.md lacks the current in-sample row:\n${row}`);
    }
    assert.ok(
      inSample.includes(`Overall: ${report.overall.n} cases predicted, ${report.overall.errors} not predicted`),
      'overall line',
    );
    assert.match(doc, /## Cross-validated[\s\S]*Leave-one-source-out over \d+ publications/);
  });
});

/**
 * The published in-sample accuracy on every vendored case (the three files of data/calibration/)
 * as a floor: a change to the estimator, the calibration or the catalog that makes any metric
 * worse fails here instead of being regenerated into the doc. Improve a figure, then tighten it
 * here. Errors are in percent as `scoreCases` rounds them (two decimals); the tolerance only
 * absorbs float noise in the last digit, not a regression. (Until estimator 2.0 the floor covered
 * cases.yaml alone: 128 cases from 8 publications; now 353 from 23.)
 */
const PUBLISHED: Record<
  string,
  { n: number; median: number | null; p90: number | null; inBand: number | null; notPredicted: number }
> = {
  // Without the small-M expert penalty in decode steps (2026-12-04): 8.48 / p90 30.05 → 7.39 / 29.99.
  // llama.cpp on GDDR data-centre cards with a bandwidth efficiency of their own (2026-12-05, the
  // catalog's memoryType): the L40S's three decodes −22…−26% → within ±11%, out of sample too; the
  // refit of the shared llama.cpp overheads re-based decode 7.49 → 7.50 / p90 30.16 → 31.66 / in
  // band 0.965 → 0.953 (the decode band's upper side, no longer stretched by the L40S, narrowed from
  // ×1.42 to ×1.27); tightened prefill 11.96 → 11.95 / p90 38.07 → 38.01. Cross-validated decode
  // 11.07 → 10.80, all 17.13 → 16.76.
  // 2026-12-05, seventh session: the kernels between the GEMMs (elementwise.ts) and the refit they
  // bring (llama.cpp's step overhead 1,680 → 1,520 µs, its bandwidth efficiencies −3%): re-based
  // decode 7.50 → 7.57; tightened p90 31.66 → 30.00. Cross-validated decode 10.80 → 10.6.
  // 2026-12-06, eighth session: llama.cpp's time per layer per GPU backend (Metal, Vulkan, ROCm;
  // backend.ts) read from the cases' `backend`: tightened decode 7.57 → 5.79 / p90 30.00 → 21.09;
  // re-based in band 0.953 → 0.918: the refitted decode band is narrower (×0.60–×1.27 →
  // ×0.70–×1.17) now that the Vulkan cards' and Apple's fixed times are their own. Cross-validated
  // decode 10.61 → 9.13, in band 0.824 → 0.835, all 18.95 → 17.81 (crossValidated.test.ts).
  // 2026-12-06, tenth session (13 more serving cases, decode without CUDA graphs, the refit; below):
  // tightened 5.79 → 5.42; re-based p90 21.09 → 21.10 and in band 0.929 → 0.918: one case,
  // L022-tg (Llama-3.2-3B on an M3 Ultra, 154.6 tok/s), −13% → −28% past the band's edge with the
  // refitted Metal time per layer (107 → 171 µs, with Apple's bandwidth efficiency 0.785 → 0.865).
  // 2026-12-06, thirteenth session: a prompt's eager dispatch overlaps its GPU work (timing.ts
  // overlappedPassMs, the fitted sync share 0.77) and the refit of vLLM's and SGLang's shared
  // constants (graph-captured kernel 4.24 → 3.95 µs): tightened 5.42 → 5.39; re-based p90 21.10 →
  // 21.13 (vLLM's one-stream decodes move with the refitted step and kernel times).
  // 2026-12-07, sixteenth session: a decode step's GEMMs and attention at their own rooflines, a
  // soft corner between a GEMM's bounds, FP8/FP4 GEMMs at 0.83/0.65 of the 16-bit share (timing.ts,
  // calibration.json lowPrecisionGemmShare), refitted from the priors. Tightened p90 21.13 → 21.10;
  // re-based 5.39 → 5.42: llama.cpp's shared constants refitted with the step (Metal's time per
  // layer 146 → 171 µs, Apple's bandwidth 0.832 → 0.865; the one-stream decodes move ±1 point).
  decodeTokensPerSecond: { n: 85, median: 5.42, p90: 21.1, inBand: 0.918, notPredicted: 1 },
  // 2026-12-05, third session: L018-pp left out (data/calibration/excluded.yaml: a first gfx1151
  // ROCm build, a fifth of the prompt rate per FLOP thirteen rows on the same chip reach): n 58 → 57;
  // with the refit below, prefill 11.95 → 11.83 / p90 38.01 → 37.10 / in band 0.931 → 0.947.
  // 2026-12-05, fourth session (the refit with S183–S245 below): prefill 11.83 → 11.60 / p90 37.10 → 36.86.
  // Fifth session (mean lengths, paged KV, SGLang's scheduler interval; below): p90 36.86 → 36.92 re-based.
  // Sixth session (the benchmark's first wave, below; the attention factor bounded at ≥ 0.85):
  // re-based 11.60 → 11.64 / p90 36.92 → 36.93.
  // Seventh session (the kernels between the GEMMs): tightened 11.64 → 9.64 / p90 36.93 → 36.18.
  // Eighth session (the time per layer per backend, above): re-based 9.64 → 9.66 / p90 36.18 → 36.22
  // (a prompt pays the layer times once; the Vulkan builds' prompts are 1–2% faster, XDAI's slower).
  // Tenth session (below): re-based 9.57 → 10.44 / p90 35.95 → 36.82 — the shared attention factor
  // refitted 1 → 0.85 (its bound) with the new 16,000-token vLLM prompts; cross-validated prefill
  // 15.03 → 10.81 (crossValidated.test.ts).
  // Thirteenth session (the prompt pass's host/GPU overlap, above): tightened 10.44 → 9.75 / p90
  // 36.82 → 35.97.
  // 2026-12-07, sixteenth session: a decode step's GEMMs and attention at their own rooflines, a
  // soft corner between a GEMM's bounds, FP8/FP4 GEMMs at 0.83/0.65 of the 16-bit share (timing.ts,
  // calibration.json lowPrecisionGemmShare), refitted from the priors. Re-based 9.75 → 9.91 / p90
  // 35.97 → 36.82: llama.cpp's compute efficiencies refitted 2–3% lower (their quant factor 0.772 →
  // 0.795) and vLLM/SGLang's prompt sync share 0.77 → 0.725; the prompt model itself is unchanged.
  prefillTokensPerSecond: { n: 57, median: 9.91, p90: 36.82, inBand: 0.947, notPredicted: 0 },
  // The kernel-count launch model (kernels.ts) lowered every cross-validated median (held by the
  // cross-validation test below); in-sample it traded the tails: throughput p90 58.95 → 94.82 (the
  // MI300X serving cases, whose ROCm kernels run slower than the CUDA time per kernel — an AMD
  // factor did not survive cross-validation), TTFT p90 88.05 → 187 (eager prefill launches of large
  // MoE models in short-prompt TTFTs), TPOT in band 0.942 → 0.913. Medians and the rest tightened.
  // The fixed time of a prompt's forward charged to the decode batch (serving.ts, 2026-12-04) took
  // throughput to 14.16 / p90 57.86, TTFT to 35.87 / p90 95.84 and TPOT to 12.24, in band 0.942; the
  // TPOT p90 moved 50.55 → 50.70 (vLLM runs whose long prompts now make their step eager).
  // Attention at the KV cache's precision, not the weights' (2026-12-05; docs/estimator.md "Attention's
  // peak"), and the refit it brings: re-based decode 7.39 → 7.49, prefill 11.93 → 11.96, throughput
  // 14.16 → 14.95, TPOT p90 50.70 → 51.57 — shared parameters refitted (the attention efficiency
  // factor back at its bound 1, TensorRT-LLM's compute efficiency 0.51 → 0.525); tightened TTFT
  // 35.87 → 34.57 / p90 95.84 → 93.18 / in band 0.976, TPOT 12.24 → 11.41, throughput p90 → 57.56,
  // in band 0.934. It makes an NVFP4 model's 128K-token prompt right to 2–18% instead of 2× fast.
  // The lm_head at the 16-bit rate in FP8/FP4 checkpoints (2026-12-05): throughput 14.95 → 14.75.
  // 2026-12-05, a contradicted row replaced by its table's representative ones (S040 → S181, S182,
  // data/calibration/excluded.yaml) and three changes the cross-validation asked for after it (one
  // time per graph-captured kernel for vLLM and SGLang, SGLang's fixed TTFT cost at most 20 ms, the
  // activation-quantization kernels of a prompt's eager pass; docs/estimator.md): re-based, with
  // fewer free parameters, throughput 14.75 → 14.85 / p90 57.56 → 59.12 / in band 0.934 → 0.923,
  // TPOT 11.41 → 13.93 / p90 → 51.74, TTFT in band 0.976 → 0.952; tightened TTFT 34.57 → 28.11 /
  // p90 93.18 → 62.50. Cross-validated (the figures users read) all metrics 17.3 → 17.1, TPOT
  // 19.6 → 18.5 (crossValidated.test.ts).
  // 2026-12-05, third session: SGLang's separate prompt forward holds the decode batch for the
  // fitted share the overlap scheduler does not hide (prefillForwardBlocking 0.58; docs/estimator.md).
  // Cross-validated TPOT 18.5 → 15.9, all 15.7 → 15.0 (crossValidated.test.ts); in-sample re-based
  // throughput 14.85 → 15.02 and TTFT 28.11 → 29.36 / p90 62.5 → 63.97 / in band 0.952 → 0.929 (the
  // refit's SGLang step and expert streaming moved with it); tightened throughput p90 59.12 → 57.56,
  // TPOT 13.93 → 12.08 / p90 51.74 → 49.43.
  // 2026-12-05, fourth session: 63 more cases (InferenceX baseline tables of 2026-05 and 2026-09,
  // SGLang v0.5.12–0.5.19 DeepSeek-R1 on H200, B200, B300 and MI325X; more-serving.yaml S183–S245)
  // and the refit they bring (vLLM/SGLang time per graph-captured kernel 6.03 → 4.1 µs, fixed steps
  // up, SGLang's expert streaming factor 0.81 → 1, the attention efficiency factor 1 → 0.825).
  // n 91 / 42 / 69 → 112 / 63 / 90. Re-based, as the set changed: throughput 15.02 → 16.17, TTFT
  // 29.36 → 33.19 / p90 63.97 → 70.85 / in band 0.929 → 0.905 (the new tables' TTFTs grow to 2–7×
  // their low-load values at 16–64 concurrent and are predicted −20…−82% there; the B300 one- and
  // four-stream rows +39…+108%; H200 8K/1K at 64 concurrent +434%, where the model's KV pool holds
  // fewer than 64 sequences and queues the rest); tightened throughput p90 57.56 → 56.91 /
  // in band 0.946, TPOT p90 49.43 → 43.81 / in band 0.956; TPOT 12.08 → 13.50 re-based.
  // 2026-12-05, fifth session: the InferenceX cases at their harness's mean lengths (0.9 × nominal),
  // a paged KV pool batching at the mean in-flight length, SGLang's --scheduler-recv-interval wait
  // and its fused all-reduce + norm (docs/estimator.md), and the refit. Tightened throughput 16.17
  // → 14.90 / p90 56.91 → 52.65, TTFT p90 70.85 → 63.64 / in band 0.905 → 0.952, TPOT 13.50 →
  // 12.27 / p90 43.81 → 41.51. Re-based TTFT 33.19 → 37.94: the B300 rows, whose one-stream TTFT
  // is predicted twice over, now also carry their script's scheduler interval (+60…+100% at 4–16
  // concurrent), and the shorter mean prompts lower every InferenceX TTFT the model already had
  // low; TPOT in band 0.956 → 0.933 (the refitted TPOT band is narrower: upper edge ×2.94 → ×2.75).
  // 2026-12-05, sixth session: a closed-loop benchmark's first C prompts arrive together, so a mean
  // TTFT over its N prompts includes that wave (83 InferenceX cases now say N; benchmarkStart.ts);
  // SGLang's share of a prompt forward the decode batch waits for is no longer fitted (the whole
  // forward; it had been fitted to absorb InferenceX's unexplained TTFTs under load); the shared
  // attention factor is bounded at ≥ 0.85 by the kernels' published efficiency (docs/estimator.md).
  // Tightened TTFT 37.94 → 26.22 / p90 63.64 → 61.85, TPOT in band 0.933 → 0.956. Re-based
  // throughput 14.90 → 15.23 / p90 52.65 → 53.53 and TPOT 12.27 → 13.02 / p90 41.51 → 44.03: one
  // free parameter fewer and one bounded (in sample they had bought these; held out, the estimator
  // is better without them: cross-validated throughput 22.21 → 21.14, TTFT 39.96 → 28.09, all
  // 19.14 → 18.48; crossValidated.test.ts).
  // 2026-12-05, seventh session: the kernels between the GEMMs (norms, activations, MoE sums;
  // elementwise.ts) and the refit, and three cookbook throughputs left out (S082, S089, S141: one
  // request's 38–48 s first-token stall in a 10-request run; data/calibration/excluded.yaml):
  // n 112 → 109. Tightened throughput 15.23 → 14.12 / p90 53.53 → 48.33, TTFT 26.22 → 25.05 / p90
  // 61.85 → 60.81, TPOT 13.02 → 12.74 / p90 44.03 → 41.52. Re-based throughput in band 0.946 →
  // 0.936 and TTFT in band 0.952 → 0.937: the refitted bands are narrower (throughput's lower edge
  // ×0.33 → ×0.57 once the stalled runs left, TTFT's ×0.51 → ×0.56). Cross-validated TensorRT-LLM
  // batched throughput 15.7 → 11.5, prefill 14.4 → 11.8, TTFT 28.1 → 26.7 (crossValidated.test.ts).
  // 2026-12-06, ninth session: ROCm's FP8 fused-MoE time (vLLM and SGLang, AMD, FP8 MoE weights;
  // timing.ts rocmFp8Moe) and the refit (AMD bandwidth efficiency 0.449 → 0.517, time per
  // graph-captured kernel 4.64 → 4.24 µs, NVLink all-reduce latency 6.83 → 10 µs), bands widened
  // 30% for unseen cases (fit.ts). Tightened decode in band 0.918 → 0.929, prefill 9.66 → 9.57 /
  // p90 36.22 → 35.95, throughput 14.12 → 13.81 / p90 48.33 → 32.79 / in band 0.936 → 0.945, TTFT
  // in band 0.937 → 0.984, TPOT 12.74 → 12.47 / p90 41.52 → 32.72. Re-based TTFT 25.05 → 25.33 /
  // p90 60.81 → 61.47 (SGLang's fixed TTFT 0.8 → 4.1 ms and its eager kernel 62.7 → 60.6 µs in the
  // refit) and TPOT in band 0.956 → 0.944 (the refitted TPOT band is narrower: its upper edge
  // ×2.79 → ×1.87 once the MI300X runs stopped stretching it). Cross-validated TPOT 25.47 → 22.09,
  // all 17.81 → 16.92 (crossValidated.test.ts).
  // 2026-12-06, tenth session: 13 more published serving cases from three publications
  // (more-serving.yaml S246–S258: SGLang's pull requests on H20 and H200, vLLM issue #20469, a vLLM
  // benchmark repository; 26 more in excluded.yaml with why), decode without CUDA graphs (vLLM
  // --enforce-eager, SGLang --disable-cuda-graph; timing.ts eagerDecode) and the refit (SGLang's fixed
  // step 139 → 474 µs, the attention factor 1 → 0.85). n 109 / 63 / 90 → 116 / 67 / 92. Tightened
  // throughput p90 32.79 → 30.94 / in band 0.945 → 0.948, TTFT p90 61.47 → 61.08, TPOT 12.47 →
  // 12.29. Re-based, as the set changed: throughput 13.81 → 13.87, TTFT 25.33 → 26.25 / in band
  // 0.984 → 0.955 (S199 +88% → +90% and S211 −62%, on the band's edges, crossed them with the
  // refitted band; the four new TTFTs are inside), TPOT p90 32.72 → 34.55 / in band 0.944 → 0.935
  // (the cookbook's gpt-oss-120b one-stream TPOT S064 +34% → +48%). Cross-validated (what users
  // read): TPOT 22.09 → 19.4, prefill 15.03 → 10.8, throughput 20.38 → 19.1, all 16.92 → 16.2.
  // 2026-12-06, eleventh session: SGLang's memory contract from its source (the KV pool is the
  // static fraction of the memory free at start less the weights; the fraction's default by its own
  // rule; sglangMemory.ts) and vLLM's activation peak as its profile run takes it (the larger of the
  // forward and the sampler warm-up, the sampler on every tensor rank), and the refit: the 8× H200
  // DeepSeek-R1 8K/1K run at 64 concurrent (S198–S200) now holds its 64 sequences (it had queued 4),
  // SGLang's fixed TTFT 5.83 → 4.5 ms and eager kernel 58.3 → 60.1 µs. Tightened throughput 13.87 →
  // 13.64 / p90 30.94 → 30.79, TTFT p90 61.08 → 58.61 / in band 0.955 → 0.970, TPOT 12.29 → 12.11
  // / p90 34.55 → 34.53. Re-based TTFT 26.25 → 26.85: S199 +90% → −49% (its queue gone, the wave
  // of 64 prompts of 7,373 tokens is predicted short) and the refitted SGLang fixed times move the
  // short-prompt TTFTs. Cross-validated (what users read): throughput 19.05 → 18.9, all 16.22 → 15.9.
  // 2026-12-06, thirteenth session: a prompt's pass takes the longer of the host's eager dispatch
  // and its GPU work plus a fitted 0.77 of the shorter (timing.ts overlappedPassMs; they were added),
  // so long prompts on vLLM and SGLang no longer pay their whole dispatch on top of their GEMMs.
  // Tightened TTFT 26.85 → 24.02 / in band 0.970 → 0.985, throughput p90 30.79 → 30.24, TPOT p90
  // 34.53 → 33.86. Re-based throughput 13.64 → 13.93 / in band 0.948 → 0.931, TTFT p90 58.61 →
  // 61.10, TPOT 12.11 → 12.92: the fit's objective (log errors over every case) prefers the share
  // near serial, so the in-sample figures move both ways; held out, the change is what users read:
  // throughput 18.90 → 17.1, TTFT 26.11 → 25.2, TPOT 19.74 → 18.6, all 15.88 → 15.6
  // (crossValidated.test.ts).
  // 2026-12-07, fourteenth session: NVIDIA's NVFP4 DeepSeek checkpoints keep the latent attention
  // projections in bf16 (weights.ts sixteenBitAttentionParams): their bytes, their GEMMs at the
  // 16-bit rate, no activation quantization in front of them; MXFP4's bf16 layers also run at the
  // 16-bit rate. The calibration is not refitted (a refit from the priors reached objective 0.8518,
  // the shipped parameters score 0.8508 on the new model). Tightened TTFT p90 61.10 → 58.04 (the B300
  // NVFP4 prompts launch 122 fewer quantization kernels), TPOT 12.92 → 12.69. Re-based TPOT p90
  // 33.86 → 34.04: the six B300 NVFP4 decode cases, already predicted slow (+21…+30%), read 8.5 GB
  // of bf16 latent projections a step instead of 2.4 GB of FP4 and move −0.2…+3.7 points.
  // 2026-12-07, fifteenth session: TensorRT-LLM admits a request once KV for its whole length is
  // reserved (its default capacity scheduler, GUARANTEED_NO_EVICT: no more mean-length gain), and
  // its default KV cache on ModelOpt FP8/NVFP4 checkpoints is FP8 (not on MLA models). Not
  // refitted. Tightened throughput 13.93 → 13.84 (TensorRT-LLM's throughput cases 13.9 → 11.6).
  // Re-based throughput p90 30.24 → 31.75 / in band 0.931 → 0.914: the Blackwell NVFP4 rows of
  // NVIDIA's perf overview that state no KV cache (B103 Llama-3.3-70B −0.3% → +55.9%, B107
  // Qwen3-30B-A3B +10.8% → +96.9%) were right only because a 16-bit cache halved the batch the
  // mean-length gain doubled; with the checkpoints' FP8 cache they show the B200/GB200 over-prediction
  // the whole perf overview has (+26…+44% on its dense rows there, against 3–13% on H100, H200 and
  // RTX PRO 6000; docs/accuracy.md), and the two DeepSeek-R1 max-throughput rows (B703, B705, run
  // with attention data parallel, not stated) lose the gain: −54% → −60%, −36% → −49%.
  // 2026-12-07, sixteenth session: a decode step's GEMMs and attention at their own rooflines, a
  // soft corner between a GEMM's bounds, FP8/FP4 GEMMs at 0.83/0.65 of the 16-bit share (timing.ts,
  // calibration.json lowPrecisionGemmShare), refitted from the priors. Tightened throughput 13.84 →
  // 10.77 / p90 31.75 → 29.01 / in band 0.914 → 0.94 (TensorRT-LLM's 11.6 → 7.3; B103 +56% → +20%),
  // TTFT p90 58.04 → 56.63, TPOT 12.69 → 11.09 / in band 0.935 → 0.946. Re-based TTFT 24.02 → 25.03 /
  // in band 0.985 → 0.97 and TPOT p90 34.04 → 36.64: the refit moved vLLM's and SGLang's fixed times
  // (vLLM's TTFT 29.8 → 27.6 ms, SGLang's 1.8 → 4.4 ms, prompt sync share 0.77 → 0.725): gpustack's
  // Qwen3-8B TTFTs on an H100 −23%/−17% → −27%/−21% under vLLM, +31% → +35% under SGLang.
  // 2026-12-07, twentieth session: a linear-attention layer's state splits over the tensor ranks
  // like its heads (kv.ts; it was held whole on every rank) and a decode step reads and writes it
  // back; SGLang gives such states a pool of their own (memory.ts sglangHybridSequences). Not
  // refitted. Re-based throughput p90 29.01 → 29.61: Qwen3-Next on SGLang at 100 concurrent on
  // 8 × B200 (S120), already predicted fast, reads less state per rank at TP 8 (+29.3% → +30.7%),
  // the p90 sits on it; the same Qwen3-Next rows under vLLM (S249–S253) move −1…+4 points. The
  // changes are the engines' own rules; on the SGLang cookbook's 2026 runs of Qwen3.5 (not fitted,
  // scripts/research/sglang-cookbook-2026) TPOT at 1,024 concurrent went −1…+123% → −1…+34%.
  outputTokensPerSecond: { n: 116, median: 10.77, p90: 29.61, inBand: 0.94, notPredicted: 0 },
  ttftMs: { n: 67, median: 25.03, p90: 56.63, inBand: 0.97, notPredicted: 0 },
  tpotMs: { n: 92, median: 11.09, p90: 36.64, inBand: 0.946, notPredicted: 0 },
  weightsGiB: { n: 6, median: 0.04, p90: 0.26, inBand: 1, notPredicted: 0 },
  // 2026-12-06, eleventh session: 93 memory figures from 50 published vLLM and SGLang startup logs
  // (data/calibration/memory.yaml) joined the one KV-pool case; C101 7.71% → 1.0% with vLLM's
  // profile-run peak. Re-based as the set changed: the worst are vLLM V0 releases (0.6–0.7), whose
  // logged activation peaks (up to 9.4 GiB for an 8 B model) the profile-run model does not reproduce.
  // 2026-12-06, twelfth session: vLLM's profile run refitted on its 0.19 logs (sampler 3.6 copies
  // + 0.21 GiB, MoE +0.5 GiB, NCCL NVLS buffers 1.5 GiB at TP ≥ 2 on NVSwitch Hopper/Blackwell).
  // Tightened the median 2.61 → 1.2. Re-based p90 21.33 → 27.81 and in band 0.941 → 0.922: the
  // logs of vLLM 0.11–0.15 (gpt-oss-120b and Qwen3-32B on one H100, +108% and +75%), which
  // reserved about 3 GiB more than 0.19, moved further off as the model follows the newer release.
  kvCacheGiBPerGpu: { n: 51, median: 1.2, p90: 27.81, inBand: 0.922, notPredicted: 0 },
  weightsGiBPerGpu: { n: 43, median: 0.22, p90: 4.51, inBand: 0.953, notPredicted: 0 },
};
/**
 * The "target (median)" column of docs/accuracy.md, percent: issue 16's targets on unseen
 * measurements (decode ≤ 10%, prefill ≤ 18%, serving throughput ≤ 18%, TTFT/TPOT ≤ 20%, memory ≤ 2%).
 * Until 2026-12-07 the column showed the project's first targets (prefill and throughput 20%,
 * TTFT and TPOT 25%, weights 3%), which hid that the held-out TTFT misses the issue's.
 */
const TARGET_MEDIAN: Record<string, number> = {
  decodeTokensPerSecond: 10,
  prefillTokensPerSecond: 18,
  outputTokensPerSecond: 18,
  ttftMs: 20,
  tpotMs: 20,
  weightsGiB: 2,
  weightsGiBPerGpu: 2,
  kvCacheGiBPerGpu: 2,
};
const FLOAT_NOISE_PCT = 0.01;
const FLOAT_NOISE_SHARE = 0.0005;

describe('accuracy: no regression on the vendored cases', () => {
  let summary: ReturnType<typeof runAccuracy>['summary'];
  before(() => {
    summary = vendoredReport().summary;
  });

  it('scores exactly the published metrics', () => {
    assert.deepEqual(Object.keys(summary).sort(), Object.keys(PUBLISHED).sort());
  });

  for (const [metric, pub] of Object.entries(PUBLISHED)) {
    it(
      `${metric}: median ≤ ${pub.median ?? '—'}%, p90 ≤ ${pub.p90 ?? '—'}%, in band ≥ ${pub.inBand ?? '—'}, ` +
        `no more cases left unpredicted`,
      () => {
        const s = summary[metric]!;
        assert.ok(
          s.errors <= pub.notPredicted,
          `${metric}: ${s.errors} cases not predicted (published ${pub.notPredicted})`,
        );
        assert.ok(s.n + s.errors >= pub.n + pub.notPredicted, `${metric}: fewer cases scored than published`);
        if (pub.median === null || pub.p90 === null || pub.inBand === null) return;
        assert.ok(
          s.medianAbsPctError !== null && s.medianAbsPctError <= pub.median + FLOAT_NOISE_PCT,
          `${metric}: median abs error ${s.medianAbsPctError}% > published ${pub.median}%`,
        );
        assert.ok(
          s.p90AbsPctError !== null && s.p90AbsPctError <= pub.p90 + FLOAT_NOISE_PCT,
          `${metric}: p90 abs error ${s.p90AbsPctError}% > published ${pub.p90}%`,
        );
        assert.ok(
          s.bandCoverage !== null && s.bandCoverage >= pub.inBand - FLOAT_NOISE_SHARE,
          `${metric}: ${s.bandCoverage} of the measurements in band < published ${pub.inBand}`,
        );
      },
    );
  }

  // The targets were set on the shared set (cases.yaml); it still meets every one of them. On the
  // whole vendored set docs/accuracy.md shows where they are not met yet (serving throughput, TTFT).
  it('the shared set (cases.yaml) meets the median target of every metric it has (all but weights per GPU)', () => {
    const shared = runAccuracy(readFileSync(join(ROOT, 'data', 'calibration', 'cases.yaml'), 'utf8')).summary;
    const present = Object.keys(TARGET_MEDIAN).filter((metric) => metric in shared);
    assert.deepEqual(
      Object.keys(TARGET_MEDIAN).filter((metric) => !present.includes(metric)),
      ['weightsGiBPerGpu'],
    );
    for (const metric of present) {
      const target = TARGET_MEDIAN[metric]!;
      const m = shared[metric]?.medianAbsPctError;
      assert.ok(m !== undefined && m !== null && m <= target, `${metric}: median ${m}% above the ${target}% target`);
    }
  });

  it('docs/accuracy.md publishes these targets, each marked met or missed by its cross-validated median', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'accuracy.md'), 'utf8');
    for (const [metric, target] of Object.entries(TARGET_MEDIAN)) {
      const row = new RegExp(
        `\\| ${metric} \\| \\d+ \\| ([\\d.]+)% \\|[^\\n]*\\| ≤ ${target}% \\((met|\\*\\*missed\\*\\*)\\) \\|`,
      ).exec(doc);
      assert.ok(row, `${metric} target ≤ ${target}%`);
      assert.equal(row[2] === 'met', Number(row[1]) <= target, `${metric}: ${row[1]}% marked ${row[2]}`);
    }
    // The pooled rows the issue also names.
    assert.match(doc, /\| TTFT and TPOT together \| \d+ \| [\d.]+% \|[^\n]*\| ≤ 20% \((met|\*\*missed\*\*)\) \|/);
    assert.match(doc, /\| all timing metrics together \| \d+ \| [\d.]+% \|[^\n]*\| ≤ 15% \((met|\*\*missed\*\*)\) \|/);
  });
});

// TensorRT-LLM's v1.0 perf overview, every row (data/calibration/trt-perf-overview.yaml), is not
// fitted: an out-of-sample check on the tables aiconfigurator's 8.9% was measured on. The floors
// are today's figures (2026-12-07, sixteenth session: all 14.35%, dense 9.64%, after the decode
// step's per-kernel rooflines and the FP8/FP4 GEMM shares; 18.73% and 15.16% before them; 26.4% and
// 24.5% before TensorRT-LLM's full-length KV admission and the ModelOpt checkpoints' FP8 cache).
describe("accuracy: TensorRT-LLM's whole performance overview (not fitted)", () => {
  const text = readFileSync(join(ROOT, 'data', 'calibration', 'trt-perf-overview.yaml'), 'utf8');
  const cases = parseCases(text).cases;
  // MoE as docs/accuracy.md's table splits the rows: by the catalog model's architecture.
  const modelOf = new Map(cases.map((c) => [c.input.id, c.input.model]));
  const isMoe = (id: string) => Boolean(catalog.models.get(modelOf.get(id) ?? '')?.architecture.moe);
  const median = (xs: number[]) => quantile(xs, 0.5) ?? NaN;

  it('every one of its 322 rows parses and is predicted', () => {
    assert.equal(cases.length, 322);
    assert.deepEqual(
      cases.filter((c) => c.problem !== undefined).map((c) => c.input.id),
      [],
    );
    assert.equal(scoreCases(cases).cases.filter((c) => c.predicted === null).length, 0);
  });

  it('median abs error: all rows ≤ 14.35%, the dense models ≤ 9.64%', () => {
    const scored = scoreCases(cases).cases;
    const all = median(scored.map((c) => c.absPctError!));
    const dense = median(scored.filter((c) => !isMoe(c.id)).map((c) => c.absPctError!));
    assert.ok(all <= 14.35 + FLOAT_NOISE_PCT, `all rows: ${all}%`);
    assert.ok(dense <= 9.64 + FLOAT_NOISE_PCT, `dense rows: ${dense}%`);
  });
});

// The SGLang cookbook's 2026 speed tables (data/calibration/sglang-cookbook-2026.yaml) are not
// fitted: an out-of-sample check on the 2026 models no calibration case uses. The floors are
// today's figures (2026-12-07, twenty-first session): TTFT 35.89%, TPOT 29.37%, throughput 28.14%,
// after SGLang's running-request caps, Qwen3.5's float32 states, SGLang's decode context parallel,
// the variable-length rows' mean lengths, rounds in step and finite-run queues (before them 61%,
// 63% and 32% on the 309 rows then predicted; 57.1%, 42.0%, 28.7% before the last three).
// 2026-12-08 (twenty-second session): TTFT 32.67%, TPOT 27.07%, throughput 30.34% (was 28.14%),
// after SGLang's prefill delayer (the 12 DeepSeek-V4-Pro rows set it: TTFT +160…+197% →
// +10…+21%, TPOT +112…+134% → −10…−5%) and sparse attention at bf16 with an FP8 indexer (the
// FlashMLA kernels' precision). The throughput floor is loosened, not the physics: the Pro rows'
// throughput went from −27…−35% to +61…+73% because, with the stalls the delayer removes gone,
// what is left is the estimate's DeepSeek-V4 prefill being about 2.5× too fast (the GB300 Pro cell
// at 64 clients: TTFT −58%), which over-predicted stalls had cancelled (docs/estimator.md).
describe("accuracy: the SGLang cookbook's 2026 tables (not fitted)", () => {
  const text = readFileSync(join(ROOT, 'data', 'calibration', 'sglang-cookbook-2026.yaml'), 'utf8');
  const cases = parseCases(text).cases;
  const median = (xs: number[]) => quantile(xs, 0.5) ?? NaN;

  it('every one of its 351 rows parses and is predicted', () => {
    assert.equal(cases.length, 351);
    assert.deepEqual(
      cases.filter((c) => c.problem !== undefined).map((c) => c.input.id),
      [],
    );
    assert.deepEqual(
      scoreCases(cases)
        .cases.filter((c) => c.predicted === null)
        .map((c) => `${c.id}: ${c.error}`),
      [],
    );
  });

  it('median abs error: TTFT ≤ 32.67%, TPOT ≤ 27.07%, throughput ≤ 30.34%', () => {
    const scored = scoreCases(cases).cases;
    const of = (metric: string) => median(scored.filter((c) => c.metric === metric).map((c) => c.absPctError!));
    assert.ok(of('ttftMs') <= 32.67 + FLOAT_NOISE_PCT, `TTFT: ${of('ttftMs')}%`);
    assert.ok(of('tpotMs') <= 27.07 + FLOAT_NOISE_PCT, `TPOT: ${of('tpotMs')}%`);
    assert.ok(of('outputTokensPerSecond') <= 30.34 + FLOAT_NOISE_PCT, `throughput: ${of('outputTokensPerSecond')}%`);
  });
});

describe('accuracy: the case format is one zod schema', () => {
  it('every vendored case matches it', () => {
    const texts = [...CASE_FILES, 'excluded.yaml'].map((f) =>
      readFileSync(join(ROOT, 'data', 'calibration', f), 'utf8'),
    );
    const parsed = texts.map((t) => parseCases(t));
    assert.deepEqual(parsed.map((p) => p.error).filter(Boolean), []);
    const cases = parsed.flatMap((p) => p.cases);
    assert.deepEqual(
      cases.filter((c) => c.problem !== undefined).map((c) => `${c.input.id}: ${c.problem}`),
      [],
    );
  });

  it('a misspelt or malformed field makes the case not predicted, naming the field (no silent default)', () => {
    const text = CASES.replace(
      '  gpus: 1\n  engine: llama.cpp\n  workload: {inputTokens: 0',
      '  gpus: two\n  engine: llama.cpp\n  workload: {inputTokens: 0',
    ).replace(
      '  hardware: h100-sxm-80gb\n  gpus: 1\n  engine: tensorrt-llm',
      '  hardwre: h100-sxm-80gb\n  gpus: 1\n  engine: tensorrt-llm',
    );
    const rep = runAccuracy(text);
    const t1 = rep.cases.find((c) => c.id === 'T1-tg')!;
    assert.equal(t1.predicted, null);
    assert.match(t1.error!, /not in the case format: gpus: .*expected number/);
    assert.equal(t1.measured, 130, 'the measurement is still shown');
    const t2 = rep.cases.find((c) => c.id === 'T2')!;
    assert.equal(t2.predicted, null);
    assert.match(t2.error!, /Unrecognized key: "hardwre"/);
    assert.equal(rep.summary['decodeTokensPerSecond']!.errors, 1);
  });

  it('numeric ids are read as text; the request carries no measurement, source or note', () => {
    const { cases } = parseCases(
      'cases:\n- {id: 7, model: llama-3-8b, weights: q4_0, engine: llama.cpp, metric: weightsGiB, measured: 4, source: s, note: n}\n',
    );
    assert.equal(cases[0]!.input.id, '7');
    assert.deepEqual(Object.keys(cases[0]!.input).sort(), ['engine', 'id', 'metric', 'model', 'weights']);
    assert.equal(cases[0]!.measured, 4);
    assert.equal(cases[0]!.source, 's');
  });
});
