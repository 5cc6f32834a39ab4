import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliCapture } from '../support/helpers';
import { validateJson } from '../support/jsonSchema';
import { FAILING, INVALID } from '../support/placements';

const ROOT = join(__dirname, '..', '..', '..');
const example = join(ROOT, 'examples', 'chat-assistant.deploy.yaml');
const reportSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));
const sarifSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'sarif-2.1.0.json'), 'utf8'));

const run = runCliCapture;

describe('llm-sizing estimate', () => {
  it('text: diagnostics, then a comparison table with every placement; exit 0', async () => {
    const r = await run(['estimate', example]);
    assert.equal(r.code, 0, r.stderr);
    for (const name of ['dc-h100', 'base-plus-burst', 'office-workstations', 'cloud-h100'])
      assert.ok(r.stdout.includes(name), name);
    assert.match(r.stdout, /TTFT p95 \(≤ 1\.5 s\)/);
    assert.match(r.stdout, /cost \/ month/);
    assert.match(r.stdout, /★ Recommended: /);
    assert.match(r.stdout, /chat-assistant\.deploy\.yaml:\d+:\d+: info LLMS106 /);
  });

  it('json: {files: FileReport[]} valid against schemas/report.schema.json, 1-based positions', async () => {
    const r = await run(['estimate', example, '--format', 'json']);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(validateJson(reportSchema, json), []);
    const file = json.files[0];
    assert.equal(file.deployments[0].placements.length, 4);
    assert.ok(file.diagnostics.every((d: { line: number; column: number }) => d.line >= 1 && d.column >= 1));
    const p = file.deployments[0].placements[0];
    for (const key of [
      'verdict',
      'reasons',
      'hardware',
      'gpus',
      'replicas',
      'devices',
      'memory',
      'latency',
      'throughput',
      'cost',
      'power',
      'dataLeavesPremises',
      'cloudShareOfRequests',
    ])
      assert.ok(key in p, key);
  });

  it('markdown: a table per deployment', async () => {
    const r = await run(['estimate', example, '--format=markdown']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^# LLM deployment sizing estimate\n/, 'one # heading first');
    assert.match(r.stdout, /^## .*chat-assistant/m);
    assert.match(r.stdout, /^\| Metric \| dc-h100 \| base-plus-burst \| office-workstations \| cloud-h100 ★ \|$/m);
    assert.match(r.stdout, /^\| Cost per month \| \$/m);
  });

  it('sarif: valid SARIF 2.1.0 (vendored schema), rules from the registry, 1-based regions', async () => {
    const r = await run(['estimate', example, '--format', 'sarif']);
    assert.equal(r.code, 0);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(validateJson(sarifSchema, log), []);
    assert.equal(log.version, '2.1.0');
    const run0 = log.runs[0];
    assert.ok(run0.tool.driver.rules.some((rule: { id: string }) => rule.id === 'LLMS106'));
    const result = run0.results[0];
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
    assert.ok(result.locations[0].physicalLocation.region.startColumn >= 1);
    assert.match(result.locations[0].physicalLocation.artifactLocation.uri, /chat-assistant\.deploy\.yaml$/);
  });

  it('the SARIF schema check is real: a log without a tool or with a bad level is rejected', () => {
    const errors = validateJson(sarifSchema, {
      version: '2.1.0',
      runs: [{ results: [{ message: { text: 'x' }, level: 'fatal' }] }],
    });
    assert.ok(
      errors.some((e) => /missing required tool/.test(e.message)),
      JSON.stringify(errors),
    );
    assert.ok(
      errors.some((e) => e.path.endsWith('.level')),
      JSON.stringify(errors),
    );
  });

  it('invalid input exits 2 (diagnostics still printed); a missing file exits 2 with a message', async () => {
    const r = await run(['estimate', 'bad.deploy.yaml'], { 'bad.deploy.yaml': INVALID });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /bad\.deploy\.yaml:7:\d+: error LLMS021/);
    const m = await run(['estimate', 'nope.yaml']);
    assert.equal(m.code, 2);
    assert.match(m.stderr, /nope\.yaml: no such file/);
  });

  it('a failing placement is not an error for estimate (exit 0)', async () => {
    const r = await run(['estimate', 'f.deploy.yaml'], { 'f.deploy.yaml': FAILING });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /over budget/);
  });

  it('usage errors exit 2 without a stack trace', async () => {
    for (const args of [['estimate'], ['estimate', example, '--format', 'xml'], ['estimate', example, '--bogus']]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.stderr.length > 0);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });
});
