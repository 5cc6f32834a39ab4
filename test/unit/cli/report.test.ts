import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { memoryIo, runCliCapture } from '../support/helpers';
import { validateJson } from '../support/jsonSchema';
import { INVALID } from '../support/placements';

const ROOT = join(__dirname, '..', '..', '..');
const example = join(ROOT, 'examples', 'nightly-batch.deploy.yaml');

const run = runCliCapture;

describe('llm-sizing report', () => {
  it('writes Markdown by default: tables, then per placement cost breakdown and assumptions', async () => {
    const r = await run(['report', example]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# LLM deployment sizing report/m);
    assert.match(r.stdout, /^\| cost item \| \$\/month \|/m);
    assert.match(r.stdout, /<summary>Assumptions<\/summary>/);
    assert.match(r.stdout, /^#### dc-a100 \(on-prem\) — FAIL/m);
  });

  it('--output writes the file instead of stdout', async () => {
    const { io, out } = memoryIo();
    assert.equal(await runCli(['report', example, '--output', 'sizing.md'], io), 0);
    assert.equal(out.stdout, '');
    assert.match(out.written['sizing.md']!, /nightly-summaries/);
    assert.match(out.stderr, /wrote sizing\.md/);
  });

  it('other formats: text, json (schema-valid), sarif', async () => {
    assert.match((await run(['report', example, '--format', 'text'])).stdout, /cost \/ month/);
    const json = JSON.parse((await run(['report', example, '--format', 'json'])).stdout);
    assert.deepEqual(
      validateJson(JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8')), json),
      [],
    );
    assert.equal(JSON.parse((await run(['report', example, '--format', 'sarif'])).stdout).version, '2.1.0');
  });

  it('exit 2 on invalid input and on usage errors', async () => {
    assert.equal((await run(['report', 'i.deploy.yaml'], { 'i.deploy.yaml': INVALID })).code, 2);
    assert.equal((await run(['report'])).code, 2);
    assert.equal((await run(['report', example, '--output'])).code, 2);
  });
});
