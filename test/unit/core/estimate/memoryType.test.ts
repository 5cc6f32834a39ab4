/**
 * A data-centre card built on workstation silicon and GDDR (the catalog's `memoryType: gddr`) gets
 * llama.cpp's bandwidth efficiency of its own, not the HBM parts' (timing.ts classKey): the L40S's
 * llama.cpp decodes were 22–26% slow out of sample under the HBM class's efficiency.
 */
import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { resolveRequest } from '../../../../src/core/estimate';
import { calibration } from '../../../../src/core/estimate/calibration';
import { timingModel } from '../../../../src/core/estimate/timing';

function bwEff(engine: string, hardware: string, weights: string): number {
  const r = resolveRequest(
    {
      model: 'llama-3.1-8b',
      weights,
      hardware,
      engine,
      gpus: 1,
      workload: { inputTokens: 512, outputTokens: 128, concurrency: 1 },
    },
    catalog,
  );
  if (!r.ok) throw new Error(r.error);
  return timingModel(r.request, calibration).bwEff;
}

describe('estimator: efficiency by memory technology', () => {
  it('the GDDR data-centre cards say so in the catalog; HBM parts do not carry the key', () => {
    for (const id of ['l40s-48gb', 'l4-24gb', 'a10g-24gb', 't4-16gb', 'rtx-pro-6000-blackwell-96gb'])
      assert.equal(catalog.hardware.get(id)?.memoryType, 'gddr', id);
    for (const id of ['h100-sxm-80gb', 'a100-pcie-80gb', 'mi300x-192gb'])
      assert.notEqual(catalog.hardware.get(id)?.memoryType, 'gddr', id);
  });

  it("llama.cpp on an L40S uses the GDDR entry; on an H100 the data-centre class's", () => {
    const table = calibration.engines['llama.cpp']!.bwEff;
    assert.ok(table['datacenter-gpu:gddr']! > table['datacenter-gpu']!, 'GDDR cards reach a larger share');
    assert.equal(bwEff('llama.cpp', 'l40s-48gb', 'bf16'), table['datacenter-gpu:gddr']);
    assert.equal(bwEff('llama.cpp', 'h100-sxm-80gb', 'bf16'), table['datacenter-gpu']);
  });

  it('an engine without a GDDR entry keeps the class efficiency on the same card', () => {
    assert.equal(bwEff('vllm', 'l40s-48gb', 'bf16'), bwEff('vllm', 'h100-sxm-80gb', 'bf16'));
  });
});
