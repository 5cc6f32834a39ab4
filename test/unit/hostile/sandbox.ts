/**
 * A bounded place to run hostile input: one worker thread of the test process that runs the CLI
 * in-process (`runCli` with captured stdout/stderr and the real file reader) and the core
 * directly. A job that overruns its time is a failure, not a hung suite: the worker is terminated
 * and a fresh one takes the next job. The worker's heap is capped, so a memory blow-up is
 * reported too.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';

export type SandboxJob =
  | { kind: 'ping' }
  | { kind: 'cli'; argv: string[] }
  /** Validate and evaluate a file (read as the CLI reads it) or a text. */
  | { kind: 'core'; path?: string; text?: string; force?: boolean };

export interface FindingSummary {
  code: string;
  severity: string;
  message: string;
  start: number;
  end: number;
}

export interface CoreResult {
  textLength: number;
  validateThrew?: string;
  evaluateThrew?: string;
  findings: FindingSummary[];
  evaluateFindings?: FindingSummary[];
  /** Report numbers (explain included) that are NaN or ±Infinity, as `path = value`. */
  nonFinite: string[];
  negative: string[];
  estimatedPlacements: number;
  ms: number;
}

export type SandboxResult =
  | { kind: 'ping' }
  | { kind: 'cli'; code: number; stdout: string; stderr: string; ms: number; heapGrowth: number; rejected?: string }
  | ({ kind: 'core' } & CoreResult)
  | { kind: 'crash'; error: string };

/** What `run` reports when the job did not finish. */
export interface SandboxFailure {
  kind: 'timeout' | 'died';
  ms: number;
  detail: string;
}

const WORKER = join(__dirname, 'worker.ts');
/** Old-generation cap of the worker (MB): a runaway allocation kills the worker, not the suite. */
const WORKER_HEAP_LIMIT_MB = 1536;

export class Sandbox {
  private worker: Worker | undefined;
  private pending:
    { resolve: (r: SandboxResult | SandboxFailure) => void; timer: NodeJS.Timeout; started: number } | undefined;

  private spawn(): Worker {
    const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(WORKER)});`;
    const worker = new Worker(bootstrap, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_LIMIT_MB },
      stdout: true,
      stderr: true,
    });
    // Only the current worker may answer: a terminated one's late events are ignored.
    worker.on('message', (result: SandboxResult) => {
      if (this.worker === worker) this.settle(result);
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.settle({ kind: 'died', ms: 0, detail: `${error.name}: ${error.message}` });
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.settle({ kind: 'died', ms: 0, detail: `worker exited with code ${code}` });
    });
    return worker;
  }

  private settle(result: SandboxResult | SandboxFailure): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    if (result.kind === 'died' || result.kind === 'timeout') result.ms = performance.now() - pending.started;
    pending.resolve(result);
  }

  /** Runs a job; resolves with its result, or with a failure after `timeoutMs` (the worker is then replaced). */
  run(job: SandboxJob, timeoutMs: number): Promise<SandboxResult | SandboxFailure> {
    if (this.pending) throw new Error('one job at a time');
    const worker = (this.worker ??= this.spawn());
    return new Promise((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        this.worker = undefined;
        void worker.terminate();
        this.settle({ kind: 'timeout', ms: performance.now() - started, detail: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.pending = { resolve, timer, started };
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}

export function isFailure(r: SandboxResult | SandboxFailure): r is SandboxFailure {
  return r.kind === 'timeout' || r.kind === 'died';
}
