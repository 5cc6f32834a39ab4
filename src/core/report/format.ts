/**
 * Number formatting for every message and presenter: diagnostics, assumptions and cost lines,
 * CLI text/Markdown, CodeLens, hovers, sidebar, webview — so a figure reads the same wherever it
 * is shown (999.7 ms is "1 s" in a finding and in the panel). Pure and DOM-free.
 * Always en-US grouping: the numbers end up in decision documents and must read the same
 * whatever the reader's locale.
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Rounds to `digits` decimals and drops a trailing ".0" (1.0 → "1", 1.25 → "1.3"). */
export function round(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  const fixed = value.toFixed(digits);
  return digits > 0 ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Milliseconds: "42 ms", "377 ms", "1.9 s", "12 s"; "∞" for a saturated (unbounded) latency. */
export function formatMs(ms: number): string {
  if (ms === Infinity) return '∞';
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10) return `${round(ms, 1)} ms`;
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? round(s, 1) : Math.round(s)} s`;
}

/** What an overloaded latency reads instead of a number (`LatencyPercentiles.unbounded`). */
export const UNBOUNDED_LATENCY = 'unbounded: overloaded';

/** A latency of a placement: its value in ms, or "unbounded: overloaded" when the load exceeds capacity. */
export function formatLatency(p: { unbounded?: boolean }, ms: number): string {
  return p.unbounded ? UNBOUNDED_LATENCY : formatMs(ms);
}

/** A band "332–441 ms"; the unit is written once when both ends share it. */
export function formatMsRange(low: number, high: number): string {
  const a = formatMs(low);
  const b = formatMs(high);
  const unit = (t: string) => t.slice(t.lastIndexOf(' '));
  return unit(a) === unit(b) ? `${a.slice(0, a.lastIndexOf(' '))}–${b}` : `${a}–${b}`;
}

/** GiB with one decimal: "71.3 GiB". */
export function formatGiB(gib: number): string {
  return `${round(gib, 1)} GiB`;
}

/** Whole dollars with grouping: "$7,652". */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  return `${usd < 0 ? '−' : ''}$${grouped.format(Math.abs(Math.round(usd)))}`;
}

/** Short dollars for tight places: "$945", "$7.7k", "$11.8k", "$1.2M". */
export function formatUsdCompact(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  const a = Math.abs(usd);
  const sign = usd < 0 ? '−' : '';
  if (a < 1000) return `${sign}$${Math.round(a)}`;
  if (a < 1e6) return `${sign}$${round(a / 1000, a < 100_000 ? 1 : 0)}k`;
  return `${sign}$${round(a / 1e6, 1)}M`;
}

/** Price per million tokens: "$3.88", "$0.98", "$12.4". */
export function formatUsdPerMillion(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  return `$${usd < 100 ? usd.toFixed(2) : round(usd, 1)}`;
}

/** Grouped, at most `digits` decimals, trailing zeros dropped: "131,072", "70.55". */
export function formatDecimal(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A count with grouping: "2,950". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const whole = Math.round(n);
  // Intl is slow per call and this runs for every estimate (assumptions, cost lines): group the
  // digits by hand, as en-US does; Intl only where String() would switch to exponent notation.
  if (Math.abs(whole) >= 1e21 || Object.is(whole, -0)) return grouped.format(whole);
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Token counts: "950", "170M", "1.97B". */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n >= 1e9) return `${round(n / 1e9, 2)}B`;
  if (n >= 1e6) return `${round(n / 1e6, n >= 1e8 ? 0 : 1)}M`;
  if (n >= 1e4) return `${round(n / 1e3, 0)}k`;
  return formatCount(n);
}

/** Requests per second: "6 req/s", "0.9 req/s", "14.2 req/s", "1,250 req/s". */
export function formatRate(rps: number): string {
  return `${rps >= 1000 ? formatCount(rps) : round(rps, rps < 1 ? 2 : 1)} req/s`;
}

/** Kilowatts: "3.1 kW", "0.45 kW". */
export function formatKw(kw: number): string {
  return `${round(kw, kw < 1 ? 2 : 1)} kW`;
}

/** "2,100", "12.5", "0.41". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x).toLocaleString('en-US');
  if (a >= 10) return round(x, 1);
  return round(x, 2);
}

/** A share 0–1 as a percentage: "2.1%", "0%", "100%". */
export function formatShare(x: number): string {
  if (x <= 0) return '0%';
  if (x >= 1) return '100%';
  const p = x * 100;
  return `${p < 1 ? round(p, 2) : round(p, 1)}%`;
}

/** Percentile label: "p95", "p99.9". */
export function formatPercentile(percentile: number): string {
  return `p${round(percentile, 2)}`;
}

/** "1 replica", "2 replicas". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
