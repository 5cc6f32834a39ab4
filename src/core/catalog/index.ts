/**
 * The built-in catalog: models, hardware, weight/KV formats and engines, loaded from the JSON data
 * files beside this module (bundled at build time, so the core stays free of I/O). Their imports are
 * typed by `data/*.d.json.ts` from the zod schemas (`schema.ts`); `npm run generate` and the unit
 * suite validate the files, so nothing is parsed or cast at run time.
 *
 * Lookups are case-insensitive and resolve aliases (`f16` → `fp16`).
 */
import type { EngineEntry, FormatEntry, HardwareEntry, ModelEntry } from './types';
import type { MeasuredCorrection } from '../calibrate/corrections';
import type { ModelFileTable } from '../modelfiles/resolve';
import modelsData from './data/models.json';
import hardwareData from './data/hardware.json';
import formatsData from './data/formats.json';
import enginesData from './data/engines.json';

export type * from './types';

/** An id-indexed view of one catalog section. */
export interface CatalogSection<T extends { id: string; aliases?: string[] }> {
  /** Every entry, in file order. */
  readonly entries: readonly T[];
  /** The canonical ids, in file order. */
  readonly ids: readonly string[];
  /** Looks an id or alias up, case-insensitively. */
  get(idOrAlias: string): T | undefined;
}

/**
 * Indexes a section by id and aliases; `moreKeys` adds other names that resolve (a model's Hugging
 * Face repo ids, so `model: meta-llama/Llama-3.1-8B-Instruct` keeps working as it did when those
 * ids were aliases).
 */
function section<T extends { id: string; aliases?: string[] }>(
  entries: readonly T[],
  moreKeys: (entry: T) => readonly string[] = () => [],
): CatalogSection<T> {
  const byKey = new Map<string, T>();
  for (const entry of entries) {
    byKey.set(entry.id.toLowerCase(), entry);
    for (const alias of [...(entry.aliases ?? []), ...moreKeys(entry)]) byKey.set(alias.toLowerCase(), entry);
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
  /**
   * Models read from the files one deployment file names (`model.config`, `huggingface`, `gguf`,
   * `safetensors`), by `modelSourceKey`: resolved before validation, since validation is pure.
   */
  readonly modelFiles?: ModelFileTable;
  /**
   * Texts of the manifests the placements of one deployment file name (`placements[].source`), by
   * the path as written: read before validation, like the model files.
   */
  readonly manifestFiles?: ManifestFileTable;
  /**
   * Corrections a team measured (`.llm-sizing/calibration.yaml`, written by `llm-sizing calibrate`):
   * applied to every estimate of their engine × device.
   */
  readonly corrections?: readonly MeasuredCorrection[];
}

/** A manifest a placement names: its text, or why it could not be read. */
export type ManifestFileResult = { ok: true; text: string } | { ok: false; message: string };
/** Manifest texts by the path written in `source:`. */
export type ManifestFileTable = ReadonlyMap<string, ManifestFileResult>;

/** The catalog with a workspace's measured corrections (an empty list removes them). */
export function withCorrections(cat: Catalog, corrections: readonly MeasuredCorrection[]): Catalog {
  return { ...cat, corrections };
}

/** The catalog with the manifests a deployment file's placements name. */
export function withManifestFiles(cat: Catalog, manifestFiles: ManifestFileTable): Catalog {
  return { ...cat, manifestFiles };
}

/** The catalog as one deployment file sees it: `cat` plus the models read from its files. */
export function withModelFiles(cat: Catalog, modelFiles: ModelFileTable): Catalog {
  return { ...cat, modelFiles };
}

/** A section built from entries (the workspace catalog merges its own over the built-in ones). */
export function catalogSection<T extends { id: string; aliases?: string[] }>(entries: readonly T[]): CatalogSection<T> {
  return section(entries);
}

/** The catalog shipped with the tool. */
export const catalog: Catalog = {
  models: section(modelsData.entries, (m) => m.huggingface ?? []),
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
