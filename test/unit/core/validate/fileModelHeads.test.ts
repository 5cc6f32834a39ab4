/**
 * Issue 14 leftover: the tensor-parallel-divides-heads rule (LLMS038) also holds for a model read
 * from files (`model.config`), not only for catalog ids and written-out architectures.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, runCliCapture } from '../../support/helpers';

const FILE = (model: string, tensor: number) => `apiVersion: llm-sizing/v1
kind: Deployment
name: x
model: {${model}}
workload: {inputTokens: 10, outputTokens: 10, peakRequestsPerSecond: 1}
placements:
  - {name: a, type: on-prem, hardware: h100-sxm-80gb, gpus: ${tensor}, parallelism: {tensor: ${tensor}}}
`;

describe('LLMS038 for a model read from config.json (issue 14)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'llms-heads-'));
    copyFileSync(join(FIXTURES, 'modelfiles', 'hf', 'llama-3.1-8b.json'), join(dir, 'config.json'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('tensor 3 over 32 heads: the same error as for the catalog model, on the tensor value', async () => {
    const path = join(dir, 'a.deploy.yaml');
    writeFileSync(path, FILE('config: ./config.json', 3));
    const r = await runCliCapture(['validate', path]);
    assert.equal(r.code, 2, r.stdout);
    assert.match(
      r.stdout,
      /a\.deploy\.yaml:7:\d+: error LLMS038 Tensor parallelism 3 does not divide the 32 attention heads of the model of `\.\/config\.json`; engines refuse this split\. Divisors: 1, 2, 4, 8, 16, 32\./,
    );
    const catalogModel = await runCliCapture(['validate', 'b.deploy.yaml'], {
      'b.deploy.yaml': FILE('id: llama-3.1-8b', 3),
    });
    assert.match(
      catalogModel.stdout,
      /LLMS038 Tensor parallelism 3 does not divide the 32 attention heads of llama-3\.1-8b;/,
    );
  });

  it('tensor 4 divides 32: no finding; a placement naming its own model id is judged by that model', async () => {
    const ok = join(dir, 'ok.deploy.yaml');
    writeFileSync(ok, FILE('config: ./config.json', 4));
    assert.equal((await runCliCapture(['validate', ok])).code, 0);
    const override = join(dir, 'override.deploy.yaml');
    writeFileSync(
      override,
      FILE('config: ./config.json', 3).replace(
        'parallelism: {tensor: 3}}',
        'parallelism: {tensor: 3}, model: {id: qwen3-8b}}',
      ),
    );
    const r = await runCliCapture(['validate', override]);
    assert.doesNotMatch(r.stdout, /of the model of `\.\/config\.json`/);
  });
});
