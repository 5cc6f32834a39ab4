/**
 * The hostile-file corpus: each entry writes one file (or makes a directory, or names nothing)
 * in a temporary directory at test time — the 10 MB and 20,000-deep files are never committed.
 * Small, readable reproducers also live in test/fixtures/hostile/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder up with examples/ (this file is also bundled into out/host/). */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'examples', 'chat-assistant.deploy.yaml'))) return dir;
    if (dirname(dir) === dir) throw new Error(`corpus: no repository root above ${from}`);
  }
}

export const ROOT = repositoryRoot(__dirname);
export const HOSTILE_FIXTURES = join(ROOT, 'test', 'fixtures', 'hostile');
/** A valid deployment with four placements (rate workload, SLOs, hybrid, edge, cloud). */
export const BASE = readFileSync(join(ROOT, 'examples', 'chat-assistant.deploy.yaml'), 'utf8');

/** What a file is, as far as the exit code goes. */
export type Validity =
  /** Validation errors (or unreadable): every command exits 2. */
  | 'invalid'
  /** No errors: validate/estimate/report/recommend exit 0, check 0 or 1. */
  | 'valid';

export interface CorpusEntry {
  name: string;
  /** Why it is hostile. */
  what: string;
  validity: Validity;
  /** Codes that must be among the error findings (located), when any. */
  codes?: string[];
  /** A message every command must print (stderr or stdout) instead of findings, e.g. unreadable files. */
  message?: RegExp;
  /** What the editor sees instead, when VS Code decodes the bytes itself (UTF-16 with a BOM is valid text there). */
  editor?: { validity: Validity; codes?: string[] };
  /** Creates the file (absent: the path must not exist). */
  make?: (path: string) => void;
  /** Valid but holds no deployment and no serving workload: `check` exits 2 ("nothing was checked"). */
  nothingToCheck?: boolean;
}

/** A deterministic byte generator (xorshift32): the same garbage on every run. */
function bytes(length: number, seed = 42): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  // Make sure the interesting bytes are there whatever the seed: NUL, a lone continuation byte,
  // an overlong encoding, a truncated 3-byte sequence, 0xFF.
  Buffer.from([0x00, 0x80, 0xc0, 0xaf, 0xe2, 0x82, 0xff, 0x00]).copy(out, Math.min(64, Math.max(0, length - 8)));
  return out;
}

/** The "billion laughs": ten levels of nine aliases each (9^10 nodes if expanded). */
function aliasBomb(): string {
  let text =
    'apiVersion: llm-sizing/v1\nkind: Deployment\nname: bomb\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 10; i++)
    text += `x${i}: &a${i} [${Array(9)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return text + BASE.slice(BASE.indexOf('\nmodel:') + 1);
}

/** One anchor used 10,000 times (wide rather than deep). */
function wideAliases(): string {
  return BASE.replace(
    'description:',
    `shared: &s {k: v}\nmany: [${Array(10_000).fill('*s').join(', ')}]\ndescription:`,
  );
}

const DEPTH = 20_000;

/** 20,000 nested flow sequences in a field of an otherwise valid deployment. */
function deepFlow(): string {
  return BASE.replace(/^description: .*$/m, `description: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`);
}

/** 20,000 nested block sequences (compact `- - - …` form: block nesting without quadratic indentation). */
function deepBlock(): string {
  return BASE.replace(/^description: .*$/m, `description:\n  ${'- '.repeat(DEPTH)}x`);
}

/** 20,000 nested flow mappings. */
function deepFlowMap(): string {
  return BASE.replace(/^description: .*$/m, `description: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`);
}

/**
 * Deep nesting after a quote character the nesting pre-scan must not take for an opening quote:
 * an inch mark in a plain value (block nesting after it), an apostrophe inside a flow sequence
 * (flow nesting in the same sequence), and a continuation line that starts with a quote it never
 * closes (the one the scan cannot tell apart: the parser's own stack limit must end in LLMS006).
 */
function deepAfterQuote(kind: 'inch-mark' | 'apostrophe-in-flow' | 'continuation'): string {
  const blockTail = `notes:\n  ${'- '.repeat(DEPTH)}x`;
  const replacement =
    kind === 'inch-mark'
      ? `description: 19" rack servers\n${blockTail}`
      : kind === 'apostrophe-in-flow'
        ? `description: x\ntags: [it's, ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}]`
        : `description: first line\n  "unclosed second line\n${blockTail}`;
  return BASE.replace(/^description: .*$/m, replacement);
}

