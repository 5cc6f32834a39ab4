/**
 * safetensors headers: an 8-byte little-endian length, then that many bytes of JSON mapping each
 * tensor name to `{dtype, shape, data_offsets: [begin, end]}` (github.com/huggingface/safetensors
 * README "Format"). The bytes of a tensor are `end − begin`: whatever the dtype (F8_E4M3, packed
 * I32 of a GPTQ qweight, U8 blocks of MXFP4), scales and zero points are tensors of their own, so
 * the sum is the checkpoint's exact weight bytes.
 */

/** Largest header accepted, bytes (the format's own limit is 100 MB). */
const MAX_SAFETENSORS_HEADER = 100 * 1000 * 1000;

export interface SafetensorsTensor {
  name: string;
  dtype: string;
  bytes: number;
  elements: number;
}

/** The header length from the first 8 bytes; throws on a length over the limit. */
export function safetensorsHeaderLength(first8: Uint8Array): number {
  if (first8.byteLength < 8) throw new Error('shorter than a safetensors header');
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n < 2n || n > BigInt(MAX_SAFETENSORS_HEADER))
    throw new Error(`safetensors header length ${n} is outside 2 … ${MAX_SAFETENSORS_HEADER}`);
  return Number(n);
}

/** The tensors of a header's JSON text; throws with a readable message when it is not one. */
export function parseSafetensorsHeader(json: string): SafetensorsTensor[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('the safetensors header is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('the safetensors header is not a JSON object');
  const out: SafetensorsTensor[] = [];
  for (const [name, info] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const t = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const offsets = t.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((x) => Number.isSafeInteger(x) && x >= 0) ||
      offsets[1] < offsets[0]
    ) {
      throw new Error(`tensor ${name}: data_offsets must be two byte offsets [begin, end]`);
    }
    const shape =
      Array.isArray(t.shape) && t.shape.every((x) => Number.isSafeInteger(x) && x >= 0) ? (t.shape as number[]) : [];
    out.push({
      name,
      dtype: String(t.dtype ?? '?'),
      bytes: offsets[1] - offsets[0],
      elements: shape.reduce((a, b) => a * b, 1),
    });
  }
  return out;
}

/**
 * Tensors of multi-token-prediction layers (`model.layers.N.` with N ≥ the model's layers):
 * present in DeepSeek-V3 / GLM-4.5 checkpoints, loaded only for speculative decoding.
 */
export function isMtpTensor(name: string, layers: number): boolean {
  const m = /^(?:model\.|language_model\.model\.|model\.language_model\.)?layers\.(\d+)\./.exec(name);
  return m !== null && Number(m[1]) >= layers;
}

/** `model.safetensors.index.json` → total bytes (metadata.total_size) and the shard file names. */
export function parseSafetensorsIndex(json: string): { totalBytes?: number; shards: string[] } {
  const raw = JSON.parse(json) as { metadata?: { total_size?: unknown }; weight_map?: Record<string, unknown> };
  const total = raw.metadata?.total_size;
  const shards = new Set<string>();
  for (const file of Object.values(raw.weight_map ?? {})) if (typeof file === 'string') shards.add(file);
  return { ...(typeof total === 'number' && total > 0 ? { totalBytes: total } : {}), shards: [...shards] };
}
