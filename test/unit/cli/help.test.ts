/**
 * `llm-sizing <command> --help`: every command prints its own usage (exit 0, nothing run), and
 * the usage names exactly the options the command accepts — a documented option is never
 * "unknown", an undocumented one always is.
 */
import assert from 'node:assert/strict';
import { commands } from '../../../src/cli/commands';
import { runCliCapture as run } from '../support/helpers';

/** Every option any command takes, with a value that parses. */
const OPTIONS: Record<string, string[]> = {
  format: ['--format', 'json'],
  force: ['--force'],
  'max-file-size': ['--max-file-size', '100'],
  hardware: ['--hardware', 'h100-sxm-80gb'],
  limit: ['--limit', '3'],
  output: ['--output', 'out.md'],
  search: ['--search', 'h100'],
};

describe('llm-sizing <command> --help', () => {
  for (const [name, entry] of Object.entries(commands)) {
    it(`${name}: prints its usage and exits 0 (also with other arguments, or -h)`, async () => {
      for (const args of [
        [name, '--help'],
        [name, 'x.deploy.yaml', '--format', 'json', '--help'],
        [name, '-h'],
      ]) {
        const r = await run(args);
        assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, `${entry.usage}\n`);
        assert.ok(r.stdout.startsWith(`llm-sizing ${name} `), r.stdout);
        assert.equal(r.stderr, '');
      }
    });

    it(`${name}: the usage documents exactly the options the command accepts`, async () => {
      for (const [option, args] of Object.entries(OPTIONS)) {
        const documented = entry.usage.includes(`--${option}`);
        const r = await run([name, 'missing.deploy.yaml', ...args]);
        const unknown = /unknown option/.test(r.stderr);
        assert.equal(unknown, !documented, `${name} --${option}: documented ${documented}, stderr: ${r.stderr.trim()}`);
      }
    });
  }

  it('a file after `--` named --help is a file, not a request for help', async () => {
    const r = await run(['validate', '--', '--help']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--help: no such file/);
  });
});
