/**
 * docs/ci.md's GitHub Actions and GitLab CI examples, run: every `run:` step and `script:` line in
 * bash against a real git repository whose pull request makes a passing placement fail, with `gh`
 * and `curl` replaced by fakes that record the API calls. Not run: `uses:` steps (actions) and the
 * steps that clone and build the CLI (the test runs the CLI from source instead).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { ROOT } from '../support/helpers';

const DOC = readFileSync(join(ROOT, 'docs', 'ci.md'), 'utf8');
const yamlBlocks = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as Record<string, unknown>);

interface GithubStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
const workflow = yamlBlocks.find((b) => 'jobs' in b) as { jobs: { sizing: { steps: GithubStep[] } } };
const gitlab = yamlBlocks.find((b) => 'llm-sizing' in b)!['llm-sizing'] as { script: unknown[] };

/** The CLI from source, as `$LLM_SIZING` (the docs build and run bin/llm-sizing.js). */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = `${process.execPath} --import ${TSX} ${join(ROOT, 'test', 'unit', 'support', 'cliMain.ts')}`;

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

const FAKE_GH = `#!/usr/bin/env bash
printf 'gh %s\\n' "$*" >> "$FAKE_LOG"
for a in "$@"; do case "$a" in body=@*) printf 'BODY %s\\n' "$(head -n 2 "\${a#body=@}" | tr '\\n' '|')" >> "$FAKE_LOG";; esac; done
case " $* " in *" --method "*) ;; *) if [ -n "$FAKE_EXISTING_ID" ]; then echo "$FAKE_EXISTING_ID"; fi;; esac
`;
const FAKE_CURL = `#!/usr/bin/env bash
printf 'curl %s\\n' "$*" >> "$FAKE_LOG"
case " $* " in
  *" --request "*) ;;
  *) if [ -n "$FAKE_EXISTING_ID" ]; then
       printf '[{"id":3,"body":"LGTM"},{"id":%s,"body":"<!-- llm-sizing-diff -->\\\\nold"}]' "$FAKE_EXISTING_ID"
     else printf '[{"id":3,"body":"LGTM"}]'; fi;;
esac
`;

function git(cwd: string, ...args: string[]): void {
  execFileSync(
    'git',
    ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args],
    {
      cwd,
      stdio: 'ignore',
    },
  );
}

