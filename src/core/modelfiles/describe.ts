/**
 * A model read from files, as Markdown for the hover on its key: the derived architecture
 * (layers, heads, KV bytes per token, parameters), the weights and the file it came from.
 */
import type { Catalog } from '../catalog';
import { describeModel } from '../catalog/describe';
import { kvBytesPerToken } from '../estimate/kv';
import type { ModelFileResult } from './derived';

const escape = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');

/** Markdown of a resolved model file (or why it could not be read). */
export function describeModelFile(result: ModelFileResult, cat: Catalog): string {
  if (!result.ok) return `**Model file not read**\n\n${escape(result.failure.message)}`;
  const m = result.model;
  const e = m.entry;
  const bf16 = cat.formats.get('bf16');
  const kv = bf16 ? kvBytesPerToken(e.architecture, bf16) : 0;
  const lines = [
    `From \`${m.sourceFile.replace(/`/g, "'")}\``,
    '',
    `KV cache: ${(kv / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KiB per token at bf16 (all layers)`,
    e.checkpoint
      ? `Weights: ${(e.checkpoint.bytes / 1e9).toLocaleString('en-US', { maximumFractionDigits: 2 })} GB as ${e.checkpoint.format}`
      : '',
    ...m.details.map((d) => `- ${escape(d)}`),
    ...m.warnings.map((w) => `- ⚠ ${escape(w)}`),
    '',
    describeModel({ ...e, sources: [] }),
  ];
  return lines.filter((l, i) => l !== '' || i < 2 || lines[i - 1] !== '').join('\n');
}
