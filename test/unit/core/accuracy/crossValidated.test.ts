/**
 * The cross-validated accuracy (leave one publication out, every parameter refitted from the
 * priors on the others) as a floor: the figures docs/accuracy.md tells users to read. A change to
 * the estimator, its fitted parameters' list or bounds, the priors or the cases that makes them
 * worse fails here instead of being regenerated into the doc. Improve a figure, then tighten it.
 * Slow by nature (27 fits of the whole calibration over 518 cases: one per publication with
 * performance cases, one shared by the publications of memory figures only): about 14 minutes on two cores.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCases, summarizeReports } from '../../../../src/core/accuracy/index';
import { crossValidate } from '../../../../src/core/accuracy/crossValidate';
import { pooledMedianAbsPctError, timingMedianAbsPctError } from '../../../../src/core/accuracy/report';
import { ROOT } from '../../support/helpers';
import { CASE_FILES } from '../../../../scripts/generators/caseFiles';

/**
 * docs/accuracy.md "Cross-validated" table as published (one decimal): the median |error| in percent
 * at most the published figure's upper rounding edge, the share in band at least its lower edge.
 */
const CROSS_VALIDATED: Record<string, { median: number; inBand: number }> = {
  // 2026-12-04, the expert GEMM penalty left out of decode steps: decode 12.2 → 10.9, TTFT 45.4 →
  // 45.0, all 17.6 → 16.9, at the cost of prefill 16.7 → 16.8 and throughput 17.6 → 17.9 (refit).
  // 2026-12-05, attention at the KV cache's precision instead of the weights' (an NVFP4 model's
  // attention had run at the FP4 peak): re-based, not tightened. The per-case errors moved by +0.08
  // points on average, both ways, mostly through the refit of shared parameters; the medians moved
  // decode 10.9 → 11.1, prefill 16.8 → 16.9, TTFT 45.0 → 46.7, TPOT 19.4 → 19.6, all 16.9 → 17.6,
  // throughput 17.9 → 17.7 (tightened). Kept for the physics: the independent 128K-token
  // disaggregated TTFTs went from −61% / −54% to −2% / −18% (docs/estimator.md, docs/disaggregation.md).
  // Then the lm_head of FP8/FP4 checkpoints at the 16-bit rate: throughput 17.7 → 17.6, all 17.6 → 17.3.
  // 2026-12-05, later: case S040 (a TTFT its own table contradicts, twice its neighbours') replaced
  // by that table's 128- and 4,096-token rows (S181, S182). The data fix alone, with no model
  // change, took the fold without the SGLang cookbook from one set of SGLang parameters to another
  // (throughput 17.6 → 20.5, TTFT 46.7 → 50.9, TPOT 19.6 → 25.3, all 17.3 → 19.1, TTFT and TPOT in
  // band 0.90 / 0.93 → 0.81 / 0.81). One time per graph-captured kernel for vLLM and SGLang,
  // SGLang's fixed TTFT cost bounded at 20 ms, and the activation-quantization kernels of a prompt's
  // eager pass (docs/estimator.md) bring it to: decode 11.07, prefill 16.89, throughput 17.77,
  // TTFT 47.13, TPOT 18.47, all 17.13; in band throughput 0.846, TTFT 0.833, TPOT 0.841. Against the
  // old data: tightened all and TPOT, re-based throughput, TTFT and the TTFT/TPOT bands.
  // Then llama.cpp's bandwidth efficiency of its own on GDDR data-centre cards (the L40S decodes
  // −22…−26% → 0…+11%): decode 11.07 → 10.80, all 17.13 → 16.76; decode in band 0.894 → 0.835 (the
  // folds' decode bands, no longer stretched by the L40S, are narrower: re-based).
  // 2026-12-05, third session: case L018-pp (a first gfx1151 ROCm build's prompt rate, a fifth of
  // what thirteen rows on the same chip reach per FLOP; data/calibration/excluded.yaml) left out:
  // prefill 16.9 → 12.0, in band 0.759 → 0.877, all 16.76 → 15.74 (no model change). Then the
  // share of SGLang's separate prompt forward the decode batch waits for (prefillForwardBlocking,
  // fitted 0.58; docs/estimator.md): TPOT 18.5 → 15.9 (in band 0.84 → 0.94), throughput 17.8 →
  // 17.6, all 15.74 → 15.03; re-based TTFT 47.1 → 47.9 (in band 0.83 → 0.81), prefill 12.0 → 12.2
  // and throughput in band 0.846 → 0.802 (the fold without the SGLang cookbook now predicts its
  // 100-concurrent throughputs high rather than low, and the band's upper side is the narrower).
  // 2026-12-05, fourth session: 63 more cases from the InferenceX family (its 2026-05 and 2026-09
  // baseline tables: SGLang v0.5.12–0.5.19, DeepSeek-R1 on H200, B200, B300 and MI325X at 1–64
  // concurrent; more-serving.yaml S183–S245), no model change. Re-based, because the set changed:
  // the cases already here moved little (the SGLang cookbook's by −2.6 points on average, the
  // others within ±1.5 but the Azure H100 walkthrough's five, +8.1, NVIDIA's two TensorRT-LLM pages,
  // +10.0, and Tenstorrent's eight H100 runs, +3.6), while the held-out InferenceX fold predicts the
  // new rows at a median of 26% (throughput), 44% (TTFT) and 43% (TPOT, predicted slow): SGLang
  // 0.5.12 decodes DeepSeek-R1 about 40% faster than the other publications' SGLang runs imply. Throughput
  // 17.6 → 23.8 (in band 0.802 → 0.830), TPOT 15.9 → 24.4 (in band 0.942 → 0.900), prefill 12.15
  // → 12.83 (in band 0.877 → 0.860), decode in band 0.835 → 0.824 (the shared fixed times refitted),
  // all 15.03 → 19.58; TTFT 47.9 → 35.5 (in band 0.809 → 0.873) tightened.
  // 2026-12-05, fifth session: the InferenceX cases carry their harness's mean lengths (0.9 ×
  // nominal; a data fix), a paged KV pool batches at the mean in-flight length, SGLang's
  // --scheduler-recv-interval / --num-continuous-decode-steps (set in InferenceX's B200, B300 and
  // MI325X scripts, now in those cases) make a prompt wait for the scheduler's next look, and its
  // --enable-flashinfer-allreduce-fusion (B200, B300) folds the norms into the all-reduces
  // (docs/estimator.md). Step by step: the data fix alone (the old model on the corrected cases)
  // throughput 24.37, TPOT 25.35, prefill 13.11, TTFT 35.58, all 19.96; with the paged KV batch
  // 23.40, 25.16, 12.55, 35.58, 19.43; with the scheduler's wait 22.86, 25.57, 14.40, 39.96, 19.39;
  // with the fused all-reduce 22.21, 22.31, 13.13, 39.96, 19.14. Tightened throughput 23.82 →
  // 22.21, TPOT 24.40 → 22.31, all 19.58 → 19.14, in band prefill 0.860 → 0.877, throughput 0.830
  // → 0.839, TTFT 0.873 → 0.921, TPOT 0.900 → 0.911. Re-based TTFT 35.47 → 39.96: the wait is
  // right on B200 and B300 (their TTFT rises from one to 16 streams by 148–208 ms measured,
  // 139–190 ms by the mechanism with their measured TPOT), but B300's one-stream TTFT is predicted
  // twice over, and the wait added on that base takes its four held-out TTFTs under load from
  // −35…+30% to +60…+75%. Prefill 12.83 → 13.13 re-based: the shared attention factor refitted
  // (held out, the Strix Halo llama.cpp prompt rates come out higher).
  // 2026-12-05, sixth session: the benchmark's first wave. vLLM's and SGLang's benchmark clients
  // (and InferenceX's copy) run their warm-ups apart and then send the first C prompts together, so
  // a mean TTFT over N prompts holds C waits for the whole wave's prefill (benchmarkStart.ts; 83
  // InferenceX cases carry N = 10·C and their scripts' chunk sizes). The wave alone: TTFT 39.96 →
  // 30.66, but TPOT 22.31 → 25.14, throughput 22.21 → 23.93, prefill 13.13 → 14.17, all 19.14 →
  // 20.07: the fold without the SGLang cookbook had been fitting SGLang's prompt-forward share to
  // InferenceX's unexplained TTFTs (0.65), which its 100-concurrent TPOTs needed; freed, it fell to
  // 0.41. Left at its prior (the whole forward, 1) instead: all 19.58. The shared attention factor,
  // free, fell to 0.58 (standing in for the B200 and MI325X 8K TTFTs; the independent 128K
  // disaggregated TTFTs paid); bounded by the kernels' published efficiency at ≥ 0.85 (fit.ts):
  // decode 10.80 (in band 0.824 → 0.835), prefill 14.44, throughput 21.14 (in band 0.839 → 0.866),
  // TTFT 28.09 (in band 0.921 → 0.952), TPOT 22.69, all 18.48. Tightened decode's band, throughput,
  // TTFT and all. Re-based prefill 13.13 → 14.44 (the refitted shared parameters: held out, the
  // Strix Halo llama.cpp prompt rates come out higher) and TPOT 22.31 → 22.69 (the cookbook's
  // gpt-oss-120b at 100 concurrent, S067, +92% → +121%: the fitted share had been set for it).
  // 2026-12-05, seventh session: the kernels between the GEMMs (two residual-add + RMSNorm passes
  // and the gated activation per layer, a MoE layer's expert activations and output sum; after the
  // GEMMs at 80% of the memory bandwidth, aiconfigurator's decomposition; elementwise.ts) and the
  // refit. On the 415 cases: TensorRT-LLM batched throughput 15.7 → 11.8, prefill 14.44 → 11.78,
  // TTFT 28.09 → 26.74, decode 10.80 → 10.61; TPOT 22.69 → 25.47, throughput 21.14 → 21.70, all
  // 18.48 → 19.43 — the refit of shared parameters, not the term (0.24 ms of DeepSeek-R1's 35 ms
  // step on 8× H200 at 64 concurrent): the fold without NVIDIA's perf overview set TensorRT-LLM's
  // bandwidth and step time at their bounds, and the time per graph-captured kernel rose. Then three
  // cookbook throughputs left the set (S082, S089, S141: one request's 38–48 s first-token stall in
  // a 10-request run; data/calibration/excluded.yaml), 412 cases: decode 10.61 (in band 0.824),
  // prefill 11.78 (0.895), throughput 21.61 (0.853), TTFT 26.74, TPOT 23.38, all 18.95; TensorRT-LLM
  // batched 11.5. Tightened decode, prefill (and its band), TTFT. Re-based decode's band 0.835 →
  // 0.824, throughput 21.14 → 21.61 (band 0.866 → 0.853: the refitted band is narrower without the
  // stalled runs), TPOT 22.69 → 23.38, all 18.48 → 18.95: kept for the physics and the published
  // TensorRT-LLM tables issue 16 measures against (docs/estimator.md).
  // 2026-12-06, eighth session: llama.cpp's time per layer per GPU backend (Metal, Vulkan, ROCm of
  // their own, CUDA the engine's; the cases' `backend` read; backend.ts) and Ollama's own time per
  // step. Tightened decode 10.61 → 9.13 (in band 0.824 → 0.835; geerlingguy's 26 decodes 16.0 →
  // 13.0, kyuz0's 13 14.9 → 12.1), throughput 21.61 → 21.39, all 18.95 → 17.81. Re-based prefill
  // 11.78 → 15.03 (in band 0.895 → 0.877: small moves across a dense median — XDAI's prompts 2–3
  // points slower, the Strix Halo's 3 faster) and TPOT 23.38 → 25.47 (in band 0.911 → 0.900): three
  // TensorRT-LLM low-load TPOTs of NVIDIA's perf overview, +8/+21% → +30/+45%, through the fold
  // without that source (its bandwidth and step time at their bounds), not through llama.cpp; the
  // prefill stays inside its target (18%) and the decode now meets its own (10%).
  // 2026-12-06, ninth session: ROCm's FP8 fused-MoE time per MoE layer (vLLM and SGLang on AMD,
  // FP8 weights; timing.ts rocmFp8Moe), and the bands widened 30% for unseen cases instead of 20%
  // (fit.ts: at 20% the held-out throughput and TPOT bands held 78.0% and 77.8%). Tightened
  // throughput 21.39 → 20.38 (in band 0.853 → 0.862), TTFT 26.74 → 25.89, TPOT 25.47 → 22.09,
  // all 17.81 → 16.92, prefill's band 0.877 → 0.895. Re-based TPOT's band 0.900 → 0.811: the fold
  // without InferenceX now predicts its NVIDIA DeepSeek-R1 TPOTs 10 points closer, +20…+60%, still
  // above the band's upper edge (the cookbook's SGLang 0.5.6 and InferenceX's 0.5.12 disagree
  // ~25% on the same setup; docs/estimator.md).
  // 2026-12-06, tenth session: 13 more published serving cases from three more publications (26 in
  // all; more-serving.yaml S246–S258, 26 more kept out with why in excluded.yaml), decode without
  // CUDA graphs (timing.ts eagerDecode: vLLM --enforce-eager, SGLang --disable-cuda-graph) and the
  // refit (SGLang's fixed step 139 → 474 µs, the attention factor 1 → 0.85). Tightened prefill
  // 15.03 → 10.84 (kyuz0's Strix Halo prompts 26.1 → 21.3), throughput 20.38 → 19.05 (InferenceX's
  // 23.5 → 22.3), TPOT 22.09 → 19.42 (InferenceX's 30.2 → 29.0; the 2 new TPOTs −15% and +13%),
  // TTFT in band 0.952 → 0.955, all 16.92 → 16.22. Re-based, as the set changed: TTFT 25.89 →
  // 26.11 (the 4 new TTFTs at −14…+44%), decode 9.13 → 9.14 (llama.cpp's refitted shared
  // parameters); throughput in band 0.862 → 0.853 and TPOT 0.811 → 0.804: the refitted bands are a
  // little narrower, and three held-out throughputs at −25…−31% (S065, S222, S240) and one TPOT at
  // +37% (S197), on the edges before, now fall just outside (the 9 new ones are all inside).
  // TensorRT-LLM batched throughput 11.8 → 13.5 (NVIDIA's perf overview fold, its 128/128 FP8
  // rows predicted higher; docs/accuracy.md).
  // 2026-12-06, eleventh session: SGLang's memory contract from its source and vLLM's activation
  // peak as its profile run takes it (sglangMemory.ts, activations.ts), 93 memory figures from 50
  // engine startup logs (memory.yaml; 13 more publications, memory only, which share one fold fit:
  // the fit ignores memory). The 8× H200 DeepSeek-R1 run at 64 concurrent (S198–S200) no longer
  // queues 4 of its 64 sequences, which moves the SGLang folds' fixed times. Tightened throughput
  // 19.05 → 18.90 (in band 0.853 → 0.871), TTFT in band 0.955 → 0.970, all 16.22 → 15.88.
  // Re-based TPOT 19.42 → 19.74: the fold without the SGLang cookbook refits SGLang's eager time
  // per kernel higher, and its 64–100-concurrent TPOTs, where each prompt's forward holds the
  // batch, move +4…+11 points (gpt-oss-120b at 100, S067, +29) while its low-load ones move −3…−9.
  // Memory (new here): KV pool 2.61% (in band 0.902), weights per GPU 0.22% (0.953).
  // 2026-12-06, twelfth session: vLLM's profile run refitted on its 0.19 start-up logs (sampler
  // 3.6 copies + 0.21 GiB, MoE +0.5 GiB, NCCL NVLS buffers 1.5 GiB at TP ≥ 2 on NVSwitch
  // Hopper/Blackwell; the fit ignores memory: the held-out median is the in-sample one). KV pool
  // tightened 2.61 → 1.2 (in band 0.902 unchanged); every timing figure unchanged.
  // 2026-12-06, thirteenth session: a prompt's pass takes the longer of the host's eager dispatch
  // and its GPU work plus a fitted share (0.77 on every case) of the shorter (timing.ts
  // overlappedPassMs; they were added). Tightened throughput 18.90 → 17.06 (the 18%),
  // TTFT 26.11 → 25.24, TPOT 19.74 → 18.56 (in band 0.804 → 0.837), all 15.88 → 15.62; decode,
  // prefill and every in-band share unchanged.
  // 2026-12-07, fourteenth session: NVFP4 DeepSeek checkpoints' latent attention projections in
  // bf16 (weights.ts sixteenBitAttentionParams: bytes, 16-bit GEMM rate, no activation
  // quantization) and MXFP4's bf16 layers at the 16-bit rate. The cases it touches improve held
  // out: the six B300 NVFP4 TTFTs −1.5…−9.3 points, gpt-oss-120b on MI300X throughput −1.1…−2.7.
  // Re-based throughput 17.06 → 17.29 (in band 0.871 → 0.879) and TTFT 25.24 → 25.75 (in band
  // 0.970 → 0.940), all 15.62 → 15.72: folds it does not touch refit differently (coordinate
  // descent from the priors; DeepSeek NVFP4 cases sit in every fold's objective): the gpustack
  // fold's gpt-oss TTFTs +1.2…+4.4 points, the cookbook fold's cases both ways (−12…+3), Oracle's
  // Llama-3.1-405B throughput +1.4…+1.7. Decode, prefill and TPOT unchanged.
  // 2026-12-07, fifteenth session: TensorRT-LLM's default capacity scheduler reserves KV to
  // completion (GUARANTEED_NO_EVICT) and its default KV cache on ModelOpt FP8/NVFP4 checkpoints is
  // FP8 (not on MLA models). Tightened TPOT 18.56 → 18.22, throughput in band 0.879 → 0.888, all
  // 15.72 → 15.63; TensorRT-LLM batched throughput 13.5 → 10.9. Re-based throughput 17.29 → 18.30
  // (above the 18%) and TTFT 25.75 → 25.91: the perf overview fold's B200 NVFP4 rows that
  // state no KV cache (B103 +2.4% → +55.5%, B107 +13.7% → +96.2%) were right because a 16-bit cache
  // and the mean-length gain cancelled; with both facts right they show the B200/GB200
  // over-prediction the whole perf overview has (+26…+44% on its dense Blackwell rows, 3–13% on
  // H100, H200 and RTX PRO 6000: docs/accuracy.md), the DeepSeek-R1 max-throughput rows (B703,
  // B705) lose the gain (−59% → −74%, −41% → −64%), and TRT05's static-batch Llama-2-7B FP8 row
  // (B309) −19% → +21%. On the whole perf overview (322 rows, not fitted) the median went 26.4% →
  // 18.7%, its dense rows 25.1% → 15.2% (accuracy.test.ts holds it).
  // 2026-12-07, sixteenth session: a decode step's GEMMs and attention at their own rooflines (the
  // KV reads no longer hidden behind compute-bound GEMMs), a soft corner between a GEMM's bounds
  // above one query row, FP8/FP4 GEMMs at 0.83/0.65 of the 16-bit share of their peaks (measured
  // kernels), refitted. Tightened throughput 18.30 → 15.73 (back under the 18%), TTFT
  // 25.91 → 25.55 / in band 0.940 → 0.985, all 15.63 → 14.94 (under the 15%); TensorRT-LLM
  // batched throughput 10.9 → 7.5 (aiconfigurator 8.9). Re-based decode 9.14 → 9.47, prefill 10.84
  // → 10.88, TPOT 18.22 → 18.40 / in band 0.837 → 0.826, throughput in band 0.888 → 0.871: folds
  // refit differently from the priors (XDAI's Apple decodes move ±2.5 points with llama.cpp's shared
  // constants; TPOT: vLLM's AWQ Qwen3-14B on an A100 +2% → +16%, TensorRT-LLM's low-load H100 TPOTs
  // 5–9 points slower with its step 1.24 → 1.49 ms); all within the targets but TTFT.
  // 2026-12-07, eighteenth session: linear-attention layers carry their projection parameters
  // (Qwen3-Next's Gated DeltaNet layers, 33.7 M each; catalog `params` on a `none` layer), no refit:
  // ten in-sample Qwen3-Next predictions move toward their measurements, and through the folds that
  // fit on them the others move a little both ways. Tightened throughput 15.73 → 15.02, TTFT 25.55 →
  // 25.40, all 14.94 → 14.70; re-based TPOT 18.40 → 18.49 and throughput in band 0.871 → 0.862 (the
  // folds' SGLang TPOT constants shift with the Qwen3-Next cookbook rows).
  // 2026-12-07, twentieth session: a linear-attention layer's state splits over the tensor ranks
  // like its heads and a decode step reads and writes it back (kv.ts); SGLang gives such states a
  // pool of their own (memory.ts), no refit. Only Qwen3-Next and GLM-5.3-Flash predictions move
  // in-sample, but every fold that fits on the Qwen3-Next rows refits SGLang's step constants:
  // InferenceX's SGLang DeepSeek-R1 TPOTs +2…+3 points (S203 25.1% → 27.6%, S230 55.7% → 59.0%),
  // vLLM's Qwen3-Next H200 throughputs +2…+4. Tightened TTFT 25.4 → 25.35, TPOT 18.49 → 18.09,
  // throughput in band 0.862 → 0.888; re-based throughput 15.02 → 15.77, all 14.7 → 14.94, TTFT and
  // TPOT together 20.55 → 20.96. The rules are the engines' (SGLang's model_runner memory split;
  // vLLM's and SGLang's gated-delta-net heads sharded by TP): on the SGLang cookbook's 2026 runs,
  // never fitted (scripts/research/sglang-cookbook-2026), the median TPOT error went 103% → 63%.
  decodeTokensPerSecond: { median: 9.47, inBand: 0.835 },
  prefillTokensPerSecond: { median: 10.88, inBand: 0.895 },
  outputTokensPerSecond: { median: 15.77, inBand: 0.888 },
  ttftMs: { median: 25.35, inBand: 0.985 },
  tpotMs: { median: 18.09, inBand: 0.826 },
  kvCacheGiBPerGpu: { median: 1.2, inBand: 0.902 },
  weightsGiBPerGpu: { median: 0.22, inBand: 0.953 },
};
/** Median |error| over every timing metric together, percent (the doc's "Median over all"). */
const CROSS_VALIDATED_ALL = 14.94;
/**
 * Median |error| over the TTFT and TPOT cases pooled, percent (the doc's "TTFT and TPOT together"
 * row; issue 16's "TTFT/TPOT ≤ 20%" read as one figure). Added 2026-12-07 (seventeenth session)
 * at its value then, 20.55: not yet under the issue's 20%.
 */
