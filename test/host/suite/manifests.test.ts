/**
 * A Kubernetes manifest in the real VS Code: the `--max-model-len` the KV cache cannot hold is an
 * error on that flag's value, the quick fix writes the largest length that fits, and a CodeLens
 * above the container shows the headline. Fixture: test/fixtures/host-workspace/vllm-manifest.yaml
 * (Llama 3.1 8B on one RTX 3090 at 29,000 tokens, vLLM issue #10517).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  cleanUp,
  codeOf,
  describeDiags,
  extensionApi,
  fixtureUri,
  ours,
  waitFor,
  waitForDiagnostics,
  waitForEstimate,
  workspaceFolder,
} from './helpers';

describe('Kubernetes manifest (vLLM Pod)', () => {
  after(cleanUp);

  it('located LLMS202 on the --max-model-len value, its quick fix, and a CodeLens above the container', async () => {
    await extensionApi();
    const uri = fixtureUri('vllm-manifest.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ds = await waitForDiagnostics(
      uri,
      (list) => list.some((d) => codeOf(d) === 'LLMS202'),
      'LLMS202 on the manifest',
    );
    const error = ds.find((d) => codeOf(d) === 'LLMS202')!;
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error, describeDiags(ours(uri)));
    assert.equal(doc.getText(error.range), '29000');
    assert.equal(
      error.range.start.line,
      doc
        .getText()
        .split('\n')
        .findIndex((l) => l.includes('--max-model-len')),
    );

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      error.range,
    );
    const fix = actions.find((a) => /^Set the max length to \d+$/.test(a.title));
    assert.ok(fix, `quick fix offered (got ${actions.map((a) => a.title).join(', ')})`);

    const lenses = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return list.find((l) => l.command?.title.includes('vLLM · llama-3.1-8b bf16'));
    }, 'a manifest CodeLens');
    const containerLine = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('- name: vllm'));
    assert.equal(lenses.range.start.line, containerLine);
    assert.match(
      lenses.command!.title,
      /\$\(error\) vLLM · llama-3\.1-8b bf16 · 1× GeForce RTX 3090 24GB · [\d.]+ GiB weights \+ [\d.]+ GiB KV per GPU · 0 sequences at 29,000/,
    );
  });

  it("the comparison panel opens for a manifest, fed the manifest's placement", async () => {
    const api = await extensionApi();
    const uri = fixtureUri('vllm-manifest.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const estimate = await waitForEstimate(api, doc);
    const placement = estimate.documents.flatMap((d) => d.report.placements)[0];
    assert.ok(placement?.manifest, 'the file estimate holds the manifest workload');
    assert.equal(placement.hardware, 'rtx-3090-24gb');
    await vscode.commands.executeCommand('llmSizing.comparePlacements', uri);
    await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .some(
            (t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('llmSizing.comparison'),
          ) || undefined,
      'the comparison panel for the manifest',
    );
  });

  it('a sizing file with `source:` reads the manifest, and is estimated again when the manifest is saved', async () => {
    const api = await extensionApi();
    const enc = new TextEncoder();
    const dir = vscode.Uri.joinPath(workspaceFolder(), 'scratch', 'source');
    const manifestUri = vscode.Uri.joinPath(dir, 'pod.yaml');
    await vscode.workspace.fs.writeFile(
      manifestUri,
      await vscode.workspace.fs.readFile(fixtureUri('vllm-manifest.yaml')),
    );
    const sizingUri = vscode.Uri.joinPath(dir, 'sized.deploy.yaml');
    await vscode.workspace.fs.writeFile(
      sizingUri,
      enc.encode(
        'apiVersion: llm-sizing/v1\nkind: Deployment\nname: sized\nmodel: {id: llama-3.1-8b}\nworkload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: 1}\nplacements:\n  - name: pod\n    type: on-prem\n    source: pod.yaml\n',
      ),
    );
    const sizing = await vscode.workspace.openTextDocument(sizingUri);
    await vscode.window.showTextDocument(sizing);
    const read = await waitForDiagnostics(
      sizingUri,
      (ds) => ds.some((d) => codeOf(d) === 'LLMS058'),
      'LLMS058 on source',
    );
    const note = read.find((d) => codeOf(d) === 'LLMS058')!;
    assert.equal(sizing.getText(note.range), 'pod.yaml');
    const hardware = () => {
      const e = api.estimates.get(sizing);
      return e && !e.stale ? e.documents[0]?.report.placements[0]?.hardware : undefined;
    };
    await waitFor(
      () => (hardware() === 'rtx-3090-24gb' ? true : undefined),
      'the device read from the manifest',
      () => String(hardware()),
    );

    // Change the device in the manifest and save it: the sizing file follows.
    const manifest = await vscode.workspace.openTextDocument(manifestUri);
    await vscode.window.showTextDocument(manifest);
    const at = manifest.getText().indexOf('rtx-3090-24gb');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      manifestUri,
      new vscode.Range(manifest.positionAt(at), manifest.positionAt(at + 'rtx-3090-24gb'.length)),
      'l40s-48gb',
    );
    assert.equal(await vscode.workspace.applyEdit(edit), true);
    await waitFor(
      () => api.validator.stateOf(manifest)?.workloads.length || undefined,
      'the edited manifest validated',
    );
    assert.equal(await manifest.save(), true);
    await waitFor(
      () => (hardware() === 'l40s-48gb' ? true : undefined),
      'the sizing file re-estimated with the saved manifest',
      () => String(hardware()),
    );
  });

  it('resources that state serving in fields (RayService, KAITO): the finding inside the embedded Serve config, its fix, and a CodeLens per workload', async () => {
    await extensionApi();
    const uri = fixtureUri('serving-resources.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ds = await waitForDiagnostics(
      uri,
      (list) => list.some((d) => codeOf(d) === 'LLMS203'),
      'LLMS203 inside serveConfigV2',
    );
    const beyond = ds.find((d) => codeOf(d) === 'LLMS203')!;
    assert.equal(doc.getText(beyond.range), '200000', describeDiags(ours(uri)));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      beyond.range,
    );
    assert.ok(
      actions.some((a) => a.title === 'Set it to 131072'),
      `quick fix offered (got ${actions.map((a) => a.title).join(', ')})`,
    );
    const lenses = await waitFor(async () => {
      const list = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const titles = list.map((l) => l.command?.title ?? '');
      return titles.some((t) => t.includes('vLLM · phi-4')) && titles.some((t) => t.includes('llama-3.1-8b'))
        ? list
        : undefined;
    }, 'a CodeLens for the Ray config and one for the KAITO workspace');
    const kaito = lenses.find((l) => l.command!.title.includes('phi-4'))!;
    assert.match(kaito.command!.title, /1× A100 PCIe 80GB/);
    assert.equal(doc.lineAt(kaito.range.start.line).text.trim(), 'name: phi-4');
  });
});
