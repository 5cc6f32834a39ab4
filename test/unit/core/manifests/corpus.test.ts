/**
 * Issue 18 corpus: serving files in the forms real repositories use (LLMInferenceService,
 * RayService, NIMService, KAITO, Helm values, GPU types from instance types / DRA / labels, TPU
 * and CPU deployments, model and flag spellings), each written from the project's own docs (cited
 * in its header). Every `# expect:` line of a fixture is one serving workload the file must yield,
 * with the placement the tool must read: model, device (or "not stated"), GPUs and layout,
 * verdict, findings — or `notGpu` for a deployment outside GPU sizing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateText } from '../../../../src/core/placements';
import type { ServingWorkload } from '../../../../src/core/manifests';
import { FIXTURES } from '../../support/helpers';

const CORPUS = join(FIXTURES, 'manifests', 'corpus');

interface Expectation {
  object: string;
  container?: string;
  engine?: string;
  model?: string;
  hardware?: string;
  gpus?: number;
  gpusPerReplica?: number;
  replicas?: number;
  tensor?: number;
  pipeline?: number;
  data?: number;
  expert?: number;
  maxModelLen?: number;
  verdict?: 'pass' | 'fail';
  findings?: string[];
  absent?: string[];
  notGpu?: 'tpu' | 'cpu' | 'neuron';
}

function expectations(text: string): Expectation[] {
  return [...text.matchAll(/^# expect: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as Expectation);
}

/** The actual reading of one workload, in the fields of an expectation. */
function reading(w: ServingWorkload, containerName?: string): Record<string, unknown> {
  const findings = [
    ...w.containers.flatMap((c) => c.analysis.findings),
    ...(w.failures ?? []).flatMap((f) => f.findings),
  ].map((f) => f.code);
  const outside = (w.failures ?? []).flatMap((f) => f.findings).find((f) => f.code === 'LLMS214');
  if (outside)
    return {
      object: w.object.name,
      notGpu: /TPU/.test(outside.message) ? 'tpu' : /Neuron/.test(outside.message) ? 'neuron' : 'cpu',
      findings,
    };
  const c = containerName ? w.containers.find((x) => x.site.name === containerName) : w.containers[0];
  const p = w.report.placements.find((x) => x.name === c?.site.name);
  if (!c || !p) return { object: w.object.name, findings, containers: w.containers.map((x) => x.site.name) };
  return {
    object: w.object.name,
    container: c.site.name,
    engine: c.command.engine,
    model: c.placement.model.model?.id ?? 'unknown',
    hardware: c.placement.hardware?.entry.id ?? 'not stated',
    gpus: p.devices,
    gpusPerReplica: c.placement.gpusPerReplica.value,
    replicas: w.object.replicas,
    tensor: c.placement.tensor.value,
    pipeline: c.placement.pipeline.value,
    data: Math.max(c.placement.data.value, c.placement.estimatorShape.data),
    expert: c.placement.expert,
    maxModelLen: c.analysis.maxModelLen ?? c.placement.maxModelLen?.value,
    verdict: p.verdict,
    findings,
  };
}

describe('manifests: corpus of published forms (issue 18)', () => {
  const files = readdirSync(CORPUS)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

  it('every fixture cites the doc it is written from, states what it must yield, and is listed in docs/manifests.md', () => {
    assert.ok(files.length >= 20, `${files.length} fixtures`);
    const doc = readFileSync(join(FIXTURES, '..', '..', 'docs', 'manifests.md'), 'utf8');
    for (const file of files) assert.ok(doc.includes(`\`${file}\``), `docs/manifests.md does not list ${file}`);
    for (const file of files) {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      assert.match(text, /^# Written from: \S/m, file);
      assert.ok(expectations(text).length > 0, `${file}: no # expect: line`);
    }
  });

  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const expected = expectations(text);
      const result = evaluateText(text, { curve: false });
      const workloads = result.workloads;
      assert.equal(
        workloads.length,
        expected.length,
        `${file}: ${workloads.length} workloads (${workloads.map((w) => w.object.name).join(', ')}), expected ${expected.length}`,
      );
      const used = new Set<ServingWorkload>();
      expected.forEach((e) => {
        // Several workloads of one object (prefill and decode pools) are taken in order.
        const w = workloads.find(
          (x) =>
            !used.has(x) &&
            x.object.name === e.object &&
            (!e.container || x.containers.some((c) => c.site.name === e.container)),
        );
        assert.ok(w, `${file}: no workload '${e.object}' among ${workloads.map((x) => x.object.name).join(', ')}`);
        used.add(w);
        const actual = reading(w, e.container);
        for (const [key, value] of Object.entries(e)) {
          if (key === 'findings') {
            for (const code of value as string[])
              assert.ok(
                (actual['findings'] as string[]).includes(code),
                `${file} ${e.object}: finding ${code} missing in ${JSON.stringify(actual['findings'])}`,
              );
          } else if (key === 'absent') {
            for (const code of value as string[])
              assert.ok(
                !(actual['findings'] as string[]).includes(code),
                `${file} ${e.object}: finding ${code} should not be there`,
              );
          } else {
            assert.deepEqual(
              actual[key],
              value,
              `${file} ${e.object}: ${key} is ${JSON.stringify(actual[key])}, expected ${JSON.stringify(value)} (reading ${JSON.stringify(actual)})`,
            );
          }
        }
      });
      for (const f of result.findings) {
        assert.ok(
          f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end,
          `${file}: ${f.code} range`,
        );
      }
    });
  }
});
