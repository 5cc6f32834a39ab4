import assert from 'node:assert/strict';
import type { DeploymentReport } from '../../../../src/core/report/types';
import { comparisonMarkdown, deploymentMarkdown, escapeCell } from '../../../../src/core/report/markdown';
import { loadUpdate } from '../../support/comparisonUpdate';

describe('webview Copy as Markdown', () => {
  const update = loadUpdate();
  const assistant = update.deployments[0]!;

  it('escapes pipes, backslashes and line breaks in cells', () => {
    assert.equal(escapeCell('a | b'), 'a \\| b');
    assert.equal(escapeCell('C:\\x'), 'C:\\\\x');
    assert.equal(escapeCell(' one\n  two \r\n'), 'one two');
  });

  it('writes one table per deployment, placements as columns, the recommended one starred', () => {
    const md = deploymentMarkdown(assistant);
    const lines = md.split('\n');
    assert.equal(lines[0], '### assistant — llama-3.1-70b');
    assert.equal(
      lines[2],
      '2,000 in / 300 out tokens · peak 6 req/s · average 2.5 req/s · SLO p95 TTFT ≤ 1 s, TPOT ≤ 50 ms',
    );
    assert.ok(lines.includes('| Metric | dc-h100 | hybrid-burst ★ | edge-orin | cloud-h100 |'));
    assert.ok(lines.includes('| --- | --- | --- | --- | --- |'));
    assert.ok(lines.includes('| Cost per month | $7,652 | $3,005 | $945 | $11,800 |'));
    assert.ok(lines.includes('| $ per million output tokens | $3.88 | $1.52 | $4.15 | $5.99 |'));
    assert.ok(lines.includes('| Data leaves premises | No | Yes (22% of requests) | No | Yes (all requests) |'));
    assert.ok(
      lines.includes(
        '| Memory per GPU | 71.3 / 79.2 GiB (90%) | on-prem 43.7 / 44.4 GiB (98%); cloud 71.3 / 79.2 GiB (90%) | 48.5 / 61.4 GiB (79%) | 71.3 / 79.2 GiB (90%) |',
      ),
    );
    const verdict = lines.find((l) => l.startsWith('| Verdict |'))!;
    assert.match(verdict, /\| ✗ fail: TTFT p95 9\.6 s exceeds SLO 1 s at 6 req\/s; TPOT p95 232 ms/);
    // Every row has as many cells as the header.
    for (const l of lines.filter((x) => x.startsWith('| '))) assert.equal(l.split(/(?<!\\)\|/).length, 7, l);
    assert.ok(md.includes('★ recommended: hybrid-burst'));
  });

  it('covers the whole file, and says so when it is empty', () => {
    const md = comparisonMarkdown(update.file.path, update.deployments);
    assert.ok(md.startsWith('# Placement comparison — deploy/assistant.deploy.yaml\n'));
    assert.ok(md.includes('\n## summarizer — llama-3.1-8b\n'));
    assert.equal(
      comparisonMarkdown('x.deploy.yaml', []),
      '# Placement comparison — x.deploy.yaml\n\n_No deployments._\n',
    );
    const none: DeploymentReport = { ...assistant, placements: [], recommended: undefined };
    assert.ok(deploymentMarkdown(none).includes('_No placements._'));
  });

  it('is a document of its own: one `#` heading first, and no heading level skipped (WCAG 1.3.1)', () => {
    for (const md of [
      comparisonMarkdown(update.file.path, update.deployments),
      comparisonMarkdown('x.deploy.yaml', []),
    ]) {
      const levels = md
        .split('\n')
        .filter((l) => /^#+ /.test(l))
        .map((l) => l.indexOf(' '));
      assert.equal(levels[0], 1, 'starts with #');
      assert.equal(levels.filter((l) => l === 1).length, 1, 'one # heading');
      for (let i = 1; i < levels.length; i++)
        assert.ok(levels[i]! <= levels[i - 1]! + 1, `level ${levels[i]} after ${levels[i - 1]}`);
    }
  });

  it('keeps names with pipes inside their cell', () => {
    const odd: DeploymentReport = {
      ...assistant,
      placements: [{ ...assistant.placements[0]!, name: 'a|b' }],
      recommended: undefined,
    };
    assert.ok(deploymentMarkdown(odd).includes('| Metric | a\\|b |'));
  });
});
