/**
 * Shared helpers of the extension-host suites (bundled into out/host/index.js with the tests;
 * not a test file itself). Everything polls with a deadline and fails with what it saw.
 *
 * Tests that edit or save work on scratch copies (`scratchCopy`): a fixture is copied to
 * `<workspace>/scratch/<tag>-<n>.deploy.yaml`, so every test starts from the fixture's text and
 * the fixtures stay as they are. `cleanUp()` reverts dirty editors, closes every editor and
 * deletes the scratch folder.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { FileEstimate } from '../../../src/extension/estimates';
import { evaluateText } from '../../../src/core/placements/document';
import type { DeploymentReport, PlacementReport } from '../../../src/core/report/types';

export const EXTENSION_ID = 'llm-sizing.llm-deployment-sizing';
const SOURCE = 'llm-sizing';
const POLL_MS = 10_000;
/** Placement finding codes (LLMS101–LLMS108); everything else is validation. */
export const PLACEMENT_CODE = /^LLMS1\d\d$/;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder must be open (test/fixtures/host-workspace)');
  return folder.uri;
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), name);
}

/** The extension's API (activating it if needed). */
export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(
    api && api.validator && api.estimates && api.diagnostics,
    'activate() must return {validator, estimates, diagnostics}',
  );
  return api;
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export const rangeText = (r: vscode.Range) =>
  `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;

export function describeDiags(ds: readonly vscode.Diagnostic[]): string {
  if (ds.length === 0) return '(none)';
  return ds
    .map((d) => `${codeOf(d)} [${vscode.DiagnosticSeverity[d.severity]}] ${rangeText(d.range)} ${d.message}`)
    .join('\n    ');
}

/** Polls `probe` until it returns a truthy value; fails with `what` and `describe()` on timeout. */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  describe?: () => string | Promise<string>,
  timeoutMs = POLL_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) {
      const seen = describe ? await describe() : '';
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; saw:\n    ${seen}` : ''}`);
    }
    await sleep(100);
  }
}

export async function waitForDiagnostics(
  uri: vscode.Uri,
  pred: (ds: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = POLL_MS,
) {
  return waitFor(
    () => {
      const ds = ours(uri);
      return pred(ds) ? ds : undefined;
    },
    `${what} on ${uri.path}`,
    () => describeDiags(ours(uri)),
    timeoutMs,
  );
}

/** Waits for an estimate of the document's current version (not stale). */
export async function waitForEstimate(
  api: ExtensionApi,
  doc: vscode.TextDocument,
  what = 'a current estimate',
): Promise<FileEstimate> {
  return waitFor(
    () => {
      const e = api.estimates.get(doc);
      return e && !e.stale && e.version === doc.version ? e : undefined;
    },
    `${what} of ${doc.uri.path} (version ${doc.version})`,
    () => {
      const e = api.estimates.get(doc);
      return e
        ? `estimate of version ${e.version}, stale=${e.stale}, ${e.documents.length} document(s), failures ${JSON.stringify(e.failures)}`
        : '(no estimate)';
    },
  );
}

/** Saves (the extension estimates on save) and waits for the new estimate and its diagnostics. */
export async function saveAndEstimate(api: ExtensionApi, doc: vscode.TextDocument): Promise<FileEstimate> {
  assert.equal(await doc.save(), true, `saving ${doc.uri.path} failed`);
  const estimate = await waitForEstimate(api, doc, 'the estimate after save');
  // Diagnostics are published from the same event; give the collection a tick.
  await sleep(50);
  return estimate;
}

let scratchCount = 0;

/** Copies a fixture to `scratch/<tag>-<n>.deploy.yaml` and opens it (estimated on open). */
export async function scratchCopy(
  fixture: string,
  tag: string,
  options: { show?: boolean } = {},
): Promise<vscode.TextDocument> {
  const bytes = await vscode.workspace.fs.readFile(fixtureUri(fixture));
  const uri = vscode.Uri.joinPath(workspaceFolder(), 'scratch', `${tag}-${++scratchCount}.deploy.yaml`);
  await vscode.workspace.fs.writeFile(uri, bytes);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (options.show) await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/**
 * Reverts dirty editors, closes all editors (incl. webview panels) and removes scratch files.
 * Never throws (an afterEach hook that throws would skip the rest of its suite); what it could
 * not do is logged.
 */
export async function cleanUp(): Promise<void> {
  const attempt = async (what: string, fn: () => Thenable<unknown> | Promise<unknown>) => {
    try {
      await fn();
    } catch (e) {
      console.warn(`[host cleanUp] ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isClosed) continue;
    await attempt(`revert ${doc.uri.toString()}`, async () => {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand(
        doc.isUntitled ? 'workbench.action.revertAndCloseActiveEditor' : 'workbench.action.files.revert',
      );
    });
  }
  await attempt('closeAllEditors', () => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
  for (let i = 0; i < 3; i++) {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    if (tabs.length === 0) break;
    await attempt('close remaining tabs', () => vscode.window.tabGroups.close(tabs));
    await sleep(50);
  }
  await attempt('delete scratch/', async () => {
    const scratch = vscode.Uri.joinPath(workspaceFolder(), 'scratch');
    try {
      await vscode.workspace.fs.stat(scratch);
    } catch {
      return;
    }
    await vscode.workspace.fs.delete(scratch, { recursive: true, useTrash: false });
  });
}

