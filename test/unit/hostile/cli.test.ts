/**
 * Hostile files through every CLI command, in-process (`runCli` with captured output and the real
 * file reader), and through the core (`validateText`, `evaluateText`) directly.
 *
 * The commands run in a worker thread of this process (sandbox.ts) so that a hang or a memory
 * blow-up is a bounded, reported failure: each command must finish within TIME_LIMIT_MS and grow
 * the heap by less than HEAP_LIMIT_BYTES.
 *
 * For every file and command: the documented exit code (2 for invalid input; 0, or 1 for `check`,
 * only when the input is valid), findings located as `path:line:col:` (the Markdown report as
 * `| line:col |`), the same findings whatever the command, no stack trace and no JavaScript
 * engine error text. Then exact positions for the files where the bad token is known.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus, HOSTILE_FIXTURES, NUMERIC_FIELDS, type CorpusEntry } from './corpus';
import { isFailure, Sandbox, type CoreResult, type SandboxResult } from './sandbox';

/** Generous but bounding: the slowest command on the slowest file takes well under a second. */
const TIME_LIMIT_MS = 10_000;
const HEAP_LIMIT_BYTES = 500 * 1024 * 1024;
/** Time allowed to a job, loading the worker included (a stuck job is killed after this). */
const JOB_TIMEOUT_MS = TIME_LIMIT_MS + 2_000;

const COMMANDS = ['validate', 'estimate', 'check', 'report', 'recommend'] as const;
type Command = (typeof COMMANDS)[number];

type CliResult = Extract<SandboxResult, { kind: 'cli' }>;

interface Located {
  line: number;
  column: number;
  severity: string;
  code: string;
  text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The findings a command printed: `path:L:C: severity CODE message` (text) or `| L:C | severity | CODE | message |` (report, Markdown). */
function locatedFindings(command: Command, path: string, output: string): Located[] {
  const re =
    command === 'report'
      ? /^\| (\d+):(\d+) \| (error|warning|info|hint) \| (LLMS\d{3}) \|/gm
      : new RegExp(`^${escape(path)}:(\\d+):(\\d+): (error|warning|info|hint) (LLMS\\d{3}) `, 'gm');
  return [...output.matchAll(re)].map((m) => ({
    line: Number(m[1]),
    column: Number(m[2]),
    severity: m[3]!,
    code: m[4]!,
    text: m[0],
  }));
}

/** Stack frames and JavaScript engine messages: signs that something crashed inside. */
const CRASH_SIGNS = [
  /^\s+at .+:\d+:\d+\)?$/m,
  /\b(TypeError|RangeError|ReferenceError|SyntaxError|InternalError)\b/,
  /Maximum call stack size exceeded/,
  /Cannot read propert(y|ies) of (undefined|null)/,
  /is not a function/,
  /out of memory/i,
];

const key = (f: Located) => `${f.line}:${f.column} ${f.code}`;

