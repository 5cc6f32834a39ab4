/**
 * `npm run bench` — performance figures, measured in one run on this machine and printed as a
 * table. Validation is reported against the bare `yaml` parse of the same text, as a ratio, so
 * the figure means the same on a fast and a slow machine.
 */
import { parseAllDocuments } from 'yaml';
import { validateText } from '../src/core/validate';
import { EXAMPLE_DEPLOYMENT } from './bench/sample';
import { runEstimateBench } from './bench/estimate-bench';
import { runPlacementsBench } from './bench/placements-bench';

export interface BenchLine {
  name: string;
  value: number;
  unit: string;
}

/** Median wall time of `fn` over `runs` runs after `warmup` runs, ms. */
export function medianMs(fn: () => unknown, runs = 15, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** A multi-document file of at least `lines` lines, each document a variation of the example. */
export function multiDocumentFile(lines: number): string {
  const docs: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const doc = EXAMPLE_DEPLOYMENT.replace('name: support-assistant', `name: assistant-${i}`).replace('peakRequestsPerSecond: 6', `peakRequestsPerSecond: ${1 + (i % 20)}`);
    docs.push(doc);
    count += doc.split('\n').length;
  }
  return docs.join('---\n');
}

function validationBench(): BenchLine[] {
  const out: BenchLine[] = [];
  for (const lines of [1_250, 2_500, 5_000, 10_000]) {
    const text = multiDocumentFile(lines);
    const parse = medianMs(() => parseAllDocuments(text));
    const validate = medianMs(() => validateText(text));
    if (lines === 5_000) {
      out.push({ name: `yaml parse, ${lines}-line file`, value: parse, unit: 'ms' });
      out.push({ name: `validate, ${lines}-line file`, value: validate, unit: 'ms' });
      out.push({ name: `validate ÷ yaml parse (${lines} lines)`, value: validate / parse, unit: '×' });
    }
    out.push({ name: `validate per 1,000 lines (${lines}-line file)`, value: (validate / lines) * 1000, unit: 'ms' });
  }
  return out;
}

function main(): void {
  const sections: Array<[string, () => BenchLine[]]> = [
    ['validation', validationBench],
    ['estimator', runEstimateBench],
    ['placements', runPlacementsBench],
  ];
  console.log(`llm-sizing bench — node ${process.version}, ${new Date().toISOString()}`);
  for (const [title, run] of sections) {
    console.log(`\n## ${title}`);
    for (const line of run()) console.log(`${line.name.padEnd(52)} ${line.value.toFixed(line.value < 10 ? 3 : 1).padStart(10)} ${line.unit}`);
  }
}

main();
