/**
 * Engines are data: engines.json is the one list of engine ids. Everything else that names them
 * is derived from it, or — package.json, which cannot import — checked against it here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog } from '../../../../src/core/catalog';
import { FAMILY_MODELS, familyModel } from '../../../../src/core/estimate/activations';
import { ENGINE_IDS } from '../../../../src/core/schema/deployment';
import { renderDeploymentJsonSchema } from '../../../../scripts/generators/jsonSchema';

const ids = catalog.engines.ids;

describe('engine ids come from engines.json', () => {
  it('package.json: the llmSizing.defaults.engine enum is null plus every engine id, in catalog order', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { enum?: unknown[] }> } };
    };
    assert.deepEqual(pkg.contributes.configuration.properties['llmSizing.defaults.engine']!.enum, [null, ...ids]);
  });

  it('the deployment schema lists every engine id (description and examples)', () => {
    assert.deepEqual([...ENGINE_IDS], [...ids]);
    const text = renderDeploymentJsonSchema();
    assert.ok(text.includes(`Serving engine: ${ids.join(' | ')}.`), 'the engine description names every id');
  });

  it('every engine names a family that has a memory model', () => {
    for (const e of catalog.engines.entries) {
      assert.ok(
        Object.hasOwn(FAMILY_MODELS, e.family),
        `${e.id}: family '${String(e.family)}' has no model in activations.ts`,
      );
      assert.equal(familyModel(e), FAMILY_MODELS[e.family]);
    }
  });

  it('an engine entry without a family gets the model its memory contract implies', () => {
    const { family: _family, ...ollama } = catalog.engines.get('ollama')!;
    assert.equal(familyModel(ollama as (typeof catalog.engines.entries)[number]), FAMILY_MODELS['llama.cpp']);
  });
});

describe('engine names as benchmarks write them', () => {
  it('the spellings of published cases and tools resolve to the catalog engine, case-insensitively', () => {
    const spelled: Array<[string, string]> = [
      ['TensorRT-LLM', 'tensorrt-llm'],
      ['trtllm', 'tensorrt-llm'],
      ['tensorrt_llm', 'tensorrt-llm'], // the Python package (`import tensorrt_llm`)
      ['llama-server', 'llama.cpp'],
      ['SGLang', 'sglang'],
      ['mlx_lm', 'mlx'],
      ['RTP-LLM', 'rtp-llm'],
      ['rtp_llm', 'rtp-llm'], // the Python package (`python -m rtp_llm.start_server`)
    ];
    for (const [name, id] of spelled) assert.equal(catalog.engines.get(name)?.id, id, name);
  });
});
