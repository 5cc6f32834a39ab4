/**
 * Property tests over the three places hostile input enters:
 *  (a) the estimator, for any valid request built from catalog ids;
 *  (b) `evaluateText` on random mutations of the shipped examples (in the sandbox worker, so a
 *      hang is a bounded failure);
 *  (c) the webview → host protocol, and the real comparison panel fed random messages.
 * Every property runs with a fixed seed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { catalog } from '../../../src/core/catalog';
import {
  estimate,
  latencyCurve,
  maxRateMeetingSlo,
  resolveRequest,
  type ResolveInput,
} from '../../../src/core/estimate';
import type { Banded } from '../../../src/core/estimate/types';
import {
  CopyMarkdownMessageSchema,
  parseRestoredState,
  parseWebviewMessage,
  ReadyMessageSchema,
  RevealMessageSchema,
  SelectMessageSchema,
  WebviewToHostMessageSchema,
} from '../../../src/protocol/webview';
import { ComparisonPanel } from '../../../src/extension/comparison/panel';
import { installFakeVscode, recorded, type FakePanel, keepRecordedAsFound } from '../support/fakeVscode';
import { loadUpdate } from '../support/comparisonUpdate';
import { ROOT } from './corpus';
import { isFailure, Sandbox, type CoreResult } from './sandbox';
import { fieldOf, numbersIn } from './walk';

// ---------------------------------------------------------------- (a) the estimator

/** Every Banded object inside a value, with its path. */
function bandeds(x: unknown, path = '$', out: Array<[string, Banded]> = []): Array<[string, Banded]> {
  if (Array.isArray(x)) x.forEach((v, i) => bandeds(v, `${path}[${i}]`, out));
  else if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o.value === 'number' && typeof o.low === 'number' && typeof o.high === 'number')
      out.push([path, o as unknown as Banded]);
    for (const [k, v] of Object.entries(o)) bandeds(v, `${path}.${k}`, out);
  }
  return out;
}

const pick = <T>(list: readonly T[], n: number | null): T | undefined =>
  n === null || list.length === 0 ? undefined : list[n % list.length];

/** A request from catalog ids: any model × hardware × engine × a weight/KV format the engine lists × split × workload. */
const arbResolveInput = fc
  .record({
    model: fc.constantFrom(...catalog.models.ids),
    hardware: fc.constantFrom(...catalog.hardware.ids),
    engine: fc.constantFrom(...catalog.engines.ids),
    weights: fc.option(fc.nat(), { nil: null }),
    kvCache: fc.option(fc.nat(), { nil: null }),
    memoryConfig: fc.option(fc.nat(), { nil: null }),
    gpus: fc.constantFrom(1, 2, 3, 4, 6, 8, 16),
    tensor: fc.option(fc.constantFrom(1, 2, 4, 8), { nil: null }),
    pipeline: fc.option(fc.constantFrom(1, 2, 4), { nil: null }),
    expert: fc.option(fc.constantFrom(1, 2, 4, 8), { nil: null }),
    inputTokens: fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: 0, max: 1_000_000 })),
    outputTokens: fc.oneof(fc.integer({ min: 1, max: 1024 }), fc.integer({ min: 1, max: 100_000 })),
    load: fc.oneof(
      fc.integer({ min: 1, max: 4096 }).map((c) => ({ concurrency: c })),
      fc.constant({ concurrency: 'max' as const }),
      fc.double({ min: 1e-6, max: 1e5, noNaN: true, noDefaultInfinity: true }).map((r) => ({ requestsPerSecond: r })),
    ),
  })
  .map((a): ResolveInput => {
    const engine = catalog.engines.get(a.engine)!;
    const hardware = catalog.hardware.get(a.hardware)!;
    const weights = pick(engine.weightFormats, a.weights);
    const kvCache = pick(engine.kvFormats, a.kvCache);
    const memoryGB = pick(hardware.memoryConfigsGB ?? [], a.memoryConfig);
    return {
      model: a.model,
      hardware: a.hardware,
      engine: a.engine,
      gpus: a.gpus,
      ...(weights ? { weights } : {}),
      ...(kvCache ? { kvCache } : {}),
      ...(memoryGB !== undefined ? { memoryGB } : {}),
      parallelism: {
        ...(a.tensor !== null ? { tensor: a.tensor } : {}),
        ...(a.pipeline !== null ? { pipeline: a.pipeline } : {}),
        ...(a.expert !== null ? { expert: a.expert } : {}),
      },
      workload: { inputTokens: a.inputTokens, outputTokens: a.outputTokens, ...a.load },
    };
  });

