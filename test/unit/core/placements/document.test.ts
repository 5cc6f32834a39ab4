/**
 * Documents → reports: findings on the file's own placement nodes (with placements left out by
 * validation), multi-document files, the report contract (JSON Schema) and the examples.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateDocument, evaluateText, toFileReport } from '../../../../src/core/placements';
import type { DeploymentReport } from '../../../../src/core/report/types';
import { validateText } from '../../../../src/core/validate';
import { validateJson } from '../../support/jsonSchema';
import { deploymentYaml } from '../../support/placements';

const ROOT = join(__dirname, '..', '..', '..', '..');
const reportSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));
const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.deploy.yaml'))
  .sort();
const base = 'inputTokens: 1000\noutputTokens: 200\npeakRequestsPerSecond: 2\nslo: {ttftMs: 1000, tpotMs: 50}';

describe('placements: documents', () => {
  it('maps findings to the file placement when an earlier placement was left out by validation', () => {
    const text = deploymentYaml({
      constraints: 'monthlyBudgetUsd: 10',
      workload: base,
      placements: [
        'name: broken\ntype: on-prem\nhardware: no-such-gpu\ngpus: 1',
        'name: second\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1',
      ],
    });
    const validated = validateText(text).documents[0]!;
    assert.deepEqual(validated.placementSourceIndex, [1]);
    const { report, findings } = evaluateDocument(validated, text);
    assert.deepEqual(
      report.placements.map((p) => p.name),
      ['second'],
    );
    const budget = findings.find((f) => f.code === 'LLMS103')!;
    assert.equal(text.slice(budget.range.start, budget.range.end), 'second');
    assert.equal(
      report.placements[0]!.location!.line,
      text.split('\n').findIndex((l) => l.includes('name: second')) + 1,
    );
  });

  it('throws for a document without a usable deployment (callers check `deployment`)', () => {
    const validated = validateText('apiVersion: llm-sizing/v1\nkind: Deployment\nname: x\n').documents[0]!;
    assert.equal(validated.deployment, undefined);
    assert.throws(() => evaluateDocument(validated, ''), /no usable deployment/);
  });

  it('evaluates each document of a multi-document file; findings carry their document index', () => {
    const one = deploymentYaml({
      workload: base,
      constraints: 'monthlyBudgetUsd: 10',
      placements: ['name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1'],
    });
    const text = `${one}---\n${one.replace('name: test', 'name: second-doc')}`;
    const e = evaluateText(text);
    assert.deepEqual(
      e.documents.map((d) => d.report.name),
      ['test', 'second-doc'],
    );
    assert.deepEqual(
      e.findings.filter((f) => f.code === 'LLMS103').map((f) => f.documentIndex),
      [0, 1],
    );
  });

  it('the file-wide sizing cache changes no number: each document alone equals it after the others in one file', () => {
    // The same models at other loads come first, so every cached fit, capacity and model is reused.
    const texts = examples.map((name) => readFileSync(join(ROOT, 'examples', name), 'utf8'));
    const variants = texts.flatMap((t) =>
      [1, 1.5, 2.5].map((f) =>
        t.replace(/peakRequestsPerSecond: ([\d.]+)/, (_m, v: string) => `peakRequestsPerSecond: ${Number(v) * f}`),
      ),
    );
    const together = evaluateText(variants.join('\n---\n')).documents.map((d) => d.report);
    const alone = variants.map((t) => evaluateText(t).documents[0]!.report);
    assert.equal(together.length, variants.length);
    // Placement locations are lines in the file: the only thing that may differ.
    const unlocated = (r: DeploymentReport) => ({ ...r, placements: r.placements.map(({ location: _l, ...p }) => p) });
    together.forEach((report, i) => assert.deepEqual(unlocated(report), unlocated(alone[i]!), `document ${i + 1}`));
  });

  it('host defaults (settings) apply where the file says nothing, and are stated', () => {
    const text = deploymentYaml({
      workload: base,
      placements: ['name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1'],
    });
    const validated = validateText(text).documents[0]!;
    const plain = evaluateDocument(validated, text).report.placements[0]!;
    const tuned = evaluateDocument(validated, text, {
      defaults: { electricityUsdPerKwh: 0.3, pue: 1.1, amortizationMonths: 60 },
    }).report.placements[0]!;
    assert.notEqual(plain.cost.monthlyUsd, tuned.cost.monthlyUsd);
    assert.ok(tuned.assumptions.some((a) => /setting llmSizing\.defaults\.electricityUsdPerKwh/.test(a)));
    assert.ok(tuned.assumptions.some((a) => /60 months \(setting/.test(a)));
  });

  for (const name of examples) {
    it(`example ${name}: validates clean; its report matches schemas/report.schema.json`, () => {
      const text = readFileSync(join(ROOT, 'examples', name), 'utf8');
      const e = evaluateText(text);
      // Clean = no errors or warnings (informational notes such as LLMS041 may remain).
      assert.deepEqual(
        e.validation.findings
          .filter((f) => f.severity === 'error' || f.severity === 'warning')
          .map((f) => `${f.code} ${f.message}`),
        [],
      );
      assert.equal(e.documents.length, 1);
      const json = JSON.parse(JSON.stringify({ files: [toFileReport(`examples/${name}`, e)] }));
      assert.deepEqual(validateJson(reportSchema, json), []);
      const types = new Set(e.documents[0]!.report.placements.map((p) => p.type));
      assert.ok(types.size >= 3, `${name} compares ${[...types].join(', ')}`);
      assert.ok(e.documents[0]!.report.recommended, 'some placement passes');
    });
  }

  it('the schema validator rejects what the schema forbids', () => {
    const bad = {
      files: [
        {
          path: 'x',
          diagnostics: [{ severity: 'fatal', code: 'X1', message: 'm', line: 0, column: 1, endLine: 1, endColumn: 1 }],
          deployments: [],
        },
      ],
    };
    const errors = validateJson(reportSchema, bad).map((e) => e.path);
    assert.ok(errors.includes('$.files[0].diagnostics[0].severity'));
    assert.ok(errors.includes('$.files[0].diagnostics[0].code'));
    assert.ok(errors.includes('$.files[0].diagnostics[0].line'));
  });
});
