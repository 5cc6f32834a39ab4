/**
 * Offset → YAML path: which field the cursor is on (for hovers and completion).
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { TextRange } from '../findings';
import type { Path } from './paths';

export interface PathAtOffset {
  path: Path;
  /** Whether the offset is on a key (true) or on a value (false). */
  onKey: boolean;
  /** Range of the scalar under the offset, if any. */
  range?: TextRange;
  /** The scalar's value, if the offset is on a scalar. */
  value?: unknown;
}

function contains(node: Node | null | undefined, offset: number): boolean {
  return !!node?.range && offset >= node.range[0] && offset <= node.range[1];
}

/**
 * The path of the innermost node containing `offset`. A cursor right after `key: ` (empty value)
 * resolves to that key's value. Iterative; bounded by the document's depth.
 */
export function pathAtOffset(doc: Document.Parsed, offset: number, text?: string): PathAtOffset | undefined {
  let node: unknown = doc.contents;
  const path: Array<string | number> = [];
  for (let depth = 0; depth < 200; depth++) {
    if (isMap(node)) {
      let next: unknown;
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (contains(key, offset) && isScalar(key)) {
          path.push(String(key.value));
          return { path, onKey: true, range: { start: key.range![0], end: key.range![1] }, value: key.value };
        }
        if (contains(value, offset)) {
          path.push(isScalar(key) ? String(key.value) : '?');
          next = value;
          break;
        }
        // An empty value: `hardware: |` with the cursor after the colon on the same line.
        if (
          isScalar(key) &&
          key.range &&
          (value === null || (isScalar(value) && value.value === null && !value.source)) &&
          text !== undefined
        ) {
          const lineEnd = text.indexOf('\n', key.range[1]);
          if (offset > key.range[1] && (lineEnd === -1 || offset <= lineEnd)) {
            path.push(String(key.value));
            return { path, onKey: false, range: { start: offset, end: offset }, value: null };
          }
        }
      }
      if (next === undefined) return { path, onKey: false };
      node = next;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains((isPair(item) ? item.value : item) as Node, offset));
      if (index === -1) return { path, onKey: false };
      path.push(index);
      node = node.items[index];
    } else if (isScalar(node)) {
      return { path, onKey: false, range: { start: node.range![0], end: node.range![1] }, value: node.value };
    } else return { path, onKey: false };
  }
  return undefined;
}

/** What catalog section a path's value names, if any. */
export function catalogKindOfPath(path: Path): 'model' | 'hardware' | 'format' | 'engine' | undefined {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'hardware') return 'hardware';
  if (last === 'engine') return 'engine';
  if (last === 'weights' || last === 'kvCache') return 'format';
  if (last === 'id' && parent === 'model') return 'model';
  return undefined;
}
