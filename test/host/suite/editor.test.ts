/**
 * Hovers and completion (issue 5) through the real providers: `vscode.executeHoverProvider` and
 * `vscode.executeCompletionItemProvider` (redhat.vscode-yaml is not installed in the test profile,
 * so the extension's own completion answers in *.deploy.yaml files).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/extension';
import { catalog } from '../../../src/core/catalog';
import {
  cleanUp,
  completions,
  corePlacement,
  extensionApi,
  hoverText,
  labelOf,
  rangeInPlacement,
  rangeText,
  scratchCopy,
  waitFor,
  waitForEstimate,
} from './helpers';

const FILE = 'nightly-batch.deploy.yaml';

/** The position of the first line matching `re` (group 1 when present), `offset` chars into it. */
function positionOf(doc: vscode.TextDocument, re: RegExp, offset = 1): vscode.Position {
  for (let line = 0; line < doc.lineCount; line++) {
    const m = re.exec(doc.lineAt(line).text);
    if (m) return new vscode.Position(line, (m[1] !== undefined ? m.index + m[0].indexOf(m[1]) : m.index) + offset);
  }
  assert.fail(`${re} not in ${doc.uri.path}`);
}

describe('Hovers and completion', function () {
  this.timeout(20_000);
  let api: ExtensionApi;
  before(async () => {
    api = await extensionApi();
  });
  afterEach(cleanUp);

  describe('hovers', () => {
    it('on `h100-sxm-80gb`: the catalog facts (bandwidth 3,350 GB/s, memory, TFLOPS) and their sources, over the id', async () => {
      const doc = await scratchCopy(FILE, 'hover-hw');
      const idRange = rangeInPlacement(doc, 'dc-h100', /hardware:\s*(h100-sxm-80gb)/);
      const { text, hovers } = await hoverText(doc, idRange.start.translate(0, 3));
      assert.ok(hovers.length > 0, 'no hover on the hardware id');
      assert.match(text, /\*\*NVIDIA H100[^*]*\*\* `h100-sxm-80gb`/);
      assert.match(text, /\| bandwidth \| 3,350(\.\d)? GB\/s/, `bandwidth 3,350 GB/s expected in:\n${text}`);
      assert.match(text, /\| memory \| 80 GB nominal/);
      assert.match(text, /TFLOPS/);
      assert.match(text, /\*\*Sources\*\*\n- \S+/, `a Sources list expected in:\n${text}`);
      const ours = hovers.find((h) => h.range?.isEqual(idRange));
      assert.ok(
        ours,
        `the hover range must be the id ${rangeText(idRange)}; got ${hovers.map((h) => h.range && rangeText(h.range))}`,
      );
    });

    it('on the model, weight format and engine values: their catalog descriptions', async () => {
      const doc = await scratchCopy(FILE, 'hover-ids');
      const model = await hoverText(doc, positionOf(doc, /^ {2}id:\s*(llama-3\.1-70b)/));
      assert.match(model.text, /`llama-3\.1-70b`/);
      assert.match(model.text, /\| parameters \| 70(\.\d+)? B total/);
      assert.match(model.text, /\*\*Sources\*\*/);
      const format = await hoverText(doc, positionOf(doc, /^ {2}weights:\s*(fp8)/));
      assert.ok(format.text.includes('fp8'), `format hover:\n${format.text}`);
      assert.match(format.text, /bit/i);
      const engine = await hoverText(doc, positionOf(doc, /engine:\s*(vllm)/));
      assert.match(engine.text, /vLLM/, `engine hover:\n${engine.text}`);
    });

    it("on a placement's `name` key: its estimate table (verdict, memory per GPU, TTFT/TPOT p50/p95 with band, cost, assumptions)", async () => {
      const doc = await scratchCopy(FILE, 'hover-placement');
      await waitForEstimate(api, doc);
      const nameKey = rangeInPlacement(doc, 'dc-h100', /(name):/);
      const { text } = await hoverText(doc, nameKey.start.translate(0, 1));
      const p = corePlacement(doc.getText(), 'dc-h100');
      const m = p.memory.perGpuGiB;
      assert.match(text, /^\*\*dc-h100\*\* — ✗ fail/m, `hover:\n${text}`);
      assert.ok(text.includes(`- ${p.reasons[0]}`), 'the reason it fails');
      // The row prints each figure to 0.1 GiB without trailing zeros ("69 of 79.2 GiB").
      const row = /\| memory per GPU \| ([\d.]+) of ([\d.]+) GiB: weights ([\d.]+), KV ([\d.]+)/.exec(text);
      assert.ok(row, `memory row:\n${text}`);
      [m.total, m.capacity, m.weights, m.kvCache].forEach((want, i) =>
        assert.ok(
          Math.abs(Number(row[i + 1]) - want) <= 0.05 + 1e-9,
          `memory row figure ${i + 1}: ${row[i + 1]} vs ${want}`,
        ),
      );
      assert.match(text, /\| TTFT p50 \/ p95 \| [^|]+ \/ [^|]+ \(band [^|]+\) \|/);
      assert.match(text, /\| TPOT p50 \/ p95 \| [^|]+ \/ [^|]+ \(band [^|]+\) \|/);
      assert.match(text, /\| cost \| \$\S+\/month/);
      assert.match(text, /\*\*Assumptions\*\*/);

      const passing = await hoverText(
        doc,
        rangeInPlacement(doc, 'cloud-h100-nightly', /(name):/).start.translate(0, 1),
      );
      assert.match(passing.text, /^\*\*cloud-h100-nightly\*\* — ✓ pass/m);
      assert.match(passing.text, /solved from `auto`/);
    });

    it('on a placement name after an edit: the estimate is marked stale', async () => {
      const doc = await scratchCopy(FILE, 'hover-stale');
      await waitForEstimate(api, doc);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '# edited\n');
      await vscode.workspace.applyEdit(edit);
      await waitFor(() => api.estimates.get(doc)?.stale, 'the estimate to be stale');
      const { text } = await hoverText(doc, rangeInPlacement(doc, 'dc-h100', /(name):/).start.translate(0, 1));
      assert.match(text, /\*\(stale: save to re-estimate\)\*/, text);
    });
  });

  describe('completion', () => {
    const hardwareIds = () => catalog.hardware.entries.map((h) => h.id);

    it('at a `hardware:` value: every catalog hardware id, with vendor, memory and bandwidth as detail', async () => {
      const doc = await scratchCopy(FILE, 'complete-hw');
      const idRange = rangeInPlacement(doc, 'dc-h100', /hardware:\s*(h100-sxm-80gb)/);
      const items = await completions(doc, idRange.end);
      const labels = items.map(labelOf);
      for (const id of hardwareIds())
        assert.ok(labels.includes(id), `hardware id '${id}' missing from completion (${labels.length} items)`);
      const h100 = items.find((i) => labelOf(i) === 'h100-sxm-80gb')!;
      assert.match(
        h100.detail ?? '',
        /^NVIDIA · 80 GB · 3,350 GB\/s · .*TFLOPS bf16 · \d+ W$/,
        `detail: ${JSON.stringify(h100.detail)}`,
      );
      assert.equal(h100.kind, vscode.CompletionItemKind.Constant);
      const range = h100.range instanceof vscode.Range ? h100.range : h100.range?.replacing;
      assert.ok(
        range?.isEqual(idRange),
        `the item replaces the typed id ${rangeText(idRange)}; range ${range && rangeText(range)}`,
      );
    });

    it('at an empty `hardware: ` value (as typed): catalog hardware ids', async () => {
      const doc = await scratchCopy(FILE, 'complete-empty');
      const idRange = rangeInPlacement(doc, 'dc-h100', /hardware:\s*(h100-sxm-80gb)/);
      const edit = new vscode.WorkspaceEdit();
      edit.delete(doc.uri, idRange);
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      const items = await completions(doc, idRange.start);
      const labels = items.map(labelOf);
      assert.ok(
        hardwareIds().every((id) => labels.includes(id)),
        `hardware ids expected; got ${JSON.stringify(labels.slice(0, 20))}`,
      );
      assert.ok(items.find((i) => labelOf(i) === 'l40s-48gb')?.detail, 'each id has a detail');
    });

    it('at `model.id`, `weights` and `engine` values: model, weight-format and engine ids with details', async () => {
      const doc = await scratchCopy(FILE, 'complete-ids');
      const models = await completions(doc, positionOf(doc, /^ {2}id:\s*(llama-3\.1-70b)/, 'llama-3.1-70b'.length));
      const model = models.find((i) => labelOf(i) === 'llama-3.1-70b');
      assert.ok(model, `model ids expected; got ${JSON.stringify(models.map(labelOf).slice(0, 20))}`);
      assert.match(model.detail ?? '', /params.*ctx/);
      assert.ok(
        catalog.models.entries.every((m) => models.some((i) => labelOf(i) === m.id)),
        'every catalog model',
      );
      const formats = (await completions(doc, positionOf(doc, /^ {2}weights:\s*(fp8)/, 3))).map(labelOf);
      for (const f of ['bf16', 'fp8', 'int4-awq', 'q4_k_m'])
        assert.ok(formats.includes(f), `weight format ${f} missing: ${JSON.stringify(formats)}`);
      const engines = await completions(doc, positionOf(doc, /engine:\s*(vllm)/, 4));
      for (const e of ['vllm', 'sglang', 'tensorrt-llm', 'llama.cpp', 'ollama'])
        assert.ok(
          engines.some((i) => labelOf(i) === e),
          `engine ${e} missing`,
        );
      assert.match(engines.find((i) => labelOf(i) === 'vllm')?.detail ?? '', /vLLM/);
    });
  });
});
