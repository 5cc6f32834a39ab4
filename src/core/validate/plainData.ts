/**
 * Only plain YAML data reaches the schema: mappings with scalar keys, sequences, strings, numbers,
 * booleans and null. Anything else — a tag such as `!!omap`, `!!set`, `!!pairs`, `!!binary`,
 * `!!timestamp` or `!custom`, a YAML 1.1 date or sexagesimal number, a collection used as a key —
 * would turn into a Map, Set, Buffer, Date or stringified key that the schema either cannot see
 * (an `slo:` block written as `!!omap` reached it as an empty object, so its constraints vanished)
 * or reads as something the author did not write. Each is an LLMS009 at the offending token.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { TextRange } from '../findings';

/** The tags of YAML's plain data types (the core schema), long and short forms. */
const PLAIN_TAGS = new Set(['map', 'seq', 'str', 'int', 'float', 'bool', 'null'].map((t) => `tag:yaml.org,2002:${t}`));

/** What a few well-known non-plain tags make of a value, for the message. */
const WHAT_IT_MAKES: Record<string, string> = {
  'tag:yaml.org,2002:omap': 'an ordered map, which the format does not read as a mapping: its fields would be lost',
  'tag:yaml.org,2002:pairs': 'a list of pairs, not a mapping: its fields would be lost',
  'tag:yaml.org,2002:set': 'a set, which the format does not read: its contents would be lost',
  'tag:yaml.org,2002:binary': 'binary data (base64-decoded bytes), not text or a number',
  'tag:yaml.org,2002:timestamp': 'a date and time, not text or a number',
};

export interface PlainDataProblem {
  range: TextRange;
  message: string;
}

/** How a tag is written in messages: `!!omap` for the YAML tags, the tag itself otherwise. */
function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/**
 * The range of the tag written before a node: the last `!` between `floor` (the end of what came
 * before: the key, the previous item) and the node's start, up to the next whitespace. The node's
 * own range when no tag text is found there (a tag given by a `%TAG` shorthand is still found).
 */
function tagRange(text: string, node: Node, floor: number): TextRange {
  const start = node.range?.[0] ?? floor;
  const bang = text.lastIndexOf('!', Math.max(0, start - 1));
  if (bang >= floor && bang < start) {
    let begin = bang;
    while (begin > floor && !/\s/.test(text[begin - 1]!)) begin--; // `!!omap`, `!e!foo`: one token
    let end = bang + 1;
    while (end < text.length && !/\s/.test(text[end]!)) end++;
    return { start: begin, end };
  }
  return { start, end: Math.max(start + 1, node.range?.[1] ?? start + 1) };
}

function nodeRangeOf(node: Node, fallback: number): TextRange {
  const [start, end] = node.range ?? [fallback, fallback + 1];
  return { start, end: Math.max(end, start + 1) };
}

function problemOf(node: Node, text: string, floor: number, isKey: boolean): PlainDataProblem | undefined {
  const tag = node.tag;
  if (tag !== undefined && tag !== '!' && !PLAIN_TAGS.has(tag)) {
    const what = WHAT_IT_MAKES[tag];
    const message = what
      ? `\`${shortTag(tag)}\` makes this value ${what}. Only plain YAML data (mappings, lists, strings, numbers, booleans, null) is read; remove the tag.`
      : `Unsupported tag \`${shortTag(tag)}\`: only plain YAML data (mappings, lists, strings, numbers, booleans, null) is read; remove the tag.`;
    return { range: tagRange(text, node, floor), message };
  }
  if (isKey && (isMap(node) || isSeq(node))) {
    return {
      range: nodeRangeOf(node, floor),
      message:
        'A key must be a plain string, not a mapping or a list (a YAML complex key); the format has no such keys.',
    };
  }
  if (isScalar(node)) {
    const value = node.value;
    if (value instanceof Date) {
      return {
        range: nodeRangeOf(node, floor),
        message:
          'Under `%YAML 1.1` this value is read as a date and time, not text; quote it or remove the `%YAML 1.1` directive.',
      };
    }
    if (node.format === 'TIME') {
      return {
        range: nodeRangeOf(node, floor),
        message: `Under \`%YAML 1.1\` this value is a sexagesimal (base-60) number and would be read as ${String(value)}; quote it, write the number, or remove the \`%YAML 1.1\` directive.`,
      };
    }
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return {
        range: nodeRangeOf(node, floor),
        message: 'This value is not plain YAML data (a string, number, boolean or null); remove its tag or quote it.',
      };
    }
  }
  return undefined;
}

/**
 * Every non-plain node of a document, in no particular order. Iterative (documents are at most
 * 64 levels deep by then, but a flat walk costs nothing) and linear in the number of nodes.
 * Aliases are not followed: their anchors are visited where they are defined.
 */
export function nonPlainData(doc: Document.Parsed, text: string, limit = 50): PlainDataProblem[] {
  const out: PlainDataProblem[] = [];
  const stack: Array<{ node: unknown; floor: number; isKey: boolean }> = [
    { node: doc.contents, floor: doc.range[0], isKey: false },
  ];
  while (stack.length && out.length < limit) {
    const { node, floor, isKey } = stack.pop()!;
    if (!node || isAlias(node) || typeof node !== 'object' || !('range' in (node as object))) continue;
    const problem = problemOf(node as Node, text, floor, isKey);
    if (problem) {
      out.push(problem);
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    let previousEnd = (node as Node).range?.[0] ?? floor;
    for (const item of node.items) {
      if (isPair(item)) {
        const key = item.key as Node | null;
        const keyEnd = key?.range?.[1] ?? previousEnd;
        stack.push({ node: key, floor: previousEnd, isKey: true });
        stack.push({ node: item.value, floor: keyEnd, isKey: false });
        previousEnd = (item.value as Node | null)?.range?.[1] ?? keyEnd;
      } else {
        stack.push({ node: item, floor: previousEnd, isKey: false });
        previousEnd = (item as Node | null)?.range?.[1] ?? previousEnd;
      }
    }
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

/** True for a yaml warning about a tag this module reports as an error (so it is not said twice). */
export function isReportedTagWarning(code: string, message: string): boolean {
  if (code !== 'TAG_RESOLVE_FAILED') return false;
  const tag = /Unresolved tag: (\S+)/.exec(message)?.[1];
  return tag !== undefined && !PLAIN_TAGS.has(tag);
}
