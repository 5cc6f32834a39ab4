/**
 * A golden that does not exist fails the test instead of being recorded as a pass.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertGolden } from '../../support/golden';

describe('goldens', () => {
  let dir: string;
  let saved: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-sizing-golden-'));
    saved = process.env['UPDATE_GOLDEN'];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env['UPDATE_GOLDEN'];
    else process.env['UPDATE_GOLDEN'] = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing golden fails and is not written', () => {
    delete process.env['UPDATE_GOLDEN'];
    const path = join(dir, 'new.json');
    assert.throws(() => assertGolden(path, [{ code: 'LLMS001' }]), /no golden at .*UPDATE_GOLDEN=1/);
    assert.equal(existsSync(path), false);
  });

  it('a golden that differs fails', () => {
    process.env['UPDATE_GOLDEN'] = '1';
    const path = join(dir, 'g.json');
    assertGolden(path, { a: 1 });
    delete process.env['UPDATE_GOLDEN'];
    assert.throws(() => assertGolden(path, { a: 2 }), /differs from its golden/);
  });

  it('UPDATE_GOLDEN=1 records the golden, which then passes', () => {
    process.env['UPDATE_GOLDEN'] = '1';
    const path = join(dir, 'new.json');
    assertGolden(path, { a: 1 });
    assert.equal(readFileSync(path, 'utf8'), '{\n  "a": 1\n}\n');
    delete process.env['UPDATE_GOLDEN'];
    assertGolden(path, { a: 1 });
  });
});
