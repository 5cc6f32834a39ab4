import assert from 'node:assert/strict';
import { ComparisonPanel, RESTORABLE_SCHEMES, restorableUri } from '../../../../src/extension/comparison/panel';
import { PlacementTreeProvider } from '../../../../src/extension/comparison/sidebar';
import { deploymentIndexOf, placementRefAt } from '../../../../src/protocol/refs';
import { COMPARISON_VIEW_TYPE, type UpdateMessage } from '../../../../src/protocol/webview';
import { installFakeVscode, recorded, type FakePanel } from '../../support/fakeVscode';
import { loadUpdate } from '../../support/comparisonUpdate';

describe('comparison panel and sidebar (host side, fake vscode)', () => {
  const vscode = installFakeVscode();

  const update = loadUpdate();
  const uri = vscode.Uri.parse('file:///work/project/deploy/assistant.deploy.yaml');
  const extensionUri = vscode.Uri.parse('file:///ext');
  const flush = () => new Promise((r) => setTimeout(r, 0));
  let reveals: Array<Array<string | number | undefined>>;
  let selects: string[][];
  let loads: string[];

  function makePanel() {
    reveals = [];
    selects = [];
    loads = [];
    return new ComparisonPanel({
      extensionUri: extensionUri as never,
      reveal: (u, d, p, occurrence) => void reveals.push([u.toString(), d, p, ...(occurrence ? [occurrence] : [])]),
      onSelect: (u, ref) => void selects.push([u.toString(), ref.deployment, ref.placement]),
      load: (u) => {
        loads.push(u.toString());
        return update.deployments;
      },
    });
  }
  const lastPanel = () => recorded.panels[recorded.panels.length - 1]!;
  const send = async (panel: FakePanel, message: unknown) => {
    panel.receive.fire(message);
    await flush();
  };

  it('opens one panel with a strict CSP, local resources only, and sends the update on `ready`', async () => {
    const comparison = makePanel();
    comparison.show(update.deployments, uri as never, { deployment: 'assistant', placement: 'edge-orin' });
    const panel = lastPanel();
    assert.equal(panel.viewType, COMPARISON_VIEW_TYPE);
    assert.equal(panel.title, 'Placement Comparison');
    assert.equal(panel.webview.options.enableScripts, true);
    assert.strictEqual(panel.webview.options.enableForms, false);
    assert.deepEqual(panel.webview.options.localResourceRoots?.map(String), ['file:///ext/dist/webview']);
    const html = panel.webview.html;
    const nonce = /script-src 'nonce-([0-9a-f]{32})'/.exec(html)?.[1];
    assert.ok(nonce, 'nonce in the CSP');
    assert.ok(html.includes("default-src 'none'; style-src https://fake.vscode-cdn.net;"));
    assert.ok(html.includes("form-action 'none'; base-uri 'none';"));
    assert.ok(
      html.includes(`<script nonce="${nonce}" src="https://fake.vscode-cdn.net/ext/dist/webview/main.js"></script>`),
    );
    assert.ok(html.includes('href="https://fake.vscode-cdn.net/ext/dist/webview/styles.css"'));
    assert.equal(panel.posted.length, 0, 'nothing is posted before the webview listens');

    await send(panel, { type: 'ready' });
    const sent = panel.posted[0] as UpdateMessage;
    assert.equal(sent.type, 'update');
    assert.deepEqual(sent.file, { path: 'deploy/assistant.deploy.yaml', uri: uri.toString() });
    assert.deepEqual(sent.selected, { deployment: 'assistant', placement: 'edge-orin' });
    assert.equal(sent.deployments.length, 2);

    comparison.show(update.deployments, uri as never);
    assert.equal(recorded.panels.length, 1, 'a second show reuses the panel');
    assert.equal(panel.revealed, 1);
    comparison.update(update.deployments, uri as never, 7);
    assert.equal((panel.posted.at(-1) as UpdateMessage).documentVersion, 7);
    assert.equal((panel.posted.at(-1) as UpdateMessage).selected, undefined, 'a refresh does not move the selection');
    comparison.dispose();
    assert.equal(comparison.isOpen, false);
  });

  it('two deployments with the same name (LLMS043): reveal and select name the second by its occurrence (issue 13)', async () => {
    const comparison = makePanel();
    const [first, second] = update.deployments;
    const twins = [first!, { ...second!, name: first!.name }];
    comparison.show(twins, uri as never);
    const panel = lastPanel();
    await send(panel, { type: 'ready' });
    const secondPlacement = second!.placements[0]!.name;
    await send(panel, { type: 'reveal', deployment: first!.name, placement: secondPlacement, occurrence: 1 });
    await send(panel, { type: 'reveal', deployment: first!.name, placement: secondPlacement });
    await send(panel, { type: 'reveal', deployment: first!.name, placement: secondPlacement, occurrence: 2 });
    await send(panel, { type: 'reveal', deployment: first!.name, placement: secondPlacement, occurrence: -1 });
    assert.deepEqual(
      reveals,
      [[uri.toString(), first!.name, secondPlacement, 1]],
      'only the second twin has that placement; occurrence 0 and 2 name nothing, -1 is malformed',
    );
    comparison.dispose();

    const tree = new PlacementTreeProvider();
    tree.setReports(uri as never, twins);
    const roots = tree.getChildren();
    assert.equal(new Set(roots.map((r) => r.id)).size, 2, 'tree ids stay unique');
    const item = tree.getTreeItem(tree.getChildren(roots[1])[0]!) as unknown as { command: { arguments: unknown[] } };
    assert.deepEqual(item.command.arguments.slice(1), [first!.name, secondPlacement, 1]);
    assert.equal(tree.find(first!.name, secondPlacement, 1), tree.getChildren(roots[1])[0]);
    assert.equal(tree.find(first!.name, secondPlacement), undefined);
  });

  it('refs ↔ positions with repeated deployment names (the webview and the host share them)', () => {
    const list = [
      { name: 'a', placements: [{ name: 'x' }] },
      { name: 'b', placements: [{ name: 'x' }] },
      { name: 'a', placements: [{ name: 'y' }] },
    ];
    assert.deepEqual(placementRefAt(list, 2, 0), { deployment: 'a', placement: 'y', occurrence: 1 });
    assert.deepEqual(placementRefAt(list, 0, 0), { deployment: 'a', placement: 'x' });
    assert.equal(deploymentIndexOf(list, { deployment: 'a', placement: 'y', occurrence: 1 }), 2);
    assert.equal(deploymentIndexOf(list, { deployment: 'a', placement: 'y' }), 0);
    assert.equal(deploymentIndexOf(list, { deployment: 'a', placement: 'y', occurrence: 2 }), -1);
    assert.equal(placementRefAt(list, 3, 0), undefined);
  });

  it('validates webview messages: reveal/select only for known placements, junk ignored', async () => {
    const comparison = makePanel();
    comparison.show(update.deployments, uri as never);
    const panel = lastPanel();
    await send(panel, { type: 'ready' });
    await send(panel, { type: 'reveal', deployment: 'assistant', placement: 'dc-h100' });
    await send(panel, { type: 'reveal', deployment: 'assistant', placement: 'nope' });
    await send(panel, { type: 'reveal', deployment: 'assistant' });
    await send(panel, { type: 'run', command: 'workbench.action.terminal.new' });
    await send(panel, 'reveal');
    await send(panel, { type: 'select', deployment: 'summarizer', placement: 'laptop-edge' });
    assert.deepEqual(reveals, [[uri.toString(), 'assistant', 'dc-h100']]);
    assert.deepEqual(selects, [[uri.toString(), 'summarizer', 'laptop-edge']]);
    await send(panel, { type: 'copyMarkdown', markdown: '| a | b |' });
    assert.equal(recorded.clipboard.at(-1), '| a | b |');
    assert.match(recorded.info.at(-1) ?? '', /copied as Markdown/);
    comparison.dispose();
  });

  it('re-sends the latest update when a hidden webview comes back', async () => {
    const comparison = makePanel();
    comparison.show(update.deployments, uri as never);
    const panel = lastPanel();
    await send(panel, { type: 'ready' });
    panel.visible = false;
    panel.viewState.fire();
    comparison.update(update.deployments, uri as never, 3);
    assert.equal(panel.posted.length, 1, 'not posted to a torn-down webview');
    panel.visible = true;
    await send(panel, { type: 'ready' });
    assert.equal((panel.posted.at(-1) as UpdateMessage).documentVersion, 3);
    comparison.dispose();
  });

  it('restores a panel after a reload from its saved state and re-estimates the file', async () => {
    const comparison = makePanel();
    const restored = new (await import('../../support/fakeVscode')).FakePanel(
      COMPARISON_VIEW_TYPE,
      'Placement Comparison',
    );
    await comparison.restore(restored as never, {
      version: 1,
      last: { ...update, documentVersion: 9 },
      selected: { deployment: 'assistant', placement: 'dc-h100' },
    });
    assert.deepEqual(loads, [uri.toString()]);
    assert.ok(restored.webview.html.includes('Content-Security-Policy'));
    await send(restored, { type: 'ready' });
    assert.equal((restored.posted[0] as UpdateMessage).file.uri, uri.toString());
    // A second restored panel is redundant and closed.
    const extra = new (await import('../../support/fakeVscode')).FakePanel(COMPARISON_VIEW_TYPE, 'x');
    await comparison.restore(extra as never, {});
    assert.equal(extra.isDisposed, true);
    comparison.dispose();
    // Unusable state: the panel comes back empty, nothing is loaded.
    const again = makePanel();
    const blank = new (await import('../../support/fakeVscode')).FakePanel(COMPARISON_VIEW_TYPE, 'x');
    await again.restore(blank as never, { version: 'old' });
    assert.deepEqual(loads, []);
    again.dispose();
  });

  it('restores only document URIs (file, vscode-remote, vscode-vfs, untitled); any other scheme is ignored: nothing opened or loaded (G10)', async () => {
    const { FakePanel } = await import('../../support/fakeVscode');
    const stateFor = (u: string) => ({ version: 1, last: { ...update, file: { path: 'x.deploy.yaml', uri: u } } });
    const refused = [
      'vscode-userdata:/x',
      'vscode-userdata:/home/user/.config/Code/User/settings.json',
      'command:workbench.action.terminal.new',
      'command:llmSizing.setGpus?%5B%5D',
      'https://attacker.example/x.deploy.yaml',
      'data:text/plain,apiVersion',
      'vscode:extension/x',
      'javascript:alert(1)',
      '/etc/passwd', // no scheme at all
      '',
    ];
    for (const u of refused) {
      const comparison = makePanel();
      const restored = new FakePanel(COMPARISON_VIEW_TYPE, 'Placement Comparison');
      await comparison.restore(restored as never, stateFor(u));
      assert.deepEqual(loads, [], `loaded ${u}`);
      assert.equal(comparison.uri, undefined, `the panel took ${u} as its file`);
      assert.ok(restored.webview.html.includes('Content-Security-Policy'), 'the panel still comes back (empty)');
      await send(restored, { type: 'ready' });
      await send(restored, { type: 'reveal', deployment: 'assistant', placement: 'dc-h100' });
      assert.deepEqual(restored.posted, [], 'nothing is sent to the webview');
      assert.deepEqual(reveals, [], 'a click on the stale content reveals nothing');
      comparison.dispose();
    }
    const accepted = [
      'file:///work/project/deploy/assistant.deploy.yaml',
      'vscode-remote://localhost:8080/home/user/project/assistant.deploy.yaml',
      'vscode-remote://ssh-remote%2Bbox/srv/assistant.deploy.yaml',
      'vscode-vfs://github/acme/infra/assistant.deploy.yaml',
      'untitled:Untitled-1',
    ];
    for (const u of accepted) {
      const comparison = makePanel();
      const restored = new FakePanel(COMPARISON_VIEW_TYPE, 'Placement Comparison');
      await comparison.restore(restored as never, stateFor(u));
      assert.deepEqual(loads, [u]);
      await send(restored, { type: 'ready' });
      assert.equal((restored.posted[0] as UpdateMessage).file.uri, u);
      comparison.dispose();
    }
  });

  it('restorableUri: the scheme allowlist', async () => {
    assert.deepEqual([...RESTORABLE_SCHEMES].sort(), ['file', 'untitled', 'vscode-remote', 'vscode-vfs']);
    assert.equal(restorableUri('file:///a.deploy.yaml')?.toString(), 'file:///a.deploy.yaml');
    assert.equal(restorableUri('vscode-userdata:/x'), undefined);
    assert.equal(restorableUri('command:foo'), undefined);
    assert.equal(restorableUri('no-scheme'), undefined);
  });

  it('sidebar: invisible and bidi characters in names are shown as \\uXXXX; the reveal command keeps the real name (issue 13)', () => {
    const tree = new PlacementTreeProvider();
    const [d] = update.deployments;
    const sneaky = 'dc\u202Eh100';
    const renamed = {
      ...d!,
      name: 'assist\u200Bant',
      placements: d!.placements.map((p, i) => (i === 0 ? { ...p, name: sneaky } : p)),
      ...(d!.recommended === d!.placements[0]!.name ? { recommended: sneaky } : {}),
    };
    tree.setReports(uri as never, [renamed]);
    const root = tree.getChildren()[0]!;
    const rootItem = tree.getTreeItem(root) as unknown as {
      label: string;
      accessibilityInformation: { label: string };
    };
    assert.equal(rootItem.label, 'assist\\u200Bant');
    assert.ok(rootItem.accessibilityInformation.label.startsWith('assist\\u200Bant '));
    const item = tree.getTreeItem(tree.getChildren(root)[0]!) as unknown as {
      label: string;
      tooltip: string;
      accessibilityInformation: { label: string };
      command: { arguments: unknown[] };
    };
    assert.equal(item.label, 'dc\\u202Eh100');
    assert.match(item.tooltip, /^dc\\u202Eh100 \(/);
    assert.doesNotMatch(`${item.label}${item.tooltip}${item.accessibilityInformation.label}`, /[\u200B\u202E]/);
    assert.deepEqual(item.command.arguments.slice(1), ['assist\u200Bant', sneaky]);
  });

  it('sidebar: deployments → placements with verdict icons, headlines, tooltips and reveal commands', () => {
    const tree = new PlacementTreeProvider();
    let changes = 0;
    tree.onDidChangeTreeData(() => void (changes += 1));
    assert.deepEqual(tree.getChildren(), []);
    tree.setReports(uri as never, update.deployments);
    assert.equal(changes, 1);
    const roots = tree.getChildren();
    assert.deepEqual(
      roots.map((n) => n.deployment.name),
      ['assistant', 'summarizer'],
    );
    const root = tree.getTreeItem(roots[0]!) as unknown as {
      description: string;
      collapsibleState: number;
      id: string;
    };
    assert.equal(root.description, ' llama-3.1-70b · 3/4 pass');
    assert.equal(root.collapsibleState, 2);
    const kids = tree.getChildren(roots[0]);
    assert.deepEqual(
      kids.map((n) => (n.kind === 'placement' ? n.placement.name : '')),
      ['dc-h100', 'hybrid-burst', 'edge-orin', 'cloud-h100'],
    );
    const edge = tree.getTreeItem(kids[2]!) as unknown as {
      description: string;
      tooltip: string;
      iconPath: { id: string; color: { id: string } };
      command: { command: string; arguments: unknown[] };
      id: string;
    };
    assert.equal(edge.iconPath.id, 'error');
    assert.equal(edge.iconPath.color.id, 'testing.iconFailed');
    assert.match(
      edge.description,
      /^ edge · 12× NVIDIA Jetson AGX Orin 64GB · 48\.5 \/ 61\.4 GiB per GPU · TTFT p95 9\.6 s/,
    );
    assert.match(edge.tooltip, /✗ TTFT p95 9\.6 s exceeds SLO 1 s/);
    assert.match(edge.tooltip, /Cost per month: \$945/);
    assert.equal(edge.command.command, 'llmSizing.revealPlacement');
    assert.deepEqual(edge.command.arguments.slice(1), ['assistant', 'edge-orin']);
    assert.equal((tree.getTreeItem(kids[0]!) as unknown as { iconPath: { id: string } }).iconPath.id, 'pass');
    assert.equal(tree.getParent(kids[2]!), roots[0]);
    assert.equal(tree.find('assistant', 'edge-orin'), kids[2]);
    // Ids survive a refresh so VS Code keeps expansion and selection on save.
    tree.setReports(uri as never, loadUpdate('comparison-v2.json').deployments);
    assert.equal((tree.getTreeItem(tree.getChildren()[0]!) as unknown as { id: string }).id, root.id);
    tree.clear();
    assert.deepEqual(tree.getChildren(), []);
    tree.dispose();
  });
  it("sidebar: every row's accessible name starts with its visible text and says the verdict (WCAG 2.5.3)", () => {
    const tree = new PlacementTreeProvider();
    tree.setReports(uri as never, update.deployments);
    type Item = { label: string; description: string; accessibilityInformation?: { label: string } };
    const rows = tree.getChildren().flatMap((root) => [root, ...tree.getChildren(root)]);
    for (const node of rows) {
      const item = tree.getTreeItem(node) as unknown as Item;
      const name = item.accessibilityInformation?.label ?? '';
      assert.ok(
        name.startsWith(`${item.label}${item.description}`),
        `${JSON.stringify(name)} must start with the visible text`,
      );
      assert.match(`${item.label}${item.description}`, /^\S+ \S/, 'label and description read as separate words');
      if (node.kind === 'deployment') assert.match(name, /\d+\/\d+ pass/);
      else assert.match(name, /, (passes|fails)\b/);
    }
    const root = tree.getTreeItem(tree.getChildren()[0]!) as unknown as Item;
    assert.equal(root.accessibilityInformation?.label, 'assistant llama-3.1-70b · 3/4 pass, recommended: hybrid-burst');
    tree.dispose();
  });
});
