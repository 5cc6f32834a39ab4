/**
 * tsconfig.core.json, tsconfig.webview.json and tsconfig.cli.json resolve `vscode` to this file
 * (compilerOptions.paths) instead of @types/vscode: only src/extension may use the VS Code API.
 * The file fails to compile on purpose, so an `import … from 'vscode'` in those layers fails
 * `npm run typecheck` (and any use of it fails at the use too: this module exports nothing).
 */
const _layerViolation: 'only src/extension imports vscode (docs/architecture.md)' = 'this layer imported vscode';
export {};
