/**
 * Focus Not Obscured (WCAG 2.2, 2.4.11): the toolbar sticks to the top and the metric column to
 * the left of each table, so an element reached with Tab or Shift+Tab could scroll in under them.
 * The sticky sizes are published as CSS custom properties (styles.css turns them into
 * scroll-padding, which the browser uses when it scrolls a focused element into view), and after
 * each focus move anything still covered is scrolled clear. Setting a custom property through the
 * CSSOM is not an inline style attribute, so the CSP (no 'unsafe-inline') allows it.
 */

const MARGIN = 8;

/** Publishes the toolbar height and the widest sticky row header as --llm-* custom properties. */
export function publishStickySizes(root: HTMLElement): void {
  const toolbar = root.querySelector<HTMLElement>('.toolbar');
  const rowHead = root.querySelector<HTMLElement>('table.compare tbody th');
  const style = document.documentElement.style;
  style.setProperty('--llm-toolbar-height', `${Math.ceil(toolbar?.getBoundingClientRect().height ?? 0)}px`);
  style.setProperty('--llm-rowhead-width', `${Math.ceil(rowHead?.getBoundingClientRect().width ?? 0)}px`);
}

/** Scrolls the window and the element's table so that `el` is not under a sticky header. */
export function keepFocusedVisible(root: HTMLElement, el: Element): void {
  if (el.closest('.toolbar')) return;
  const toolbar = root.querySelector<HTMLElement>('.toolbar');
  const top = toolbar ? toolbar.getBoundingClientRect().bottom : 0;
  const rect = el.getBoundingClientRect();
  if (rect.top < top + MARGIN) window.scrollBy(0, rect.top - top - MARGIN);
  else if (rect.bottom > window.innerHeight)
    window.scrollBy(0, Math.min(rect.bottom - window.innerHeight + MARGIN, rect.top - top - MARGIN));

  const scroller = el.closest<HTMLElement>('.table-scroll');
  if (!scroller || el.closest('tbody th, .corner')) return;
  const rowHead = scroller.querySelector<HTMLElement>('tbody th');
  const left = rowHead ? rowHead.getBoundingClientRect().right : scroller.getBoundingClientRect().left;
  const after = el.getBoundingClientRect();
  if (after.left < left) scroller.scrollLeft -= left - after.left + MARGIN;
  else {
    const right = scroller.getBoundingClientRect().right;
    if (after.right > right) scroller.scrollLeft += Math.min(after.right - right + MARGIN, after.left - left - MARGIN);
  }
}
