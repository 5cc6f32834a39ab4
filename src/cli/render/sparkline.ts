/**
 * Terminal pictures for `estimate`: per placement, TTFT and TPOT p95 against load as a sparkline
 * (the report's latency-vs-load curve, 0 to beyond the peak), with the value and uncertainty band
 * at the peak. The bars of one deployment share a scale — a full bar is the SLO — so placements
 * compare at a glance; a point over the SLO is `!`. Unicode blocks in a terminal, plain ASCII when
 * the output is not a terminal or NO_COLOR is set (logs, files, old consoles).
 */
import type { DeploymentReport, LoadPoint, PlacementReport } from '../../core/report/types';
import { formatMs, formatMsRange, formatRate, UNBOUNDED_LATENCY } from '../../core/report/format';
import { oneLine } from '../terminal';

/** Which characters draw the bars: Unicode block elements, or ASCII for logs and NO_COLOR. */
export type Glyphs = 'unicode' | 'ascii';

const RAMPS: Record<Glyphs, string> = { unicode: '▁▂▃▄▅▆▇█', ascii: '_.-:=+*#' };
const OVER = '!';

type Metric = 'ttftMs' | 'tpotMs';

/** One sparkline: each point's value as a bar of `ramp`, scaled so `full` is the top bar. */
export function sparkline(values: number[], full: number, glyphs: Glyphs): string {
  const ramp = RAMPS[glyphs];
  return values
    .map((v) => {
      if (!(v <= full)) return OVER;
      const level = Math.min(ramp.length - 1, Math.max(0, Math.ceil((v / full) * ramp.length) - 1));
      return ramp[level];
    })
    .join('');
}

/** The full-bar value of one metric in one deployment: its SLO, else the highest finite value. */
function fullScale(d: DeploymentReport, metric: Metric): number | undefined {
  const slo = metric === 'ttftMs' ? d.workload.slo.ttftMs : d.workload.slo.tpotMs;
  if (slo !== undefined) return slo;
  const finite = d.placements.flatMap((p) => p.curve.map((c) => c[metric].p95)).filter((v) => Number.isFinite(v));
  return finite.length ? Math.max(...finite) : undefined;
}

function atPeak(p: PlacementReport, metric: Metric): string {
  const l = p.latency[metric];
  if (l.unbounded) return UNBOUNDED_LATENCY;
  const band = l.band ? ` (${formatMsRange(l.band.p95Low, l.band.p95High)})` : '';
  return `${formatMs(l.p95)}${band}`;
}

function drawable(p: PlacementReport): boolean {
  return p.curve.length >= 2 && !p.manifest;
}

/**
 * The sparkline block of one deployment (empty when no placement has a load curve): a heading
 * that states the load range and the scale, then one line per placement with TTFT and TPOT.
 */
export function latencySparklines(d: DeploymentReport, glyphs: Glyphs): string[] {
  const placements = d.placements.filter(drawable);
  if (!placements.length) return [];
  const scales = { ttftMs: fullScale(d, 'ttftMs'), tpotMs: fullScale(d, 'tpotMs') };
  const last = (curve: LoadPoint[]) => curve[curve.length - 1]!.requestsPerSecond;
  const top = Math.max(...placements.map((p) => last(p.curve)));
  const scaleText =
    d.workload.slo.ttftMs !== undefined || d.workload.slo.tpotMs !== undefined
      ? 'a full bar is the SLO'
      : 'a full bar is the highest value';
  const peak = d.workload.peakRequestsPerSecond;
  const lines = [
    `Latency p95 vs load, 0 → ${formatRate(top)}${peak !== undefined ? ` (peak ${formatRate(peak)})` : ''}; ${scaleText}, ${OVER} over it; value (band) at peak:`,
  ];
  const width = Math.max(...placements.map((p) => oneLine(p.name).length));
  // Every curve of a deployment sweeps the same loads; one that stops early is overloaded beyond
  // its last point, drawn as over the SLO (not left out, which shortened its row and hid it).
  const points = Math.max(...placements.map((p) => p.curve.length));
  for (const p of placements) {
    const cells = (['ttftMs', 'tpotMs'] as const).map((metric) => {
      const full = scales[metric];
      const bars =
        full === undefined
          ? ''
          : sparkline(
              [...p.curve.map((c) => c[metric].p95), ...Array<number>(points - p.curve.length).fill(Infinity)],
              full,
              glyphs,
            );
      return `${metric === 'ttftMs' ? 'TTFT' : 'TPOT'} ${bars} ${atPeak(p, metric)}`;
    });
    lines.push(`  ${oneLine(p.name).padEnd(width)}  ${cells[0]!.padEnd(40)}  ${cells[1]}`);
  }
  return lines;
}
