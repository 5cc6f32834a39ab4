/**
 * `llm-sizing … | head`: the reader closes the pipe early. The CLI exits quietly with its own code —
 * no unhandled EPIPE stack trace on stderr (a crash, found 2026-12-04). The output is larger than a
 * pipe's buffer (the hardware catalog as JSON, about 100 KB), so the write after `head` has gone
 * always fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/helpers';

const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = `${JSON.stringify(process.execPath)} --import ${TSX} ${JSON.stringify(join(ROOT, 'test', 'unit', 'support', 'cliMain.ts'))}`;

describe('CLI: a reader that closes the pipe early', () => {
  it('catalog hardware --format json | head -c 10 exits 0 without an EPIPE error', function () {
    this.timeout(60_000);
    const r = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; e=$(mktemp); ${CLI} catalog hardware --format json 2>"$e" | head -c 10; s=$?; echo; echo "rc=$s"; cat "$e"; rm -f "$e"`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.ok(r.stdout.startsWith('['), r.stdout);
    assert.match(r.stdout, /\nrc=0\n/, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /EPIPE|Unhandled/);
  });
});
