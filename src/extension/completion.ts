/**
 * Completion of catalog ids (models, hardware, formats, engines) with their key facts.
 *
 * The YAML extension (redhat.vscode-yaml) already offers the ids of the contributed JSON Schema
 * (`examples`) in files matching `*.deploy.yaml`; there we stay silent to avoid duplicates.
 */
import * as vscode from 'vscode';
import { catalog, kvFormatIds, weightFormatIds } from '../core/catalog';
import { engineSummary, formatSummary, hardwareSummary, modelSummary } from '../core/catalog/describe';
import { catalogKindOfPath, pathAtOffset } from '../core/parse/position';
import type { DocumentValidator } from './validation';

const YAML_EXTENSION_ID = 'redhat.vscode-yaml';

function yamlExtensionCovers(document: vscode.TextDocument): boolean {
  const yaml = vscode.extensions.getExtension(YAML_EXTENSION_ID);
  return !!yaml && vscode.languages.match({ pattern: '**/*.deploy.{yaml,yml}' }, document) > 0;
}

export class CatalogCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly validator: DocumentValidator) {}

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): vscode.CompletionItem[] | undefined {
    if (yamlExtensionCovers(document)) return undefined;
    const state = this.validator.current(document);
    if (!state) return undefined;
    const offset = document.offsetAt(position);
    const doc = state.result.documents.find((d) => d.analysed && offset >= d.range.start && offset <= d.range.end + 1);
    if (!doc) return undefined;
    const at = pathAtOffset(doc.yaml, offset, document.getText());
    if (!at || at.onKey) return undefined;
    const kind = catalogKindOfPath(at.path);
    const range =
      at.range && at.range.end > at.range.start
        ? new vscode.Range(document.positionAt(at.range.start), document.positionAt(at.range.end))
        : undefined;
    const item = (id: string, detail: string, kindIcon: vscode.CompletionItemKind) => {
      const c = new vscode.CompletionItem(id, kindIcon);
      c.detail = detail;
      if (range) c.range = range;
      return c;
    };
    const last = at.path[at.path.length - 1];
    switch (kind) {
      case 'model':
        return catalog.models.entries.map((m) => item(m.id, modelSummary(m), vscode.CompletionItemKind.Class));
      case 'hardware':
        return catalog.hardware.entries.map((h) => item(h.id, hardwareSummary(h), vscode.CompletionItemKind.Constant));
      case 'engine':
        return catalog.engines.entries.map((e) =>
          item(e.id, `${e.name} — ${engineSummary(e)}`, vscode.CompletionItemKind.Module),
        );
      case 'format': {
        const ids = last === 'kvCache' ? kvFormatIds() : weightFormatIds();
        return ids.map((id) => item(id, formatSummary(catalog.formats.get(id)!), vscode.CompletionItemKind.EnumMember));
      }
      default:
        return undefined;
    }
  }
}
