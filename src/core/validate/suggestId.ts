/**
 * "Did you mean" for catalog ids, which must never offer a different product as a fix. An id's
 * numbers name the product (`qwen3-235b-a22b` vs `qwen3-30b-a3b`, `mixtral-8x22b` vs `8x7b`,
 * `h20` vs `h200`, `80gb` vs `40gb`), so a one-click fix is offered only for a likely typo of the
 * same product: the same numbers, close in spelling (ids and aliases: `h100-80g` → alias `h100-80gb`
 * of `h100-sxm-80gb`), or one entry alone that the input abbreviates (`rtx4090` → `rtx-4090-24gb`).
 * Anything else close is listed as "nearest", for the user to choose, never as a fix.
 */
import { editDistance, suggest } from './suggest';

/** A catalog entry's names: its id and its aliases. */
export interface NamedEntry {
  id: string;
  aliases?: string[];
}

export interface IdSuggestion {
  /** The entry a likely typo means, and the alias the input was closest to (when not the id). */
  typo?: { id: string; alias?: string };
  /** Other entries close in spelling: different products as far as the numbers tell. */
  nearest: string[];
}

/** The digit runs of a name, sorted: `llama-3.1-8b` → 1,3,8; `mixtral-8x22b` → 22,8. */
function numbers(name: string): string {
  return (name.match(/\d+/g) ?? [])
    .map((n) => String(Number(n)))
    .sort()
    .join(',');
}

function squash(text: string): string {
  return text.toLowerCase().replace(/[-_.\s]/g, '');
}

/** Every number of `a` is one of `b`'s (as a multiset). */
function numbersWithin(a: string, b: string): boolean {
  const rest = b.split(',').filter(Boolean);
  for (const n of a.split(',').filter(Boolean)) {
    const i = rest.indexOf(n);
    if (i < 0) return false;
    rest.splice(i, 1);
  }
  return true;
}

/** The words of a name: `mac-studio-m3-ultra` → mac, studio, m3, ultra. */
function words(name: string): Set<string> {
  return new Set(
    name
      .toLowerCase()
      .split(/[-_.\s]+/)
      .filter(Boolean),
  );
}

/**
 * Of the close names with the input's numbers (best spelling first), the one a typo means: the
 * only entry among them, or the one clearly better: more words shared with the input
 * (`mac-studio-m3-ultra`: `m3-ultra` over `m3`), then fewer edits (`h-20`: `h20` over `h20e`).
 * Two equally likely entries (`mi300` → `mi300a`, `mi300x`) mean no fix.
 */
function likelyTypo(input: string, names: string[], owner: Map<string, NamedEntry>): string | undefined {
  const mine = words(input);
  const lower = input.toLowerCase();
  type Ranked = { name: string; shared: number; distance: number };
  const better = (a: Ranked, b: Ranked) => a.shared > b.shared || (a.shared === b.shared && a.distance < b.distance);
  const best = new Map<string, Ranked>();
  for (const name of names) {
    const id = owner.get(name)!.id;
    const r = {
      name,
      shared: [...words(name)].filter((w) => mine.has(w)).length,
      distance: editDistance(lower, name.toLowerCase()),
    };
    const seen = best.get(id);
    if (!seen || better(r, seen)) best.set(id, r);
  }
  const ranked = [...best.values()].sort((a, b) => b.shared - a.shared || a.distance - b.distance);
  if (ranked.length === 1 || (ranked.length > 1 && better(ranked[0]!, ranked[1]!))) return ranked[0]!.name;
  return undefined;
}

/**
 * The typo fix (if any) and the nearest other entries for an unknown id.
 * @param limit nearest entries listed at most
 */
export function suggestCatalogId(input: string, entries: readonly NamedEntry[], limit = 3): IdSuggestion {
  if (input.length > 200) return { nearest: [] };
  const owner = new Map<string, NamedEntry>();
  for (const e of entries) for (const name of [e.id, ...(e.aliases ?? [])]) if (!owner.has(name)) owner.set(name, e);
  const close = suggest(input, [...owner.keys()], 12);
  const want = numbers(input);
  let typoName = likelyTypo(
    input,
    close.filter((name) => numbers(name) === want),
    owner,
  );
  if (typoName === undefined && want) {
    // An abbreviation of exactly one entry: `rtx4090` for `rtx-4090-24gb`.
    const prefix = squash(input);
    const abbreviated = new Set(
      [...owner.entries()]
        .filter(([name]) => squash(name).startsWith(prefix) && numbersWithin(want, numbers(name)))
        .map(([, e]) => e.id),
    );
    if (abbreviated.size === 1) typoName = [...abbreviated][0];
  }
  const typoEntry = typoName === undefined ? undefined : owner.get(typoName);
  const nearest: string[] = [];
  for (const name of close) {
    const id = owner.get(name)!.id;
    if (id !== typoEntry?.id && !nearest.includes(id)) nearest.push(id);
  }
  return {
    ...(typoEntry ? { typo: { id: typoEntry.id, ...(typoName !== typoEntry.id ? { alias: typoName } : {}) } } : {}),
    nearest: nearest.slice(0, limit),
  };
}
