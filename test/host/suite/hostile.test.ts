/**
 * The hostile-file corpus of test/unit/hostile (alias bombs, 20,000-deep nesting, a 10 MB file,
 * non-finite and huge numbers, binary, BOM + CRLF, duplicate keys, 5,000 documents) opened in the
 * real editor: the extension validates each on open and estimates it as on save, publishes
 * located diagnostics with the expected codes, takes bounded time and heap, and keeps working afterwards.
 * (The CLI side of the same corpus is test/unit/hostile/cli.test.ts.)
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { corpus } from '../../unit/hostile/corpus';
import {
  EXTENSION_ID,
  cleanUp,
  codeOf,
  describeDiags,
  extensionApi,
  fixtureUri,
  ours,
  waitForDiagnostics,
  workspaceFolder,
} from './helpers';

/** The text VS Code must show under every LLMS012 range (columns as the editor counts them). */
const VALUE_UNDER_LLMS012: Record<string, string> = {
  'non-finite-1e400.deploy.yaml': '1e400',
  'non-finite-inf.deploy.yaml': '.inf',
  'non-finite-inf-negative.deploy.yaml': '-.inf',
  'non-finite-nan.deploy.yaml': '.nan',
  'bom-crlf.deploy.yaml': '.inf',
};

/** Open → diagnostics, per file. Generous: a debug build on a loaded 2-core machine. */
const BOUND_MS = 10_000;
/** Heap growth per file, as in the CLI corpus test (the 10 MB text itself is ~20 MB of UTF-16). */
const HEAP_BOUND_MB = 500;

describe('Hostile files in the editor', function () {
  this.timeout(60_000);
  /** The worst case of each bound, written to out/perf-hostile.json for `npm run bench` (docs/performance.md). */
  const worst = { ms: 0, msFile: '', heapMB: 0, heapFile: '' };
  after(async () => {
    const out = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'perf-hostile.json'),
      JSON.stringify({
        ...worst,
        files: corpus().filter((e) => e.make && !e.message).length,
        measuredAt: new Date().toISOString(),
      }),
    );
    await cleanUp();
  });

  // The directory and the missing path are CLI concerns: an editor cannot open them as text.
  for (const raw of corpus().filter((e) => e.make && !e.message)) {
    const entry = { ...raw, ...raw.editor }; // VS Code decodes some bytes itself (UTF-16 with a BOM)
    it(`${entry.name} — ${entry.what}: ${entry.validity === 'invalid' ? 'located errors' : 'no errors'}, bounded time, no crash`, async () => {
      const api = await extensionApi();
      const uri = vscode.Uri.joinPath(workspaceFolder(), 'scratch', 'hostile', entry.name);
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      entry.make!(uri.fsPath);
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      let doc: vscode.TextDocument;
      try {
        doc = await vscode.workspace.openTextDocument(uri);
      } catch (error) {
        // VS Code itself declines some bytes as text (binary files): the extension never sees them.
        assert.match(String(error), /binary/i, `openTextDocument failed for another reason: ${String(error)}`);
        return;
      }
      const state = api.validator.current(doc);
      assert.ok(state, 'a *.deploy.yaml file is always validated');
      const estimate = api.estimates.estimate(doc); // what a save runs; must not throw
      const elapsed = performance.now() - started;
      assert.ok(elapsed < BOUND_MS, `open + validate + estimate took ${elapsed.toFixed(0)} ms`);
      // The extension host's heap (the test runs in it): what the analysis kept or left to collect.
      const heapGrowthMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
      assert.ok(heapGrowthMB < HEAP_BOUND_MB, `heap grew ${heapGrowthMB.toFixed(0)} MB`);
      if (elapsed > worst.ms) Object.assign(worst, { ms: elapsed, msFile: entry.name });
      if (heapGrowthMB > worst.heapMB) Object.assign(worst, { heapMB: heapGrowthMB, heapFile: entry.name });

      if (entry.validity === 'valid') {
        await new Promise((r) => setTimeout(r, 50));
        const errors = ours(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        assert.deepEqual(
          errors.map((d) => codeOf(d)),
          [],
          describeDiags(errors),
        );
        return;
      }
      const diags = await waitForDiagnostics(
        uri,
        (ds) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error),
        'an error diagnostic',
      );
      const codes = new Set(diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => codeOf(d)));
      for (const code of entry.codes ?? [])
        assert.ok(codes.has(code), `expected ${code} among the errors:\n    ${describeDiags(diags)}`);
      for (const d of diags) {
        assert.ok(/^LLMS\d{3}$/.test(codeOf(d) ?? ''), `stable code: ${codeOf(d)}`);
        assert.ok(
          d.range.end.line < doc.lineCount,
          `range ${d.range.start.line}-${d.range.end.line} inside the ${doc.lineCount}-line document`,
        );
        assert.ok(d.message.length > 10, `a message that says something: "${d.message}"`);
      }
      const value = VALUE_UNDER_LLMS012[entry.name];
      if (value) {
        const located = diags.filter((d) => codeOf(d) === 'LLMS012').map((d) => doc.getText(d.range));
        assert.ok(
          located.length > 0 && located.every((t) => t === value),
          `LLMS012 ranges cover ${value} exactly (BOM and CRLF included): ${JSON.stringify(located)}`,
        );
      }
      assert.ok(
        !estimate || estimate.failures.length === 0,
        `estimate failures: ${JSON.stringify(estimate?.failures)}`,
      );
    });
  }

  it('afterwards the extension still validates and estimates an ordinary file', async () => {
    const api = await extensionApi();
    const doc = await vscode.workspace.openTextDocument(fixtureUri('chat-assistant.deploy.yaml'));
    const estimate = api.estimates.estimate(doc);
    assert.ok(estimate && estimate.documents.length === 1 && estimate.documents[0]!.report.placements.length === 4);
  });
});
