/**
 * The step before validation and estimation when a file names model files: find the sources in
 * a first (pure) validation, read them through the port, and give back the catalog the file
 * sees (with `modelFiles`). Callers validate again with it: the CLI at once, the extension when
 * the reads finish.
 */
import { withModelFiles, type Catalog } from '../catalog';
import type { ValidationResult } from '../validate';
import { resolveModelSources, type ResolveContext } from './resolve';
import { modelSourcesOfYaml, type ModelSource } from './sources';

/**
 * Whether a text may name model files at all (a key `config:`, `huggingface:`, `gguf:` or
 * `safetensors:` anywhere): a linear scan that spares the usual file a second validation.
 */
export function mayNameModelFiles(text: string): boolean {
  return /(^|[\s{,])["']?(config|huggingface|gguf|safetensors)["']?\s*:/m.test(text);
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
  if (!sources.length) return cat;
  return withModelFiles(cat, await resolveModelSources(sources, ctx));
}
