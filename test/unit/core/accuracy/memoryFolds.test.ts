/**
 * The cross-validation's shortcut for publications of memory figures only (crossValidate.ts): the
 * fit's objective ignores memory cases, so leaving such a publication out leaves the parameters of
 * the fit on every performance case and changes only the bands. The shortcut must give exactly
 * what a full fold fit gives (checked here on a small set, one round, so the test stays fast).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCases } from '../../../../src/core/accuracy/index';
import { fitCases, isMemoryCase, sourceFamily, withBandsOf } from '../../../../src/core/accuracy/fit';
import { ROOT } from '../../support/helpers';

describe('cross-validation folds of memory-only publications', () => {
  it('equal a full fold fit: same parameters, the fold’s own bands', () => {
    const read = (f: string) => parseCases(readFileSync(join(ROOT, 'data', 'calibration', f), 'utf8')).cases;
    const memory = read('memory.yaml');
    const performance = read('cases.yaml')
      .filter((c) => !isMemoryCase(c))
      .slice(0, 40);
    const priors = JSON.parse(readFileSync(join(ROOT, 'data', 'calibration', 'priors.json'), 'utf8'));
    const family = sourceFamily(memory[0]!.source);
    const rest = [...performance, ...memory.filter((c) => sourceFamily(c.source) !== family)];
    assert.ok(memory.some((c) => sourceFamily(c.source) === family) && rest.some(isMemoryCase));
    const full = fitCases(rest, priors, 1).json;
    const shortcut = withBandsOf(rest, fitCases(performance, priors, 1).json);
    assert.deepEqual(shortcut, full);
    // The bands do depend on the memory cases left in: the shortcut recomputes them.
    const noMemory = fitCases(performance, priors, 1).json;
    assert.notDeepEqual(
      (noMemory['bands'] as Record<string, unknown>)['kvCache'],
      (full['bands'] as Record<string, unknown>)['kvCache'],
    );
  });
});
