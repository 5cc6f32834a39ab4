/**
 * Checks the catalog data files against their schemas (`schema.ts`) and against each other (unique
 * ids, formats and devices that exist). Run by `npm run generate` (before anything is written) and
 * by the unit suite; never at run time. Pure: the caller reads the files.
 */
import type { z } from '../schema/zod';
import { CATALOG_FILES, type CatalogFileName } from './schema';
import type { EngineEntry } from './types';

/** The parsed JSON of each data file, by file name (`instances.json` may be absent). */
export type CatalogFiles = Partial<Record<CatalogFileName, unknown>>;

/**
 * Every problem in the catalog data, one line each, naming the file, the entry (index and id) and
 * the field: `hardware.json: entries[3] (h100-sxm-80gb).tdpW: Too small: expected number to be >0`.
 * Empty when the data is well-formed.
 */
export function checkCatalogData(files: CatalogFiles): string[] {
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(CATALOG_FILES) as Array<[CatalogFileName, z.ZodType]>) {
    if (!(name in files)) {
      if (name !== 'instances.json') problems.push(`${name}: missing`);
      continue;
    }
    const result = schema.safeParse(files[name]);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(`${name}: ${where(files[name], issue.path)}: ${issue.message}`);
    }
  }
  if (problems.length === 0) problems.push(...crossReferences(files));
  return problems;
}

/** `entries[3] (h100-sxm-80gb).tdpW`: the path, with the id of the entry it is in. */
function where(data: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = data;
  for (const key of path) {
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') {
      out += `[${key}]`;
      const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof id === 'string') out += ` (${id})`;
    } else {
      out += out ? `.${String(key)}` : String(key);
    }
  }
  return out || '(file)';
}

interface Entry {
  id: string;
  aliases?: string[];
  huggingface?: string[];
}

function entriesOf<T extends Entry>(files: CatalogFiles, name: CatalogFileName): T[] {
  return ((files[name] as { entries?: T[] } | undefined)?.entries ?? []) as T[];
}

/** Unique ids and aliases per section; formats, devices and models that the other files name exist. */
function crossReferences(files: CatalogFiles): string[] {
  const problems: string[] = [];
  const sections = ['models.json', 'hardware.json', 'formats.json', 'engines.json', 'instances.json'] as const;
  const keys = new Map<CatalogFileName, Map<string, string>>();
  for (const name of sections) {
    const seen = new Map<string, string>();
    const ids = new Set<string>();
    for (const entry of entriesOf(files, name)) {
      if (ids.has(entry.id)) problems.push(`${name}: ${entry.id} is listed twice`);
      ids.add(entry.id);
      for (const key of [entry.id, ...(entry.aliases ?? []), ...(entry.huggingface ?? [])].map((k) =>
        k.toLowerCase(),
      )) {
        const owner = seen.get(key);
        if (owner !== undefined && owner !== entry.id)
          problems.push(`${name}: '${key}' names both ${owner} and ${entry.id}`);
        seen.set(key, entry.id);
      }
    }
    keys.set(name, seen);
  }
  type Format = Entry & { usableFor: string[] };
  const formats = new Map(entriesOf<Format>(files, 'formats.json').map((f) => [f.id, f]));
  const formatUsable = (id: string, use: string) => {
    const canonical = keys.get('formats.json')?.get(id.toLowerCase());
    return canonical !== undefined && !!formats.get(canonical)?.usableFor.includes(use);
  };
  for (const m of entriesOf<Entry & { nativeWeights: string }>(files, 'models.json')) {
    if (!formatUsable(m.nativeWeights, 'weights'))
      problems.push(`models.json: ${m.id}.nativeWeights: no weight format '${m.nativeWeights}'`);
  }
  for (const e of entriesOf<EngineEntry>(files, 'engines.json')) {
    for (const f of e.weightFormats)
      if (!formatUsable(f, 'weights')) problems.push(`engines.json: ${e.id}.weightFormats: no weight format '${f}'`);
    for (const f of [...e.kvFormats, e.defaultKv])
      if (!formatUsable(f, 'kv')) problems.push(`engines.json: ${e.id}.kvFormats: no KV format '${f}'`);
    problems.push(...engineBehaviourReferences(e));
  }
  const hardwareIds = new Set(entriesOf(files, 'hardware.json').map((h) => h.id));
  for (const i of entriesOf<Entry & { hardware: string }>(files, 'instances.json')) {
    if (!hardwareIds.has(i.hardware)) problems.push(`instances.json: ${i.id}.hardware: no device '${i.hardware}'`);
  }
  return problems;
}

/**
 * An engine's `defaultKvByWeights` maps weight formats it loads to KV formats it has, by the ids it
 * lists (the estimator looks them up by the resolved id), and its `kvAdmission` option is one of its
 * `options` (an option it does not list is reported as unknown and never reaches the estimate).
 */
function engineBehaviourReferences(e: EngineEntry): string[] {
  const problems: string[] = [];
  for (const [weights, kv] of Object.entries(e.defaultKvByWeights?.weights ?? {})) {
    if (!e.weightFormats.includes(weights))
      problems.push(`engines.json: ${e.id}.defaultKvByWeights: '${weights}' is not in its weightFormats`);
    if (!e.kvFormats.includes(kv))
      problems.push(`engines.json: ${e.id}.defaultKvByWeights: '${kv}' is not in its kvFormats`);
  }
  if (e.kvAdmission && !e.options.includes(e.kvAdmission.option))
    problems.push(`engines.json: ${e.id}.kvAdmission: option '${e.kvAdmission.option}' is not in its options`);
  return problems;
}
