/**
 * A linear pre-scan for pathological nesting, run before the YAML parser: the parser recurses per
 * level and runs out of stack somewhere past ~700–1,000 levels (where exactly depends on the
 * caller's stack), so deeper input must be declined before parsing to get the same located
 * finding everywhere. Real deployment files nest fewer than 10 levels.
 */

import { runToEnd } from '../steps';

/** Nesting the pre-scan lets through to the parser. */
export const MAX_PARSE_NESTING = 256;

/**
 * Offset of the first place where block indentation levels, sequence dashes and flow brackets
 * together nest deeper than `limit`, or undefined. Approximate by design (it does not parse), but
 * it never under-counts brackets or dashes; block-scalar bodies (`|`, `>`) are skipped.
 */
/** `|` or `>` (with chomping and indentation indicators) as a whole value, after optional tag/anchor. */
const BLOCK_SCALAR_HEADER = /(?:^\s*|[:?-]\s+)(?:[!&]\S*\s+)*[|>][-+0-9]*\s*$/;

export function excessiveNesting(text: string, limit = MAX_PARSE_NESTING): number | undefined {
  return runToEnd(excessiveNestingSteps(text, limit));
}

/** Characters scanned per step of `excessiveNestingSteps`. */
const SCAN_STEP_CHARS = 64 * 1024;

/**
 * `excessiveNesting` as steps: yields about every 64 K characters (at a line start), so the editor
 * can give its event loop a turn while a file of several MB is scanned (issue 13).
 */
export function* excessiveNestingSteps(text: string, limit = MAX_PARSE_NESTING): Generator<void, number | undefined> {
  let nextYield = SCAN_STEP_CHARS;
  const indents: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let scalarIndent = -1; // inside a block scalar whose key is at this indentation
  let lineStart = 0;
  while (lineStart <= text.length) {
    if (lineStart >= nextYield) {
      nextYield = lineStart + SCAN_STEP_CHARS;
      yield;
    }
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && text[i] === ' ') i++;
    const indent = i - lineStart;
    const blank = i >= lineEnd || text[i] === '#' || text[i] === '\r';
    if (scalarIndent >= 0 && (blank || indent > scalarIndent)) {
      lineStart = lineEnd + 1;
      continue;
    }
    scalarIndent = -1;
    if (!blank && flow === 0 && quote === undefined) {
      while (indents.length && (indents[indents.length - 1] as number) >= indent) indents.pop();
      indents.push(indent);
      // `- - - x`: each dash opens a sequence inside the previous one.
      while ((text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        indents.push(i - lineStart + 1);
        i += 2;
        while (text[i] === ' ') i++;
      }
      if (indents.length > limit) return i;
    }
    let contentEnd = lineEnd; // where a comment starts, if one does
    for (; i < lineEnd; i++) {
      const c = text[i];
      if (quote) {
        if (quote === '"' && c === '\\')
          i++; // \" and \\ inside double quotes
        else if (c === quote) {
          if (quote === "'" && text[i + 1] === "'")
            i++; // '' is a quote inside single quotes
          else quote = undefined;
        }
        continue;
      }
      if ((c === '"' || c === "'") && scalarCanStart(text, lineStart, i, flow > 0)) quote = c;
      else if (c === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) {
        contentEnd = i;
        break;
      } else if (c === '[' || c === '{') {
        flow++;
        if (flow + indents.length > limit) return i;
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
    }
    // A block scalar header is the whole value: `key: |`, `- >-`, `key: !tag |2` — tested on the
    // line without its comment, so a comment ending in `|` no longer hides what follows.
    if (flow === 0 && quote === undefined && BLOCK_SCALAR_HEADER.test(text.slice(lineStart, contentEnd)))
      scalarIndent = indent;
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/**
 * Whether a quote at `i` opens a quoted scalar: only where a scalar can start — the line's first
 * content (after any `- ` / `? ` indicators), after `: `, or in flow context after `[`, `{` or `,`.
 * Elsewhere it is a character of a plain scalar (`19" rack`, `it's`, `a, "b`) and must not hide
 * the rest of the file from the scan.
 */
function scalarCanStart(text: string, lineStart: number, i: number, inFlow: boolean): boolean {
  let j = i - 1;
  while (j >= lineStart && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j < lineStart) return true;
  const before = text[j];
  if (before === '[' || before === '{') return true;
  if (before === ',') return inFlow;
  if (before === ':') return j + 1 < i; // `key: "…"` (a space after the colon)
  if ((before === '-' || before === '?') && j + 1 < i) {
    // Only as block indicators: nothing but indicators and blanks before them on the line.
    for (let k = lineStart; k < j; k++) if (!' \t-?'.includes(text[k] as string)) return false;
    return true;
  }
  return false;
}
