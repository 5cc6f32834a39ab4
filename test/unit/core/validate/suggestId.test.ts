/**
 * Did-you-mean never offers a different product as a fix (issue 12 item 10).
 */
import assert from 'node:assert/strict';
import { suggestCatalogId } from '../../../../src/core/validate/suggestId';
import { validateText } from '../../../../src/core/validate';
import { deploymentYaml } from '../../support/placements';

const hardwareFinding = (hardware: string) =>
  validateText(
    deploymentYaml({
      model: 'id: llama-3.1-8b',
      workload: 'inputTokens: 10\noutputTokens: 10\npeakRequestsPerSecond: 1',
      placements: [`name: a\ntype: on-prem\nhardware: ${hardware}\ngpus: 1`],
    }),
  ).findings.find((f) => f.code === 'LLMS021')!;

describe('did-you-mean for catalog ids (issue 12 item 10)', () => {
  it('the issue\'s wrong fixes: another size or variant is "nearest", never a fix', () => {
    // The catalog as it was when the issue was filed: the asked-for products were absent.
    const entries = [{ id: 'qwen3-30b-a3b' }, { id: 'mixtral-8x7b' }, { id: 'h200-sxm-141gb', aliases: ['h200'] }];
    for (const input of ['qwen3-235b-a22b', 'mixtral-8x22b', 'h20']) {
      const s = suggestCatalogId(input, entries);
      assert.equal(s.typo, undefined, input);
      assert.equal(s.nearest.length, 1, `${input}: ${s.nearest.join()}`);
    }
  });

  it('near misses of the same product get a fix: through an alias, an abbreviation, a longer name', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['h100-80g', 'h100-sxm-80gb', 'h100-80gb'],
      ['a100-40g', 'a100-sxm-40gb', 'a100-40gb'],
      ['mac-studio-m3-ultra', 'apple-m3-ultra', 'm3-ultra'],
      ['h100-sxm-80g', 'h100-sxm-80gb', undefined],
    ];
    for (const [input, id, alias] of cases) {
      const f = hardwareFinding(input);
      assert.match(
        f.message,
        new RegExp(`Did you mean \`${id}\`${alias ? ` \\(alias \`${alias}\`\\)` : ''}\\?`),
        input,
      );
      assert.deepEqual(
        f.fixes?.map((x) => x.edits[0]!.newText),
        [id],
        `${input}: one fix, to the canonical id`,
      );
    }
  });

  it('two equally likely products (mi300 → mi300a or mi300x): no fix, both named; the catalog command is pointed to', () => {
    const f = hardwareFinding('mi300');
    assert.equal(f.fixes?.length ?? 0, 0);
    assert.match(f.message, /Not in the catalog; nearest: `mi300a-128gb`, `mi300x-192gb`/);
    assert.match(f.message, /Run `llm-sizing catalog hardware --search mi` to list the catalog\./);
  });

  it('a model of another size is never a fix: llama-3.1-7b', () => {
    const f = validateText(
      deploymentYaml({
        model: 'id: llama-3.1-7b',
        workload: 'inputTokens: 10\noutputTokens: 10\npeakRequestsPerSecond: 1',
        placements: ['name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1'],
      }),
    ).findings.find((x) => x.code === 'LLMS020')!;
    assert.equal(f.fixes?.length ?? 0, 0);
    assert.match(f.message, /nearest: .*`llama-3\.1-8b`.*\(different models\)/);
  });
});

describe('a model id that is a checkpoint repo of a catalog model (LLMS020)', () => {
  const modelFinding = (model: string) =>
    validateText(
      deploymentYaml({
        model,
        workload: 'inputTokens: 10\noutputTokens: 10\npeakRequestsPerSecond: 1',
        placements: ['name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1'],
      }),
    ).findings.filter((x) => x.code === 'LLMS020');

  it("names the catalog model and the checkpoint's weights; no fix while the file's weights differ", () => {
    const [f, ...more] = modelFinding('id: nvidia/Llama-3.3-70B-Instruct-FP8');
    assert.equal(more.length, 0, 'reported once');
    assert.equal(
      f!.message,
      "Unknown model id `nvidia/Llama-3.3-70B-Instruct-FP8`: it is a checkpoint of the catalog's `llama-3.3-70b` with fp8 weights. Write `id: llama-3.3-70b` and `weights: fp8`.",
    );
    assert.equal(f!.fixes?.length ?? 0, 0, 'replacing the id alone would estimate bf16 weights');
  });

  it('with the weights already written, the fix replaces the id with the catalog one', () => {
    const [f] = modelFinding('id: nvidia/Llama-3.3-70B-Instruct-FP8\nweights: fp8');
    assert.match(f!.message, /Write `id: llama-3\.3-70b`\.$/);
    assert.deepEqual(
      f!.fixes?.map((x) => x.edits[0]!.newText),
      ['llama-3.3-70b'],
    );
  });

  it("another publisher's copy without a quantization gets the fix; a different model is not one", () => {
    const [mirror] = modelFinding('id: unsloth/Meta-Llama-3.1-8B-Instruct');
    assert.deepEqual(
      mirror!.fixes?.map((x) => x.edits[0]!.newText),
      ['llama-3.1-8b'],
    );
    const [other] = modelFinding('id: moonshotai/Kimi-Linear-48B-A3B-Instruct');
    assert.doesNotMatch(other!.message, /checkpoint of/);
  });
});
