/**
 * Placements benchmark: `recommend` over the whole catalog for each example deployment (cold:
 * a fresh capacity cache each run), and the full comparison of an example file (validate +
 * evaluate every placement, curves included). Medians of several runs, ms.
 * Exported for scripts/bench.ts; runnable alone: `npx tsx scripts/bench/placements-bench.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateText, recommend } from '../../src/core/placements';
import { validateText } from '../../src/core/validate';
import { medianMs as median, type BenchLine } from './timing';

export const EXAMPLES = ['chat-assistant', 'rag-eu-residency', 'code-assistant-edge', 'nightly-batch'];

/** The text of `examples/<name>.deploy.yaml` (from the repository, also when bundled into dist/). */
export function exampleText(name: string): string {
  const roots = [join(__dirname, '..', '..', 'examples'), join(process.cwd(), 'examples')];
  for (const root of roots) {
    try {
      return readFileSync(join(root, `${name}.deploy.yaml`), 'utf8');
    } catch {
      // try the next root (bundled into dist/ the relative path differs)
    }
  }
  throw new Error(`examples/${name}.deploy.yaml not found`);
}

export function runPlacementsBench(): BenchLine[] {
  const out: BenchLine[] = [];
  let worst = 0;
  for (const name of EXAMPLES) {
    const text = exampleText(name);
    const deployment = validateText(text).documents.find((d) => d.deployment)?.deployment;
    if (!deployment) throw new Error(`${name}: no usable deployment`);
    let evaluated = 0;
    let candidates = 0;
    const ms = median(() => {
      const r = recommend(deployment);
      evaluated = r.evaluated;
      candidates = r.candidates;
    });
    worst = Math.max(worst, ms);
    out.push({
      name: `recommend, whole catalog (${name}: ${candidates} configs, ${evaluated} estimated)`,
      value: ms,
      unit: 'ms',
    });
  }
  out.push({ name: 'recommend, slowest example', value: worst, unit: 'ms' });
  for (const name of EXAMPLES) {
    const text = exampleText(name);
    out.push({
      name: `estimate ${name} (validate + every placement)`,
      value: median(() => evaluateText(text)),
      unit: 'ms',
    });
  }
  return out;
}

// Run directly (`npx tsx scripts/bench/placements-bench.ts`); not when bundled into dist/bench.js.
if (/placements-bench\.[cm]?[jt]s$/.test(process.argv[1] ?? '')) {
  for (const line of runPlacementsBench())
    console.log(`${line.name.padEnd(78)} ${line.value.toFixed(1).padStart(8)} ${line.unit}`);
}
