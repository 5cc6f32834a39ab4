/**
 * G11: numeric settings are checked, never trusted. A hand-edited settings.json can hold `"abc"`
 * for `llmSizing.maxFileSizeKB`; `Math.max(1, "abc")` is NaN and `length > NaN` is always false, so
 * the size limit used to switch itself off. Runs the real `readSettings` and `DocumentValidator`
 * against the fake `vscode` module (test/unit/support/fakeVscode.ts).
 *
 * Choice (documented in src/extension/settings.ts): a value that is not a finite number gives the
 * documented default (5000 KB); a finite number below the documented minimum is clamped to it
 * (-5 → 1 KB, the strictest limit, never "no limit").
 */
import assert from 'node:assert/strict';
import packageJson from '../../../package.json';
import { NUMBER_SETTINGS, readSettings } from '../../../src/extension/settings';
import { DocumentValidator } from '../../../src/extension/validation';
import { configuration, FakeTextDocument, installFakeVscode } from '../support/fakeVscode';

describe('extension settings: numeric values are validated (fake vscode)', () => {
  installFakeVscode();
  const log = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    trace: () => undefined,
  };
  const KEY = 'llmSizing.maxFileSizeKB';
  const HEAD = 'apiVersion: llm-sizing/v1\nkind: Deployment\nname: big\n';

  afterEach(() => configuration.clear());

  it('the documented defaults and bounds match package.json', () => {
    const props: Record<string, { default: unknown; minimum?: number; maximum?: number }> =
      packageJson.contributes.configuration.properties;
    for (const [key, spec] of Object.entries(NUMBER_SETTINGS)) {
      const declared = props[`llmSizing.${key}`]!;
      assert.equal(declared.default, spec.default, key);
      assert.equal(declared.minimum, spec.minimum, key);
      if (declared.maximum !== undefined) assert.equal(declared.maximum, spec.maximum, key);
    }
  });

  it('maxFileSizeKB: "abc", NaN, ±Infinity, null, objects, booleans → the default 5000; -5, 0, 0.5 → the minimum 1; valid numbers kept', () => {
    for (const bad of ['abc', '', '6000', NaN, Infinity, -Infinity, null, {}, [], true]) {
      configuration.set(KEY, bad);
      assert.equal(readSettings().maxFileSizeKB, 5000, `${KEY} = ${JSON.stringify(bad) ?? String(bad)}`);
    }
    for (const [value, expected] of [
      [-5, 1],
      [0, 1],
      [0.5, 1],
      [1, 1],
      [12, 12],
      [5000, 5000],
      [250_000, 250_000],
    ] as const) {
      configuration.set(KEY, value);
      assert.equal(readSettings().maxFileSizeKB, expected, `${KEY} = ${value}`);
    }
    configuration.delete(KEY);
    assert.equal(readSettings().maxFileSizeKB, 5000, 'unset');
  });

  it('validation.delayMs and the optional defaults.* numbers: non-finite or out of range → the documented default', () => {
    for (const [value, expected] of [
      ['abc', 250],
      [NaN, 250],
      [Infinity, 250],
      [-5, 0],
      [99_999, 5000],
      [40, 40],
    ] as const) {
      configuration.set('llmSizing.validation.delayMs', value);
      assert.equal(readSettings().validateDelayMs, expected, `delayMs = ${String(value)}`);
    }
    for (const [key, field, bad, good] of [
      ['defaults.pue', 'pue', [0.5, 6, NaN, '1.4', Infinity], 1.4],
      ['defaults.amortizationMonths', 'amortizationMonths', [0, 241, NaN, '36', -Infinity], 36],
      ['defaults.electricityUsdPerKwh', 'electricityUsdPerKwh', [-0.1, NaN, '0.2', Infinity], 0.2],
    ] as const) {
      for (const b of bad) {
        configuration.set(`llmSizing.${key}`, b);
        assert.equal(readSettings().defaults[field], undefined, `${key} = ${String(b)}`);
      }
      configuration.set(`llmSizing.${key}`, good);
      assert.equal(readSettings().defaults[field], good, key);
    }
  });

  it('booleans, globs, severity and engine of the wrong type fall back to their defaults', () => {
    configuration.set('llmSizing.validation.onType', 'false');
    configuration.set('llmSizing.estimate.onSave', 0);
    configuration.set('llmSizing.files', '**/*.yaml');
    configuration.set('llmSizing.diagnostics.minimumSeverity', 'fatal');
    configuration.set('llmSizing.defaults.engine', 42);
    const s = readSettings();
    assert.equal(s.validateOnType, true);
    assert.equal(s.estimateOnSave, true);
    assert.deepEqual(s.files, ['**/*.deploy.yaml', '**/*.deploy.yml']);
    assert.equal(s.diagnosticsMinimumSeverity, 'hint');
    assert.equal(s.defaults.engine, undefined);
  });

  it('the validator still declines a 6 MB document (LLMS006) whatever non-numeric maxFileSizeKB it is given', function () {
    this.timeout(60_000);
    const validator = new DocumentValidator(log as never);
    const big = new FakeTextDocument(
      'file:///work/project/big.deploy.yaml',
      HEAD + `description: "${'x'.repeat(6 * 1024 * 1024)}"\n`,
    );
    for (const bad of ['abc', NaN, -5, Infinity, null, undefined]) {
      if (bad === undefined) configuration.delete(KEY);
      else configuration.set(KEY, bad);
      big.setText(big.getText()); // a new version: validated afresh
      const started = performance.now();
      const findings = validator.validate(big as never)!.result.findings;
      assert.deepEqual(
        findings.map((f) => f.code),
        ['LLMS006'],
        `${KEY} = ${String(bad)}`,
      );
      assert.match(findings[0]!.message, bad === -5 ? /limit of 1,024\b/ : /limit of 5,120,000\b/);
      assert.ok(performance.now() - started < 5_000, 'declined before any parsing');
    }
    validator.dispose();
  });

  it('a small deployment file is still analysed under the default limit (the fallback is not "decline everything")', () => {
    configuration.set(KEY, 'abc');
    const validator = new DocumentValidator(log as never);
    const small = new FakeTextDocument(
      'file:///work/project/small.deploy.yaml',
      `${HEAD}description: "${'x'.repeat(2000)}"\n`,
    );
    const state = validator.validate(small as never)!;
    assert.ok(
      !state.result.findings.some((f) => f.code === 'LLMS006'),
      JSON.stringify(state.result.findings.map((f) => f.code)),
    );
    assert.equal(state.result.documents.filter((d) => d.analysed).length, 1);
    // The same file with a 1 KB limit (the value restricted by workspace trust in Restricted Mode) is declined.
    configuration.set(KEY, 1);
    small.setText(small.getText());
    assert.deepEqual(
      validator.validate(small as never)!.result.findings.map((f) => f.code),
      ['LLMS006'],
    );
    validator.dispose();
  });
});
