// ESLint flat config: typescript-eslint with type information for the rules that find real
// defects (promises nobody awaits, non-exhaustive switches), and the layers of
// docs/architecture.md as import rules. The same layers are also enforced by the per-layer
// tsconfigs (tsconfig.core/webview/extension/cli.json); test/unit/architecture/layers.test.ts
// proves that a core file importing `vscode` or `node:fs` fails both.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, bare (`fs`, `fs/promises`) and prefixed (`node:*`). */
const nodeBuiltins = {
  paths: builtinModules
    .filter((m) => !m.startsWith('_'))
    .map((name) => ({ name, message: 'Node built-ins are not available in this layer.' })),
  pattern: { regex: '^node:', message: 'Node built-ins are not available in this layer.' },
};
const noVscode = { name: 'vscode', message: 'Only src/extension imports vscode (docs/architecture.md).' };

/**
 * A relative import that climbs out of the current folder into a top-level layer folder, e.g.
 * `../../extension/x` from src/core or `../webview/x` from src/cli.
 */
const intoLayer = (dirs, message) => ({ regex: `^(\\.\\./)+(${dirs.join('|')})(/|$)`, message });

/** The pure core's forbidden imports: no editor, no Node, nothing from the layers built on it. */
const coreRule = {
  paths: [noVscode, ...nodeBuiltins.paths],
  patterns: [
    nodeBuiltins.pattern,
    intoLayer(
      ['extension', 'cli', 'protocol', 'view', 'webview'],
      'src/core is pure: it imports no extension, CLI, protocol, view or webview code.',
    ),
  ],
};

/** One layer's import rule: forbidden module names and specifier patterns. */
const restrict = (paths, patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }],
});

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'out/**',
      'artifacts/**',
      '.vscode-test/**',
      'node_modules/**',
      'test/fixtures/**',
      'test/webview/fixtures/*.json',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Defects a type checker sees and tsc does not report.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, allowDefaultCaseForExhaustiveSwitch: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // tsc already reports undefined names, with the layer's own globals.
      'no-undef': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['test/webview/stub.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser } } },
  {
    // Functions passed to Playwright's page.evaluate run in the page.
    files: ['test/e2e/**/*.mjs', 'test/webview/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },

  // ---- layers (docs/architecture.md) --------------------------------------------------------
  {
    // The pure core: no editor, no Node, no clock; nothing from the layers built on it.
    files: ['src/core/**/*.ts'],
    rules: restrict(coreRule.paths, coreRule.patterns),
  },
  {
    // Data flows one way (text → parsed document → validated model → estimate): the steps before
    // the estimate do not import it. What both need (engine option values, llama.cpp backends)
    // lives in src/core/catalog. (A later block's rule replaces the core's, so it repeats it.)
    files: ['src/core/{catalog,schema,parse,validate}/**/*.ts'],
    rules: restrict(coreRule.paths, [
      ...coreRule.patterns,
      {
        regex: '^\\.\\./(estimate|placements|accuracy)(/|$)',
        message:
          'Catalog, schema, parse and validation come before the estimate (docs/architecture.md): put what both need in src/core/catalog.',
      },
    ]),
  },
  {
    // The typed message contract between host and webview: built on core only.
    files: ['src/protocol/**/*.ts'],
    rules: restrict(
      [noVscode, ...nodeBuiltins.paths],
      [nodeBuiltins.pattern, intoLayer(['extension', 'cli', 'view', 'webview'], 'src/protocol imports only src/core.')],
    ),
  },
  {
    // The comparison view as plain nodes, shared by the webview (DOM) and the CLI's HTML report:
    // pure like core, built on core and protocol only.
    files: ['src/view/**/*.ts'],
    rules: restrict(
      [noVscode, ...nodeBuiltins.paths],
      [
        nodeBuiltins.pattern,
        intoLayer(['extension', 'cli', 'webview'], 'src/view imports only src/core and src/protocol.'),
      ],
    ),
  },
  {
    // Runs in VS Code's Node host and in vscode.dev's web worker: no Node built-ins.
    files: ['src/extension/**/*.ts'],
    rules: restrict(nodeBuiltins.paths, [
      { ...nodeBuiltins.pattern, message: 'The extension also runs in vscode.dev (no Node): use the vscode API.' },
      intoLayer(['cli', 'view', 'webview'], 'The extension does not import CLI, view or webview code.'),
    ]),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(
      [noVscode],
      [intoLayer(['extension', 'webview'], 'The CLI does not import extension or webview code.')],
    ),
  },
  {
    // The webview talks to the host only through src/protocol and renders with the pure report helpers.
    files: ['webview/**/*.ts'],
    rules: restrict(
      [noVscode, ...nodeBuiltins.paths],
      [
        nodeBuiltins.pattern,
        {
          regex: '^\\.\\./(?!src/protocol/|src/core/report/|src/view/)',
          message:
            'The webview imports only src/protocol, the view (src/view) and the pure report helpers in src/core/report.',
        },
      ],
    ),
  },
  {
    files: ['scripts/**/*.ts'],
    rules: restrict([noVscode], [intoLayer(['extension'], 'Scripts use core and the CLI, not the extension.')]),
  },

  // Ambient declarations of globals use `declare var`, as lib.dom.d.ts does: only `var` makes them
  // properties of `globalThis`.
  { files: ['**/*.d.ts'], rules: { 'no-var': 'off' } },
  // JavaScript files are not in a TypeScript program, nor is the extension's ambient declaration
  // file (it is only in tsconfig.extension.json): no type-aware rules there.
  {
    files: ['**/*.{js,mjs,cjs}', 'src/extension/hostGlobals.d.ts', 'types/**'],
    ...tseslint.configs.disableTypeChecked,
  },
);
