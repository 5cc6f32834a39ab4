/**
 * YAML held inside a string value — Ray's `serveConfigV2`, the `inference_config.yaml` file of a
 * KAITO ConfigMap — parsed with every node's range mapped back to the file, so findings and fixes
 * land on the nested value as on any other.
 */
import { isNode, parseDocument, visit, type Node } from 'yaml';
import { scalarWord } from './words';

/** Nested YAML longer than this is not read (a serving config is a few hundred lines at most). */
const MAX_EMBEDDED_CHARS = 200_000;

/** The parsed contents of a string scalar holding YAML, ranges in file offsets; undefined when it is not valid YAML. */
export function embeddedYaml(node: Node | undefined, source: string): Node | undefined {
  const word = node ? scalarWord(node, source) : undefined;
  if (!word || word.value.length > MAX_EMBEDDED_CHARS || !word.value.includes(':')) return undefined;
  const doc = parseDocument(word.value, { keepSourceTokens: false, uniqueKeys: false });
  if (doc.errors.length || !doc.contents) return undefined;
  const offsets = word.offsets ?? [];
  const last = offsets.length ? offsets[offsets.length - 1]! + 1 : word.range.end;
  const at = (i: number): number => (i < offsets.length ? offsets[i]! : last);
  visit(doc, (_key, item) => {
    if (isNode(item) && item.range) {
      const [start, valueEnd, nodeEnd] = item.range;
      item.range = [at(start), Math.max(at(start), at(valueEnd - 1) + (valueEnd > start ? 1 : 0)), at(nodeEnd)];
    }
  });
  return doc.contents as Node;
}
