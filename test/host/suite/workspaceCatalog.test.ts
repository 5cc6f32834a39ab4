/**
 * The workspace catalog (`.llm-sizing/catalog.yaml`) in the real VS Code (issue 14 item 10): its
 * problems are located diagnostics (LLMS057) while it is edited, and a saved change re-estimates
 * the deployment files that see it. The same for the calibration file `llm-sizing calibrate` writes
 * (`.llm-sizing/calibration.yaml`, issue 16 item 6, LLMS062).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  cleanUp,
  codeOf,
  describeDiags,
  extensionApi,
  ours,
  waitFor,
  waitForDiagnostics,
  workspaceFolder,
} from './helpers';

const enc = new TextEncoder();
const catalogText = (usd: number) => `hardware:
  - id: h100-sxm-80gb
    purchasePrice: {usd: ${usd}, date: "2026-12", source: "our quote"}
  - id: broken-gpu
    name: Broken GPU 48GB
    vendor: ACME
    class: workstation-gpu
    memoryGB: lots
    visibleMemoryGiB: 44.5
    memoryBandwidthGBps: 960
    tflops: {bf16: 180, fp8: null, int8: 360, fp4: null}
    tdpW: 300
    interconnect: {kind: pcie, perGpuGBps: 32}
    supportsFp8: false
    supportsFp4: false
    sources: ["vendor datasheet"]
    confidence: medium
`;
const DEPLOYMENT = `apiVersion: llm-sizing/v1
kind: Deployment
name: ws
model: {id: llama-3.1-8b}
workload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: 1}
placements:
  - name: dc
    type: on-prem
    hardware: h100-sxm-80gb
    gpus: 8
`;

describe('workspace catalog (.llm-sizing/catalog.yaml)', () => {
  after(cleanUp);

  it('LLMS057 on the bad field of the catalog; a saved price change re-estimates a deployment that uses it', async () => {
    const api = await extensionApi();
    const dir = vscode.Uri.joinPath(workspaceFolder(), 'scratch', 'wscat');
    const catalogUri = vscode.Uri.joinPath(dir, '.llm-sizing', 'catalog.yaml');
    await vscode.workspace.fs.writeFile(catalogUri, enc.encode(catalogText(20000)));
    const deploymentUri = vscode.Uri.joinPath(dir, 'ws.deploy.yaml');
    await vscode.workspace.fs.writeFile(deploymentUri, enc.encode(DEPLOYMENT));

    const catalogDoc = await vscode.workspace.openTextDocument(catalogUri);
    await vscode.window.showTextDocument(catalogDoc);
    const ds = await waitForDiagnostics(
      catalogUri,
      (list) => list.some((d) => codeOf(d) === 'LLMS057'),
      'LLMS057 in the workspace catalog',
    );
    const problem = ds.find((d) => codeOf(d) === 'LLMS057')!;
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error, describeDiags(ours(catalogUri)));
    assert.equal(catalogDoc.getText(problem.range), 'lots', describeDiags(ds));
    assert.match(problem.message, /broken-gpu/);

    // The deployment sees the catalog's price: 8 GPUs × $20,000 in the first capex line.
    const deploymentDoc = await vscode.workspace.openTextDocument(deploymentUri);
    const gpuCapex = () => {
      const e = api.estimates.get(deploymentDoc);
      const line = e?.documents[0]?.report.placements[0]?.cost.breakdown[0]?.item;
      return line && !e!.stale ? line : undefined;
    };
    await waitFor(
      () => (gpuCapex()?.includes('$160,000') ? true : undefined),
      'the deployment estimated with the workspace price',
      () => String(gpuCapex()),
    );

    // Edit and save the catalog: the open deployment is read and estimated again.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(catalogUri, new vscode.Range(0, 0, catalogDoc.lineCount, 0), catalogText(10000));
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(await catalogDoc.save(), true);
    await waitFor(
      () => (gpuCapex()?.includes('$80,000') ? true : undefined),
      'the deployment re-estimated after the catalog was saved',
      () => String(gpuCapex()),
    );
  });

  it('LLMS062 on the bad correction of .llm-sizing/calibration.yaml; a saved correction re-estimates and is named', async () => {
    const api = await extensionApi();
    const dir = vscode.Uri.joinPath(workspaceFolder(), 'scratch', 'wscal');
    const calibrationUri = vscode.Uri.joinPath(dir, '.llm-sizing', 'calibration.yaml');
    const calibration = (bandwidth: number) =>
      `corrections:\n  - {engine: vllm, hardware: h100-sxm-80gb, bandwidth: ${bandwidth}, stepOverheadMs: 2, cases: 3}\n`;
    await vscode.workspace.fs.writeFile(calibrationUri, enc.encode(calibration(9)));
    const deploymentUri = vscode.Uri.joinPath(dir, 'ws.deploy.yaml');
    await vscode.workspace.fs.writeFile(deploymentUri, enc.encode(DEPLOYMENT));

    const calibrationDoc = await vscode.workspace.openTextDocument(calibrationUri);
    await vscode.window.showTextDocument(calibrationDoc);
    const ds = await waitForDiagnostics(
      calibrationUri,
      (list) => list.some((d) => codeOf(d) === 'LLMS062'),
      'LLMS062 in the calibration file',
    );
    const problem = ds.find((d) => codeOf(d) === 'LLMS062')!;
    assert.equal(calibrationDoc.getText(problem.range), '9', describeDiags(ds));

    // The out-of-bounds correction is ignored: the deployment's estimate names none.
    const deploymentDoc = await vscode.workspace.openTextDocument(deploymentUri);
    const assumptions = () => {
      const e = api.estimates.get(deploymentDoc);
      return e && !e.stale ? (e.documents[0]?.report.placements[0]?.assumptions ?? []) : undefined;
    };
    const named = (list: string[]) =>
      list.some((a) => /workspace calibration \(\.llm-sizing\/calibration\.yaml\) for vllm on h100-sxm-80gb/.test(a));
    await waitFor(() => (assumptions() ? true : undefined), 'the deployment estimated');
    assert.equal(named(assumptions()!), false);

    // A valid correction, saved: the open deployment is estimated again with it, and says so.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(calibrationUri, new vscode.Range(0, 0, calibrationDoc.lineCount, 0), calibration(0.8));
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    assert.equal(await calibrationDoc.save(), true);
    await waitFor(
      () => (named(assumptions() ?? []) ? true : undefined),
      'the deployment re-estimated with the saved correction',
      () => (assumptions() ?? []).join(' | '),
    );
    await waitForDiagnostics(calibrationUri, (list) => !list.some((d) => codeOf(d) === 'LLMS062'), 'LLMS062 gone');
  });
});
