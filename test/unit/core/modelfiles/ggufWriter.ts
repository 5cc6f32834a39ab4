/**
 * Writes GGUF headers for the tests (github.com/ggml-org/ggml docs/gguf.md): magic, version,
 * counts, metadata key/values, tensor infos. Only what the reader needs; no tensor data.
 */
export type MetaValue =
  { u32: number } | { f32: number } | { str: string } | { arrU32: number[] } | { arrStr: string[] } | { bool: boolean };

export interface TensorSpec {
  name: string;
  dims: number[];
  type: number;
}

class Writer {
  private chunks: Buffer[] = [];
  u32(v: number) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.chunks.push(b);
  }
  u64(v: number | bigint) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.chunks.push(b);
  }
  str(s: string) {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.chunks.push(bytes);
  }
  raw(b: Buffer) {
    this.chunks.push(b);
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export function ggufHeader(
  metadata: Record<string, MetaValue>,
  tensors: TensorSpec[],
  options: { version?: number; tensorCount?: bigint; kvCount?: bigint } = {},
): Buffer {
  const w = new Writer();
  w.raw(Buffer.from('GGUF', 'ascii'));
  w.u32(options.version ?? 3);
  w.u64(options.tensorCount ?? BigInt(tensors.length));
  w.u64(options.kvCount ?? BigInt(Object.keys(metadata).length));
  for (const [key, value] of Object.entries(metadata)) {
    w.str(key);
    if ('u32' in value) {
      w.u32(4);
      w.u32(value.u32);
    } else if ('f32' in value) {
      w.u32(6);
      const b = Buffer.alloc(4);
      b.writeFloatLE(value.f32);
      w.raw(b);
    } else if ('bool' in value) {
      w.u32(7);
      w.raw(Buffer.from([value.bool ? 1 : 0]));
    } else if ('str' in value) {
      w.u32(8);
      w.str(value.str);
    } else if ('arrU32' in value) {
      w.u32(9);
      w.u32(4);
      w.u64(value.arrU32.length);
      for (const x of value.arrU32) w.u32(x);
    } else {
      w.u32(9);
      w.u32(8);
      w.u64(value.arrStr.length);
      for (const x of value.arrStr) w.str(x);
    }
  }
  let offset = 0;
  for (const t of tensors) {
    w.str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(t.type);
    w.u64(offset);
    offset += 1024;
  }
  return w.bytes();
}

/** A llama-shaped model's tensor table: `layers` blocks, types per role (ggml type ids). */
export function llamaTensors(o: {
  layers: number;
  hidden: number;
  ffn: number;
  vocab: number;
  kvDim: number;
  attn: number;
  ffnType: number;
  ffnDownType: number;
  embType: number;
  outType: number;
}): TensorSpec[] {
  const t: TensorSpec[] = [
    { name: 'token_embd.weight', dims: [o.hidden, o.vocab], type: o.embType },
    { name: 'output_norm.weight', dims: [o.hidden], type: 0 },
    { name: 'output.weight', dims: [o.hidden, o.vocab], type: o.outType },
  ];
  for (let i = 0; i < o.layers; i++) {
    t.push(
      { name: `blk.${i}.attn_norm.weight`, dims: [o.hidden], type: 0 },
      { name: `blk.${i}.attn_q.weight`, dims: [o.hidden, o.hidden], type: o.attn },
      { name: `blk.${i}.attn_k.weight`, dims: [o.hidden, o.kvDim], type: o.attn },
      { name: `blk.${i}.attn_v.weight`, dims: [o.hidden, o.kvDim], type: o.ffnDownType },
      { name: `blk.${i}.attn_output.weight`, dims: [o.hidden, o.hidden], type: o.attn },
      { name: `blk.${i}.ffn_norm.weight`, dims: [o.hidden], type: 0 },
      { name: `blk.${i}.ffn_gate.weight`, dims: [o.hidden, o.ffn], type: o.ffnType },
      { name: `blk.${i}.ffn_up.weight`, dims: [o.hidden, o.ffn], type: o.ffnType },
      { name: `blk.${i}.ffn_down.weight`, dims: [o.ffn, o.hidden], type: o.ffnDownType },
    );
  }
  return t;
}
