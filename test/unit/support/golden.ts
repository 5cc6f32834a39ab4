/**
 * Golden files: a committed expected output compared with the actual one. A missing golden is a
 * failure, not a first recording; only `UPDATE_GOLDEN=1` (re)writes goldens, and the diff is then
 * reviewed like code.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Whether this run records goldens (`UPDATE_GOLDEN=1 npx mocha`). */
const updatingGoldens = (): boolean => !!process.env['UPDATE_GOLDEN'] && process.env['UPDATE_GOLDEN'] !== '0';

/** Asserts that `actual` equals the JSON golden at `path` (written first when updating). */
export function assertGolden(path: string, actual: unknown, label = path): void {
  if (updatingGoldens()) writeFileSync(path, JSON.stringify(actual, null, 2) + '\n');
  assert.ok(existsSync(path), `${label}: no golden at ${path}; record it with UPDATE_GOLDEN=1 npx mocha and review it`);
  assert.deepEqual(actual, JSON.parse(readFileSync(path, 'utf8')), `${label} differs from its golden ${path}`);
}
