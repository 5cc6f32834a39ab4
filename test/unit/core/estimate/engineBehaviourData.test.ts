/**
 * Two engine behaviours are catalog data, not branches on an engine id (engines.json):
 * - `kvAdmission`: which engine option picks when a request is admitted — once KV blocks for its
 *   whole length are reserved (TensorRT-LLM's GUARANTEED_NO_EVICT and STATIC_BATCH), or on the
 *   blocks in use (MAX_UTILIZATION; vLLM and SGLang, which have no such entry);
 * - `defaultKvByWeights`: the KV cache a checkpoint's weights bring (TensorRT-LLM: FP8 on ModelOpt
 *   FP8/NVFP4 checkpoints, except MLA models).
 * Editing an entry changes what a user sees (batch, throughput, assumptions, KV format, findings),
 * and a malformed entry is reported by the catalog check (`npm run generate`, the unit suite).
 */
import assert from 'node:assert/strict';
import { catalog, catalogSection, type Catalog } from '../../../../src/core/catalog';
import { checkCatalogData } from '../../../../src/core/catalog/check';
import { describeEngine } from '../../../../src/core/catalog/describe';
import type { EngineEntry } from '../../../../src/core/catalog/types';
import { buildModel, estimate, resolveRequest, type ResolveInput } from '../../../../src/core/estimate';
import type { EstimateRequest } from '../../../../src/core/estimate/types';
import { validateText } from '../../../../src/core/validate';
import { readCatalogFiles } from '../../../../scripts/generators/catalogData';
import { ROOT } from '../../support/helpers';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** The shipped catalog with vLLM's entry patched (and TensorRT-LLM's, when `trt` is given). */
function catalogWith(vllm: Partial<EngineEntry>, trt: Partial<EngineEntry> = {}): Catalog {
  const engines = catalog.engines.entries.map((e) =>
    e.id === 'vllm' ? { ...e, ...vllm } : e.id === 'tensorrt-llm' ? { ...e, ...trt } : e,
  );
  return { ...catalog, engines: catalogSection(engines) };
}

/** Llama-3.3-70B FP8 on one H200 at 128 in / 2,048 out, saturated (KV-bound). */
function resolved(cat: Catalog, over: Partial<ResolveInput> = {}): EstimateRequest {
  const r = resolveRequest(
    {
      model: 'llama-3.3-70b',
      weights: 'fp8',
      hardware: 'h200-sxm-141gb',
      engine: 'vllm',
      gpus: 1,
      kvCache: 'fp8',
      workload: { inputTokens: 128, outputTokens: 2048, concurrency: 4096 },
      ...over,
    } as ResolveInput,
    cat,
  );
  if (!r.ok) throw new Error(r.error);
  return r.request;
}

/** A scheduler option for vLLM that no real vLLM has: only the data can make it matter. */
const vllmScheduler: Partial<EngineEntry> = {
  options: [...(catalog.engines.get('vllm')?.options ?? []), 'schedulingPolicy'],
  kvAdmission: {
    option: 'schedulingPolicy',
    label: 'admission scheduler',
    default: 'RESERVE',
    values: { RESERVE: 'reserve-full-length', GREEDY: 'blocks-in-use' },
  },
};

