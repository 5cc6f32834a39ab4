import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCliCapture } from '../support/helpers';
import { INVALID } from '../support/placements';

const example = join(__dirname, '..', '..', '..', 'examples', 'chat-assistant.deploy.yaml');

const run = runCliCapture;

describe('llm-sizing recommend', () => {
  it('text: a ranked table and snippets; exit 0', async () => {
    const r = await run(['recommend', example]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /chat-assistant — cheapest configurations that pass/);
    assert.match(r.stdout, /^1 +(on-prem|cloud) /m);
    assert.match(r.stdout, /^ +- name: .*\n +type: (on-prem|cloud)\n +hardware: /m);
  });

  it('json: recommendations per deployment; --limit caps the list', async () => {
    const r = await run(['recommend', example, '--format', 'json', '--limit', '2']);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.stdout);
    const d = json.files[0].deployments[0];
    assert.equal(d.name, 'chat-assistant');
    assert.ok(d.recommendations.length >= 1 && d.recommendations.length <= 2);
    for (const key of ['type', 'hardware', 'gpus', 'monthlyUsd', 'ttftP95Ms', 'snippet'])
      assert.ok(key in d.recommendations[0], key);
  });

  it('markdown: a table and YAML blocks', async () => {
    const r = await run(['recommend', example, '--format', 'markdown']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\| # \| type \| hardware/m);
    assert.match(r.stdout, /```yaml\n- name: /);
  });

  it('invalid input exits 2; bad options are usage errors (exit 2); sarif is not a recommend format', async () => {
    assert.equal((await run(['recommend', 'i.deploy.yaml'], { 'i.deploy.yaml': INVALID })).code, 2);
    for (const args of [
      ['recommend'],
      ['recommend', example, '--limit', '0'],
      ['recommend', example, '--limit', 'x'],
      ['recommend', example, '--format', 'sarif'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
  });
});
