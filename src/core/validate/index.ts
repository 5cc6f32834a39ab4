/**
 * Validation: text → parsed documents → findings, and for each deployment document the typed,
 * validated model (only when the fields the estimator needs are free of errors; a placement with
 * errors is left out, the others go on).
 */
import { expandPlacementSources } from './sources';
import { workspaceCalibrationFindings, workspaceCatalogFindings } from './workspaceCatalog';
import { MAX_CALIBRATION_BYTES } from '../calibrate/corrections';
import { MAX_WORKSPACE_CATALOG_BYTES } from '../catalog/workspace';
import { isAlias, isMap, isPair, isSeq, type Document, type Node } from 'yaml';
import { Deployment, MAX_PLACEMENTS, type Deployment as DeploymentModel } from '../schema/deployment';
import { catalog as builtIn, type Catalog } from '../catalog';
import {
  documentSpans,
  parseFileSteps,
  topLevelString,
  type DocumentKind,
  type ParsedDocument,
  type ParsedFile,
} from '../parse/parse';
import { excessiveNestingSteps, MAX_PARSE_NESTING } from '../parse/nesting';
import { runToEnd } from '../steps';
import { locate, nodeRange, rangeForPath } from '../parse/paths';
import { LineIndex, type Finding, type TextRange } from '../findings';
import { CODES, type CodeInfo } from './codes';
import { schemaFindings } from './schemaIssues';
import { catalogFindings } from './catalogRules';
import { crossFieldFindings } from './crossFieldRules';
import { disaggregationFindings } from './disaggregationRules';
import { modelFileFindings } from './modelFileRules';
import { targetsOf } from './targets';
import { isReportedTagWarning, nonPlainData } from './plainData';
import { duplicateKeyNodes } from './duplicateKeys';
import { showInvisible } from '../report/visible';
import { mayContainServingWorkload, workloadsOfFile } from '../manifests';
import { formatCount } from '../report/format';

/** Deepest nesting a deployment document may have; real ones need about 6. */
const MAX_DEPTH = 64;
/** Alias expansions allowed per document (yaml's own guard against alias bombs). */
const MAX_ALIAS_COUNT = 100;
/** Default size limit of a file, UTF-16 characters (5000 KB, the extension setting's default). Larger files are declined with LLMS006. */
export const DEFAULT_MAX_FILE_CHARS = 5000 * 1024;

/**
 * Largest YAML document read, UTF-16 characters (128 KB). A deployment document holds at most 100
 * placements of a few hundred characters each; the `yaml` package parses about 1 MB per second,
 * in one step the editor cannot slice (issue 13), so a bigger document is not parsed at all: one
 * LLMS006 when it is ours, silence when it is foreign YAML.
 */
export const MAX_DOCUMENT_CHARS = 128 * 1024;

/** Deployment documents analysed per file; the next gets one LLMS006 and the rest is not parsed. */
export const MAX_DOCUMENTS_PER_FILE = 100;
/** YAML documents of any kind parsed per file (foreign ones cost a parse too). */
const MAX_YAML_DOCUMENTS_PER_FILE = 1_000;
/**
 * Placements analysed per file, over all its documents (each placement is validated, estimated
 * and drawn as a 13-point latency curve per part, about 10 KB of JSON): 1,000 placements take
 * about 2.5 s and 10 MB of JSON.
 */
export const MAX_PLACEMENTS_PER_FILE = 1_000;

/**
 * Work left for a run over several files (the CLI's): consumed by every file validated with it.
 */
export interface WorkBudget {
  documents: number;
  placements: number;
  /** The limit in words: "at most 100 deployment documents and 1,000 placements per file". */
  limit: string;
}

/** A budget of `documents` deployment documents and `placements` placements; `scope` e.g. "per file". */
export function workBudget(documents: number, placements: number, scope: string): WorkBudget {
  const n = (x: number) => x.toLocaleString('en-US');
  return {
    documents,
    placements,
    limit: `at most ${n(documents)} deployment documents and ${n(placements)} placements ${scope}`,
  };
}

