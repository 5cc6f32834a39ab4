/**
 * Selection and keyboard navigation without re-rendering: classes and tabindex are toggled in
 * place so focus and scroll never move when the user selects a placement.
 */
import type { Position } from '../src/view/view';

/** Reads the placement position an element (or its ancestor) carries. */
export function positionOf(el: Element | null): Position | undefined {
  const at = el?.closest('[data-d][data-p]');
  if (!at) return undefined;
  const d = Number(at.getAttribute('data-d'));
  const p = Number(at.getAttribute('data-p'));
  return Number.isInteger(d) && Number.isInteger(p) ? { d, p } : undefined;
}

/** Marks the selected placement's column, chart series and header button (roving tabindex). */
export function applySelection(root: HTMLElement, selected: Position | undefined): void {
  for (const el of Array.from(root.querySelectorAll('[data-d][data-p]'))) {
    const pos = positionOf(el);
    const on = selected !== undefined && pos?.d === selected.d && pos.p === selected.p;
    el.classList.toggle('selected', on);
    if (el instanceof HTMLButtonElement) {
      el.setAttribute('aria-pressed', String(on));
      // One tab stop per deployment: the selected placement, else the first.
      const first = pos?.p === 0;
      const here = selected !== undefined && pos?.d === selected.d;
      el.tabIndex = on || (!here && first) ? 0 : -1;
    }
  }
  for (const section of Array.from(root.querySelectorAll('section.deployment'))) {
    section.classList.toggle(
      'has-selection',
      selected !== undefined && Number(section.getAttribute('data-d')) === selected.d,
    );
  }
}

/** Arrow keys / Home / End among a deployment's placement buttons; returns the button moved to. */
export function moveFocus(event: KeyboardEvent): HTMLButtonElement | undefined {
  const current =
    event.target instanceof HTMLButtonElement && event.target.classList.contains('placement')
      ? event.target
      : undefined;
  if (!current) return undefined;
  const row = Array.from(current.closest('tr')?.querySelectorAll<HTMLButtonElement>('button.placement') ?? []);
  const i = row.indexOf(current);
  const next =
    event.key === 'ArrowRight'
      ? row[Math.min(i + 1, row.length - 1)]
      : event.key === 'ArrowLeft'
        ? row[Math.max(i - 1, 0)]
        : event.key === 'Home'
          ? row[0]
          : event.key === 'End'
            ? row[row.length - 1]
            : undefined;
  if (!next) return undefined;
  event.preventDefault();
  next.focus();
  return next;
}