const arbSlo = fc.record({
  ttftMs: fc.option(fc.double({ min: 1, max: 1e6, noNaN: true }), { nil: undefined }),
  tpotMs: fc.option(fc.double({ min: 0.1, max: 1e4, noNaN: true }), { nil: undefined }),
  percentile: fc.double({ min: 50, max: 99.99, noNaN: true }),
});

describe('properties: the estimator on any valid catalog request', () => {
  it('every number is finite and non-negative; every band has low ≤ value ≤ high; curves and goodput too', () => {
    let resolved = 0;
    fc.assert(
      fc.property(
        arbResolveInput,
        arbSlo,
        fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 1, maxLength: 6 }),
        (input, slo, rateFactors) => {
          const r = resolveRequest(input);
          if (!r.ok) return; // a combination the catalog rejects (unsupported format, split beyond the GPUs, …)
          resolved++;
          const result = estimate(r.request);
          for (const [path, v] of numbersIn(result))
            assert.ok(Number.isFinite(v) && v >= 0, `${path} = ${v} for ${JSON.stringify(input)}`);
          const bands = bandeds(result);
          assert.ok(bands.length >= 15, 'the result carries its bands');
          for (const [path, b] of bands)
            assert.ok(
              b.low <= b.value && b.value <= b.high,
              `${path}: ${JSON.stringify(b)} for ${JSON.stringify(input)}`,
            );
          const max = result.throughput.maxRequestsPerSecond.value;
          const rates = rateFactors.map((f) => f * Math.max(max, 1e-3));
          for (const [path, v] of numbersIn(latencyCurve(r.request, rates), '$curve'))
            assert.ok(Number.isFinite(v) && v >= 0, `${path} = ${v} for ${JSON.stringify(input)}`);
          const goodput = maxRateMeetingSlo(r.request, slo);
          assert.ok(
            Number.isFinite(goodput) && goodput >= 0,
            `goodput ${goodput} for ${JSON.stringify(input)} ${JSON.stringify(slo)}`,
          );
        },
      ),
      { seed: 42, numRuns: 1500 },
    );
    assert.ok(resolved >= 300, `only ${resolved} of the generated requests resolved`);
  });
});

// ---------------------------------------------------------------- (b) evaluateText on mutated examples

const EXAMPLES = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(ROOT, 'examples', f), 'utf8') }));
/** A number written as a value (`key: 12`, `[1, 2]`, `{a: 0.5}`), comments excluded. */
const NUMBER_TOKEN = /(?<=[:[,]\s*)-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?=\s*(?:[,}\]\n]|#|$))/g;
const ID_TOKEN = /(?<=\b(?:hardware|id|engine|weights|kvCache):\s*)[A-Za-z0-9._-]+/g;
const ALL_IDS = [...catalog.models.ids, ...catalog.hardware.ids, ...catalog.engines.ids, ...catalog.formats.ids];

type Mutation =
  | { op: 'number'; at: number; value: string }
  | { op: 'id'; at: number; id: string }
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'insert'; at: number; text: string };

