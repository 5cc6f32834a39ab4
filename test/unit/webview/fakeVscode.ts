/**
 * A minimal stand-in for the `vscode` module, enough for the comparison panel and sidebar to run
 * in mocha: it records what they ask of VS Code. Installed by hooking Node's module loader, so
 * the code under test is the real code.
 */
import Module from 'node:module';

/** What the host code did, for assertions. */
export const recorded = {
  panels: [] as FakePanel[],
  clipboard: [] as string[],
  info: [] as string[],
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  contextKeys: new Map<string, unknown>(),
  treeReveals: [] as unknown[],
};

/**
 * Registers mocha hooks that leave `recorded`'s panels, clipboard and info messages as the suite
 * found them (the record is shared by every suite that installs the fake).
 */
export function keepRecordedAsFound(): void {
  const lengths = { panels: 0, clipboard: 0, info: 0 };
  before(() => Object.assign(lengths, { panels: recorded.panels.length, clipboard: recorded.clipboard.length, info: recorded.info.length }));
  after(() => {
    recorded.panels.length = lengths.panels;
    recorded.clipboard.length = lengths.clipboard;
    recorded.info.length = lengths.info;
  });
}

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];
  event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(value: T): void {
    for (const l of this.listeners) l(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Uri {
  private constructor(private readonly value: string) {}
  static parse(value: string): Uri {
    return new Uri(value);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri([base.value.replace(/\/$/, ''), ...parts].join('/'));
  }
  get path(): string {
    return this.value.replace(/^[a-z]+:\/\//, '');
  }
  toString(): string {
    return this.value;
  }
}

/** A webview panel that keeps the HTML, options and posted messages. */
export class FakePanel {
  readonly posted: unknown[] = [];
  readonly receive = new EventEmitter<unknown>();
  readonly disposed = new EventEmitter<void>();
  readonly viewState = new EventEmitter<void>();
  visible = true;
  revealed = 0;
  isDisposed = false;
  readonly webview = {
    html: '',
    options: {} as { enableScripts?: boolean; localResourceRoots?: Uri[] },
    cspSource: 'https://fake.vscode-cdn.net',
    asWebviewUri: (uri: Uri) => Uri.parse(`https://fake.vscode-cdn.net/${uri.path.replace(/^\//, '')}`),
    postMessage: async (message: unknown) => {
      this.posted.push(message);
      return true;
    },
    onDidReceiveMessage: this.receive.event,
  };
  onDidDispose = this.disposed.event;
  onDidChangeViewState = this.viewState.event;
  constructor(readonly viewType: string, readonly title: string) {}
  reveal(): void {
    this.revealed += 1;
  }
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire();
  }
}

class TreeItem {
  id?: string;
  description?: string;
  tooltip?: string;
  iconPath?: unknown;
  command?: { command: string; arguments?: unknown[] };
  contextValue?: string;
  accessibilityInformation?: { label: string };
  constructor(readonly label: string, readonly collapsibleState: number) {}
}

const fake = {
  Uri,
  EventEmitter,
  TreeItem,
  ThemeIcon: class { constructor(readonly id: string, readonly color?: unknown) {} },
  ThemeColor: class { constructor(readonly id: string) {} },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ViewColumn: { One: 1, Beside: -2 },
  window: {
    createWebviewPanel: (viewType: string, title: string) => {
      const panel = new FakePanel(viewType, title);
      recorded.panels.push(panel);
      return panel;
    },
    showInformationMessage: async (message: string) => {
      recorded.info.push(message);
      return undefined;
    },
    registerWebviewPanelSerializer: () => ({ dispose: () => undefined }),
    createTreeView: () => ({
      visible: true,
      reveal: async (node: unknown) => void recorded.treeReveals.push(node),
      dispose: () => undefined,
    }),
    activeTextEditor: undefined as undefined | { document: { uri: Uri } },
  },
  commands: {
    registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
      if (recorded.commands.has(id)) throw new Error(`command '${id}' already exists`);
      recorded.commands.set(id, run);
      return { dispose: () => recorded.commands.delete(id) };
    },
    executeCommand: async (id: string, key: string, value: unknown) => {
      if (id === 'setContext') recorded.contextKeys.set(key, value);
    },
  },
  workspace: {
    textDocuments: [] as Array<{ uri: Uri; version: number }>,
    asRelativePath: (uri: Uri) => uri.path.replace(/^\/work\/project\//, ''),
  },
  env: {
    clipboard: {
      writeText: async (text: string) => {
        recorded.clipboard.push(text);
      },
    },
  },
};

/** Makes `require('vscode')` return the fake (idempotent). */
export function installFakeVscode(): typeof fake {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown; __fakeVscode?: boolean };
  if (!loader.__fakeVscode) {
    const original = loader._load;
    loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
      return request === 'vscode' ? fake : original.call(this, request, ...rest);
    };
    loader.__fakeVscode = true;
  }
  return fake;
}
