/**
 * Disaggregated serving in the editor (issue 20): the layout, KV transfer and gain in the
 * CodeLens of each disaggregated placement, the SLO miss of a split that cannot keep up located on
 * its prefill workers, and the JSON the comparison panel is fed. Fixture: a copy of
 * examples/long-context-disaggregated.deploy.yaml.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  cleanUp,
  codeOf,
  describeDiags,
  extensionApi,
  lensOf,
  ours,
  rangeInPlacement,
  saveAndEstimate,
  scratchCopy,
  waitForDiagnostics,
} from './helpers';

describe('Disaggregated serving in the editor', function () {
  this.timeout(60_000);
  afterEach(cleanUp);

  it('CodeLens shows the prefill/decode layout and the KV transfer; the split that cannot keep up is flagged on its prefill workers', async () => {
    const api = await extensionApi();
    const doc = await scratchCopy('long-context-disaggregated.deploy.yaml', 'disagg');
    const estimate = await saveAndEstimate(api, doc);
    const placements = estimate.documents.flatMap((d) => d.report.placements);
    const searched = placements.find((p) => p.name === 'split-searched');
    assert.ok(searched?.disaggregation, 'the estimate carries the disaggregation');
    assert.equal(searched.verdict, 'pass');
    assert.ok(searched.aggregatedAlternative && searched.disaggregationGain, 'aggregated alternative and gain');

    const lens = await lensOf(doc, 'split-searched');
    const { prefill, decode } = searched.disaggregation;
    assert.ok(
      lens.command!.title.includes(
        `${prefill.workers}P×TP${prefill.parallelism.tensor} + ${decode.workers}D×TP${decode.parallelism.tensor} on 16×`,
      ),
      lens.command!.title,
    );
    assert.match(lens.command!.title, /KV \d+(\.\d+)? ms, \d+% of link/);

    const ds = await waitForDiagnostics(
      doc.uri,
      (list) => list.some((d) => codeOf(d) === 'LLMS102'),
      'the SLO miss of split-half-half',
    );
    const miss = ds.find((d) => codeOf(d) === 'LLMS102' && /prefill workers cannot keep up/.test(d.message));
    assert.ok(miss, describeDiags(ours(doc.uri)));
    const expected = rangeInPlacement(doc, 'split-half-half', /prefill: \{workers: 4, gpus: (2)/);
    assert.ok(miss.range.isEqual(expected), `on the prefill workers' gpus: ${doc.getText(miss.range)}`);
    assert.equal(miss.severity, vscode.DiagnosticSeverity.Warning);
  });
});
