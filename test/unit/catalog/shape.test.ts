/**
 * The catalog data files against their types (src/core/catalog/types.ts): the JSON is bundled
 * with a cast, so nothing else checks a new entry's shape. Strict shapes (a misspelt field is an
 * error), positive numbers where the estimator divides or multiplies, sources on every entry,
 * unique ids and aliases, and references between sections (formats an engine or model names).
 */
import assert from 'node:assert/strict';
import { z } from '../../../src/core/schema/zod';
import { catalog } from '../../../src/core/catalog';
import { builtInInstances } from '../../../src/core/catalog/aliases';

const positive = z.number().positive().finite();
const count = z.number().int().positive();
const sources = z.array(z.string().min(3)).min(1);
const notes = z.array(z.string()).optional();
const aliases = z.array(z.string().min(1)).optional();

const LayerAttention = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('full') }),
  z.strictObject({ kind: z.literal('sliding'), windowTokens: count }),
  z.strictObject({ kind: z.literal('mla'), kvLoraRank: count, qkRopeHeadDim: count, qkNopeHeadDim: count, vHeadDim: count, qLoraRank: count.optional() }),
  z.strictObject({ kind: z.literal('none'), stateBytesPerSequence: positive.optional() }),
]);

const Architecture = z.strictObject({
  layers: count,
  hiddenSize: count,
  attentionHeads: count,
  kvHeads: count,
  headDim: count,
  ffnSize: count,
  vocabSize: count,
  tiedEmbeddings: z.boolean(),
  maxContextTokens: count,
  gatedFfn: z.boolean().optional(),
  attention: z.union([LayerAttention, z.strictObject({ pattern: z.array(LayerAttention).min(1) })]),
  moe: z.strictObject({
    experts: count,
    expertsPerToken: count,
    expertFfnSize: count,
    sharedExperts: z.number().int().nonnegative(),
    sharedExpertFfnSize: count.optional(),
    denseLayers: z.number().int().nonnegative(),
    gated: z.boolean().optional(),
  }).optional(),
});

/** A Hub repo id: `org/name`, the characters the Hub allows. */
const huggingface = z.array(z.string().regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/)).min(1).optional();
/** GFD product names (with capitals), GKE `nvidia-…` values, Karpenter short names: see HardwareEntry.labels. */
const labels = z.array(z.string().regex(/^([A-Za-z0-9][A-Za-z0-9_.-]*[A-Z][A-Za-z0-9_.-]*|nvidia-[a-z0-9-]+|[a-z0-9-]+)$/)).min(1).optional();

const Model = z.strictObject({
  id: z.string().min(1), name: z.string().min(1), aliases, huggingface, family: z.string().min(1),
  architecture: Architecture, totalParams: positive, activeParams: positive, nativeWeights: z.string().min(1), sources, notes,
});

const tflops = z.number().nonnegative().finite().nullable();
const DatedPrice = z.strictObject({ usd: positive, date: z.string().regex(/^\d{4}(-\d{2}){0,2}$/), source: z.string().min(3), note: z.string().optional() });
const Hardware = z.strictObject({
  id: z.string().min(1), name: z.string().min(1), aliases, labels, vendor: z.string().min(1),
  class: z.enum(['datacenter-gpu', 'workstation-gpu', 'consumer-gpu', 'unified-memory', 'cpu']),
  memoryGB: positive, visibleMemoryGiB: positive, memoryConfigsGB: z.array(positive).optional(), memoryBandwidthGBps: positive,
  tflops: z.strictObject({ bf16: tflops, fp16Fp16Accumulate: tflops.optional(), fp8: tflops, int8: tflops, fp4: tflops, fp32: tflops.optional() }),
  tdpW: positive, idleW: positive.optional(),
  interconnect: z.strictObject({ kind: z.enum(['nvlink', 'infinity-fabric', 'gaudi-roce', 'pcie', 'none']), perGpuGBps: z.number().nonnegative().finite() }),
  supportsFp8: z.boolean(), supportsFp4: z.boolean(),
  purchasePrice: DatedPrice.optional(), cloudPricePerGpuHour: DatedPrice.optional(),
  sources, confidence: z.enum(['high', 'medium', 'low']), notes,
});

const Format = z.strictObject({
  id: z.string().min(1), aliases, name: z.string().min(1), bitsPerWeight: positive,
  usableFor: z.array(z.enum(['weights', 'kv'])).min(1), family: z.enum(['float', 'integer', 'microscaled', 'gguf']),
  computePrecision: z.enum(['bf16', 'fp8', 'int8', 'fp4', 'fp32']), embeddingBitsPerWeight: positive, mix: z.string().optional(), sources,
});

