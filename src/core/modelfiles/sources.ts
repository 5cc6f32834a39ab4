/**
 * Where a deployment document names model files: `model.config`, `model.huggingface` (+
 * `revision`), `model.gguf`, `model.safetensors`, at deployment level and in placement overrides.
 * Each source has a key that names it within one file (the resolved results are looked up by it).
 */
import type { Path } from '../parse/paths';

export const MODEL_SOURCE_KINDS = ['config', 'huggingface', 'gguf', 'safetensors'] as const;
export type ModelSourceKind = (typeof MODEL_SOURCE_KINDS)[number];

export interface ModelSource {
  kind: ModelSourceKind;
  /** The path or repo id as written. */
  value: string;
  revision?: string;
  /** YAML path of the key (`['model', 'config']`, `['placements', 2, 'model', 'gguf']`). */
  path: Path;
}

/** Most distinct model sources resolved per document (each may read megabytes). */
export const MAX_MODEL_SOURCES = 16;

/** The lookup key of a source within its file. */
export function modelSourceKey(kind: ModelSourceKind, value: string, revision?: string): string {
  return `${kind}:${value}${revision ? `@${revision}` : ''}`;
}

/** The model source a `model` mapping names, if any (the first of the kinds it has). */
export function modelSourceOf(model: unknown, path: Path): ModelSource | undefined {
  if (typeof model !== 'object' || model === null) return undefined;
  const m = model as Record<string, unknown>;
  for (const kind of MODEL_SOURCE_KINDS) {
    const value = m[kind];
    if (typeof value === 'string' && value.trim()) {
      const revision =
        kind === 'huggingface' && typeof m.revision === 'string' && m.revision.trim() ? m.revision.trim() : undefined;
      return { kind, value: value.trim(), ...(revision ? { revision } : {}), path: [...path, kind] };
    }
  }
  return undefined;
}

/** Every model source of a document's data (deployment model first, then placements in order). */
export function modelSourcesOf(data: unknown): ModelSource[] {
  if (typeof data !== 'object' || data === null) return [];
  const d = data as Record<string, unknown>;
  const out: ModelSource[] = [];
  const top = modelSourceOf(d.model, ['model']);
  if (top) out.push(top);
  if (Array.isArray(d.placements)) {
    d.placements.forEach((p, i) => {
      const s =
        typeof p === 'object' && p !== null
          ? modelSourceOf((p as Record<string, unknown>).model, ['placements', i, 'model'])
          : undefined;
      if (s) out.push(s);
    });
  }
  return out;
}

/**
 * The model sources of a parsed YAML document, read from its nodes (`model`, `placements[i].model`)
 * without converting the whole document: bounded by the placements limit.
 */
export function modelSourcesOfYaml(
  doc: { getIn(path: Iterable<unknown>): unknown },
  maxPlacements = 100,
): ModelSource[] {
  const plain = (v: unknown): unknown =>
    v && typeof v === 'object' && 'toJSON' in v ? (v as { toJSON(): unknown }).toJSON() : v;
  const modelAt = (path: Path): Record<string, unknown> | undefined => {
    const m: Record<string, unknown> = {};
    for (const key of [...MODEL_SOURCE_KINDS, 'revision']) {
      const v = plain(doc.getIn([...path, key]));
      if (typeof v === 'string') m[key] = v;
    }
    return Object.keys(m).length ? m : undefined;
  };
  const out: ModelSource[] = [];
  const top = modelSourceOf(modelAt(['model']), ['model']);
  if (top) out.push(top);
  for (let i = 0; i < maxPlacements; i++) {
    if (doc.getIn(['placements', i]) === undefined) break;
    const s = modelSourceOf(modelAt(['placements', i, 'model']), ['placements', i, 'model']);
    if (s) out.push(s);
  }
  return out;
}
