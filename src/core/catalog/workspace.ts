/**
 * The workspace catalog `.llm-sizing/catalog.yaml`: models and devices a team adds (its own
 * hardware, a model not in the built-in data) or overrides (a negotiated price). An entry whose id
 * is already in the catalog is merged over it field by field (so `{id: h100-sxm-80gb,
 * purchasePrice: …}` changes only the price); a new id must be a complete entry. Entries are
 * checked with the schemas below (the shapes of `types.ts`); a bad entry is reported at its place
 * in the file and ignored, the others apply.
 *
 * Note: these zod schemas cover what the workspace file accepts; when the built-in data gets zod
 * schemas of its own (branch base-shapes), both should be one.
 */
import { SERVER_CLASS_IDS } from './serverClasses';
import { parseDocument, isMap, type Document } from 'yaml';
import { z } from '../schema/zod';
import { catalogSection, type Catalog } from './index';
import type { HardwareEntry, ModelEntry } from './types';
import { rangeForPath, type Path } from '../parse/paths';
import type { TextRange } from '../findings';

/** Largest workspace catalog read, bytes. */
export const MAX_WORKSPACE_CATALOG_BYTES = 1024 * 1024;
/** Where the workspace catalog lives, relative to a directory of the workspace. */
export const WORKSPACE_CATALOG_PATH = ['.llm-sizing', 'catalog.yaml'] as const;

const positive = z.number().positive().max(1e15);
const source = z.string().min(1);
const price = z.strictObject({
  usd: z.number().nonnegative().max(1e9),
  date: z.string().min(1),
  source,
  // A price written in the workspace is the team's own figure (a quote, a PO): trusted unless it says otherwise.
  confidence: z.enum(['high', 'medium', 'low']).default('high'),
  note: z.string().optional(),
});
const attention = z.union([
  z.strictObject({
    kind: z.literal('full'),
    sparse: z
      .strictObject({
        topK: z.number().int().positive(),
        indexerHeads: z.number().int().positive(),
        indexerHeadDim: z.number().int().positive(),
      })
      .optional(),
  }),
  z.strictObject({ kind: z.literal('sliding'), windowTokens: z.number().int().positive() }),
  z.strictObject({
    kind: z.literal('mla'),
    kvLoraRank: z.number().int().positive(),
    qkRopeHeadDim: z.number().int().nonnegative(),
    qkNopeHeadDim: z.number().int().positive(),
    vHeadDim: z.number().int().positive(),
    qLoraRank: z.number().int().positive().optional(),
    sparse: z
      .strictObject({
        topK: z.number().int().positive(),
        indexerHeads: z.number().int().positive(),
        indexerHeadDim: z.number().int().positive(),
        // GLM-5.2 IndexShare: reuses an earlier layer's top-k selection (catalog/schema.ts sparse.sharedIndexer).
        sharedIndexer: z.boolean().optional(),
      })
      .optional(),
    // DeepSeek-V4 compressed attention (catalog/schema.ts MlaCompressionFields).
    compressRatio: z.number().int().nonnegative().optional(),
    windowTokens: z.number().int().positive().optional(),
    kvUpProjection: z.boolean().optional(),
    groupedOutput: z
      .strictObject({ groups: z.number().int().positive(), rank: z.number().int().positive() })
      .optional(),
  }),
  z.strictObject({
    kind: z.literal('none'),
    stateBytesPerSequence: z.number().nonnegative().optional(),
    params: z.number().int().nonnegative().optional(),
  }),
]);
const int = z.number().int().min(1).max(100_000_000);

const ModelSchema = z.strictObject({
  id: z.string().min(1).max(200),
  name: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  huggingface: z.array(z.string()).optional(),
  family: z.string().min(1),
  architecture: z.strictObject({
    layers: int,
    hiddenSize: int,
    attentionHeads: int,
    kvHeads: int,
    headDim: int,
    ffnSize: int,
    vocabSize: int,
    tiedEmbeddings: z.boolean(),
    maxContextTokens: int,
    gatedFfn: z.boolean().optional(),
    attention: z.union([attention, z.strictObject({ pattern: z.array(attention).min(1) })]),
    moe: z
      .strictObject({
        experts: int,
        expertsPerToken: int,
        expertFfnSize: int,
        sharedExperts: z.number().int().min(0),
        sharedExpertFfnSize: int.optional(),
        latentSize: int.optional(),
        denseLayers: z.number().int().min(0),
        gated: z.boolean().optional(),
      })
      .optional(),
  }),
  totalParams: positive,
  activeParams: positive,
  nativeWeights: z.string().min(1),
  nativeNonExpertBitsPerWeight: z.number().positive().max(32).optional(),
  sources: z.array(source).min(1),
  notes: z.array(z.string()).optional(),
});

