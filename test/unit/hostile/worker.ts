/**
 * The body of the hostile-input sandbox (see sandbox.ts): runs CLI commands in-process with
 * `runCli`, and the core (`validateText`, `evaluateText`) directly, inside a worker thread of the
 * test process, so that a hang or a memory blow-up becomes a bounded, reported failure instead
 * of a stuck test run. Loaded through tsx's CommonJS hook by the bootstrap in sandbox.ts.
 */
import { parentPort } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { runCli, nodeIo } from '../../../src/cli/main';
import { validateText } from '../../../src/core/validate';
import { evaluateText, toFileReport } from '../../../src/core/placements';
import type { CoreResult, SandboxJob, SandboxResult } from './sandbox';
import { numbersIn } from './walk';

const heap = () => getHeapStatistics().used_heap_size;

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}

function core(text: string, force: boolean): CoreResult {
  const started = performance.now();
  const result: CoreResult = {
    textLength: text.length,
    findings: [],
    nonFinite: [],
    negative: [],
    estimatedPlacements: 0,
    ms: 0,
  };
  try {
    const v = validateText(text, { forceDeployment: force });
    result.findings = v.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      start: f.range.start,
      end: f.range.end,
    }));
  } catch (error) {
    result.validateThrew = describeError(error);
  }
  try {
    const e = evaluateText(text, { forceDeployment: force });
    const report = toFileReport('x', e, { explain: true });
    result.estimatedPlacements = report.deployments.reduce((n, d) => n + d.placements.length, 0);
    result.evaluateFindings = e.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      start: f.range.start,
      end: f.range.end,
    }));
    for (const [path, value] of numbersIn(report)) {
      if (!Number.isFinite(value)) result.nonFinite.push(`${path} = ${value}`);
      else if (value < 0) result.negative.push(`${path} = ${value}`);
    }
  } catch (error) {
    result.evaluateThrew = describeError(error);
  }
  result.ms = performance.now() - started;
  return result;
}

async function handle(job: SandboxJob): Promise<SandboxResult> {
  switch (job.kind) {
    case 'ping':
      return { kind: 'ping' };
    case 'cli': {
      let stdout = '';
      let stderr = '';
      const io = {
        ...nodeIo,
        stdout: (t: string) => void (stdout += t),
        stderr: (t: string) => void (stderr += t),
        writeFile: () => undefined,
      };
      const before = heap();
      const started = performance.now();
      let code: number;
      let rejected: string | undefined;
      try {
        code = await runCli(job.argv, io);
      } catch (error) {
        code = -1;
        rejected = describeError(error);
      }
      const ms = performance.now() - started;
      const heapGrowth = heap() - before;
      return { kind: 'cli', code, stdout, stderr, ms, heapGrowth, ...(rejected ? { rejected } : {}) };
    }
    case 'core': {
      const text = job.text ?? readFileSync(job.path!, 'utf8');
      return { kind: 'core', ...core(text, job.force ?? true) };
    }
  }
}

parentPort!.on('message', (job: SandboxJob) => {
  handle(job).then(
    (result) => parentPort!.postMessage(result),
    (error) => parentPort!.postMessage({ kind: 'crash', error: describeError(error) }),
  );
});