// ---- text positions ----------------------------------------------------------------

export interface PlacementBlock {
  name: string;
  /** 0-based lines, end exclusive. */
  startLine: number;
  endLine: number;
}

/** The `- name: X` blocks under `placements:` (block-style lists, as in the fixtures). */
export function placementBlocks(doc: vscode.TextDocument): PlacementBlock[] {
  const lines = doc.getText().split(/\r?\n/);
  const start = lines.findIndex((l) => /^placements:\s*$/.test(l));
  assert.ok(start >= 0, `${doc.uri.path} has no block 'placements:'`);
  const blocks: PlacementBlock[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    if (/^\S/.test(lines[i]!) && !lines[i]!.startsWith('#')) break; // next top-level key
    const m = /^\s*- name:\s*(\S+)/.exec(lines[i]!);
    if (m) {
      if (blocks.length) blocks[blocks.length - 1]!.endLine = i;
      blocks.push({ name: m[1]!, startLine: i, endLine: lines.length });
    }
  }
  return blocks;
}

export function placementAtLine(doc: vscode.TextDocument, line: number): string | undefined {
  return placementBlocks(doc).find((b) => line >= b.startLine && line < b.endLine)?.name;
}

/**
 * The range of the first match of `re` in a placement's lines: of its group 1 when it has one
 * (e.g. /gpus: (auto)/ → the `auto`), else of the whole match.
 */
export function rangeInPlacement(doc: vscode.TextDocument, placement: string, re: RegExp): vscode.Range {
  const block = placementBlocks(doc).find((b) => b.name === placement);
  assert.ok(block, `no placement '${placement}' in ${doc.uri.path}`);
  for (let line = block.startLine; line < block.endLine; line++) {
    const text = doc.lineAt(line).text.replace(/#.*$/, '');
    const m = re.exec(text);
    if (!m) continue;
    const at = m[1] !== undefined ? m.index + m[0].indexOf(m[1]) : m.index;
    const len = m[1] !== undefined ? m[1].length : m[0].length;
    return new vscode.Range(line, at, line, at + len);
  }
  assert.fail(`${re} not found in placement '${placement}' of ${doc.uri.path}`);
}

// ---- providers -----------------------------------------------------------------------

async function codeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return (
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100)) ?? []
  );
}

/** Our lenses only (the command tells them apart). */
export async function placementLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return (await codeLenses(doc)).filter((l) => l.command?.command === 'llmSizing.comparePlacements');
}

export async function autoLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
  return (await codeLenses(doc)).filter((l) => l.command?.command === 'llmSizing.setGpus');
}

/** The placement lens of `placement` (its third command argument is the placement name). */
export async function lensOf(doc: vscode.TextDocument, placement: string): Promise<vscode.CodeLens> {
  const lenses = await placementLenses(doc);
  const lens = lenses.find((l) => l.command?.arguments?.[2] === placement);
  assert.ok(
    lens,
    `no CodeLens for placement '${placement}'; lenses: ${JSON.stringify(lenses.map((l) => l.command?.title))}`,
  );
  return lens;
}

export async function codeActions(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      range,
      undefined,
      50,
    )) ?? [];
  return all.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
}

export async function hoverText(
  doc: vscode.TextDocument,
  position: vscode.Position,
): Promise<{ text: string; hovers: vscode.Hover[] }> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position)) ?? [];
  const text = hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
    .join('\n---\n');
  return { text, hovers };
}