/** ≥ 10,000,000 characters of otherwise valid YAML (whole deployment documents). */
function tenMegabytes(): string {
  const doc = `${BASE}---\n`;
  return doc.repeat(Math.ceil(10_000_000 / doc.length));
}

/** The numeric fields a value is written into, as [pattern in BASE, replacement with $V]. */
export const NUMERIC_FIELDS: Array<{ field: string; find: string; replace: string }> = [
  { field: 'workload.inputTokens', find: 'inputTokens: 1500 ', replace: 'inputTokens: $V ' },
  { field: 'workload.peakRequestsPerSecond', find: 'peakRequestsPerSecond: 6 ', replace: 'peakRequestsPerSecond: $V ' },
  { field: 'workload.slo.ttftMs', find: 'ttftMs: 1500', replace: 'ttftMs: $V' },
  { field: 'placements[0].gpus', find: 'gpus: auto                 #', replace: 'gpus: $V #' },
  {
    field: 'placements[0].costs.electricityUsdPerKwh',
    find: 'electricityUsdPerKwh: 0.18, pue: 1.4, opex',
    replace: 'electricityUsdPerKwh: $V, pue: 1.4, opex',
  },
];

/** BASE with `value` written into every numeric field of NUMERIC_FIELDS. */
function withNumbers(value: string, fields = NUMERIC_FIELDS): string {
  let text = BASE;
  for (const f of fields) {
    if (!text.includes(f.find)) throw new Error(`corpus: '${f.find}' is not in the example any more`);
    text = text.replace(f.find, f.replace.replace('$V', value));
  }
  return text;
}

/** BOM + CRLF line ends, with a non-finite value on line 16 (`inputTokens`). */
function bomCrlf(): string {
  return '\uFEFF' + BASE.replace('inputTokens: 1500 ', 'inputTokens: .inf ').replace(/\n/g, '\r\n');
}

/** BOM + CRLF with an unknown key as the very first token of line 1. */
function bomCrlfFirstLine(): string {
  return '\uFEFFbogusKey: 1\r\n' + BASE.replace(/\n/g, '\r\n');
}

/** Duplicate keys: at the top level and inside a flow mapping. */
function duplicateKeys(): string {
  return BASE.replace('name: chat-assistant\n', 'name: chat-assistant\nname: twice\n').replace(
    'parallelism: {tensor: 2}\n    engineOptions',
    'parallelism: {tensor: 2, tensor: 4}\n    engineOptions',
  );
}

const MANY_PLACEMENTS = 20_000;

/** One deployment comparing 20,000 placements (~1.6 MB, under the size limit). */
function manyPlacements(): string {
  const head = BASE.slice(0, BASE.indexOf('\nplacements:') + 1);
  const one = (i: number) => `  - {name: p${i}, type: on-prem, hardware: h100-sxm-80gb, gpus: 8, engine: vllm}\n`;
  return `${head}placements:\n${Array.from({ length: MANY_PLACEMENTS }, (_, i) => one(i)).join('')}`;
}

const MANY_DOCUMENTS = 5_000;

/** One valid deployment followed by 4,999 deployment documents that each miss three fields. */
function manyDocuments(): string {
  const parts = [BASE];
  for (let i = 1; i < MANY_DOCUMENTS; i++) parts.push(`apiVersion: llm-sizing/v1\nkind: Deployment\nname: d${i}\n`);
  return parts.join('---\n');
}

