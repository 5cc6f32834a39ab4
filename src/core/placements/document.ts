/**
 * A validated deployment document → its DeploymentReport and the placement findings, located on
 * the placements' YAML nodes (the file's placement index comes from `placementSourceIndex`).
 */
import { decide } from './decision';
import { isMap, isScalar, type Document, type Node, type Pair } from 'yaml';
import { catalog as builtIn, type Catalog } from '../catalog';
import { LineIndex, type Finding, type Fix, type TextEdit } from '../findings';
import { locate, nodeRange, rangeForPath, type Path } from '../parse/paths';
import type { DeploymentReport, FileReport } from '../report/types';
import { validateText, type ValidatedDocument, type ValidationResult, type WorkBudget } from '../validate';
import { CODES } from '../validate/codes';
import { toReportDiagnostic } from '../report/diagnostic';
import { showInvisible } from '../report/visible';
import {
  evaluatePlacement,
  evaluationContext,
  type EstimateDefaults,
  type IssueFix,
  type PlacementIssue,
} from './evaluatePlacement';
import { newSizingCache, type SizingCache } from './sizing';
import { workloadFindings, workloadsOfFile, type ManifestDefaults, type ServingWorkload } from '../manifests';

export interface EvaluateDocumentOptions {
  catalog?: Catalog;
  /** Latency-vs-load curves in the report (default true). */
  curve?: boolean;
  /** Share capacity computations between calls (e.g. re-evaluation on save). */
  cache?: SizingCache;
  /** The file's line index, when the caller has one. */
  lineIndex?: LineIndex;
  /** Host defaults (settings) used where the file says nothing; each is reported as an assumption. */
  defaults?: EstimateDefaults;
  /** Where a manifest cannot name the GPU type: `--hardware`, then the `llmSizing.defaultHardware` setting. */
  manifestDefaults?: ManifestDefaults;
}

export interface DocumentEvaluation {
  report: DeploymentReport;
  /** Placement findings (validation findings are in `validated.findings`). */
  findings: Finding[];
}

/** Text edit that inserts `key: value` beside the key at `after` (same mapping, same style). */
function insertBeside(
  doc: Document.Parsed,
  text: string,
  after: Path,
  key: string,
  value: string,
): TextEdit | undefined {
  const map = locate(doc, after.slice(0, -1))?.node;
  if (!isMap(map) || !map.range) return undefined;
  const last = after[after.length - 1];
  // Never a second `key:` in the same mapping (a fix that sets the existing one is offered instead).
  if (map.items.some((p) => isScalar(p.key) && String(p.key.value) === key)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === String(last)) as
    Pair<Node, Node> | undefined;
  const keyRange = pair?.key?.range;
  const valueEnd = pair?.value?.range?.[1] ?? keyRange?.[1];
  if (!keyRange || valueEnd === undefined) return undefined;
  if (map.flow) return { range: { start: valueEnd, end: valueEnd }, newText: `, ${key}: ${value}` };
  const lineStart = text.lastIndexOf('\n', keyRange[0] - 1) + 1;
  const indent = text.slice(lineStart, keyRange[0]);
  if (!/^[ -]*$/.test(indent)) return undefined;
  const lineEnd = text.indexOf('\n', valueEnd);
  const crlf = lineEnd > 0 && text[lineEnd - 1] === '\r';
  const at = lineEnd === -1 ? text.length : crlf ? lineEnd - 1 : lineEnd;
  return {
    range: { start: at, end: at },
    newText: `${crlf ? '\r\n' : '\n'}${indent.replace(/-/g, ' ')}${key}: ${value}`,
  };
}

