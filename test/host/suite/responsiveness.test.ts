/**
 * The window stays responsive while the extension analyses long files (issue 13, item 10). The
 * tests run in the extension host, so a 4 ms timer here sees what every other extension sees: the
 * longest gap between its ticks is the longest the host could run nothing else. For each file,
 * the gap while the editor's own events analyse it (open → validation and estimate in slices), and
 * the gap while the same work runs in one go (as every event ran it before). Written to
 * out/perf-responsiveness.json for `npm run bench -- --write` (docs/performance.md).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { corpus } from '../../unit/hostile/corpus';
import { EXTENSION_ID, cleanUp, extensionApi, sleep, waitFor, workspaceFolder } from './helpers';

/** Longest gap between the ticks of a 4 ms timer while it runs, ms. */
function gapMeter(): { stop: () => number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 4);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

interface Measured {
  file: string;
  what: string;
  /** Longest host gap while the editor's events analysed the file (slices), ms. */
  slicedGapMs: number;
  /** Longest host gap while the same analysis ran in one go, ms. */
  oneGoGapMs: number;
  /** Longest host gap while VS Code opened the same text as a plain-text file (no extension work), ms. */
  plainOpenGapMs?: number;
}

/** The hostile corpus's files of over 1 MB of text. */
const LARGE = new Set([
  'ten-megabytes.deploy.yaml',
  'many-placements.deploy.yaml',
  'many-documents.deploy.yaml',
  'many-small-deployments.deploy.yaml',
  'many-full-deployments.deploy.yaml',
  'tiny-documents.deploy.yaml',
]);
/** Those of them with a deployment that is estimated (the others only get findings). */
const ESTIMATED = new Set([
  'many-documents.deploy.yaml',
  'many-small-deployments.deploy.yaml',
  'many-full-deployments.deploy.yaml',
]);

const EXAMPLES = ['chat-assistant', 'rag-eu-residency', 'code-assistant-edge', 'nightly-batch'];

describe('Responsiveness while a long file is analysed', function () {
  this.timeout(120_000);
  const measured: Measured[] = [];
  after(async () => {
    const out = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      path.join(out, 'perf-responsiveness.json'),
      JSON.stringify({ measured, measuredAt: new Date().toISOString() }),
    );
    await cleanUp();
  });

  /** Writes `text`, opens it (the extension analyses it in slices) and then analyses it in one go. */
  async function measure(file: string, what: string, text: string, expectEstimate: boolean): Promise<Measured> {
    const api = await extensionApi();
    const uri = vscode.Uri.joinPath(workspaceFolder(), 'scratch', 'responsiveness', file);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    writeFileSync(uri.fsPath, text);
    await sleep(50);
    const sliced = gapMeter();
    const doc = await vscode.workspace.openTextDocument(uri);
    await waitFor(
      () => api.validator.stateOf(doc) && (!expectEstimate || api.estimates.get(doc)?.version === doc.version),
      `the analysis of ${file} on open`,
      undefined,
      60_000,
    );
    await sleep(20);
    const slicedGapMs = sliced.stop();
    await sleep(50);
    const oneGo = gapMeter();
    await sleep(20);
    api.validator.validate(doc);
    api.estimates.estimate(doc);
    await sleep(20);
    const oneGoGapMs = oneGo.stop();
    const m: Measured = { file, what, slicedGapMs, oneGoGapMs };
    measured.push(m);
    return m;
  }

  it('100 deployments in one file: the host never waits more than half as long as in one go', async () => {
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const texts = EXAMPLES.map((n) => readFileSync(path.join(extensionPath, 'examples', `${n}.deploy.yaml`), 'utf8'));
    const text = Array.from({ length: 100 }, (_, i) =>
      texts[i % texts.length]!.replace(/^name: (.*)$/m, `name: $1-${i}`),
    ).join('\n---\n');
    const m = await measure('hundred.deploy.yaml', '100 deployments, 400 placements', text, true);
    const api = await extensionApi();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/hundred.deploy.yaml'))!;
    assert.equal(api.estimates.get(doc)?.documents.length, 100, 'every deployment was estimated');
    assert.ok(
      m.slicedGapMs < m.oneGoGapMs / 2,
      `longest host gap ${m.slicedGapMs.toFixed(0)} ms in slices vs ${m.oneGoGapMs.toFixed(0)} ms in one go`,
    );
  });

  // Every large file of the hostile corpus: open it as a user would. Opening a file of several MB
  // costs the extension host something by itself (VS Code sends it the text), so each is compared
  // with the same text opened as a plain-text file, which the extension does not look at.
  for (const entry of corpus().filter((e) => LARGE.has(e.name))) {
    it(`${entry.name} — ${entry.what}: the extension adds no stall of a quarter second to opening it`, async () => {
      const dir = path.join(workspaceFolder().fsPath, 'scratch', 'responsiveness');
      mkdirSync(dir, { recursive: true });
      const made = path.join(dir, `${entry.name}.txt`);
      entry.make!(made);
      const text = readFileSync(made, 'utf8');
      const plain = gapMeter();
      const opened = await vscode.workspace.openTextDocument(vscode.Uri.file(made));
      await sleep(50);
      const plainOpenGapMs = plain.stop();
      assert.equal(opened.languageId, 'plaintext');
      const m = await measure(entry.name, entry.what, text, ESTIMATED.has(entry.name));
      m.plainOpenGapMs = plainOpenGapMs;
      // The 10 MB file is declined by its size before any parse: what stalls the host there is
      // VS Code's own opening of 10 MB and the collection of its copies, which varied from 113 to
      // 279 ms for the plain-text open alone in our runs — too much for a bound; it is recorded.
      if (entry.name === 'ten-megabytes.deploy.yaml') return;
      // Before: one document was one unsliced step, and the 1.6 MB single document stalled the host
      // ~2 s in the yaml parser; documents over 128 KB are no longer parsed (MAX_DOCUMENT_CHARS).
      assert.ok(
        m.slicedGapMs < plainOpenGapMs + 250,
        `longest host gap ${m.slicedGapMs.toFixed(0)} ms (opening the same text as plain text: ${plainOpenGapMs.toFixed(0)} ms)`,
      );
    });
  }
});