export interface ValidateOptions {
  /** Treat every document as a deployment document (the file matched the deployment globs). */
  forceDeployment?: boolean;
  catalog?: Catalog;
  /** Files longer than this are declined (default 5000 KB × 1024 = 5,120,000 characters, the extension's default). */
  maxFileChars?: number;
  /** A run's work budget shared with other files (consumed); the per-file limits apply anyway. */
  budget?: WorkBudget;
  /**
   * The editor's pre-check: text with neither the `llm-sizing/` marker nor a serving manifest's
   * words (`mayContainServingWorkload`) is not parsed at all — most YAML in a workspace — and gets
   * no finding, whatever its size (unless `forceDeployment`).
   */
  skipForeign?: boolean;
  /**
   * The text is a workspace catalog (`.llm-sizing/catalog.yaml`, see `isWorkspaceCatalogPath`):
   * its problems are the findings (LLMS057), instead of deployment validation.
   */
  workspaceCatalog?: boolean;
  /**
   * The text is a workspace calibration file (`.llm-sizing/calibration.yaml`, see
   * `isWorkspaceCalibrationPath`): its problems are the findings (LLMS062).
   */
  workspaceCalibration?: boolean;
}

export interface ValidatedDocument {
  index: number;
  kind: DocumentKind;
  range: TextRange;
  /** Whether this document is analysed (a deployment, or forced by the globs). */
  analysed: boolean;
  findings: Finding[];
  /** The validated deployment, when it is usable (placements with errors removed). */
  deployment?: DeploymentModel;
  /** For each placement of `deployment`, its index in the file's `placements` list. */
  placementSourceIndex: number[];
  /** Indices (in the file) of placements left out because of errors in them. */
  blockedPlacements: number[];
  /** The YAML document (for ranges of later findings). */
  yaml: Document.Parsed;
}

export interface ValidationResult {
  file: ParsedFile;
  documents: ValidatedDocument[];
  /** Every finding of every document, in text order. */
  findings: Finding[];
}

function make(info: CodeInfo, message: string, range: TextRange, documentIndex: number): Finding {
  return { code: info.code, severity: info.severity, message, range, documentIndex };
}

/** yaml error messages end with " at line L, column C:" plus a code excerpt; keep the sentence. */
function cleanYamlMessage(message: string): string {
  return message
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}

/**
 * Iterative depth check (recursion would overflow on 20,000-deep input). Only collections are
 * pushed, in two parallel stacks: scalars cannot be too deep themselves, and this runs on every
 * keystroke.
 */
function firstTooDeep(doc: Document.Parsed): Node | undefined {
  const nodes: unknown[] = [doc.contents];
  const depths: number[] = [1];
  const pushCollection = (child: unknown, depth: number): void => {
    if (isMap(child) || isSeq(child)) {
      nodes.push(child);
      depths.push(depth);
    }
  };
  while (nodes.length) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_DEPTH) return node;
    for (const item of node.items) {
      if (isPair(item)) {
        pushCollection(item.key, depth + 1);
        pushCollection(item.value, depth + 1);
      } else pushCollection(item, depth + 1);
    }
  }
  return undefined;
}

function firstAlias(doc: Document.Parsed): Node | undefined {
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isAlias(node)) return node;
    if (!isMap(node) && !isSeq(node)) continue;
    for (const item of node.items) {
      if (isPair(item)) stack.push(item.key, item.value);
      else stack.push(item);
    }
  }
  return undefined;
}

/** What V8 (and other engines) call running out of stack; the yaml parser reports it as an error. */
const STACK_EXHAUSTED = /maximum call stack|too much recursion/i;

