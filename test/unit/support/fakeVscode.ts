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
  /** Edits passed to `workspace.applyEdit`: [uri, range, newText] per replacement. */
  edits: [] as Array<Array<[string, Range, string]>>,
};

/**
 * What `workspace.getConfiguration('llmSizing').get(key)` returns: `settings.get(key)` when the key
 * is present (any value, as a hand-edited settings.json can hold), else the caller's default.
 */
export const configuration = new Map<string, unknown>();

/**
 * Registers mocha hooks that leave `recorded`'s panels, clipboard and info messages as the suite
 * found them (the record is shared by every suite that installs the fake).
 */
export function keepRecordedAsFound(): void {
  const lengths = { panels: 0, clipboard: 0, info: 0 };
  before(() =>
    Object.assign(lengths, {
      panels: recorded.panels.length,
      clipboard: recorded.clipboard.length,
      info: recorded.info.length,
    }),
  );
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
  /** Like vscode.Uri.parse: `strict` rejects a value without a scheme; otherwise it defaults to `file`. */
  static parse(value: string, strict = false): Uri {
    if (strict && !/^[a-zA-Z][\w+.-]*:/.test(value))
      throw new Error(`[UriError]: Scheme is missing: {scheme: "", path: "${value}"}`);
    return new Uri(value);
  }
  get scheme(): string {
    return /^([a-zA-Z][\w+.-]*):/.exec(this.value)?.[1] ?? 'file';
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    // As vscode.Uri.joinPath: `.` and `..` segments are resolved.
    const [, prefix = '', path = ''] = /^([a-zA-Z][\w+.-]*:\/\/)?(.*)$/.exec(base.value) ?? [];
    const out: string[] = [];
    for (const segment of [...path.split('/'), ...parts.flatMap((p) => p.split('/'))]) {
      if (segment === '..') {
        if (out.length > 1) out.pop();
      } else if (segment !== '.' && (segment !== '' || out.length === 0)) out.push(segment);
    }
    return new Uri(prefix + out.join('/'));
  }
  static file(path: string): Uri {
    return new Uri(`file://${path}`);
  }
  with(change: { path: string }): Uri {
    return new Uri(`${this.scheme}://${change.path}`);
  }
  get path(): string {
    return this.value.replace(/^[a-z]+:\/\//, '');
  }
  toString(_skipEncoding?: boolean): string {
    return this.value;
  }
}

/** Files of the fake `workspace.fs` (URI string → bytes; a directory is any prefix). */
export const fakeFiles = new Map<string, Uint8Array>();

class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const FileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 };

const fakeFs = {
  stat: async (uri: Uri) => {
    const key = uri.toString();
    const file = fakeFiles.get(key);
    if (file) return { type: FileType.File, size: file.byteLength };
    if ([...fakeFiles.keys()].some((k) => k.startsWith(`${key}/`))) return { type: FileType.Directory, size: 0 };
    throw new FileSystemError(`not found: ${key}`, 'FileNotFound');
  },
  readFile: async (uri: Uri) => {
    const file = fakeFiles.get(uri.toString());
    if (!file) throw new FileSystemError(`not found: ${uri.toString()}`, 'FileNotFound');
    return file;
  },
  readDirectory: async (uri: Uri) => {
    const prefix = `${uri.toString()}/`;
    const names = new Set(
      [...fakeFiles.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).split('/')[0]!),
    );
    return [...names].map(
      (n) => [n, fakeFiles.has(prefix + n) ? FileType.File : FileType.Directory] as [string, number],
    );
  },
};

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(
    startLine: number | Position,
    startCharacter: number | Position,
    endLine?: number,
    endCharacter?: number,
  ) {
    // As vscode.Range: (start, end) positions, or four numbers.
    if (startLine instanceof Position && startCharacter instanceof Position) {
      this.start = startLine;
      this.end = startCharacter;
      return;
    }
    this.start = new Position(startLine as number, startCharacter as number);
    this.end = new Position(endLine ?? 0, endCharacter ?? 0);
  }
}

class WorkspaceEdit {
  readonly replacements: Array<[string, Range, string]> = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.replacements.push([uri.toString(), range, text]);
  }
}

