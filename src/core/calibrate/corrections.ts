/**
 * Measured corrections: what a team's own benchmarks say about one engine on one device, written
 * by `llm-sizing calibrate` to `.llm-sizing/calibration.yaml` and applied by the estimator on top
 * of the shipped calibration (issue 16 item 6).
 *
 * A correction is physics, bounded, per engine × device (never per model or per case):
 * - `bandwidth`: × the decode bandwidth efficiency (memory-bound steps);
 * - `compute`: × the compute efficiency (prefill, compute-bound steps);
 * - `stepOverheadMs`: added to every decode step (scheduler, sampling, launches);
 * - `requestOverheadMs`: added to every time to first token (HTTP, tokenisation, admission).
 * The bounds (`CORRECTION_BOUNDS`) keep a mislabelled benchmark from turning the estimator into
 * a lookup: a factor within ½–2 and overheads of at most 20 ms per step and 500 ms per request,
 * and the corrected efficiencies never above the device's data-sheet peak.
 */
import { parseDocument } from 'yaml';
import { z } from '../schema/zod';
import type { TextRange } from '../findings';
import { rangeForPath } from '../parse/paths';

/** Where the calibration file lives, relative to a directory of the workspace. */
export const WORKSPACE_CALIBRATION_PATH = ['.llm-sizing', 'calibration.yaml'] as const;

/** Largest calibration file read, bytes. */
export const MAX_CALIBRATION_BYTES = 256 * 1024;

/** Limits of one correction (see the module comment for why). */
export const CORRECTION_BOUNDS = {
  factor: { min: 0.5, max: 2 },
  stepOverheadMs: { min: -20, max: 20 },
  requestOverheadMs: { min: -500, max: 500 },
} as const;

/** One engine × device correction. */
export interface MeasuredCorrection {
  engine: string;
  hardware: string;
  /** × decode bandwidth efficiency (1 = unchanged). */
  bandwidth: number;
  /** × compute efficiency (1 = unchanged). */
  compute: number;
  /** Added to each decode step and each prefill, ms (may be negative, never below zero in total). */
  stepOverheadMs: number;
  /** Added to each TTFT, ms (may be negative, never below zero in total). */
  requestOverheadMs: number;
  /** Measurements it was fitted on. */
  cases: number;
  /** Median |error| of those measurements before and after, percent (what `calibrate` reported). */
  medianAbsPctErrorBefore?: number;
  medianAbsPctErrorAfter?: number;
}

const { factor, stepOverheadMs, requestOverheadMs } = CORRECTION_BOUNDS;

const CorrectionSchema = z.strictObject({
  engine: z.string().min(1),
  hardware: z.string().min(1),
  bandwidth: z.number().min(factor.min).max(factor.max).default(1),
  compute: z.number().min(factor.min).max(factor.max).default(1),
  stepOverheadMs: z.number().min(stepOverheadMs.min).max(stepOverheadMs.max).default(0),
  requestOverheadMs: z.number().min(requestOverheadMs.min).max(requestOverheadMs.max).default(0),
  cases: z.number().int().nonnegative().default(0),
  medianAbsPctErrorBefore: z.number().nonnegative().optional(),
  medianAbsPctErrorAfter: z.number().nonnegative().optional(),
});

/** A problem in the calibration file, located in its text. */
export interface CalibrationFileProblem {
  message: string;
  range: TextRange;
}

export interface CalibrationFile {
  corrections: MeasuredCorrection[];
  problems: CalibrationFileProblem[];
}

