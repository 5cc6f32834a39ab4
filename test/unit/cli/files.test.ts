import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeIo, runCli } from '../../../src/cli/main';
import { examplePath, ROOT } from '../support/helpers';

const CHILD = join(__dirname, '..', 'support', 'childCli.ts');

/** The CLI with the real file system, in this process. */
async function runReal(args: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(args, {
    ...nodeIo,
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
  });
  return { code, ...out };
}

/** The CLI with the real file system in a child process: a hang or a crash fails the test, not the suite. */
function runChildCli(args: string[]): { code: number; ms: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 15_000,
  });
  assert.equal(r.signal, null, `the CLI did not finish: killed by ${r.signal} (blocked or runaway)`);
  assert.equal(r.status, 0, `the CLI process failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('llm-sizing input files on the real file system', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'llms-files-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a symlink to /dev/zero is declined as "not a regular file" (exit 2) within 1 s, in every command', function () {
    if (process.platform === 'win32' || !existsSync('/dev/zero')) this.skip();
    const link = join(dir, 'zero.deploy.yaml');
    symlinkSync('/dev/zero', link);
    for (const command of ['validate', 'estimate', 'accuracy']) {
      const r = runChildCli([command, link, '--max-file-size', '1']);
      assert.equal(r.code, 2, command);
      assert.match(r.stderr, /zero\.deploy\.yaml: not a regular file/, command);
      assert.ok(r.ms < 1000, `${command}: ${Math.round(r.ms)} ms`);
    }
  });

  it('a FIFO is declined as "not a regular file" (exit 2) without blocking', function () {
    const fifo = join(dir, 'pipe.deploy.yaml');
    try {
      execFileSync('mkfifo', [fifo], { stdio: 'ignore' });
    } catch {
      this.skip(); // no mkfifo on this platform
    }
    for (const command of ['validate', 'check']) {
      const r = runChildCli([command, fifo]);
      assert.equal(r.code, 2, command);
      assert.match(r.stderr, /pipe\.deploy\.yaml: not a regular file/, command);
    }
  });

  it('a directory and a missing path keep their messages (exit 2)', async () => {
    const missing = await runReal(['validate', join(dir, 'missing.deploy.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing\.deploy\.yaml: no such file/);
    const directory = await runReal(['estimate', dir]);
    assert.equal(directory.code, 2);
    assert.match(directory.stderr, /: is a directory/);
  });

  it('a symlink to a regular deployment file is read as before', async () => {
    const link = join(dir, 'linked.deploy.yaml');
    symlinkSync(examplePath('chat-assistant'), link);
    const r = await runReal(['validate', link]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /linked\.deploy\.yaml: 0 errors/);
  });

  it('a file moderately over --max-file-size gets LLMS006 at 1:1; one over 4 bytes per allowed character is not even read', async () => {
    const moderate = join(dir, 'moderate.deploy.yaml');
    writeFileSync(moderate, `# ${'x'.repeat(2000)}\n`);
    const declined = await runReal(['validate', moderate, '--max-file-size', '1']);
    assert.equal(declined.code, 2);
    assert.match(
      declined.stdout,
      /moderate\.deploy\.yaml:1:1: error LLMS006 The file has 2,003 characters, more than the limit of 1,024/,
    );

    const huge = join(dir, 'huge.deploy.yaml');
    writeFileSync(huge, `# ${'x'.repeat(5000)}\n`);
    for (const command of ['validate', 'estimate', 'accuracy']) {
      const r = await runReal([command, huge, '--max-file-size', '1']);
      assert.equal(r.code, 2, command);
      assert.match(
        r.stderr,
        /huge\.deploy\.yaml: too large: 5,003 bytes, far over the limit of 1,024 characters \(--max-file-size\)/,
        command,
      );
    }
  });

  it('keeps reading a byte order mark as an encoding mark', async () => {
    const bom = join(dir, 'bom.deploy.yaml');
    writeFileSync(bom, '\uFEFF' + readFileSync(examplePath('chat-assistant'), 'utf8'));
    assert.equal((await runReal(['validate', bom])).code, 0);
  });
});

describe('llm-sizing report --output on the real file system', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'llms-output-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a symlink at the destination instead of writing through it', async () => {
    const victim = join(dir, 'victim.txt');
    const output = join(dir, 'sizing.md');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, output);
    const r = await runReal(['report', examplePath('chat-assistant'), '--output', output]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n', 'the symlink target is untouched');
    assert.ok(lstatSync(output).isFile(), 'the output path is now a regular file');
    assert.match(readFileSync(output, 'utf8'), /^# LLM deployment sizing report/);
    assert.deepEqual(readdirSync(dir).sort(), ['sizing.md', 'victim.txt'], 'no temporary file left');
  });

  it('replaces an existing report', async () => {
    const output = join(dir, 'sizing.md');
    writeFileSync(output, 'old report\n');
    assert.equal((await runReal(['report', examplePath('chat-assistant'), '--output', output])).code, 0);
    assert.match(readFileSync(output, 'utf8'), /chat-assistant/);
    assert.deepEqual(readdirSync(dir), ['sizing.md']);
  });

  it('a failed write exits 2 with a message and leaves no temporary file', async () => {
    const target = join(dir, 'a-directory');
    mkdirSync(join(target, 'inside'), { recursive: true });
    const r = await runReal(['report', examplePath('chat-assistant'), '--output', target]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /a-directory: cannot write \(is a directory\)/);
    assert.deepEqual(readdirSync(dir), ['a-directory']);
    assert.deepEqual(readdirSync(target), ['inside']);

    const missingDir = await runReal(['report', examplePath('chat-assistant'), '--output', join(dir, 'nope', 'x.md')]);
    assert.equal(missingDir.code, 2);
    assert.match(missingDir.stderr, /x\.md: cannot write \(no such directory\)/);
  });

  it('--help documents --output', async () => {
    const r = await runReal(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^ {2}--output <file> .*symlink/m);
    assert.match(r.stdout, /report .*--output FILE/);
  });
});
