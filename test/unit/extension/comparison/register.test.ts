import assert from 'node:assert/strict';
import { COMPARISON_IDS, registerComparison } from '../../../../src/extension/comparison';
import type { UpdateMessage } from '../../../../src/protocol/webview';
import { installFakeVscode, recorded } from '../../support/fakeVscode';
import { loadUpdate } from '../../support/comparisonUpdate';

describe('registerComparison (fake vscode)', () => {
  const vscode = installFakeVscode();
  const update = loadUpdate();
  const uri = vscode.Uri.parse('file:///work/project/deploy/assistant.deploy.yaml');
  const other = vscode.Uri.parse('file:///work/project/README.md');
  const flush = () => new Promise((r) => setTimeout(r, 0));

  function setup(skip?: Array<'compare' | 'reveal'>) {
    const context = {
      subscriptions: [] as Array<{ dispose(): unknown }>,
      extensionUri: vscode.Uri.parse('file:///ext'),
    };
    const reveals: unknown[][] = [];
    const feature = registerComparison(context as never, {
      load: (u) => (u.toString() === uri.toString() ? update.deployments : undefined),
      reveal: (u, d, p) => void reveals.push([u.toString(), d, p]),
      skipCommands: skip,
    });
    const dispose = () => context.subscriptions.forEach((s) => s.dispose());
    return { feature, reveals, dispose };
  }

  it('registers the compare and reveal commands; compare opens the panel on the CodeLens placement', async () => {
    const { feature, reveals, dispose } = setup();
    const before = recorded.panels.length;
    await recorded.commands.get(COMPARISON_IDS.compareCommand)!(uri, 'assistant', 'cloud-h100');
    assert.equal(recorded.panels.length, before + 1);
    const panel = recorded.panels.at(-1)!;
    panel.receive.fire({ type: 'ready' });
    await flush();
    assert.deepEqual((panel.posted[0] as UpdateMessage).selected, { deployment: 'assistant', placement: 'cloud-h100' });
    await recorded.commands.get(COMPARISON_IDS.revealCommand)!(uri.toString(), 'assistant', 'dc-h100');
    assert.deepEqual(reveals, [[uri.toString(), 'assistant', 'dc-h100']]);
    assert.ok(feature.panel.isOpen);
    dispose();
    assert.equal(recorded.commands.size, 0, 'commands disposed with the context');
  });

  it('publish feeds the sidebar and the open panel; compare falls back to the sidebar file', async () => {
    const { feature, dispose } = setup();
    feature.publish(uri as never, update.deployments, 4);
    assert.equal(recorded.contextKeys.get(COMPARISON_IDS.hasReports), true);
    assert.equal(feature.tree.getChildren().length, 2);
    vscode.window.activeTextEditor = { document: { uri: other } };
    await feature.compare();
    const panel = recorded.panels.at(-1)!;
    panel.receive.fire({ type: 'ready' });
    await flush();
    assert.equal((panel.posted.at(-1) as UpdateMessage).file.uri, uri.toString());
    feature.publish(uri as never, loadUpdate('comparison-v2.json').deployments, 5);
    await flush();
    assert.equal((panel.posted.at(-1) as UpdateMessage).documentVersion, 5);
    panel.receive.fire({ type: 'select', deployment: 'assistant', placement: 'edge-orin' });
    await flush();
    assert.equal(
      (recorded.treeReveals.at(-1) as { id: string }).id,
      `${uri.toString()}#assistant/edge-orin`,
      'sidebar mirrors the selection',
    );
    feature.clear();
    assert.equal(recorded.contextKeys.get(COMPARISON_IDS.hasReports), false);
    assert.deepEqual(feature.tree.getChildren(), []);
    const infos = recorded.info.length;
    await feature.compare(other as never);
    assert.equal(recorded.info.length, infos + 1, 'a file without deployments gets a message, not an empty panel');
    vscode.window.activeTextEditor = undefined;
    dispose();
  });

  it('leaves commands the extension registers itself alone', () => {
    const { dispose } = setup(['compare', 'reveal']);
    assert.equal(recorded.commands.has(COMPARISON_IDS.compareCommand), false);
    assert.equal(recorded.commands.has(COMPARISON_IDS.revealCommand), false);
    dispose();
  });
});
