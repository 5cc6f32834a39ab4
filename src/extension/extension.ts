/**
 * The VS Code adapter: wires editor events to the pure core and presents its results.
 * The same entry is bundled for desktop (node) and for vscode.dev (browser); it uses no Node API.
 */
import * as vscode from 'vscode';
import { DocumentValidator } from './validation';
import { QuickFixProvider } from './quickFixes';
import { CatalogHoverProvider } from './hovers';
import { CatalogCompletionProvider } from './completion';

/** Documents the extension serves: YAML, and deployment files whatever their language mode. */
const selector: vscode.DocumentSelector = [{ language: 'yaml' }, { pattern: '**/*.deploy.{yaml,yml}' }];

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('LLM Sizing', { log: true });
  const validator = new DocumentValidator(log);
  context.subscriptions.push(log, validator);

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((document) => validator.validate(document)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) validator.schedule(event.document);
    }),
    vscode.workspace.onDidSaveTextDocument((document) => validator.validate(document)),
    vscode.workspace.onDidCloseTextDocument((document) => validator.forget(document)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('llmSizing')) for (const document of vscode.workspace.textDocuments) validator.validate(document);
    }),
    vscode.languages.registerCodeActionsProvider(selector, new QuickFixProvider(validator), QuickFixProvider.metadata),
    vscode.languages.registerHoverProvider(selector, new CatalogHoverProvider(validator)),
    vscode.languages.registerCompletionItemProvider(selector, new CatalogCompletionProvider(validator), ' '),
    vscode.commands.registerCommand('llmSizing.revalidate', () => {
      const document = vscode.window.activeTextEditor?.document;
      if (document) validator.validate(document);
    }),
  );

  for (const document of vscode.workspace.textDocuments) validator.validate(document);
  log.info(`LLM Deployment Sizing ${String(context.extension.packageJSON.version)} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
