/**
 * Duplicate mapping keys, found in one pass with a set per mapping. The yaml package can check
 * this itself (`uniqueKeys: true`), but it compares each new key with every earlier one: 30,000
 * keys took over 20 s in the parser alone. Keys are equal as the yaml package defines it: scalars
 * with the same value (`1` and `"1"` differ). Collection keys are refused elsewhere (LLMS009).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** Every key node that repeats an earlier key of the same mapping, in no particular order. */
export function duplicateKeyNodes(doc: Document.Parsed): Node[] {
  const out: Node[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (!node || isAlias(node)) continue;
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          const identity = `${typeof key.value}:${String(key.value)}`;
          if (seen.has(identity)) out.push(key);
          else seen.add(identity);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    }
  }
  return out;
}
