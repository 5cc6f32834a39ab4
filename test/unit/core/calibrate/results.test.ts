import { strict as assert } from 'node:assert';
import { parseBenchmarkResults } from '../../../../src/core/calibrate/results';
import {
  correctionFor,
  parseCalibrationFile,
  renderCalibrationFile,
  type MeasuredCorrection,
} from '../../../../src/core/calibrate/corrections';
import { catalog, withCorrections } from '../../../../src/core/catalog';
import { estimate, resolveRequest } from '../../../../src/core/estimate';
import { VLLM_RESULT } from '../../support/benchmarkResults';
import { casesFromRuns, measuredTarget } from '../../../../src/core/calibrate/fromDeployment';
import { predictCase } from '../../../../src/core/accuracy/predict';
import { calibration } from '../../../../src/core/estimate/calibration';

describe('benchmark result files', () => {
  it('vllm bench serve JSON: mean lengths, the concurrency cap and its prompt count, median TTFT/TPOT and output throughput', () => {
    const r = parseBenchmarkResults(VLLM_RESULT);
    assert.deepEqual(r.problems, []);
    assert.equal(r.tool, 'vllm bench serve');
    const run = r.runs[0]!;
    // `completed` (200) is the measured prompt count: the first 16 of them start together.
    assert.deepEqual(run.workload, { inputTokens: 1000, outputTokens: 200, concurrency: 16, prompts: 200 });
    assert.deepEqual(
      run.measurements.map((m) => [m.metric, m.value]),
      [
        ['ttftMs', 75.3],
        ['tpotMs', 14.8],
        ['outputTokensPerSecond', 997.5],
      ],
    );
  });

  it('SGLang bench_serving JSONL: one run per line, an open-loop rate read as Poisson arrivals', () => {
    const line = (rate: number, conc: number | null) =>
      JSON.stringify({
        backend: 'sglang',
        request_rate: rate,
        max_concurrency: conc,
        completed: 100,
        total_input_tokens: 51200,
        total_output_tokens: 12800,
        total_output_tokens_retokenized: 12790,
        output_throughput: 2000 + rate,
        median_ttft_ms: 40,
        median_tpot_ms: 12,
        accept_length: null,
      });
    const r = parseBenchmarkResults(`${line(4, null)}\n${line(8, null)}\n`);
    assert.equal(r.tool, 'sglang bench_serving');
    assert.equal(r.runs.length, 2);
    assert.deepEqual(r.runs[1]!.workload, { inputTokens: 512, outputTokens: 128, requestsPerSecond: 8 });
    assert.equal(r.runs[1]!.measurements.find((m) => m.metric === 'outputTokensPerSecond')?.value, 2008);
  });

  it('a burst (unlimited rate, no concurrency cap): every prompt in flight at once, one round', () => {
    const run = parseBenchmarkResults(
      JSON.stringify({
        backend: 'sglang',
        request_rate: null,
        max_concurrency: null,
        completed: 500,
        total_input_tokens: 500 * 1000,
        total_output_tokens: 500 * 200,
        total_output_tokens_retokenized: 500 * 200,
        output_throughput: 9000,
        median_ttft_ms: 20000,
      }),
    ).runs[0]!;
    assert.deepEqual(run.workload, { inputTokens: 1000, outputTokens: 200, concurrency: 500, prompts: 500 });
  });

  it('SGLang bench_serving on a random dataset at range ratio 1: the requests are of equal length (rounds in step)', () => {
    const run = (ratio: number) =>
      parseBenchmarkResults(
        JSON.stringify({
          backend: 'sglang',
          dataset_name: 'random',
          random_input_len: 8192,
          random_output_len: 1024,
          random_range_ratio: ratio,
          request_rate: null,
          max_concurrency: 16,
          completed: 80,
          total_input_tokens: 80 * 8192,
          total_output_tokens: 80 * 1024,
          total_output_tokens_retokenized: 80 * 1024,
          output_throughput: 700,
          median_ttft_ms: 3539,
          median_tpot_ms: 19.5,
        }),
      ).runs[0]!;
    assert.deepEqual(run(1).workload, {
      inputTokens: 8192,
      outputTokens: 1024,
      concurrency: 16,
      prompts: 80,
      fixedLengths: true,
    });
    assert.equal(run(0).workload.fixedLengths, undefined);
  });

  it('llama-bench JSON and CSV: pp → prefill, tg → decode, the GGUF type from model_type', () => {
    const rows = [
      { model_type: 'llama 7B Q4_0', n_prompt: 512, n_gen: 0, n_depth: 0, avg_ts: 4200.5 },
      { model_type: 'llama 7B Q4_0', n_prompt: 0, n_gen: 128, n_depth: 0, avg_ts: 150.2 },
      { model_type: 'llama 7B Q4_0', n_prompt: 512, n_gen: 128, n_depth: 0, avg_ts: 600 },
    ];
    const json = parseBenchmarkResults(JSON.stringify(rows));
    assert.equal(json.tool, 'llama-bench');
    assert.deepEqual(
      json.runs.map((r) => [r.measurements[0]!.metric, r.measurements[0]!.value, r.weights, r.workload.inputTokens]),
      [
        ['prefillTokensPerSecond', 4200.5, 'q4_0', 512],
        ['decodeTokensPerSecond', 150.2, 'q4_0', 0],
      ],
    );
    assert.match(json.problems[0]!, /combined test/);
    const csv = parseBenchmarkResults(
      '"model_type","n_prompt","n_gen","avg_ts"\n"qwen3moe 30B.A3B Q4_K - Medium","0","128","88.5"\n',
    );
    assert.deepEqual(csv.runs[0]!.weights, 'q4_k_m');
    assert.equal(csv.runs[0]!.measurements[0]!.value, 88.5);
  });

  it("llama-bench's `backends` column is the run's GPU backend (the estimate's time per layer)", () => {
    const row = (backends: string) => ({
      model_type: 'llama 8B Q4_K - Medium',
      backends,
      n_prompt: 0,
      n_gen: 128,
      avg_ts: 100,
    });
    const parsed = parseBenchmarkResults(
      JSON.stringify([row('Vulkan'), row('Metal,BLAS'), row('ROCm'), row('CPU'), row('BLAS,CUDA')]),
    );
    assert.deepEqual(
      parsed.runs.map((r) => r.backend),
      ['vulkan', 'metal', 'rocm', 'cpu', 'cuda'],
    );
    const csv = parseBenchmarkResults('"model_type","n_prompt","n_gen","avg_ts"\n"llama 8B Q4_0","0","128","88.5"\n');
    assert.equal(csv.runs[0]!.backend, undefined);
    // The case made from a run carries it, so the run is predicted on the backend it ran.
    const deployment = [
      'apiVersion: llm-sizing/v1',
      'kind: Deployment',
      'name: box',
      'model: {id: llama-3.1-8b, weights: q4_k_m}',
      'workload: {inputTokens: 0, outputTokens: 128, concurrency: 1}',
      'placements:',
      '  - {name: pc, type: edge, sites: 1, hardware: rtx-4090-24gb, gpus: 1, engine: llama.cpp}',
      '',
    ].join('\n');
    const target = measuredTarget(deployment, catalog);
    assert.ok(target.ok, target.ok ? '' : target.error);
    const [vulkan, cuda] = casesFromRuns(
      parseBenchmarkResults(JSON.stringify([row('Vulkan'), row('CUDA')])).runs,
      target.target,
      'bench.json',
    );
    assert.equal(vulkan!.input.backend, 'vulkan');
    const tokS = (c: typeof vulkan) => {
      const p = predictCase(c!.input);
      assert.ok(p.predicted !== null);
      return p.predicted;
    };
    const layers = 32;
    const perLayerMs = (b: string) =>
      (calibration.engines['llama.cpp']!.backends?.[b]?.layerOverheadUs ??
        calibration.engines['llama.cpp']!.layerOverheadUs) / 1000;
    assert.ok(
      Math.abs(1000 / tokS(cuda) - 1000 / tokS(vulkan) - layers * (perLayerMs('cuda') - perLayerMs('vulkan'))) < 1e-6,
    );
  });

  it('GuideLLM and genai-perf exports: their medians, lengths and load', () => {
    const guide = parseBenchmarkResults(
      JSON.stringify({
        benchmarks: [
          {
            args: { strategy: { type_: 'concurrent', streams: 8 } },
            metrics: {
              prompt_token_count: { successful: { mean: 256 } },
              output_token_count: { successful: { mean: 128 } },
              time_to_first_token_ms: { successful: { median: 33 } },
              time_per_output_token_ms: { successful: { median: 9 } },
              output_tokens_per_second: { successful: { mean: 800 } },
            },
          },
        ],
      }),
    );
    assert.deepEqual(guide.runs[0]!.workload, { inputTokens: 256, outputTokens: 128, concurrency: 8 });
    assert.equal(guide.runs[0]!.measurements.length, 3);
    const genai = parseBenchmarkResults(
      JSON.stringify({
        time_to_first_token: { unit: 'ns', avg: 50e6, p50: 48e6 },
        inter_token_latency: { unit: 'ms', avg: 10, p50: 9.5 },
        output_token_throughput: { unit: 'tokens/sec', avg: 1500 },
        input_sequence_length: { avg: 200 },
        output_sequence_length: { avg: 100 },
        input_config: { perf_analyzer: { stimulus: { concurrency: 4 } } },
      }),
    );
    assert.equal(genai.tool, 'genai-perf');
    assert.deepEqual(genai.runs[0]!.workload, { inputTokens: 200, outputTokens: 100, concurrency: 4 });
    assert.equal(genai.runs[0]!.measurements.find((m) => m.metric === 'ttftMs')?.value, 48);
  });

  it('anything else is a problem, not a crash', () => {
    for (const text of ['', 'hello: world', '{"foo": 1}', '{"output_throughput": 5}', '[1, 2]', '{"a":\n{']) {
      const r = parseBenchmarkResults(text);
      assert.equal(r.runs.length, 0, text);
      assert.ok(r.problems.length > 0, text);
    }
  });
});

