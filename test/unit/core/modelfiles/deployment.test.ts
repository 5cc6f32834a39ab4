/**
 * Model files through the whole path a user takes: a deployment file that names them, read by the
 * CLI's node:fs port (a fake Hugging Face cache under a temporary HOME), validated and estimated.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogForFile } from '../../../../src/cli/fileCatalog';
import { evaluateText } from '../../../../src/core/placements';
import { fixture, runCliCapture } from '../../support/helpers';

const GiB = 1024 ** 3;
const SHA = '86518964eaef84e3fdd98e9861759a1384f9c29d';

function deployment(
  model: string,
  placement = 'hardware: h200-sxm-141gb\n    gpus: 8\n    parallelism: {tensor: 8}',
): string {
  return `apiVersion: llm-sizing/v1
kind: Deployment
name: files
model:
${model}
workload:
  inputTokens: 2000
  outputTokens: 300
  concurrency: 8
placements:
  - name: node
    type: on-prem
    ${placement}
    engine: vllm
`;
}

async function evaluate(dir: string, text: string) {
  const path = join(dir, 'x.deploy.yaml');
  writeFileSync(path, text);
  const catalog = await catalogForFile(path, text, {});
  return evaluateText(text, { catalog, curve: false });
}

describe('model files in a deployment', () => {
  let dir: string;
  const saved = { HOME: process.env.HOME, HF_HUB_CACHE: process.env.HF_HUB_CACHE, HF_HOME: process.env.HF_HOME };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'llms-modelfiles-'));
    process.env.HOME = join(dir, 'home');
    delete process.env.HF_HUB_CACHE;
    delete process.env.HF_HOME;
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** A huggingface_hub cache entry: refs/<ref> → snapshots/<sha>/config.json. */
  function cache(root: string, repo: string, configName: string, ref = 'main'): void {
    const repoDir = join(root, `models--${repo.replace('/', '--')}`);
    mkdirSync(join(repoDir, 'refs'), { recursive: true });
    writeFileSync(join(repoDir, 'refs', ref), SHA);
    mkdirSync(join(repoDir, 'snapshots', SHA), { recursive: true });
    writeFileSync(join(repoDir, 'snapshots', SHA, 'config.json'), fixture('modelfiles', 'hf', configName));
  }

  it('model.config of a 235B MoE: bf16 weights per GPU within 3 % of parameters × 2 bytes ÷ 8 GPUs', async () => {
    writeFileSync(join(dir, 'config.json'), fixture('modelfiles', 'hf', 'qwen3-235b-a22b.json'));
    const result = await evaluate(dir, deployment('  config: config.json'));
    assert.deepEqual(
      result.findings.filter((f) => f.severity === 'error'),
      [],
    );
    const p = result.documents[0]!.report.placements[0]!;
    assert.equal(p.weights, 'bf16');
    const expected = (235.09e9 * 2) / 8 / GiB;
    const weights = p.memory.perGpuGiB.weights;
    assert.ok(Math.abs(weights / expected - 1) < 0.03, `${weights} GiB per GPU vs ${expected}`);
  });

  it('an MLA model read from the local HF cache (~/.cache/huggingface/hub) picks fp8 from its quantization_config', async () => {
    cache(join(dir, 'home', '.cache', 'huggingface', 'hub'), 'deepseek-ai/DeepSeek-V3', 'deepseek-v3.json');
    const result = await evaluate(dir, deployment('  huggingface: deepseek-ai/DeepSeek-V3'));
    assert.deepEqual(
      result.findings.filter((f) => f.severity === 'error').map((f) => f.message),
      [],
    );
    const p = result.documents[0]!.report.placements[0]!;
    assert.equal(p.weights, 'fp8');
    // 671 B parameters in fp8 (+ bf16 embeddings, fp32 block scales) over 8 GPUs: ~78 GiB each.
    assert.ok(p.memory.perGpuGiB.weights > 76 && p.memory.perGpuGiB.weights < 80, `${p.memory.perGpuGiB.weights}`);
  });

  it('HF_HUB_CACHE wins over HF_HOME and HOME; a revision may be a commit sha', async () => {
    cache(join(dir, 'hub'), 'Qwen/Qwen3-235B-A22B', 'qwen3-235b-a22b.json');
    process.env.HF_HUB_CACHE = join(dir, 'hub');
    process.env.HF_HOME = join(dir, 'elsewhere');
    const byRef = await evaluate(dir, deployment('  huggingface: Qwen/Qwen3-235B-A22B'));
    assert.deepEqual(
      byRef.findings.filter((f) => f.severity === 'error'),
      [],
    );
    const bySha = await evaluate(dir, deployment(`  huggingface: Qwen/Qwen3-235B-A22B\n  revision: ${SHA}`));
    assert.deepEqual(
      bySha.findings.filter((f) => f.severity === 'error'),
      [],
    );
  });

  it('a repo that is not cached: LLMS050 at the key naming the paths tried (no network)', async () => {
    process.env.HF_HOME = join(dir, 'hf');
    const result = await evaluate(dir, deployment('  huggingface: someone/never-downloaded\n  revision: v2'));
    const f = result.findings.find((x) => x.code === 'LLMS050');
    assert.ok(f, JSON.stringify(result.findings));
    assert.ok(f.message.includes(join(dir, 'hf', 'hub', 'models--someone--never-downloaded', 'refs', 'v2')), f.message);
    assert.equal(result.documents.length, 0, 'not estimated');
  });

  it("a catalog model's repo id that is not cached falls back to the catalog entry", async () => {
    const result = await evaluate(
      dir,
      deployment('  huggingface: meta-llama/Meta-Llama-3-8B-Instruct', 'hardware: h100-sxm-80gb\n    gpus: 1'),
    );
    assert.deepEqual(
      result.findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.equal(result.documents[0]!.report.placements[0]!.weights, 'bf16');
  });

  it('the CLI estimates a file with model.config (JSON report) and validates a missing one with exit 2', async () => {
    writeFileSync(join(dir, 'config.json'), fixture('modelfiles', 'hf', 'gemma-3-27b-it.json'));
    const ok = join(dir, 'ok.deploy.yaml');
    writeFileSync(ok, deployment('  config: config.json', 'hardware: h100-sxm-80gb\n    gpus: 1'));
    const run = await runCliCapture(['estimate', ok, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).files[0].deployments[0].model, 'config.json');
    const bad = join(dir, 'bad.deploy.yaml');
    writeFileSync(bad, deployment('  config: nope/config.json'));
    const failed = await runCliCapture(['validate', bad]);
    assert.equal(failed.code, 2);
    assert.match(failed.stdout, /LLMS050.*config\.json not found/);
  });
});