const HardwareSchema = z.strictObject({
  id: z.string().min(1).max(200),
  name: z.string().min(1),
  aliases: z.array(z.string()).optional(),
  labels: z.array(z.string()).optional(),
  vendor: z.string().min(1),
  class: z.enum(['datacenter-gpu', 'workstation-gpu', 'consumer-gpu', 'unified-memory', 'cpu']),
  memoryGB: positive,
  visibleMemoryGiB: positive,
  memoryConfigsGB: z.array(positive).optional(),
  memoryBandwidthGBps: positive,
  tflops: z.strictObject({
    bf16: positive.nullable(),
    fp16Fp16Accumulate: positive.nullable().optional(),
    fp8: positive.nullable(),
    int8: positive.nullable(),
    fp4: positive.nullable(),
    fp32: positive.nullable().optional(),
  }),
  tdpW: positive,
  idleW: positive.optional(),
  interconnect: z.strictObject({
    kind: z.enum(['nvlink', 'infinity-fabric', 'gaudi-roce', 'pcie', 'none']),
    perGpuGBps: z.number().nonnegative(),
  }),
  server: z.enum(SERVER_CLASS_IDS).optional(),
  supportsFp8: z.boolean(),
  supportsFp4: z.boolean(),
  purchasePrice: price.optional(),
  cloudPricePerGpuHour: price.optional(),
  sources: z.array(source).min(1),
  confidence: z.enum(['high', 'medium', 'low']),
  notes: z.array(z.string()).optional(),
});

/** A problem in the workspace catalog, located in its text. */
export interface WorkspaceCatalogProblem {
  message: string;
  range: TextRange;
}

export interface WorkspaceCatalog {
  catalog: Catalog;
  problems: WorkspaceCatalogProblem[];
  /** Ids added and ids overridden, for the assumptions a report states. */
  added: string[];
  overridden: string[];
}

function mergeSection<T extends { id: string }>(
  doc: Document.Parsed,
  key: 'models' | 'hardware',
  raw: unknown,
  base: readonly T[],
  schema: z.ZodType,
  problems: WorkspaceCatalogProblem[],
  changes: { added: string[]; overridden: string[] },
): T[] {
  if (raw === undefined) return [...base];
  if (!Array.isArray(raw)) {
    problems.push({ message: `\`${key}\` must be a list of entries`, range: rangeForPath(doc, [key]) });
    return [...base];
  }
  const out = [...base];
  raw.forEach((item, i) => {
    const path: Path = [key, i];
    const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || !id) {
      problems.push({ message: `${key}[${i}] needs an \`id\``, range: rangeForPath(doc, path) });
      return;
    }
    const at = out.findIndex((e) => e.id.toLowerCase() === id.toLowerCase());
    const candidate = at >= 0 ? { ...out[at], ...(item as object) } : item;
    const parsed = schema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where: Path = [...path, ...(issue.path as Array<string | number>)];
      const located = issue.path.length && doc.hasIn(where) ? where : path;
      problems.push({
        message: `${key} \`${id}\`: ${issue.path.join('.') || 'entry'}: ${issue.message}; the entry is ignored`,
        range: rangeForPath(doc, located),
      });
      return;
    }
    if (at >= 0) {
      out[at] = parsed.data as T;
      changes.overridden.push(id);
    } else {
      out.push(parsed.data as T);
      changes.added.push(id);
    }
  });
  return out;
}

/** The catalog with a workspace catalog's text applied over `base`. Never throws. */
export function applyWorkspaceCatalog(base: Catalog, text: string): WorkspaceCatalog {
  const problems: WorkspaceCatalogProblem[] = [];
  const changes = { added: [] as string[], overridden: [] as string[] };
  const doc = parseDocument(text, { uniqueKeys: true });
  for (const error of doc.errors)
    problems.push({
      message: error.message.split('\n')[0]!,
      range: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) },
    });
  if (doc.errors.length) return { catalog: base, problems, ...changes };
  if (doc.contents !== null && !isMap(doc.contents)) {
    problems.push({
      message: 'the workspace catalog must be a mapping with `models` and/or `hardware`',
      range: { start: 0, end: Math.min(1, text.length) },
    });
    return { catalog: base, problems, ...changes };
  }
  let data: Record<string, unknown>;
  try {
    data = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  } catch (error) {
    problems.push({ message: `cannot be read: ${(error as Error).message}`, range: { start: 0, end: 1 } });
    return { catalog: base, problems, ...changes };
  }
  for (const key of Object.keys(data)) {
    if (key !== 'models' && key !== 'hardware')
      problems.push({
        message: `unknown key \`${key}\` (the workspace catalog has \`models\` and \`hardware\`)`,
        range: rangeForPath(doc, [key], 'key'),
      });
  }
  const models = mergeSection<ModelEntry>(
    doc,
    'models',
    data.models,
    base.models.entries,
    ModelSchema,
    problems,
    changes,
  );
  const hardware = mergeSection<HardwareEntry>(
    doc,
    'hardware',
    data.hardware,
    base.hardware.entries,
    HardwareSchema,
    problems,
    changes,
  );
  return {
    catalog: { ...base, models: catalogSection(models), hardware: catalogSection(hardware) },
    problems,
    ...changes,
  };
}
