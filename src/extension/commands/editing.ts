/**
 * Commands that edit the user's file — only on explicit request, as undoable edits — or open new
 * untitled documents.
 */
import * as vscode from 'vscode';
import { deploymentIndexOf } from '../../protocol/refs';
import { isScalar } from 'yaml';
import { NEW_DEPLOYMENT_TEMPLATE } from '../../core/templates';
import { locate } from '../../core/parse/paths';
import type { CommandContext } from './context';
import { activeEstimate } from './active';

/** The largest GPU count `llmSizing.setGpus` writes. */
export const MAX_SET_GPUS = 100_000;

/** Where `gpus` can be written in a placement (as the CodeLens offers it). */
const GPUS_PATHS: ReadonlyArray<ReadonlyArray<string>> = [['gpus'], ['onPrem', 'gpus'], ['cloud', 'gpus']];

/** A checked `setGpus` call: the open document and the exact range of a `gpus` value. */
interface SetGpusTarget {
  document: vscode.TextDocument;
  range: vscode.Range;
  count: number;
}

const isLine = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** A vscode.Range, or a plain `{start: {line, character}, end: …}` as a command argument may arrive. */
function toRangeArg(value: unknown): vscode.Range | undefined {
  if (value instanceof vscode.Range) return value;
  const r = value as {
    start?: { line?: unknown; character?: unknown };
    end?: { line?: unknown; character?: unknown };
  } | null;
  if (!r || typeof r !== 'object' || !r.start || !r.end) return undefined;
  const { start, end } = r;
  if (!isLine(start.line) || !isLine(start.character) || !isLine(end.line) || !isLine(end.character)) return undefined;
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

/**
 * Checks the arguments of `llmSizing.setGpus` (any extension can call a command): the count is an
 * integer 1..100,000; the URI names an open document the validator analyses as a deployment file;
 * the range is exactly the value of a placement's `gpus` (or `onPrem`/`cloud` `gpus`) and that
 * value is currently `auto` or an integer. Returns the target, or why the call is refused.
 */
export function checkSetGpus(
  ctx: Pick<CommandContext, 'validator'>,
  uriArg: unknown,
  rangeArg: unknown,
  count: unknown,
): SetGpusTarget | string {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_SET_GPUS) {
    return `the GPU count must be an integer from 1 to ${MAX_SET_GPUS}, got ${describeArg(count)}`;
  }
  const uri = uriArg instanceof vscode.Uri ? uriArg : undefined;
  if (!uri) return `the first argument must be a document URI, got ${describeArg(uriArg)}`;
  const key = uri.toString();
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  if (!document) return `${key} is not an open document`;
  const range = toRangeArg(rangeArg);
  if (!range) return `the second argument must be a range, got ${describeArg(rangeArg)}`;
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  // offsetAt clamps: a range outside the document must not be clamped onto something real.
  const samePosition = (p: vscode.Position, offset: number) => {
    const q = document.positionAt(offset);
    return q.line === p.line && q.character === p.character;
  };
  if (!samePosition(range.start, start) || !samePosition(range.end, end) || end <= start)
    return `the range is empty or outside ${key}`;
  const state = ctx.validator.current(document);
  const analysed = state?.result.documents.filter((d) => d.analysed) ?? [];
  if (analysed.length === 0) return `${key} is not a deployment file`;
  if (!/^(["']?)(?:auto|\d+)\1$/.test(document.getText(range)))
    return `the range does not hold \`auto\` or a GPU count`;
  for (const doc of analysed) {
    const placements = locate(doc.yaml, ['placements'])?.node as { items?: unknown[] } | undefined;
    const n = Array.isArray(placements?.items) ? placements.items.length : 0;
    for (let i = 0; i < n; i++) {
      for (const path of GPUS_PATHS) {
        const node = locate(doc.yaml, ['placements', i, ...path])?.node;
        if (!node || !isScalar(node) || !node.range || node.range[0] !== start || node.range[1] !== end) continue;
        if (node.value === 'auto' || (typeof node.value === 'number' && Number.isInteger(node.value)))
          return { document, range, count };
      }
    }
  }
  return "the range is not the value of a placement's `gpus`";
}

function describeArg(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return `a value of type ${typeof value}`;
}

/**
 * `llmSizing.setGpus(uri, range, count)`: replaces `auto` (or a GPU count) with `count`, as an
 * undoable edit. Called by the "auto → N GPUs · write it" CodeLens; any other call is checked
 * (`checkSetGpus`) and, when refused, logged and ignored.
 */
export async function setGpus(
  ctx: Pick<CommandContext, 'validator' | 'log'>,
  uri: unknown,
  range: unknown,
  count: unknown,
): Promise<boolean> {
  const target = checkSetGpus(ctx, uri, range, count);
  if (typeof target === 'string') {
    ctx.log.warn(`llmSizing.setGpus ignored: ${target}`);
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(target.document.uri, target.range, String(target.count));
  return vscode.workspace.applyEdit(edit);
}

/** Opens a new untitled deployment file from the template. */
export async function newDeploymentFile(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: NEW_DEPLOYMENT_TEMPLATE });
  return vscode.window.showTextDocument(document);
}

/**
 * Where a document is already open (a visible editor, else a tab), so revealing it does not open a
 * second editor over the comparison panel; the first column when it is open nowhere.
 */
function columnOf(uri: vscode.Uri): vscode.ViewColumn {
  const key = uri.toString();
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
  if (visible?.viewColumn) return visible.viewColumn;
  for (const group of vscode.window.tabGroups.all) {
    if (group.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key))
      return group.viewColumn;
  }
  return vscode.ViewColumn.One;
}

/** Reveals a placement's YAML node. */
export async function revealPlacement(
  ctx: CommandContext,
  uri: vscode.Uri,
  deploymentName: string,
  placementName: string,
  occurrence = 0,
): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(uri);
  const state = ctx.validator.current(document);
  if (!state) return false;
  // Deployment names may repeat in a file (LLMS043): `occurrence` picks the n-th of that name among
  // the estimated deployments — the list the panel, the Placements view and the CodeLens number
  // them in — so a same-named deployment that could not be estimated does not shift the count.
  const nth = Math.max(0, Math.floor(Number(occurrence) || 0));
  const estimated = ctx.estimates.get(document)?.documents;
  const at = deploymentIndexOf(
    (estimated ?? []).map((d) => d.report),
    { deployment: deploymentName, placement: placementName, occurrence: nth },
  );
  // Without an estimate listing it, fall back to the n-th YAML document of that name.
  const documentIndex = at >= 0 ? estimated![at]!.documentIndex : undefined;
  let skip = documentIndex === undefined ? nth : 0;
  for (const doc of state.result.documents) {
    if (documentIndex !== undefined && doc.index !== documentIndex) continue;
    const data = doc.yaml.toJS({ maxAliasCount: 100 }) as {
      name?: unknown;
      placements?: Array<{ name?: unknown }>;
    } | null;
    if (!data || data.name !== deploymentName || !Array.isArray(data.placements)) continue;
    if (skip-- > 0) continue;
    const index = data.placements.findIndex((p) => p && p.name === placementName);
    const node = index >= 0 ? locate(doc.yaml, ['placements', index, 'name'])?.node : undefined;
    if (!node?.range) continue;
    const range = new vscode.Range(document.positionAt(node.range[0]), document.positionAt(node.range[1]));
    const editor = await vscode.window.showTextDocument(document, {
      preserveFocus: false,
      selection: range,
      viewColumn: columnOf(document.uri),
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return true;
  }
  return false;
}

/** Re-validates and re-estimates the active file. */
export async function reestimate(ctx: CommandContext): Promise<void> {
  const active = await activeEstimate(ctx);
  if (!active) return;
  ctx.validator.validate(active.document);
  ctx.estimates.estimate(active.document);
}