const DEVICES = ['h100-sxm-80gb', 'a100-sxm-80gb', 'l40s-48gb', 'l4-24gb', 'rtx-4090-24gb', 'mi300x-192gb'];

/** `count` small valid deployments, one placement each (10,000: 2.3 MB; `recommend` ran past 60 s). */
export function smallDeployments(count: number): string {
  const parts: string[] = [];
  for (let d = 0; d < count; d++) {
    parts.push(
      `apiVersion: llm-sizing/v1\nkind: Deployment\nname: d${d}\nmodel: {id: llama-3.1-8b}\nworkload: {inputTokens: ${1000 + d}, outputTokens: 200, peakRequestsPerSecond: 2}\nplacements:\n  - {name: p, type: on-prem, hardware: ${DEVICES[d % DEVICES.length]}, gpus: 1}\n`,
    );
  }
  return parts.join('---\n');
}

/** `count` deployments of 100 placements each (750: 4.9 MB; the JSON was over 2 GB: "Invalid string length"). */
export function fullDeployments(count: number): string {
  const parts: string[] = [];
  for (let d = 0; d < count; d++) {
    let doc = `apiVersion: llm-sizing/v1\nkind: Deployment\nname: d${d}\nmodel: {id: llama-3.1-8b}\nworkload: {inputTokens: 1000, outputTokens: 200, peakRequestsPerSecond: 2}\nplacements:\n`;
    for (let p = 0; p < 100; p++)
      doc += `  - {name: p${p}, type: on-prem, hardware: ${DEVICES[p % DEVICES.length]}, gpus: ${1 + (p % 4)}}\n`;
    parts.push(doc);
  }
  return parts.join('---\n');
}

/** `count` marker-only documents (100,000: 4.7 MB; SARIF came out empty). */
export function tinyDocuments(count: number): string {
  return 'apiVersion: llm-sizing/v1\nkind: Deployment\n---\n'.repeat(count);
}

/** BASE with `count` short unknown top-level keys (30,000: 330 KB; 21.8 s when each was located by a scan). */
export function manyKeys(count: number): string {
  const keys = Array.from({ length: count }, (_, i) => `k${i}: 1\n`).join('');
  return BASE.replace('\nmodel:', `\n${keys}model:`);
}

/** BASE with `count` unknown engine options in the first placement (20,000: 9–14 s before). */
export function manyEngineOptions(count: number): string {
  const options = Array.from({ length: count }, (_, i) => `o${i}: 1`).join(', ');
  const find = 'engineOptions: {gpuMemoryUtilization: 0.9, maxModelLen: 8192}';
  if (!BASE.includes(find)) throw new Error(`corpus: '${find}' is not in the example any more`);
  return BASE.replace(find, `engineOptions: {gpuMemoryUtilization: 0.9, maxModelLen: 8192, ${options}}`);
}

/** BASE with one block written under a YAML tag (item 1 of issue 13: the block vanished). */
export function tagged(tag: string, block: 'slo' | 'constraints' | 'parallelism' | 'costs'): string {
  const find = {
    slo: 'slo:\n',
    constraints: 'constraints:\n',
    parallelism: 'parallelism: {tensor: 2}',
    costs: 'costs: {amortizationMonths',
  }[block];
  const replace = {
    slo: `slo: ${tag}\n`,
    constraints: `constraints: ${tag}\n`,
    parallelism: `parallelism: ${tag} {tensor: 2}`,
    costs: `costs: ${tag} {amortizationMonths`,
  }[block];
  if (!BASE.includes(find)) throw new Error(`corpus: '${find}' is not in the example any more`);
  return BASE.replace(find, replace);
}

const write = (text: string | Buffer) => (path: string) => writeFileSync(path, text);

