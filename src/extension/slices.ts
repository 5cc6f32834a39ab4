/**
 * Runs work written as steps (a generator that yields between units of work) on the extension
 * host without freezing it: steps run for at most `sliceMs`, then the host's event loop gets a
 * turn (other extensions, the editor's messages) before the next slice. Issue 13, item 10.
 */

/** Work per slice before the event loop gets a turn, ms (a frame at 60 Hz is 16.7 ms). */
const SLICE_MS = 8;

/** A turn of the event loop: timers, I/O and messages queued meanwhile run first. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The steps' result, or undefined when `cancelled()` says so between two slices (a newer edit
 * made the work moot). A step that throws rejects the promise, as a synchronous run would throw.
 */
export async function runInSlices<T>(
  steps: Generator<void, T, void>,
  cancelled: () => boolean,
  sliceMs = SLICE_MS,
): Promise<T | undefined> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      if (cancelled()) {
        steps.return(undefined as T);
        return undefined;
      }
      sliceStart = performance.now();
    }
  }
}
