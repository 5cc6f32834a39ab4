/**
 * The built-in catalog: models, hardware, weight/KV formats and engines, loaded from the JSON data
 * files beside this module (bundled at build time, so the core stays free of I/O). Their imports are
 * typed by `data/*.d.json.ts` from the zod schemas (`schema.ts`); `npm run generate` and the unit
 * suite validate the files, so nothing is parsed or cast at run time.
 *
 * Lookups are case-insensitive and resolve aliases (`f16` → `fp16`).
 */
import type { EngineEntry, FormatEntry, HardwareEntry, ModelEntry } from './types';
import modelsData from './data/models.json';
import hardwareData from './data/hardware.json';
import formatsData from './data/formats.json';
import enginesData from './data/engines.json';

export type * from './types';

/** The catalog sections, used in diagnostics ("unknown hardware id"). */
export type CatalogKind = 'model' | 'hardware' | 'format' | 'engine';

/** An id-indexed view of one catalog section. */
export interface CatalogSection<T extends { id: string; aliases?: string[] }> {
  /** Every entry, in file order. */
  readonly entries: readonly T[];
  /** The canonical ids, in file order. */
  readonly ids: readonly string[];
  /** Looks an id or alias up, case-insensitively. */
  get(idOrAlias: string): T | undefined;
}

function section<T extends { id: string; aliases?: string[] }>(entries: readonly T[]): CatalogSection<T> {
  const byKey = new Map<string, T>();
  for (const entry of entries) {
    byKey.set(entry.id.toLowerCase(), entry);
    for (const alias of entry.aliases ?? []) byKey.set(alias.toLowerCase(), entry);
  }
  return {
    entries,
    ids: entries.map((e) => e.id),
    get: (idOrAlias) => byKey.get(idOrAlias.toLowerCase()),
  };
}

/** The complete built-in catalog. */
export interface Catalog {
  readonly models: CatalogSection<ModelEntry>;
  readonly hardware: CatalogSection<HardwareEntry>;
  readonly formats: CatalogSection<FormatEntry>;
  readonly engines: CatalogSection<EngineEntry>;
}

/** The catalog shipped with the tool. */
export const catalog: Catalog = {
  models: section(modelsData.entries),
  hardware: section(hardwareData.entries),
  formats: section(formatsData.entries),
  engines: section(enginesData.entries),
};

/** Formats usable for the KV cache (bf16, fp16, fp8, int8, q8_0, q4_0). */
export function kvFormatIds(cat: Catalog = catalog): string[] {
  return cat.formats.entries.filter((f) => f.usableFor.includes('kv')).map((f) => f.id);
}

/** Formats usable for weights. */
export function weightFormatIds(cat: Catalog = catalog): string[] {
  return cat.formats.entries.filter((f) => f.usableFor.includes('weights')).map((f) => f.id);
}
