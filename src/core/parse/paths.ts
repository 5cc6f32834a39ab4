/**
 * Paths into a parsed YAML document (`['placements', 0, 'hardware']`) and the character ranges
 * of what they point at — the bridge from zod issue paths to precise diagnostic ranges.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextRange } from '../findings';

export type Path = ReadonlyArray<string | number>;

export interface Located {
  /** The value node at the path (undefined when the key is present with no value). */
  node?: Node;
  /** The key/value pair holding it, when the last segment is a map key. */
  pair?: Pair<unknown, unknown>;
}

/**
 * Each mapping's pairs by key text, built on the first lookup in that mapping (the first pair of
 * a key wins, as a scan would find it). Parsed documents are never modified, so the index stays
 * true; the WeakMap lets it go with the document. Without it, locating each of 30,000 unknown
 * keys scanned the mapping again: quadratic, 21.8 s for 330 KB.
 */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair<unknown, unknown>>>();

/** The pair of `map` whose scalar key reads `key`, through the index. */
function pairOf(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items as Array<Pair<unknown, unknown>>) {
      if (!isScalar(p.key)) continue;
      const text = String(p.key.value);
      if (!index.has(text)) index.set(text, p);
    }
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/** Walks `path` through maps and sequences; undefined when a segment is absent. */
export function locate(doc: Document.Parsed, path: Path): Located | undefined {
  let current: unknown = doc.contents;
  let pair: Pair<unknown, unknown> | undefined;
  for (const segment of path) {
    if (isMap(current)) {
      pair = pairOf(current, String(segment));
      if (!pair) return undefined;
      current = pair.value ?? undefined;
    } else if (isSeq(current) && typeof segment === 'number') {
      pair = undefined;
      current = current.items[segment];
      if (current === undefined) return undefined;
      if (isPair(current)) current = current.value;
    } else {
      return undefined;
    }
  }
  return { node: (current ?? undefined) as Node | undefined, pair };
}

/** Range of a node's value text (without trailing comments). */
export function nodeRange(node: Node): TextRange {
  const [start, valueEnd] = node.range ?? [0, 0];
  return { start, end: valueEnd };
}

/** Range of the key of a pair, or undefined. */
export function keyRange(pair: Pair<unknown, unknown> | undefined): TextRange | undefined {
  const key = pair?.key as Node | undefined;
  return key?.range ? { start: key.range[0], end: key.range[1] } : undefined;
}

/**
 * The most precise range for a path: the value if present, else its key, else the nearest
 * ancestor that exists (its key if it has one), else the start of the document.
 */
export function rangeForPath(doc: Document.Parsed, path: Path, prefer: 'value' | 'key' = 'value'): TextRange {
  for (let length = path.length; length >= 0; length--) {
    const found = locate(doc, path.slice(0, length));
    if (!found) continue;
    const key = keyRange(found.pair);
    if (length < path.length || prefer === 'key') {
      if (key) return key;
      // A list item has no key: point at its first key instead of the whole mapping.
      const firstKey = isMap(found.node)
        ? keyRange(found.node.items[0] as Pair<unknown, unknown> | undefined)
        : undefined;
      if (firstKey) return firstKey;
    }
    if (found.node?.range) return nodeRange(found.node);
    if (key) return key;
  }
  const start = doc.range[0];
  return { start, end: start };
}

/** Formats a path for messages: `placements[0].hardware`. */
export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text || '(document)';
}
