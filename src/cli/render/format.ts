/**
 * Number formatting of the CLI renderers. en-US grouping always: the output ends up in decision
 * documents and CI logs and must read the same in every locale.
 */

/** Rounds to `digits` decimals and drops trailing zeros (1.0 → "1", 1.25 → "1.3"). */
export function round(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  const fixed = value.toFixed(digits);
  return digits > 0 ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** "42 ms", "377 ms", "1.9 s", "12 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10) return `${round(ms, 1)} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? round(s, 1) : Math.round(s).toLocaleString('en-US')} s`;
}

/** "$945", "$7.7k", "$118k", "$1.2M". */
export function formatUsdCompact(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  const a = Math.abs(usd);
  const sign = usd < 0 ? '−' : '';
  if (a < 1000) return `${sign}$${Math.round(a)}`;
  if (a < 1e6) return `${sign}$${round(a / 1000, a < 100_000 ? 1 : 0)}k`;
  return `${sign}$${round(a / 1e6, 1)}M`;
}

/** "$3.88", "$12.4". */
export function formatUsdPerMillion(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  return `$${usd < 100 ? usd.toFixed(2) : round(usd, 1)}`;
}

/** "2,100", "12.5", "0.41". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return round(x, 1);
  return round(x, 2);
}

/** "2.1%", "0%", "100%". */
export function formatShare(x: number): string {
  if (x <= 0) return '0%';
  if (x >= 1) return '100%';
  const p = x * 100;
  return `${p < 1 ? round(p, 2) : round(p, 1)}%`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
