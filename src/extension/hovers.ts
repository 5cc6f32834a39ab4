/**
 * Hovers: on a model, hardware, format or engine id, the catalog facts the estimator uses and
 * their sources; on a placement, its estimate (added by the estimate presenter).
 */
import * as vscode from 'vscode';
import { catalog, type Catalog } from '../core/catalog';
import { describeModelFile } from '../core/modelfiles/describe';
import { MODEL_SOURCE_KINDS, modelSourceKey, type ModelSourceKind } from '../core/modelfiles/sources';
import { describeEngine, describeFormat, describeHardware, describeModel } from '../core/catalog/describe';
import { catalogKindOfPath, pathAtOffset } from '../core/parse/position';
import type { DocumentValidator } from './validation';
import { toRange } from './convert';
import { manifestHover } from '../core/manifests/explain';

/** Extra hover content for a path (placement estimates), supplied by other presenters. */
export type HoverContributor = (
  document: vscode.TextDocument,
  documentIndex: number,
  path: ReadonlyArray<string | number>,
) => vscode.MarkdownString | undefined;

export class CatalogHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly validator: DocumentValidator,
    private readonly contributors: HoverContributor[] = [],
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.validator.current(document);
    if (!state) return undefined;
    const offset = document.offsetAt(position);
    const manifest = manifestHover(state.workloads, offset);
    if (manifest) return new vscode.Hover(markdownOf(manifest.markdown), toRange(document, manifest.range));
    const doc = state.result.documents.find((d) => d.analysed && offset >= d.range.start && offset <= d.range.end);
    if (!doc) return undefined;
    const at = pathAtOffset(doc.yaml, offset, document.getText());
    if (!at) return undefined;
    const fileHover = modelFileMarkdown(state.catalog, doc.yaml, at.path);
    if (fileHover) return new vscode.Hover(fileHover, at.range ? toRange(document, at.range) : undefined);
    if (!at.onKey && typeof at.value === 'string' && at.range) {
      const markdown = catalogMarkdown(catalogKindOfPath(at.path), at.value);
      if (markdown) return new vscode.Hover(markdown, toRange(document, at.range));
    }
    for (const contribute of this.contributors) {
      const markdown = contribute(document, doc.index, at.path);
      if (markdown) return new vscode.Hover(markdown, at.range ? toRange(document, at.range) : undefined);
    }
    return undefined;
  }
}

/** On `model.config` / `huggingface` / `gguf` / `safetensors` (key or value): the model read from it. */
function modelFileMarkdown(
  cat: Catalog,
  yaml: { getIn(path: Iterable<unknown>): unknown },
  path: ReadonlyArray<string | number>,
): vscode.MarkdownString | undefined {
  const kind = path[path.length - 1];
  if (
    typeof kind !== 'string' ||
    !(MODEL_SOURCE_KINDS as readonly string[]).includes(kind) ||
    path[path.length - 2] !== 'model'
  )
    return undefined;
  const plain = (v: unknown) =>
    v && typeof v === 'object' && 'toJSON' in v ? (v as { toJSON(): unknown }).toJSON() : v;
  const value = plain(yaml.getIn(path));
  const revision = plain(yaml.getIn([...path.slice(0, -1), 'revision']));
  if (typeof value !== 'string') return undefined;
  const result = cat.modelFiles?.get(
    modelSourceKey(
      kind as ModelSourceKind,
      value.trim(),
      kind === 'huggingface' && typeof revision === 'string' ? revision.trim() : undefined,
    ),
  );
  const markdown = new vscode.MarkdownString(result ? describeModelFile(result, cat) : 'Reading the model file…');
  markdown.supportHtml = false;
  markdown.isTrusted = false;
  return markdown;
}

function catalogMarkdown(kind: ReturnType<typeof catalogKindOfPath>, id: string): vscode.MarkdownString | undefined {
  let text: string | undefined;
  if (kind === 'model') text = ((m) => m && describeModel(m))(catalog.models.get(id));
  else if (kind === 'hardware') text = ((h) => h && describeHardware(h))(catalog.hardware.get(id));
  else if (kind === 'format') text = ((f) => f && describeFormat(f))(catalog.formats.get(id));
  else if (kind === 'engine') text = ((e) => e && describeEngine(e))(catalog.engines.get(id));
  if (!text) return undefined;
  return markdownOf(text);
}

/** Untrusted Markdown: no HTML, no command links (file text may appear in it). */
function markdownOf(text: string): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(text);
  markdown.supportHtml = false;
  markdown.isTrusted = false;
  return markdown;
}
