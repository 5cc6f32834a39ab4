/**
 * Hostile input, round two (issue 13): each case failed before its fix. The generated files of
 * the same cases also run through every command in cli.test.ts (corpus.ts).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeIo, runCli } from '../../../src/cli/main';
import { catalog } from '../../../src/core/catalog';
import { atRate, DegenerateCapacityError, type ServingInputs } from '../../../src/core/estimate/serving';
import { recommend } from '../../../src/core/placements';
import { Deployment } from '../../../src/core/schema/deployment';
import { architectureProblems } from '../../../src/core/validate/architectureRules';
import { toUri } from '../../../src/cli/render/sarif';
import { excessiveNesting } from '../../../src/core/parse/nesting';
import { parse as parseYaml } from 'yaml';
import { validateText } from '../../../src/core/validate';
import { examplePath, runCliCapture } from '../support/helpers';
import {
  BASE,
  fullDeployments,
  HOSTILE_FIXTURES,
  manyEngineOptions,
  manyKeys,
  smallDeployments,
  tagged,
  tinyDocuments,
} from './corpus';
import { MAX_DOCUMENT_CHARS, MAX_DOCUMENTS_PER_FILE, MAX_PLACEMENTS_PER_FILE } from '../../../src/core/validate';

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

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const codesOf = (text: string) => validateText(text).findings.map((f) => f.code);

describe('hostile input, round two (issue 13)', function () {
  this.timeout(60_000);

  describe('1. only plain YAML data reaches the schema', () => {
    const untagged = readFileSync(join(HOSTILE_FIXTURES, 'tagged-slo.deploy.yaml'), 'utf8').replace(
      'slo: !!omap\n    - ttftMs: 1\n    - tpotMs: 1',
      'slo:\n    ttftMs: 1\n    tpotMs: 1',
    );

    it('a `check` that fails on the untagged file fails on the tagged one too (exit 2, LLMS009 on the tag)', async () => {
      const plain = await runCliCapture(['check', 'plain.deploy.yaml'], { 'plain.deploy.yaml': untagged });
      assert.equal(plain.code, 1, `control: the untagged SLO fails\n${plain.stdout}`);
      const path = join(HOSTILE_FIXTURES, 'tagged-slo.deploy.yaml');
      const r = await runCliCapture(['check', path]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      const text = readFileSync(path, 'utf8');
      const at = text.indexOf('!!omap');
      const line = text.slice(0, at).split('\n').length;
      const column = at - text.lastIndexOf('\n', at - 1);
      assert.ok(r.stdout.includes(`${path}:${line}:${column}: error LLMS009 \`!!omap\``), r.stdout);
    });

    for (const block of ['slo', 'constraints', 'parallelism', 'costs'] as const) {
      for (const tag of ['!!omap', '!!pairs', '!foo']) {
        it(`${block} written as ${tag}: an LLMS009 error on the tag`, () => {
          let text = tagged(tag, block);
          if (tag === '!!pairs' && block === 'parallelism')
            text = text.replace('!!pairs {tensor: 2}', '!!pairs [tensor: 2]');
          const findings = validateText(text).findings.filter((f) => f.code === 'LLMS009');
          assert.equal(findings.length, 1, JSON.stringify(validateText(text).findings.map((f) => [f.code, f.message])));
          assert.equal(findings[0]!.severity, 'error');
          assert.equal(text.slice(findings[0]!.range.start, findings[0]!.range.end), tag);
        });
      }
    }

    it('a set (`!!set` with its keys and no values, as YAML wants it): an LLMS009 error on the tag', () => {
      const text = BASE.replace(/slo:\n(?: {4}.*\n)+/, 'slo: !!set {ttftMs, tpotMs}\n');
      const findings = validateText(text).findings;
      assert.deepEqual(
        findings.map((f) => [f.code, text.slice(f.range.start, f.range.end)]),
        [['LLMS009', '!!set']],
      );
      assert.match(findings[0]!.message, /a set/);
    });

    it('`!!binary` and `!!timestamp` are named as what they are', () => {
      const binary = validateText(BASE.replace('name: chat-assistant', 'name: !!binary Y2hhdA==')).findings.find(
        (f) => f.code === 'LLMS009',
      );
      assert.match(binary?.message ?? '', /binary data/);
      const time = validateText(
        BASE.replace(/^description: .*$/m, 'description: !!timestamp 2026-12-03'),
      ).findings.find((f) => f.code === 'LLMS009');
      assert.match(time?.message ?? '', /date and time/);
    });

    it('plain tags (`!!str`, `!!int`, `!!map`, `!`) are accepted', () => {
      const text = BASE.replace('name: chat-assistant', 'name: !!str chat')
        .replace('outputTokens: 350', 'outputTokens: !!int 350')
        .replace('constraints:\n', 'constraints: !!map\n')
        .replace(/^description: .*$/m, 'description: ! text');
      assert.deepEqual(
        validateText(text).findings.filter((f) => f.severity === 'error'),
        [],
      );
    });

    it('a custom tag is one error, not also a warning', () => {
      assert.deepEqual(codesOf(BASE.replace('name: chat-assistant', 'name: !custom chat')), ['LLMS009']);
    });
  });

  describe('2. report --output writes only to a regular file or a new path', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'llms-special-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** Runs `report --output special` and asserts: exit 2, a clear message, the special file still there. */
    async function refuses(special: string, kind: RegExp, stillThere: (path: string) => boolean): Promise<void> {
      const r = await runReal(['report', examplePath('chat-assistant'), '--output', special]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `cannot write \\(${kind.source}, not a regular file; --output writes only to a regular file or a new path\\)`,
        ),
      );
      assert.ok(stillThere(special), `${special} was replaced`);
      assert.deepEqual(
        readdirSync(dir).filter((f) => f.endsWith('.tmp')),
        [],
        'no temporary file left',
      );
    }

    it('a FIFO is refused (exit 2) and stays a FIFO', async () => {
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      await refuses(fifo, /a FIFO/, (p) => lstatSync(p).isFIFO());
    });

    let deviceRefused = false;
    it('as root: a character device (a private copy of /dev/null made with mknod) is refused and stays a device', async function () {
      if (!isRoot) this.skip();
      const device = join(dir, 'null');
      execFileSync('mknod', [device, 'c', '1', '3']);
      await refuses(device, /a character device/, (p) => lstatSync(p).isCharacterDevice());
      deviceRefused = true;
    });

    it('as root: /dev/null itself is refused and is still a character device afterwards', async function () {
      // Only once the private device was refused: this test must never be what replaces /dev/null.
      if (!isRoot || !deviceRefused) this.skip();
      assert.ok(statSync('/dev/null').isCharacterDevice(), 'before');
      const r = await runReal(['report', examplePath('chat-assistant'), '--output', '/dev/null']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^\/dev\/null: cannot write \(a character device, not a regular file/m);
      assert.ok(lstatSync('/dev/null').isCharacterDevice(), 'after: /dev/null must still be a device');
    });

    it('a new path and a regular file are still written', async () => {
      const fresh = join(dir, 'new.md');
      assert.equal((await runReal(['report', examplePath('chat-assistant'), '--output', fresh])).code, 0);
      assert.ok(lstatSync(fresh).isFile());
      assert.equal((await runReal(['report', examplePath('chat-assistant'), '--output', fresh])).code, 0);
    });
  });

  describe('3. the work per file and per run is bounded', () => {
    /** 1-based line of `offset`. */
    const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

    it(`10,000 small deployments: LLMS006 on document ${MAX_DOCUMENTS_PER_FILE + 1}, the rest not even parsed`, () => {
      const text = smallDeployments(10_000);
      const started = performance.now();
      const result = validateText(text);
      const ms = performance.now() - started;
      assert.equal(
        result.file.documents.length,
        MAX_DOCUMENTS_PER_FILE + 1,
        'parsing stops at the document over the limit',
      );
      const over = result.findings.filter((f) => f.code === 'LLMS006');
      assert.equal(over.length, 1);
      assert.equal(over[0]!.documentIndex, MAX_DOCUMENTS_PER_FILE);
      assert.match(
        over[0]!.message,
        /Work limit reached \(at most 100 deployment documents and 1,000 placements per file\)/,
      );
      assert.ok(ms < 5_000, `${Math.round(ms)} ms`);
    });

    it(`750 × 100 placements: LLMS006 where the ${MAX_PLACEMENTS_PER_FILE.toLocaleString('en-US')} placements per file run out; bounded JSON`, async () => {
      const text = fullDeployments(750);
      const r = await runCliCapture(['estimate', 'full.deploy.yaml', '--format', 'json'], { 'full.deploy.yaml': text });
      assert.equal(r.code, 2);
      assert.ok(r.stdout.length < 16e6, `${(r.stdout.length / 1e6).toFixed(1)} MB of JSON`);
      const json = JSON.parse(r.stdout) as {
        files: Array<{ diagnostics: Array<{ code: string; line: number }>; deployments: unknown[] }>;
      };
      assert.equal(json.files[0]!.deployments.length, MAX_PLACEMENTS_PER_FILE / 100);
      const eleventh = text.split('---\n').slice(0, 10).join('---\n').length; // its `---` line
      assert.deepEqual(
        json.files[0]!.diagnostics.filter((d) => d.code === 'LLMS006').map((d) => d.line),
        [lineOf(text, eleventh)],
      );
    });

    it('100,000 tiny documents: SARIF is never empty (it carries the findings and the LLMS006)', async () => {
      const r = await runCliCapture(['estimate', 'tiny.deploy.yaml', '--format', 'sarif'], {
        'tiny.deploy.yaml': tinyDocuments(100_000),
      });
      assert.equal(r.code, 2, r.stderr);
      const results = (JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> }).runs[0]!
        .results;
      assert.ok(results.some((x) => x.ruleId === 'LLMS006'));
      assert.ok(results.some((x) => x.ruleId === 'LLMS013'));
    });

    it('the run is bounded too: over several files, the document where the run budget ends gets the LLMS006', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 4; i++) files[`f${i}.deploy.yaml`] = fullDeployments(10);
      const r = await runCliCapture(['validate', ...Object.keys(files)], files);
      assert.equal(r.code, 2);
      assert.match(
        r.stdout,
        /^f3\.deploy\.yaml:1:1: error LLMS006 Work limit reached \(at most 1,000 deployment documents and 3,000 placements per run\)/m,
      );
      assert.doesNotMatch(r.stdout, /^f[012]\.deploy\.yaml:\d+:\d+: error/m);
    });

    it('recommend searches at most 20 deployments per run and says where it stopped', async () => {
      const text = smallDeployments(25);
      const r = await runCliCapture(['recommend', 'r.deploy.yaml'], { 'r.deploy.yaml': text });
      assert.equal(r.code, 2);
      const twentyFirst = text.split('---\n').slice(0, 20).join('---\n').length; // its `---` line
      assert.match(
        r.stdout,
        new RegExp(
          `^r\\.deploy\\.yaml:${lineOf(text, twentyFirst)}:1: error LLMS006 Work limit reached: \`recommend\` searches the catalog for at most 20 deployments per run`,
          'm',
        ),
      );
    });
  });

  describe('4. validation is near-linear in the number of keys', () => {
    /** Milliseconds of the fastest of `runs` validations (the machine is shared: the minimum is the cost). */
    function fastest(text: string, runs = 2): { ms: number; findings: number } {
      let ms = Infinity;
      let findings = 0;
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        findings = validateText(text).findings.length;
        ms = Math.min(ms, performance.now() - started);
      }
      return { ms, findings };
    }

    for (const [what, make, large] of [
      // Sizes under the 128 KB a document may have (MAX_DOCUMENT_CHARS; the 30,000 and
      // 20,000 keys are larger documents, now declined unparsed with one LLMS006).
      ['short unknown keys', manyKeys, 12_000],
      ['engineOptions keys', manyEngineOptions, 10_000],
    ] as const) {
      it(`${large.toLocaleString('en-US')} ${what}: 10× the keys cost well under 30× the time (quadratic would be 100×)`, () => {
        const small = fastest(make(large / 10), 3);
        assert.ok(make(large).length < MAX_DOCUMENT_CHARS, 'the document is read');
        const big = fastest(make(large));
        assert.ok(big.findings >= large, `every key reported (${big.findings})`);
        assert.ok(
          big.ms < 30 * Math.max(small.ms, 20),
          `${large / 10}: ${Math.round(small.ms)} ms, ${large}: ${Math.round(big.ms)} ms`,
        );
      });
    }

    it('duplicate keys are still found, in block and flow mappings, at the second key', () => {
      const text = BASE.replace('name: chat-assistant\n', 'name: chat-assistant\nname: twice\n').replace(
        'parallelism: {tensor: 2}\n    engineOptions',
        'parallelism: {tensor: 2, tensor: 4}\n    engineOptions',
      );
      const found = validateText(text)
        .findings.filter((f) => f.code === 'LLMS002')
        .map((f) => f.range.start);
      assert.deepEqual(found, [text.indexOf('name: twice'), text.indexOf('tensor: 4')]);
    });
  });

  describe('6. the same architecture rules for custom and catalog models; no recursion on degenerate capacity', () => {
    const path = join(HOSTILE_FIXTURES, 'inconsistent-architecture.deploy.yaml');
    const text = readFileSync(path, 'utf8');

    it('a custom architecture: LLMS042 on each contradicting field, LLMS038 on a tensor degree that does not divide 7 heads', () => {
      const findings = validateText(text).findings.filter((f) => f.severity === 'error');
      const at = (code: string) =>
        findings.filter((f) => f.code === code).map((f) => text.slice(f.range.start, f.range.end));
      assert.deepEqual(at('LLMS042'), ['900000000', '14', '8', '10']);
      assert.deepEqual(at('LLMS038'), ['2', '4']);
      assert.match(
        findings.find((f) => f.code === 'LLMS038')!.message,
        /the 7 attention heads of the custom model `odd`/,
      );
    });

    it('every catalog model obeys the same rules', () => {
      for (const entry of catalog.models.entries) {
        const problems = architectureProblems(entry.architecture as unknown as Record<string, unknown>, {
          totalParams: entry.totalParams,
          activeParams: entry.activeParams,
        });
        assert.deepEqual(problems, [], entry.id);
      }
    });

    it('recommend never recommends a card at "TTFT p95 0 ms" (the model that passes the schema but not the rules)', () => {
      const data = parseYaml(text.replace(/^#.*\n/gm, ''));
      const deployment = Deployment.parse(data);
      for (const r of recommend(deployment, { limit: 5 }).recommendations) {
        assert.ok(
          r.ttftP95Ms > 0 && r.tpotP95Ms > 0,
          `${r.hardware}: TTFT p95 ${r.ttftP95Ms} ms, TPOT p95 ${r.tpotP95Ms} ms`,
        );
      }
    });

    for (const [what, stepMs] of [
      ['0 req/s (an infinite step)', () => Infinity],
      ['NaN', () => NaN],
    ] as const) {
      it(`atRate on a capacity of ${what}: a DegenerateCapacityError at once, not a stack overflow`, () => {
        const s: ServingInputs = {
          inputTokens: 1000,
          outputTokens: 200,
          prefillLatencyMs: 10,
          prefillBatchedMs: 5,
          prefillRankMs: 5,
          dataParallel: 1,
          prefillForwardMs: 0,
          ttftOverheadMs: 1,
          stepMs,
          maxBatch: 8,
          pipeline: 1,
          serviceCv2: 1,
          pollSteps: 1,
          prefillDelaySteps: 0,
        };
        assert.throws(
          () => atRate(s, 2),
          (e: unknown) => e instanceof DegenerateCapacityError && /capacity comes out as/.test(e.message),
        );
      });
    }

    it('hardwareOverrides near zero are input errors (LLMS012 on the value), and every command ends without a stack overflow', async () => {
      const fixture = join(HOSTILE_FIXTURES, 'near-zero-overrides.deploy.yaml');
      for (const command of ['check', 'estimate', 'recommend']) {
        const r = await runCliCapture([command, fixture]);
        assert.equal(r.code, 2, `${command}: ${r.stdout}`);
        assert.match(
          r.stdout,
          /error LLMS012 `placements\[0\]\.hardwareOverrides\.bf16Tflops` must be ≥ 0\.001, got 1e-320/,
        );
        assert.doesNotMatch(r.stdout + r.stderr, /call stack/);
      }
    });
  });

  describe('5. a file name cannot forge a CI command; SARIF URIs are built with percent-encoding', () => {
    const forged = 'a\n::error file=app.ts,line=1::forged\r\n::warning::x.deploy.yaml';
    const invalid = BASE.replace('inputTokens: 1500 ', 'inputTokens: -1 ');
    /** A line of output that GitHub Actions would run as a workflow command. */
    const workflowCommand = /^::(error|warning|notice|debug|group|endgroup|add-mask|stop-commands)/m;

    for (const command of ['validate', 'estimate', 'check', 'report', 'recommend']) {
      for (const format of command === 'validate'
        ? ['text']
        : command === 'recommend'
          ? ['text', 'markdown']
          : ['text', 'markdown']) {
        it(`${command} --format ${format}: no standalone workflow-command line on stdout or stderr`, async () => {
          const r = await runCliCapture([command, forged, '--format', format, '--force'], { [forged]: invalid });
          assert.equal(r.code, 2);
          assert.ok(r.stdout.includes('::error file=app.ts'), 'the name is still shown');
          assert.doesNotMatch(r.stdout, workflowCommand, r.stdout.slice(0, 600));
          assert.doesNotMatch(r.stderr, workflowCommand, r.stderr);
        });
      }
    }

    it('a missing file with such a name: stderr folds it too', async () => {
      for (const command of ['validate', 'estimate', 'accuracy']) {
        const r = await runCliCapture([command, join(tmpdir(), forged)]);
        assert.doesNotMatch(r.stderr, workflowCommand, `${command}: ${r.stderr}`);
        assert.match(r.stderr, /no such file/);
      }
    });

    it('report --output with such a name: the message folds it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'llms-forged-'));
      try {
        const r = await runReal(['report', examplePath('chat-assistant'), '--output', join(dir, 'nope', forged)]);
        assert.equal(r.code, 2);
        assert.doesNotMatch(r.stderr, workflowCommand, r.stderr);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('SARIF: `#`, `?`, `%`, line breaks and drive letters make valid URIs that decode to the path', async () => {
      assert.equal(toUri('dir/x#1?.deploy.yaml'), 'dir/x%231%3F.deploy.yaml');
      assert.equal(toUri('c:\\work\\a b.deploy.yaml'), 'file:///C:/work/a%20b.deploy.yaml');
      assert.equal(toUri('c:x.deploy.yaml'), 'c%3Ax.deploy.yaml');
      assert.equal(decodeURIComponent(toUri(forged)), forged);
      const r = await runCliCapture(['estimate', '--format', 'sarif', 'x#1.deploy.yaml'], {
        'x#1.deploy.yaml': invalid,
      });
      const run = (
        JSON.parse(r.stdout) as {
          runs: Array<{
            artifacts: Array<{ location: { uri: string } }>;
            results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
          }>;
        }
      ).runs[0]!;
      assert.equal(run.artifacts[0]!.location.uri, 'x%231.deploy.yaml');
      for (const result of run.results)
        assert.equal(result.locations[0]!.physicalLocation.artifactLocation.uri, 'x%231.deploy.yaml');
      const parsed = new URL(run.artifacts[0]!.location.uri, 'file:///repo/');
      assert.equal(parsed.hash, '', 'no fragment');
      assert.equal(decodeURIComponent(parsed.pathname), '/repo/x#1.deploy.yaml');
    });
  });

  describe('7. line endings and encodings as the editor sees them', () => {
    it('CR-only line ends: findings on the right line (was line 1 for everything) and the file parses', async () => {
      const text = BASE.replace('kind: Deployment\n', 'kind: Deployment\nbogusKey: 1\n').replace(/\n/g, '\r');
      const r = await runCliCapture(['validate', 'cr.deploy.yaml'], { 'cr.deploy.yaml': text });
      const lines = BASE.replace('kind: Deployment\n', 'kind: Deployment\nbogusKey: 1\n').split('\n');
      const line = lines.findIndex((l) => l.startsWith('bogusKey')) + 1;
      assert.deepEqual(
        r.stdout.split('\n').filter((l) => / error /.test(l)),
        [
          `cr.deploy.yaml:${line}:1: error LLMS010 Unknown key \`bogusKey\`. Allowed: apiVersion, kind, name, description, model, engine, engineOptions, workload, constraints, placements.`,
        ],
      );
    });

    it('UTF-16 with a byte order mark (both byte orders) and without: LLMS000 at 1:1 saying so; UTF-8 with a BOM still works', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'llms-utf16-'));
      try {
        const le = Buffer.from(BASE, 'utf16le');
        const files: Record<string, Buffer> = {
          'le-bom.deploy.yaml': Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
          'be-bom.deploy.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]),
          'le.deploy.yaml': le,
        };
        for (const [name, bytes] of Object.entries(files)) {
          const path = join(dir, name);
          writeFileSync(path, bytes);
          const r = await runReal(['validate', path]);
          assert.equal(r.code, 2, name);
          assert.match(
            r.stdout,
            new RegExp(
              `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}:1:1: error LLMS000 This file is encoded as UTF-16`,
              'm',
            ),
            `${name}: ${r.stdout}`,
          );
        }
        const utf8 = join(dir, 'utf8-bom.deploy.yaml');
        writeFileSync(utf8, '\uFEFF' + BASE);
        assert.equal((await runReal(['validate', utf8])).code, 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('9. smaller gaps', () => {
    it('a comment ending in `|` does not open a block scalar for the nesting pre-scan', () => {
      const text = `notes: # a comment ending in |\n  ${'- '.repeat(20_000)}x`;
      assert.notEqual(excessiveNesting(text), undefined);
      assert.equal(
        excessiveNesting(`notes: |\n  ${'- '.repeat(20_000)}x`),
        undefined,
        'a real block scalar body is text',
      );
      assert.equal(
        excessiveNesting(`notes: !tag |2-\n  ${'- '.repeat(20_000)}x`),
        undefined,
        'with a tag and indicators',
      );
    });

    it('a collection key: LLMS009 on the key (was 1:1), and no Node warning on stderr', async () => {
      const warnings: string[] = [];
      const listener = (w: Error) => void warnings.push(w.message);
      process.on('warning', listener);
      try {
        const text = BASE.replace('kind: Deployment\n', 'kind: Deployment\n? [a, b]\n: 1\n');
        const f = validateText(text).findings.find((x) => x.code === 'LLMS009');
        assert.equal(text.slice(f!.range.start, f!.range.end), '[a, b]');
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.off('warning', listener);
      }
      assert.deepEqual(
        warnings.filter((w) => /Keys with collection values/.test(w)),
        [],
      );
    });

    it('a duplicate explicit `? key` is reported by its name, on the key', () => {
      const text = BASE.replace('kind: Deployment\n', 'kind: Deployment\n? name\n: again\n');
      const f = validateText(text).findings.find((x) => x.code === 'LLMS002');
      assert.match(f!.message, /^Duplicate key `name`/);
      assert.equal(text.slice(f!.range.start, f!.range.end), 'name');
    });

    it('`%YAML 1.1` sexagesimal `1:0` is LLMS009 (it silently became 60)', () => {
      const text = `%YAML 1.1\n---\n${BASE.replace('outputTokens: 350', 'outputTokens: 5:50')}`;
      const f = validateText(text).findings.find((x) => x.code === 'LLMS009');
      assert.equal(text.slice(f!.range.start, f!.range.end), '5:50');
      assert.match(f!.message, /sexagesimal .* read as 350/);
    });

    it('duplicate deployment names across documents: LLMS043 on the second name, pointing at the first', () => {
      const text = `${BASE}---\n${BASE}`;
      const f = validateText(text).findings.filter((x) => x.code === 'LLMS043');
      assert.equal(f.length, 1);
      assert.equal(f[0]!.range.start, text.lastIndexOf('chat-assistant\n'));
      assert.equal(f[0]!.related?.[0]?.range.start, text.indexOf('chat-assistant\n'));
    });

    it('the LLMS030 quick fix never suggests more GPUs than the field allows (100,000)', () => {
      const text = BASE.replace('gpus: auto                 #', 'gpus: 99999 #').replace(
        'parallelism: {tensor: 2}\n    engineOptions',
        'parallelism: {tensor: 2, pipeline: 3}\n    engineOptions',
      );
      const f = validateText(text).findings.find((x) => x.code === 'LLMS030');
      assert.ok(
        f,
        'gpus 99,999 at tensor 2 × pipeline 3 does not divide (the next multiple, 100,002, is above the maximum)',
      );
      const suggested = f.fixes?.flatMap((fix) => fix.edits.map((e) => Number(e.newText))) ?? [];
      assert.ok(suggested.length > 0);
      for (const n of suggested) assert.ok(n <= 100_000 && n % 6 === 0, `suggested ${n}`);
      assert.match(f.message, /e\.g\. 99996/);
    });
  });

  describe('8. invisible and look-alike characters are shown', () => {
    const sneaky = 'invoice\u202Egpj.exe\u200B';
    const text = BASE.replace('name: dc-h100', `name: ${sneaky}`).replace('name: cloud-h100', `name: ${sneaky}`);

    for (const [command, format] of [
      ['validate', 'text'],
      ['estimate', 'text'],
      ['estimate', 'markdown'],
      ['report', 'markdown'],
      ['check', 'text'],
    ] as const) {
      it(`${command} --format ${format}: a bidi override and a zero-width space in a name print as \\u202E and \\u200B`, async () => {
        const r = await runCliCapture([command, 'b.deploy.yaml', '--format', format], { 'b.deploy.yaml': text });
        assert.doesNotMatch(r.stdout + r.stderr, /[\u202E\u200B]/, 'raw invisible characters in the output');
        assert.match(r.stdout, /invoice\\{1,2}u202Egpj\.exe\\{1,2}u200B/);
      });
    }

    it('the findings themselves carry the visible form (every presenter: editor, SARIF, JSON)', () => {
      const f = validateText(text).findings.find((x) => x.code === 'LLMS034');
      assert.ok(f);
      assert.match(f.message, /invoice\\u202Egpj\.exe\\u200B/);
    });

    it('a homoglyph id: the message says it contains a non-ASCII look-alike character', () => {
      const homoglyph = 'll\u0430ma-3.1-8b'; // Cyrillic а
      const f = validateText(BASE.replace('id: llama-3.1-8b', `id: ${homoglyph}`)).findings.find(
        (x) => x.code === 'LLMS020',
      );
      assert.ok(f);
      assert.match(
        f.message,
        /contains the non-ASCII character U\+0430 at position 3: catalog ids are plain ASCII, so this is a look-alike/,
      );
      assert.match(f.message, /Did you mean `llama-3\.1-8b`/);
    });
  });
});
