/**
 * The catalog data files against their zod schemas (src/core/catalog/schema.ts, the one source of
 * the catalog types): the runtime trusts the types declared for the JSON imports
 * (data/*.d.json.ts), so this suite and `npm run generate` are what check a new entry. Strict shapes
 * (a misspelt field is an error), positive numbers where the estimator divides or multiplies,
 * sources on every entry, unique ids and aliases, and references between sections.
 */
import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { checkCatalogData } from '../../../../src/core/catalog/check';
import { readCatalogFiles } from '../../../../scripts/generators/catalogData';
import { ROOT } from '../../support/helpers';
import { builtInInstances } from '../../../../src/core/catalog/aliases';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('catalog data files', () => {
  const { files, problems: readProblems } = readCatalogFiles(ROOT);

  it('every data file is JSON and matches its schema; ids are unique; formats and devices named exist', () => {
    assert.deepEqual(readProblems, []);
    assert.deepEqual(checkCatalogData(files), []);
    assert.ok(catalog.models.entries.length > 0 && catalog.hardware.entries.length > 0);
  });

  it('a malformed entry is reported with its file, index, id and field', () => {
    const broken = clone(files);
    const hardware = broken['hardware.json'] as { entries: Array<Record<string, unknown>> };
    hardware.entries[3]!['tdpW'] = '700';
    hardware.entries[5]!['colour'] = 'red';
    delete (broken['models.json'] as { entries: Array<Record<string, unknown>> }).entries[0]!['sources'];
    const id = (i: number) => String(hardware.entries[i]!['id']);
    const problems = checkCatalogData(broken);
    assert.deepEqual(
      problems.map((p) => p.split(': ').slice(0, 2).join(': ')).sort(),
      [
        `hardware.json: entries[3] (${id(3)}).tdpW`,
        `hardware.json: entries[5] (${id(5)})`,
        `models.json: entries[0] (${catalog.models.entries[0]!.id}).sources`,
      ].sort(),
    );
    assert.ok(
      problems.some((p) => /Unrecognized key: "colour"/.test(p)),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => /tdpW: .*expected number, received string/.test(p)),
      problems.join('\n'),
    );
  });

  it('duplicate ids and references to unknown formats or devices are reported', () => {
    const broken = clone(files);
    const hardware = broken['hardware.json'] as { entries: Array<Record<string, unknown>> };
    hardware.entries.push({ ...hardware.entries[0]!, aliases: [] });
    const engines = broken['engines.json'] as { entries: Array<{ id: string; weightFormats: string[] }> };
    engines.entries[0]!.weightFormats.push('q9_z');
    broken['instances.json'] = {
      entries: [{ id: 'x1.big', cloud: 'aws', hardware: 'no-such-gpu', gpus: 1, sources: ['test'] }],
    };
    assert.deepEqual(
      checkCatalogData(broken).sort(),
      [
        `hardware.json: ${String(hardware.entries[0]!['id'])} is listed twice`,
        `engines.json: ${engines.entries[0]!.id}.weightFormats: no weight format 'q9_z'`,
        `instances.json: x1.big.hardware: no device 'no-such-gpu'`,
      ].sort(),
    );
  });

  it('models: active ≤ total parameters, attention heads divisible by KV heads, native weights a known format', () => {
    const problems = catalog.models.entries.flatMap((m) => [
      ...(m.activeParams <= m.totalParams ? [] : [`${m.id}: activeParams > totalParams`]),
      ...(m.architecture.attentionHeads % m.architecture.kvHeads === 0
        ? []
        : [`${m.id}: ${m.architecture.attentionHeads} heads over ${m.architecture.kvHeads} KV heads`]),
      ...(catalog.formats.get(m.nativeWeights) ? [] : [`${m.id}: nativeWeights ${m.nativeWeights} is not a format`]),
      ...(m.architecture.moe && m.architecture.moe.expertsPerToken > m.architecture.moe.experts
        ? [`${m.id}: more experts per token than experts`]
        : []),
    ]);
    assert.deepEqual(problems, []);
  });

  it('engines: every weight, KV and default KV format they name is in formats.json and usable as such', () => {
    const problems = catalog.engines.entries.flatMap((e) => [
      ...e.weightFormats
        .filter((f) => !catalog.formats.get(f)?.usableFor.includes('weights'))
        .map((f) => `${e.id}: weight format ${f}`),
      ...[...e.kvFormats, e.defaultKv]
        .filter((f) => !catalog.formats.get(f)?.usableFor.includes('kv'))
        .map((f) => `${e.id}: KV format ${f}`),
    ]);
    assert.deepEqual(problems, []);
  });

  it('engines: an option that needs attention data parallel is one of their options', () => {
    const problems = catalog.engines.entries.flatMap((e) =>
      (e.dataParallelOptions ?? []).filter((o) => !e.options.includes(o)).map((o) => `${e.id}: ${o}`),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(catalog.engines.get('sglang')?.dataParallelOptions, ['enablePrefillDelayer']);
  });

  it('hardware: unified-memory configurations include the default; idle power below TDP', () => {
    const problems = catalog.hardware.entries.flatMap((h) => [
      ...(h.memoryConfigsGB && !h.memoryConfigsGB.includes(h.memoryGB)
        ? [`${h.id}: memoryGB ${h.memoryGB} not among ${h.memoryConfigsGB.join(', ')}`]
        : []),
      ...(h.idleW !== undefined && h.idleW >= h.tdpW ? [`${h.id}: idle ${h.idleW} W ≥ TDP ${h.tdpW} W`] : []),
    ]);
    assert.deepEqual(problems, []);
  });

  it('hardware: a node label names one device only (case-insensitive)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const h of catalog.hardware.entries) {
      for (const label of (h.labels ?? []).map((l) => l.toLowerCase())) {
        if (owner.has(label) && owner.get(label) !== h.id) clashes.push(`${label}: ${owner.get(label)} and ${h.id}`);
        owner.set(label, h.id);
      }
    }
    assert.deepEqual(clashes, []);
  });

  it('instances: every instance names a catalog device, fractional VMs have one GPU', () => {
    const problems = builtInInstances.flatMap((i) => [
      ...(catalog.hardware.get(i.hardware)?.id === i.hardware
        ? []
        : [`${i.id}: hardware ${i.hardware} is not a canonical id`]),
      ...(i.gpuFraction !== undefined && i.gpus !== 1 ? [`${i.id}: gpuFraction with ${i.gpus} GPUs`] : []),
    ]);
    assert.deepEqual(problems, []);
  });
});
