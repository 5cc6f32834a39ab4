import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deploymentYaml, evaluate } from '../../../support/placements';
import { runCliCapture } from '../../../support/helpers';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');

// Issue 12 item 4: a placement serving another model is a different product, never the ★.
describe('the recommendation serves the deployment model (issue 12 item 4)', () => {
  const text = deploymentYaml({
    model: 'id: llama-3.3-70b\nweights: fp8',
    workload: 'inputTokens: 1000\noutputTokens: 200\npeakRequestsPerSecond: 1',
    placements: [
      'name: big\ntype: cloud\nhardware: h100-sxm-80gb\ngpus: 2\nparallelism: {tensor: 2}\nusdPerGpuHour: 3',
      'name: small\ntype: cloud\nhardware: h100-sxm-80gb\ngpus: 1\nmodel: {id: llama-3.1-8b}\nusdPerGpuHour: 3',
    ],
  });

  it('recommends the cheapest placement with the same model and names the cheaper other-model one apart', () => {
    const report = evaluate(text).documents[0]!.report;
    assert.equal(report.recommended, 'big');
    assert.deepEqual(report.cheapestWithOtherModel, { name: 'small', model: 'llama-3.1-8b' });
  });

  it('recommends nothing when only another model passes', () => {
    // 70B in 16 bits (141 GB) on one 80 GB GPU: the deployment's model cannot run there.
    const only = text
      .replace('gpus: 2\n    parallelism: {tensor: 2}', 'gpus: 1')
      .replace('weights: fp8', 'weights: bf16');
    const report = evaluate(only).documents[0]!.report;
    assert.equal(report.placements.find((p) => p.name === 'big')!.verdict, 'fail');
    assert.equal(report.recommended, undefined);
    assert.equal(report.cheapestWithOtherModel?.name, 'small');
  });

  it('the text output shows the other model separately', async () => {
    const r = await runCliCapture(['estimate', 'a.deploy.yaml'], { 'a.deploy.yaml': text });
    assert.match(r.stdout, /★ Recommended: big/);
    assert.match(r.stdout, /Cheapest with another model: small \(llama-3\.1-8b\)/);
  });

  it("the README's printed block is what the CLI prints for the example", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /What the main job prints:\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, 'README has the printed block');
    const example = readFileSync(join(ROOT, 'examples', 'chat-assistant.deploy.yaml'), 'utf8');
    const r = await runCliCapture(['estimate', 'examples/chat-assistant.deploy.yaml'], {
      'examples/chat-assistant.deploy.yaml': example,
    });
    assert.equal(block.trim(), r.stdout.trim());
    // Issue 12 item 5: owning means buying a whole 8-GPU H100 server (servers, network, host power
    // counted); at this load renting wins, and the text says what each cost includes.
    assert.match(block, /★ Recommended: cloud-h100/);
    assert.match(block, /dc-h100: 8 GPUs \(4 idle\) in 1 8-GPU server, network and racks, energy of GPUs and hosts/);
    assert.match(block, /Cheapest with another model: office-workstations \(llama-3\.1-8b\)/);
  });
});
