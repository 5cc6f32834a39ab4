/**
 * `llm-sizing calibrate FILE... [--deployment FILE [--placement NAME]] [--write | --out PATH] [--format text|json]`
 * Fits bounded per engine × device corrections (`src/core/calibrate/fitCorrections.ts`) from a
 * team's own measurements — cases files and benchmark result files — and prints them with the
 * error before and after. `--write` saves them to `.llm-sizing/calibration.yaml` beside the
 * deployment (`--out PATH`: elsewhere); the CLI and the extension then apply them to every estimate of that engine
 * on that device and name them in its assumptions. Exit 0 when fitted, 2 on usage or file errors.
 * Files are read as for `accuracy` (src/cli/measurements.ts: once each, same size and nesting limits).
 */
import { dirname, join } from 'node:path';
import { fitCorrections } from '../../core/calibrate/fitCorrections';
import { renderCalibrationFile, WORKSPACE_CALIBRATION_PATH } from '../../core/calibrate/corrections';
import { ExitCode, type CliCommand } from '../io';
import { fileCharLimit, formatOption, inputOptions, parseArgs, stringOption, UsageError } from '../args';
import { oneLine } from '../terminal';
import { readMeasurements } from '../measurements';

export const calibrateCommand: CliCommand = async (args, io) => {
  const parsed = parseArgs(args, ['format', 'max-file-size', 'deployment', 'placement', 'out'], ['write']);
  const format = formatOption(parsed, ['text', 'json'] as const, 'text');
  if (parsed.files.length < 1) throw new UsageError('calibrate needs a FILE (cases or benchmark results)');
  const maxChars = fileCharLimit(inputOptions(parsed));
  const read = await readMeasurements(parsed, io, maxChars);
  if (!read) return ExitCode.invalid;
  for (const n of read.notes) io.stderr(`${oneLine(n)}\n`);
  const fit = fitCorrections(read.cases, read.catalog);
  const corrections = fit.fits.map((f) => f.correction);
  const out = stringOption(parsed, 'out');
  const write = parsed.options.has('write') || out !== undefined;
  if (write) {
    const anchor = stringOption(parsed, 'deployment') ?? (parsed.files[0] as string);
    const path = out ?? join(dirname(anchor), ...WORKSPACE_CALIBRATION_PATH);
    const header = [
      `Written by \`llm-sizing calibrate\` from ${read.cases.length} measurements (${parsed.files.map((f) => oneLine(f)).join(', ')}).`,
      'Applied to every estimate of each engine on each device below; run calibrate again after new benchmarks.',
      'Fields: docs/accuracy.md "Calibrate from your own benchmarks".',
    ];
    try {
      io.makeDirectory?.(dirname(path));
      io.writeFile(path, renderCalibrationFile(corrections, header));
    } catch (error) {
      io.stderr(`${oneLine(path)}: ${oneLine((error as Error).message)}\n`);
      return ExitCode.invalid;
    }
    io.stderr(`wrote ${oneLine(path)} (${corrections.length} correction${corrections.length === 1 ? '' : 's'})\n`);
  }
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ corrections, skipped: fit.skipped }, null, 2)}\n`);
    return ExitCode.ok;
  }
  const lines: string[] = [];
  if (!corrections.length) lines.push('no engine × device with a predictable timing measurement: nothing to fit');
  for (const f of fit.fits) {
    const c = f.correction;
    lines.push(
      `${c.engine} on ${c.hardware}: ${c.cases} measurement${c.cases === 1 ? '' : 's'}, median |error| ${c.medianAbsPctErrorBefore ?? '—'}% → ${c.medianAbsPctErrorAfter ?? '—'}%`,
      `  bandwidth ×${c.bandwidth.toFixed(3)}  compute ×${c.compute.toFixed(3)}  step overhead ${c.stepOverheadMs.toFixed(2)} ms  request overhead ${c.requestOverheadMs.toFixed(1)} ms`,
    );
  }
  for (const s of fit.skipped) lines.push(`skipped ${oneLine(s.id)}: ${oneLine(s.reason)}`);
  if (!write && corrections.length)
    lines.push('(not saved: add --write to save them to .llm-sizing/calibration.yaml beside the deployment)');
  io.stdout(`${lines.join('\n')}\n`);
  return ExitCode.ok;
};