const Engine = z.strictObject({
  id: z.string().min(1), name: z.string().min(1), aliases,
  memoryContract: z.strictObject({
    kind: z.enum(['fraction-of-total', 'fraction-of-free', 'fit-with-margin']),
    defaultFraction: z.number().gt(0).lte(1).optional(), runtimeReserveGiB: z.number().nonnegative().finite(),
    marginGiB: z.number().nonnegative().finite().optional(), kvBlockTokens: count.optional(),
  }),
  weightFormats: z.array(z.string()).min(1), kvFormats: z.array(z.string()).min(1), defaultKv: z.string(), options: z.array(z.string()), sources, notes,
});

const Instance = z.strictObject({
  id: z.string().min(2), cloud: z.enum(['aws', 'gcp', 'azure', 'oci', 'lambda', 'coreweave']),
  hardware: z.string().min(1), gpus: count, gpuFraction: z.number().gt(0).lt(1).optional(), sources, notes,
});

const SECTIONS = [
  ['models', catalog.models.entries, Model],
  ['hardware', catalog.hardware.entries, Hardware],
  ['formats', catalog.formats.entries, Format],
  ['engines', catalog.engines.entries, Engine],
  ['instances', builtInInstances, Instance],
] as const;

describe('catalog data files', () => {
  for (const [name, entries, schema] of SECTIONS) {
    it(`${name}.json: every entry has the shape of its type, with sources`, () => {
      assert.ok(entries.length > 0);
      const problems = entries.flatMap((entry: { id?: string }, i: number) => {
        const r = (schema as z.ZodType).safeParse(entry);
        return r.success ? [] : r.error.issues.map((issue) => `${entry.id ?? `#${i}`}: ${issue.path.join('.')} ${issue.message}`);
      });
      assert.deepEqual(problems, []);
    });

    it(`${name}.json: ids, aliases and Hugging Face ids are unique (case-insensitive)`, () => {
      const seen = new Map<string, string>();
      const clashes: string[] = [];
      for (const entry of entries as ReadonlyArray<{ id: string; aliases?: string[]; huggingface?: string[] }>) {
        for (const key of [entry.id, ...(entry.aliases ?? []), ...(entry.huggingface ?? [])].map((k) => k.toLowerCase())) {
          if (seen.has(key) && seen.get(key) !== entry.id) clashes.push(`${key}: ${seen.get(key)} and ${entry.id}`);
          seen.set(key, entry.id);
        }
      }
      assert.deepEqual(clashes, []);
    });
  }

  it('models: active ≤ total parameters, attention heads divisible by KV heads, native weights a known format', () => {
    const problems = catalog.models.entries.flatMap((m) => [
      ...(m.activeParams <= m.totalParams ? [] : [`${m.id}: activeParams > totalParams`]),
      ...(m.architecture.attentionHeads % m.architecture.kvHeads === 0 ? [] : [`${m.id}: ${m.architecture.attentionHeads} heads over ${m.architecture.kvHeads} KV heads`]),
      ...(catalog.formats.get(m.nativeWeights) ? [] : [`${m.id}: nativeWeights ${m.nativeWeights} is not a format`]),
      ...(m.architecture.moe && m.architecture.moe.expertsPerToken > m.architecture.moe.experts ? [`${m.id}: more experts per token than experts`] : []),
    ]);
    assert.deepEqual(problems, []);
  });

  it('engines: every weight, KV and default KV format they name is in formats.json and usable as such', () => {
    const problems = catalog.engines.entries.flatMap((e) => [
      ...e.weightFormats.filter((f) => !catalog.formats.get(f)?.usableFor.includes('weights')).map((f) => `${e.id}: weight format ${f}`),
      ...[...e.kvFormats, e.defaultKv].filter((f) => !catalog.formats.get(f)?.usableFor.includes('kv')).map((f) => `${e.id}: KV format ${f}`),
    ]);
    assert.deepEqual(problems, []);
  });

  it('hardware: unified-memory configurations include the default; idle power below TDP', () => {
    const problems = catalog.hardware.entries.flatMap((h) => [
      ...(h.memoryConfigsGB && !h.memoryConfigsGB.includes(h.memoryGB) ? [`${h.id}: memoryGB ${h.memoryGB} not among ${h.memoryConfigsGB.join(', ')}`] : []),
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
      ...(catalog.hardware.get(i.hardware)?.id === i.hardware ? [] : [`${i.id}: hardware ${i.hardware} is not a canonical id`]),
      ...(i.gpuFraction !== undefined && i.gpus !== 1 ? [`${i.id}: gpuFraction with ${i.gpus} GPUs`] : []),
    ]);
    assert.deepEqual(problems, []);
  });
});
