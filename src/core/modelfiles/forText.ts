/**
 * The step before validation and estimation when a file names model files: find the sources in
 * a first (pure) validation, read them through the port, and give back the catalog the file
 * sees (with `modelFiles`). Callers validate again with it: the CLI at once, the extension when
 * the reads finish.
 */
import {
  withManifestFiles,
  withModelFiles,
  type Catalog,
  type ManifestFileResult,
  type ManifestFileTable,
} from '../catalog';
import type { ValidationResult } from '../validate';
import { resolveModelSources, type ResolveContext } from './resolve';
import { modelSourcesOfYaml, type ModelSource } from './sources';

/**
 * Whether a text may name model files at all (a key `config:`, `huggingface:`, `gguf:` or
 * `safetensors:` anywhere): a linear scan that spares the usual file a second validation.
 */
export function mayNameModelFiles(text: string): boolean {
  return /(^|[\s{,])["']?(config|huggingface|gguf|safetensors|source)["']?\s*:/m.test(text);
}

/** The model sources of every analysed document of a validation result. */
export function modelSourcesOfValidation(validation: ValidationResult): ModelSource[] {
  return validation.documents.filter((d) => d.analysed).flatMap((d) => modelSourcesOfYaml(d.yaml));
}

/** `cat` with the models read from the files a validated text names (`cat` itself when it names none). */
export async function catalogWithModelFiles(
  validation: ValidationResult,
  cat: Catalog,
  ctx: ResolveContext,
): Promise<Catalog> {
  const sources = modelSourcesOfValidation(validation);
  const manifests = manifestSourcesOfValidation(validation);
  let out = cat;
  if (sources.length) out = withModelFiles(out, await resolveModelSources(sources, ctx));
  if (manifests.length) out = withManifestFiles(out, await readManifestSources(manifests, ctx));
  return out;
}

/** Largest manifest a placement's `source:` may name, bytes (a manifest of a few workloads is KBs). */
const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Most distinct manifests one deployment file may name. */
const MAX_MANIFEST_SOURCES = 16;

/** The `placements[].source` paths of every analysed document of a validation result. */
export function manifestSourcesOfValidation(validation: ValidationResult): string[] {
  const out = new Set<string>();
  for (const d of validation.documents) {
    if (!d.analysed) continue;
    for (let i = 0; i < 100; i++) {
      if (d.yaml.getIn(['placements', i]) === undefined) break;
      const v = d.yaml.getIn(['placements', i, 'source']);
      if (typeof v === 'string' && v.trim()) out.add(v.trim());
    }
  }
  return [...out];
}

/**
 * Reads the manifests named by `source:` (paths relative to the deployment file's directory)
 * through the port; each is its text or why it could not be read.
 */
export async function readManifestSources(
  sources: readonly string[],
  ctx: Pick<ResolveContext, 'reader' | 'baseDir'>,
): Promise<ManifestFileTable> {
  const table = new Map<string, ManifestFileResult>();
  for (const source of sources) {
    if (table.has(source)) continue;
    if (table.size >= MAX_MANIFEST_SOURCES) {
      table.set(source, { ok: false, message: `a document may name at most ${MAX_MANIFEST_SOURCES} manifests` });
      continue;
    }
    const path = ctx.reader.joinPath(ctx.baseDir, source);
    try {
      const stat = await ctx.reader.stat(path);
      if (!stat) table.set(source, { ok: false, message: 'not found' });
      else if (stat.kind !== 'file') table.set(source, { ok: false, message: 'not a regular file' });
      else table.set(source, { ok: true, text: await ctx.reader.readText(path, MAX_MANIFEST_BYTES) });
    } catch (error) {
      table.set(source, { ok: false, message: `not read: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return table;
}
