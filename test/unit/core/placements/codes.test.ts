/**
 * Every placement finding code (LLMS101–LLMS108) is produced, on the exact YAML node, with its
 * related locations and quick fixes — and the fixes do what they say.
 */
import assert from 'node:assert/strict';
import { allCodes, CODES } from '../../../../src/core/validate/codes';
import type { Finding } from '../../../../src/core/findings';
import { evaluateText } from '../../../../src/core/placements';
import { applyEdits } from '../../support/helpers';
import { deploymentYaml, evaluate, only } from '../../support/placements';

const base = 'inputTokens: 1000\noutputTokens: 200\npeakRequestsPerSecond: 2\nslo: {ttftMs: 1000, tpotMs: 50}';

function findingsOf(text: string, code: string): Finding[] {
  return evaluate(text).findings.filter((f) => f.code === code);
}
const at = (text: string, f: { range: { start: number; end: number } }) => text.slice(f.range.start, f.range.end);

describe('placements: finding codes', () => {
  const seen = new Set<string>();
  const expect = (text: string, code: string, node: string | RegExp): Finding => {
    const found = findingsOf(text, code);
    assert.equal(
      found.length,
      1,
      `${code}: ${JSON.stringify(evaluate(text).findings.map((f) => [f.code, f.message]))}`,
    );
    const f = found[0]!;
    if (typeof node === 'string') assert.equal(at(text, f), node);
    else assert.match(at(text, f), node);
    assert.equal(f.severity, Object.values(CODES).find((c) => c.code === code)!.severity);
    seen.add(code);
    return f;
  };

  it('LLMS101 placement-does-not-fit (error) on the hardware', () => {
    const text = deploymentYaml({
      model: 'id: llama-3.1-70b',
      workload: base,
      placements: ['name: a\ntype: on-prem\nhardware: l4-24gb\ngpus: 1'],
    });
    const f = expect(text, 'LLMS101', 'l4-24gb');
    assert.match(f.message, /^does not fit/);
  });

  it('LLMS102 slo-missed (warning) on gpus, SLO lines related, "Set gpus to N" fixes it and N − 1 replicas do not', () => {
    const text = deploymentYaml({
      workload: base.replace('peakRequestsPerSecond: 2', 'peakRequestsPerSecond: 40'),
      placements: ['name: a\ntype: on-prem\nhardware: l40s-48gb\ngpus: 1\nengine: vllm'],
    });
    const f = expect(text, 'LLMS102', '1');
    assert.ok(f.related && f.related.length >= 1);
    assert.ok(f.related!.every((r) => /^(1000|50)$/.test(at(text, r))));
    const fix = f.fixes?.[0];
    assert.ok(fix, 'a quick fix');
    const n = Number(/Set gpus to (\d+)/.exec(fix.title)![1]);
    const fixed = applyEdits(text, fix.edits);
    assert.equal(only(fixed).verdict, 'pass');
    assert.equal(findingsOf(fixed, 'LLMS102').length, 0);
    const fewer = fixed.replace(`gpus: ${n}`, `gpus: ${n - 1}`);
    assert.equal(only(fewer).verdict, 'fail');
  });

  it('LLMS103 over-budget (warning) on the name, budget related', () => {
    const text = deploymentYaml({
      workload: base,
      constraints: 'monthlyBudgetUsd: 10',
      placements: ['name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1'],
    });
    const f = expect(text, 'LLMS103', 'a');
    assert.equal(at(text, f.related![0]!), '10');
    assert.match(only(text).reasons[0]!, /^over budget: \$[\d,.k]+\/mo > \$10/);
  });

  it('LLMS104 over-power (warning) on the name, cap related', () => {
    const text = deploymentYaml({
      workload: base,
      constraints: 'maxPowerKw: 0.1',
      placements: ['name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1'],
    });
    const f = expect(text, 'LLMS104', 'a');
    assert.equal(at(text, f.related![0]!), '0.1');
  });

  it('LLMS105 residency-violated (warning): cloud under on-prem residency, on the type; a region mismatch on location', () => {
    const text = deploymentYaml({
      workload: base,
      constraints: 'dataResidency: on-prem',
      placements: ['name: a\ntype: cloud\nhardware: h100-sxm-80gb\ngpus: 1'],
    });
    const f = expect(text, 'LLMS105', 'cloud');
    assert.equal(at(text, f.related![0]!), 'on-prem');
    const region = deploymentYaml({
      workload: base,
      constraints: 'dataResidency: eu',
      placements: [
        'name: a\ntype: cloud\nhardware: h100-sxm-80gb\ngpus: 1\nlocation: us-east',
        'name: b\ntype: cloud\nhardware: h100-sxm-80gb\ngpus: 1\nlocation: EU',
        'name: c\ntype: cloud\nhardware: h100-sxm-80gb\ngpus: 1',
      ],
    });
    const g = findingsOf(region, 'LLMS105');
    assert.equal(g.length, 2);
    assert.equal(at(region, g[0]!), 'us-east');
    // An unstated location cannot be verified (issue 12 item 2): a warning on the type, and the placement fails.
    assert.equal(at(region, g[1]!), 'cloud');
    const reports = evaluate(region).documents[0]!.report.placements;
    assert.deepEqual(
      reports.map((p) => p.verdict),
      ['fail', 'pass', 'fail'],
    );
    assert.match(reports[2]!.reasons.join('; '), /location not stated: cannot verify dataResidency: eu/);
  });

  it('LLMS106 gpus-auto-solved (info) on `auto`; the fix writes the number back and gives the same result', () => {
    const text = deploymentYaml({
      workload: base.replace('peakRequestsPerSecond: 2', 'peakRequestsPerSecond: 12'),
      placements: ['name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: auto\nengine: vllm'],
    });
    const f = expect(text, 'LLMS106', 'auto');
    const before = only(text);
    assert.equal(before.gpusAuto, true);
    const fixed = applyEdits(text, f.fixes![0]!.edits);
    const after = only(fixed);
    assert.equal(after.gpusAuto, false);
    assert.equal(after.gpus, before.gpus);
    assert.equal(after.cost.monthlyUsd, before.cost.monthlyUsd);
    assert.equal(after.verdict, 'pass');
  });

  it('LLMS106 fix also adds the parallelism auto chose (block and flow mappings), and the result validates', () => {
    for (const style of ['block', 'flow'] as const) {
      const placement =
        style === 'block'
          ? 'name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: auto   # solve it\nengine: vllm'
          : '{name: a, type: on-prem, hardware: h100-sxm-80gb, gpus: auto, engine: vllm}';
      const text = deploymentYaml({ model: 'id: llama-3.1-70b', workload: base, placements: [placement] });
      const f = findingsOf(text, 'LLMS106')[0]!;
      assert.match(f.fixes![0]!.title, /with parallelism \{tensor: \d\}/);
      const fixed = applyEdits(text, f.fixes![0]!.edits);
      const e = evaluateText(fixed);
      assert.deepEqual(
        e.validation.findings.filter((x) => x.severity === 'error'),
        [],
        fixed,
      );
      const before = only(text);
      const after = only(fixed);
      assert.equal(after.gpus, before.gpus);
      assert.deepEqual(after.shape, before.shape);
      assert.match(fixed, /parallelism: \{tensor: \d\}/);
    }
  });

  it('LLMS107 no-reference-price (warning) on the hardware, cost counted as 0 and not recommended', () => {
    const text = deploymentYaml({
      workload: base,
      placements: ['name: a\ntype: cloud\nhardware: rtx-4090-24gb\ngpus: 1'],
    });
    expect(text, 'LLMS107', 'rtx-4090-24gb');
    const d = evaluate(text).documents[0]!.report;
    assert.equal(d.placements[0]!.cost.monthlyUsd, 0);
    assert.equal(d.recommended, undefined);
  });

  it('LLMS109 fragile-slo (warning) on `gpus`, the TPOT objective related', () => {
    const text = deploymentYaml({
      model: 'id: qwen3-32b',
      workload: 'inputTokens: 1500\noutputTokens: 350\npeakRequestsPerSecond: 6\nslo: {ttftMs: 1500, tpotMs: 56}',
      placements: ['name: a\ntype: on-prem\nhardware: l40s-48gb\ngpus: auto\nparallelism: {tensor: 2}'],
    });
    const f = expect(text, 'LLMS109', 'auto');
    assert.deepEqual(
      f.related?.map((r) => at(text, r)),
      ['56'],
    );
  });

  it('LLMS108 cannot-estimate (error) on the placement name; the other placements go on', () => {
    const text = deploymentYaml({
      model: 'id: llama-3.1-8b\nweights: fp8',
      workload: base,
      placements: [
        'name: gguf-only\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1\nengine: llama.cpp',
        'name: ok\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1',
      ],
    });
    const f = expect(text, 'LLMS108', 'gguf-only');
    assert.match(f.message, /does not load 'fp8' weights/);
    const ps = evaluate(text).documents[0]!.report.placements;
    assert.equal(ps[0]!.verdict, 'fail');
    assert.equal(ps[1]!.verdict, 'pass');
  });

  it('every LLMS1xx code in the registry is covered above', () => {
    const placementCodes = allCodes()
      .map((c) => c.code)
      .filter((c) => /^LLMS1\d\d$/.test(c));
    assert.deepEqual(
      placementCodes.filter((c) => !seen.has(c)),
      [],
    );
  });
});
