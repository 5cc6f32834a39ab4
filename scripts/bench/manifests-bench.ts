/**
 * Manifests (issue 18): every file of the corpus of published serving forms
 * (test/fixtures/manifests/corpus/), validated and sized as on save in the editor (curves on).
 * The bar is one second per file; the slowest file is what matters.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateText } from '../../src/core/placements';
import { medianMs, type BenchLine } from './timing';

const CORPUS = join('test', 'fixtures', 'manifests', 'corpus');

export function runManifestsBench(): BenchLine[] {
  const files = readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f));
  const times = files.map((f) => {
    const text = readFileSync(join(CORPUS, f), 'utf8');
    return { file: f, ms: medianMs(() => evaluateText(text, { curve: true }), 7) };
  });
  times.sort((a, b) => b.ms - a.ms);
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const slowest = times[0]!;
  return [
    {
      name: `corpus files (${files.length}), median per file`,
      value: sorted[Math.floor(sorted.length / 2)]!,
      unit: 'ms',
    },
    { name: `slowest corpus file (${slowest.file})`, value: slowest.ms, unit: 'ms' },
    { name: 'whole corpus, one pass', value: sorted.reduce((a, b) => a + b, 0), unit: 'ms' },
  ];
}