describe('hostile files through the CLI (in-process) and the core', function () {
  this.timeout(120_000);
  const sandbox = new Sandbox();
  let dir: string;

  before(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), 'llm-sizing-hostile-'));
    for (const entry of corpus()) entry.make?.(join(dir, entry.name));
    const ping = await sandbox.run({ kind: 'ping' }, 60_000);
    assert.equal(ping.kind, 'ping', `sandbox did not start: ${JSON.stringify(ping)}`);
  });

  after(async () => {
    await sandbox.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a command on a file in the sandbox; fails the test if it hangs, dies or rejects. */
  async function cli(command: Command, path: string): Promise<CliResult> {
    const r = await sandbox.run({ kind: 'cli', argv: [command, path] }, JOB_TIMEOUT_MS);
    if (isFailure(r))
      assert.fail(
        `\`llm-sizing ${command}\` on ${path}: ${r.kind} after ${Math.round(r.ms)} ms (${r.detail}) — must finish within ${TIME_LIMIT_MS} ms`,
      );
    assert.equal(r.kind, 'cli', JSON.stringify(r).slice(0, 500));
    return r as CliResult;
  }

  async function core(path: string): Promise<CoreResult> {
    const r = await sandbox.run({ kind: 'core', path, force: true }, JOB_TIMEOUT_MS);
    if (isFailure(r))
      assert.fail(`validateText/evaluateText on ${path}: ${r.kind} after ${Math.round(r.ms)} ms (${r.detail})`);
    assert.equal(r.kind, 'core', JSON.stringify(r).slice(0, 500));
    return r as CoreResult & { kind: 'core' };
  }

  for (const entry of corpus()) {
    it(`${entry.name} — ${entry.what}: documented exit codes, located findings, no crash, bounded time and memory`, async () => {
      const path = join(dir, entry.name);
      const results: Partial<Record<Command, CliResult>> = {};
      for (const command of COMMANDS) {
        const r = await cli(command, path);
        results[command] = r;
        const output = r.stdout + r.stderr;
        const where = `\`llm-sizing ${command}\` on ${entry.name}`;
        assert.equal(r.rejected, undefined, `${where}: runCli rejected: ${r.rejected}`);
        assert.ok(r.ms < TIME_LIMIT_MS, `${where}: ${Math.round(r.ms)} ms`);
        assert.ok(r.heapGrowth < HEAP_LIMIT_BYTES, `${where}: heap grew by ${Math.round(r.heapGrowth / 2 ** 20)} MiB`);
        for (const sign of CRASH_SIGNS)
          assert.doesNotMatch(
            output,
            sign,
            `${where}: crash text (${sign.source}) in the output:\n${output.slice(0, 1500)}`,
          );
        assertExitCode(entry, command, r);
        if (entry.message) {
          assert.match(
            r.stderr,
            new RegExp(`^${escape(path)}${entry.message.source}`, 'm'),
            `${where}: stderr ${JSON.stringify(r.stderr)}`,
          );
          continue;
        }
        const found = locatedFindings(command, path, r.stdout);
        const errors = found.filter((f) => f.severity === 'error');
        if (entry.validity === 'invalid') {
          assert.ok(errors.length > 0, `${where}: exit 2 but no located error finding:\n${output.slice(0, 1500)}`);
          for (const code of entry.codes ?? [])
            assert.ok(
              errors.some((f) => f.code === code),
              `${where}: no ${code} among ${[...new Set(errors.map((f) => f.code))].join(', ')}`,
            );
          for (const f of found) assert.ok(f.line >= 1 && f.column >= 1, `${where}: ${f.text}`);
        } else {
          assert.deepEqual(errors, [], `${where}: valid input but error findings`);
        }
      }
      if (entry.message) return;
      // One file, one set of findings: every command reports validate's errors at the same places.
      const reference = locatedFindings('validate', path, results.validate!.stdout)
        .filter((f) => f.severity === 'error')
        .map(key);
      for (const command of COMMANDS.slice(1)) {
        const errors = new Set(
          locatedFindings(command, path, results[command]!.stdout)
            .filter((f) => f.severity === 'error')
            .map(key),
        );
        const missing = reference.filter((k) => !errors.has(k));
        assert.deepEqual(
          missing.slice(0, 5),
          [],
          `${entry.name}: \`validate\` reports ${missing.slice(0, 3).join(' · ')} but \`${command}\` reports ${[...errors].slice(0, 3).join(' · ')} — the same file must give the same findings`,
        );
      }
      // The core directly: never throws, every range inside the text, every report number finite.
      const c = await core(path);
      assert.equal(c.validateThrew, undefined, `validateText threw: ${c.validateThrew}`);
      assert.equal(c.evaluateThrew, undefined, `evaluateText threw: ${c.evaluateThrew}`);
      for (const f of [...c.findings, ...(c.evaluateFindings ?? [])]) {
        assert.match(f.code, /^LLMS\d{3}$/);
        assert.ok(f.message.length > 0);
        assert.ok(
          f.start >= 0 && f.start <= f.end && f.end <= Math.max(1, c.textLength),
          `${f.code} range ${f.start}-${f.end} outside 0-${c.textLength}`,
        );
      }
      assert.deepEqual(c.nonFinite, [], `${entry.name}: non-finite numbers in the report`);
    });
  }

  function assertExitCode(entry: CorpusEntry, command: Command, r: CliResult): void {
    const where = `\`llm-sizing ${command}\` on ${entry.name}`;
    if (entry.validity === 'invalid') assert.equal(r.code, 2, `${where}: exit ${r.code}, expected 2 (invalid input)`);
    else if (command === 'check' && entry.nothingToCheck)
      assert.equal(r.code, 2, `${where}: exit ${r.code}, expected 2 (nothing was checked)`);
    // A valid file with no placement checked nothing: exit 2 with a message saying so (issue 12 item 3).
    else if (command === 'check')
      assert.ok(
        r.code === 0 || r.code === 1 || (r.code === 2 && /nothing was checked/.test(r.stderr)),
        `${where}: exit ${r.code}`,
      );
    else assert.equal(r.code, 0, `${where}: exit ${r.code}, expected 0 (valid input)`);
  }

  describe('exact positions and messages', () => {
    /** 1-based line and column of `offset` as an editor shows them (a leading BOM is not a column). */
    function editorPosition(text: string, offset: number): { line: number; column: number } {
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const lineStart = before.lastIndexOf('\n') + 1;
      const bom = line === 1 && text.startsWith('\uFEFF') ? 1 : 0;
      return { line, column: offset - lineStart - bom + 1 };
    }

    async function validateOutput(path: string): Promise<Located[]> {
      return locatedFindings('validate', path, (await cli('validate', path)).stdout);
    }

    function fileText(name: string): string {
      return readFileSync(join(dir, name), 'utf8');
    }

    it('BOM + CRLF: the finding on line 16 points at the bad value', async () => {
      const text = fileText('bom-crlf.deploy.yaml');
      const expected = editorPosition(text, text.indexOf('.inf'));
      assert.deepEqual(expected, { line: 16, column: 16 });
      const found = await validateOutput(join(dir, 'bom-crlf.deploy.yaml'));
      assert.ok(
        found.some((f) => f.code === 'LLMS012' && f.line === 16 && f.column === 16),
        found.map((f) => f.text).join('\n'),
      );
    });

    it('BOM + CRLF: a finding on line 1 points at the bad key (column 1, the BOM is not a column)', async () => {
      const found = await validateOutput(join(dir, 'bom-crlf-first-line.deploy.yaml'));
      const f = found.find((x) => x.code === 'LLMS010');
      assert.ok(f, found.map((x) => x.text).join('\n'));
      assert.deepEqual({ line: f.line, column: f.column }, { line: 1, column: 1 }, `reported ${f.text}`);
    });

    it('non-finite numbers: LLMS012 on every value, at its token', async () => {
      for (const name of [
        'non-finite-1e400.deploy.yaml',
        'non-finite-inf.deploy.yaml',
        'non-finite-inf-negative.deploy.yaml',
        'non-finite-nan.deploy.yaml',
      ]) {
        const text = fileText(name);
        const found = await validateOutput(join(dir, name));
        const token = /1e400|-?\.inf|\.nan/.exec(text)![0];
        for (const field of NUMERIC_FIELDS) {
          const prefix = field.replace.split('$V')[0]!;
          const at = text.indexOf(prefix) + prefix.length;
          assert.equal(text.slice(at, at + token.length), token, `${name}: ${field.field}`);
          const pos = editorPosition(text, at);
          assert.ok(
            found.some((f) => f.code === 'LLMS012' && f.line === pos.line && f.column === pos.column),
            `${name}: ${field.field} at ${pos.line}:${pos.column}; found ${found.map((f) => f.text).join(' · ')}`,
          );
        }
      }
    });

    it('duplicate keys: LLMS002 on the second occurrence (block and flow)', async () => {
      const text = fileText('duplicate-keys.deploy.yaml');
      const found = await validateOutput(join(dir, 'duplicate-keys.deploy.yaml'));
      for (const second of [text.indexOf('name: twice'), text.indexOf('tensor: 4}')]) {
        const pos = editorPosition(text, second);
        assert.ok(
          found.some((f) => f.code === 'LLMS002' && f.line === pos.line && f.column === pos.column),
          `${pos.line}:${pos.column}: ${found.map((f) => f.text).join(' · ')}`,
        );
      }
    });

    it('alias bombs: LLMS003 on an alias', async () => {
      for (const name of ['alias-bomb.deploy.yaml', 'alias-bomb-fixture.deploy.yaml', 'wide-aliases.deploy.yaml']) {
        const text = fileText(name);
        const lines = text.split('\n');
        const f = (await validateOutput(join(dir, name))).find((x) => x.code === 'LLMS003');
        assert.ok(f, name);
        assert.equal(lines[f.line - 1]![f.column - 1], '*', `${name}: ${f.text} does not point at an alias`);
      }
    });

    it('10 MB: declined with LLMS006 at 1:1, saying why, exit 2', async () => {
      const path = join(dir, 'ten-megabytes.deploy.yaml');
      const r = await cli('validate', path);
      assert.equal(r.code, 2);
      const f = locatedFindings('validate', path, r.stdout);
      assert.deepEqual(
        f.map((x) => [x.line, x.column, x.code]),
        [[1, 1, 'LLMS006']],
      );
      assert.match(r.stdout, /more than the limit of [\d,]+/);
    });

    it('10 MB: a declined file is not also called "no deployment documents" (it has them)', async () => {
      const path = join(dir, 'ten-megabytes.deploy.yaml');
      for (const command of ['estimate', 'check', 'report', 'recommend'] as const) {
        const r = await cli(command, path);
        assert.equal(r.code, 2);
        assert.doesNotMatch(
          r.stderr,
          /no deployment documents/,
          `\`${command}\` tells the user to add the marker to a file that has it: ${JSON.stringify(r.stderr)}`,
        );
      }
    });

    it(`${20_000}-deep nesting: LLMS006 (documented: "nests deeper than … 64 levels"), never the engine's stack overflow`, async () => {
      for (const name of ['deep-flow.deploy.yaml', 'deep-flow-map.deploy.yaml', 'deep-block.deploy.yaml']) {
        const found = await validateOutput(join(dir, name));
        assert.ok(
          found.some((f) => f.code === 'LLMS006'),
          `${name}: ${found.map((f) => f.text.slice(0, 160)).join(' · ')}`,
        );
      }
    });

    it('deep nesting: the same finding whatever the caller (no dependence on the stack depth)', async () => {
      for (const name of ['deep-flow.deploy.yaml', 'deep-block.deploy.yaml']) {
        const path = join(dir, name);
        const viaValidate = (await validateOutput(path)).filter((f) => f.severity === 'error').map(key);
        const viaEstimate = locatedFindings('estimate', path, (await cli('estimate', path)).stdout)
          .filter((f) => f.severity === 'error')
          .map(key);
        assert.deepEqual(
          viaEstimate,
          viaValidate,
          `${name}: \`validate\` and \`estimate\` locate the finding differently`,
        );
      }
    });

    it('empty and comment-only files: no findings, exit 0, a note that there is nothing to analyse', async () => {
      for (const name of ['empty.deploy.yaml', 'comments-only.deploy.yaml']) {
        const path = join(dir, name);
        const v = await cli('validate', path);
        assert.equal(v.code, 0);
        assert.match(v.stdout, /0 errors, 0 warnings \(no deployment documents/);
        const e = await cli('estimate', path);
        assert.match(e.stderr, /no deployment documents/);
      }
    });

    it('the committed reproducers are small', () => {
      for (const name of [
        'alias-bomb.deploy.yaml',
        'duplicate-keys.deploy.yaml',
        'non-finite.deploy.yaml',
        'comments-only.deploy.yaml',
        'huge-rate.deploy.yaml',
        'tiny-rate.deploy.yaml',
        'gpu-memory-fraction.deploy.yaml',
      ]) {
        assert.ok(readFileSync(join(HOSTILE_FIXTURES, name)).length < 4096, name);
      }
    });
  });

  describe('implausible numbers are input errors (committed reproducers)', () => {
    // Bounds in the schema and the engine-option rules turn values that would make costs or
    // capacities infinite into a located LLMS012 on the value, instead of a report with Infinity.
    for (const [name, what, value] of [
      ['tiny-rate.deploy.yaml', 'peakRequestsPerSecond: 1e-305', '1e-305'],
      ['gpu-memory-fraction.deploy.yaml', 'engineOptions.gpuMemoryUtilization: 1e300', '1e300'],
      ['huge-rate.deploy.yaml', 'peakRequestsPerSecond: 99999999999999999999', '99999999999999999999'],
    ] as const) {
      it(`${name} (${what}): every command exits 2 with LLMS012 located on the value`, async () => {
        const path = join(HOSTILE_FIXTURES, name);
        const text = readFileSync(path, 'utf8');
        const offset = text.indexOf(value);
        assert.ok(offset >= 0, `${value} in ${name}`);
        const line = text.slice(0, offset).split('\n').length;
        const column = offset - text.lastIndexOf('\n', offset - 1);
        for (const command of COMMANDS) {
          const r = await cli(command, path);
          assert.ok(r.ms < TIME_LIMIT_MS, `${command}: ${Math.round(r.ms)} ms`);
          assert.equal(r.code, 2, `${command}: exit ${r.code}\n${r.stderr}`);
          if (command === 'validate')
            assert.ok(r.stdout.includes(`${path}:${line}:${column}: error LLMS012`), `${command}:\n${r.stdout}`);
        }
      });
    }
  });
});
