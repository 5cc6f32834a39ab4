/**
 * The CLI on manifests: `check` exit codes (1 when a serving workload does not fit or breaks a
 * limit, 2 when nothing was checked), `--hardware` for manifests that name no GPU type, quoted
 * globs over a directory, and the JSON report shape (schemas/report.schema.json).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../../../src/cli/main';
import { globFiles } from '../../../../src/cli/files';
import { FIXTURES, memoryIo, ROOT, runCliCapture as run } from '../../support/helpers';
import { validateJson } from '../../support/jsonSchema';

const reportSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'));
const manifest = (name: string) => join(FIXTURES, 'manifests', name);
const code = (name: string) => join(FIXTURES, 'validate', name);

describe('llm-sizing on manifests', () => {
  it('check: 0 when every serving workload fits, 1 when one does not (on its GPU limit line), 2 when nothing was checked', async () => {
    assert.equal((await run(['check', manifest('lws-vllm.yaml')])).code, 0);
    const bad = await run(['check', manifest('sglang-statefulset.yaml')]);
    assert.equal(bad.code, 1, bad.stdout);
    assert.match(bad.stdout, /sglang-statefulset\.yaml:38:31: error LLMS201 /);
    const none = await run(['check', 'plain.yaml'], {
      'plain.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /nothing was checked/);
  });

  it('check: an unholdable --max-model-len fails with the error on the flag value', async () => {
    const r = await run(['check', code('LLMS202-max-model-len-exceeds-kv.yaml'), '--format', 'json']);
    assert.equal(r.code, 1);
    const file = JSON.parse(r.stdout).files[0];
    const d = file.diagnostics.find((x: { code: string }) => x.code === 'LLMS202');
    assert.deepEqual([d.line, d.column], [15, 32]);
    assert.equal(file.deployments[0].placements[0].verdict, 'fail');
  });

  it('--hardware gives the device to a manifest that names none; an unknown id is a usage error', async () => {
    const without = await run(['estimate', code('LLMS209-hardware-not-stated.yaml'), '--format', 'json']);
    assert.equal(JSON.parse(without.stdout).files[0].deployments[0].placements[0].hardware, 'not stated');
    const withHw = await run([
      'estimate',
      code('LLMS209-hardware-not-stated.yaml'),
      '--hardware',
      'l40s',
      '--format',
      'json',
    ]);
    const p = JSON.parse(withHw.stdout).files[0].deployments[0].placements[0];
    assert.equal(p.hardware, 'l40s-48gb');
    assert.ok(p.memory.fits);
    assert.ok(p.memory.kvPoolGiB > 0);
    const badId = await run(['estimate', code('LLMS209-hardware-not-stated.yaml'), '--hardware', 'h900']);
    assert.equal(badId.code, 2);
    assert.match(badId.stderr, /--hardware must be a catalog device id/);
  });

  it('JSON: files[].deployments[].placements[] with model, engine, hardware, gpus, replicas, devices, memory, latency; valid against the schema', async () => {
    const r = await run(['estimate', manifest('lws-vllm.yaml'), '--format', 'json']);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(validateJson(reportSchema, json), []);
    const p = json.files[0].deployments[0].placements[0];
    assert.equal(json.files[0].deployments[0].name, 'vllm');
    assert.equal(p.model, 'llama-3.1-405b');
    assert.equal(p.engine, 'vllm');
    assert.equal(p.hardware, 'h100-sxm-80gb');
    assert.equal(p.replicas, 2);
    assert.equal(p.devices, 32);
    assert.ok(p.memory.perGpuGiB.weights > 40 && p.memory.kvPoolGiB > 0 && p.memory.maxConcurrentSequences >= 1);
    assert.ok(p.latency.ttftMs.p50 > 0 && p.latency.tpotMs.p50 > 0);
  });

  it('a quoted glob walks a directory: serving manifests sized, other YAML skipped silently', async () => {
    const { io, out } = memoryIo();
    const status = await runCli(['validate', `${join(FIXTURES, 'manifests')}/**/*.yaml`], { ...io, glob: globFiles });
    assert.equal(status, 2, 'the SGLang StatefulSet does not fit');
    assert.match(out.stdout, /sglang-statefulset\.yaml: 1 error/);
    for (const name of ['vllm-deployment', 'lws-vllm', 'compose-llamacpp', 'kserve-huggingface'])
      assert.match(out.stdout, new RegExp(`${name}\\.yaml: 0 errors`));
    assert.equal(out.stderr, '');
    assert.ok(globFiles(`${join(FIXTURES, 'manifests')}/*.yaml`).length >= 10);
  });
});