describe('workspace calibration file', () => {
  const correction: MeasuredCorrection = {
    engine: 'vllm',
    hardware: 'h100-sxm-80gb',
    bandwidth: 0.8,
    compute: 1,
    stepOverheadMs: 2,
    requestOverheadMs: 30,
    cases: 3,
    medianAbsPctErrorBefore: 30,
    medianAbsPctErrorAfter: 4,
  };

  it('round-trips what calibrate writes', () => {
    const text = renderCalibrationFile([correction], ['test']);
    const file = parseCalibrationFile(text);
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.corrections, [correction]);
  });

  it('rejects out-of-bounds and unknown fields at their place, keeps the good entries', () => {
    const text = `corrections:\n  - {engine: vllm, hardware: h100-sxm-80gb, bandwidth: 9}\n  - {engine: vllm, hardware: l40s-48gb, compute: 1.1}\nextra: 1\n`;
    const file = parseCalibrationFile(text);
    assert.equal(file.corrections.length, 1);
    assert.equal(file.corrections[0]!.hardware, 'l40s-48gb');
    assert.equal(file.problems.length, 2);
    const bad = file.problems.find((p) => /bandwidth/.test(p.message))!;
    assert.equal(text.slice(bad.range.start, bad.range.end), '9');
    assert.match(file.problems.find((p) => /extra/.test(p.message))!.message, /unknown key/);
    assert.match(parseCalibrationFile('[a').problems[0]!.message, /not YAML/);
  });

  it('a correction changes the estimate of its engine × device only, and says so', () => {
    const input = {
      model: 'llama-3.1-8b',
      hardware: 'h100-sxm-80gb',
      engine: 'vllm',
      workload: { inputTokens: 1000, outputTokens: 200, concurrency: 1 },
    };
    const plain = resolveRequest(input);
    const corrected = resolveRequest(input, withCorrections(catalog, [correction]));
    const other = resolveRequest({ ...input, hardware: 'h200-sxm-141gb' }, withCorrections(catalog, [correction]));
    assert.ok(plain.ok && corrected.ok && other.ok);
    assert.equal(correctionFor([correction], 'VLLM', 'h100-sxm-80gb'), correction);
    assert.equal(other.request.correction, undefined);
    const a = estimate(plain.request);
    const b = estimate(corrected.request);
    // 20% less bandwidth and +2 ms per step: TPOT grows by more than 2 ms; TTFT by the 30 ms overhead at least.
    assert.ok(b.latency.tpotMs.p50.value > a.latency.tpotMs.p50.value + 2);
    assert.ok(b.latency.ttftMs.p50.value >= a.latency.ttftMs.p50.value + 30);
    assert.ok(b.assumptions.some((s) => /workspace calibration .* vllm on h100-sxm-80gb/.test(s)));
    assert.ok(!a.assumptions.some((s) => /workspace calibration/.test(s)));
  });
});