function syntaxFindings(doc: Document.Parsed, index: number, text: string): Finding[] {
  const out: Finding[] = [];
  if (doc.errors.some((e) => STACK_EXHAUSTED.test(e.message))) {
    // Where the parser gave up depends on the caller's stack: report one finding at the document's
    // start instead, the same wherever it runs (CLI, extension host, tests).
    const start = doc.range[0];
    return [
      make(
        CODES.tooComplex,
        'The document nests too deeply for the YAML parser; deployment files need only a few levels. It is not analysed.',
        { start, end: Math.min(text.length, start + 1) },
        index,
      ),
    ];
  }
  for (const key of duplicateKeyNodes(doc)) {
    const [start, end] = key.range ?? [doc.range[0], doc.range[0] + 1];
    const written = text.slice(start, Math.min(end, start + 80));
    out.push(
      make(
        CODES.duplicateKey,
        `Duplicate key \`${written}\`: keys must be unique in a mapping, and tools disagree on which value wins.`,
        { start, end: Math.max(end, start + 1) },
        index,
      ),
    );
  }
  for (const error of doc.errors) {
    const [start, end] = error.pos;
    const info = error.code === 'BAD_ALIAS' ? CODES.aliasLimit : CODES.yamlSyntax;
    out.push(make(info, cleanYamlMessage(error.message), { start, end: Math.max(end, start + 1) }, index));
  }
  for (const warning of doc.warnings) {
    if (isReportedTagWarning(warning.code, warning.message)) continue; // LLMS009 says it, as an error
    const [start, end] = warning.pos;
    out.push(
      make(CODES.yamlWarning, cleanYamlMessage(warning.message), { start, end: Math.max(end, start + 1) }, index),
    );
  }
  return out;
}

function markerFindings(
  doc: Document.Parsed,
  data: Record<string, unknown>,
  kind: DocumentKind,
  index: number,
  text: string,
): Finding[] {
  if (kind === 'other-version') {
    return [
      make(
        CODES.unsupportedApiVersion,
        `\`apiVersion: ${String(data.apiVersion)}\` is not supported; this version of the tool reads \`llm-sizing/v1\`.`,
        rangeForPath(doc, ['apiVersion']),
        index,
      ),
    ];
  }
  if (kind === 'unmarked') {
    const root = doc.contents as Node;
    const start = root.range?.[0] ?? doc.range[0];
    const lineEnd = text.indexOf('\n', start);
    const finding = make(
      CODES.missingMarker,
      'This file matches the deployment-file globs but the document lacks `apiVersion: llm-sizing/v1` and `kind: Deployment`.',
      { start, end: lineEnd === -1 ? text.length : lineEnd },
      index,
    );
    const root2 = doc.contents;
    if (isMap(root2) && !root2.flow) {
      const missing = [
        !('apiVersion' in data) ? 'apiVersion: llm-sizing/v1\n' : '',
        !('kind' in data) ? 'kind: Deployment\n' : '',
      ].join('');
      if (missing)
        finding.fixes = [
          {
            title: 'Add the deployment marker',
            edits: [{ range: { start, end: start }, newText: missing }],
            preferred: true,
          },
        ];
    }
    return [finding];
  }
  return [];
}

function within(range: TextRange, outer: TextRange): boolean {
  return range.start >= outer.start && range.end <= outer.end;
}

/** Splits errors into per-placement blocks or a whole-document block, then builds the model. */
function usableModel(
  doc: Document.Parsed,
  data: unknown,
  findings: Finding[],
  parsedWhole: DeploymentModel | undefined,
): Pick<ValidatedDocument, 'deployment' | 'placementSourceIndex' | 'blockedPlacements'> {
  const errors = findings.filter((f) => f.severity === 'error');
  // Nothing to prune: the schema's own parse of the whole document is the model (no second parse).
  if (errors.length === 0 && parsedWhole) {
    return {
      deployment: parsedWhole,
      placementSourceIndex: parsedWhole.placements.map((_, i) => i),
      blockedPlacements: [],
    };
  }
  const placements = (data as { placements?: unknown }).placements;
  const placementRanges = Array.isArray(placements)
    ? placements.map((_, i) => {
        const node = locate(doc, ['placements', i])?.node;
        return node ? nodeRange(node) : undefined;
      })
    : [];
  const blocked = new Set<number>();
  for (const error of errors) {
    const i = placementRanges.findIndex((r) => r && within(error.range, r));
    if (i === -1) return { placementSourceIndex: [], blockedPlacements: placementRanges.map((_, j) => j) };
    blocked.add(i);
  }
  const kept = placementRanges.map((_, i) => i).filter((i) => !blocked.has(i));
  if (kept.length === 0) return { placementSourceIndex: [], blockedPlacements: [...blocked] };
  const pruned = { ...(data as object), placements: kept.map((i) => (placements as unknown[])[i]) };
  const parsed = Deployment.safeParse(pruned);
  if (!parsed.success) return { placementSourceIndex: [], blockedPlacements: placementRanges.map((_, j) => j) };
  return { deployment: parsed.data, placementSourceIndex: kept, blockedPlacements: [...blocked].sort((a, b) => a - b) };
}

