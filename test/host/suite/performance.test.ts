/**
 * Performance in the real VS Code host: activation time, the on-save estimate of an example, and
 * how validation and estimation grow with the number of deployments in a file, written to
 * out/perf-host.json for `npm run bench -- --write` (docs/performance.md). The bounds asserted
 * here are generous sanity limits, not the benchmark.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi, fixtureUri } from './helpers';

describe('Performance in the host', () => {
  it('activates quickly and estimates an example on save well under a frame budget per placement', async () => {
    const api = await extensionApi();
    assert.ok(api.activationMs > 0 && api.activationMs < 2_000, `activate() took ${api.activationMs} ms`);
    const document = await vscode.workspace.openTextDocument(fixtureUri('chat-assistant.deploy.yaml'));
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const estimate = api.estimates.estimate(document);
      assert.ok(estimate && estimate.documents.length === 1);
      runs.push(estimate.millis);
    }
    runs.sort((a, b) => a - b);
    const estimateMs = runs[2]!;
    assert.ok(estimateMs < 500, `estimate took ${estimateMs} ms`);
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const scaling = await growth(api, extensionPath);
    mkdirSync(join(extensionPath, 'out'), { recursive: true });
    writeFileSync(
      join(extensionPath, 'out', 'perf-host.json'),
      JSON.stringify({
        vscode: vscode.version,
        activationMs: api.activationMs,
        estimateChatAssistantMs: estimateMs,
        scaling,
        measuredAt: new Date().toISOString(),
      }),
    );
  });
});

const EXAMPLES = ['chat-assistant', 'rag-eu-residency', 'code-assistant-edge', 'nightly-batch'];

/**
 * Validation (what runs after a keystroke, diagnostics published) and estimation (on save) of
 * untitled files of 25, 50 and 100 deployments cycling through the examples: medians of 5 runs
 * after one warm-up run (the first runs pay for the JIT).
 */
async function growth(
  api: Awaited<ReturnType<typeof extensionApi>>,
  extensionPath: string,
): Promise<Array<{ deployments: number; validateMs: number; estimateMs: number }>> {
  const texts = EXAMPLES.map((name) => readFileSync(join(extensionPath, 'examples', `${name}.deploy.yaml`), 'utf8'));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const out: Array<{ deployments: number; validateMs: number; estimateMs: number }> = [];
  for (const count of [25, 50, 100]) {
    const content = Array.from({ length: count }, (_, i) =>
      texts[i % texts.length]!.replace(/^name: (.*)$/m, `name: $1-${i}`),
    ).join('\n---\n');
    const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
    const validate: number[] = [];
    const estimate: number[] = [];
    for (let run = 0; run < 6; run++) {
      const t0 = performance.now();
      const state = api.validator.validate(document);
      if (run > 0) validate.push(performance.now() - t0);
      assert.equal(state?.result.documents.filter((d) => d.deployment).length, count, 'every deployment is usable');
      const t1 = performance.now();
      const result = api.estimates.estimate(document);
      if (run > 0) estimate.push(performance.now() - t1);
      assert.equal(result?.documents.length, count, 'every deployment is estimated');
    }
    out.push({ deployments: count, validateMs: median(validate), estimateMs: median(estimate) });
  }
  return out;
}
