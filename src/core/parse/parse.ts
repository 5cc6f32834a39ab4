/**
 * Text → parsed documents with positions. Every YAML document of a file is parsed with the `yaml`
 * package (which keeps character ranges on every node) and classified: a deployment document
 * (marker present), an llm-sizing document of another version, or foreign YAML that is left alone.
 */
import { Composer, isMap, isScalar, Parser, type Document } from 'yaml';
import { API_VERSION, KIND } from '../schema/deployment';
import { LineIndex, type TextRange } from '../findings';

/** How a document was recognised. */
export type DocumentKind =
  /** `apiVersion: llm-sizing/v1` and `kind: Deployment`. */
  | 'deployment'
  /** `apiVersion: llm-sizing/<other>`: ours, but a version we do not know. */
  | 'other-version'
  /** No marker. Validated only when the whole file is a deployment file (glob match). */
  | 'unmarked'
  /** Nothing but comments or whitespace. */
  | 'empty';

export interface ParsedDocument {
  /** 0-based position of the document in the file. */
  index: number;
  yaml: Document.Parsed;
  range: TextRange;
  kind: DocumentKind;
}

export interface ParsedFile {
  text: string;
  lineIndex: LineIndex;
  documents: ParsedDocument[];
}

export interface ParseOptions {
  /**
   * Spans of the text (whole YAML documents, from `documentSpans`) the parser must not read: they
   * are parsed as an empty document in their place (offsets and document indices unchanged).
   */
  skip?: readonly TextRange[];
  /**
   * Called with each document as soon as it is composed; returning false stops the parse there:
   * the text after that document is not even tokenised (so the work limits bound the parse too).
   */
  more?: (document: ParsedDocument) => boolean;
}

/** Reads a top-level scalar's string value, or undefined. */
export function topLevelString(doc: Document.Parsed, key: string): string | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  for (const pair of root.items) {
    if (isScalar(pair.key) && pair.key.value === key) {
      return isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : undefined;
    }
  }
  return undefined;
}

function classify(doc: Document.Parsed): DocumentKind {
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null && doc.errors.length === 0)) return 'empty';
  const apiVersion = topLevelString(doc, 'apiVersion');
  if (apiVersion === API_VERSION && topLevelString(doc, 'kind') === KIND) return 'deployment';
  if (apiVersion !== undefined && apiVersion.startsWith('llm-sizing/') && apiVersion !== API_VERSION)
    return 'other-version';
  return 'unmarked';
}

/**
 * Parses the YAML documents in `text`, one at a time (the yaml package's streaming parser and
 * composer, as `parseAllDocuments` does), until `options.more` says stop. Never throws on any
 * input: syntax problems stay on the documents as `errors` / `warnings` for the validator.
 * Written as steps: yields after each document, so a caller on a UI thread can spread a long file
 * over several turns of its event loop (`runToEnd` in `../steps` runs it in one go).
 */
export function* parseFileSteps(text: string, options: ParseOptions = {}): Generator<void, ParsedFile, void> {
  // logLevel 'error': the yaml package's own warnings go to `doc.warnings` (LLMS008), never to the
  // console (a Node process warning on stderr for a collection key, before LLMS009 refuses it).
  // uniqueKeys off: the package's check is quadratic in the keys of a mapping; the validator finds
  // duplicates in linear time instead (validate/duplicateKeys.ts).
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, strict: true, logLevel: 'error' });
  const documents: ParsedDocument[] = [];
  // A lone CR ends a line for YAML and VS Code but not for the yaml package's lexer: give it LF
  // instead (one character for one, so every offset stays the same).
  const source = blank(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text, options.skip ?? []);
  // One document is one step: the yaml package's streaming lexer, fed a chunk at a time, parsed
  // broken flow collections differently depending on where a chunk ended (found by a property
  // test), so a document is never cut.
  for (const yaml of composer.compose(new Parser().parse(source))) {
    const document: ParsedDocument = {
      index: documents.length,
      yaml,
      range: { start: yaml.range[0], end: yaml.range[2] },
      kind: classify(yaml),
    };
    documents.push(document);
    if (options.more && !options.more(document)) break;
    yield;
  }
  return { text, lineIndex: new LineIndex(text), documents };
}

/** Start of a line that opens a YAML document (`---` then a space, a tab, a line end or the end). */
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

/**
 * The spans of the YAML documents of a text, by their `---` lines: a `---` at the start of a line
 * always starts a document in YAML (inside a block or quoted scalar too), so this linear scan
 * finds every boundary the parser would without parsing. A span runs to the next `---` line; a
 * `...` end marker followed by a document without `---` stays in the span before it. With
 * `minChars`, only the spans longer than that (a file of 100,000 small documents makes no list).
 */
export function documentSpans(text: string, minChars = 0): TextRange[] {
  const spans: TextRange[] = [];
  let start = 0;
  const close = (end: number) => {
    if (minChars === 0 || end - start > minChars) spans.push({ start, end });
    start = end;
  };
  for (const m of text.matchAll(DOCUMENT_START)) if (m.index > 0) close(m.index);
  close(text.length);
  return spans;
}

/**
 * `source` with every skipped span turned into an empty document of the same length (offsets of
 * everything after it unchanged): its `---` (or a `~` null for a first document without one, so
 * the document still exists), then a comment to the span's end.
 */
function blank(source: string, skip: readonly TextRange[]): string {
  if (skip.length === 0) return source;
  let out = '';
  let at = 0;
  for (const span of skip) {
    out += source.slice(at, span.start);
    const body = source.slice(span.start, span.end);
    // One comment line of the same length: the lexer skips it at the speed of a line search (a
    // span of spaces still cost it ~0.2 s per MB).
    const head = body.startsWith('---') ? '--- #' : '~ #'; // the first document has no marker: a null keeps it a document
    const end = body.endsWith('\n') ? '\n' : '';
    out +=
      body.length >= head.length + end.length ? head + '-'.repeat(body.length - head.length - end.length) + end : body;
    at = span.end;
  }
  return out + source.slice(at);
}