export async function completions(
  doc: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    doc.uri,
    position,
    undefined,
    500,
  );
  return list?.items ?? [];
}

export const labelOf = (c: vscode.CompletionItem) => (typeof c.label === 'string' ? c.label : c.label.label);

// ---- expectations from the core ----------------------------------------------------------

/** The core's reports for a text (what the CLI prints for the same file). */
export function coreReports(text: string): DeploymentReport[] {
  return evaluateText(text).documents.map((d) => d.report);
}

export function corePlacement(text: string, name: string): PlacementReport {
  const p = coreReports(text)
    .flatMap((d) => d.placements)
    .find((x) => x.name === name);
  assert.ok(p, `the core has no placement '${name}'`);
  return p;
}

/**
 * The headline format (src/core/report/headline.ts), with the verdict icon:
 * `$(pass) on-prem · 4× NVIDIA H100 SXM5 80GB · 41.4 / 79.2 GiB per GPU · TTFT p95 281 ms · TPOT p95 31 ms · 2,100 tok/s · $3.8k/mo`
 */
const HEADLINE = new RegExp(
  [
    '^\\$\\((pass|error)\\) (on-prem|cloud|hybrid|edge)',
    ' (\\d+)× (.+?)',
    ' (\\d+(?:\\.\\d+)?) / (\\d+(?:\\.\\d+)?) GiB per GPU',
    // An overloaded placement's TTFT has no value (LatencyPercentiles.unbounded).
    ' TTFT p95 (\\S+ (?:ms|s)|—|∞|unbounded: overloaded)',
    ' TPOT p95 (\\S+ (?:ms|s)|—|∞)',
    ' ([\\d.,]+[kMB]?|—) tok/s',
    ' \\$([\\d.,]+[kMB]?|—)/mo',
  ].join(' ·') + '( \\$\\(sync\\) stale — save to re-estimate)?$',
);

export interface ParsedHeadline {
  icon: 'pass' | 'error';
  type: string;
  devices: number;
  hardware: string;
  memUsed: number;
  memCapacity: number;
  ttft: string;
  tpot: string;
  tokens: string;
  monthly: string;
  stale: boolean;
}

export function parseHeadline(title: string): ParsedHeadline {
  const m = HEADLINE.exec(title);
  assert.ok(
    m,
    `CodeLens title does not match the headline format:\n    ${JSON.stringify(title)}\n    expected ${HEADLINE}`,
  );
  return {
    icon: m[1] as 'pass' | 'error',
    type: m[2]!,
    devices: Number(m[3]),
    hardware: m[4]!,
    memUsed: Number(m[5]),
    memCapacity: Number(m[6]),
    ttft: m[7]!,
    tpot: m[8]!,
    tokens: m[9]!,
    monthly: m[10]!,
    stale: !!m[11],
  };
}

/** "281 ms" → 281, "4.2 s" → 4200, "2,100" → 2100, "3.8k" → 3800, "1.2M" → 1.2e6, "—" → NaN. */
export function quantity(text: string): number {
  const m = /^([\d.,]+)\s*([kMB]|ms|s)?$/.exec(text.trim().replace(/^\$/, ''));
  if (!m) return NaN;
  const v = Number(m[1]!.replace(/,/g, ''));
  const unit = m[2];
  return unit === 's' ? v * 1000 : unit === 'k' ? v * 1e3 : unit === 'M' ? v * 1e6 : unit === 'B' ? v * 1e9 : v;
}

/**
 * `bin/llm-sizing.js estimate --format json FILE` of the extension under test (its CLI bundle
 * dist/cli.js, built with it): the placements of the file's first deployment.
 */
export function cliEstimate(file: string): PlacementReport[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext);
  const bin = path.join(ext.extensionPath, 'bin', 'llm-sizing.js');
  let out: string;
  try {
    out = execFileSync(process.execPath, [bin, 'estimate', '--format', 'json', file], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      timeout: 30_000,
    });
  } catch (e) {
    const err = e as { stdout?: string; message: string };
    if (!err.stdout) throw new Error(`llm-sizing estimate failed: ${err.message}`, { cause: e });
    out = err.stdout; // exit 1 (a placement fails) still prints the JSON
  }
  const json = JSON.parse(out) as { files: Array<{ deployments: DeploymentReport[] }> };
  return json.files[0]!.deployments[0]!.placements;
}
