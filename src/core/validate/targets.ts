/**
 * Enumerates the deployment targets of a (possibly invalid) document's data: every place where a
 * `hardware` is named — a placement, or each part of a hybrid placement — with the effective
 * model, engine and options after overrides. Tolerant of wrong types: rules use what is there.
 */
import type { Path } from '../parse/paths';
import { modelSourceOf, type ModelSource } from '../modelfiles/sources';

export type Loose = Record<string, unknown>;

/** The object at key, or undefined when it is not a mapping. */
export function obj(value: unknown, key: string): Loose | undefined {
  const v = value && typeof value === 'object' && !Array.isArray(value) ? (value as Loose)[key] : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : undefined;
}
export function str(value: unknown, key: string): string | undefined {
  const v = value && typeof value === 'object' ? (value as Loose)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}
export function num(value: unknown, key: string): number | undefined {
  const v = value && typeof value === 'object' ? (value as Loose)[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export interface Target {
  /** Path of the mapping that holds `hardware`. */
  path: Path;
  /** Index of the placement it belongs to. */
  placementIndex: number;
  data: Loose;
  /** Effective engine id and the path that set it (undefined path: the default). */
  engine?: { id: string; path: Path };
  /** Effective weights / kvCache / model id, with the path that set each. */
  weights?: { id: string; path: Path };
  kvCache?: { id: string; path: Path };
  modelId?: { id: string; path: Path };
  /** The effective custom architecture (the placement's model override, else the deployment's). */
  architecture?: Loose;
  /** The effective model files (`model.config`, `huggingface`, `gguf`, `safetensors`), when the model comes from them. */
  modelFile?: ModelSource;
  /** Effective engine options (deployment < placement < target), each with its key's path. */
  engineOptions: Array<{ key: string; value: unknown; path: Path }>;
}

function pick(
  key: string,
  layers: Array<{ data: Loose | undefined; path: Path }>,
): { id: string; path: Path } | undefined {
  let found: { id: string; path: Path } | undefined;
  for (const layer of layers) {
    const v = str(layer.data, key);
    if (v !== undefined) found = { id: v, path: [...layer.path, key] };
  }
  return found;
}

/** All targets of a document, in file order. */
export function targetsOf(data: unknown): Target[] {
  const placements = data && typeof data === 'object' ? (data as Loose).placements : undefined;
  if (!Array.isArray(placements)) return [];
  const deploymentModel = obj(data, 'model');
  const targets: Target[] = [];
  placements.forEach((placement: unknown, placementIndex) => {
    if (!placement || typeof placement !== 'object' || Array.isArray(placement)) return;
    const p = placement as Loose;
    const base: Path = ['placements', placementIndex];
    const parts: Array<{ data: Loose; path: Path }> =
      p.type === 'hybrid'
        ? (['onPrem', 'cloud'] as const).flatMap((k) => (obj(p, k) ? [{ data: obj(p, k)!, path: [...base, k] }] : []))
        : [{ data: p, path: base }];
    for (const part of parts) {
      const modelLayers = [
        { data: deploymentModel, path: ['model'] as Path },
        { data: obj(p, 'model'), path: [...base, 'model'] },
      ];
      const engineLayers = [
        { data: data as Loose, path: [] as Path },
        { data: p, path: base },
        ...(part.data !== p ? [{ data: part.data, path: part.path }] : []),
      ];
      const engineOptions: Target['engineOptions'] = [];
      for (const layer of engineLayers) {
        const options = obj(layer.data, 'engineOptions');
        for (const [key, value] of Object.entries(options ?? {}))
          engineOptions.push({ key, value, path: [...layer.path, 'engineOptions', key] });
      }
      targets.push({
        path: part.path,
        placementIndex,
        data: part.data,
        engine: pick('engine', engineLayers),
        weights: pick('weights', modelLayers),
        kvCache: pick('kvCache', modelLayers),
        modelId: pick('id', modelLayers),
        ...(() => {
          const architecture = obj(obj(p, 'model'), 'architecture') ?? obj(deploymentModel, 'architecture');
          return architecture ? { architecture } : {};
        })(),
        ...(() => {
          // A placement's model that names an id or an architecture replaces the deployment's files.
          const own = obj(p, 'model');
          const modelFile =
            modelSourceOf(own, [...base, 'model']) ??
            (str(own, 'id') === undefined && obj(own, 'architecture') === undefined
              ? modelSourceOf(deploymentModel, ['model'])
              : undefined);
          return modelFile ? { modelFile } : {};
        })(),
        engineOptions,
      });
    }
  });
  return targets;
}