describe('docs/ci.md examples, run locally', function () {
  this.timeout(120_000);
  let dir: string;
  let repo: string;
  let bin: string;
  let log: string;

  before(function () {
    try {
      execFileSync('git', ['--version'], { stdio: 'ignore' });
    } catch {
      this.skip(); // no git here
    }
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'llms-ci-'));
    repo = join(dir, 'repo');
    bin = join(dir, 'bin');
    log = join(dir, 'api.log');
    mkdirSync(join(repo, 'deploy'), { recursive: true });
    mkdirSync(bin);
    writeFileSync(join(bin, 'gh'), FAKE_GH);
    writeFileSync(join(bin, 'curl'), FAKE_CURL);
    chmodSync(join(bin, 'gh'), 0o755);
    chmodSync(join(bin, 'curl'), 0o755);
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'deploy', 'chat.deploy.yaml'), DEPLOYMENT(1));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    git(dir, 'clone', '-q', '--bare', repo, join(dir, 'origin.git'));
    git(repo, 'remote', 'add', 'origin', join(dir, 'origin.git'));
    git(repo, 'fetch', '-q', 'origin');
    git(repo, 'checkout', '-qb', 'feature');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The pull request: the peak load goes from 1 to `peak` requests/s. */
  function change(peak: number): void {
    writeFileSync(join(repo, 'deploy', 'chat.deploy.yaml'), DEPLOYMENT(peak));
    git(repo, 'commit', '-qam', `peak ${peak}`, '--allow-empty');
  }

  function bash(script: string, env: Record<string, string>): { code: number; out: string } {
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH}`, FAKE_LOG: log, LLM_SIZING: CLI },
    });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  }

  function apiCalls(): string[] {
    try {
      return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  }

  /** Runs the workflow's `run:` steps like a GitHub runner (bash -eo pipefail, GITHUB_OUTPUT per step). */
  function runGithub(existingComment?: string): { codes: Record<string, number>; outputs: Record<string, string> } {
    const outputs: Record<string, string> = {};
    const codes: Record<string, number> = {};
    const steps = workflow.jobs.sizing.steps.filter((s) => s.run && !/Build the CLI/.test(s.name ?? ''));
    assert.deepEqual(
      steps.map((s) => s.name),
      ['Check (SARIF)', 'Sizing diff', 'Sticky comment', 'Fail when the sizing got worse'],
    );
    for (const step of steps) {
      const output = join(dir, `output-${step.id ?? 'x'}`);
      writeFileSync(output, '');
      const expressions: Record<string, string> = {
        '${{ github.token }}': 'token',
        '${{ github.event.pull_request.number }}': '7',
        '${{ steps.diff.outputs.exit }}': outputs['diff.exit'] ?? '',
      };
      const env = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k, v]) => {
          assert.ok(v in expressions, `an expression the test does not know: ${v}`);
          return [k, expressions[v]!];
        }),
      );
      const r = bash(step.run!, {
        ...env,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
        GITHUB_BASE_REF: 'main',
        GITHUB_REPOSITORY: 'org/repo',
        FAKE_EXISTING_ID: existingComment ?? '',
      });
      codes[step.name!] = r.code;
      for (const line of readFileSync(output, 'utf8').split('\n').filter(Boolean)) {
        const [k, v] = line.split('=');
        outputs[`${step.id}.${k}`] = v!;
      }
      if (r.code !== 0) break; // a failing step ends the job
    }
    return { codes, outputs };
  }

  it('GitHub: SARIF written, the comment posted, then updated (not duplicated), and the job fails', () => {
    change(5);
    const first = runGithub();
    assert.deepEqual(first.codes, {
      'Check (SARIF)': 0,
      'Sizing diff': 0,
      'Sticky comment': 0,
      'Fail when the sizing got worse': 1,
    });
    assert.equal(first.outputs['check.exit'], '1');
    assert.equal(first.outputs['diff.exit'], '1');
    const sarif = JSON.parse(readFileSync(join(repo, 'sizing.sarif'), 'utf8'));
    assert.ok(sarif.runs[0].results.length > 0);
    assert.match(readFileSync(join(dir, 'summary.md'), 'utf8'), /now failing/);
    let calls = apiCalls();
    assert.equal(calls.filter((c) => c.includes('--method POST')).length, 1, calls.join('\n'));
    assert.match(
      calls.join('\n'),
      /gh api --method POST repos\/org\/repo\/issues\/7\/comments -F body=@sizing-diff\.md/,
    );
    assert.match(calls.join('\n'), /BODY <!-- llm-sizing-diff -->\|### LLM sizing: worse: 1 placement now failing/);

    rmSync(log);
    const second = runGithub('42');
    assert.equal(second.codes['Fail when the sizing got worse'], 1);
    calls = apiCalls();
    assert.ok(!calls.some((c) => c.includes('--method POST')), calls.join('\n'));
    assert.match(
      calls.join('\n'),
      /gh api --method PATCH repos\/org\/repo\/issues\/comments\/42 -F body=@sizing-diff\.md/,
    );
  });

  it('GitHub: a pull request that moves no figure gets no comment and passes', () => {
    change(1);
    const r = runGithub();
    assert.equal(r.outputs['diff.exit'], '0');
    assert.equal(r.codes['Fail when the sizing got worse'], 0);
    assert.ok(!apiCalls().some((c) => c.includes('--method')), apiCalls().join('\n'));
  });

  it('GitLab: the note is posted, then updated by its marker, and the job exits 1', () => {
    change(5);
    // Every line must be a string: an unquoted `: ` makes YAML (and GitLab) read a mapping instead.
    for (const line of gitlab.script) assert.equal(typeof line, 'string', JSON.stringify(line));
    const script = gitlab.script.join('\n');
    const env = {
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_API_V4_URL: 'https://gitlab.example.com/api/v4',
      CI_PROJECT_ID: '12',
      CI_MERGE_REQUEST_IID: '9',
      SIZING_TOKEN: 'token',
    };
    const first = bash(script, { ...env, FAKE_EXISTING_ID: '' });
    assert.equal(first.code, 1, first.out);
    const notes = 'https://gitlab.example.com/api/v4/projects/12/merge_requests/9/notes';
    let calls = apiCalls().join('\n');
    assert.ok(
      calls.includes(`--request POST --header PRIVATE-TOKEN:token --data-urlencode body@sizing-diff.md ${notes}`),
      calls,
    );
    assert.match(
      readFileSync(join(repo, 'sizing-diff.md'), 'utf8'),
      /^<!-- llm-sizing-diff -->\n### LLM sizing: worse/,
    );
    rmSync(log);
    const second = bash(script, { ...env, FAKE_EXISTING_ID: '77' });
    assert.equal(second.code, 1, second.out);
    calls = apiCalls().join('\n');
    assert.ok(
      calls.includes(`--request PUT --header PRIVATE-TOKEN:token --data-urlencode body@sizing-diff.md ${notes}/77`),
      calls,
    );
    assert.ok(!calls.includes('--request POST'), calls);
  });
});
