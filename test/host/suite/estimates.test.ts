/**
 * Estimates in the editor (issue 5): placement diagnostics after save on the right YAML nodes,
 * stale marking on edit, CodeLens titles and verdict icons, and every placement quick fix applied,
 * saved and re-estimated.
 *
 * Fixtures (test/fixtures/host-workspace): copies of examples/{chat-assistant,nightly-batch,
 * rag-eu-residency}.deploy.yaml and does-not-fit.deploy.yaml. Expected verdicts are what
 * `node bin/llm-sizing.js estimate <file>` prints; expected numbers come from the core run on the
 * same text (so calibration changes do not break these tests, but a CodeLens that disagrees with
 * the CLI does).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import { placementHeadline } from '../../../src/core/report/headline';
import {
  PLACEMENT_CODE,
  autoLenses,
  cliEstimate,
  cleanUp,
  codeActions,
  codeOf,
  corePlacement,
  coreReports,
  describeDiags,
  extensionApi,
  lensOf,
  ours,
  parseHeadline,
  quantity,
  placementAtLine,
  placementBlocks,
  placementLenses,
  rangeInPlacement,
  rangeText,
  saveAndEstimate,
  scratchCopy,
  waitFor,
  waitForDiagnostics,
  waitForEstimate,
} from './helpers';

/** Verdicts printed by `llm-sizing estimate` for the fixtures. */
const VERDICTS: Record<string, Record<string, 'pass' | 'fail'>> = {
  'chat-assistant.deploy.yaml': {
    'dc-h100': 'pass',
    'base-plus-burst': 'pass',
    'office-workstations': 'pass',
    'cloud-h100': 'pass',
  },
  'nightly-batch.deploy.yaml': {
    'dc-a100': 'fail',
    'dc-h100': 'fail',
    'a100-base-h100-burst': 'pass',
    'cloud-h100-nightly': 'pass',
  },
  'rag-eu-residency.deploy.yaml': {
    'frankfurt-dc': 'pass',
    'frankfurt-base-eu-burst': 'pass',
    'cloud-eu': 'fail',
    'cloud-us-east': 'fail',
  },
  'does-not-fit.deploy.yaml': { 'single-l40s': 'fail', 'h100-pair': 'fail', 'h100-auto': 'pass' },
};
const FIXTURES = Object.keys(VERDICTS);

const placementDiags = (ds: vscode.Diagnostic[]) => ds.filter((d) => PLACEMENT_CODE.test(codeOf(d) ?? ''));
const withCode = (ds: vscode.Diagnostic[], code: string) => ds.filter((d) => codeOf(d) === code);
const hasPlacementDiags = (ds: vscode.Diagnostic[]) => placementDiags(ds).length > 0;

/** Appends a comment (a real edit), then saves: the estimate that follows is the on-save one. */
async function editAndSave(api: ExtensionApi, doc: vscode.TextDocument) {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, doc.lineAt(doc.lineCount - 1).range.end, '\n# saved by the host test\n');
  assert.equal(await vscode.workspace.applyEdit(edit), true);
  assert.equal(doc.isDirty, true);
  const estimate = await saveAndEstimate(api, doc);
  await waitForDiagnostics(doc.uri, hasPlacementDiags, 'placement diagnostics after save');
  return estimate;
}

function assertOn(doc: vscode.TextDocument, d: vscode.Diagnostic | undefined, expected: vscode.Range, what: string) {
  assert.ok(d, `no ${what}`);
  assert.ok(
    d.range.isEqual(expected),
    `${what}: range ${rangeText(d.range)} ${JSON.stringify(doc.getText(d.range))} != expected ${rangeText(expected)} ${JSON.stringify(doc.getText(expected))}`,
  );
}

/** "Set gpus to N…" → N. */
function fixCount(title: string): number | undefined {
  const m = /^Set (?:gpus|devicesPerSite) to (\d+)/.exec(title);
  return m ? Number(m[1]) : undefined;
}

