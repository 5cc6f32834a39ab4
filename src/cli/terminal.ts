/**
 * Strings from the user's file reach terminals and CI logs through the text and Markdown outputs.
 * There a line break starts a new log line (`::error …` becomes a GitHub Actions workflow
 * command) and control characters are acted on (ANSI colours, OSC window titles and hyperlinks,
 * cursor moves that hide earlier lines). These helpers make such strings inert while keeping them
 * recognisable: line breaks become spaces, control characters become visible `\u001b` text.
 */

import { INVISIBLE } from '../core/report/visible';

/** C0 controls except tab and line feed, DEL and the C1 controls (U+0080–U+009F, e.g. CSI U+009B). */
const CONTROL = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]|${INVISIBLE.source}`, 'g');

/** Line breaks: CR and LF, and the Unicode line and paragraph separators some log viewers split on. */
const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;

/** Output formats people read in a terminal or CI log (JSON and SARIF are escaped by JSON itself). */
const HUMAN_FORMATS: readonly string[] = ['text', 'markdown'];

/**
 * Replaces every control character except `\t` and `\n` with its `\uXXXX` escape written as text,
 * so no terminal or CI runner interprets it. Idempotent: the escapes contain no control characters.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A string from the user's file as one inert line: line breaks folded to a space, control
 * characters escaped. Renderers apply it to every file-derived string they print; escaping here as
 * well (not only at the output boundary) keeps table columns aligned on what is actually printed.
 * Linear time, whatever the input (no backtracking pattern).
 */
export function oneLine(text: string): string {
  return escapeControls(text.replace(LINE_BREAKS, ' '));
}

/**
 * A copy of a plain data value (a report) with `oneLine` applied to every string in it, for the
 * Markdown renderer of the core, which prints some file strings (failure reasons, assumptions) as
 * they are. Keys are kept; numbers, booleans and undefined pass through.
 */
export function oneLineStrings<T>(value: T): T {
  if (typeof value === 'string') return oneLine(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => oneLineStrings(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, oneLineStrings(item)])) as T;
  }
  return value;
}

/** DEL and the C1 controls, which `JSON.stringify` leaves raw inside strings. */
const RAW_IN_JSON = /[\u007f-\u009f]/g;

/**
 * The output boundary: text in `format` as it may be written to stdout or a file. Text and
 * Markdown get their control characters escaped as visible text. JSON and SARIF keep their
 * meaning exactly: the controls `JSON.stringify` leaves raw (DEL, C1 such as CSI U+009B, which
 * can only occur inside strings) become JSON `\u` escapes, which parse back to the same string.
 */
export function forOutput(text: string, format: string): string {
  if (HUMAN_FORMATS.includes(format)) return escapeControls(text);
  return text.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
