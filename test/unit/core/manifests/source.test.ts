/**
 * `placements[].source` (issue 15 item 4): a placement in a sizing file takes hardware, GPUs,
 * replicas, engine, parallelism, engine options and model from a manifest; fields written in the
 * placement override it; SLOs and cost then work as for any placement.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { catalogForFile } from '../../../../src/cli/fileCatalog';
import { evaluateText } from '../../../../src/core/placements';
import { FIXTURES, fixture } from '../../support/helpers';

async function evaluate(name: string, text = fixture('manifests', name)) {
  const path = join(FIXTURES, 'manifests', name);
  const catalog = await catalogForFile(path, text, {});
  return { text, result: evaluateText(text, { catalog, curve: false }) };
}

const placementsOf = (r: Awaited<ReturnType<typeof evaluate>>['result']) =>
  r.documents.flatMap((d) => d.report.placements);

describe('placements read from a manifest (source:)', () => {
  it('takes device, GPUs, replicas, engine and --max-model-len from the Kubernetes Deployment; a written field overrides', async () => {
    const { text, result } = await evaluate('sized-from-manifest.deploy.yaml');
    const [prod, l40s] = placementsOf(result);
    // vllm-deployment.yaml: replicas 3 × 1 GPU, GKE accelerator nvidia-l4, --max-model-len 16384.
    assert.equal(prod!.hardware, 'l4-24gb');
    assert.equal(prod!.gpus, 3);
    assert.equal(prod!.replicas, 3);
    assert.equal(prod!.engine, 'vllm');
    assert.equal(l40s!.hardware, 'l40s-48gb', 'written in the placement: overrides the manifest');
    assert.equal(l40s!.gpus, 3);
    // The SLO applies as to any placement: 3 L4 cannot carry 6 req/s, 3 L40S can.
    assert.equal(prod!.verdict, 'fail');
    assert.equal(l40s!.verdict, 'pass');
    const notes = result.findings.filter((f) => f.code === 'LLMS058');
    assert.equal(notes.length, 2);
    for (const n of notes) assert.equal(text.slice(n.range.start, n.range.end), 'vllm-deployment.yaml');
    assert.match(
      notes[0]!.message,
      /Deployment 'llama-8b', container 'vllm'.*hardware, gpus, engine, parallelism, engineOptions/,
    );
    assert.match(notes[1]!.message, /fields written in the placement override the manifest/);
  });

  it("the manifest's engine flags reach the estimate: --max-num-seqs 64 shrinks vLLM's activation memory (its sampler warm-up)", async () => {
    const { result } = await evaluate('sized-from-manifest.deploy.yaml');
    const sourced = placementsOf(result)[1]!;
    const written = await evaluate(
      'sized-from-manifest.deploy.yaml',
      fixture('manifests', 'sized-from-manifest.deploy.yaml').replace(
        '    source: vllm-deployment.yaml\n    hardware: l40s-48gb',
        '    hardware: l40s-48gb\n    gpus: 3\n    engine: vllm',
      ),
    );
    const plain = placementsOf(written.result)[1]!;
    assert.ok(
      sourced.memory.perGpuGiB.activations < plain.memory.perGpuGiB.activations,
      `${sourced.memory.perGpuGiB.activations} vs ${plain.memory.perGpuGiB.activations} GiB`,
    );
    assert.ok(
      sourced.assumptions.every((x) => !/engine options ignored/.test(x)),
      sourced.assumptions.join('\n'),
    );
  });

  it('problems are LLMS059 on the source value: not found, no serving container, several, no GPU type', async () => {
    const deployment = (source: string, extra = '') =>
      `apiVersion: llm-sizing/v1\nkind: Deployment\nname: t\nmodel: {id: llama-3.1-8b}\nworkload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: 1}\nplacements:\n  - name: p\n    type: on-prem\n    source: ${source}\n${extra}`;
    const cases: Array<[string, RegExp]> = [
      ['no-such.yaml', /`no-such\.yaml`: not found/],
      ['sized-from-manifest.deploy.yaml', /no serving container/],
      ['no-gpu-type.yaml', /does not name the GPU type.*write `hardware:`/],
      [
        'two-servers.yaml',
        /2 serving containers \(Deployment\/llama-vllm vllm, Deployment\/qwen-sglang sglang\): name one/,
      ],
    ];
    for (const [source, message] of cases) {
      const text = deployment(source);
      const { result } = await evaluate('probe.deploy.yaml', text);
      const f = result.findings.find((x) => x.code === 'LLMS059');
      assert.ok(f, `${source}: ${result.findings.map((x) => `${x.code} ${x.message}`).join('; ')}`);
      assert.equal(text.slice(f.range.start, f.range.end), source);
      assert.match(f.message, message);
    }
    // `resource:` picks one of several.
    const picked = await evaluate(
      'probe.deploy.yaml',
      deployment('two-servers.yaml', '    resource: Deployment/qwen-sglang\n'),
    );
    assert.equal(picked.result.findings.filter((x) => x.code === 'LLMS059').length, 0);
    const q = placementsOf(picked.result)[0]!;
    assert.deepEqual([q.engine, q.hardware, q.gpus, q.model], ['sglang', 'l4-24gb', 2, 'qwen2.5-7b']);
    // Writing the device in the placement completes it.
    const named = await evaluate('probe.deploy.yaml', deployment('no-gpu-type.yaml', '    hardware: l4-24gb\n'));
    assert.equal(named.result.findings.filter((x) => x.code === 'LLMS059').length, 0);
    const p = placementsOf(named.result)[0]!;
    assert.deepEqual([p.hardware, p.gpus], ['l4-24gb', 1]);
  });
});
