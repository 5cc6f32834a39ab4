/**
 * Hostile manifests: any command line, env or limit gives findings with ranges inside the text,
 * never an exception; shell quoting, continuations and Compose `KEY=value` env land on the value.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateText } from '../../../../src/core/placements';
import { FIXTURES } from '../../support/helpers';

const pod = (args: string, env: string, gpus: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {llm-sizing/hardware: l40s-48gb}\nspec:\n  containers:\n    - name: vllm\n      image: vllm/vllm-openai:v0.10.1\n      env: [{name: A, value: ${JSON.stringify(env)}}]\n      command: ["/bin/sh", "-c", ${JSON.stringify(args)}]\n      resources: {limits: {nvidia.com/gpu: ${JSON.stringify(gpus)}}}\n`;

describe('manifests: hostile input', () => {
  it('arbitrary scripts, env values and limits never throw; every range is inside the text', () => {
    const word = fc.oneof(
      fc.constantFrom(
        'vllm',
        'serve',
        'meta-llama/Llama-3.1-8B-Instruct',
        '--max-model-len',
        '-tp',
        '--tensor-parallel-size=',
        '$(A)',
        '${A:-3}',
        '"',
        "'",
        '\\\n',
        '&&',
        ';',
        '|',
        '#',
        '=',
        '0',
        '-1',
        '1e309',
        'NaN',
      ),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 30 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 6 }),
        (words, env, gpus) => {
          const text = pod(['vllm serve', ...words].join(' '), env, gpus);
          const r = evaluateText(text, { curve: false });
          for (const f of r.findings)
            assert.ok(
              f.range.start >= 0 && f.range.end <= text.length && f.range.start <= f.range.end,
              JSON.stringify(f),
            );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('quotes and line continuations in sh -c; Compose list env located on the value', () => {
    const text = `services:\n  s:\n    image: vllm/vllm-openai:v0.10.1\n    entrypoint: ["sh", "-c"]\n    command:\n      - |\n        vllm serve 'meta-llama/Llama-3.1-8B-Instruct' \\\n        --max-model-len "$LEN"\n    environment:\n      - LEN=65536\n    x-llm-sizing: {hardware: l40s-48gb}\n    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]}}}\n`;
    const r = evaluateText(text, { curve: false });
    const c = r.workloads[0]!.containers[0]!;
    assert.equal(c.placement.model.model?.id, 'llama-3.1-8b');
    assert.equal(c.placement.maxModelLen?.value, 65536);
    const range = c.placement.maxModelLen!.range!;
    assert.equal(text.slice(range.start, range.end), '65536');
  });

  it('the corpus files (issue 18) with any line dropped or any scalar replaced never throw; every range stays inside the text', () => {
    const dir = join(FIXTURES, 'manifests', 'corpus');
    const texts = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    const junk = fc.constantFrom(
      '',
      '0',
      '-1',
      '1e309',
      'auto',
      '{{ .Values.x }}',
      '"',
      '|',
      '[',
      'null',
      '$((1/0))',
      '$(($((',
      'hf://',
    );
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.nat(400), junk, fc.boolean(), (which, lineNo, value, drop) => {
        const lines = texts[which]!.split('\n');
        const i = lineNo % lines.length;
        if (drop) lines.splice(i, 1);
        else lines[i] = lines[i]!.replace(/:\s+\S.*$/, `: ${value}`);
        const text = lines.join('\n');
        const result = evaluateText(text, { curve: false });
        for (const f of result.findings)
          assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, f.code);
      }),
      { numRuns: 300, seed: 18 },
    );
  });
});
