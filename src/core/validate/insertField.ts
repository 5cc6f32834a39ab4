/**
 * The "add missing field" quick fix: inserts `field: placeholder` into the parent mapping,
 * matching its style (block: a new line at the siblings' indentation; flow: before the `}`).
 */
import { isMap, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { Fix } from '../findings';
import { locate, type Path } from '../parse/paths';
import { unwrap } from '../schema/introspect';

/** A placeholder value that satisfies the field's schema where possible. */
function placeholder(schema: z.ZodType | undefined): string {
  if (!schema) return '""';
  const inner = unwrap(schema);
  const meta = inner.meta?.() as { examples?: unknown[] } | undefined;
  const example = meta?.examples?.[0];
  if (typeof example === 'string' || typeof example === 'number') return String(example);
  const zod = (
    inner as unknown as {
      _zod: { def: { type: string; values?: unknown[]; options?: z.ZodType[] }; bag?: { minimum?: number } };
    }
  )._zod;
  switch (zod.def.type) {
    case 'number':
      return String(Math.max(1, zod.bag?.minimum ?? 1));
    case 'literal':
      return String(zod.def.values?.[0] ?? '""');
    case 'object':
    case 'record':
      return '{}';
    case 'array':
      return '[]';
    case 'boolean':
      return 'false';
    case 'union':
      // A value of the first alternative is a value of the union.
      return placeholder(zod.def.options?.[0]);
    default:
      return '""';
  }
}

/** Builds the fix, or undefined when the parent is not a mapping we can edit safely. */
export function missingFieldFix(
  doc: Document.Parsed,
  text: string,
  parent: Path,
  field: string,
  schema: z.ZodType | undefined,
): Fix | undefined {
  const located = parent.length ? locate(doc, parent) : { node: doc.contents as Node | undefined };
  const map = located?.node;
  if (!isMap(map) || !map.range) return undefined;
  const value = placeholder(schema);
  const title = `Add '${field}: ${value}'`;
  if (map.flow) {
    const close = map.range[1] - 1;
    if (text[close] !== '}') return undefined;
    const separator = map.items.length ? ', ' : '';
    return { title, edits: [{ range: { start: close, end: close }, newText: `${separator}${field}: ${value}` }] };
  }
  const first = map.items[0]?.key as Node | undefined;
  const last = map.items[map.items.length - 1];
  if (!first?.range || !last) return undefined;
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const indent = text.slice(lineStart, first.range[0]);
  if (!/^[ -]*$/.test(indent)) return undefined;
  const lastNode = (last.value ?? last.key) as Node | undefined;
  const end = lastNode?.range?.[1] ?? map.range[1];
  const lineEnd = text.indexOf('\n', end);
  const at = lineEnd === -1 ? text.length : lineEnd;
  return {
    title,
    edits: [{ range: { start: at, end: at }, newText: `\n${indent.replace(/-/g, ' ')}${field}: ${value}` }],
  };
}
