/**
 * The catalog as lists for `llm-sizing catalog`: one row per entry with its id, display name, the
 * key facts the estimator uses (units in the names) and the sources, filtered by a search text.
 */
import type { Catalog } from './index';
import type { EngineEntry, FormatEntry, HardwareEntry, ModelEntry } from './types';

export const CATALOG_SECTIONS = ['models', 'hardware', 'engines', 'formats'] as const;
export type CatalogSectionName = (typeof CATALOG_SECTIONS)[number];

export interface CatalogRow {
  id: string;
  name: string;
  aliases: string[];
  /** Key facts, as JSON values (numbers in the units their names say). */
  facts: Record<string, string | number | boolean | null>;
  sources: string[];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function modelRow(m: ModelEntry): CatalogRow {
  const a = m.architecture;
  return {
    id: m.id,
    name: m.name,
    aliases: [...(m.aliases ?? []), ...(m.huggingface ?? [])],
    facts: {
      family: m.family,
      totalParamsB: round(m.totalParams / 1e9),
      activeParamsB: round(m.activeParams / 1e9),
      layers: a.layers,
      kvHeads: a.kvHeads,
      maxContextTokens: a.maxContextTokens,
      experts: a.moe ? `${a.moe.expertsPerToken}/${a.moe.experts}` : null,
      nativeWeights: m.nativeWeights,
    },
    sources: m.sources,
  };
}

function hardwareRow(h: HardwareEntry): CatalogRow {
  return {
    id: h.id,
    name: h.name,
    aliases: [...(h.aliases ?? []), ...(h.labels ?? [])],
    facts: {
      vendor: h.vendor,
      class: h.class,
      memoryGB: h.memoryGB,
      memoryBandwidthGBps: h.memoryBandwidthGBps,
      bf16Tflops: h.tflops.bf16,
      fp8Tflops: h.tflops.fp8,
      tdpW: h.tdpW,
      interconnect: h.interconnect.kind,
      purchaseUsd: h.purchasePrice?.usd ?? null,
      cloudUsdPerGpuHour: h.cloudPricePerGpuHour?.usd ?? null,
      confidence: h.confidence,
    },
    sources: [
      ...h.sources,
      ...(h.purchasePrice ? [h.purchasePrice.source] : []),
      ...(h.cloudPricePerGpuHour ? [h.cloudPricePerGpuHour.source] : []),
    ],
  };
}

function engineRow(e: EngineEntry): CatalogRow {
  return {
    id: e.id,
    name: e.name,
    aliases: e.aliases ?? [],
    facts: {
      memoryContract: e.memoryContract.kind,
      defaultFraction: e.memoryContract.defaultFraction ?? null,
      weightFormats: e.weightFormats.join(' '),
      kvFormats: e.kvFormats.join(' '),
      defaultKv: e.defaultKv,
    },
    sources: e.sources,
  };
}

function formatRow(f: FormatEntry): CatalogRow {
  return {
    id: f.id,
    name: f.name,
    aliases: f.aliases ?? [],
    facts: {
      bitsPerWeight: f.bitsPerWeight,
      family: f.family,
      usableFor: f.usableFor.join(' '),
      computePrecision: f.computePrecision,
    },
    sources: f.sources,
  };
}

/**
 * The rows of one section; `search` keeps rows whose id, name, aliases or facts contain every
 * word of it (case-insensitive).
 */
export function catalogRows(cat: Catalog, section: CatalogSectionName, search?: string): CatalogRow[] {
  const rows =
    section === 'models'
      ? cat.models.entries.map(modelRow)
      : section === 'hardware'
        ? cat.hardware.entries.map(hardwareRow)
        : section === 'engines'
          ? cat.engines.entries.map(engineRow)
          : cat.formats.entries.map(formatRow);
  const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return rows;
  return rows.filter((r) => {
    const haystack = [r.id, r.name, ...r.aliases, ...Object.values(r.facts).map(String)].join(' ').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}
