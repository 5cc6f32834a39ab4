/**
 * The accuracy report (the accuracy command's contract, docs/accuracy.md): every case with measured,
 * predicted and band, and per metric n, median and p90 absolute % error and band coverage.
 * Prediction happens before the measurement is looked at (see `runAccuracy`).
 */
import { parseCases, type ParsedCase } from './cases';
import { catalog, type Catalog } from '../catalog/index';
import { predictCase, type Prediction } from './predict';
import { calibration as shippedCalibration, type Calibration } from '../estimate/calibration';

export interface CaseReport {
  id: string;
  metric: string;
  measured: number | null;
  predicted: number | null;
  low?: number;
  high?: number;
  /** |predicted − measured| / measured × 100. */
  absPctError?: number;
  error?: string;
}

export interface MetricSummary {
  /** Cases predicted (with a measurement). */
  n: number;
  medianAbsPctError: number | null;
  p90AbsPctError: number | null;
  /** Fraction of predicted cases whose measurement lies in [low, high]. */
  bandCoverage: number | null;
  /** Cases that could not be predicted (counted, not hidden). */
  errors: number;
}

export interface AccuracyReport {
  cases: CaseReport[];
  summary: Record<string, MetricSummary>;
  /** All metrics together. */
  overall: { n: number; errors: number; bandCoverage: number | null };
  error?: string;
}

/** Linear-interpolated quantile of a sorted-on-demand list (q in 0..1). */
export function quantile(values: number[], q: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = s[lo] as number;
  const b = s[hi] as number;
  return a + (b - a) * (pos - lo);
}

/**
 * Median |error| in percent over every timing metric of `cases` together (memory metrics, in GiB,
 * left out; the lower median): the "all timing metrics" figure docs/accuracy.md publishes.
 */
export function timingMedianAbsPctError(cases: CaseReport[]): number | null {
  return pooledMedianAbsPctError(cases, (metric) => !/GiB/.test(metric));
}

/**
 * Median |error| in percent over the cases of several metrics pooled (the lower median), e.g. TTFT
 * and TPOT together, as issue 16 states its latency target ("TTFT/TPOT ≤ 20%").
 */
export function pooledMedianAbsPctError(cases: CaseReport[], metric: (name: string) => boolean): number | null {
  const errs = cases
    .filter((c) => c.absPctError !== undefined && metric(c.metric))
    .map((c) => c.absPctError as number)
    .sort((a, b) => a - b);
  return errs.length ? (errs[Math.floor((errs.length - 1) / 2)] as number) : null;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/** Predicts all cases first (inputs only), then scores them against the measurements. */
export function scoreCases(
  cases: ParsedCase[],
  cal: Calibration = shippedCalibration,
  cat: Catalog = catalog,
): AccuracyReport {
  const predictions: Prediction[] = cases.map((c) =>
    c.problem !== undefined ? { predicted: null, error: c.problem } : predictCase(c.input, cal, cat),
  );
  const reports: CaseReport[] = cases.map((c, i) => {
    const p = predictions[i] as Prediction;
    const base = { id: c.input.id, metric: c.input.metric, measured: c.measured };
    if (p.predicted === null) return { ...base, predicted: null, error: p.error };
    const r: CaseReport = { ...base, predicted: round(p.predicted), low: round(p.low), high: round(p.high) };
    if (c.measured !== null && c.measured !== 0)
      r.absPctError = round((Math.abs(p.predicted - c.measured) / Math.abs(c.measured)) * 100, 2);
    return r;
  });
  return summarizeReports(reports);
}

/** Whether a predicted case's measurement lies inside its band (relative tolerance 1e-5 for rounding). */
export function insideBand(r: CaseReport): boolean {
  return (
    (r.measured as number) >= (r.low as number) * 0.99999 && (r.measured as number) <= (r.high as number) * 1.00001
  );
}

/** Per-metric and overall figures of scored cases (also used for cross-validated predictions). */
export function summarizeReports(reports: CaseReport[]): AccuracyReport {
  const summary: Record<string, MetricSummary> = {};
  const metrics = [...new Set(reports.map((r) => r.metric))];
  let inBand = 0;
  let nAll = 0;
  let errAll = 0;
  for (const m of metrics) {
    const rs = reports.filter((r) => r.metric === m);
    const ok = rs.filter((r) => r.predicted !== null && r.absPctError !== undefined);
    const errs = ok.map((r) => r.absPctError as number);
    const covered = ok.filter(insideBand).length;
    const med = quantile(errs, 0.5);
    const p90 = quantile(errs, 0.9);
    summary[m] = {
      n: ok.length,
      medianAbsPctError: med === null ? null : round(med, 2),
      p90AbsPctError: p90 === null ? null : round(p90, 2),
      bandCoverage: ok.length ? round(covered / ok.length, 3) : null,
      errors: rs.filter((r) => r.predicted === null).length,
    };
    inBand += covered;
    nAll += ok.length;
    errAll += summary[m].errors;
  }
  return {
    cases: reports,
    summary,
    overall: { n: nAll, errors: errAll, bandCoverage: nAll ? round(inBand / nAll, 3) : null },
  };
}

/** Parses a cases file and scores it. */
export function runAccuracy(
  text: string,
  cal: Calibration = shippedCalibration,
  cat: Catalog = catalog,
): AccuracyReport {
  const parsed = parseCases(text);
  if (parsed.error)
    return { cases: [], summary: {}, overall: { n: 0, errors: 0, bandCoverage: null }, error: parsed.error };
  return scoreCases(parsed.cases, cal, cat);
}

/** The report as a fixed-width text table. */
export function formatAccuracyText(rep: AccuracyReport): string {
  const lines: string[] = [];
  if (rep.error) return `error: ${rep.error}\n`;
  const fmt = (x: number | null | undefined) =>
    x === null || x === undefined
      ? '—'
      : Math.abs(x) >= 1000
        ? x.toFixed(0)
        : Math.abs(x) >= 10
          ? x.toFixed(1)
          : x.toFixed(3);
  const head = ['id', 'metric', 'measured', 'predicted', 'low', 'high', 'err%'];
  const rows = rep.cases.map((c) => [
    c.id,
    c.metric,
    fmt(c.measured),
    c.predicted === null ? `— (${c.error})` : fmt(c.predicted),
    fmt(c.low),
    fmt(c.high),
    c.absPctError === undefined ? '—' : c.absPctError.toFixed(1),
  ]);
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.filter((r) => !String(r[3]).startsWith('— (')).map((r) => String(r[i]).length)),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  lines.push(line(head));
  for (const r of rows) lines.push(line(r));
  lines.push('');
  const sh = ['metric', 'n', 'median|err|%', 'p90|err|%', 'in band', 'errors'];
  const srows = Object.entries(rep.summary).map(([m, s]) => [
    m,
    String(s.n),
    fmt(s.medianAbsPctError),
    fmt(s.p90AbsPctError),
    s.bandCoverage === null ? '—' : `${(s.bandCoverage * 100).toFixed(0)}%`,
    String(s.errors),
  ]);
  const sw = sh.map((h, i) => Math.max(h.length, ...srows.map((r) => String(r[i]).length)));
  const sline = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(sw[i] as number) : c.padStart(sw[i] as number))).join('  ');
  lines.push(sline(sh));
  for (const r of srows) lines.push(sline(r));
  const o = rep.overall;
  lines.push(
    `overall: ${o.n} predicted, ${o.errors} not predicted, ${o.bandCoverage === null ? '—' : (o.bandCoverage * 100).toFixed(0) + '%'} inside the band`,
  );
  return lines.join('\n') + '\n';
}