function validateDocument(
  doc: Document.Parsed,
  index: number,
  kind: DocumentKind,
  text: string,
  catalog: Catalog,
): Pick<ValidatedDocument, 'findings' | 'deployment' | 'placementSourceIndex' | 'blockedPlacements'> {
  const none = { placementSourceIndex: [], blockedPlacements: [] };
  const findings = syntaxFindings(doc, index, text);
  if (findings.some((f) => f.code === CODES.yamlSyntax.code || f.code === CODES.tooComplex.code))
    return { findings, ...none };

  const tooDeep = firstTooDeep(doc);
  if (tooDeep) {
    const start = tooDeep.range?.[0] ?? doc.range[0];
    findings.push(
      make(
        CODES.tooComplex,
        `The document nests deeper than ${MAX_DEPTH} levels; deployment files need only a few. It is not analysed further.`,
        { start, end: start + 1 },
        index,
      ),
    );
    return { findings, ...none };
  }

  // Before toJS: a tag would turn a block into a Map or Set the schema cannot see, and a complex
  // key would be stringified (with a Node warning on stderr).
  const notPlain = nonPlainData(doc, text);
  if (notPlain.length) {
    findings.push(...notPlain.map((p) => make(CODES.notPlainData, p.message, p.range, index)));
    return { findings, ...none };
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const alias = firstAlias(doc);
    const range = alias?.range ? nodeRange(alias) : { start: doc.range[0], end: doc.range[0] + 1 };
    findings.push(
      make(
        CODES.aliasLimit,
        `Aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} alias uses); the document is not analysed. ${error instanceof Error ? error.message : ''}`.trim(),
        range,
        index,
      ),
    );
    return { findings, ...none };
  }

  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    const root = doc.contents as Node | null;
    const range = root?.range ? nodeRange(root) : { start: doc.range[0], end: doc.range[0] + 1 };
    findings.push(
      make(
        CODES.notAMapping,
        `A deployment document must be a mapping of keys to values, not ${Array.isArray(data) ? 'a list' : 'a single value'}.`,
        range,
        index,
      ),
    );
    return { findings, ...none };
  }

  const record = data as Record<string, unknown>;
  const marker = markerFindings(doc, record, kind, index, text);
  findings.push(...marker);
  if (kind === 'other-version') return { findings, ...none };

  const placements = record.placements;
  if (Array.isArray(placements) && placements.length > MAX_PLACEMENTS) {
    // Checked before the schema and the rules: their cost grows with every placement.
    findings.push(
      make(
        CODES.outOfRange,
        `placements must have at most ${MAX_PLACEMENTS} items, has ${formatCount(placements.length)}; the document is not analysed further.`,
        rangeForPath(doc, ['placements'], 'key'),
        index,
      ),
    );
    return { findings, ...none };
  }
  // Placements read from a manifest (`source:`) get its fields before the schema sees them.
  const expanded = expandPlacementSources(record, catalog, (manifest) => manifestWorkloads(manifest, catalog));
  data = expanded.data;
  for (const f of expanded.findings)
    findings.push(
      make(
        f.kind === 'note' ? CODES.placementFromSource : CODES.placementSourceProblem,
        f.message,
        rangeForPath(doc, f.path),
        index,
      ),
    );
  const schema = schemaFindings(doc, text, data, index);
  const markerMissing = kind === 'unmarked';
  schema.findings.forEach((finding, i) => {
    const top = schema.paths[i]?.[0];
    if (markerMissing && schema.paths[i]?.length === 1 && (top === 'apiVersion' || top === 'kind') && !(top in record))
      return;
    findings.push(finding);
  });
  const targets = targetsOf(data); // shared by both rule sets
  findings.push(...catalogFindings(doc, data, index, catalog, targets));
  findings.push(...crossFieldFindings(doc, data, index, targets));
  findings.push(...disaggregationFindings(doc, index, targets, catalog));
  findings.push(...modelFileFindings(doc, data, index, catalog));
  findings.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
  return { findings, ...usableModel(doc, data, findings, schema.data) };
}

