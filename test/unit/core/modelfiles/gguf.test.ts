/**
 * GGUF headers: exact weight bytes from the tensor table (ggml block sizes), the architecture from
 * `<arch>.*` keys, hostile headers declined, and a multi-GB file sized from its header alone.
 */
import assert from 'node:assert/strict';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GgufFormatError, GgufNeedMore, parseGgufHeader } from '../../../../src/core/modelfiles/gguf/header';
import { mapGgufHeader } from '../../../../src/core/modelfiles/gguf/model';
import { ggmlTensorBytes, GGML_TYPES } from '../../../../src/core/modelfiles/gguf/ggmlTypes';
import { resolveModelSources } from '../../../../src/core/modelfiles/resolve';
import { nodeModelFileReader } from '../../../../src/cli/modelFiles';
import { ggufHeader, llamaTensors, type MetaValue } from './ggufWriter';
import { writeFileSync } from 'node:fs';
import { runCliCapture } from '../../support/helpers';

const Q4_K = 12;
const Q6_K = 14;
const F32 = 0;

/** Llama-3.1-8B's shapes as llama.cpp's Q4_K_M writes them: Q4_K mostly, Q6_K for ffn_down / attn_v / output. */
const LLAMA_8B = {
  layers: 32,
  hidden: 4096,
  ffn: 14336,
  vocab: 128256,
  kvDim: 1024,
  attn: Q4_K,
  ffnType: Q4_K,
  ffnDownType: Q6_K,
  embType: Q4_K,
  outType: Q6_K,
};
const META: Record<string, MetaValue> = {
  'general.architecture': { str: 'llama' },
  'general.name': { str: 'Meta Llama 3.1 8B Instruct' },
  'general.file_type': { u32: 15 },
  'llama.block_count': { u32: 32 },
  'llama.context_length': { u32: 131072 },
  'llama.embedding_length': { u32: 4096 },
  'llama.feed_forward_length': { u32: 14336 },
  'llama.attention.head_count': { u32: 32 },
  'llama.attention.head_count_kv': { u32: 8 },
  'llama.vocab_size': { u32: 128256 },
};

function tableBytes(tensors: ReturnType<typeof llamaTensors>): number {
  return tensors.reduce(
    (n, t) =>
      n +
      ggmlTensorBytes(
        t.type,
        t.dims.reduce((a, b) => a * b, 1),
      )!,
    0,
  );
}

