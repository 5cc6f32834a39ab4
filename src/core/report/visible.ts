/**
 * Characters that change how text reads without being seen: bidirectional overrides and isolates
 * (a name shown as "invoiceexe.jpg" is really `invoice‮gpj.exe`), zero-width characters, the
 * soft hyphen, and other invisible formatting marks. Every output shows them as `\u202E`-style
 * text; the ids the catalog knows are ASCII, so a non-ASCII look-alike in an id gets a note.
 */

/** Bidi controls (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), zero-width and invisible marks. */
// The class lists code points one by one on purpose: U+034F and the variation selectors are
// combining marks, and each must be found on its own, not as part of a grapheme.
/* eslint-disable no-misleading-character-class -- matching these code points alone is the point */
export const INVISIBLE = new RegExp(
  '[\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0]',
  'g',
);
/* eslint-enable no-misleading-character-class */

/** `text` with every invisible or bidi character written as visible `\uXXXX` text. Linear time. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/**
 * A note for an id with non-ASCII characters (catalog ids are ASCII): names the first one, e.g.
 * "`llаma-3.1-8b` contains the non-ASCII character U+0430 at position 3, a look-alike of an ASCII
 * character". Undefined for an ASCII id.
 */
export function nonAsciiNote(id: string): string | undefined {
  const index = id.search(/[^\x20-\x7e]/);
  if (index === -1) return undefined;
  const code = id.codePointAt(index)!.toString(16).toUpperCase().padStart(4, '0');
  return `\`${showInvisible(id)}\` contains the non-ASCII character U+${code} at position ${index + 1}: catalog ids are plain ASCII, so this is a look-alike (or invisible) character.`;
}
