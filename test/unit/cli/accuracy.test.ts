import assert from 'node:assert/strict';
import { runCliCapture as run } from '../support/helpers';

const CASE = `- id: T4
  model: llama-2-7b
  weights: q4_0
  engine: llama.cpp
  metric: weightsGiB
  measured: 3.56
`;
const CASES = `cases:\n${CASE}`;

describe('llm-sizing accuracy: input limits like the other commands', () => {
  it('accepts --max-file-size; a file within the limit is analysed', async () => {
    const r = await run(['accuracy', 'cases.yaml', '--max-file-size', '4'], { 'cases.yaml': CASES });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /T4\s+weightsGiB/);
  });

  it('rejects --force (it would change nothing for a cases file, and no option is ignored)', async () => {
    const r = await run(['accuracy', 'cases.yaml', '--force'], { 'cases.yaml': CASES });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /force/);
  });

  it('declines a file over --max-file-size with LLMS006 at 1:1 (exit 2), as validate does', async () => {
    const big = CASES + `# ${'x'.repeat(2000)}\n`;
    const r = await run(['accuracy', 'cases.yaml', '--max-file-size', '1'], { 'cases.yaml': big });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const validate = await run(['validate', 'cases.yaml', '--force', '--max-file-size', '1'], { 'cases.yaml': big });
    const finding = validate.stdout.split('\n')[0]!;
    assert.match(
      finding,
      /^cases\.yaml:1:1: error LLMS006 The file has 2,\d{3} characters, more than the limit of 1,024/,
    );
    assert.equal(r.stderr, `${finding}\n`);
  });

  it('declines a file over the default limit (5000 KB = 5,120,000 characters, as in the extension)', async () => {
    const r = await run(['accuracy', 'cases.yaml'], { 'cases.yaml': CASES + `# ${'x'.repeat(5_120_000)}\n` });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^cases\.yaml:1:1: error LLMS006 .*more than the limit of 5,120,000/);
  });

  it('declines nesting too deep for the YAML parser (exit 2), naming line:column', async () => {
    const depth = 2000;
    const deep = `${CASES}  notes: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const r = await run(['accuracy', 'cases.yaml'], { 'cases.yaml': deep });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const at = /^cases\.yaml:(\d+):(\d+): error LLMS006 The file nests deeper than \d+ levels here/.exec(r.stderr);
    assert.ok(at, r.stderr);
    assert.equal(Number(at[1]), 8, 'the line of the deep value');
    const column = Number(at[2]);
    assert.ok(
      column > '  notes: '.length && column <= '  notes: '.length + depth,
      `column ${column} is inside the brackets`,
    );
  });

  it('rejects a bad --max-file-size as a usage error', async () => {
    const r = await run(['accuracy', 'cases.yaml', '--max-file-size', '0'], { 'cases.yaml': CASES });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--max-file-size must be a positive number of KB/);
  });

  it("a case beyond the deployment format's bounds (1e300 GPUs, a memory fraction of 1e300) is a named problem, never a number", async () => {
    const bad = (field: string) =>
      `cases:\n  - id: x\n    model: llama-3.1-8b\n    hardware: h100-sxm-80gb\n    engine: vllm\n    ${field}\n    workload: {inputTokens: 100, outputTokens: 100, concurrency: 1}\n    metric: tpotMs\n    measured: 8\n`;
    for (const [field, problem] of [
      ['gpus: 1e300', /gpus: Too big: expected number to be <=100000/],
      ['gpus: 1000000000000000', /gpus: Too big/],
      ['engineOptions: {gpuMemoryUtilization: 1e300}', /gpuMemoryUtilization is a fraction of GPU memory/],
      ['memoryGB: 1e300', /memoryGB: Too big/],
      ['parallelism: {tensor: 1e300}', /parallelism\.tensor: Too big/],
    ] as const) {
      const r = await run(['accuracy', 'cases.yaml', '--format', 'json'], { 'cases.yaml': bad(field) });
      assert.equal(r.code, 0, r.stderr);
      const c = JSON.parse(r.stdout).cases[0];
      assert.equal(c.predicted, null, `${field}: ${JSON.stringify(c)}`);
      assert.match(JSON.stringify(c), problem, field);
    }
  });
});
