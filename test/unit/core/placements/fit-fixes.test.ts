/**
 * "Does not fit" offers edits that make it fit, each checked by re-evaluating the edited file.
 */
import assert from 'node:assert/strict';
import { evaluateText } from '../../../../src/core/placements';
import { applyEdits } from '../../support/helpers';

const TEXT = `apiVersion: llm-sizing/v1
kind: Deployment
name: big-model
model:
  id: llama-3.1-70b
  weights: bf16
workload:
  inputTokens: 1000
  outputTokens: 200
  peakRequestsPerSecond: 1
placements:
  - name: one-h100
    type: on-prem
    hardware: h100-sxm-80gb
    gpus: 1
    engine: vllm
`;

function doesNotFit(text: string) {
  return evaluateText(text).findings.find((f) => f.code === 'LLMS101');
}

describe('does-not-fit quick fixes', () => {
  it('gives the per-GPU breakdown and offers tensor parallelism and a smaller format', () => {
    const finding = doesNotFit(TEXT);
    assert.ok(finding);
    assert.match(
      finding.message,
      /weights [\d.]+ GiB \+ KV cache [\d.]+ GiB \+ activations [\d.]+ GiB \+ runtime [\d.]+ GiB per GPU/,
    );
    assert.deepEqual(
      finding.fixes?.map((f) => f.title),
      // FP8 fits one H100 since vLLM's activation peak is the larger of its profile run's forward
      // and sampler warm-up, not their sum (docs/estimator.md): 66 GiB of weights leave ~3.5 GiB of KV.
      ['Set tensor parallelism to 2 (gpus: 2)', 'Use fp8 weights in this placement'],
    );
    assert.equal(finding.fixes?.[0]?.preferred, true);
  });

  for (const index of [0, 1]) {
    it(`fix ${index + 1} makes the placement fit, and the file stays valid`, () => {
      const fix = doesNotFit(TEXT)!.fixes![index]!;
      const fixed = applyEdits(TEXT, fix.edits);
      const result = evaluateText(fixed);
      assert.deepEqual(
        result.validation.findings.filter((f) => f.severity === 'error'),
        [],
      );
      assert.equal(doesNotFit(fixed), undefined, fixed);
      assert.equal(result.documents[0]!.report.placements[0]!.memory.fits, true);
    });
  }
});
