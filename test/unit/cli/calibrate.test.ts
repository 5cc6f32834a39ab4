import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo, runCliCapture } from '../support/helpers';
import { accuracyCommand } from '../../../src/cli/commands/accuracy';
import { calibrateCommand } from '../../../src/cli/commands/calibrate';
import { VLLM_RESULT } from '../support/benchmarkResults';

const DEPLOYMENT = `apiVersion: llm-sizing/v1
kind: Deployment
name: bench-h100
model: {id: llama-3.1-8b, weights: bf16}
workload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: 2}
placements:
  - name: one-h100
    type: on-prem
    hardware: h100-sxm-80gb
    gpus: 1
    engine: vllm
  - name: two-l40s
    type: on-prem
    hardware: l40s-48gb
    gpus: 2
    engine: vllm
`;

describe('CLI: your own benchmarks (accuracy on result files, calibrate)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'llms-cal-'));
    writeFileSync(join(dir, 'd.deploy.yaml'), DEPLOYMENT);
    writeFileSync(join(dir, 'run.json'), VLLM_RESULT);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accuracy scores a vllm bench serve file against the placement it measured, and can save it as cases', async () => {
    const { io, out } = memoryIo();
    const d = join(dir, 'd.deploy.yaml');
    const code = await accuracyCommand(
      [
        join(dir, 'run.json'),
        '--deployment',
        d,
        '--placement',
        'one-h100',
        '--format',
        'json',
        '--write-cases',
        'c.yaml',
      ],
      io,
    );
    assert.equal(code, 0, out.stderr);
    const j = JSON.parse(out.stdout);
    assert.deepEqual(
      j.cases.map((c: { metric: string; measured: number }) => [c.metric, c.measured]),
      [
        ['ttftMs', 75.3],
        ['tpotMs', 14.8],
        ['outputTokensPerSecond', 997.5],
      ],
    );
    assert.ok(j.cases.every((c: { predicted: number | null }) => typeof c.predicted === 'number'));
    assert.match(out.written['c.yaml']!, /model: llama-3.1-8b[\s\S]*concurrency: 16[\s\S]*measured: 75.3/);
    // The saved cases are a cases file: the same predictions come back from it.
    const again = memoryIo({ 'c.yaml': out.written['c.yaml']! });
    assert.equal(await accuracyCommand(['c.yaml', '--format', 'json'], again.io), 0);
    assert.deepEqual(
      JSON.parse(again.out.stdout).cases.map((c: { predicted: number }) => c.predicted),
      j.cases.map((c: { predicted: number }) => c.predicted),
    );
  });

  it('calibrate reads within the same input limits as accuracy: a too-deeply nested file is LLMS006, exit 2', async () => {
    const { io, out } = memoryIo({ 'deep.yaml': `cases: ${'['.repeat(2000)}` });
    assert.equal(await calibrateCommand(['deep.yaml'], io), 2);
    assert.match(out.stderr, /deep\.yaml:1:\d+: error LLMS006 The file nests deeper than/);
  });

  it('a result file needs the deployment, and a deployment with several placements needs --placement', async () => {
    const { io } = memoryIo();
    await assert.rejects(accuracyCommand([join(dir, 'run.json')], io), /--deployment/);
    const second = memoryIo();
    assert.equal(
      await accuracyCommand([join(dir, 'run.json'), '--deployment', join(dir, 'd.deploy.yaml')], second.io),
      2,
    );
    assert.match(second.out.stderr, /2 placements \(one-h100, two-l40s\): name the one measured with --placement/);
  });

  it('calibrate fits a bounded correction, --write saves it, and estimates then use it and say so', async () => {
    const d = join(dir, 'd.deploy.yaml');
    const before = await runCliCapture([
      'accuracy',
      join(dir, 'run.json'),
      '--deployment',
      d,
      '--placement',
      'one-h100',
      '--format',
      'json',
    ]);
    const fitted = memoryIo();
    const code = await calibrateCommand(
      [join(dir, 'run.json'), '--deployment', d, '--placement', 'one-h100', '--out', 'calibration.yaml'],
      fitted.io,
    );
    assert.equal(code, 0, fitted.out.stderr);
    assert.match(fitted.out.stdout, /vllm on h100-sxm-80gb: 3 measurements, median \|error\| [\d.]+% → [\d.]+%/);
    const text = fitted.out.written['calibration.yaml']!;
    assert.match(text, /kind: Calibration[\s\S]*engine: vllm\n\s+hardware: h100-sxm-80gb/);
    mkdirSync(join(dir, '.llm-sizing'));
    writeFileSync(join(dir, '.llm-sizing', 'calibration.yaml'), text);
    const after = await runCliCapture([
      'accuracy',
      join(dir, 'run.json'),
      '--deployment',
      d,
      '--placement',
      'one-h100',
      '--format',
      'json',
    ]);
    const err = (r: { stdout: string }) =>
      (JSON.parse(r.stdout).cases as Array<{ absPctError: number }>).reduce((a, c) => a + c.absPctError, 0);
    assert.ok(err(after) < err(before) / 2, `error ${err(before)} → ${err(after)}`);
    // A cases file in the same workspace is scored with the correction too (accuracy reads the
    // workspace's catalog and calibration like every command).
    const saved = memoryIo();
    await accuracyCommand(
      [join(dir, 'run.json'), '--deployment', d, '--placement', 'one-h100', '--write-cases', join(dir, 'cases.yaml')],
      saved.io,
    );
    writeFileSync(join(dir, 'cases.yaml'), saved.out.written[join(dir, 'cases.yaml')]!);
    const fromCases = await runCliCapture(['accuracy', join(dir, 'cases.yaml'), '--format', 'json']);
    assert.equal(err(fromCases), err(after), 'the cases file scores as the results did, corrected');
    const estimate = await runCliCapture(['estimate', d, '--format', 'json']);
    assert.equal(estimate.code, 0, estimate.stderr);
    const placements = JSON.parse(estimate.stdout).files[0].deployments[0].placements as Array<{
      name: string;
      assumptions: string[];
    }>;
    const said = (name: string) =>
      placements
        .find((p) => p.name === name)!
        .assumptions.some((a) =>
          /workspace calibration \(\.llm-sizing\/calibration\.yaml\) for vllm on h100-sxm-80gb/.test(a),
        );
    assert.ok(said('one-h100'), 'the H100 placement names the correction');
    assert.ok(!said('two-l40s'), 'the L40S placement is not corrected');
  });

  it('validate on .llm-sizing/calibration.yaml itself: its problems with line and column (LLMS062), exit 2', async () => {
    mkdirSync(join(dir, '.llm-sizing'));
    const path = join(dir, '.llm-sizing', 'calibration.yaml');
    writeFileSync(path, 'corrections:\n  - {engine: vllm, hardware: h100-sxm-80gb, compute: 0.1}\n');
    const r = await runCliCapture(['validate', path]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /calibration\.yaml:2:\d+: error LLMS062 corrections\[0\]: compute/);
  });

  it('a broken calibration file is reported with its line, and the estimate goes on without it', async () => {
    mkdirSync(join(dir, '.llm-sizing'));
    writeFileSync(
      join(dir, '.llm-sizing', 'calibration.yaml'),
      'corrections:\n  - {engine: vllm, hardware: h100-sxm-80gb, bandwidth: 40}\n',
    );
    const r = await runCliCapture(['estimate', join(dir, 'd.deploy.yaml')]);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /calibration\.yaml:2:\d+: error: corrections\[0\]: bandwidth/);
    assert.doesNotMatch(r.stdout, /workspace calibration/);
  });
});