describe('Placement estimates in the editor', function () {
  this.timeout(30_000);
  let api: ExtensionApi;
  before(async () => {
    api = await extensionApi();
  });
  afterEach(cleanUp);

  describe('diagnostics after save', () => {
    it("nightly-batch: LLMS102 on dc-h100's `gpus: 4`, LLMS103 on dc-a100's name, LLMS106 on each `gpus: auto`", async () => {
      const doc = await scratchCopy('nightly-batch.deploy.yaml', 'nightly');
      await editAndSave(api, doc);
      const ds = ours(doc.uri);
      const d102 = withCode(ds, 'LLMS102');
      assert.equal(d102.length, 1, `one LLMS102 expected:\n    ${describeDiags(ds)}`);
      assertOn(doc, d102[0], rangeInPlacement(doc, 'dc-h100', /gpus:\s*(\d+)/), 'LLMS102 on dc-h100 gpus');
      assert.equal(d102[0]!.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(
        d102[0]!.message,
        /TPOT p95 \S+ ms exceeds SLO 90 ms/,
        'LLMS102 says which metric, percentile and SLO',
      );
      assert.match(d102[0]!.message, /\(gpus: \d+\) would meet it/);
      assert.ok(
        (d102[0]!.relatedInformation ?? []).length > 0,
        'LLMS102 points at the SLO it misses (related information)',
      );

      const d103 = withCode(ds, 'LLMS103');
      assert.equal(d103.length, 1, `one LLMS103 expected:\n    ${describeDiags(ds)}`);
      assertOn(doc, d103[0], rangeInPlacement(doc, 'dc-a100', /name:\s*(\S+)/), 'LLMS103 on dc-a100');
      assert.equal(d103[0]!.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(d103[0]!.message, /over budget: \$\S+\/mo > \$12k/);

      const d106 = withCode(ds, 'LLMS106');
      const autos = ['dc-a100', 'a100-base-h100-burst', 'cloud-h100-nightly'].map((p) =>
        rangeInPlacement(doc, p, /gpus:\s*(auto)/),
      );
      assert.equal(
        d106.length,
        autos.length,
        `LLMS106 on each of the ${autos.length} \`gpus: auto\`:\n    ${describeDiags(ds)}`,
      );
      for (const r of autos)
        assertOn(
          doc,
          d106.find((d) => d.range.isEqual(r)),
          r,
          `LLMS106 at ${rangeText(r)}`,
        );
      for (const d of d106) assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
      assert.deepEqual(
        ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error),
        [],
        'no errors in nightly-batch',
      );
    });

    it("does-not-fit: LLMS101 (error) on single-l40s's hardware says why; LLMS102 on h100-pair's gpus; LLMS106 on h100-auto", async () => {
      const doc = await scratchCopy('does-not-fit.deploy.yaml', 'nofit');
      await editAndSave(api, doc);
      const ds = ours(doc.uri);
      const d101 = withCode(ds, 'LLMS101');
      assert.equal(d101.length, 1, `one LLMS101 expected:\n    ${describeDiags(ds)}`);
      assertOn(
        doc,
        d101[0],
        rangeInPlacement(doc, 'single-l40s', /hardware:\s*(\S+)/),
        'LLMS101 on single-l40s hardware',
      );
      assert.equal(d101[0]!.severity, vscode.DiagnosticSeverity.Error);
      const m = /does not fit: needs ([\d.]+) GiB per GPU, has ([\d.]+)/.exec(d101[0]!.message);
      assert.ok(m, `LLMS101 says how much is needed and available: ${JSON.stringify(d101[0]!.message)}`);
      assert.ok(Number(m[1]) > Number(m[2]));
      const expected = corePlacement(doc.getText(), 'single-l40s').memory.perGpuGiB;
      assert.equal(Number(m[1]), Number(expected.total.toFixed(1)));
      assert.equal(Number(m[2]), Number(expected.capacity.toFixed(1)));

      const d102 = withCode(ds, 'LLMS102');
      assert.equal(d102.length, 1, describeDiags(ds));
      assertOn(doc, d102[0], rangeInPlacement(doc, 'h100-pair', /gpus:\s*(\d+)/), 'LLMS102 on h100-pair gpus');
      const d106 = withCode(ds, 'LLMS106');
      assert.equal(d106.length, 1, describeDiags(ds));
      assertOn(doc, d106[0], rangeInPlacement(doc, 'h100-auto', /gpus:\s*(auto)/), 'LLMS106 on h100-auto gpus');
    });

    it('does-not-fit: LLMS101 gives the per-GPU memory breakdown (weights, KV cache, …) in its message or related information', async () => {
      const doc = await scratchCopy('does-not-fit.deploy.yaml', 'nofit-breakdown');
      await editAndSave(api, doc);
      const d = withCode(ours(doc.uri), 'LLMS101')[0];
      assert.ok(d, 'no LLMS101');
      const text = [d.message, ...(d.relatedInformation ?? []).map((r) => r.message)].join('\n');
      const m = corePlacement(doc.getText(), 'single-l40s').memory.perGpuGiB;
      assert.ok(
        /weights\D{0,20}\d/i.test(text) && /KV\D{0,20}\d/i.test(text),
        `issue 5: "does not fit (with the per-GPU breakdown …)" — expected the weights (${m.weights.toFixed(1)} GiB) and KV cache ` +
          `(${m.kvCache.toFixed(1)} GiB) per GPU in the LLMS101 message or its related information; got:\n    ${text.replace(/\n/g, '\n    ')}`,
      );
    });

    it("rag-eu-residency: LLMS105 on cloud-us-east's `location`, LLMS103 on cloud-eu's name", async () => {
      const doc = await scratchCopy('rag-eu-residency.deploy.yaml', 'rag');
      await editAndSave(api, doc);
      const ds = ours(doc.uri);
      const d105 = withCode(ds, 'LLMS105');
      assert.equal(d105.length, 1, describeDiags(ds));
      assertOn(
        doc,
        d105[0],
        rangeInPlacement(doc, 'cloud-us-east', /location:\s*(\S+)/),
        'LLMS105 on cloud-us-east location',
      );
      assert.match(d105[0]!.message, /data leaves eu/);
      const d103 = withCode(ds, 'LLMS103');
      assert.equal(d103.length, 1, describeDiags(ds));
      assertOn(doc, d103[0], rangeInPlacement(doc, 'cloud-eu', /name:\s*(\S+)/), 'LLMS103 on cloud-eu');
    });

    it('chat-assistant (all pass): only LLMS106 information, no warnings or errors', async () => {
      const doc = await scratchCopy('chat-assistant.deploy.yaml', 'chat');
      await editAndSave(api, doc);
      const ds = ours(doc.uri);
      assert.equal(withCode(ds, 'LLMS106').length, 3, describeDiags(ds));
      assert.deepEqual(
        ds.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).map((d) => `${codeOf(d)} ${d.message}`),
        [],
      );
    });

    it('every failing placement has a warning or error on its YAML, passing ones none (all fixtures)', async () => {
      for (const fixture of FIXTURES) {
        const doc = await scratchCopy(fixture, 'verdicts');
        await editAndSave(api, doc);
        const ds = placementDiags(ours(doc.uri));
        for (const [name, verdict] of Object.entries(VERDICTS[fixture]!)) {
          const serious = ds.filter(
            (d) => d.severity <= vscode.DiagnosticSeverity.Warning && placementAtLine(doc, d.range.start.line) === name,
          );
          if (verdict === 'fail')
            assert.ok(
              serious.length > 0,
              `${fixture}: failing '${name}' has no warning/error:\n    ${describeDiags(ds)}`,
            );
          else
            assert.deepEqual(
              serious.map((d) => d.message),
              [],
              `${fixture}: passing '${name}' must have no warning/error`,
            );
        }
      }
    });

    it('an edit marks the estimate stale (CodeLens "stale — save to re-estimate", placement diagnostics dropped); saving re-estimates at the new positions', async () => {
      const doc = await scratchCopy('nightly-batch.deploy.yaml', 'stale', { show: true });
      await waitForEstimate(api, doc);
      await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS102').length === 1, 'LLMS102 on open');
      const before = withCode(ours(doc.uri), 'LLMS102')[0]!.range;

      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '# a new first line\n');
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      await waitForDiagnostics(
        doc.uri,
        (ds) => !hasPlacementDiags(ds),
        'placement diagnostics to be dropped after the edit',
      );
      const stale = await waitFor(
        async () => {
          const lenses = await placementLenses(doc);
          return lenses.length === 4 &&
            lenses.every((l) => l.command!.title.endsWith('$(sync) stale — save to re-estimate'))
            ? lenses
            : undefined;
        },
        'every CodeLens to say "stale — save to re-estimate"',
        async () => JSON.stringify((await placementLenses(doc)).map((l) => l.command?.title)),
      );
      for (const l of stale) assert.equal(parseHeadline(l.command!.title).stale, true);
      assert.deepEqual(
        (await autoLenses(doc)).map((l) => l.command?.title),
        [],
        'no "auto → N · write it" lens on a stale estimate',
      );

      await saveAndEstimate(api, doc);
      const ds = await waitForDiagnostics(doc.uri, (x) => withCode(x, 'LLMS102').length === 1, 'LLMS102 after save');
      const after = withCode(ds, 'LLMS102')[0]!.range;
      assert.ok(
        after.isEqual(before.with(before.start.translate(1), before.end.translate(1))),
        `LLMS102 must move down one line with the text: ${rangeText(before)} → ${rangeText(after)}`,
      );
      const fresh = await placementLenses(doc);
      assert.ok(
        fresh.every((l) => !parseHeadline(l.command!.title).stale),
        JSON.stringify(fresh.map((l) => l.command?.title)),
      );
      assert.equal((await autoLenses(doc)).length, 3, 'the auto lenses return after save');
    });

    it('the severity setting "warning" hides LLMS106 information; resetting it brings it back', async () => {
      const doc = await scratchCopy('chat-assistant.deploy.yaml', 'severity');
      await waitForEstimate(api, doc);
      await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS106').length === 3, 'three LLMS106');
      const config = vscode.workspace.getConfiguration('llmSizing');
      try {
        await config.update('diagnostics.minimumSeverity', 'warning', vscode.ConfigurationTarget.Workspace);
        await waitForDiagnostics(
          doc.uri,
          (ds) => withCode(ds, 'LLMS106').length === 0,
          'LLMS106 hidden by minimumSeverity=warning',
        );
      } finally {
        await config.update('diagnostics.minimumSeverity', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS106').length === 3, 'LLMS106 back after reset');
    });
  });

  describe('CodeLens', () => {
    for (const fixture of FIXTURES) {
      it(`${fixture}: one lens per placement with the headline, the verdict icon and the compare command`, async () => {
        const doc = await scratchCopy(fixture, 'lens');
        const estimate = await waitForEstimate(api, doc);
        const reports = coreReports(doc.getText());
        const lenses = await waitFor(
          async () => {
            const l = await placementLenses(doc);
            return l.length === Object.keys(VERDICTS[fixture]!).length ? l : undefined;
          },
          `${Object.keys(VERDICTS[fixture]!).length} placement lenses`,
          async () => JSON.stringify((await placementLenses(doc)).map((l) => l.command?.title)),
        );
        const blocks = placementBlocks(doc);
        for (const [name, verdict] of Object.entries(VERDICTS[fixture]!)) {
          const lens = await lensOf(doc, name);
          const title = lens.command!.title;
          const h = parseHeadline(title);
          assert.equal(
            h.icon,
            verdict === 'pass' ? 'pass' : 'error',
            `${name} is '${verdict}' (llm-sizing estimate): ${title}`,
          );
          assert.equal(h.stale, false);
          const report = reports.flatMap((r) => r.placements).find((p) => p.name === name)!;
          assert.equal(
            title,
            `$(${h.icon}) ${placementHeadline(report)}`,
            `${name}: CodeLens title differs from the core's headline`,
          );
          assert.deepEqual(lens.command!.arguments?.map(String), [doc.uri.toString(), reports[0]!.name, name]);
          assert.equal(
            lens.range.start.line,
            blocks.find((b) => b.name === name)!.startLine,
            `${name}: lens sits on its \`- name:\` line`,
          );
        }
        assert.equal(lenses.length, estimate.documents.flatMap((d) => d.report.placements).length);
      });
    }

    for (const fixture of ['chat-assistant.deploy.yaml', 'nightly-batch.deploy.yaml', 'rag-eu-residency.deploy.yaml']) {
      it(`${fixture}: the CodeLens figures agree with \`llm-sizing estimate --format json\` (the CLI bundle, run on the same file)`, async () => {
        const doc = await scratchCopy(fixture, 'cli');
        await waitForEstimate(api, doc);
        const cli = cliEstimate(doc.uri.fsPath);
        const close = (what: string, shown: number, exact: number) =>
          assert.ok(
            Math.abs(shown - exact) <= Math.max(0.051 * Math.abs(exact), 1),
            `${what}: CodeLens shows ${shown}, the CLI computes ${exact}`,
          );
        for (const p of cli) {
          const title = (await lensOf(doc, p.name)).command!.title;
          const h = parseHeadline(title);
          assert.equal(h.icon, p.verdict === 'pass' ? 'pass' : 'error', `${p.name}: verdict ${p.verdict}; ${title}`);
          assert.equal(h.type, p.type);
          assert.equal(h.devices, p.devices, `${p.name}: devices`);
          assert.equal(
            h.memUsed,
            Math.round(p.memory.perGpuGiB.total * 10) / 10,
            `${p.name}: memory per GPU; ${title}`,
          );
          assert.equal(h.memCapacity, Math.round(p.memory.perGpuGiB.capacity * 10) / 10, `${p.name}: capacity per GPU`);
          close(`${p.name} TTFT p95 ms`, quantity(h.ttft), p.latency.ttftMs.p95);
          close(`${p.name} TPOT p95 ms`, quantity(h.tpot), p.latency.tpotMs.p95);
          close(`${p.name} tok/s`, quantity(h.tokens), p.throughput.outputTokensPerSecond);
          close(`${p.name} $/mo`, quantity(h.monthly), p.cost.monthlyUsd);
        }
      });
    }

    it('does-not-fit: the CodeLens of single-l40s (does not fit) shows no TTFT/TPOT, as `llm-sizing estimate` prints "—"', async () => {
      const doc = await scratchCopy('does-not-fit.deploy.yaml', 'nofit-lens');
      await waitForEstimate(api, doc);
      const title = (await lensOf(doc, 'single-l40s')).command!.title;
      const h = parseHeadline(title);
      assert.equal(h.icon, 'error');
      assert.ok(h.memUsed > h.memCapacity, title);
      // The model cannot be loaded: a TTFT or TPOT for it is not an estimate of anything (the CLI's
      // table prints "—" for both, and 0 tok/s).
      assert.deepEqual(
        { ttft: h.ttft, tpot: h.tpot },
        { ttft: '—', tpot: '—' },
        `a placement that does not fit must not show latency figures (\`llm-sizing estimate\` prints "—"); CodeLens: ${JSON.stringify(title)}`,
      );
      assert.ok(['0', '—'].includes(h.tokens), `tok/s of a placement that does not fit: ${h.tokens}`);
    });

    it('`gpus: auto` gets "auto → N GPUs (R replicas) · write it"; clicking it writes N, and after save LLMS106 and the lens are gone', async () => {
      const doc = await scratchCopy('chat-assistant.deploy.yaml', 'auto');
      await waitForEstimate(api, doc);
      await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS106').length === 3, 'three LLMS106');
      const autos = await autoLenses(doc);
      assert.equal(autos.length, 3, JSON.stringify(autos.map((l) => l.command?.title)));
      const autoRange = rangeInPlacement(doc, 'dc-h100', /gpus:\s*(auto)/);
      const lens = autos.find((l) => l.range.isEqual(autoRange));
      assert.ok(
        lens,
        `no auto lens on dc-h100's \`auto\` (${rangeText(autoRange)}); lenses at ${autos.map((l) => rangeText(l.range))}`,
      );
      const m = /^auto → (\d+) GPUs? \((\d+) replicas?\) · write it$/.exec(lens.command!.title);
      assert.ok(m, `auto lens title: ${JSON.stringify(lens.command!.title)}`);
      const n = Number(m[1]);
      assert.equal(n, corePlacement(doc.getText(), 'dc-h100').gpus);
      const info = withCode(ours(doc.uri), 'LLMS106').find((d) => d.range.isEqual(autoRange));
      assert.ok(info && info.message.includes(`gpus: auto → ${n} `), `LLMS106 agrees with the lens: ${info?.message}`);

      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
      await waitFor(
        () => new RegExp(`^\\s*gpus: ${n}\\s`).test(doc.lineAt(autoRange.start.line).text) || undefined,
        `dc-h100's \`gpus: auto\` to read ${n}`,
        () => doc.lineAt(autoRange.start.line).text,
      );
      assert.equal(doc.isDirty, true, 'an edit, not a save');
      await saveAndEstimate(api, doc);
      await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS106').length === 2, 'two LLMS106 left');
      assert.equal((await autoLenses(doc)).filter((l) => l.range.start.line === autoRange.start.line).length, 0);
      const h = parseHeadline((await lensOf(doc, 'dc-h100')).command!.title);
      assert.equal(h.icon, 'pass');
      assert.equal(h.devices, n);
    });
  });

  describe('quick fixes', () => {
    it('LLMS102 "Set gpus to N" on h100-pair: applied and saved, LLMS102 goes and the CodeLens turns $(pass) with N GPUs', async () => {
      const doc = await scratchCopy('does-not-fit.deploy.yaml', 'fix102');
      await waitForEstimate(api, doc);
      const d = (await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS102').length === 1, 'LLMS102')).find(
        (x) => codeOf(x) === 'LLMS102',
      )!;
      const want = Number(/\(gpus: (\d+)\) would meet it/.exec(d.message)?.[1]);
      assert.ok(want > 0, d.message);
      const before = parseHeadline((await lensOf(doc, 'h100-pair')).command!.title);
      assert.equal(before.icon, 'error');
      assert.equal(before.devices, 2);

      const actions = await codeActions(doc, d.range);
      const fix = actions.find((a) => a.title === `Set gpus to ${want}`);
      assert.ok(fix, `no "Set gpus to ${want}" on LLMS102; got ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), 'a quickfix');
      assert.equal(fix.isPreferred, true);
      assert.ok(fix.edit);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      assert.equal(doc.getText(d.range), String(want));
      await saveAndEstimate(api, doc);
      await waitForDiagnostics(
        doc.uri,
        (ds) => withCode(ds, 'LLMS106').length === 1 && withCode(ds, 'LLMS102').length === 0,
        'LLMS102 gone after the fix',
      );
      const title = (await lensOf(doc, 'h100-pair')).command!.title;
      const after = parseHeadline(title);
      assert.equal(after.icon, 'pass', title);
      assert.equal(after.devices, want, title);
      assert.equal(title, `$(pass) ${placementHeadline(corePlacement(doc.getText(), 'h100-pair'))}`);
    });

    it('LLMS106 "Set gpus to N with parallelism {tensor: T}" on h100-auto writes both; after save LLMS106 and the auto lens are gone, the numbers stay', async () => {
      const doc = await scratchCopy('does-not-fit.deploy.yaml', 'fix106');
      await waitForEstimate(api, doc);
      const autoRange = rangeInPlacement(doc, 'h100-auto', /gpus:\s*(auto)/);
      const d = (await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS106').length === 1, 'LLMS106')).find(
        (x) => codeOf(x) === 'LLMS106',
      )!;
      assert.ok(d.range.isEqual(autoRange));
      const before = (await lensOf(doc, 'h100-auto')).command!.title;
      const actions = await codeActions(doc, d.range);
      const fix = actions.find((a) => /^Set gpus to \d+ with parallelism \{tensor: \d+\}$/.test(a.title));
      assert.ok(
        fix?.edit,
        `no "Set gpus to N with parallelism {tensor: T}" on LLMS106; got ${JSON.stringify(actions.map((a) => a.title))}`,
      );
      const [, n, t] = /^Set gpus to (\d+) with parallelism \{tensor: (\d+)\}$/.exec(fix.title)!;
      assert.ok(d.message.includes(`gpus: auto → ${n} `), `the fix writes what LLMS106 says: ${d.message}`);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      assert.equal(doc.getText(autoRange.with(undefined, autoRange.start.translate(0, n!.length))), n);
      assert.equal(
        doc.getText(rangeInPlacement(doc, 'h100-auto', /parallelism:\s*(\{tensor: \d+\})/)),
        `{tensor: ${t}}`,
      );
      await saveAndEstimate(api, doc);
      await waitForDiagnostics(
        doc.uri,
        (ds) => withCode(ds, 'LLMS106').length === 0 && withCode(ds, 'LLMS101').length === 1,
        'LLMS106 gone after the fix',
      );
      assert.deepEqual(
        ours(doc.uri)
          .filter((d2) => codeOf(d2)?.startsWith('LLMS0'))
          .map((x) => x.message),
        [],
        'the edit validates',
      );
      assert.equal((await autoLenses(doc)).length, 0);
      const after = (await lensOf(doc, 'h100-auto')).command!.title;
      assert.equal(after, before, 'writing the solved count changes no number');
    });

    it('LLMS102 "Set gpus to 6" on nightly-batch\'s dc-h100 makes it pass; undo restores the text and, after save, LLMS102', async () => {
      const doc = await scratchCopy('nightly-batch.deploy.yaml', 'undo', { show: true });
      await waitForEstimate(api, doc);
      const original = doc.getText();
      const d = (await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS102').length === 1, 'LLMS102')).find(
        (x) => codeOf(x) === 'LLMS102',
      )!;
      const want = Number(/\(gpus: (\d+)\) would meet it/.exec(d.message)?.[1]);
      const fix = (await codeActions(doc, d.range)).find((a) => a.title === `Set gpus to ${want}`);
      assert.ok(fix?.edit, 'no fix');
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      await saveAndEstimate(api, doc);
      await waitForDiagnostics(
        doc.uri,
        (ds) => withCode(ds, 'LLMS102').length === 0 && withCode(ds, 'LLMS103').length === 1,
        'LLMS102 gone',
      );
      assert.equal(parseHeadline((await lensOf(doc, 'dc-h100')).command!.title).icon, 'pass');

      await vscode.window.showTextDocument(doc, { preserveFocus: false });
      await vscode.commands.executeCommand('undo');
      await waitFor(
        () => doc.getText() === original || undefined,
        'undo to restore the text',
        () => doc.lineAt(d.range.start.line).text,
      );
      await saveAndEstimate(api, doc);
      await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS102').length === 1, 'LLMS102 back after undo + save');
      assert.equal(parseHeadline((await lensOf(doc, 'dc-h100')).command!.title).icon, 'error');
    });

    for (const fixture of FIXTURES) {
      it(`${fixture}: every placement quick fix offered, applied to a fresh copy and saved, clears its diagnostic and adds no error`, async () => {
        const probe = await scratchCopy(fixture, 'probe');
        await waitForEstimate(api, probe);
        const found = await waitForDiagnostics(probe.uri, hasPlacementDiags, 'placement diagnostics');
        const cases: Array<{ code: string; placement: string; line: number; title: string }> = [];
        for (const d of placementDiags(found)) {
          const placement = placementAtLine(probe, d.range.start.line) ?? '?';
          // The range is the diagnostic's own; no other diagnostic overlaps it in these fixtures.
          assert.equal(
            found.filter((x) => x.range.intersection(d.range)).length,
            1,
            `overlapping diagnostics at ${rangeText(d.range)}`,
          );
          const mine = (await codeActions(probe, d.range)).filter((a) => a.edit);
          // SLO misses that name a count, and solved autos, must come with their fix.
          const promised =
            (codeOf(d) === 'LLMS102' && /would meet it/.test(d.message)) ||
            (codeOf(d) === 'LLMS106' && !/→ 0:/.test(d.message));
          if (promised)
            assert.ok(mine.length > 0, `${fixture}: ${codeOf(d)} on '${placement}' has no quick fix: ${d.message}`);
          for (const a of mine) {
            if (codeOf(d) === 'LLMS106')
              assert.ok(d.message.includes(`→ ${fixCount(a.title)} `), `"${a.title}" disagrees with "${d.message}"`);
            cases.push({ code: codeOf(d)!, placement, line: d.range.start.line, title: a.title });
          }
        }
        assert.ok(cases.length > 0, `${fixture}: no placement quick fix at all`);
        const errorsBefore = found.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
        await cleanUp();

        for (const c of cases) {
          const doc = await scratchCopy(fixture, 'fixall');
          await waitForEstimate(api, doc);
          const ds = await waitForDiagnostics(
            doc.uri,
            (x) => x.some((d) => codeOf(d) === c.code && d.range.start.line === c.line),
            `${c.code} on line ${c.line + 1}`,
          );
          const d = ds.find((x) => codeOf(x) === c.code && x.range.start.line === c.line)!;
          const fix = (await codeActions(doc, d.range)).find((a) => a.title === c.title);
          assert.ok(fix?.edit, `${c.title} vanished`);
          assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
          await saveAndEstimate(api, doc);
          const left = ours(doc.uri);
          const still = left.filter(
            (x) => codeOf(x) === c.code && placementAtLine(doc, x.range.start.line) === c.placement,
          );
          assert.deepEqual(
            still.map((x) => x.message),
            [],
            `${fixture}: "${c.title}" for ${c.code} on '${c.placement}' did not clear it`,
          );
          assert.ok(
            left.filter((x) => x.severity === vscode.DiagnosticSeverity.Error).length <= errorsBefore,
            `${fixture}: "${c.title}" added errors:\n    ${describeDiags(left)}`,
          );
          await cleanUp();
        }
      });
    }

    it('LLMS101 (does not fit) offers a quick fix; applied and saved, single-l40s fits and its CodeLens shows the new memory', async () => {
      const doc = await scratchCopy('does-not-fit.deploy.yaml', 'fix101');
      await waitForEstimate(api, doc);
      const d = (await waitForDiagnostics(doc.uri, (ds) => withCode(ds, 'LLMS101').length === 1, 'LLMS101')).find(
        (x) => codeOf(x) === 'LLMS101',
      )!;
      const actions = (await codeActions(doc, d.range)).filter((a) => a.edit);
      assert.ok(
        actions.length > 0,
        'issue 5: "does not fit … fixes: more GPUs / tensor parallelism, a smaller weight format, fp8 KV, shorter max context" — ' +
          `vscode.executeCodeActionProvider on the LLMS101 range ${rangeText(d.range)} returned no fix for it ` +
          `(all actions: ${JSON.stringify((await codeActions(doc, d.range)).map((a) => a.title))})`,
      );
      const fix = actions.find((a) => a.isPreferred) ?? actions[0]!;
      assert.ok(fix.edit, `"${fix.title}" has no edit`);
      const before = parseHeadline((await lensOf(doc, 'single-l40s')).command!.title);
      assert.ok(before.memUsed > before.memCapacity);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      await saveAndEstimate(api, doc);
      await waitForDiagnostics(
        doc.uri,
        (ds) => withCode(ds, 'LLMS101').length === 0,
        `LLMS101 gone after "${fix.title}"`,
      );
      const after = parseHeadline((await lensOf(doc, 'single-l40s')).command!.title);
      assert.ok(
        after.memUsed <= after.memCapacity,
        `after "${fix.title}": ${after.memUsed} / ${after.memCapacity} GiB per GPU`,
      );
    });
  });
});
