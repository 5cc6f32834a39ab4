/**
 * Decode without CUDA graphs (timing.ts `eagerDecode`): vLLM `--enforce-eager` (engine option
 * `enforceEager`) and SGLang `--disable-cuda-graph` (`disableCudaGraph`) make every decode step
 * launch its kernels from the host, at the eager time per kernel a prompt's pass pays, instead of
 * a graph replay's. Without it the option was accepted and ignored: the published vLLM run of
 * Qwen3-14B-AWQ with `--enforce-eager` on an A100 (vLLM issue #20469, case S255) decodes at
 * 20.6 ms a token, predicted 9.9 ms with graphs and 19.4 ms eager.
 */
import { strict as assert } from 'node:assert';
import { calibration } from '../../../../src/core/estimate/calibration';
import { eagerDecode, timingModel } from '../../../../src/core/estimate/timing';
import { estimate } from '../../../../src/core/estimate';
import { evaluateText } from '../../../../src/core/placements';
import { manifestHover } from '../../../../src/core/manifests/explain';
import { resolveOrThrow } from '../../support/resolved';

function request(engine: string, engineOptions: Record<string, unknown> = {}) {
  return resolveOrThrow({
    model: 'qwen3-14b',
    weights: 'int4-awq',
    hardware: 'a100-sxm-80gb',
    engine,
    gpus: 1,
    engineOptions: engineOptions as never,
    workload: { inputTokens: 16000, outputTokens: 200, concurrency: 1 },
  });
}

describe('decode without CUDA graphs', () => {
  it('reads vLLM enforceEager and SGLang disableCudaGraph, each on its own engine only', () => {
    assert.equal(eagerDecode(request('vllm', { enforceEager: true })), true);
    assert.equal(eagerDecode(request('vllm')), false);
    assert.equal(eagerDecode(request('sglang', { disableCudaGraph: true })), true);
    assert.equal(eagerDecode(request('sglang')), false);
  });

  it('charges every decode step the eager kernels instead of the graph-captured ones, and says so', () => {
    const graphs = request('vllm');
    const eager = request('vllm', { enforceEager: true });
    const t = timingModel(eager, calibration);
    const eng = calibration.engines['vllm']!;
    // By hand: the eager pass's kernels × the eager time per kernel, against the graph replay's.
    assert.ok(Math.abs(t.kernelOverheadMs - (t.prefillKernels * (eng.prefillKernelUs ?? 0)) / 1000) < 1e-9);
    assert.ok(
      Math.abs(timingModel(graphs, calibration).kernelOverheadMs - (t.kernels * (eng.kernelUs ?? 0)) / 1000) < 1e-9,
    );
    const a = estimate(graphs);
    const b = estimate(eager);
    const extra = t.kernelOverheadMs - timingModel(graphs, calibration).kernelOverheadMs;
    assert.ok(extra > 5, `eager kernels add ${extra} ms a step`);
    const delta = b.latency.tpotMs.p50.value - a.latency.tpotMs.p50.value;
    assert.ok(Math.abs(delta - extra) < 1e-6, `TPOT +${delta} ms, kernels +${extra} ms`);
    // The prompt is eager either way: its TTFT does not change.
    assert.ok(Math.abs(b.latency.ttftMs.p50.value - a.latency.ttftMs.p50.value) < 1e-6);
    assert.ok(b.assumptions.some((s) => s.startsWith('CUDA graphs off (--enforce-eager)')));
    assert.ok(!a.assumptions.some((s) => s.startsWith('CUDA graphs off')));
    const step = b.explain.find((e) => e.quantity === 'Decode step');
    assert.ok(step?.constants.some((c) => c.name === 'time per kernel µs (eager: CUDA graphs off)'));
  });

  it('reads --disable-cuda-graph from an SGLang manifest, with its hover', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: qwen}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: sglang',
      '          image: lmsysorg/sglang:v0.5.6',
      '          command: [python3, -m, sglang.launch_server, --model-path, Qwen/Qwen3-8B, --disable-cuda-graph]',
      '          resources: {limits: {nvidia.com/gpu: 1}}',
      '      nodeSelector: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}',
      '',
    ].join('\n');
    const result = evaluateText(text, { curve: false });
    const c = result.workloads[0]!.containers[0]!;
    assert.equal(c.placement.engineOptions['disableCudaGraph'], true);
    assert.ok(c.analysis.result?.assumptions.some((s) => s.startsWith('CUDA graphs off (--disable-cuda-graph)')));
    const hover = manifestHover(result.workloads, text.indexOf('--disable-cuda-graph') + 3);
    assert.match(hover?.markdown ?? '', /no CUDA graphs/);
  });
});
