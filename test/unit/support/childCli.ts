/**
 * Runs the CLI with the real file I/O in a child process (see `runChildCli` in files.test.ts), so
 * that a regression which blocks on a FIFO or reads a device without end fails the test instead
 * of hanging or crashing the suite. Prints `{code, ms, stdout, stderr}` as JSON, where `ms` is the
 * time `runCli` took (process start-up excluded).
 */
import { nodeIo, runCli } from '../../../src/cli/main';

let stdout = '';
let stderr = '';
const started = performance.now();
void runCli(process.argv.slice(2), {
  ...nodeIo,
  stdout: (t) => void (stdout += t),
  stderr: (t) => void (stderr += t),
}).then((code) => {
  process.stdout.write(JSON.stringify({ code, ms: performance.now() - started, stdout, stderr }));
});