/** Every entry of the corpus. */
export function corpus(): CorpusEntry[] {
  const fixture = (name: string) => readFileSync(join(HOSTILE_FIXTURES, name));
  return [
    {
      name: 'alias-bomb.deploy.yaml',
      what: 'billion laughs (9^10 nodes)',
      validity: 'invalid',
      codes: ['LLMS003'],
      make: write(aliasBomb()),
    },
    {
      name: 'alias-bomb-fixture.deploy.yaml',
      what: 'the committed alias-bomb fixture',
      validity: 'invalid',
      codes: ['LLMS003'],
      make: write(fixture('alias-bomb.deploy.yaml')),
    },
    {
      name: 'wide-aliases.deploy.yaml',
      what: 'one anchor aliased 10,000 times',
      validity: 'invalid',
      codes: ['LLMS003'],
      make: write(wideAliases()),
    },
    {
      name: 'deep-flow.deploy.yaml',
      what: `${DEPTH}-deep flow sequences`,
      validity: 'invalid',
      make: write(deepFlow()),
    },
    {
      name: 'deep-flow-map.deploy.yaml',
      what: `${DEPTH}-deep flow mappings`,
      validity: 'invalid',
      make: write(deepFlowMap()),
    },
    {
      name: 'deep-block.deploy.yaml',
      what: `${DEPTH}-deep block sequences`,
      validity: 'invalid',
      make: write(deepBlock()),
    },
    {
      name: 'deep-after-inch-mark.deploy.yaml',
      what: `${DEPTH}-deep block nesting after \`19" rack\` in a plain value`,
      validity: 'invalid',
      codes: ['LLMS006'],
      make: write(deepAfterQuote('inch-mark')),
    },
    {
      name: 'deep-after-apostrophe.deploy.yaml',
      what: `${DEPTH}-deep flow nesting after \`it's\` in a flow sequence`,
      validity: 'invalid',
      codes: ['LLMS006'],
      make: write(deepAfterQuote('apostrophe-in-flow')),
    },
    {
      name: 'deep-after-unclosed-quote.deploy.yaml',
      what: `${DEPTH}-deep nesting after a continuation line opening a quote it never closes`,
      validity: 'invalid',
      codes: ['LLMS006'],
      make: write(deepAfterQuote('continuation')),
    },
    {
      name: 'ten-megabytes.deploy.yaml',
      what: '10 MB file',
      validity: 'invalid',
      codes: ['LLMS006'],
      make: write(tenMegabytes()),
    },
    ...['1e400', '.inf', '-.inf', '.nan'].map((v): CorpusEntry => ({
      name: `non-finite-${v.replace(/^[.-]+/, '')}${v.startsWith('-') ? '-negative' : ''}.deploy.yaml`,
      what: `${v} in ${NUMERIC_FIELDS.length} numeric fields`,
      validity: 'invalid',
      codes: ['LLMS012'],
      make: write(withNumbers(v)),
    })),
    {
      name: 'huge-integers.deploy.yaml',
      what: '99999999999999999999 in integer fields',
      validity: 'invalid',
      codes: ['LLMS012'],
      make: write(
        withNumbers(
          '99999999999999999999',
          NUMERIC_FIELDS.filter((f) => f.field === 'workload.inputTokens' || f.field === 'placements[0].gpus'),
        ),
      ),
    },
    {
      name: 'non-finite-fixture.deploy.yaml',
      what: 'the committed non-finite fixture',
      validity: 'invalid',
      codes: ['LLMS012'],
      make: write(fixture('non-finite.deploy.yaml')),
    },
    {
      name: 'huge-rate.deploy.yaml',
      what: 'the committed huge-rate fixture: peakRequestsPerSecond 99999999999999999999 and gpus: auto (above the 10⁷ req/s bound: LLMS012)',
      validity: 'invalid',
      make: write(fixture('huge-rate.deploy.yaml')),
    },
    {
      name: 'huge-numbers.deploy.yaml',
      what: 'large finite numbers (ttftMs, electricity price 1e15: above their plausibility bounds, LLMS012)',
      validity: 'invalid',
      make: write(
        withNumbers(
          '1e15',
          NUMERIC_FIELDS.filter(
            (f) => f.field === 'workload.slo.ttftMs' || f.field === 'placements[0].costs.electricityUsdPerKwh',
          ),
        ),
      ),
    },
    {
      name: 'binary.deploy.yaml',
      what: '64 KiB of random bytes with NUL and invalid UTF-8',
      validity: 'invalid',
      make: write(bytes(65_536)),
    },
    {
      name: 'binary-after-marker.deploy.yaml',
      what: 'a deployment marker, then random bytes',
      validity: 'invalid',
      make: write(
        Buffer.concat([Buffer.from('apiVersion: llm-sizing/v1\nkind: Deployment\nname: x\n'), bytes(16_384, 7)]),
      ),
    },
    {
      name: 'nul-bytes.deploy.yaml',
      what: 'NUL characters inside a plain scalar (the yaml package accepts them; nothing breaks)',
      validity: 'valid',
      make: write(BASE.replace('name: chat-assistant', 'name: chat\u0000assistant\u0000')),
    },
    {
      name: 'bom-crlf.deploy.yaml',
      what: 'BOM + CRLF, .inf on line 16',
      validity: 'invalid',
      codes: ['LLMS012'],
      make: write(bomCrlf()),
    },
    {
      name: 'bom-crlf-first-line.deploy.yaml',
      what: 'BOM + CRLF, unknown key first on line 1',
      validity: 'invalid',
      codes: ['LLMS010'],
      make: write(bomCrlfFirstLine()),
    },
    {
      name: 'duplicate-keys.deploy.yaml',
      what: 'duplicate keys (block and flow)',
      validity: 'invalid',
      codes: ['LLMS002'],
      make: write(duplicateKeys()),
    },
    {
      name: 'duplicate-keys-fixture.deploy.yaml',
      what: 'the committed duplicate-keys fixture',
      validity: 'invalid',
      codes: ['LLMS002'],
      make: write(fixture('duplicate-keys.deploy.yaml')),
    },
    {
      name: 'many-placements.deploy.yaml',
      what: `${MANY_PLACEMENTS} placements in one 1.6 MB document (over 128 KB per document: not parsed)`,
      validity: 'invalid',
      codes: ['LLMS006'],
      make: write(manyPlacements()),
    },
    {
      name: 'many-documents.deploy.yaml',
      what: `${MANY_DOCUMENTS} documents`,
      validity: 'invalid',
      codes: ['LLMS013'],
      make: write(manyDocuments()),
    },
    {
      name: 'tagged-slo-omap.deploy.yaml',
      what: 'the slo block as `!!omap` (its constraints vanished)',
      validity: 'invalid',
      codes: ['LLMS009'],
      make: write(
        tagged('!!omap', 'slo').replace(
          /slo: !!omap\n((?: {4}\w+: .*\n)+)/,
          (_, body: string) => `slo: !!omap\n${body.replace(/ {4}/g, '    - ')}`,
        ),
      ),
    },
    {
      name: 'tagged-constraints-set.deploy.yaml',
      what: 'the constraints block as `!!set`',
      validity: 'invalid',
      codes: ['LLMS009'],
      make: write(BASE.replace(/constraints:\n(?: {2}.*\n)+/, 'constraints: !!set {monthlyBudgetUsd, maxPowerKw}\n')),
    },
    {
      name: 'tagged-parallelism-pairs.deploy.yaml',
      what: 'parallelism as `!!pairs`',
      validity: 'invalid',
      codes: ['LLMS009'],
      make: write(tagged('!!pairs', 'parallelism').replace('!!pairs {tensor: 2}', '!!pairs [tensor: 2]')),
    },
    {
      name: 'tagged-costs-custom.deploy.yaml',
      what: 'costs under a custom tag `!foo`',
      validity: 'invalid',
      codes: ['LLMS009'],
      make: write(tagged('!foo', 'costs')),
    },
    {
      name: 'tagged-binary.deploy.yaml',
      what: 'a name as `!!binary`',
      validity: 'invalid',
      codes: ['LLMS009'],
      make: write(BASE.replace('name: chat-assistant', 'name: !!binary Y2hhdA==')),
    },
    {
      name: 'tagged-timestamp.deploy.yaml',
      what: 'a description as `!!timestamp`',
      validity: 'invalid',
      codes: ['LLMS009'],
      make: write(BASE.replace(/^description: .*$/m, 'description: !!timestamp 2026-12-03')),
    },
    {
      name: 'tagged-slo-fixture.deploy.yaml',
      what: 'the committed tagged-slo fixture',
      validity: 'invalid',
      codes: ['LLMS009'],
      make: write(fixture('tagged-slo.deploy.yaml')),
    },
    {
      name: 'many-small-deployments.deploy.yaml',
      what: '10,000 small valid deployments (2.3 MB): over the 100 documents per file',
      validity: 'invalid',
      codes: ['LLMS006'],
      make: write(smallDeployments(10_000)),
    },
    {
      name: 'many-full-deployments.deploy.yaml',
      what: '750 deployments × 100 placements (4.9 MB): over the 1,000 placements per file',
      validity: 'invalid',
      codes: ['LLMS006'],
      make: write(fullDeployments(750)),
    },
    {
      name: 'tiny-documents.deploy.yaml',
      what: '100,000 marker-only documents (4.7 MB)',
      validity: 'invalid',
      codes: ['LLMS006', 'LLMS013'],
      make: write(tinyDocuments(100_000)),
    },
    {
      name: 'inconsistent-architecture.deploy.yaml',
      what: 'a custom architecture whose fields contradict each other (7 heads at tensor 2 and 4)',
      validity: 'invalid',
      codes: ['LLMS042', 'LLMS038'],
      make: write(fixture('inconsistent-architecture.deploy.yaml')),
    },
    {
      name: 'near-zero-overrides.deploy.yaml',
      what: 'hardwareOverrides near zero (capacity 0: atRate recursed)',
      validity: 'invalid',
      codes: ['LLMS012'],
      make: write(fixture('near-zero-overrides.deploy.yaml')),
    },
    {
      name: 'cr-only.deploy.yaml',
      what: 'CR-only line ends (valid YAML; every finding was on line 1), an unknown key on line 2',
      validity: 'invalid',
      codes: ['LLMS010'],
      make: write(BASE.replace('kind: Deployment\n', 'kind: Deployment\nbogusKey: 1\n').replace(/\n/g, '\r')),
    },
    {
      name: 'utf16le-bom.deploy.yaml',
      what: 'UTF-16 LE with a byte order mark (was "not a single value")',
      validity: 'invalid',
      codes: ['LLMS000'],
      editor: { validity: 'valid' },
      make: write(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE, 'utf16le')])),
    },
    {
      name: 'utf16be-bom.deploy.yaml',
      what: 'UTF-16 BE with a byte order mark',
      validity: 'invalid',
      codes: ['LLMS000'],
      editor: { validity: 'valid' },
      make: write(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(BASE, 'utf16le').swap16()])),
    },
    {
      name: 'deep-after-pipe-comment.deploy.yaml',
      what: `${DEPTH}-deep nesting after a comment ending in \`|\` (taken for a block scalar)`,
      validity: 'invalid',
      codes: ['LLMS006'],
      make: write(
        BASE.replace(/^description: .*$/m, `description: x\nnotes: # a comment ending in |\n  ${'- '.repeat(DEPTH)}x`),
      ),
    },
    { name: 'empty.deploy.yaml', what: 'an empty file', validity: 'valid', nothingToCheck: true, make: write('') },
    {
      name: 'comments-only.deploy.yaml',
      what: 'only comments',
      validity: 'valid',
      nothingToCheck: true,
      make: write(fixture('comments-only.deploy.yaml')),
    },
    {
      name: 'a-directory.deploy.yaml',
      what: 'a directory',
      validity: 'invalid',
      message: /: is a directory$/m,
      make: (path) => mkdirSync(path),
    },
    {
      name: 'missing.deploy.yaml',
      what: 'a path that does not exist',
      validity: 'invalid',
      message: /: no such file$/m,
    },
  ];
}