function toFix(doc: Document.Parsed, text: string, fix: IssueFix): Fix | undefined {
  // Only values that are written in the file can be replaced (defaults have no text).
  if (fix.set.some((s) => !locate(doc, s.path)?.node)) return undefined;
  const edits: TextEdit[] = fix.set.map((s) => ({ range: rangeForPath(doc, s.path), newText: s.value }));
  if (fix.insert) {
    const edit = insertBeside(doc, text, fix.insert.after, fix.insert.key, fix.insert.value);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return { title: fix.title, edits, preferred: true };
}

function toFinding(doc: Document.Parsed, text: string, documentIndex: number, issue: PlacementIssue): Finding {
  const info = CODES[issue.code];
  const fixes = [issue.fix, ...(issue.moreFixes ?? [])]
    .flatMap((f) => (f ? [toFix(doc, text, f)] : []))
    .filter((f): f is Fix => f !== undefined);
  if (fixes[0]) fixes[0].preferred = true;
  return {
    code: info.code,
    severity: info.severity,
    message: issue.message,
    range: rangeForPath(doc, issue.path, issue.prefer ?? 'value'),
    documentIndex,
    ...(fixes.length ? { fixes } : {}),
    ...(issue.related && issue.related.length
      ? { related: issue.related.map((r) => ({ message: r.message, range: rangeForPath(doc, r.path) })) }
      : {}),
  };
}

/**
 * Evaluates every usable placement of a validated document (one with `deployment`; throws
 * otherwise — check `validated.deployment` first). Each placement is isolated: one that cannot be
 * estimated becomes a failing report and an LLMS108 finding, the others go on.
 */
export function evaluateDocument(
  validated: ValidatedDocument,
  text: string,
  options: EvaluateDocumentOptions = {},
): DocumentEvaluation {
  const deployment = validated.deployment;
  if (!deployment)
    throw new Error(
      `document ${validated.index + 1} has no usable deployment (errors in the fields the estimator needs)`,
    );
  const cat = options.catalog ?? builtIn;
  const ctx = evaluationContext(deployment, cat, {
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.curve !== undefined ? { curve: options.curve } : {}),
    ...(options.defaults ? { defaults: options.defaults } : {}),
  });
  const lines = options.lineIndex ?? new LineIndex(text);
  const doc = validated.yaml;
  const findings: Finding[] = [];
  const placements = deployment.placements.map((placement, i) => {
    const sourceIndex = validated.placementSourceIndex[i] ?? i;
    const path: Path = ['placements', sourceIndex];
    const evaluation = evaluatePlacement(ctx, placement, path);
    for (const issue of evaluation.issues) findings.push(toFinding(doc, text, validated.index, issue));
    const node = locate(doc, path)?.node;
    if (node?.range) {
      const r = nodeRange(node);
      const start = lines.positionAt(r.start);
      const end = lines.positionAt(r.end);
      evaluation.report.location = {
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
      };
    }
    return evaluation;
  });
  const w = deployment.workload;
  const m = deployment.model;
  const model = m.id ?? m.architecture?.name ?? m.config ?? m.huggingface ?? m.gguf ?? m.safetensors ?? 'custom model';
  // Placements report the canonical id; an alias in the deployment names the same model.
  const decision = decide(placements, (m.id !== undefined ? cat.models.get(m.id)?.id : undefined) ?? model);
  const report: DeploymentReport = {
    name: deployment.name,
    ...(deployment.description !== undefined ? { description: deployment.description } : {}),
    model,
    workload: {
      inputTokens: w.inputTokens,
      outputTokens: w.outputTokens,
      ...(w.peakRequestsPerSecond !== undefined
        ? { peakRequestsPerSecond: w.peakRequestsPerSecond }
        : ctx.load.kind === 'rate'
          ? { peakRequestsPerSecond: Math.round(ctx.load.peak * 1000) / 1000 }
          : {}),
      ...(w.averageRequestsPerSecond !== undefined
        ? { averageRequestsPerSecond: w.averageRequestsPerSecond }
        : ctx.load.kind === 'rate'
          ? { averageRequestsPerSecond: Math.round(ctx.load.average * 1000) / 1000 }
          : {}),
      ...(w.concurrency !== undefined ? { concurrency: w.concurrency } : {}),
      slo: {
        ...(w.slo?.ttftMs !== undefined ? { ttftMs: w.slo.ttftMs } : {}),
        ...(w.slo?.tpotMs !== undefined ? { tpotMs: w.slo.tpotMs } : {}),
        percentile: ctx.slo.percentile,
      },
    },
    placements: placements.map((p) => p.report),
    ...decision,
  };
  findings.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
  return { report, findings };
}

export interface FileEvaluation {
  validation: ValidationResult;
  /** One entry per evaluated deployment document. */
  documents: Array<{ index: number } & DocumentEvaluation>;
  /** Validation and placement findings, in text order. */
  findings: Finding[];
  /** Serving workloads of Kubernetes / KServe / Compose documents (their reports are in `documents`). */
  workloads: ServingWorkload[];
}

/** Validates a file and evaluates every usable deployment document in it. */
export function evaluateText(
  text: string,
  options: EvaluateDocumentOptions & {
    forceDeployment?: boolean;
    maxFileChars?: number;
    budget?: WorkBudget;
    /** The text is `.llm-sizing/catalog.yaml`: its problems are the findings (ValidateOptions). */
    workspaceCatalog?: boolean;
    /** The text is `.llm-sizing/calibration.yaml`: its problems are the findings (ValidateOptions). */
    workspaceCalibration?: boolean;
  } = {},
): FileEvaluation {
  const validation = validateText(text, {
    ...(options.budget ? { budget: options.budget } : {}),
    ...(options.forceDeployment ? { forceDeployment: true } : {}),
    ...(options.workspaceCatalog ? { workspaceCatalog: true } : {}),
    ...(options.workspaceCalibration ? { workspaceCalibration: true } : {}),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.maxFileChars !== undefined ? { maxFileChars: options.maxFileChars } : {}),
  });
  const documents: FileEvaluation['documents'] = [];
  // One capacity cache for the file: documents often share model, hardware and workload shape.
  const cache = options.cache ?? newSizingCache();
  for (const d of validation.documents) {
    if (!d.deployment) continue;
    documents.push({
      index: d.index,
      ...evaluateDocument(d, text, { ...options, cache, lineIndex: validation.file.lineIndex }),
    });
  }
  // Documents that are not ours may be serving manifests; the pre-check keeps other YAML cheap.
  const workloads = workloadsOfFile(validation, options.forceDeployment ?? false, {
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.manifestDefaults ? { defaults: options.manifestDefaults } : {}),
  });
  for (const w of workloads)
    documents.push({ index: w.documentIndex, report: w.report, findings: workloadFindings([w]) });
  for (const d of documents) for (const f of d.findings) f.message = showInvisible(f.message);
  const findings = [...validation.findings, ...documents.flatMap((d) => d.findings)].sort(
    (a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code),
  );
  return { validation, documents, findings, workloads };
}

/** The CLI's JSON shape for one file. `explain` lines are left out unless asked for (they are long). */
export function toFileReport(
  path: string,
  evaluation: FileEvaluation,
  options: { explain?: boolean } = {},
): FileReport {
  const lines = evaluation.validation.file.lineIndex;
  return {
    path,
    diagnostics: evaluation.findings.map((f) => toReportDiagnostic(f, lines)),
    deployments: evaluation.documents.map((d) =>
      options.explain
        ? d.report
        : { ...d.report, placements: d.report.placements.map(({ explain: _explain, ...p }) => p) },
    ),
  };
}
