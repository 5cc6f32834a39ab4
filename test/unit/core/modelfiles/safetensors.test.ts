/**
 * model.safetensors: a checkpoint directory's exact bytes from its shard headers (scales and packed
 * tensors included, MTP layers left out), or from the index when no shard is there.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModelSources } from '../../../../src/core/modelfiles/resolve';
import { parseSafetensorsHeader, safetensorsHeaderLength } from '../../../../src/core/modelfiles/safetensors';
import { nodeModelFileReader } from '../../../../src/cli/modelFiles';
import { fixture } from '../../support/helpers';

/** A shard: 8-byte length + JSON header; tensor data left out (sparse: the file is only as long as the header says). */
function shard(tensors: Record<string, { dtype: string; shape: number[]; bytes: number }>): Buffer {
  let offset = 0;
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes] };
    offset += t.bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(Math.min(offset, 64))]);
}

async function read(dir: string) {
  const table = await resolveModelSources([{ kind: 'safetensors', value: '.', path: ['model', 'safetensors'] }], {
    reader: nodeModelFileReader(),
    baseDir: dir,
    hfCache: { mayReadOutsideWorkspace: true },
  });
  return [...table.values()][0]!;
}

describe('safetensors checkpoints', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'llms-st-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('sums data_offsets of every tensor (GPTQ qweight/qzeros/scales/g_idx as stored) and leaves MTP layers out', async () => {
    writeFileSync(join(dir, 'config.json'), fixture('modelfiles', 'hf', 'deepseek-v3.json'));
    writeFileSync(
      join(dir, 'model-00001-of-00002.safetensors'),
      shard({
        'model.embed_tokens.weight': { dtype: 'BF16', shape: [129280, 7168], bytes: 129280 * 7168 * 2 },
        'model.layers.0.self_attn.q_a_proj.weight': { dtype: 'F8_E4M3', shape: [1536, 7168], bytes: 1536 * 7168 },
        'model.layers.0.self_attn.q_a_proj.weight_scale_inv': { dtype: 'F32', shape: [12, 56], bytes: 12 * 56 * 4 },
      }),
    );
    writeFileSync(
      join(dir, 'model-00002-of-00002.safetensors'),
      shard({
        'model.layers.61.eh_proj.weight': { dtype: 'F8_E4M3', shape: [7168, 14336], bytes: 7168 * 14336 },
        'lm_head.weight': { dtype: 'BF16', shape: [129280, 7168], bytes: 129280 * 7168 * 2 },
      }),
    );
    const r = await read(dir);
    assert.ok(r.ok, !r.ok ? r.failure.message : '');
    if (!r.ok) return;
    assert.equal(r.model.entry.checkpoint!.bytes, 2 * 129280 * 7168 * 2 + 1536 * 7168 + 12 * 56 * 4);
    assert.equal(r.model.entry.checkpoint!.format, 'fp8');
    assert.ok(
      r.model.details.some((d) => /multi-token-prediction layers left out/.test(d)),
      r.model.details.join('\n'),
    );
  });

  it('falls back to model.safetensors.index.json metadata.total_size when no shard is present', async () => {
    writeFileSync(join(dir, 'config.json'), fixture('modelfiles', 'hf', 'llama-3.1-8b.json'));
    writeFileSync(
      join(dir, 'model.safetensors.index.json'),
      JSON.stringify({
        metadata: { total_size: 16060522496 },
        weight_map: { 'lm_head.weight': 'model-00004-of-00004.safetensors' },
      }),
    );
    const r = await read(dir);
    assert.ok(r.ok && r.model.entry.checkpoint!.bytes === 16060522496);
  });

  it('malformed headers are invalid, not a crash: a length over the limit, offsets that are not a range', async () => {
    const huge = Buffer.alloc(8);
    huge.writeBigUInt64LE(2n ** 40n);
    assert.throws(() => safetensorsHeaderLength(huge), /outside/);
    assert.throws(
      () => parseSafetensorsHeader('{"w": {"dtype": "F16", "shape": [2], "data_offsets": [8, 4]}}'),
      /data_offsets/,
    );
    writeFileSync(join(dir, 'config.json'), fixture('modelfiles', 'hf', 'llama-3.1-8b.json'));
    writeFileSync(join(dir, 'model.safetensors'), Buffer.concat([huge, Buffer.from('{}')]));
    const r = await read(dir);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.failure.reason, 'invalid');
  });
});