describe('GGUF header', () => {
  it('ggml type traits: bytes per block as in ggml (Q4_K 144 per 256, Q6_K 210, Q8_0 34 per 32, IQ4_XS 136, MXFP4 17 per 32)', () => {
    const bits = (name: string) => {
      const t = [...GGML_TYPES.values()].find((x) => x.name === name)!;
      return (8 * t.blockBytes) / t.blockSize;
    };
    assert.equal(bits('Q4_K'), 4.5);
    assert.equal(bits('Q6_K'), 6.5625);
    assert.equal(bits('Q8_0'), 8.5);
    assert.equal(bits('IQ4_XS'), 4.25);
    assert.equal(bits('MXFP4'), 4.25);
    assert.equal(bits('TQ2_0'), 2.0625);
    assert.equal(bits('BF16'), 16);
  });

  it('a Q4_K_M Llama-3.1-8B header: weights equal the tensor table, architecture and KV shape from llama.* keys', () => {
    const tensors = llamaTensors(LLAMA_8B);
    const bytes = ggufHeader(META, tensors);
    const header = parseGgufHeader(bytes, bytes.length);
    const r = mapGgufHeader(header, 'x.gguf', 'x.gguf');
    assert.ok(r.ok);
    if (!r.ok) return;
    const e = r.model.entry;
    assert.equal(e.checkpoint!.bytes, tableBytes(tensors));
    assert.equal(e.checkpoint!.format, 'q4_k_m');
    assert.equal(e.name, 'Meta Llama 3.1 8B Instruct');
    assert.equal(e.architecture.layers, 32);
    assert.equal(e.architecture.kvHeads, 8);
    assert.equal(e.architecture.headDim, 128);
    assert.equal(e.architecture.maxContextTokens, 131072);
    assert.equal(e.architecture.tiedEmbeddings, false);
    assert.equal(e.totalParams, 8_030_261_248, 'parameters: the elements of the tensor table');
  });

  it('per-layer head_count_kv arrays, sliding-window patterns (gemma3) and MoE keys', () => {
    const meta: Record<string, MetaValue> = {
      'general.architecture': { str: 'gemma3' },
      'gemma3.block_count': { u32: 12 },
      'gemma3.embedding_length': { u32: 256 },
      'gemma3.attention.head_count': { u32: 4 },
      'gemma3.attention.head_count_kv': { arrU32: Array.from({ length: 12 }, () => 2) },
      'gemma3.attention.key_length': { u32: 64 },
      'gemma3.attention.sliding_window': { u32: 512 },
      'gemma3.context_length': { u32: 32768 },
      'gemma3.expert_count': { u32: 8 },
      'gemma3.expert_used_count': { u32: 2 },
    };
    const tensors = [
      { name: 'token_embd.weight', dims: [256, 1000], type: F32 },
      { name: 'blk.0.ffn_up_exps.weight', dims: [256, 512, 8], type: Q4_K },
    ];
    const bytes = ggufHeader(meta, tensors);
    const r = mapGgufHeader(parseGgufHeader(bytes, bytes.length), 'g.gguf', 'g');
    assert.ok(r.ok);
    if (!r.ok) return;
    const a = r.model.entry.architecture;
    assert.equal(a.kvHeads, 2);
    assert.ok(
      'pattern' in a.attention &&
        a.attention.pattern.length === 6 &&
        a.attention.pattern[5]!.kind === 'full' &&
        a.attention.pattern[0]!.kind === 'sliding',
    );
    assert.equal(a.moe!.experts, 8);
    assert.equal(a.tiedEmbeddings, true, 'no output.weight: the head is the embedding');
    assert.ok(r.model.entry.activeParams < r.model.entry.totalParams);
  });

  it('hostile headers are declined before any allocation: huge counts, long strings, bad versions, unknown types', () => {
    const ok = ggufHeader(META, llamaTensors({ ...LLAMA_8B, layers: 1 }));
    assert.throws(() => parseGgufHeader(ggufHeader(META, [], { tensorCount: 2n ** 62n }), 1e12), GgufFormatError);
    assert.throws(() => parseGgufHeader(ggufHeader({}, [], { kvCount: 2n ** 40n }), 1e12), GgufFormatError);
    assert.throws(() => parseGgufHeader(ggufHeader(META, [], { version: 1 }), 1e9), /version 1/);
    assert.throws(() => parseGgufHeader(Buffer.from('GGML0000'), 8), /not a GGUF file/);
    const longString = Buffer.concat([
      ok.subarray(0, 24),
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
    ]);
    assert.throws(() => parseGgufHeader(longString, 1e12), /above the limit/);
    // A header cut short asks for more bytes while the file has them, and fails at its end.
    assert.throws(() => parseGgufHeader(ok.subarray(0, 100), ok.length), GgufNeedMore);
    assert.throws(() => parseGgufHeader(ok.subarray(0, 100), 100), /past the end of the file/);
    const unknownType = ggufHeader(META, [{ name: 'w', dims: [32], type: 99 }]);
    const r = mapGgufHeader(parseGgufHeader(unknownType, unknownType.length), 'u.gguf', 'u');
    assert.equal(r.ok, false);
  });

  it('a deployment with model.gguf: llama.cpp by default, weights per GPU within 2 % of the tensor table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llms-gguf-dep-'));
    try {
      const tensors = llamaTensors(LLAMA_8B);
      const fd = openSync(join(dir, 'llama-8b-Q4_K_M.gguf'), 'w');
      writeSync(fd, ggufHeader(META, tensors));
      ftruncateSync(fd, 5 * 1024 ** 3);
      closeSync(fd);
      const file = join(dir, 'x.deploy.yaml');
      writeFileSync(
        file,
        `apiVersion: llm-sizing/v1
kind: Deployment
name: gguf
model: {gguf: llama-8b-Q4_K_M.gguf}
workload: {inputTokens: 1000, outputTokens: 200, concurrency: 1}
placements:
  - {name: box, type: on-prem, hardware: rtx-4090-24gb, gpus: 1}
`,
      );
      const r = await runCliCapture(['estimate', file, '--format', 'json']);
      assert.equal(r.code, 0, r.stderr + r.stdout.slice(0, 2000));
      const p = JSON.parse(r.stdout).files[0].deployments[0].placements[0];
      assert.equal(p.engine, 'llama.cpp');
      assert.equal(p.weights, 'q4_k_m');
      const exact = tableBytes(tensors) / 1024 ** 3;
      assert.ok(
        Math.abs(p.memory.perGpuGiB.weights / exact - 1) < 0.02,
        `${p.memory.perGpuGiB.weights} GiB vs table ${exact}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a multi-GB GGUF file (sparse) is sized from its header alone, in well under a second', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'llms-gguf-'));
    try {
      const tensors = llamaTensors(LLAMA_8B);
      // A 260 k-token vocabulary makes the header ~4 MB, so the reader must grow past its first 1 MiB.
      const vocab = Array.from({ length: 260_000 }, (_, i) => `token-${i}`);
      const header = ggufHeader({ ...META, 'tokenizer.ggml.tokens': { arrStr: vocab } }, tensors);
      const path = join(dir, 'model-Q4_K_M.gguf');
      const fd = openSync(path, 'w');
      writeSync(fd, header);
      ftruncateSync(fd, 6 * 1024 ** 3); // 6 GiB, sparse
      closeSync(fd);
      const started = performance.now();
      const table = await resolveModelSources([{ kind: 'gguf', value: 'model-Q4_K_M.gguf', path: ['model', 'gguf'] }], {
        reader: nodeModelFileReader(),
        baseDir: dir,
        hfCache: { mayReadOutsideWorkspace: true },
      });
      const ms = performance.now() - started;
      const r = [...table.values()][0]!;
      assert.ok(r.ok, !r.ok ? r.failure.message : '');
      if (r.ok) {
        const exact = tableBytes(tensors);
        assert.ok(Math.abs(r.model.entry.checkpoint!.bytes / exact - 1) < 0.02);
        assert.equal(r.model.entry.architecture.vocabSize, 128256);
      }
      console.log(`      6 GiB GGUF (${(header.length / 2 ** 20).toFixed(1)} MiB header) sized in ${ms.toFixed(0)} ms`);
      assert.ok(ms < 1000, `${ms} ms`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
