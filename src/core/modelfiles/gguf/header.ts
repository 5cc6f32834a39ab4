/**
 * GGUF header reader: metadata key/values and the tensor table (versions 2 and 3, little-endian),
 * never the tensor data. Spec: github.com/ggml-org/ggml docs/gguf.md.
 *
 * The caller hands in the first bytes of the file; when they end inside the header the parser
 * throws `GgufNeedMore` with the length it needs, and the caller reads more (see `resolve.ts`).
 * Every count and length read from the file is bounded before anything is allocated or looped,
 * so a hostile header costs at most the bytes it really contains.
 */
import { GGML_TYPES, ggmlTensorBytes } from './ggmlTypes';

/** The header ended before the parse did: read at least `bytesNeeded` bytes and parse again. */
export class GgufNeedMore extends Error {
  constructor(readonly bytesNeeded: number) {
    super(`GGUF header needs ${bytesNeeded} bytes`);
  }
}

/** The file is not a GGUF file this reader accepts, or its header breaks a limit. */
export class GgufFormatError extends Error {}

/** Limits against hostile headers (real files are far below them). */
const GGUF_LIMITS = {
  /** Tensors in one file (DeepSeek-V3 at Q4_K: ~1,100). */
  tensors: 1_000_000,
  /** Metadata entries. */
  metadata: 100_000,
  /** Bytes of one string (a chat template is ~10 KB). */
  stringBytes: 16 * 1024 * 1024,
  /** Elements of one array (vocabularies: ~260 k). */
  arrayElements: 50_000_000,
  /** Array elements kept in memory (per-layer arrays); longer arrays are skipped. */
  keptArrayElements: 4096,
  /** Dimensions of a tensor (GGML_MAX_DIMS). */
  dims: 4,
} as const;

export type GgufValue = number | bigint | boolean | string | GgufValue[] | { skippedArray: number };

export interface GgufTensorInfo {
  name: string;
  /** Dimensions, innermost first (ggml order). */
  dims: number[];
  type: number;
  /** Elements (product of dims). */
  elements: number;
  /** Bytes of the data (undefined: unknown ggml type). */
  bytes: number | undefined;
}

export interface GgufHeader {
  version: 2 | 3;
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  /** Bytes of the header as read (metadata + tensor table, before alignment padding). */
  headerBytes: number;
}

const DECODER = new TextDecoder('utf-8', { fatal: false });
const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32

const TYPE_SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const STRING = 8;
const ARRAY = 9;

class Cursor {
  private readonly view: DataView;
  offset = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileSize: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number): void {
    const end = this.offset + n;
    if (end > this.bytes.byteLength) {
      if (end > this.fileSize)
        throw new GgufFormatError(`the header runs past the end of the file (${this.fileSize} bytes)`);
      throw new GgufNeedMore(end);
    }
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }
  u64(what: string, max: number): number {
    this.need(8);
    // Two 32-bit halves instead of a BigInt: this runs once per vocabulary string (~260 k).
    const lo = this.view.getUint32(this.offset, true);
    const hi = this.view.getUint32(this.offset + 4, true);
    this.offset += 8;
    const v = hi * 4294967296 + lo;
    if (hi >= 0x200000 || v > max)
      throw new GgufFormatError(`${what} is ${hi >= 0x200000 ? 'over 2^53' : v}, above the limit of ${max}`);
    return v;
  }
  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }
  string(what: string): string {
    const length = this.u64(`the length of ${what}`, GGUF_LIMITS.stringBytes);
    this.need(length);
    const text = DECODER.decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }
  scalar(type: number): number | bigint | boolean {
    const size = TYPE_SIZES[type];
    if (size === undefined) throw new GgufFormatError(`unknown metadata value type ${type}`);
    this.need(size);
    const o = this.offset;
    this.offset += size;
    switch (type) {
      case 0:
        return this.view.getUint8(o);
      case 1:
        return this.view.getInt8(o);
      case 2:
        return this.view.getUint16(o, true);
      case 3:
        return this.view.getInt16(o, true);
      case 4:
        return this.view.getUint32(o, true);
      case 5:
        return this.view.getInt32(o, true);
      case 6:
        return this.view.getFloat32(o, true);
      case 7:
        return this.view.getUint8(o) !== 0;
      case 10:
        return safeNumber(this.view.getBigUint64(o, true));
      case 11:
        return safeNumber(this.view.getBigInt64(o, true));
      default:
        return this.view.getFloat64(o, true);
    }
  }
}

function safeNumber(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
}

function readValue(c: Cursor, type: number, key: string): GgufValue {
  if (type === STRING) return c.string(`the value of ${key}`);
  if (type !== ARRAY) return c.scalar(type);
  const itemType = c.u32();
  if (itemType === ARRAY) throw new GgufFormatError(`${key}: nested arrays are not read`);
  const count = c.u64(`the length of array ${key}`, GGUF_LIMITS.arrayElements);
  if (itemType !== STRING && TYPE_SIZES[itemType] === undefined)
    throw new GgufFormatError(`${key}: unknown array item type ${itemType}`);
  const keep = count <= GGUF_LIMITS.keptArrayElements;
  if (!keep && itemType !== STRING) {
    c.skip(count * TYPE_SIZES[itemType]!);
    return { skippedArray: count };
  }
  const items: GgufValue[] = [];
  for (let i = 0; i < count; i++) {
    if (itemType === STRING) {
      const length = c.u64(`an item length of ${key}`, GGUF_LIMITS.stringBytes);
      if (keep) {
        c.offset -= 8;
        items.push(c.string(key));
      } else c.skip(length);
    } else items.push(c.scalar(itemType));
  }
  return keep ? items : { skippedArray: count };
}

/**
 * Parses the header from `bytes` (the first bytes of a file of `fileSize` bytes).
 * @throws GgufNeedMore when `bytes` end inside the header; GgufFormatError for anything else wrong.
 */
export function parseGgufHeader(bytes: Uint8Array, fileSize: number): GgufHeader {
  const c = new Cursor(bytes, fileSize);
  if (c.u32() !== MAGIC) throw new GgufFormatError('not a GGUF file (the first four bytes are not "GGUF")');
  const version = c.u32();
  if (version !== 2 && version !== 3) {
    throw new GgufFormatError(
      `GGUF version ${version} is not read (versions 2 and 3 are; big-endian files show a byte-swapped version)`,
    );
  }
  const tensorCount = c.u64('the tensor count', GGUF_LIMITS.tensors);
  const kvCount = c.u64('the metadata count', GGUF_LIMITS.metadata);
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string('a metadata key');
    const type = c.u32();
    metadata.set(key, readValue(c, type, key));
  }
  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string('a tensor name');
    const nDims = c.u32();
    if (nDims < 1 || nDims > GGUF_LIMITS.dims)
      throw new GgufFormatError(`tensor ${name} has ${nDims} dimensions (1 to 4 allowed)`);
    const dims: number[] = [];
    let elements = 1;
    for (let d = 0; d < nDims; d++) {
      const n = c.u64(`a dimension of ${name}`, Number.MAX_SAFE_INTEGER);
      dims.push(n);
      elements *= n;
    }
    if (!Number.isSafeInteger(elements))
      throw new GgufFormatError(`tensor ${name} has more elements than can be counted`);
    const type = c.u32();
    c.u64(`the offset of ${name}`, Number.MAX_SAFE_INTEGER);
    tensors.push({
      name,
      dims,
      type,
      elements,
      bytes: GGML_TYPES.has(type) ? ggmlTensorBytes(type, elements) : undefined,
    });
  }
  return { version, metadata, tensors, headerBytes: c.offset };
}
