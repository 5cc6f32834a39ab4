/**
 * A Kubernetes manifest in the real VS Code: the `--max-model-len` the KV cache cannot hold is an
 * error on that flag's value, the quick fix writes the largest length that fits, and a CodeLens
 * above the container shows the headline. Fixture: test/fixtures/host-workspace/vllm-manifest.yaml
 * (Llama 3.1 8B on one RTX 3090 at 29,000 tokens, vLLM issue #10517).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cleanUp, codeOf, describeDiags, extensionApi, fixtureUri, ours, waitFor, waitForDiagnostics } from './helpers';

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
});