/** The serving workloads of a manifest a placement names (its own `source:` keys are not followed). */
function manifestWorkloads(text: string, catalog: Catalog) {
  const plain: Catalog = { ...catalog, manifestFiles: new Map() };
  return workloadsOfFile(validateText(text, { catalog: plain }), false, { catalog: plain });
}

/**
 * Validates every document of a file. Pure and total: any text yields a result, never an
 * exception; time is linear in the text for bounded nesting.
 */
export function validateText(text: string, options: ValidateOptions = {}): ValidationResult {
  return runToEnd(validateTextSteps(text, options));
}

/**
 * A `.llm-sizing/` file checked instead of a deployment (the workspace catalog, LLMS057; the
 * calibration file, LLMS062): declined above its size limit, else its own problems as findings.
 */
function workspaceFileResult(
  text: string,
  what: string,
  maxBytes: number,
  problems: () => Finding[],
): ValidationResult {
  if (text.length > maxBytes)
    return declined(
      text,
      `A ${what} may have at most ${formatCount(maxBytes / 1024)} KB; this one has ${formatCount(text.length / 1024)} KB and is not read.`,
      0,
    );
  const findings = problems();
  for (const f of findings) f.message = showInvisible(f.message);
  return { file: { text, lineIndex: new LineIndex(text), documents: [] }, documents: [], findings };
}

/**
 * `validateText` as steps: yields after each document is parsed and after each is validated, so
 * the editor can spread a long file over several turns of the extension host's event loop instead
 * of blocking it (issue 13). The result is the same as `validateText`'s.
 */