/** An open text document (LF line ends), enough for the validator and the editing commands. */
export class FakeTextDocument {
  readonly uri: Uri;
  constructor(
    uri: string,
    private text: string,
    public version = 1,
    readonly languageId = 'yaml',
  ) {
    this.uri = Uri.parse(uri);
  }
  getText(range?: Range): string {
    return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }
  /** Like VS Code: positions outside the document are clamped. */
  offsetAt(p: Position): number {
    const starts = this.lineStarts();
    if (p.line < 0) return 0;
    if (p.line >= starts.length) return this.text.length;
    const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1]! - 1 : this.text.length;
    return Math.min(lineEnd, starts[p.line]! + Math.max(0, p.character));
  }
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(this.text.length, offset));
    const starts = this.lineStarts();
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= o) line += 1;
    return new Position(line, o - starts[line]!);
  }
  /** The range of the first match of `re` (its first group when it has one). */
  rangeOf(re: RegExp): Range {
    const m = re.exec(this.text);
    if (!m) throw new Error(`${re} not in ${this.uri.toString()}`);
    const start = m.index + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0);
    const a = this.positionAt(start);
    const b = this.positionAt(start + (m[1] ?? m[0]).length);
    return new Range(a.line, a.character, b.line, b.character);
  }
  setText(text: string): void {
    this.text = text;
    this.version += 1;
  }
  private lineStarts(): number[] {
    const starts = [0];
    for (let i = 0; i < this.text.length; i++) if (this.text[i] === '\n') starts.push(i + 1);
    return starts;
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
    options: {} as { enableScripts?: boolean; enableForms?: boolean; localResourceRoots?: Uri[] },
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
  constructor(
    readonly viewType: string,
    readonly title: string,
  ) {}
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
  constructor(
    readonly label: string,
    readonly collapsibleState: number,
  ) {}
}

const fake = {
  Uri,
  Position,
  Range,
  WorkspaceEdit,
  EventEmitter,
  TreeItem,
  ThemeIcon: class {
    constructor(
      readonly id: string,
      readonly color?: unknown,
    ) {}
  },
  ThemeColor: class {
    constructor(readonly id: string) {}
  },
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
  FileType,
  FileSystemError,
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  MarkdownString: class {
    supportHtml = false;
    isTrusted = false;
    constructor(readonly value: string) {}
  },
  Hover: class {
    readonly contents: unknown[];
    constructor(
      contents: unknown,
      readonly range?: unknown,
    ) {
      this.contents = [contents];
    }
  },
  workspace: {
    fs: fakeFs,
    isTrusted: true,
    /** The workspace folder: everything under file:///work/project. */
    getWorkspaceFolder: (uri: Uri) =>
      uri.toString().startsWith('file:///work/project/') ? { uri: Uri.parse('file:///work/project') } : undefined,
    textDocuments: [] as Array<{ uri: Uri; version: number }>,
    asRelativePath: (uri: Uri) => uri.path.replace(/^\/work\/project\//, ''),
    getConfiguration: (section?: string) => ({
      get: <T>(key: string, fallback?: T): T | undefined => {
        const full = section ? `${section}.${key}` : key;
        return configuration.has(full) ? (configuration.get(full) as T) : fallback;
      },
    }),
    applyEdit: async (edit: WorkspaceEdit) => {
      recorded.edits.push(edit.replacements);
      return true;
    },
  },
  languages: {
    /** `**\/*.ext` patterns only (the default deployment globs): 10 on a match, else 0. */
    match: (selector: { pattern?: string }, document: { uri: Uri }) =>
      selector.pattern?.startsWith('**/*') && document.uri.path.endsWith(selector.pattern.slice(4)) ? 10 : 0,
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
  const loader = Module as unknown as {
    _load: (request: string, ...rest: unknown[]) => unknown;
    __fakeVscode?: boolean;
  };
  if (!loader.__fakeVscode) {
    const original = loader._load;
    loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
      return request === 'vscode' ? fake : original.call(this, request, ...rest);
    };
    loader.__fakeVscode = true;
  }
  return fake;
}
