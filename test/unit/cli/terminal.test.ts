import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { examplePath, runCliCapture as run } from '../support/helpers';
import { escapeControls, forOutput, oneLine } from '../../../src/cli/terminal';

/** What a terminal or CI runner would act on: ESC, BEL, C1 CSI. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const INTERPRETED = /[\u001b\u0007\u009b]/;
/** Any raw C0 control except tab and line feed, DEL, or C1 control. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** A GitHub Actions workflow command (or any `::` line a CI runner may parse). */
const WORKFLOW_COMMAND = /^::/m;

const DESCRIPTION = 'line1\n::error file=x.yaml,line=1::spoofed\n\u001b[31mRED\u009b2J';
const PLACEMENT = 'dc\u001b]0;title\u0007-h100';

/** The chat-assistant example with a hostile description and first placement name. */
function hostileDeployment(): string {
  const text = readFileSync(examplePath('chat-assistant'), 'utf8');
  const withDescription = text.replace(/^description: .*$/m, `description: ${JSON.stringify(DESCRIPTION)}`);
  const withName = withDescription.replace(/(placements:\n\s+- name: )\S+/, `$1${JSON.stringify(PLACEMENT)}`);
  assert.notEqual(withName, withDescription, 'the example still has a first placement to rename');
  assert.match(withName, /description: "line1\\n::error/, 'the example still has a description to replace');
  return withName;
}

/** Invalid keys and values, which findings quote: an unknown key and an unknown hardware id. */
function hostileFindings(): string {
  return hostileDeployment()
    .replace(/^kind: Deployment$/m, 'kind: Deployment\n"x\\n::warning::k\\e]8;;https://e.invalid\\a": 1')
    .replace(/hardware: h100-sxm-80gb/, 'hardware: "h100\\n::error file=a::bad\\e[2J"');
}

function assertInert(output: string, what: string): void {
  assert.doesNotMatch(output, INTERPRETED, `${what}: a control character reaches the terminal`);
  assert.doesNotMatch(output, WORKFLOW_COMMAND, `${what}: a line starts with ::`);
}

describe('CLI output is inert in terminals and CI logs (strings from the file)', () => {
  let dir: string;
  let deployment: string;
  let findings: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'llms-terminal-'));
    deployment = join(dir, 'ctl.deploy.yaml');
    findings = join(dir, 'ctl-findings.deploy.yaml');
    writeFileSync(deployment, hostileDeployment());
    writeFileSync(findings, hostileFindings());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('estimate and check (text): no control characters, no :: lines; description and name still shown', async () => {
    for (const command of ['estimate', 'check']) {
      const r = await run([command, deployment]);
      assert.notEqual(r.code, 2, r.stderr);
      assertInert(r.stdout + r.stderr, command);
      assert.ok(
        r.stdout.includes('line1 ::error file=x.yaml,line=1::spoofed \\u001b[31mRED\\u009b2J'),
        `${command}: description folded\n${r.stdout}`,
      );
      assert.ok(r.stdout.includes('dc\\u001b]0;title\\u0007-h100'), `${command}: placement name escaped`);
    }
  });

  it('report (Markdown) and estimate --format markdown: inert, names recognisable', async () => {
    for (const args of [
      ['report', deployment],
      ['estimate', deployment, '--format', 'markdown'],
    ]) {
      const r = await run(args);
      assert.equal(r.code, 0, r.stderr);
      assertInert(r.stdout, args.join(' '));
      assert.match(r.stdout, /dc\W*u001b\W*0;title\W*u0007-h100/, 'placement name escaped');
      assert.match(r.stdout, /line1 ::error file=x\.yaml,line=1::spoofed/, 'description folded');
    }
  });

  it('report --output writes the same inert Markdown to the file', async () => {
    const r = await run(['report', deployment, '--output', 'r.md']);
    assert.equal(r.code, 0, r.stderr);
    assertInert(r.written['r.md']!, 'report --output');
  });

  it('validate, estimate and check: findings that quote keys and values stay one line each', async () => {
    for (const command of ['validate', 'estimate', 'check']) {
      const r = await run([command, findings]);
      assert.equal(r.code, 2, command);
      assertInert(r.stdout + r.stderr, command);
      const lines = r.stdout.split('\n').filter((l) => l.startsWith(`${findings}:`) && /LLMS0(10|21)/.test(l));
      assert.equal(lines.length, 2, `${command}: one line per finding\n${r.stdout}`);
      assert.ok(
        lines.some((l) => l.includes('`x ::warning::k\\u001b]8;;https://e.invalid\\u0007`')),
        `${command}: unknown key quoted`,
      );
      assert.ok(
        lines.some((l) => l.includes('`h100 ::error file=a::bad\\u001b[2J`')),
        `${command}: unknown hardware quoted`,
      );
    }
  });

  it('recommend (text, Markdown): inert, including the residency echoed into snippets', async () => {
    const hostile = hostileDeployment().replace(
      /^constraints:\n/m,
      'constraints:\n  dataResidency: "eu\\n::error::residency\\e[31m"\n',
    );
    for (const format of ['text', 'markdown']) {
      const r = await run(['recommend', 'r.deploy.yaml', '--format', format, '--limit', '3'], {
        'r.deploy.yaml': hostile,
      });
      assert.equal(r.code, 0, r.stderr);
      assertInert(r.stdout, `recommend ${format}`);
      assert.match(r.stdout, /eu ::error::residency\\u001b\[31m/, `recommend ${format}: residency folded`);
    }
  });

  it('accuracy (text): case ids are inert', async () => {
    const cases =
      'cases:\n- id: "T1\\n::error::id\\e[31m"\n  model: llama-2-7b\n  weights: q4_0\n  engine: llama.cpp\n  metric: weightsGiB\n  measured: 3.56\n';
    const r = await run(['accuracy', 'cases.yaml'], { 'cases.yaml': cases });
    assert.equal(r.code, 0, r.stderr);
    assertInert(r.stdout, 'accuracy');
    assert.match(r.stdout, /T1 ::error::id\\u001b\[31m/);
  });

  it('JSON and SARIF still carry the exact strings (JSON escaping only)', async () => {
    const json = JSON.parse((await run(['estimate', deployment, '--format', 'json'])).stdout);
    assert.equal(json.files[0].deployments[0].description, DESCRIPTION);
    assert.equal(json.files[0].deployments[0].placements[0].name, PLACEMENT);
    const sarifText = (await run(['check', findings, '--format', 'sarif'])).stdout;
    assert.ok(!RAW_CONTROL.test(sarifText), 'no raw control character in the SARIF text');
    const sarif = JSON.parse(sarifText);
    assert.ok(
      sarif.runs[0].results.some((x: { message: { text: string } }) =>
        x.message.text.includes('h100\n::error file=a::bad\u001b[2J'),
      ),
    );
  });
});

describe('terminal helpers', () => {
  it('oneLine folds every kind of line break and escapes controls visibly', () => {
    assert.equal(oneLine('a\r\n::b\n\nc\u2028d\u001be\u0085f\u007f'), 'a ::b c d\\u001be\\u0085f\\u007f');
    assert.equal(oneLine('tab\tstays'), 'tab\tstays');
    assert.equal(oneLine(oneLine('x\u001b\ny')), oneLine('x\u001b\ny'), 'idempotent');
  });

  it('escapeControls keeps newlines and tabs, and only the output formats people read are escaped', () => {
    assert.equal(escapeControls('a\n\tb\u0000\u009f'), 'a\n\tb\\u0000\\u009f');
    assert.equal(forOutput('\u001b', 'text'), '\\u001b');
    assert.equal(forOutput('\u001b', 'markdown'), '\\u001b');
    // JSON keeps its meaning: the C1 controls JSON.stringify leaves raw become \u escapes.
    assert.equal(forOutput('"\u0085\u009b"', 'json'), '"\\u0085\\u009b"');
    assert.equal(JSON.parse(forOutput(JSON.stringify('a\u009b[2Jb\u007f'), 'sarif')), 'a\u009b[2Jb\u007f');
  });

  it('oneLine takes linear time on long runs of whitespace', () => {
    const started = performance.now();
    oneLine(' '.repeat(1_000_000) + '\n'.repeat(1_000_000) + 'x');
    assert.ok(performance.now() - started < 500);
  });
});