export function* validateTextSteps(
  text: string,
  options: ValidateOptions = {},
): Generator<void, ValidationResult, void> {
  const catalog = options.catalog ?? builtIn;
  if (options.workspaceCatalog)
    return workspaceFileResult(text, 'workspace catalog', MAX_WORKSPACE_CATALOG_BYTES, () =>
      workspaceCatalogFindings(text, builtIn),
    );
  if (options.workspaceCalibration)
    return workspaceFileResult(text, 'workspace calibration file', MAX_CALIBRATION_BYTES, () =>
      workspaceCalibrationFindings(text),
    );
  if (
    options.skipForeign &&
    !options.forceDeployment &&
    !text.includes('llm-sizing/') &&
    !mayContainServingWorkload(text)
  )
    return { file: { text, lineIndex: new LineIndex(text), documents: [] }, documents: [], findings: [] };
  const maxChars = options.maxFileChars ?? DEFAULT_MAX_FILE_CHARS;
  if (text.length > maxChars) {
    return declined(
      text,
      `The file has ${formatCount(text.length)} characters, more than the limit of ${formatCount(maxChars)} (VS Code setting \`llmSizing.maxFileSizeKB\`, CLI option \`--max-file-size\`); it is not analysed.`,
      0,
    );
  }
  if (looksLikeUtf16(text)) {
    return declined(
      text,
      'This file is encoded as UTF-16 (a UTF-16 byte order mark, or NUL between the characters), not UTF-8; it is not analysed. Save it as UTF-8.',
      0,
      CODES.fileEncoding,
    );
  }
  const deep = yield* excessiveNestingSteps(text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text); // CR-only lines too
  if (deep !== undefined)
    return declined(
      text,
      `The file nests deeper than ${MAX_PARSE_NESTING} levels here; deployment files need only a few. It is not analysed.`,
      deep,
    );
  const isAnalysed = (kind: DocumentKind) =>
    kind === 'deployment' || kind === 'other-version' || (kind === 'unmarked' && !!options.forceDeployment);
  // The work limits are spent while parsing: the document that exceeds one gets an LLMS006 and
  // the text after it is not parsed at all (100,000 tiny documents took 14 s just to parse).
  const fileBudget = workBudget(MAX_DOCUMENTS_PER_FILE, MAX_PLACEMENTS_PER_FILE, 'per file');
  let overBudget: { index: number; reason: string } | undefined;
  const more = (d: ParsedDocument): boolean => {
    if (d.index >= MAX_YAML_DOCUMENTS_PER_FILE) {
      overBudget = {
        index: d.index,
        reason: `at most ${MAX_YAML_DOCUMENTS_PER_FILE.toLocaleString('en-US')} YAML documents per file`,
      };
      return false;
    }
    if (!isAnalysed(d.kind)) return true;
    const reason = spend(fileBudget, d.yaml) ?? (options.budget ? spend(options.budget, d.yaml) : undefined);
    if (reason) overBudget = { index: d.index, reason };
    return !reason;
  };
  const oversized = documentSpans(text, MAX_DOCUMENT_CHARS);
  let file: ParsedFile;
  try {
    file = yield* parseFileSteps(text, { more, skip: oversized });
  } catch (error) {
    // The pre-scan bounds nesting without parsing; should the parser still run out of stack or
    // resources on something it missed, the file is declined the same way — never an exception.
    const why = STACK_EXHAUSTED.test(reasonOf(error))
      ? 'it nests too deeply for the YAML parser'
      : `the YAML parser failed: ${reasonOf(error)}`;
    return declined(
      text,
      `This file cannot be read: ${why}. Deployment files need only a few levels of nesting. It is not analysed.`,
      0,
    );
  }
  const documents: ValidatedDocument[] = [];
  for (const d of file.documents) {
    documents.push(validatedDocument(d));
    if (documents[documents.length - 1]!.analysed) yield;
  }
  duplicateNames(documents);
  const findings = documents.flatMap((d) => d.findings);
  // Messages quote names and ids from the file: bidi overrides and invisible characters in them
  // are shown as `\u202E` text in every presenter (issue 13, item 8).
  for (const f of findings) f.message = showInvisible(f.message);
  return { file, documents, findings };

  function validatedDocument(d: ParsedDocument): ValidatedDocument {
    const analysed = isAnalysed(d.kind);
    const base = { index: d.index, kind: d.kind, range: d.range, analysed, yaml: d.yaml };
    const skipped = oversized.find((span) => d.range.start >= span.start && d.range.start < span.end);
    if (skipped) {
      const ours = options.forceDeployment || text.slice(skipped.start, skipped.end).includes('llm-sizing/');
      const size = formatCount((skipped.end - skipped.start) / 1024);
      const message = `This YAML document is ${size} KB, more than the ${formatCount(MAX_DOCUMENT_CHARS / 1024)} KB one document may have (a deployment document holds at most 100 placements of a few hundred characters each); it is not read. Split it into several documents or files.`;
      const at = { start: d.range.start, end: Math.min(text.length, d.range.start + 1) };
      return {
        ...base,
        findings: ours ? [make(CODES.tooComplex, message, at, d.index)] : [],
        placementSourceIndex: [],
        blockedPlacements: [],
      };
    }
    if (overBudget?.index === d.index) {
      // One finding, then nothing: output stays bounded too (100,000 tiny documents gave 100 MB of
      // JSON, or no SARIF at all).
      const message = `Work limit reached (${overBudget.reason}): this document and the rest of the file are not analysed; split the file${options.budget ? ' or the run' : ''}.`;
      return {
        ...base,
        findings: [
          make(
            CODES.tooComplex,
            message,
            { start: d.range.start, end: Math.min(text.length, d.range.start + 1) },
            d.index,
          ),
        ],
        placementSourceIndex: [],
        blockedPlacements: [],
      };
    }
    if (!analysed) return { ...base, findings: [], placementSourceIndex: [], blockedPlacements: [] };
    try {
      return { ...base, ...validateDocument(d.yaml, d.index, d.kind, text, catalog) };
    } catch (error) {
      // One document that defeats the analysis must not take the file's other documents with it.
      const finding = make(
        CODES.tooComplex,
        `This document could not be analysed (${reasonOf(error)}); it is not analysed further.`,
        { start: d.range.start, end: Math.min(text.length, d.range.start + 1) },
        d.index,
      );
      return { ...base, findings: [finding], placementSourceIndex: [], blockedPlacements: [] };
    }
  }
}