function applyMutation(text: string, m: Mutation): string {
  const replaceNth = (re: RegExp, n: number, by: string) => {
    const all = [...text.matchAll(re)];
    if (!all.length) return text;
    const hit = all[n % all.length]!;
    return text.slice(0, hit.index) + by + text.slice(hit.index! + hit[0].length);
  };
  const lines = text.split('\n');
  switch (m.op) {
    case 'number':
      return replaceNth(NUMBER_TOKEN, m.at, m.value);
    case 'id':
      return replaceNth(ID_TOKEN, m.at, m.id);
    case 'deleteLine':
      lines.splice(m.at % lines.length, 1);
      return lines.join('\n');
    case 'duplicateLine': {
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    case 'insert': {
      const i = m.at % (text.length + 1);
      return text.slice(0, i) + m.text + text.slice(i);
    }
  }
}

/** Ordinary magnitudes: what a person might type, typos included. */
const ordinaryNumber = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '2',
    '3',
    '0.5',
    '0.9',
    '0.0001',
    '1.5',
    '90',
    '100',
    '1000',
    '65536',
    '1000000',
    '-1',
    '0.0',
  ),
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
  fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true }).map((x) => String(Number(x.toPrecision(4)))),
);
/** Extreme magnitudes: still valid YAML numbers, many still valid deployment values. */
const extremeNumber = fc.constantFrom(
  '1e15',
  '1e16',
  '99999999999999999999',
  '1e100',
  '1e300',
  '1.7976931348623157e308',
  '1e-12',
  '1e-100',
  '1e-300',
  '5e-324',
  '9007199254740993',
);

function arbMutations(numbers: fc.Arbitrary<string>): fc.Arbitrary<{ example: number; mutations: Mutation[] }> {
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('number' as const), at: fc.nat(), value: numbers }) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('id' as const), at: fc.nat(), id: fc.constantFrom(...ALL_IDS) }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteLine' as const), at: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.oneof(
          fc.string({ maxLength: 8 }),
          fc.constantFrom('\n', ': ', '- ', '[', '{', '&a ', '*a', '---\n', '\t', '\r\n', '\uFEFF', '\u0000'),
        ),
      }),
    },
  );
  return fc.record({
    example: fc.nat({ max: EXAMPLES.length - 1 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  });
}

describe('properties: evaluateText on mutated examples (in the sandbox)', function () {
  this.timeout(120_000);
  const sandbox = new Sandbox();
  /** One evaluation must finish in this time (the examples evaluate in tens of milliseconds). */
  const EVALUATION_LIMIT_MS = 5_000;
  const stats = { runs: 0, estimated: 0 };

  before(async function () {
    this.timeout(60_000);
    assert.ok(EXAMPLES.length >= 4);
    assert.equal((await sandbox.run({ kind: 'ping' }, 60_000)).kind, 'ping');
  });
  after(() => sandbox.close());

  async function check(example: number, mutations: Mutation[]): Promise<void> {
    const text = mutations.reduce(applyMutation, EXAMPLES[example]!.text);
    const r = await sandbox.run({ kind: 'core', text, force: true }, EVALUATION_LIMIT_MS + 5_000);
    const what = `${EXAMPLES[example]!.name} with ${JSON.stringify(mutations)}`;
    if (isFailure(r)) assert.fail(`${what}: ${r.kind} after ${Math.round(r.ms)} ms (${r.detail})`);
    const c = r as CoreResult;
    stats.runs++;
    if (c.estimatedPlacements > 0) stats.estimated++;
    assert.equal(c.validateThrew, undefined, `${what}: validateText threw ${c.validateThrew}`);
    assert.equal(c.evaluateThrew, undefined, `${what}: evaluateText threw ${c.evaluateThrew}`);
    assert.ok(c.ms < EVALUATION_LIMIT_MS, `${what}: ${Math.round(c.ms)} ms`);
    // schemas/report.schema.json and src/core/report/types.ts document no field as Infinity or NaN.
    assert.deepEqual(
      [...new Set(c.nonFinite.map(fieldOf))],
      [],
      `${what}: non-finite report numbers: ${c.nonFinite.slice(0, 4).join('; ')}`,
    );
  }

  it('ordinary values: never throws, every report number finite', async () => {
    await fc.assert(
      fc.asyncProperty(arbMutations(ordinaryNumber), ({ example, mutations }) => check(example, mutations)),
      { seed: 42, numRuns: 300, endOnFailure: true },
    );
    assert.ok(
      stats.estimated >= stats.runs / 3,
      `only ${stats.estimated} of ${stats.runs} mutated files were estimated`,
    );
  });

  it('extreme magnitudes (1e-300 … 1e308): never throws, never hangs, every report number finite', async () => {
    await fc.assert(
      fc.asyncProperty(arbMutations(extremeNumber), ({ example, mutations }) => check(example, mutations)),
      { seed: 42, numRuns: 150, endOnFailure: true },
    );
  });
});

// ---------------------------------------------------------------- (c) the webview protocol

/** What a well-formed message is, written independently of the zod schemas. */
function wellFormed(x: unknown): boolean {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  if (proto !== Object.prototype && proto !== null) return false;
  const o = x as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  const name = (v: unknown) => typeof v === 'string' && v.length >= 1 && v.length <= 1000;
  switch (o.type) {
    case 'ready':
      return keys === 'type';
    case 'reveal':
    case 'select':
      return keys === 'deployment,placement,type' && name(o.deployment) && name(o.placement);
    case 'copyMarkdown':
      return (
        keys === 'markdown,type' &&
        typeof o.markdown === 'string' &&
        o.markdown.length >= 1 &&
        o.markdown.length <= 2_000_000
      );
    default:
      return false;
  }
}

const arbName = fc.string({ minLength: 1, maxLength: 40 });
const arbWellFormed = fc.oneof(
  fc.constant({ type: 'ready' }),
  fc.record({ type: fc.constantFrom('reveal', 'select'), deployment: arbName, placement: arbName }),
  fc.record({ type: fc.constant('copyMarkdown'), markdown: fc.string({ minLength: 1, maxLength: 200 }) }),
);
/** Anything at all, including the odd objects a structured clone can carry. */
const arbAnything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  maxDepth: 4,
});
/** Almost a message: a well-formed one with one key added, removed or given a wrong value. */
const arbNearMiss = fc
  .tuple(
    arbWellFormed,
    fc.nat(),
    fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(''), fc.constant('x'.repeat(1001)), fc.object()),
  )
  .map(([m, n, v]) => {
    const o: Record<string, unknown> = { ...m };
    const keys = Object.keys(o);
    switch (n % 3) {
      case 0:
        o[`extra${n}`] = v;
        break;
      case 1:
        delete o[keys[n % keys.length]!];
        break;
      default:
        o[keys[n % keys.length]!] = v;
    }
    return o;
  });

