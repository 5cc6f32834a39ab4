/**
 * llama.cpp's time per layer per GPU backend (calibration.json `backends`, backend.ts): the backend
 * a request names, else its vendor's usual one; Ollama's own time per step; the backend a measured
 * case, a deployment file and a llama.cpp image tag state.
 */
import { strict as assert } from 'node:assert';
import { parseCalibration, calibration } from '../../../../src/core/estimate/calibration';
import { timingModel } from '../../../../src/core/estimate/timing';
import { estimate } from '../../../../src/core/estimate';
import { gpuBackend } from '../../../../src/core/estimate/backend';
import { predictCase } from '../../../../src/core/accuracy/predict';
import { parseCases } from '../../../../src/core/accuracy/cases';
import { validateText } from '../../../../src/core/validate';
import { evaluateText } from '../../../../src/core/placements';
import { llamaBackendOfTag } from '../../../../src/core/manifests/mapping';
import { resolveOrThrow } from '../../support/resolved';

function request(hardware: string, engineOptions: Record<string, string> = {}, engine = 'llama.cpp') {
  return resolveOrThrow({
    model: 'llama-3.1-8b',
    weights: 'q4_k_m',
    hardware,
    engine,
    gpus: 1,
    engineOptions,
    workload: { inputTokens: 0, outputTokens: 128, concurrency: 1 },
  });
}

type Json = { engines: Record<string, Record<string, unknown>> };

/** The shipped calibration with llama.cpp's time per layer: CUDA (the engine's) and one per backend. */
function withLayerUs(cuda: number, backends: Record<string, number>) {
  const json = JSON.parse(JSON.stringify(calibration)) as Json;
  json.engines['llama.cpp']!['layerOverheadUs'] = cuda;
  json.engines['llama.cpp']!['backends'] = Object.fromEntries(
    Object.entries(backends).map(([b, us]) => [b, { layerOverheadUs: us }]),
  );
  return parseCalibration(json);
}

describe('llama.cpp time per layer per backend', () => {
  const cal = withLayerUs(40, { metal: 500, vulkan: 5, rocm: 80 });

  it("uses the vendor's usual backend when the request names none", () => {
    assert.equal(gpuBackend(request('apple-m3-ultra')), 'metal');
    assert.equal(gpuBackend(request('rtx-4090-24gb')), 'cuda');
    assert.equal(gpuBackend(request('ryzen-ai-max-395-128gb')), 'rocm');
    assert.equal(timingModel(request('apple-m3-ultra'), cal).layerOverheadMs, 0.5);
    assert.equal(timingModel(request('rtx-4090-24gb'), cal).layerOverheadMs, 0.04);
    // The DGX Spark is unified memory too, but NVIDIA's: CUDA, not Metal.
    assert.equal(timingModel(request('dgx-spark-128gb'), cal).layerOverheadMs, 0.04);
    assert.equal(timingModel(request('ryzen-ai-max-395-128gb'), cal).layerOverheadMs, 0.08);
  });

  it('uses the backend the request names (hip is ROCm); one without its own time keeps the engine’s', () => {
    assert.equal(timingModel(request('rtx-4090-24gb', { backend: 'vulkan' }), cal).layerOverheadMs, 0.005);
    assert.equal(timingModel(request('ryzen-ai-max-395-128gb', { backend: 'vulkan' }), cal).layerOverheadMs, 0.005);
    assert.equal(timingModel(request('rx-7900-xtx-24gb', { backend: 'hip' }), cal).layerOverheadMs, 0.08);
    assert.equal(timingModel(request('rtx-4090-24gb', { backend: 'sycl' }), cal).layerOverheadMs, 0.04);
  });

  it('makes a decode slower by layers × the difference per token', () => {
    const fast = estimate(request('rtx-4090-24gb', { backend: 'vulkan' }), cal).latency.tpotMs.p50.value;
    const slow = estimate(request('rtx-4090-24gb', { backend: 'cuda' }), cal).latency.tpotMs.p50.value;
    // Llama-3.1-8B has 32 layers: 35 µs more each is 1.12 ms more per token.
    assert.ok(Math.abs(slow - fast - 1.12) < 1e-6, `${fast} → ${slow}`);
  });

  it('lets Ollama keep its own time per step while inheriting llama.cpp’s kernels and backends', () => {
    const json = JSON.parse(JSON.stringify(calibration)) as Json;
    json.engines['ollama']!['stepOverheadUs'] = 4321;
    const c = parseCalibration(json);
    assert.deepEqual(c.engines['ollama']!.bwEff, c.engines['llama.cpp']!.bwEff);
    assert.deepEqual(c.engines['ollama']!.backends, c.engines['llama.cpp']!.backends);
    assert.equal(timingModel(request('rtx-4090-24gb', {}, 'ollama'), c).stepOverheadMs, 4.321);
  });

  it('shows the time per layer the device pays in Explain Estimate, and whose it is', () => {
    const shipped = calibration.engines['llama.cpp']!.backends?.['metal']?.layerOverheadUs;
    assert.ok(shipped !== undefined, 'the shipped calibration has a Metal time per layer');
    const step = estimate(request('apple-m3-ultra')).explain.find((e) => e.quantity === 'Decode step');
    const c = step?.constants.find((k) => k.name === 'layer overhead µs');
    assert.equal(c?.value, shipped);
    assert.match(c?.source ?? '', /the metal backend's own, Apple's usual backend/);
  });

  it("reads a measured case's backend", () => {
    const yaml = (backend: string) =>
      [
        'cases:',
        '- id: T1',
        '  model: llama-3.1-8b',
        '  weights: q4_k_m',
        '  hardware: rtx-4090-24gb',
        '  engine: llama.cpp',
        `  backend: ${backend}`,
        '  workload: {inputTokens: 0, outputTokens: 128, concurrency: 1}',
        '  metric: decodeTokensPerSecond',
        '  measured: 100',
      ].join('\n');
    const tokS = (b: string) => {
      const p = predictCase(parseCases(yaml(b)).cases[0]!.input, cal);
      assert.ok(p.predicted !== null);
      return p.predicted;
    };
    assert.ok(Math.abs(1000 / tokS('cuda') - 1000 / tokS('vulkan') - 1.12) < 1e-6);
  });
});