/** Reads `.llm-sizing/calibration.yaml`. Never throws: a bad entry is a problem and is left out. */
export function parseCalibrationFile(text: string): CalibrationFile {
  const problems: CalibrationFileProblem[] = [];
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    return {
      corrections: [],
      problems: [{ message: `not YAML: ${e.message.split('\n')[0]}`, range: { start: e.pos[0], end: e.pos[1] } }],
    };
  }
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  if (root === null || root === undefined) return { corrections: [], problems };
  const list = (root as { corrections?: unknown }).corrections;
  if (typeof root !== 'object' || !Array.isArray(list)) {
    return {
      corrections: [],
      problems: [
        { message: 'the calibration file must be a mapping with a `corrections` list', range: { start: 0, end: 0 } },
      ],
    };
  }
  for (const key of Object.keys(root)) {
    if (!['apiVersion', 'kind', 'corrections'].includes(key))
      problems.push({
        message: `unknown key \`${key}\` (the calibration file has \`corrections\`)`,
        range: rangeForPath(doc, [key], 'key'),
      });
  }
  const corrections: MeasuredCorrection[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const parsed = CorrectionSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = ['corrections', i, ...(issue.path as Array<string | number>)];
      problems.push({
        message: `corrections[${i}]: ${issue.path.join('.') || 'entry'}: ${issue.message}; the correction is ignored`,
        range: rangeForPath(doc, doc.hasIn(where) ? where : ['corrections', i]),
      });
      return;
    }
    const key = correctionKey(parsed.data.engine, parsed.data.hardware);
    if (seen.has(key)) {
      problems.push({
        message: `corrections[${i}]: a second correction for ${parsed.data.engine} on ${parsed.data.hardware}; the first is used`,
        range: rangeForPath(doc, ['corrections', i, 'hardware']),
      });
      return;
    }
    seen.add(key);
    corrections.push(parsed.data);
  });
  return { corrections, problems };
}

function correctionKey(engine: string, hardware: string): string {
  return `${engine.toLowerCase()}\u0000${hardware.toLowerCase()}`;
}

/** The correction for an engine on a device, if the workspace has one. */
export function correctionFor(
  corrections: readonly MeasuredCorrection[] | undefined,
  engine: string,
  hardware: string,
): MeasuredCorrection | undefined {
  if (!corrections?.length) return undefined;
  const key = correctionKey(engine, hardware);
  return corrections.find((c) => correctionKey(c.engine, c.hardware) === key);
}

/** The assumption an estimate states when a correction applies to it. */
export function correctionAssumption(c: MeasuredCorrection): string {
  const parts: string[] = [];
  if (c.bandwidth !== 1) parts.push(`bandwidth efficiency ×${c.bandwidth.toFixed(2)}`);
  if (c.compute !== 1) parts.push(`compute efficiency ×${c.compute.toFixed(2)}`);
  if (c.stepOverheadMs !== 0) parts.push(`${signed(c.stepOverheadMs)} ms per step`);
  if (c.requestOverheadMs !== 0) parts.push(`${signed(c.requestOverheadMs)} ms per request`);
  const fit =
    c.medianAbsPctErrorBefore !== undefined && c.medianAbsPctErrorAfter !== undefined
      ? `; median error on them ${c.medianAbsPctErrorBefore.toFixed(1)}% → ${c.medianAbsPctErrorAfter.toFixed(1)}%`
      : '';
  return `workspace calibration (.llm-sizing/calibration.yaml) for ${c.engine} on ${c.hardware}: ${parts.join(', ') || 'no change'}, fitted on ${c.cases} of your measurements${fit}`;
}

function signed(v: number): string {
  return `${v > 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}`;
}

/** The text of a calibration file holding `corrections` (what `llm-sizing calibrate --write` saves). */
export function renderCalibrationFile(corrections: readonly MeasuredCorrection[], header: readonly string[]): string {
  const lines = [...header.map((h) => `# ${h}`), 'apiVersion: llm-sizing/v1', 'kind: Calibration', 'corrections:'];
  if (!corrections.length) lines[lines.length - 1] = 'corrections: []';
  for (const c of corrections) {
    lines.push(`  - engine: ${c.engine}`);
    lines.push(`    hardware: ${c.hardware}`);
    lines.push(`    bandwidth: ${round(c.bandwidth, 3)}`);
    lines.push(`    compute: ${round(c.compute, 3)}`);
    lines.push(`    stepOverheadMs: ${round(c.stepOverheadMs, 2)}`);
    lines.push(`    requestOverheadMs: ${round(c.requestOverheadMs, 1)}`);
    lines.push(`    cases: ${c.cases}`);
    if (c.medianAbsPctErrorBefore !== undefined)
      lines.push(`    medianAbsPctErrorBefore: ${round(c.medianAbsPctErrorBefore, 1)}`);
    if (c.medianAbsPctErrorAfter !== undefined)
      lines.push(`    medianAbsPctErrorAfter: ${round(c.medianAbsPctErrorAfter, 1)}`);
  }
  return `${lines.join('\n')}\n`;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
