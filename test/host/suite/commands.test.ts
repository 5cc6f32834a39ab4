/**
 * Every command's output (issues 5 and 6), run through `vscode.commands.executeCommand` with
 * explicit arguments (no quick pick): the documents they open, the edits they make, the webview
 * tab of the comparison panel.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import type { DeploymentReport } from '../../../src/core/report/types';
import { NEW_DEPLOYMENT_TEMPLATE } from '../../../src/core/templates';
import {
  EXTENSION_ID,
  cleanUp,
  codeOf,
  corePlacement,
  coreReports,
  describeDiags,
  extensionApi,
  lensOf,
  ours,
  parseHeadline,
  placementBlocks,
  placementLenses,
  rangeInPlacement,
  saveAndEstimate,
  scratchCopy,
  sleep,
  waitFor,
  waitForDiagnostics,
  waitForEstimate,
  workspaceFolder,
} from './helpers';

const NIGHTLY = 'nightly-batch.deploy.yaml';
const DEPLOYMENT = 'nightly-summaries';
const VERDICTS: Record<string, 'pass' | 'fail'> = {
  'dc-a100': 'fail',
  'dc-h100': 'fail',
  'a100-base-h100-burst': 'pass',
  'cloud-h100-nightly': 'pass',
};

const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
const webviewTabs = (viewType: string) =>
  allTabs().filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes(viewType));
const describeTabs = () =>
  JSON.stringify(
    allTabs().map((t) => ({
      label: t.label,
      input:
        t.input instanceof vscode.TabInputWebview
          ? `webview:${t.input.viewType}`
          : t.input instanceof vscode.TabInputText
            ? `text:${t.input.uri.toString()}`
            : typeof t.input,
    })),
  );

function assertFiniteNumber(v: unknown, what: string): asserts v is number {
  assert.equal(typeof v, 'number', `${what} must be a number, is ${JSON.stringify(v)}`);
  assert.ok(Number.isFinite(v as number), `${what} must be finite, is ${v}`);
}

describe('Commands', function () {
  this.timeout(30_000);
  let api: ExtensionApi;
  before(async () => {
    api = await extensionApi();
  });
  afterEach(cleanUp);

  it('every command of package.json is registered', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const declared = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(
      declared.filter((c) => !registered.has(c)),
      [],
      'declared but not registered',
    );
    for (const c of [
      'llmSizing.comparePlacements',
      'llmSizing.openReport',
      'llmSizing.exportJson',
      'llmSizing.recommendHardware',
      'llmSizing.explainEstimate',
      'llmSizing.newDeploymentFile',
      'llmSizing.reestimate',
      'llmSizing.revealPlacement',
      'llmSizing.setGpus',
    ]) {
      assert.ok(declared.includes(c), `${c} not declared`);
    }
  });

  it('Open Sizing Report: a Markdown document (and its preview) with every placement, its verdict and the diagnostics', async () => {
    const doc = await scratchCopy(NIGHTLY, 'report');
    await waitForEstimate(api, doc);
    const report = await vscode.commands.executeCommand<vscode.TextDocument>('llmSizing.openReport', doc.uri);
    assert.ok(report, 'openReport must return the document');
    assert.equal(report.languageId, 'markdown');
    assert.equal(report.isUntitled, true);
    const md = report.getText();
    assert.match(md, /^## scratch\/report-\d+\.deploy\.yaml$/m, 'a section for the file');
    assert.match(md, /^### nightly-summaries\b/m, 'a section per deployment');
    for (const [name, verdict] of Object.entries(VERDICTS)) {
      assert.match(
        md,
        new RegExp(`^#### ${name} \\([a-z-]+\\) — ${verdict === 'pass' ? 'pass' : 'FAIL'}`, 'm'),
        `'${name}' must be reported as ${verdict}`,
      );
    }
    // The comparison table: a column per placement (★ on the recommended one) and a verdict row.
    const header = md.split('\n').find((l) => l.startsWith('|') && Object.keys(VERDICTS).every((n) => l.includes(n)));
    assert.ok(header, `no comparison table with every placement as a column:\n${md.slice(0, 2000)}`);
    assert.match(header, /cloud-h100-nightly ★/, 'the recommended placement is starred');
    const verdictRow = md.split('\n').find((l) => /^\| verdict \|/i.test(l));
    assert.ok(verdictRow, 'no verdict row');
    const cells = verdictRow
      .split('|')
      .slice(2, -1)
      .map((c) => c.trim());
    assert.deepEqual(
      cells.map((c) => (/fail/i.test(c) ? 'fail' : /pass/i.test(c) ? 'pass' : c)),
      Object.values(VERDICTS),
      verdictRow,
    );
    assert.match(md, /\| LLMS102 \|/, 'the diagnostics are listed');
    assert.match(md, /Memory per GPU: weights [\d.]+ \+ KV/, 'the detailed per-placement sections');
    await waitFor(
      () =>
        allTabs().some(
          (t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType),
        ) || undefined,
      'the Markdown preview tab',
      describeTabs,
    );
  });

  it('Export Estimate as JSON: {files:[{path, diagnostics, deployments}]} with numbers, matching the core', async () => {
    const doc = await scratchCopy(NIGHTLY, 'json');
    await waitForEstimate(api, doc);
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'LLMS102'), 'LLMS102');
    const out = await vscode.commands.executeCommand<vscode.TextDocument>('llmSizing.exportJson', doc.uri);
    assert.ok(out, 'exportJson must return the document');
    assert.equal(out.languageId, 'json');
    const json = JSON.parse(out.getText()) as {
      files: Array<{ path: string; diagnostics: Array<Record<string, unknown>>; deployments: DeploymentReport[] }>;
    };
    assert.deepEqual(Object.keys(json), ['files']);
    assert.equal(json.files.length, 1);
    const file = json.files[0]!;
    assert.deepEqual(Object.keys(file).sort(), ['deployments', 'diagnostics', 'path']);
    assert.match(file.path, /scratch\/json-\d+\.deploy\.yaml$/);
    const d102 = file.diagnostics.find((d) => d.code === 'LLMS102');
    assert.ok(d102, `LLMS102 in diagnostics: ${JSON.stringify(file.diagnostics.map((d) => d.code))}`);
    for (const k of ['line', 'column', 'endLine', 'endColumn']) assertFiniteNumber(d102[k], `diagnostic.${k}`);
    const live = ours(doc.uri).find((d) => codeOf(d) === 'LLMS102')!;
    assert.equal(d102.line, live.range.start.line + 1, '1-based line');
    assert.equal(d102.column, live.range.start.character + 1, '1-based column');
    assert.equal(d102.severity, 'warning');

    assert.equal(file.deployments.length, 1);
    const dep = file.deployments[0]!;
    assert.equal(dep.name, DEPLOYMENT);
    assert.deepEqual(
      dep.placements.map((p) => [p.name, p.verdict]),
      Object.entries(VERDICTS),
    );
    const core = coreReports(doc.getText())[0]!;
    for (const p of dep.placements) {
      const c = core.placements.find((x) => x.name === p.name)!;
      for (const [what, v, expected] of [
        ['memory.perGpuGiB.total', p.memory.perGpuGiB.total, c.memory.perGpuGiB.total],
        ['memory.perGpuGiB.capacity', p.memory.perGpuGiB.capacity, c.memory.perGpuGiB.capacity],
        ['latency.tpotMs.p95', p.latency.tpotMs.p95, c.latency.tpotMs.p95],
        ['throughput.outputTokensPerSecond', p.throughput.outputTokensPerSecond, c.throughput.outputTokensPerSecond],
        ['cost.monthlyUsd', p.cost.monthlyUsd, c.cost.monthlyUsd],
        ['gpus', p.gpus, c.gpus],
      ] as const) {
        assertFiniteNumber(v, `${p.name}.${what}`);
        assert.ok(
          Math.abs(v - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
          `${p.name}.${what}: ${v} != core ${expected}`,
        );
      }
    }
    assert.equal(dep.recommended, 'cloud-h100-nightly');
  });

  it('Explain Estimate (uri, deployment, placement): Markdown with the estimate, "Formulas and constants" and the cost breakdown', async () => {
    const doc = await scratchCopy(NIGHTLY, 'explain');
    await waitForEstimate(api, doc);
    const out = await vscode.commands.executeCommand<vscode.TextDocument>(
      'llmSizing.explainEstimate',
      doc.uri,
      DEPLOYMENT,
      'dc-h100',
    );
    assert.ok(out, 'explainEstimate must return the document');
    assert.equal(out.languageId, 'markdown');
    const md = out.getText();
    assert.match(md, /^# Explain: dc-h100 \(nightly-summaries\)$/m);
    assert.match(md, /^## Formulas and constants$/m);
    const formulas = md.match(/^### .+ = \S+ .*\n\n`[^`]+`$/gm) ?? [];
    assert.ok(formulas.length >= 5, `at least 5 formulas expected, got ${formulas.length}:\n${md.slice(0, 1500)}`);
    assert.match(md, /^\| constant \| value \| source \|$/m);
    assert.match(md, /^## Cost$/m);
    assert.match(md, /^\| item \| \$\/month \|$/m);
    assert.match(md, /\| memory per GPU \|/, 'the estimate table');
  });

  it('Recommend Hardware (uri, choiceIndex 0): appends a placement that validates without errors and, saved, estimates as passing', async () => {
    const doc = await scratchCopy('does-not-fit.deploy.yaml', 'recommend', { show: true });
    await waitForEstimate(api, doc);
    const before = placementBlocks(doc).map((b) => b.name);
    const rec = await vscode.commands.executeCommand<{
      snippet: string;
      hardware: string;
      gpus: number;
      monthlyUsd: number;
    }>('llmSizing.recommendHardware', doc.uri, 0);
    assert.ok(rec?.snippet, 'recommendHardware must return the applied recommendation');
    const name = /name:\s*(\S+)/.exec(rec.snippet)?.[1];
    assert.ok(name, rec.snippet);
    const after = await waitFor(
      () => {
        const b = placementBlocks(doc).map((x) => x.name);
        return b.length === before.length + 1 ? b : undefined;
      },
      'a new placement in the file',
      () => doc.getText().slice(-400),
    );
    assert.deepEqual(after, [...before, name], 'appended at the end of `placements`');
    assert.ok(doc.getText().includes(`hardware: ${rec.hardware}`));
    assert.equal(doc.isDirty, true, 'an edit, not a save');
    // Validation of the edited text (debounced): no validation error anywhere.
    await sleep(600);
    await waitForDiagnostics(
      doc.uri,
      (ds) => !ds.some((d) => codeOf(d)?.startsWith('LLMS0') && d.severity === vscode.DiagnosticSeverity.Error),
      'no validation errors after the recommendation',
    );
    await saveAndEstimate(api, doc);
    const ds = ours(doc.uri);
    const block = placementBlocks(doc).find((b) => b.name === name)!;
    const inNew = ds.filter((d) => d.range.start.line >= block.startLine && d.range.start.line < block.endLine);
    assert.deepEqual(
      inNew.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).map((d) => d.message),
      [],
      `the recommended placement has warnings/errors:\n    ${describeDiags(inNew)}`,
    );
    const lens = parseHeadline((await lensOf(doc, name)).command!.title);
    assert.equal(
      lens.icon,
      'pass',
      `the recommended placement must pass: ${JSON.stringify(corePlacement(doc.getText(), name).reasons)}`,
    );
    assert.equal(lens.devices, rec.gpus);
  });

  it('New Deployment File: an untitled YAML editor with the template, validated without errors and estimated (3 CodeLenses)', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('llmSizing.newDeploymentFile');
    const doc = editor?.document ?? vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'an editor must open');
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, 'yaml');
    assert.equal(doc.getText(), NEW_DEPLOYMENT_TEMPLATE);
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'the new file is the active editor');
    await waitForEstimate(api, doc, 'the estimate on open');
    await sleep(500);
    const ds = ours(doc.uri);
    assert.deepEqual(
      ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => `${codeOf(d)} ${d.message}`),
      [],
      'the template has no error',
    );
    const lenses = await placementLenses(doc);
    assert.deepEqual(
      lenses.map((l) => l.command?.arguments?.[2]),
      ['own-gpus', 'rented', 'workstations'],
    );
  });

  it('Compare Placements (uri, deployment, placement) and the CodeLens command open one "Placement Comparison" webview tab (viewType llmSizing.comparison)', async () => {
    const doc = await scratchCopy(NIGHTLY, 'compare', { show: true });
    await waitForEstimate(api, doc);
    await vscode.commands.executeCommand('llmSizing.comparePlacements', doc.uri, DEPLOYMENT, 'dc-h100');
    const tabs = await waitFor(
      () => {
        const t = webviewTabs('llmSizing.comparison');
        return t.length ? t : undefined;
      },
      'a webview tab of viewType llmSizing.comparison',
      describeTabs,
    );
    assert.equal(tabs.length, 1);
    assert.equal(tabs[0]!.label, 'Placement Comparison');
    // It opens beside the YAML without taking focus.
    assert.equal(
      vscode.window.activeTextEditor?.document.uri.toString(),
      doc.uri.toString(),
      'the YAML editor keeps focus',
    );

    const lens = await lensOf(doc, 'cloud-h100-nightly');
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    await sleep(300);
    assert.equal(webviewTabs('llmSizing.comparison').length, 1, `still one comparison panel: ${describeTabs()}`);

    await vscode.window.tabGroups.close(webviewTabs('llmSizing.comparison'));
    await vscode.commands.executeCommand('llmSizing.comparePlacements');
    await waitFor(
      () => webviewTabs('llmSizing.comparison').length === 1 || undefined,
      'the panel from the active editor (no arguments)',
      describeTabs,
    );
  });

  it("Re-run Estimate: re-estimates the active editor's current text (no longer stale, placement diagnostics back)", async () => {
    const doc = await scratchCopy(NIGHTLY, 'reestimate', { show: true });
    await waitForEstimate(api, doc);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, rangeInPlacement(doc, 'dc-h100', /gpus:\s*(4)/), '8');
    await vscode.workspace.applyEdit(edit);
    await waitFor(() => api.estimates.get(doc)?.stale, 'the estimate to be stale');
    await waitForDiagnostics(
      doc.uri,
      (ds) => !ds.some((d) => codeOf(d)?.startsWith('LLMS1')),
      'placement diagnostics dropped',
    );
    await vscode.commands.executeCommand('llmSizing.reestimate');
    const e = await waitForEstimate(api, doc, 'the re-run estimate');
    assert.equal(e.stale, false);
    assert.equal(doc.isDirty, true, 're-estimating does not save');
    const h = parseHeadline((await lensOf(doc, 'dc-h100')).command!.title);
    assert.equal(h.stale, false);
    assert.equal(h.devices, 8, 'the estimate is of the edited text');
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'LLMS103'), 'placement diagnostics back');
  });

  it("Show Placement in Editor while the comparison panel is the active group: reveals in the file's open editor, the panel stays visible", async () => {
    // What a click on a placement in the panel (or the sidebar while the panel has focus) does.
    const doc = await scratchCopy(NIGHTLY, 'reveal-panel', { show: true });
    await waitForEstimate(api, doc);
    await vscode.commands.executeCommand('llmSizing.comparePlacements', doc.uri);
    const panelTab = await waitFor(() => webviewTabs('llmSizing.comparison')[0], 'the comparison panel', describeTabs);
    const panelGroup = panelTab.group.viewColumn;
    assert.notEqual(panelGroup, vscode.ViewColumn.One, 'the panel opens beside the YAML');
    await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
    await waitFor(
      () => vscode.window.tabGroups.activeTabGroup.viewColumn === panelGroup || undefined,
      'the panel group to be active',
      describeTabs,
    );
    await vscode.commands.executeCommand('llmSizing.revealPlacement', doc.uri, DEPLOYMENT, 'cloud-h100-nightly');
    const expected = rangeInPlacement(doc, 'cloud-h100-nightly', /name:\s*(\S+)/);
    await waitFor(
      () =>
        vscode.window.activeTextEditor?.selection.isEqual(new vscode.Selection(expected.start, expected.end)) ||
        undefined,
      'the placement name selected',
      () => JSON.stringify(vscode.window.activeTextEditor?.selection),
    );
    const yamlTabs = allTabs().filter(
      (t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString(),
    );
    const panelNow = webviewTabs('llmSizing.comparison')[0];
    assert.ok(
      yamlTabs.length === 1 && panelNow?.isActive,
      'issue 6 "clicking a placement reveals its YAML": expected the reveal in the already open editor (column 1) with the panel still the ' +
        `active tab of its group; tabs now: ${describeTabs()} (YAML tabs in columns ${JSON.stringify(yamlTabs.map((t) => t.group.viewColumn))}, ` +
        `panel active: ${panelNow?.isActive})`,
    );
  });

  it("Show Placement in Editor (uri, deployment, placement): the editor selects the placement's name", async () => {
    const doc = await scratchCopy(NIGHTLY, 'reveal');
    await vscode.commands.executeCommand('llmSizing.revealPlacement', doc.uri, DEPLOYMENT, 'cloud-h100-nightly');
    const editor = await waitFor(
      () =>
        vscode.window.activeTextEditor?.document.uri.toString() === doc.uri.toString() &&
        vscode.window.activeTextEditor,
      "the placement's file in the active editor",
    );
    assert.equal(editor?.document.uri.toString(), doc.uri.toString());
    const expected = rangeInPlacement(doc, 'cloud-h100-nightly', /name:\s*(\S+)/);
    assert.ok(
      editor!.selection.isEqual(new vscode.Selection(expected.start, expected.end)),
      `selection ${JSON.stringify(editor!.selection)} != name ${JSON.stringify(expected)}`,
    );
  });

  it('Show Placement in Editor with an occurrence: counts the estimated deployments, as the panel does (an invalid twin before them does not shift it)', async () => {
    // Three deployments named `twin`; the first has a schema error (LLMS011) and is not estimated, so
    // the panel lists two and calls the last one occurrence 1.
    const twin = (workload: string) =>
      [
        'apiVersion: llm-sizing/v1',
        'kind: Deployment',
        'name: twin',
        'model: {id: llama-3.1-8b, weights: fp8}',
        `workload: ${workload}`,
        'placements:',
        '  - {name: box, type: on-prem, hardware: l40s-48gb, gpus: 1}',
      ].join('\n');
    const text = [
      twin('3'),
      twin('{inputTokens: 500, outputTokens: 100, peakRequestsPerSecond: 1}'),
      twin('{inputTokens: 500, outputTokens: 100, peakRequestsPerSecond: 2}'),
    ].join('\n---\n');
    const uri = vscode.Uri.joinPath(workspaceFolder(), 'scratch', 'reveal-twins.deploy.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${text}\n`));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const estimate = await waitForEstimate(api, doc);
    assert.deepEqual(
      estimate.documents.map((d) => [d.report.name, d.documentIndex]),
      [
        ['twin', 1],
        ['twin', 2],
      ],
    );
    await vscode.commands.executeCommand('llmSizing.revealPlacement', doc.uri, 'twin', 'box', 1);
    const editor = await waitFor(
      () => (vscode.window.activeTextEditor?.selection.start.line === 22 ? vscode.window.activeTextEditor : undefined),
      "the last twin's placement name (line 23) selected",
      () => JSON.stringify(vscode.window.activeTextEditor?.selection),
    );
    assert.equal(editor!.document.getText(editor!.selection), 'box');
  });
});
