/**
 * The core never generates code at run time (no eval, no Function constructor): validation and
 * schema parsing run with both trapped.
 */
import assert from 'node:assert/strict';
import { validateText } from '../../../src/core/validate';
import { fixture } from '../support/helpers';

describe('no dynamic code', () => {
  it('validation never calls eval or the Function constructor', () => {
    const original = { eval: globalThis.eval, Function: globalThis.Function };
    const calls: string[] = [];
    const trap = new Proxy(original.Function, {
      construct(_target, args) {
        calls.push(`new Function(${String(args).slice(0, 40)})`);
        throw new EvalError('blocked by test');
      },
      apply(_target, _this, args) {
        calls.push(`Function(${String(args).slice(0, 40)})`);
        throw new EvalError('blocked by test');
      },
    });
    globalThis.Function = trap as FunctionConstructor;
    globalThis.eval = ((code: string) => {
      calls.push(`eval(${String(code).slice(0, 40)})`);
      throw new EvalError('blocked by test');
    }) as typeof eval;
    try {
      for (const name of [
        'valid-format-example.deploy.yaml',
        'LLMS010-unknown-key.deploy.yaml',
        'partial-placement.deploy.yaml',
      ]) {
        validateText(fixture('validate', name), { forceDeployment: true });
      }
    } finally {
      globalThis.Function = original.Function;
      globalThis.eval = original.eval;
    }
    assert.deepEqual(calls, []);
  });
});
