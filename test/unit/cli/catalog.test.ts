/**
 * `llm-sizing catalog` and the workspace catalog `.llm-sizing/catalog.yaml`.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalog } from '../../../src/core/catalog';
import { applyWorkspaceCatalog } from '../../../src/core/catalog/workspace';
import { LineIndex } from '../../../src/core/findings';
import { runCliCapture as run } from '../support/helpers';

describe('llm-sizing catalog', () => {
  it('lists every section as JSON objects with id, name, facts and sources', async () => {
    for (const [section, size] of [
      ['models', catalog.models.entries.length],
      ['hardware', catalog.hardware.entries.length],
      ['engines', catalog.engines.entries.length],
      ['formats', catalog.formats.entries.length],
    ] as const) {
      const r = await run(['catalog', section, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const rows = JSON.parse(r.stdout) as Array<{ id: string; name: string; facts: object; sources: string[] }>;
      assert.equal(rows.length, size);
      for (const row of rows) {
        assert.ok(row.id && row.name && row.facts, JSON.stringify(row));
        assert.ok(row.sources.length > 0, `${section} ${row.id} has a source`);
      }
    }
  });

  it('--search keeps entries with every word (ids, names, aliases such as HF repo ids); text is a table', async () => {
    const r = await run(['catalog', 'hardware', '--search', 'h100 nvlink']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^id\s+name\s+vendor/);
    assert.match(r.stdout, /h100-sxm-80gb/);
    assert.doesNotMatch(r.stdout, /h100-pcie-80gb/);
    const byRepo = JSON.parse(
      (await run(['catalog', 'models', '--search', 'meta-llama/Meta-Llama-3-8B-Instruct', '--format', 'json'])).stdout,
    );
    assert.deepEqual(
      byRepo.map((x: { id: string }) => x.id),
      ['llama-3-8b'],
    );
  });

  it('a missing or unknown section is a usage error (exit 2)', async () => {
    assert.equal((await run(['catalog'])).code, 2);
    const r = await run(['catalog', 'gpus']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /models, hardware, engines, formats/);
  });
});

describe('workspace catalog (.llm-sizing/catalog.yaml)', () => {
  it('adds a device, overrides a price field by field, reports a bad entry at its place and ignores it', () => {
    const text = `hardware:
  - id: h100-sxm-80gb
    purchasePrice: {usd: 21000, date: "2026-11", source: "our PO 4711"}
  - id: lab-gpu
    name: Lab GPU 48GB
    vendor: ACME
    class: workstation-gpu
    memoryGB: 48
    visibleMemoryGiB: 44.5
    memoryBandwidthGBps: 960
    tflops: {bf16: 180, fp8: null, int8: 360, fp4: null}
    tdpW: 300
    interconnect: {kind: pcie, perGpuGBps: 32}
    supportsFp8: false
    supportsFp4: false
    sources: ["vendor datasheet"]
    confidence: medium
  - id: broken
    name: Broken
    memoryGB: lots
`;
    const w = applyWorkspaceCatalog(catalog, text);
    assert.equal(w.catalog.hardware.get('h100-sxm-80gb')!.purchasePrice!.usd, 21000);
    assert.equal(w.catalog.hardware.get('h100-sxm-80gb')!.memoryBandwidthGBps, 3350, 'other fields stay');
    assert.equal(w.catalog.hardware.get('lab-gpu')!.memoryGB, 48);
    assert.equal(w.catalog.hardware.get('broken'), undefined);
    assert.deepEqual(w.added, ['lab-gpu']);
    assert.deepEqual(w.overridden, ['h100-sxm-80gb']);
    assert.equal(w.problems.length, 1);
    const at = new LineIndex(text).positionAt(w.problems[0]!.range.start);
    assert.match(w.problems[0]!.message, /broken/);
    assert.ok(at.line + 1 >= 18, `located in the broken entry, line ${at.line + 1}`);
    assert.equal(catalog.hardware.get('lab-gpu'), undefined, 'the built-in catalog is unchanged');
  });

  it('the CLI finds it from the deployment file up and estimates with it; catalog lists it from the current directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llms-wscat-'));
    const cwd = process.cwd();
    try {
      mkdirSync(join(dir, '.llm-sizing'));
      mkdirSync(join(dir, 'deploy'));
      writeFileSync(
        join(dir, '.llm-sizing', 'catalog.yaml'),
        'hardware:\n  - id: h100-sxm-80gb\n    cloudPricePerGpuHour: {usd: 1.5, date: "2026-12", source: "negotiated"}\n',
      );
      const file = join(dir, 'deploy', 'x.deploy.yaml');
      writeFileSync(
        file,
        `apiVersion: llm-sizing/v1
kind: Deployment
name: ws
model: {id: llama-3.1-8b}
workload: {inputTokens: 1000, outputTokens: 200, concurrency: 4}
placements:
  - {name: c, type: cloud, hardware: h100-sxm-80gb, gpus: 1}
`,
      );
      const r = await run(['estimate', file, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const cost = JSON.parse(r.stdout).files[0].deployments[0].placements[0].cost.monthlyUsd;
      assert.ok(Math.abs(cost - 1.5 * 730) < 1.5 * 730 * 0.05, `monthly ${cost} at $1.5/h`);
      process.chdir(join(dir, 'deploy'));
      const listed = JSON.parse(
        (await run(['catalog', 'hardware', '--search', 'h100-sxm', '--format', 'json'])).stdout,
      );
      assert.equal(listed[0].facts.cloudUsdPerGpuHour, 1.5);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