describe('the `backend` engine option', () => {
  const deployment = (backend: string) =>
    [
      'apiVersion: llm-sizing/v1',
      'kind: Deployment',
      'name: edge',
      'model: {id: llama-3.1-8b, weights: q4_k_m}',
      'workload: {inputTokens: 512, outputTokens: 256, peakRequestsPerSecond: 0.1}',
      'placements:',
      '  - name: box',
      '    type: edge',
      '    sites: 1',
      '    hardware: rtx-4090-24gb',
      '    gpus: 1',
      '    engine: llama.cpp',
      `    engineOptions: {backend: ${backend}}`,
      '',
    ].join('\n');

  it('accepts a llama.cpp backend and flags anything else on the value, with the backends listed', () => {
    const ok = validateText(deployment('vulkan')).findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(ok, []);
    const text = deployment('cudaa');
    const bad = validateText(text).findings.find((f) => f.code === 'LLMS012');
    assert.ok(bad, 'an unknown backend is reported');
    assert.equal(text.slice(bad.range.start, bad.range.end), 'cudaa');
    assert.match(bad.message, /one of cuda, rocm, hip, vulkan, metal, sycl, cpu, opencl/);
  });

  it('reads the backend off a llama.cpp image tag', () => {
    assert.equal(llamaBackendOfTag('server-vulkan'), 'vulkan');
    assert.equal(llamaBackendOfTag('full-cuda-b6795'), 'cuda');
    assert.equal(llamaBackendOfTag('server-rocm'), 'rocm');
    assert.equal(llamaBackendOfTag('server-intel'), 'sycl');
    assert.equal(llamaBackendOfTag('server'), undefined);
    assert.equal(llamaBackendOfTag('server-vulkanized'), undefined);
    const text = [
      'services:',
      '  llm:',
      '    image: ghcr.io/ggml-org/llama.cpp:server-vulkan',
      '    command: [-m, /models/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf, -c, "8192", -np, "1", -ngl, "99"]',
      '    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}',
      '',
    ].join('\n');
    const w = evaluateText(text, { curve: false }).workloads[0];
    assert.equal(w?.containers[0]?.placement.engineOptions['backend'], 'vulkan');
  });
});
