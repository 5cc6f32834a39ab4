import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliCapture } from '../support/helpers';
import { validateJson } from '../support/jsonSchema';
import { FAILING, INVALID } from '../support/placements';

const ROOT = join(__dirname, '..', '..', '..');
const examples = (name: string) => join(ROOT, 'examples', `${name}.deploy.yaml`);
const sarifSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'sarif-2.1.0.json'), 'utf8'));
const reportSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));

/** One placement that meets its SLO and one that cannot (the same model at 100× the load on one GPU). */
const SLO = (peak: number) =>
  `apiVersion: llm-sizing/v1\nkind: Deployment\nname: slo\nmodel: {id: llama-3.1-8b}\nworkload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: ${peak}, slo: {ttftMs: 800, tpotMs: 40}}\nplacements:\n  - name: one-gpu\n    type: on-prem\n    hardware: l40s-48gb\n    gpus: 1\n`;

const run = runCliCapture;

describe('llm-sizing check', () => {
  it('passes a placement that meets its SLO (exit 0) and fails one that cannot (exit 1)', async () => {
    const ok = await run(['check', 'ok.deploy.yaml'], { 'ok.deploy.yaml': SLO(0.5) });
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /ok\.deploy\.yaml: 1 of 1 placement pass/);
    const bad = await run(['check', 'bad.deploy.yaml'], { 'bad.deploy.yaml': SLO(50) });
    assert.equal(bad.code, 1, bad.stdout);
    assert.match(bad.stdout, /one-gpu: .*(exceeds SLO|overloaded)/);
    assert.match(bad.stdout, /bad\.deploy\.yaml:\d+:\d+: warning LLMS102 /);
  });

  it('an example with a residency failure exits 1; one where everything passes exits 0', async () => {
    assert.equal((await run(['check', examples('rag-eu-residency')])).code, 1);
    assert.equal((await run(['check', examples('chat-assistant')])).code, 0);
  });

  it('invalid input wins: exit 2 even when another file fails', async () => {
    const r = await run(['check', 'f.deploy.yaml', 'i.deploy.yaml'], {
      'f.deploy.yaml': FAILING,
      'i.deploy.yaml': INVALID,
    });
    assert.equal(r.code, 2);
  });

  it('every format keeps the exit code', async () => {
    for (const format of ['text', 'json', 'markdown', 'sarif']) {
      const r = await run(['check', 'f.deploy.yaml', '--format', format], { 'f.deploy.yaml': FAILING });
      assert.equal(r.code, 1, format);
      if (format === 'json') assert.deepEqual(validateJson(reportSchema, JSON.parse(r.stdout)), []);
      if (format === 'sarif') {
        const log = JSON.parse(r.stdout);
        assert.deepEqual(validateJson(sarifSchema, log), []);
        const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'LLMS103');
        assert.equal(result.level, 'warning');
        assert.equal(result.locations[0].physicalLocation.region.startLine, 8);
        assert.equal(result.relatedLocations[0].physicalLocation.region.startLine, 6);
      }
      if (format === 'markdown') assert.match(r.stdout, /\*\*pricey\*\*: over budget/);
    }
  });

  it('SARIF carries quick fixes as replacements', async () => {
    const r = await run(['check', 'bad.deploy.yaml', '--format', 'sarif'], { 'bad.deploy.yaml': SLO(50) });
    const log = JSON.parse(r.stdout);
    assert.deepEqual(validateJson(sarifSchema, log), []);
    const fix = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'LLMS102').fixes[0];
    assert.match(fix.description.text, /Set gpus to \d+/);
    assert.match(fix.artifactChanges[0].replacements[0].insertedContent.text, /^\d+$/);
  });

  it('usage errors exit 2', async () => {
    assert.equal((await run(['check'])).code, 2);
    assert.equal((await run(['check', 'x', '--format'])).code, 2);
  });
});