describe('engine behaviours read from the catalog entry', () => {
  it('kvAdmission decides the batch: an entry that reserves to completion holds vLLM to the sequences that fit at full length; its option lifts that', () => {
    const plain = buildModel(resolved(catalog));
    const cat = catalogWith(vllmScheduler);
    const reserving = buildModel(resolved(cat));
    const greedy = buildModel(resolved(cat, { engineOptions: { schedulingPolicy: 'greedy' } }));
    assert.equal(reserving.mem.maxSequences, plain.mem.maxSequences);
    assert.equal(reserving.serving.maxBatch, reserving.mem.maxSequences);
    // (I + O) / (I + O/2) = 2,176 / 1,152 more sequences when admitted on the blocks in use.
    assert.equal(plain.serving.maxBatch, Math.floor(plain.mem.maxSequences * (2176 / 1152)));
    assert.equal(greedy.serving.maxBatch, plain.serving.maxBatch);
  });

  it("the assumption names the engine's label and the policy in effect, default or chosen", () => {
    const cat = catalogWith(vllmScheduler);
    const said = (req: EstimateRequest) => estimate(req).assumptions.find((a) => a.startsWith('mean context'));
    assert.match(
      said(resolved(cat)) ?? '',
      /vLLM admits a request once KV blocks for its whole length, prompt \+ output, are reserved: its default admission scheduler RESERVE; engineOptions\.schedulingPolicy: GREEDY admits on the blocks in use/,
    );
    assert.match(
      said(resolved(cat, { engineOptions: { schedulingPolicy: 'reserve' } })) ?? '',
      /admission scheduler RESERVE, set by engineOptions\.schedulingPolicy; GREEDY admits on the blocks in use/,
    );
    assert.match(
      said(resolved(cat, { engineOptions: { schedulingPolicy: 'GREEDY' } })) ?? '',
      /paged KV holds sequences at their mean in-flight length/,
    );
  });

  it('"Explain Estimate" gives the max batch the same admission rule as the assumption (it once said TensorRT-LLM whatever the engine)', () => {
    const cat = catalogWith(vllmScheduler);
    const source = (req: EstimateRequest) =>
      estimate(req)
        .explain.find((e) => e.quantity === 'Output throughput')
        ?.constants.find((c) => c.name === 'max batch')?.source ?? '';
    assert.match(
      source(resolved(cat)),
      /vLLM admits a request once KV blocks for its whole length.*its default admission scheduler RESERVE/,
    );
    assert.doesNotMatch(source(resolved(cat)), /TensorRT-LLM/);
    assert.match(source(resolved(catalog)), /paged KV holds sequences at their mean in-flight length/);
    assert.match(
      source(
        resolved(catalog, { engine: 'tensorrt-llm', engineOptions: { capacitySchedulerPolicy: 'MAX_UTILIZATION' } }),
      ),
      /paged KV holds sequences at their mean in-flight length/,
    );
    assert.match(
      source(resolved(catalog, { engine: 'tensorrt-llm' })),
      /its default capacity scheduler GUARANTEED_NO_EVICT/,
    );
    assert.match(
      source(resolved(catalog, { model: 'llama-3.1-8b', weights: 'q4_k_m', engine: 'llama.cpp', kvCache: undefined })),
      /each slot reserves its whole context/,
    );
  });

  it('TensorRT-LLM without its kvAdmission entry admits on the blocks in use, as vLLM does', () => {
    const trt = { engine: 'tensorrt-llm' } as const;
    const shipped = buildModel(resolved(catalog, trt));
    const without = buildModel(resolved(catalogWith({}, { kvAdmission: undefined }), trt));
    assert.equal(shipped.serving.maxBatch, shipped.mem.maxSequences);
    assert.equal(without.serving.maxBatch, Math.floor(without.mem.maxSequences * (2176 / 1152)));
  });

  it('validation takes the option values from the entry (LLMS012 lists them)', () => {
    const cat = catalogWith(vllmScheduler);
    const deployment = (policy: string) =>
      [
        'apiVersion: llm-sizing/v1',
        'kind: Deployment',
        'name: chat',
        'model: {id: llama-3.3-70b, weights: fp8}',
        'workload: {inputTokens: 128, outputTokens: 2048, peakRequestsPerSecond: 1}',
        'placements:',
        '  - name: dc',
        '    type: on-prem',
        '    hardware: h200-sxm-141gb',
        '    gpus: 1',
        '    engine: vllm',
        `    engineOptions: {schedulingPolicy: ${policy}}`,
        '',
      ].join('\n');
    const llms012 = (policy: string) =>
      validateText(deployment(policy), { catalog: cat }).findings.filter((f) => f.code === 'LLMS012');
    assert.deepEqual(llms012('greedy'), []);
    const bad = llms012('FIFO');
    assert.equal(bad.length, 1);
    assert.equal(
      bad[0]!.message,
      "`schedulingPolicy` is vLLM's admission scheduler policy: one of RESERVE, GREEDY, got FIFO.",
    );
  });

  it('defaultKvByWeights sets the KV cache for the weights it names, and exceptMla keeps MLA models at defaultKv', () => {
    const cat = catalogWith({ defaultKvByWeights: { weights: { fp8: 'fp8' }, exceptMla: true } });
    const kv = (c: Catalog, over: Partial<ResolveInput>) => resolved(c, { kvCache: undefined, ...over }).kvCache.id;
    assert.equal(kv(catalog, {}), 'bf16');
    assert.equal(kv(cat, {}), 'fp8');
    assert.equal(kv(cat, { weights: 'bf16', gpus: 2, parallelism: { tensor: 2 } }), 'bf16');
    const deepseek = { model: 'deepseek-r1', gpus: 8, parallelism: { tensor: 8 } } as const;
    assert.equal(kv(cat, deepseek), 'bf16');
    const mlaToo = catalogWith({ defaultKvByWeights: { weights: { fp8: 'fp8' }, exceptMla: false } });
    assert.equal(kv(mlaToo, deepseek), 'fp8');
    // TensorRT-LLM without the entry falls back to its defaultKv.
    assert.equal(kv(catalogWith({}, { defaultKvByWeights: undefined }), { engine: 'tensorrt-llm' }), 'bf16');
  });
});