/** A warning on every deployment document whose `name` an earlier document of the file already has. */
function duplicateNames(documents: ValidatedDocument[]): void {
  const first = new Map<string, ValidatedDocument>();
  for (const d of documents) {
    if (!d.analysed || (d.kind !== 'deployment' && d.kind !== 'unmarked')) continue;
    if (d.findings.some((f) => f.code === CODES.tooComplex.code)) continue; // not analysed (limits)
    const name = topLevelString(d.yaml, 'name');
    if (name === undefined) continue;
    const earlier = first.get(name);
    if (!earlier) {
      first.set(name, d);
      continue;
    }
    const range = rangeForPath(d.yaml, ['name']);
    d.findings.push({
      ...make(
        CODES.duplicateDeploymentName,
        `Deployment name \`${name}\` is already used by document ${earlier.index + 1} of this file; reports and the comparison panel cannot tell them apart. Give each deployment its own name.`,
        range,
        d.index,
      ),
      related: [{ message: 'first used here', range: rangeForPath(earlier.yaml, ['name']) }],
    });
    d.findings.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
  }
}

/** Top-level `placements` items of a document (what its analysis costs), without converting it. */
function placementCount(doc: Document.Parsed): number {
  const root = doc.contents;
  if (!isMap(root)) return 0;
  const pair = root.items.find((p) => (p.key as { value?: unknown } | null)?.value === 'placements');
  const count = isSeq(pair?.value) ? pair.value.items.length : 0;
  // A document over MAX_PLACEMENTS is declined before its placements are looked at: it costs nothing.
  return count > MAX_PLACEMENTS ? 0 : count;
}

/** Takes one document out of `budget`; the reason when the budget cannot pay for it. */
function spend(budget: WorkBudget, doc: Document.Parsed): string | undefined {
  const placements = placementCount(doc);
  if (budget.documents < 1 || placements > budget.placements) return budget.limit;
  budget.documents -= 1;
  budget.placements -= placements;
  return undefined;
}

/**
 * UTF-16 read as UTF-8 (the CLI reads bytes as UTF-8): its byte order mark becomes two U+FFFD
 * and ASCII text alternates with NUL. (VS Code decodes such files itself, so the editor never
 * sees this.) Without the check the result was "not a single value" with no word on encoding.
 */
function looksLikeUtf16(text: string): boolean {
  return /^(?:\uFFFD\uFFFD|\uFFFE)|^(?:[^\0]\0){4}|^(?:\0[^\0]){4}/.test(text);
}

/** A file that is not analysed at all: one finding (LLMS006 unless told) at `offset`. */
function declined(text: string, message: string, offset: number, info: CodeInfo = CODES.tooComplex): ValidationResult {
  const finding = make(info, message, { start: offset, end: Math.min(text.length, offset + 1) }, 0);
  return { file: { text, lineIndex: new LineIndex(text), documents: [] }, documents: [], findings: [finding] };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
