/**
 * Solver properties: the `gpus: auto` solution passes and one replica fewer does not (rate and
 * concurrency workloads, fixed split and searched split, hybrid); replica counts are exact.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { estimate, estimateOn, resolveRequest } from '../../../../src/core/estimate';
import { MAX_REPLICAS, modelOf, newSizingCache, replicasFor } from '../../../../src/core/placements/sizing';
import { deploymentYaml, only } from '../../support/placements';

const MODELS = ['llama-3.1-8b', 'qwen2.5-7b', 'mistral-7b'];
const HARDWARE = ['h100-sxm-80gb', 'l40s-48gb', 'l4-24gb', 'a100-sxm-80gb'];
const sloMissed = (reasons: string[]) => reasons.some((r) => /SLO|overloaded|RTT|unreachable/.test(r));

describe('placements: sizing', () => {
  it('replicasFor is the least R with peak / R ≤ capacity', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-2, max: 1e3, noNaN: true }),
        (peak, capacity) => {
          const r = replicasFor(peak, capacity);
          if (r === undefined) return Math.ceil(peak / capacity) > MAX_REPLICAS - 1;
          return peak / r <= capacity && (r === 1 || peak / (r - 1) > capacity);
        },
      ),
      { numRuns: 500 },
    );
    assert.equal(replicasFor(5, 0), undefined);
    assert.equal(replicasFor(0, 1), 1);
    assert.equal(replicasFor(3, 1), 3);
  });

  it('a model from the sizing cache, built at one rate, estimates any other rate exactly as a fresh estimate', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MODELS),
        fc.constantFrom(...HARDWARE),
        fc.constantFrom(1, 2),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (model, hardware, tensor, firstRate, rate) => {
          const request = (rps: number) => {
            const r = resolveRequest({
              model,
              hardware,
              gpus: tensor,
              engine: 'vllm',
              parallelism: { tensor },
              workload: { inputTokens: 1500, outputTokens: 300, requestsPerSecond: rps },
            });
            if (!r.ok) throw new Error(r.error);
            return r.request;
          };
          const cache = newSizingCache();
          modelOf(cache, request(firstRate));
          const later = request(rate);
          assert.deepEqual(estimateOn(modelOf(cache, later), later), estimate(later));
          assert.equal(cache.models.size, 1, 'one model for every rate');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rate workloads: the auto solution passes, one replica fewer does not (fixed split)', function () {
    this.timeout(120_000);
    let exercised = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...MODELS),
        fc.constantFrom(...HARDWARE),
        fc.constantFrom(1, 2),
        fc.double({ min: 0.3, max: 25, noNaN: true }),
        fc.integer({ min: 300, max: 3000 }),
        fc.integer({ min: 25, max: 150 }),
        (model, hardware, tensor, peak, ttft, tpot) => {
          const rate = Math.round(peak * 100) / 100;
          const text = (gpus: string) =>
            deploymentYaml({
              model: `id: ${model}`,
              workload: `inputTokens: 1500\noutputTokens: 250\npeakRequestsPerSecond: ${rate}\nslo: {ttftMs: ${ttft}, tpotMs: ${tpot}}`,
              placements: [
                `name: a\ntype: on-prem\nhardware: ${hardware}\ngpus: ${gpus}\nengine: vllm\nparallelism: {tensor: ${tensor}}`,
              ],
            });
          const solved = only(text('auto'));
          if (!solved.memory.fits || solved.verdict === 'fail') {
            // Nothing meets it: the reason says so.
            assert.ok(!solved.memory.fits || sloMissed(solved.reasons), solved.reasons.join());
            return;
          }
          assert.equal(solved.gpus % tensor, 0);
          const fixed = only(text(String(solved.gpus)));
          assert.equal(
            fixed.verdict,
            'pass',
            `${model} ${hardware} tp${tensor} ${rate} req/s: ${fixed.reasons.join()}`,
          );
          if (solved.gpus > tensor) {
            exercised++;
            const fewer = only(text(String(solved.gpus - tensor)));
            assert.equal(fewer.verdict, 'fail');
            assert.ok(sloMissed(fewer.reasons), fewer.reasons.join());
          }
        },
      ),
      { numRuns: 25, seed: 42 },
    );
    assert.ok(exercised >= 5, `only ${exercised} runs needed more than one replica`);
  });

  it('rate workloads, split searched: the fewest GPUs over tensor 1/2/4/8, and it passes', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(fc.constantFrom(...HARDWARE), fc.double({ min: 0.5, max: 20, noNaN: true }), (hardware, peak) => {
        const rate = Math.round(peak * 100) / 100;
        const text = (placement: string) =>
          deploymentYaml({
            model: 'id: llama-3.1-70b\nweights: fp8',
            workload: `inputTokens: 1000\noutputTokens: 200\npeakRequestsPerSecond: ${rate}\nslo: {ttftMs: 2000, tpotMs: 80}`,
            placements: [placement],
          });
        const solved = only(
          text(`name: a\ntype: cloud\nhardware: ${hardware}\ngpus: auto\nengine: vllm\nusdPerGpuHour: 1`),
        );
        if (solved.verdict === 'fail') return;
        for (const t of [1, 2, 4, 8]) {
          const fixed = only(
            text(
              `name: a\ntype: cloud\nhardware: ${hardware}\ngpus: auto\nengine: vllm\nusdPerGpuHour: 1\nparallelism: {tensor: ${t}}`,
            ),
          );
          if (fixed.verdict === 'pass')
            assert.ok(fixed.gpus >= solved.gpus, `tensor ${t}: ${fixed.gpus} < ${solved.gpus}`);
        }
      }),
      { numRuns: 10, seed: 7 },
    );
  });

  it('concurrency workloads: replicas so that the per-replica concurrency meets the SLO; one fewer does not', function () {
    this.timeout(120_000);
    let exercised = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...HARDWARE),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 20, max: 120 }),
        (hardware, concurrency, tpot) => {
          const text = (gpus: string) =>
            deploymentYaml({
              workload: `inputTokens: 3000\noutputTokens: 300\nconcurrency: ${concurrency}\nslo: {tpotMs: ${tpot}}`,
              placements: [
                `name: a\ntype: on-prem\nhardware: ${hardware}\ngpus: ${gpus}\nengine: vllm\nparallelism: {tensor: 1}`,
              ],
            });
          const solved = only(text('auto'));
          if (solved.verdict === 'fail') {
            assert.ok(sloMissed(solved.reasons) || !solved.memory.fits, solved.reasons.join());
            return;
          }
          assert.equal(only(text(String(solved.gpus))).verdict, 'pass');
          if (solved.gpus > 1) {
            exercised++;
            assert.equal(only(text(String(solved.gpus - 1))).verdict, 'fail');
          }
        },
      ),
      { numRuns: 20, seed: 3 },
    );
    assert.ok(exercised >= 3, `only ${exercised} runs needed more than one replica`);
  });

  it('hybrid with the on-prem part auto: the fewest on-prem replicas with which the cloud part copes', function () {
    this.timeout(60_000);
    fc.assert(
      fc.property(fc.double({ min: 2, max: 30, noNaN: true }), fc.integer({ min: 1, max: 3 }), (peak, cloudGpus) => {
        const rate = Math.round(peak * 100) / 100;
        const text = (gpus: string) =>
          deploymentYaml({
            workload: `inputTokens: 1000\noutputTokens: 200\npeakRequestsPerSecond: ${rate}\nslo: {ttftMs: 800, tpotMs: 40}`,
            placements: [
              `name: h\ntype: hybrid\nengine: vllm\nonPrem: {hardware: l40s-48gb, gpus: ${gpus}, parallelism: {tensor: 1}}\ncloud: {hardware: h100-sxm-80gb, gpus: ${cloudGpus}}`,
            ],
          });
        const solved = only(text('auto'));
        if (solved.verdict === 'fail') return;
        const n = solved.parts![0]!.gpus;
        assert.equal(only(text(String(n))).verdict, 'pass');
        if (n > 1) assert.equal(only(text(String(n - 1))).verdict, 'fail');
      }),
      { numRuns: 12, seed: 11 },
    );
  });

  it('hybrid with both parts auto: passes, and costs no more than the all-on-prem split', () => {
    const text = (onPrem: string, cloud: string) =>
      deploymentYaml({
        workload:
          'inputTokens: 1000\noutputTokens: 200\npeakRequestsPerSecond: 20\naverageRequestsPerSecond: 5\nslo: {ttftMs: 800, tpotMs: 40}',
        placements: [
          `name: h\ntype: hybrid\nengine: vllm\nonPrem: {hardware: l40s-48gb, gpus: ${onPrem}}\ncloud: {hardware: h100-sxm-80gb, gpus: ${cloud}}`,
        ],
      });
    const both = only(text('auto', 'auto'));
    assert.equal(both.verdict, 'pass');
    const full = only(text('auto', '1'));
    const allOnPrem = only(text(String(Math.max(full.parts![0]!.gpus, both.parts![0]!.gpus + 1)), 'auto'));
    if (allOnPrem.verdict === 'pass') assert.ok(both.cost.monthlyUsd <= allOnPrem.cost.monthlyUsd + 0.01);
  });

  it('an unreachable SLO fails with a sentence, not a hang (replica cap)', () => {
    const p = only(
      deploymentYaml({
        workload: 'inputTokens: 8000\noutputTokens: 200\npeakRequestsPerSecond: 1\nslo: {ttftMs: 20}',
        placements: ['name: a\ntype: on-prem\nhardware: l4-24gb\ngpus: auto'],
      }),
    );
    assert.equal(p.verdict, 'fail');
    assert.match(p.reasons.join(), /TTFT p95 .* exceeds SLO 20 ms even at the lightest load|unreachable/);
  });
});
