/**
 * The comparison view as plain nodes: every chart and table is built once as a tree of
 * {@link ViewElement}s and strings, which the webview turns into DOM (webview/dom.ts) and the CLI's
 * HTML report into markup ({@link toHtml}). One renderer, two outputs; no `document` here, so the
 * same code runs in the browser and in Node.
 *
 * Text always stays text: names and reasons come from the user's YAML, so the DOM side appends
 * text nodes (never innerHTML) and {@link toHtml} escapes every character that could start markup.
 * There is no `style` attribute on purpose — the webview's CSP (style-src without 'unsafe-inline')
 * would block it; sizes are SVG geometry or classes from webview/styles.css.
 */

/** Attribute values; `false`/`undefined` omit the attribute, `true` sets it empty. */
export type Attrs = Record<string, string | number | boolean | undefined>;
/** A node of the view: an element or a text. */
export type ViewNode = ViewElement | string;
/** Anything `h`/`s` accept as a child. */
export type Child = ViewNode | number | null | undefined | false;

/** An element: HTML or SVG namespace, attributes in order, children. */
export class ViewElement {
  readonly attrs: [string, string][] = [];
  readonly children: ViewNode[] = [];

  constructor(
    readonly namespace: 'html' | 'svg',
    readonly tag: string,
  ) {}

  /** Appends children (skipping `null`, `undefined` and `false`; numbers become text). */
  append(...children: Child[]): this {
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      this.children.push(typeof child === 'number' ? String(child) : child);
    }
    return this;
  }

  /** The value of an attribute, as the DOM's getAttribute. */
  attribute(name: string): string | undefined {
    return this.attrs.find(([n]) => n === name)?.[1];
  }
}

function build(namespace: 'html' | 'svg', tag: string, attrs: Attrs | undefined, children: Child[]): ViewElement {
  const el = new ViewElement(namespace, tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.attrs.push([name, value === true ? '' : String(value)]);
  }
  return el.append(...children);
}

/** An HTML element with attributes and children. */
export function h(tag: string, attrs?: Attrs, ...children: Child[]): ViewElement {
  return build('html', tag, attrs, children);
}

/** An SVG element with attributes and children. */
export function s(tag: string, attrs?: Attrs, ...children: Child[]): ViewElement {
  return build('svg', tag, attrs, children);
}

let counter = 0;
/** A document-unique id (aria references, clip paths). */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Restarts {@link uid}'s numbering, so a static report's ids do not depend on what ran before. */
export function resetUids(): void {
  counter = 0;
}

/** Text for screen readers only (visually hidden, still read). */
export function srOnly(text: string): ViewElement {
  return h('span', { class: 'sr-only' }, text);
}

/** HTML elements that have no end tag. */
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col', 'wbr']);

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/**
 * Markup for a node, as the HTML parser reads it back: text and attribute values escaped, SVG
 * elements closed explicitly, the root `<svg>` given its namespace so it also works on its own.
 */
export function toHtml(node: ViewNode, parentNamespace: 'html' | 'svg' = 'html'): string {
  if (typeof node === 'string') return escapeText(node);
  const attrs = [...node.attrs];
  if (node.namespace === 'svg' && parentNamespace === 'html' && node.tag === 'svg' && !node.attribute('xmlns'))
    attrs.unshift(['xmlns', 'http://www.w3.org/2000/svg']);
  const open = `<${node.tag}${attrs.map(([n, v]) => (v === '' ? ` ${n}` : ` ${n}="${escapeAttribute(v)}"`)).join('')}>`;
  if (node.namespace === 'html' && VOID.has(node.tag)) return open;
  return `${open}${node.children.map((c) => toHtml(c, node.namespace)).join('')}</${node.tag}>`;
}