const CROSS_VALIDATED_TTFT_TPOT = 20.96;

describe('accuracy: cross-validated, no regression', function () {
  // 50 min: the leave-one-source-out run took over 30 min in CI on 2026-12-07 (18th session) after
  // the catalog grew by 17 models and the layer kinds by five fields; its cause is not found yet.
  this.timeout(50 * 60 * 1000);
  let summary: ReturnType<typeof summarizeReports>['summary'];
  let all: number;
  let latency: number;
  before(() => {
    const cases = CASE_FILES.flatMap(
      (f) => parseCases(readFileSync(join(ROOT, 'data', 'calibration', f), 'utf8')).cases,
    );
    const priors = JSON.parse(readFileSync(join(ROOT, 'data', 'calibration', 'priors.json'), 'utf8'));
    const cv = crossValidate(cases, priors);
    assert.ok(cv.folds >= 20, `${cv.folds} publications`);
    summary = summarizeReports(cv.cases).summary;
    all = timingMedianAbsPctError(cv.cases)!;
    latency = pooledMedianAbsPctError(cv.cases, (m) => m === 'ttftMs' || m === 'tpotMs')!;
  });

  for (const [metric, pub] of Object.entries(CROSS_VALIDATED)) {
    it(`${metric}: median ≤ ${pub.median}%, in band ≥ ${pub.inBand}`, () => {
      const s = summary[metric]!;
      assert.ok(
        s.medianAbsPctError !== null && s.medianAbsPctError <= pub.median + 0.01,
        `${metric}: ${s.medianAbsPctError}%`,
      );
      assert.ok(
        s.bandCoverage !== null && s.bandCoverage >= pub.inBand - 0.0005,
        `${metric}: ${s.bandCoverage} in band`,
      );
    });
  }

  it(`all timing metrics together: median ≤ ${CROSS_VALIDATED_ALL}%`, () => {
    assert.ok(all <= CROSS_VALIDATED_ALL + 0.01, `${all}%`);
  });

  it(`TTFT and TPOT together: median ≤ ${CROSS_VALIDATED_TTFT_TPOT}%`, () => {
    assert.ok(latency <= CROSS_VALIDATED_TTFT_TPOT + 0.01, `${latency}%`);
  });
});
