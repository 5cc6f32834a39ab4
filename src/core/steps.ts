/**
 * Work written as steps: a generator that yields between units of work (a YAML document, 64 K
 * characters of a scan, one deployment's estimate), so the editor can run it in slices that leave
 * its event loop a turn (`src/extension/slices.ts`) and everything else can run it in one go.
 */

/** Runs work written as steps to its result, in one go. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
