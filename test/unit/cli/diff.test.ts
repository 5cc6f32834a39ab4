import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { globFiles, isDirectory, readInputFile } from '../../../src/cli/files';
import { gitIn } from '../../../src/cli/git';
import type { CliIo } from '../../../src/cli/io';
import { runCliCapture, examplePath, ROOT } from '../support/helpers';

/** A deployment that passes at 1 request/s on one L40S, fails its TPOT SLO at 5 and is overloaded at 40. */
const DEPLOYMENT = (peak: number) => `apiVersion: llm-sizing/v1
kind: Deployment
name: chat
model: {id: llama-3.1-8b}
workload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: ${peak}, slo: {ttftMs: 2000, tpotMs: 40}}
placements:
  - name: one-l40s
    type: on-prem
    hardware: l40s-48gb
    gpus: 1
`;

/** The CLI on the real file system with git run in `dir`. */
async function runIn(dir: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readFile: (p, max) => readInputFile(p, max ?? 5_000_000),
    writeFile: () => assert.fail('diff writes no file'),
    glob: (pattern) => globFiles(pattern),
    isDirectory,
    git: gitIn(() => dir),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
}

describe('llm-sizing diff', () => {
  it('a change that makes a passing placement fail: exit 1 and a Markdown comment naming the placement and the figure', async () => {
    const r = await runCliCapture(['diff', 'old.deploy.yaml', 'new.deploy.yaml', '--format', 'markdown'], {
      'old.deploy.yaml': DEPLOYMENT(1),
      'new.deploy.yaml': DEPLOYMENT(5),
    });
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '<!-- llm-sizing-diff -->');
    assert.match(lines[1]!, /^### LLM sizing: worse: 1 placement now failing/);
    assert.match(
      r.stdout,
      /- chat \/ \*\*one-l40s\*\*: [^\n]*TPOT p95 \d[^\n]* exceeds SLO 40 ms[^\n]*TPOT p95 \d+(\.\d)? ms → \d+ ms/,
    );
    assert.match(r.stdout, /\| chat \/ one-l40s \| pass → \*\*fail\*\* \|/);
  });

  it('a change that stops a placement fitting shows its latency as —, not what an empty KV pool would take', async () => {
    const r = await runCliCapture(['diff', 'old.deploy.yaml', 'new.deploy.yaml', '--format', 'markdown'], {
      'old.deploy.yaml': DEPLOYMENT(1),
      'new.deploy.yaml': DEPLOYMENT(1).replace('model: {id: llama-3.1-8b}', 'model: {id: llama-3.3-70b}'),
    });
    assert.notEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /\*\*one-l40s\*\*: does not fit/);
    assert.match(
      r.stdout,
      /\| chat \/ one-l40s \| pass → \*\*fail\*\* \| [^|]+ \| p95 \d+ ms → — \| p95 \d+ ms → — \|/,
    );
    assert.doesNotMatch(r.stdout, /→ \d+ s \(\+\d{4,}%\)/);
  });

  it('nothing worse: exit 0 (text and JSON), and the reverse change is "now passing"', async () => {
    const files = { 'old.deploy.yaml': DEPLOYMENT(40), 'new.deploy.yaml': DEPLOYMENT(1) };
    const text = await runCliCapture(['diff', 'old.deploy.yaml', 'new.deploy.yaml'], files);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^llm-sizing diff: nothing got worse: 1 now passing\nNOW PASSING +chat \/ one-l40s/);
    const json = await runCliCapture(['diff', 'old.deploy.yaml', 'new.deploy.yaml', '--format', 'json'], files);
    const out = JSON.parse(json.stdout);
    assert.equal(out.worse, false);
    assert.equal(out.placements[0].newlyFailing, false);
    assert.ok(
      out.placements[0].changes.some((c: { metric: string; unit: string }) => c.metric === 'tpot' && c.unit === 'ms'),
    );
  });

  it('--fail-on: a cost rise over the threshold exits 1; under it, 0', async () => {
    const files = {
      'old.deploy.yaml': DEPLOYMENT(1),
      'new.deploy.yaml': DEPLOYMENT(1).replace('gpus: 1', 'gpus: 2'),
    };
    const over = await runCliCapture(['diff', 'old.deploy.yaml', 'new.deploy.yaml', '--fail-on', 'cost+10%'], files);
    assert.equal(over.code, 1, over.stdout);
    assert.match(
      over.stdout,
      /THRESHOLD +chat \/ one-l40s: Cost\/month \$[\d,]+ → \$[\d,]+ \(\+\d+%\) crosses cost\+10%/,
    );
    const under = await runCliCapture(['diff', 'old.deploy.yaml', 'new.deploy.yaml', '--fail-on=cost+500%'], files);
    assert.equal(under.code, 0, under.stdout);
  });

  it('bad input exits 2: an invalid new revision, an unknown --fail-on metric, one path, a missing file', async () => {
    const bad = await runCliCapture(['diff', 'old.deploy.yaml', 'new.deploy.yaml'], {
      'old.deploy.yaml': DEPLOYMENT(1),
      'new.deploy.yaml': DEPLOYMENT(1).replace('gpus: 1', 'gpus: many'),
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /new\.deploy\.yaml:10:\d+: error LLMS\d{3} /);
    const metric = await runCliCapture(['diff', 'a', 'b', '--fail-on', 'price+1%'], {});
    assert.equal(metric.code, 2);
    assert.match(metric.stderr, /--fail-on 'price\+1%'/);
    assert.equal((await runCliCapture(['diff', 'only.deploy.yaml'], { 'only.deploy.yaml': DEPLOYMENT(1) })).code, 2);
    const missing = await runCliCapture(['diff', examplePath('chat-assistant'), 'nowhere.deploy.yaml']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nowhere\.deploy\.yaml: /);
  });

  describe('on the file system', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'llms-diff-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('two folders: files matched by their path inside; added and removed files listed', async () => {
      for (const side of ['old', 'new']) mkdirSync(join(dir, side, 'deploy'), { recursive: true });
      writeFileSync(join(dir, 'old/deploy/chat.yaml'), DEPLOYMENT(1));
      writeFileSync(join(dir, 'new/deploy/chat.yaml'), DEPLOYMENT(40));
      writeFileSync(join(dir, 'old/gone.yaml'), DEPLOYMENT(1).replace('name: chat', 'name: gone'));
      writeFileSync(join(dir, 'new/example.deploy.yaml'), readFileSync(examplePath('chat-assistant'), 'utf8'));
      writeFileSync(join(dir, 'new/notes.txt'), 'not YAML');
      const r = await runIn(dir, ['diff', join(dir, 'old'), join(dir, 'new'), '--force']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /NOW FAILING +chat \/ one-l40s \(deploy\/chat\.yaml\)/);
      assert.match(r.stdout, /REMOVED +gone \/ one-l40s \(gone\.yaml\)/);
      assert.match(r.stdout, /ADDED +chat-assistant \/ dc-h100 \(example\.deploy\.yaml\)/);
      const mixed = await runIn(dir, ['diff', join(dir, 'old'), join(dir, 'new/deploy/chat.yaml')]);
      assert.equal(mixed.code, 2);
      assert.match(mixed.stderr, /two files or two folders/);
    });

    it('--base REF reads the old revision with git, without touching the work tree', async function () {
      try {
        execFileSync('git', ['--version'], { stdio: 'ignore' });
      } catch {
        this.skip(); // no git on this machine
      }
      git(dir, 'init', '-q');
      mkdirSync(join(dir, 'deploy'));
      writeFileSync(join(dir, 'deploy/chat.deploy.yaml'), DEPLOYMENT(1));
      writeFileSync(join(dir, 'deploy/old.deploy.yaml'), DEPLOYMENT(1).replace('name: chat', 'name: retired'));
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'base');
      writeFileSync(join(dir, 'deploy/chat.deploy.yaml'), DEPLOYMENT(40));
      unlinkSync(join(dir, 'deploy/old.deploy.yaml'));
      const r = await runIn(dir, ['diff', join(dir, 'deploy'), '--base', 'HEAD', '--format', 'markdown']);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /worse: 1 placement now failing · 1 removed/);
      assert.match(r.stdout, /chat \/ \*\*one-l40s\*\*/);
      assert.match(r.stdout, /Deployment retired removed/);
      assert.equal(readFileSync(join(dir, 'deploy/chat.deploy.yaml'), 'utf8'), DEPLOYMENT(40), 'work tree untouched');
      const file = await runIn(dir, ['diff', join(dir, 'deploy/chat.deploy.yaml'), '--base', 'HEAD']);
      assert.equal(file.code, 1);
      const ref = await runIn(dir, ['diff', join(dir, 'deploy'), '--base', 'no-such-branch']);
      assert.equal(ref.code, 2);
      assert.match(ref.stderr, /--base 'no-such-branch' names no commit in this repository/);
      const option = await runIn(dir, ['diff', join(dir, 'deploy'), '--base', '--upload-pack=x']);
      assert.equal(option.code, 2, 'a ref that looks like an option is refused, never passed to git');
    });
  });
});

describe("the README's diff comment", () => {
  it('is what `diff` prints for the example with cloud-h100 moved to 2× L40S', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- readme-diff-example -->\n\n```markdown\n([\s\S]*?)```\n/.exec(readme)?.[1];
    assert.ok(block, 'README has the diff comment');
    const example = readFileSync(examplePath('chat-assistant'), 'utf8');
    const start = example.indexOf('  - name: cloud-h100');
    const pinned =
      example.slice(0, start) +
      example.slice(start).replace('gpus: auto', 'gpus: 2').replace('hardware: h100-sxm-80gb', 'hardware: l40s-48gb');
    const r = await runCliCapture(
      ['diff', 'examples/chat-assistant.deploy.yaml', 'pr/chat-assistant.deploy.yaml', '--format', 'markdown'],
      { 'examples/chat-assistant.deploy.yaml': example, 'pr/chat-assistant.deploy.yaml': pinned },
    );
    assert.equal(r.code, 1);
    assert.equal(block, r.stdout);
    assert.match(
      block,
      /Now failing\*\*\n\n- chat-assistant \/ \*\*cloud-h100\*\*: (overloaded|TTFT p95 .* exceeds SLO)/,
    );
  });
});
