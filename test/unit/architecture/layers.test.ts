/**
 * The layers of docs/architecture.md are enforced twice: by ESLint import rules
 * (eslint.config.mjs) and by a tsconfig per layer (tsconfig.core/webview/extension/cli.json).
 * These tests put a probe file with forbidden imports into each layer — in memory, nothing is
 * written to the tree — and assert that both tools reject exactly the forbidden lines, while the
 * allowed imports of the same probe pass (so a rule that rejects everything fails here too).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');

/** A probe: its lines, and the 1-based numbers of the lines that must be rejected. */
function probe(lines: Array<[code: string, forbidden: boolean]>): { text: string; forbidden: number[] } {
  return {
    text: lines.map(([code]) => code).join('\n') + '\n',
    forbidden: lines.flatMap(([, bad], i) => (bad ? [i + 1] : [])),
  };
}

describe('architecture: layers are enforced by lint', function () {
  this.timeout(60_000);
  type Linter = {
    lintText(
      text: string,
      options: { filePath: string },
    ): Promise<Array<{ messages: Array<{ ruleId: string | null; line: number; message: string }> }>>;
  };
  let eslint: Linter;

  before(async () => {
    const { ESLint } = await import('eslint');
    const tseslint = (await import('typescript-eslint')).default;
    // Only the import rules matter here: no type information (that would build the whole program).
    eslint = new ESLint({ cwd: ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] }) as unknown as Linter;
  });

  /** Line numbers ESLint rejects as restricted imports, and every other problem (must be none). */
  async function restricted(file: string, text: string): Promise<{ lines: number[]; other: string[] }> {
    const [result] = await eslint.lintText(text, { filePath: join(ROOT, file) });
    const messages = result?.messages ?? [];
    const isImportRule = (id: string | null) => id === '@typescript-eslint/no-restricted-imports';
    return {
      lines: messages.filter((m) => isImportRule(m.ruleId)).map((m) => m.line),
      other: messages.filter((m) => !isImportRule(m.ruleId)).map((m) => `${m.line}: ${m.ruleId} ${m.message}`),
    };
  }

  const cases: Array<[file: string, lines: Array<[string, boolean]>]> = [
    [
      'src/core/layerProbe.ts',
      [
        ["import * as vscode from 'vscode';", true],
        ["import { readFileSync } from 'node:fs';", true],
        ["import * as path from 'path';", true],
        ["import { Worker } from 'worker_threads';", true],
        ["import { readSettings } from '../extension/settings';", true],
        ["import { runCli } from '../cli/main';", true],
        ["import { COMPARISON_VIEW_TYPE } from '../protocol/webview';", true],
        ["import { parseDocument } from 'yaml';", false],
        ["import { z } from './schema/zod';", false],
        [
          'export const used = [vscode, readFileSync, path, Worker, readSettings, runCli, COMPARISON_VIEW_TYPE, parseDocument, z];',
          false,
        ],
      ],
    ],
    [
      'src/core/estimate/layerProbe.ts',
      [
        ["import { readSettings } from '../../extension/settings';", true],
        ["import { catalog } from '../catalog';", false],
        ['export const used = [readSettings, catalog];', false],
      ],
    ],
    [
      'webview/layerProbe.ts',
      [
        ["import * as vscode from 'vscode';", true],
        ["import { readFileSync } from 'node:fs';", true],
        ["import { evaluateText } from '../src/core/placements';", true],
        ["import { readSettings } from '../src/extension/settings';", true],
        ["import { COMPARISON_VIEW_TYPE } from '../src/protocol/webview';", false],
        ["import { comparisonRows } from '../src/core/report/rows';", false],
        ["import { toDom } from './dom';", false],
        ["import { deploymentSection } from '../src/view/view';", false],
        [
          'export const used = [vscode, readFileSync, evaluateText, readSettings, COMPARISON_VIEW_TYPE, comparisonRows, toDom, deploymentSection];',
          false,
        ],
      ],
    ],
    [
      'src/view/layerProbe.ts',
      [
        ["import * as vscode from 'vscode';", true],
        ["import { readFileSync } from 'node:fs';", true],
        ["import { readSettings } from '../extension/settings';", true],
        ["import { runCli } from '../cli/main';", true],
        ["import { toDom } from '../../webview/dom';", true],
        ["import { comparisonRows } from '../core/report/rows';", false],
        ["import { COMPARISON_VIEW_TYPE } from '../protocol/webview';", false],
        ["import { h } from './nodes';", false],
        [
          'export const used = [vscode, readFileSync, readSettings, runCli, toDom, comparisonRows, COMPARISON_VIEW_TYPE, h];',
          false,
        ],
      ],
    ],
    [
      'src/protocol/layerProbe.ts',
      [
        ["import * as vscode from 'vscode';", true],
        ["import { readSettings } from '../extension/settings';", true],
        ["import { z } from '../core/schema/zod';", false],
        ['export const used = [vscode, readSettings, z];', false],
      ],
    ],
    [
      'src/cli/layerProbe.ts',
      [
        ["import * as vscode from 'vscode';", true],
        ["import { readSettings } from '../extension/settings';", true],
        ["import { readFileSync } from 'node:fs';", false],
        ["import { validateText } from '../core/validate';", false],
        ["import { reportHtml } from '../view/report';", false],
        ['export const used = [vscode, readSettings, readFileSync, validateText, reportHtml];', false],
      ],
    ],
    [
      'src/extension/layerProbe.ts',
      [
        ["import { readFileSync } from 'node:fs';", true],
        ["import { runCli } from '../cli/main';", true],
        ["import { toHtml } from '../view/nodes';", true],
        ["import * as vscode from 'vscode';", false],
        ["import { validateText } from '../core/validate';", false],
        ['export const used = [readFileSync, runCli, toHtml, vscode, validateText];', false],
      ],
    ],
  ];

  for (const [file, lines] of cases) {
    it(`${file}: rejects exactly the forbidden imports`, async () => {
      const p = probe(lines);
      const { lines: flagged, other } = await restricted(file, p.text);
      assert.deepEqual(flagged, p.forbidden, p.text);
      assert.deepEqual(other, []);
    });
  }
});

