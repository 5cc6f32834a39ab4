/**
 * Untrusted workspaces: the extension declares full support because all it does with a workspace
 * is read open documents and analyse them. These tests pin that down: no task, terminal, shell,
 * process or debug API anywhere in src/extension, no file-system writes, no trusted Markdown or
 * command links, `executeCommand` only for two harmless built-ins, and document edits only from
 * the commands/quick fixes the user invokes, as undoable WorkspaceEdits.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Comments removed (strings kept), so a word in a doc comment does not count. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const EXTENSION = tsFiles(join(ROOT, 'src', 'extension')).map((path) => ({
  path,
  rel: relative(ROOT, path).replace(/\\/g, '/'),
  code: code(readFileSync(path, 'utf8')),
}));

function uses(re: RegExp): string[] {
  return EXTENSION.filter((f) => re.test(f.code)).map((f) => f.rel);
}

describe('security: untrusted workspaces get read-only analysis only', () => {
  it('package.json declares untrusted (limited: guard settings come from the user only) and virtual workspace support', () => {
    // 'limited': everything runs in Restricted Mode, but an untrusted repository's settings cannot
    // raise the file-size limit or widen the deployment-file globs.
    assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, 'limited');
    // Also every setting that changes a verdict or hides findings (issue 13): in Restricted Mode a
    // workspace could otherwise set minimumSeverity: error (hiding SLO, budget, power and residency
    // failures), turn estimates off, or set energy prices to zero.
    assert.deepEqual(pkg.capabilities?.untrustedWorkspaces?.restrictedConfigurations, [
      'llmSizing.maxFileSizeKB',
      'llmSizing.files',
      'llmSizing.diagnostics.minimumSeverity',
      'llmSizing.diagnostics.structuralWithYamlExtension',
      'llmSizing.estimate.onSave',
      'llmSizing.estimate.onOpen',
      'llmSizing.defaults.engine',
      'llmSizing.defaults.electricityUsdPerKwh',
      'llmSizing.defaults.pue',
      'llmSizing.defaults.amortizationMonths',
      'llmSizing.defaultHardware',
    ]);
    // Only UX pacing stays open to the workspace: any setting that is not restricted must be one of these.
    const open = ['llmSizing.validation.onType', 'llmSizing.validation.delayMs'];
    const declared = Object.keys(pkg.contributes?.configuration?.properties ?? {});
    for (const key of declared) {
      assert.ok(
        open.includes(key) || pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(key),
        `${key}: a new setting must be restricted in untrusted workspaces or listed as harmless here`,
      );
    }
    assert.equal(pkg.capabilities?.virtualWorkspaces, true);
  });

  it('scans the whole extension', () => {
    assert.ok(EXTENSION.length >= 15, `${EXTENSION.length} files`);
    assert.ok(EXTENSION.some((f) => f.rel === 'src/extension/extension.ts'));
  });

  const forbidden: Array<[string, RegExp]> = [
    [
      'tasks (tasks.executeTask, new Task)',
      /\btasks\.executeTask\b|\bnew\s+(?:vscode\.)?Task\b|\bregisterTaskProvider\b/,
    ],
    ['terminals', /\bcreateTerminal\b|\bsendText\b|\bregisterTerminalProfileProvider\b/],
    ['shell or process execution', /\bShellExecution\b|\bProcessExecution\b|\bCustomExecution\b/],
    ['child processes', /\bchild_process\b|\bspawn(?:Sync)?\s*\(|\bexec(?:File)?(?:Sync)?\s*\(/],
    ['debug sessions', /\bdebug\.startDebugging\b/],
    [
      'Node file-system or network modules',
      /from\s+['"](?:node:)?(?:fs|fs\/promises|http|https|net|tls|dgram|child_process|worker_threads|vm)['"]|require\(\s*['"](?:node:)?(?:fs|http|https|net|child_process|vm)['"]/,
    ],
    [
      'workspace file writes',
      /\bworkspace\.fs\.(?:writeFile|delete|rename|copy|createDirectory)\b|\bcreateFile\s*\(|\bdeleteFile\s*\(|\brenameFile\s*\(/,
    ],
    ['opening external URIs', /\bopenExternal\b/],
    [
      'trusted Markdown (command links, HTML)',
      /\bisTrusted\s*[:=]\s*(?:true|\{)|\bsupportHtml\s*[:=]\s*true\b|\benableCommandUris\b/,
    ],
    [
      'installing or activating other extensions',
      /\bextensions\.getExtension\([^)]*\)\s*\??\.\s*activate\b|workbench\.extensions\.installExtension/,
    ],
  ];
  for (const [what, re] of forbidden) {
    it(`no ${what} in src/extension`, () => assert.deepEqual(uses(re), []));
  }

  it('executeCommand runs only `setContext` and `markdown.showPreview` (literal ids, never a computed one)', () => {
    const calls = EXTENSION.flatMap((f) =>
      [...f.code.matchAll(/\bexecuteCommand\s*(?:<[^>]*>)?\(\s*([^,)]*)/g)].map((m) => `${f.rel}: ${m[1]!.trim()}`),
    );
    assert.ok(calls.length > 0);
    for (const c of calls) assert.match(c, /: '(setContext|markdown\.showPreview)'$/, c);
  });

  it('document edits are WorkspaceEdits made only by explicit commands and quick fixes', () => {
    // applyEdit: `Write GPU Count` (the CodeLens/quick fix command) and `Recommend Hardware` (after the user picks).
    assert.deepEqual(uses(/\bapplyEdit\s*\(/).sort(), [
      'src/extension/commands/editing.ts',
      'src/extension/commands/recommend.ts',
    ]);
    // WorkspaceEdit objects: the quick-fix converter (applied by VS Code when the user chooses the fix) and those two commands.
    assert.deepEqual(uses(/\bnew\s+vscode\.WorkspaceEdit\b/).sort(), [
      'src/extension/commands/editing.ts',
      'src/extension/commands/recommend.ts',
      'src/extension/convert.ts',
    ]);
    // No edit through an editor builder (not one undo step, not a WorkspaceEdit) and no save on the user's behalf.
    assert.deepEqual(uses(/\.edit\s*\(\s*(?:\(?\s*\w+\s*\)?\s*=>|function)|\bsave(?:All)?\s*\(/), []);
  });

  it('every command the extension registers is one it contributes (no hidden entry points)', () => {
    const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const literal = EXTENSION.flatMap((f) =>
      [...f.code.matchAll(/\bregisterCommand\s*\(\s*'([^']+)'/g)].map((m) => m[1]!),
    );
    const constants = EXTENSION.flatMap((f) =>
      [...f.code.matchAll(/\b(?:compareCommand|REVEAL_PLACEMENT_COMMAND|COMMAND_\w+)\s*[:=]\s*'([^']+)'/g)].map(
        (m) => m[1]!,
      ),
    );
    assert.ok(literal.length >= 5);
    for (const id of [...literal, ...constants])
      assert.ok(contributed.has(id), `${id} is registered or invoked but not contributed in package.json`);
  });
});
