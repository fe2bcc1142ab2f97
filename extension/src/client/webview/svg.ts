/** Tiny DOM helpers. Attributes only, never `style`: the page's CSP forbids inline styles. */

const SVG_NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number | undefined>;
type Child = Node | string | undefined | false;

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, children: Child[] = []): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  return fill(node, attrs, children);
}

export function html<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), attrs, children);
}

function fill<E extends Element>(node: E, attrs: Attrs, children: Child[]): E {
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

/** An SVG `<title>`: the tooltip of its parent. */
export function tooltip(text: string): SVGTitleElement {
  return svg('title', {}, [text]);
}

/** Cuts `text` to `max` characters with an ellipsis (labels in fixed-width boxes). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