describe('architecture: layers are enforced by the type-checker', function () {
  this.timeout(60_000);

  /** Type-checks one in-memory file with a layer's tsconfig; returns "file:line code" per error. */
  function typeErrors(tsconfig: string, file: string, text: string): string[] {
    const configPath = join(ROOT, tsconfig);
    const { config } = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
    const probePath = join(ROOT, file);
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (f) => f === probePath || fileExists.call(host, f);
    host.readFile = (f) => (f === probePath ? text : readFile.call(host, f));
    host.getSourceFile = (f, languageVersion, ...rest) =>
      f === probePath
        ? ts.createSourceFile(f, text, languageVersion, true)
        : getSourceFile.call(host, f, languageVersion, ...rest);
    const program = ts.createProgram([probePath], options, host);
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName.slice(ROOT.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : '';
      return `${where} TS${d.code}`;
    });
  }

  it('a core file importing vscode fails tsconfig.core.json', () => {
    const errors = typeErrors(
      'tsconfig.core.json',
      'src/core/layerProbe.ts',
      "import * as vscode from 'vscode';\nexport const w = vscode.window;\n",
    );
    assert.ok(errors.includes('types/forbidden/vscode.ts:7 TS2322'), errors.join('\n'));
    assert.ok(errors.includes('src/core/layerProbe.ts:2 TS2339'), errors.join('\n'));
  });

  it('a core file importing node:fs (or using process) fails tsconfig.core.json', () => {
    const errors = typeErrors(
      'tsconfig.core.json',
      'src/core/layerProbe.ts',
      "import { readFileSync } from 'node:fs';\nexport const f = [readFileSync, process.env];\n",
    );
    assert.deepEqual(errors, ['src/core/layerProbe.ts:1 TS2307', 'src/core/layerProbe.ts:2 TS2591']);
  });

  it('the same probe without the forbidden imports compiles (the check can pass)', () => {
    assert.deepEqual(
      typeErrors('tsconfig.core.json', 'src/core/layerProbe.ts', 'export const f = Math.max(1, 2);\n'),
      [],
    );
  });

  it('a view file using the DOM or Node fails tsconfig.core.json (the view is pure: the CLI renders it to HTML)', () => {
    const text = 'export const f = [document.body, process.env];\n';
    assert.deepEqual(typeErrors('tsconfig.core.json', 'src/view/layerProbe.ts', text), [
      'src/view/layerProbe.ts:1 TS2584',
      'src/view/layerProbe.ts:1 TS2591',
    ]);
  });

  it('the extension may import vscode, but Node built-ins fail tsconfig.extension.json (it also runs in vscode.dev)', () => {
    const text =
      "import * as vscode from 'vscode';\nimport { readFileSync } from 'node:fs';\nexport const f = [vscode.window, readFileSync, Buffer];\n";
    assert.deepEqual(typeErrors('tsconfig.extension.json', 'src/extension/layerProbe.ts', text), [
      'src/extension/layerProbe.ts:2 TS2307',
      'src/extension/layerProbe.ts:3 TS2591',
    ]);
  });

  it('a webview file using vscode or Node fails tsconfig.webview.json; the DOM is there', () => {
    const text = "import * as vscode from 'vscode';\nexport const f = [vscode.window, process.env, document.body];\n";
    const errors = typeErrors('tsconfig.webview.json', 'webview/layerProbe.ts', text);
    assert.ok(errors.includes('types/forbidden/vscode.ts:7 TS2322'), errors.join('\n'));
    assert.ok(errors.includes('webview/layerProbe.ts:2 TS2339'), errors.join('\n'));
    assert.ok(errors.includes('webview/layerProbe.ts:2 TS2591'), errors.join('\n'));
    assert.equal(errors.length, 3, errors.join('\n'));
  });
});