describe('the catalog check on the engine behaviour fields', () => {
  const { files } = readCatalogFiles(ROOT);
  /** The problems once TensorRT-LLM's entry is edited by `edit`. */
  const problemsAfter = (edit: (trt: Record<string, unknown>) => void): string[] => {
    const broken = clone(files);
    const engines = broken['engines.json'] as { entries: Array<Record<string, unknown>> };
    edit(engines.entries.find((e) => e['id'] === 'tensorrt-llm')!);
    return checkCatalogData(broken);
  };
  const admission = (trt: Record<string, unknown>) => trt['kvAdmission'] as Record<string, unknown>;

  it('accepts the shipped entries', () => {
    assert.deepEqual(checkCatalogData(files), []);
  });

  it('rejects a rule that is not one of the two, and a default that is not among the values', () => {
    const badRule = problemsAfter((trt) => {
      (admission(trt)['values'] as Record<string, string>)['MAX_UTILIZATION'] = 'evict';
    });
    assert.equal(badRule.length, 1, badRule.join('\n'));
    assert.match(
      badRule[0]!,
      /^engines\.json: entries\[\d+\] \(tensorrt-llm\)\.kvAdmission\.values\.MAX_UTILIZATION: /,
    );
    const badDefault = problemsAfter((trt) => {
      admission(trt)['default'] = 'FIFO';
    });
    assert.deepEqual(
      badDefault.map((p) => p.replace(/entries\[\d+\]/, 'entries[i]')),
      ['engines.json: entries[i] (tensorrt-llm).kvAdmission.default: `default` must be one of the keys of `values`'],
    );
  });

  it('rejects a misspelt or missing field, and an empty weights table', () => {
    const misspelt = problemsAfter((trt) => {
      admission(trt)['defualt'] = admission(trt)['default'];
    });
    assert.ok(
      misspelt.some((p) => /kvAdmission: Unrecognized key: "defualt"/.test(p)),
      misspelt.join('\n'),
    );
    const noFlag = problemsAfter((trt) => {
      delete (trt['defaultKvByWeights'] as Record<string, unknown>)['exceptMla'];
    });
    assert.ok(
      noFlag.some((p) => /defaultKvByWeights\.exceptMla: /.test(p)),
      noFlag.join('\n'),
    );
    const empty = problemsAfter((trt) => {
      (trt['defaultKvByWeights'] as Record<string, unknown>)['weights'] = {};
    });
    assert.ok(
      empty.some((p) => /defaultKvByWeights\.weights: name at least one weight format/.test(p)),
      empty.join('\n'),
    );
  });

  it('rejects an option the engine does not list and formats it does not have', () => {
    const problems = problemsAfter((trt) => {
      admission(trt)['option'] = 'schedulerPolicy';
      (trt['defaultKvByWeights'] as { weights: Record<string, string> }).weights = { q4_k_m: 'fp8', fp8: 'q8_0' };
    });
    assert.deepEqual(problems.sort(), [
      "engines.json: tensorrt-llm.defaultKvByWeights: 'q4_k_m' is not in its weightFormats",
      "engines.json: tensorrt-llm.defaultKvByWeights: 'q8_0' is not in its kvFormats",
      "engines.json: tensorrt-llm.kvAdmission: option 'schedulerPolicy' is not in its options",
    ]);
  });
});

describe('the engine hover shows the behaviours its entry declares', () => {
  it("SGLang's default P/D connector (Mooncake) and TensorRT-LLM's admission policy; vLLM declares neither", () => {
    const hover = (id: string) => describeEngine(catalog.engines.get(id)!);
    assert.match(hover('sglang'), /\| P\/D KV connector \| mooncake when a disaggregated placement names none \|/);
    assert.match(hover('tensorrt-llm'), /\| KV admission \| `capacitySchedulerPolicy`/);
    assert.doesNotMatch(hover('vllm'), /P\/D KV connector|KV admission/);
  });
});
