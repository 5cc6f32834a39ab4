/**
 * The engines added without calibration (TGI, LMDeploy, MLX, RTP-LLM): they estimate through their
 * memory contract, say that vLLM's efficiencies stand in, and honour their own option names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../../../../src/core/catalog';
import { estimate, resolveRequest } from '../../../../src/core/estimate';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { calibration } from '../../../../src/core/estimate/calibration';
import { parseCases } from '../../../../src/core/accuracy/cases';
import { predictCase } from '../../../../src/core/accuracy/predict';
import { validateText } from '../../../../src/core/validate';
import { request } from '../../support/estimateFixtures';
import { ROOT } from '../../support/helpers';

const engine = (id: string) => {
  const e = catalog.engines.get(id);
  assert.ok(e, `engine ${id} in the catalog`);
  return e;
};

describe('catalog 2026 engines (uncalibrated)', () => {
  for (const id of ['tgi', 'lmdeploy', 'mlx', 'rtp-llm']) {
    it(`${id}: estimates, and says that vLLM's efficiencies are assumed`, () => {
      const { assumptions } = estimate(request({ engine: engine(id) }));
      const says = assumptions.some((a) => a.includes(`no calibration for engine ${id}: vLLM's efficiencies`));
      assert.ok(says, assumptions.join('\n'));
    });
  }

  it('lmdeploy: the KV pool is cacheMaxEntryCount (default 0.8) of the memory left free after the weights', () => {
    const lmdeploy = engine('lmdeploy');
    const byDefault = memoryModel(request({ engine: lmdeploy }), calibration);
    const half = memoryModel(request({ engine: lmdeploy, engineOptions: { cacheMaxEntryCount: 0.4 } }), calibration);
    const free = byDefault.capacityGiB - byDefault.weightsPerGpuGiB - byDefault.activationsGiB - byDefault.runtimeGiB;
    assert.ok(Math.abs(byDefault.kvPoolGiB - 0.8 * free) < 1e-9, `${byDefault.kvPoolGiB} vs 0.8 × ${free}`);
    assert.ok(Math.abs(half.kvPoolGiB - byDefault.kvPoolGiB / 2) < 1e-9);
  });

  it('tgi: the KV pool is a fraction of the free memory, not of the total', () => {
    const m = memoryModel(request({ engine: engine('tgi') }), calibration);
    const free = m.capacityGiB - m.weightsPerGpuGiB - m.activationsGiB - m.runtimeGiB;
    assert.ok(Math.abs(m.kvPoolGiB - 0.95 * free) < 1e-9);
  });

  it('mlx: no preallocated pool — KV is sized for maxKvSize tokens when it is set', () => {
    const mlx = engine('mlx');
    const short = memoryModel(request({ engine: mlx, engineOptions: { maxKvSize: 4096 } }), calibration);
    const long = memoryModel(request({ engine: mlx, engineOptions: { maxKvSize: 8192 } }), calibration);
    const ratio = long.kvReservedGiB / short.kvReservedGiB;
    assert.ok(Math.abs(ratio - 2) < 1e-9, `${short.kvReservedGiB} / ${long.kvReservedGiB}`);
  });

  it('rtp-llm: the KV pool is all the memory free after weights, activations and its 2 GiB runtime floor, in 64-token blocks', () => {
    const rtp = engine('rtp-llm');
    assert.equal(rtp.memoryContract.kvBlockTokens, 64);
    const m = memoryModel(request({ engine: rtp }), calibration);
    const free = m.capacityGiB - m.weightsPerGpuGiB - m.activationsGiB - m.runtimeGiB;
    assert.ok(Math.abs(m.kvPoolGiB - free) < 1e-9, `${m.kvPoolGiB} vs ${free}`);
    assert.ok(m.runtimeGiB >= 2, `${m.runtimeGiB}`);
  });

  it('rtp-llm: a deployment naming it (or rtp_llm) validates, and DeepSeek-V3 FP8 on H800 at DP = EP = 32 estimates as uncalibrated', () => {
    for (const name of ['rtp-llm', 'rtp_llm', 'RTP-LLM']) assert.equal(catalog.engines.get(name)?.id, 'rtp-llm', name);
    const yaml = [
      'apiVersion: llm-sizing/v1',
      'kind: Deployment',
      'name: dsv3',
      'model: {id: deepseek-v3, weights: fp8}',
      'workload: {inputTokens: 4000, outputTokens: 2000, peakRequestsPerSecond: 10}',
      'placements:',
      '  - name: dc',
      '    type: on-prem',
      '    hardware: h800-80gb',
      '    gpus: 32',
      '    engine: rtp-llm',
      '    parallelism: {tensor: 1, data: 32, expert: 32}',
      '    engineOptions: {maxSeqLen: 32768}',
      '',
    ].join('\n');
    const codes = validateText(yaml).findings.map((f) => f.code);
    assert.ok(!codes.includes('LLMS024') && !codes.includes('LLMS026'), codes.join(', '));
    const r = resolveRequest({
      model: 'deepseek-v3',
      weights: 'fp8',
      hardware: 'h800-80gb',
      engine: 'rtp_llm',
      gpus: 32,
      parallelism: { tensor: 1, data: 32, expert: 32 },
      workload: { inputTokens: 4000, outputTokens: 2000, concurrency: 256 },
    });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.request.engine.id, 'rtp-llm');
    assert.equal(r.request.kvCache.id, 'bf16'); // block-wise FP8 weights keep the model's dtype for KV
    const { assumptions } = estimate(r.request);
    assert.ok(
      assumptions.some((a) => a.includes("no calibration for engine rtp-llm: vLLM's efficiencies")),
      assumptions.join('\n'),
    );
  });

  it('rtp-llm: the two published RTP-LLM cases (DeepSeek-V3 on H800, disaggregated) are predicted', () => {
    const { cases } = parseCases(readFileSync(join(ROOT, 'data/calibration/cases-disagg.yaml'), 'utf8'));
    const rtp = cases.filter((c) => c.input.engine === 'rtp-llm');
    assert.deepEqual(
      rtp.map((c) => c.input.id),
      ['RTP-H800-DEEPSEEK-E2E-prefill-tput', 'RTP-H800-DEEPSEEK-E2E-decode-tput'],
    );
    for (const c of rtp) {
      const p = predictCase(c.input);
      assert.ok(p.predicted !== null && p.predicted > 0, `${c.input.id}: ${p.predicted === null ? p.error : ''}`);
    }
  });

  it('mlx 4-bit weights are 4.5 bits per weight, embeddings included', () => {
    const q4 = catalog.formats.get('mlx-4bit');
    assert.equal(q4?.id, 'mlx-q4');
    assert.equal(q4?.bitsPerWeight, 4.5);
    assert.equal(q4?.embeddingBitsPerWeight, 4.5);
  });
});
