/**
 * The view's plain nodes (src/view/nodes.ts) as DOM. Text becomes text nodes, never innerHTML:
 * names and reasons come from the user's YAML.
 */
import type { ViewNode } from '../src/view/nodes';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A DOM node for a view node (elements in their namespace, attributes in order, children). */
export function toDom(node: ViewNode): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const el = node.namespace === 'svg' ? document.createElementNS(SVG_NS, node.tag) : document.createElement(node.tag);
  for (const [name, value] of node.attrs) el.setAttribute(name, value);
  for (const child of node.children) el.append(toDom(child));
  return el;
}
