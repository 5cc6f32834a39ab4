/**
 * "Did you mean": the nearest candidates to a misspelt id or key.
 */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1]!;
}

/** Strips separators so `h100sxm` is close to `h100-sxm-80gb`. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[-_.\s]/g, '');
}

/**
 * Up to `limit` candidates close to `input`, best first. A candidate qualifies when its edit
 * distance is at most a third of its length (min 2), or when one squashed form contains the other.
 */
export function suggest(input: string, candidates: readonly string[], limit = 3): string[] {
  if (input.length > 200) return [];
  const needle = input.toLowerCase();
  const squashedNeedle = squash(input);
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const distance = editDistance(needle, lower);
    const threshold = Math.max(2, Math.floor(lower.length / 3));
    const squashed = squash(candidate);
    const contains =
      squashedNeedle.length >= 3 && (squashed.includes(squashedNeedle) || squashedNeedle.includes(squashed));
    if (distance <= threshold || contains) scored.push({ candidate, score: distance - (contains ? 0.5 : 0) });
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}