describe('properties: the webview → host protocol', () => {
  it('random values never make the host-side validation throw; only well-formed messages pass, unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(arbAnything, arbWellFormed, arbNearMiss), (raw) => {
        const parsed = parseWebviewMessage(raw);
        if (wellFormed(raw)) assert.deepEqual({ ...parsed }, { ...(raw as object) });
        else assert.equal(parsed, undefined, `accepted ${fc.stringify(raw).slice(0, 200)}`);
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  it('every schema the protocol exports is total on random input (safeParse never throws)', () => {
    const schemas = [
      WebviewToHostMessageSchema,
      ReadyMessageSchema,
      RevealMessageSchema,
      CopyMarkdownMessageSchema,
      SelectMessageSchema,
    ];
    fc.assert(
      fc.property(arbAnything, (raw) => {
        for (const s of schemas) s.safeParse(raw);
      }),
      { seed: 7, numRuns: 1000 },
    );
  });

  it('JSON with __proto__ / constructor keys is rejected and pollutes nothing', () => {
    for (const json of [
      '{"type":"ready","__proto__":{"polluted":true}}',
      '{"type":"reveal","deployment":"a","placement":"b","constructor":{"prototype":{"polluted":true}}}',
      '{"__proto__":{"type":"ready"}}',
    ]) {
      assert.equal(parseWebviewMessage(JSON.parse(json)), undefined, json);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('a restored state is read leniently but never throws, and its URI is always a bounded string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          arbAnything,
          fc.record({
            version: fc.constantFrom(1, 2, '1'),
            last: fc.oneof(
              arbAnything,
              fc.record({ file: fc.record({ uri: fc.oneof(fc.string(), arbAnything), path: fc.string() }) }),
            ),
          }),
        ),
        (raw) => {
          const state = parseRestoredState(raw);
          if (state === undefined) return;
          assert.equal(state.version, 1);
          if (state.last) assert.ok(typeof state.last.file.uri === 'string' && state.last.file.uri.length <= 10_000);
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });

  describe('the real comparison panel (fake vscode) fed random messages', () => {
    const vscode = installFakeVscode();
    const update = loadUpdate();
    const uri = vscode.Uri.parse('file:///work/project/deploy/assistant.deploy.yaml');
    const known = new Set(update.deployments.flatMap((d) => d.placements.map((p) => `${d.name}\u0000${p.name}`)));
    const flush = () => new Promise((r) => setImmediate(r));
    keepRecordedAsFound();

    it('never throws or rejects; reveals and selects only placements it was given; copies only what copyMarkdown carries', async () => {
      const reveals: string[] = [];
      const selects: string[] = [];
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown) => void rejections.push(reason);
      process.on('unhandledRejection', onRejection);
      const panel = new ComparisonPanel({
        extensionUri: vscode.Uri.parse('file:///ext') as never,
        reveal: (_u, d, p) => void reveals.push(`${d}\u0000${p}`),
        onSelect: (_u, ref) => void selects.push(`${ref.deployment}\u0000${ref.placement}`),
      });
      try {
        panel.show(update.deployments, uri as never);
        const fake = recorded.panels.at(-1) as FakePanel;
        const knownRef = fc.constantFrom(...[...known].map((k) => k.split('\u0000') as [string, string]));
        const arbMessage = fc.oneof(
          arbAnything,
          arbNearMiss,
          arbWellFormed,
          fc
            .record({ type: fc.constantFrom('reveal', 'select'), ref: knownRef })
            .map(({ type, ref }) => ({ type, deployment: ref[0], placement: ref[1] })),
        );
        await fc.assert(
          fc.asyncProperty(fc.array(arbMessage, { minLength: 1, maxLength: 20 }), async (messages) => {
            reveals.length = 0;
            selects.length = 0;
            const clipboardBefore = recorded.clipboard.length;
            const expectedCopies: string[] = [];
            for (const m of messages) {
              assert.doesNotThrow(() => fake.receive.fire(m));
              if (wellFormed(m) && (m as { type: string }).type === 'copyMarkdown')
                expectedCopies.push((m as { markdown: string }).markdown);
            }
            await flush();
            await flush();
            for (const r of [...reveals, ...selects])
              assert.ok(known.has(r), `acted on an unknown placement ${JSON.stringify(r)}`);
            assert.deepEqual(recorded.clipboard.slice(clipboardBefore), expectedCopies);
          }),
          { seed: 42, numRuns: 300 },
        );
        assert.deepEqual(rejections, []);
      } finally {
        process.off('unhandledRejection', onRejection);
        panel.dispose();
      }
    });

    it('the panel never enables command links or forms in its webview, and loads resources from dist/webview only', () => {
      const panel = new ComparisonPanel({
        extensionUri: vscode.Uri.parse('file:///ext') as never,
        reveal: () => undefined,
      });
      try {
        panel.show(update.deployments, uri as never);
        const options = (recorded.panels.at(-1) as FakePanel).webview.options as Record<string, unknown>;
        assert.equal(options.enableCommandUris, undefined);
        assert.strictEqual(options.enableForms, false, 'forms explicitly off, not merely unset');
        assert.deepEqual((options.localResourceRoots as unknown[]).map(String), ['file:///ext/dist/webview']);
      } finally {
        panel.dispose();
      }
    });
  });
});
