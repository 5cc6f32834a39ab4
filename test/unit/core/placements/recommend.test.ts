import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { recommend } from '../../../../src/core/placements';
import { validateText } from '../../../../src/core/validate';
import { deploymentYaml, only } from '../../support/placements';

const workload =
  'inputTokens: 1500\noutputTokens: 300\npeakRequestsPerSecond: 5\naverageRequestsPerSecond: 1.5\nslo: {ttftMs: 1500, tpotMs: 60}';
const deploymentOf = (text: string) => validateText(text).documents[0]!.deployment!;

describe('placements: recommend', () => {
  const text = deploymentYaml({
    model: 'id: llama-3.1-70b',
    workload,
    placements: ['name: x\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: auto'],
  });
  const result = recommend(deploymentOf(text));

  it('returns a short Pareto list: cheapest first (by the ranking figure), each next one faster', () => {
    const r = result.recommendations;
    assert.ok(r.length >= 1 && r.length <= 5);
    for (let i = 1; i < r.length; i++) {
      assert.ok(r[i]!.rankingUsd >= r[i - 1]!.rankingUsd);
      assert.ok(r[i]!.ttftP95Ms < r[i - 1]!.ttftP95Ms);
    }
    for (const x of r) {
      const expected = x.monthlyUsd * (x.priceConfidence === 'low' ? 1.1 : 1) * (x.calibrated ? 1 : 1.1);
      assert.ok(Math.abs(x.rankingUsd - expected) < 1e-6 * expected);
    }
    assert.ok(result.candidates > 100 && result.evaluated <= result.candidates && result.passing >= r.length);
  });

  it('a snippet pasted into the file is valid and evaluates to the same passing numbers', () => {
    for (const rec of result.recommendations) {
      const pasted = text.replace(
        /placements:\n[\s\S]*$/,
        `placements:\n${rec.snippet
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}\n`,
      );
      assert.doesNotThrow(() => parse(pasted));
      const p = only(pasted);
      assert.equal(p.verdict, 'pass', `${rec.snippet}\n${p.reasons.join()}`);
      assert.equal(p.cost.monthlyUsd, rec.monthlyUsd);
      assert.equal(p.gpus, rec.gpus);
      assert.equal(p.latency.ttftMs.p95, rec.ttftP95Ms);
    }
  });

  it('searches disaggregated prefill/decode for long prompts under a strict TPOT, and writes its layout out (issue 20)', () => {
    const long = deploymentYaml({
      model: 'id: llama-3.3-70b\nweights: fp8',
      // A TPOT SLO the aggregated layouts cannot meet in one server. At 30 ms, after the 2026-12-05
      // refit, 4× TP2 on one 8-GPU B200 server met it at 29.9 ms for $100 a month less than the split:
      // a knife edge, not the case this test is about.
      workload: 'inputTokens: 12000\noutputTokens: 400\npeakRequestsPerSecond: 4\nslo: {ttftMs: 4000, tpotMs: 25}',
      placements: ['name: x\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: auto'],
    });
    const r = recommend(deploymentOf(long));
    const split = r.recommendations.find((x) => x.disaggregation);
    assert.ok(split, r.recommendations.map((x) => x.snippet.split('\n')[0]).join(', '));
    assert.match(
      split.snippet,
      /disaggregation:\n {4}prefill: \{workers: \d+, gpus: \d+, parallelism: \{tensor: \d+\}\}\n {4}decode: /,
    );
    assert.match(split.disaggregation!.gain, /× goodput per GPU vs aggregated/);
    assert.ok(r.notes.some((n) => n.startsWith('disaggregated prefill/decode is searched')));
    // Short prompts: not searched, and said so.
    const chat = recommend(deploymentOf(text.replace('inputTokens: 1500', 'inputTokens: 500')));
    assert.ok(chat.recommendations.every((x) => !x.disaggregation));
    assert.ok(chat.notes.some((n) => n.startsWith('disaggregated prefill/decode is not searched')));
  });

  it("applies the file's LoRA adapters to every configuration and writes them into the snippet", () => {
    const plain = deploymentYaml({
      model: 'id: llama-3.1-8b',
      workload,
      placements: ['name: x\ntype: on-prem\nhardware: l40s-48gb\ngpus: auto'],
    });
    const withLora = deploymentYaml({
      model: 'id: llama-3.1-8b',
      workload,
      placements: [
        'name: x\ntype: on-prem\nhardware: l40s-48gb\ngpus: auto\nlora: {adapters: 64, rank: 64, maxLoras: 16}',
      ],
    });
    const a = recommend(deploymentOf(plain));
    const b = recommend(deploymentOf(withLora));
    assert.ok(
      b.notes.some((n) => /LoRA as placement 'x' writes it \(\{adapters: 64, rank: 64, maxLoras: 16\}\)/.test(n)),
    );
    for (const r of b.recommendations) assert.match(r.snippet, /\n {2}lora: \{adapters: 64, rank: 64, maxLoras: 16\}$/);
    assert.ok(!a.recommendations.some((r) => /lora/.test(r.snippet)));
    // A pasted snippet estimates the same as the recommendation (the adapters included).
    const first = b.recommendations[0]!;
    const pasted = deploymentYaml({
      model: 'id: llama-3.1-8b',
      workload,
      placements: [first.snippet.replace(/^- /, '').replace(/\n {2}/g, '\n')],
    });
    const e = only(pasted);
    assert.equal(e.cost.monthlyUsd, first.monthlyUsd);
    assert.ok(e.assumptions.some((x) => /^LoRA: 64 adapters/.test(x)));
  });

  it('honours dataResidency: on-prem (only on-prem) and a region (cloud placed there)', () => {
    const onPrem = recommend(
      deploymentOf(text.replace('placements:', 'constraints:\n  dataResidency: on-prem\nplacements:')),
    );
    assert.ok(onPrem.recommendations.every((r) => r.type === 'on-prem'));
    const costly = text.replace('placements:', 'constraints:\n  dataResidency: eu\n  maxPowerKw: 0.5\nplacements:');
    const eu = recommend(deploymentOf(costly));
    assert.ok(eu.recommendations.length > 0);
    assert.ok(eu.recommendations.every((r) => r.type === 'cloud' && /location: eu/.test(r.snippet)));
  });

  it('respects the budget: nothing over it is recommended', () => {
    const tight = recommend(
      deploymentOf(text.replace('placements:', 'constraints:\n  monthlyBudgetUsd: 1500\nplacements:')),
    );
    assert.ok(tight.recommendations.every((r) => r.monthlyUsd <= 1500));
  });

  it('searches the whole catalog in well under a second', () => {
    const t0 = performance.now();
    recommend(deploymentOf(text));
    assert.ok(performance.now() - t0 < 1000);
  });
});
