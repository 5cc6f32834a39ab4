/**
 * The engines added without calibration cases (TGI, LMDeploy, MLX): they estimate through their
 * memory contract, say that vLLM's efficiencies stand in, and honour their own option names.
 */
import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { estimate } from '../../../../src/core/estimate';
import { memoryModel } from '../../../../src/core/estimate/memory';
import { calibration } from '../../../../src/core/estimate/calibration';
import { request } from '../../support/estimateFixtures';

const engine = (id: string) => {
  const e = catalog.engines.get(id);
  assert.ok(e, `engine ${id} in the catalog`);
  return e;
};

describe('catalog 2026 engines (uncalibrated)', () => {
  for (const id of ['tgi', 'lmdeploy', 'mlx']) {
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

  it('mlx 4-bit weights are 4.5 bits per weight, embeddings included', () => {
    const q4 = catalog.formats.get('mlx-4bit');
    assert.equal(q4?.id, 'mlx-q4');
    assert.equal(q4?.bitsPerWeight, 4.5);
    assert.equal(q4?.embeddingBitsPerWeight, 4.5);
  });
});
