import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { FIXTURES, memoryIo } from '../support/helpers';

const dir = join(FIXTURES, 'validate');

describe('llm-sizing validate', () => {
  it('exits 0 on a valid file and says so', async () => {
    const { io, out } = memoryIo();
    const code = await runCli(['validate', join(dir, 'valid-format-example.deploy.yaml')], io);
    assert.equal(code, 0);
    assert.match(out.stdout, /0 errors, 0 warnings/);
  });

  it('exits 2 with path:line:column findings on an invalid file', async () => {
    const { io, out } = memoryIo();
    const file = join(dir, 'LLMS021-unknown-hardware.deploy.yaml');
    const code = await runCli(['validate', file], io);
    assert.equal(code, 2);
    assert.ok(out.stdout.includes(`${file}:14:15: error LLMS021 Unknown hardware id \`h100-sxm-80g\`.`), out.stdout);
  });

  it('prints JSON with 1-based positions', async () => {
    const { io, out } = memoryIo();
    const file = join(dir, 'LLMS021-unknown-hardware.deploy.yaml');
    assert.equal(await runCli(['validate', file, '--format', 'json'], io), 2);
    const json = JSON.parse(out.stdout);
    assert.deepEqual(
      { ...json.files[0].diagnostics[0], message: undefined },
      { severity: 'error', code: 'LLMS021', message: undefined, line: 14, column: 15, endLine: 14, endColumn: 27 },
    );
  });

  it('exits 0 with warnings only', async () => {
    const { io } = memoryIo();
    assert.equal(await runCli(['validate', join(dir, 'LLMS039-expert-parallel-dense.deploy.yaml')], io), 0);
  });

  it('treats --force files as deployment files', async () => {
    const { io, out } = memoryIo({ 'x.yaml': 'name: x\n' });
    assert.equal(await runCli(['validate', 'x.yaml'], io), 0);
    assert.match(out.stdout, /no deployment documents/);
    assert.equal(await runCli(['validate', 'x.yaml', '--force'], io), 2);
    assert.match(out.stdout, /LLMS004/);
  });

  it('usage errors exit 2 without a stack trace', async () => {
    for (const args of [
      ['validate'],
      ['validate', 'a.yaml', '--format', 'xml'],
      ['validate', '--bogus', 'a'],
      ['nope'],
      [],
    ]) {
      const { io, out } = memoryIo();
      assert.equal(await runCli(args, io), 2, args.join(' '));
      assert.ok(out.stderr.length > 0);
      assert.doesNotMatch(out.stderr, /\n\s+at /);
    }
  });

  it('a missing file exits 2 with a message', async () => {
    const { io, out } = memoryIo();
    assert.equal(await runCli(['validate', join(dir, 'does-not-exist.yaml')], io), 2);
    assert.match(out.stderr, /no such file/);
  });

  it('--help and --version exit 0', async () => {
    const { io, out } = memoryIo();
    assert.equal(await runCli(['--help'], io), 0);
    assert.match(out.stdout, /validate/);
    assert.equal(await runCli(['--version'], io), 0);
  });
});

describe('llm-sizing --max-file-size', () => {
  it('declines a file over the limit with LLMS006 and exit 2, in every command', async () => {
    const file = join(dir, 'valid-format-example.deploy.yaml');
    for (const command of ['validate', 'estimate', 'check', 'report', 'recommend']) {
      const { io, out } = memoryIo();
      assert.equal(await runCli([command, file, '--max-file-size', '1'], io), 2, command);
      assert.match(out.stdout + out.stderr, /LLMS006/, command);
    }
  });
  it('rejects a bad limit as a usage error', async () => {
    const { io, out } = memoryIo();
    assert.equal(await runCli(['validate', 'x.yaml', '--max-file-size', 'lots'], io), 2);
    assert.match(out.stderr, /--max-file-size must be a positive number of KB/);
  });
});
