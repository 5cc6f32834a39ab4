/**
 * Findings about the model files a document names, from the results resolved before validation
 * (`Catalog.modelFiles`): missing, unreadable or invalid files are errors at the key's value;
 * what a mapping had to assume is a warning there; the context the workload needs is checked
 * against the model read. Without resolved results (nothing read yet) there is nothing to say.
 */
import type { Document } from 'yaml';
import type { Catalog } from '../catalog';
import type { Finding } from '../findings';
import { rangeForPath, type Path } from '../parse/paths';
import { modelSourceKey, modelSourcesOf } from '../modelfiles/sources';
import { CODES, type CodeInfo } from './codes';
import { num, obj } from './targets';

const BY_REASON: Record<string, CodeInfo> = {
  missing: CODES.modelFileMissing,
  unreadable: CODES.modelFileUnreadable,
  restricted: CODES.modelFileUnreadable,
  invalid: CODES.modelFileInvalid,
};

/** Runs the model-file rules over a document's data. */
export function modelFileFindings(doc: Document.Parsed, data: unknown, documentIndex: number, cat: Catalog): Finding[] {
  const table = cat.modelFiles;
  if (!table) return [];
  const findings: Finding[] = [];
  const push = (info: CodeInfo, path: Path, message: string) =>
    findings.push({ code: info.code, severity: info.severity, message, range: rangeForPath(doc, path), documentIndex });
  const workload = obj(data, 'workload');
  const tokens = (num(workload, 'inputTokens') ?? 0) + (num(workload, 'outputTokens') ?? 0);
  for (const source of modelSourcesOf(data)) {
    const result = table.get(modelSourceKey(source.kind, source.value, source.revision));
    if (!result) continue;
    if (!result.ok) {
      push(
        BY_REASON[result.failure.reason] ?? CODES.modelFileInvalid,
        source.path,
        `\`${source.kind}: ${source.value}\`: ${result.failure.message}`,
      );
      continue;
    }
    const model = result.model;
    if (model.warnings.length)
      push(CODES.modelFileAssumptions, source.path, `\`${source.value}\`: ${model.warnings.join('; ')}.`);
    const max = model.entry.architecture.maxContextTokens;
    if (tokens > max && source.path[0] === 'model') {
      push(
        CODES.contextBeyondModel,
        ['workload', 'inputTokens'],
        `Prompt plus output (${tokens} tokens) is longer than the maximum context of ${model.entry.name} (${max} tokens, from ${model.sourceFile}).`,
      );
    }
  }
  return findings;
}
