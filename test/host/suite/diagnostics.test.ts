/**
 * Extension-host tests against the real `vscode` API (VS Code 1.139 via
 * code-server here, desktop VS Code via @vscode/test-electron elsewhere).
 * Fixtures: test/fixtures/host-workspace/{invalid,valid}.deploy.yaml, other.yaml.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'llm-sizing.llm-deployment-sizing';
const SOURCE = 'llm-sizing';
const BAD_ID = 'h100-sxm-80g';
const GOOD_ID = 'h100-sxm-80gb';
const FIX_TITLE = `Change to '${GOOD_ID}'`;
const POLL_MS = 10_000;
/** How long a document must stay free of diagnostics to count as "clean". */
const SETTLE_MS = 2_500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder must be open (test/fixtures/host-workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function describeDiags(ds: readonly vscode.Diagnostic[]): string {
  if (ds.length === 0) return '(none)';
  return ds
    .map(
      (d) =>
        `${codeOf(d)} [${vscode.DiagnosticSeverity[d.severity]}] ` +
        `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`,
    )
    .join('\n    ');
}

/** Polls until `pred` holds for the extension's diagnostics on `uri`. */
async function waitForDiagnostics(
  uri: vscode.Uri,
  pred: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = POLL_MS,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ds = ours(uri);
    if (pred(ds)) return ds;
    if (Date.now() > deadline) {
      assert.fail(
        `timed out after ${timeoutMs} ms waiting for ${what} on ${uri.path}; ` +
          `'${SOURCE}' diagnostics now:\n    ${describeDiags(ds)}`,
      );
    }
    await sleep(100);
  }
}

/** Asserts that `pred` never holds during `ms` (a document must stay clean). */
async function assertStays(uri: vscode.Uri, bad: (ds: vscode.Diagnostic[]) => boolean, what: string, ms = SETTLE_MS) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ds = ours(uri);
    assert.ok(!bad(ds), `${what} on ${uri.path}:\n    ${describeDiags(ds)}`);
    await sleep(100);
  }
}

const has021 = (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === 'LLMS021');

async function closeAll(): Promise<void> {
  // Revert anything a failed test left dirty, never save.
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === 'file') {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('LLM Deployment Sizing in the extension host', () => {
  after(closeAll);

  it('is installed and activated by the workspace', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    // Activation must come from the extension's own activation events
    // (workspaceContains:**/*.deploy.yaml), so do not call ext.activate().
    const deadline = Date.now() + POLL_MS;
    while (!ext.isActive && Date.now() < deadline) await sleep(100);
    assert.ok(ext.isActive, `${EXTENSION_ID} did not activate within ${POLL_MS} ms`);
  });

  describe('invalid.deploy.yaml (unknown hardware id)', () => {
    let doc: vscode.TextDocument;
    let original: string;
    let badRange: vscode.Range;

    before(async () => {
      doc = await vscode.workspace.openTextDocument(fixtureUri('invalid.deploy.yaml'));
      await vscode.window.showTextDocument(doc);
      original = doc.getText();
      const m = /hardware:\s*(h100-sxm-80g)(?![\w-])/.exec(original);
      assert.ok(m && m.index !== undefined, `fixture must contain 'hardware: ${BAD_ID}'`);
      const start = m.index + m[0].length - BAD_ID.length;
      badRange = new vscode.Range(doc.positionAt(start), doc.positionAt(start + BAD_ID.length));
    });

    after(async () => {
      if (doc && doc.getText() !== original) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    });

    it(`reports LLMS021 exactly on '${BAD_ID}'`, async () => {
      const ds = await waitForDiagnostics(doc.uri, has021, 'an LLMS021 diagnostic');
      const d021 = ds.filter((d) => codeOf(d) === 'LLMS021');
      assert.equal(d021.length, 1, `expected one LLMS021, got:\n    ${describeDiags(d021)}`);
      const d = d021[0]!;
      assert.equal(doc.getText(d.range), BAD_ID, 'LLMS021 range must cover exactly the hardware id');
      assert.ok(
        d.range.isEqual(badRange),
        `LLMS021 range ${JSON.stringify(d.range)} != expected ${JSON.stringify(badRange)}`,
      );
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error, 'an unknown hardware id is an error');
    });

    it(`offers and applies the quick fix "${FIX_TITLE}", and undo restores the text`, async () => {
      await waitForDiagnostics(doc.uri, has021, 'an LLMS021 diagnostic');
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        badRange,
        undefined,
        20,
      );
      const titles = (actions ?? []).map((a) => a.title);
      const fix = (actions ?? []).find((a): a is vscode.CodeAction => a.title === FIX_TITLE && 'kind' in a);
      assert.ok(fix, `no code action titled "${FIX_TITLE}"; got: ${JSON.stringify(titles)}`);
      assert.ok(
        fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind),
        `"${FIX_TITLE}" must be a quickfix, kind is ${fix.kind?.value}`,
      );
      assert.ok(fix.edit, `"${FIX_TITLE}" has no WorkspaceEdit`);

      assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit returned false');
      const fixed = doc.getText();
      assert.equal(doc.getText(new vscode.Range(badRange.start, badRange.start.translate(0, GOOD_ID.length))), GOOD_ID);
      assert.equal(
        fixed,
        original.slice(0, doc.offsetAt(badRange.start)) + GOOD_ID + original.slice(doc.offsetAt(badRange.end)),
        'the fix must change only the hardware id',
      );
      await waitForDiagnostics(doc.uri, (ds) => !has021(ds), 'LLMS021 to disappear after the fix');

      // Undo acts on the focused editor.
      await vscode.window.showTextDocument(doc, { preserveFocus: false });
      await vscode.commands.executeCommand('undo');
      const deadline = Date.now() + 5_000;
      while (doc.getText() !== original && Date.now() < deadline) await sleep(50);
      assert.equal(doc.getText(), original, 'undo must restore the original text');
      await waitForDiagnostics(doc.uri, has021, 'LLMS021 to come back after undo');
    });
  });

  it('valid.deploy.yaml (the format example) has no error diagnostics', async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri('valid.deploy.yaml'));
    await vscode.window.showTextDocument(doc);
    await assertStays(
      doc.uri,
      (ds) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error),
      'the format example must validate without errors',
    );
  });

  it('other.yaml (no marker, no *.deploy.yaml name) is left alone', async () => {
    const doc = await vscode.workspace.openTextDocument(fixtureUri('other.yaml'));
    await vscode.window.showTextDocument(doc);
    await assertStays(doc.uri, (ds) => ds.length > 0, `no '${SOURCE}' diagnostics expected`);
  });
});
