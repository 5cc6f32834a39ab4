/** Small readers over `yaml` nodes that keep ranges (the manifest reader never converts to JS). */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TextRange } from '../findings';

/** The pair of `key` in a mapping, or undefined. */
export function pairOf(map: unknown, key: string): Pair<unknown, unknown> | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<unknown, unknown> | undefined;
}

/** The value node of `key` in a mapping. */
export function get(map: unknown, key: string): Node | undefined {
  return (pairOf(map, key)?.value ?? undefined) as Node | undefined;
}

/** The node at a path of keys. */
export function at(node: unknown, ...keys: string[]): Node | undefined {
  let current: unknown = node;
  for (const key of keys) current = get(current, key);
  return current as Node | undefined;
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

/** A scalar's value as text (numbers and booleans written as text), or undefined. */
export function text(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined || typeof node.value === 'object')
    return undefined;
  return String(node.value);
}

/** A scalar's value as a finite number (also from a numeric string such as "4"). */
export function number(node: unknown): number | undefined {
  const t = text(node);
  if (t === undefined || t.trim() === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** A node's range, value part only. */
export function rangeOf(node: unknown): TextRange | undefined {
  const r = (node as Node | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** A pair's key range. */
export function keyRangeOf(pair: Pair<unknown, unknown> | undefined): TextRange | undefined {
  return rangeOf(pair?.key);
}

/** String entries of a mapping (labels, annotations, nodeSelector). */
export function stringEntries(map: unknown): Array<{ key: string; value: string; range: TextRange }> {
  if (!isMap(map)) return [];
  const out: Array<{ key: string; value: string; range: TextRange }> = [];
  for (const p of map.items) {
    const key = text(p.key);
    const value = text(p.value);
    const range = rangeOf(p.value) ?? rangeOf(p.key);
    if (key !== undefined && value !== undefined && range) out.push({ key, value, range });
  }
  return out;
}
