/**
 * Entry of the comparison webview (bundled as an IIFE into dist/webview/main.js).
 * Owns the state (last update, selected placement, scroll), persists it with setState so the
 * panel comes back after a reload, and talks to the host only through the shared protocol.
 */
import { keepFocusedVisible, publishStickySizes } from './focusVisibility';
import type { HostToWebviewMessage, PlacementRef, UpdateMessage, WebviewState } from '../src/protocol/webview';
import { deploymentIndexOf, placementRefAt } from '../src/protocol/refs';
import { comparisonMarkdown } from '../src/core/report/markdown';
import { applySelection, moveFocus, positionOf } from './selection';
import { renderPage, type Position } from '../src/view/view';
import { toDom } from './dom';
import { host } from './vscodeApi';

const api = host();
const app = document.getElementById('app') ?? document.body;
const state: WebviewState = readState(api.getState());
/** Newest document version seen per file in this page's life (versions restart after reload). */
const seen = new Map<string, number>();

function readState(raw: unknown): WebviewState {
  const s = raw as Partial<WebviewState> | null | undefined;
  if (!s || s.version !== 1) return { version: 1 };
  return {
    version: 1,
    last: isUpdate(s.last) ? s.last : undefined,
    selected: s.selected,
    scrollY: typeof s.scrollY === 'number' ? s.scrollY : undefined,
  };
}

function isUpdate(m: unknown): m is UpdateMessage {
  const u = m as Partial<UpdateMessage> | null | undefined;
  return !!u && u.type === 'update' && Array.isArray(u.deployments) && typeof u.file?.path === 'string';
}

function save(): void {
  api.setState(state);
}

function positionOfRef(ref: PlacementRef | undefined): Position | undefined {
  const deployments = state.last?.deployments ?? [];
  const d = ref ? deploymentIndexOf(deployments, ref) : -1;
  const p = d < 0 ? -1 : deployments[d]!.placements.findIndex((x) => x.name === ref?.placement);
  return p < 0 ? undefined : { d, p };
}

function refOf(pos: Position): PlacementRef | undefined {
  return placementRefAt(state.last?.deployments ?? [], pos.d, pos.p);
}

/** Re-renders, keeping window and table scroll positions and keyboard focus. */
let rendering = false;

function render(): void {
  rendering = true;
  const scrollY = window.scrollY;
  const scrollX = new Map(
    Array.from(
      app.querySelectorAll('[data-scroll-key]'),
      (el) => [el.getAttribute('data-scroll-key'), el.scrollLeft] as const,
    ),
  );
  const active = document.activeElement;
  const focusKey =
    active?.getAttribute('data-focus-key') ??
    (active instanceof HTMLButtonElement && active.classList.contains('placement')
      ? placementKey(positionOf(active))
      : undefined);

  app.replaceChildren(...renderPage(state.last, positionOfRef(state.selected)).map(toDom));
  for (const b of Array.from(app.querySelectorAll('button.placement')))
    b.setAttribute('data-focus-key', placementKey(positionOf(b)) ?? '');
  applySelection(app, positionOfRef(state.selected));
  publishStickySizes(app);

  for (const el of Array.from(app.querySelectorAll('[data-scroll-key]')))
    el.scrollLeft = scrollX.get(el.getAttribute('data-scroll-key')) ?? 0;
  window.scrollTo(window.scrollX, scrollY);
  if (focusKey) app.querySelector<HTMLElement>(`[data-focus-key="${focusKey}"]`)?.focus({ preventScroll: true });
  rendering = false;
}

function placementKey(pos: Position | undefined): string | undefined {
  return pos ? `placement-${pos.d}-${pos.p}` : undefined;
}

function select(pos: Position): void {
  const ref = refOf(pos);
  if (!ref) return;
  state.selected = ref;
  applySelection(app, pos);
  save();
  api.postMessage({ type: 'select', ...ref });
}

function onUpdate(update: UpdateMessage): void {
  const newest = seen.get(update.file.uri);
  // Estimates finish out of order when saves come fast; an older one must not replace a newer.
  if (newest !== undefined && update.documentVersion < newest) return;
  seen.set(update.file.uri, update.documentVersion);
  const sameFile = state.last?.file.uri === update.file.uri;
  state.last = update;
  if (update.selected) state.selected = update.selected;
  else if (!sameFile || !positionOfRef(state.selected)) state.selected = undefined;
  render();
  save();
  if (update.selected) {
    const pos = positionOfRef(update.selected);
    if (pos)
      app
        .querySelector(`[data-focus-key="${placementKey(pos)}"]`)
        ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}

app.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (target?.closest('#copy-markdown')) {
    if (state.last)
      api.postMessage({
        type: 'copyMarkdown',
        markdown: comparisonMarkdown(state.last.file.path, state.last.deployments),
      });
    return;
  }
  // A click inside <details> opens it; it must not also select the column.
  if (target?.closest('summary')) return;
  const pos = positionOf(target);
  if (!pos) return;
  select(pos);
  const ref = refOf(pos);
  if (ref && target?.closest('button.placement')) api.postMessage({ type: 'reveal', ...ref });
});

app.addEventListener('keydown', (event) => {
  const moved = moveFocus(event);
  const pos = positionOf(moved ?? null);
  if (pos) select(pos);
});

let scrollPending = false;
window.addEventListener('scroll', () => {
  if (scrollPending) return;
  scrollPending = true;
  requestAnimationFrame(() => {
    scrollPending = false;
    state.scrollY = window.scrollY;
    save();
  });
});

app.addEventListener('focusin', (event) => {
  // A re-render restores focus where it was; only a user's focus move may scroll.
  if (!rendering && event.target instanceof Element) keepFocusedVisible(app, event.target);
});

window.addEventListener('resize', () => publishStickySizes(app));

window.addEventListener('message', (event: MessageEvent<HostToWebviewMessage>) => {
  if (isUpdate(event.data)) onUpdate(event.data);
});

render();
if (state.scrollY) window.scrollTo(0, state.scrollY);
api.postMessage({ type: 'ready' });
