/**
 * A GGUF header → the estimator's model entry: exact weight bytes from the tensor table, the
 * architecture from the `<arch>.*` metadata keys (llama.cpp src/llama-model-loader.cpp,
 * src/llama-arch.cpp LLM_KV names), the KV-cache shape per layer.
 */
import type { LayerAttention, ModelEntry } from '../../catalog/types';
import { catalog } from '../../catalog';
import type { ModelFileResult } from '../derived';
import { FILE_TYPE_FORMATS, GGML_TYPES } from './ggmlTypes';
import type { GgufHeader, GgufValue } from './header';

const fail = (message: string): ModelFileResult => ({ ok: false, failure: { message, reason: 'invalid' } });

/** Architectures whose sliding-window layers follow a fixed pattern in llama.cpp (llama-model.cpp hparams.swa_layers). */
const SLIDING_PATTERN: Record<string, number> = { gemma2: 2, gemma3: 6, gemma3n: 5, 'gpt-oss': 2, cohere2: 4 };

function asNumber(v: GgufValue | undefined): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return undefined;
}

/** A per-layer value: a number for every layer, or an array of numbers. */
function perLayer(v: GgufValue | undefined, layers: number): number[] | undefined {
  const n = asNumber(v);
  if (n !== undefined) return Array.from({ length: layers }, () => n);
  if (Array.isArray(v) && v.length === layers && v.every((x) => typeof x === 'number')) return v as number[];
  return undefined;
}

/** The catalog GGUF format with bits per weight nearest to the file's average. */
function nearestGgufFormat(bitsPerWeight: number): string {
  let best = 'q8_0';
  let gap = Infinity;
  for (const f of catalog.formats.entries) {
    if (f.family !== 'gguf' && !['bf16', 'fp16', 'fp32'].includes(f.id)) continue;
    const d = Math.abs(f.bitsPerWeight - bitsPerWeight);
    if (d < gap) [best, gap] = [f.id, d];
  }
  return best;
}

/** Maps a parsed GGUF header; `label` names the model, `sourceFile` is shown as its origin. */
export function mapGgufHeader(header: GgufHeader, sourceFile: string, label: string): ModelFileResult {
  const md = header.metadata;
  const arch = md.get('general.architecture');
  if (typeof arch !== 'string' || !arch) return fail('the GGUF header has no general.architecture');
  const key = (k: string) => md.get(`${arch}.${k}`);
  const layers = asNumber(key('block_count'));
  const hidden = asNumber(key('embedding_length'));
  const heads = perLayer(key('attention.head_count'), layers ?? 0);
  if (!layers || !hidden || !heads)
    return fail(`the GGUF header lacks ${arch}.block_count, ${arch}.embedding_length or ${arch}.attention.head_count`);
  const warnings: string[] = [];
  const details: string[] = [];

  let bytes = 0;
  let params = 0;
  let expertParams = 0;
  const typeBytes = new Map<string, number>();
  for (const t of header.tensors) {
    if (t.bytes === undefined) {
      return fail(
        `tensor ${t.name} has ggml type ${t.type}, which this reader does not know (or a shape that is not whole blocks)`,
      );
    }
    bytes += t.bytes;
    params += t.elements;
    if (/_exps\./.test(t.name)) expertParams += t.elements;
    const name = GGML_TYPES.get(t.type)!.name;
    typeBytes.set(name, (typeBytes.get(name) ?? 0) + t.bytes);
  }
  if (params === 0) return fail('the GGUF file has no tensors');

  const headCount = Math.max(...heads);
  const kvPerLayer = perLayer(key('attention.head_count_kv'), layers) ?? heads;
  const headDim = asNumber(key('attention.key_length')) ?? Math.floor(hidden / headCount);
  const kvLora = asNumber(key('attention.kv_lora_rank'));
  const ropeDim = asNumber(key('rope.dimension_count'));
  const slidingWindow = asNumber(key('attention.sliding_window'));
  const attention: LayerAttention[] = [];
  for (let i = 0; i < layers; i++) {
    if (kvLora && ropeDim) {
      const vDim = asNumber(key('attention.value_length')) ?? 128;
      attention.push({
        kind: 'mla',
        kvLoraRank: kvLora,
        qkRopeHeadDim: ropeDim,
        qkNopeHeadDim: Math.max(1, headDim - ropeDim),
        vHeadDim: vDim,
        ...(asNumber(key('attention.q_lora_rank')) ? { qLoraRank: asNumber(key('attention.q_lora_rank'))! } : {}),
      });
    } else if ((kvPerLayer[i] ?? 0) === 0) attention.push({ kind: 'none' });
    else if (slidingWindow && SLIDING_PATTERN[arch] && (i + 1) % SLIDING_PATTERN[arch]! !== 0)
      attention.push({ kind: 'sliding', windowTokens: slidingWindow });
    else attention.push({ kind: 'full' });
  }
  const kvValues = kvPerLayer.filter((n) => n > 0);
  const kvHeads = kvValues.length ? Math.max(...kvValues) : 1;
  if (new Set(kvValues).size > 1)
    warnings.push(
      `${arch}.attention.head_count_kv differs per layer; the KV cache is sized with the largest (${kvHeads})`,
    );
  if (slidingWindow && !SLIDING_PATTERN[arch])
    details.push(
      `${arch}.attention.sliding_window = ${slidingWindow}: which layers slide is not in the header, so every layer is sized with full attention`,
    );

  const experts = asNumber(key('expert_count')) ?? 0;
  const used = asNumber(key('expert_used_count')) ?? 0;
  const ffn = perLayer(key('feed_forward_length'), layers);
  const expertFfn = asNumber(key('expert_feed_forward_length'));
  const vocab = asNumber(key('vocab_size')) ?? tokenCount(md.get('tokenizer.ggml.tokens')) ?? 32000;
  const fileType = asNumber(md.get('general.file_type'));
  const bits = (bytes * 8) / params;
  const format = (fileType !== undefined ? FILE_TYPE_FORMATS.get(fileType) : undefined) ?? nearestGgufFormat(bits);
  const tied = !header.tensors.some((t) => t.name === 'output.weight');
  const denseLayers = asNumber(key('leading_dense_block_count')) ?? 0;
  const shared = asNumber(key('expert_shared_count')) ?? 0;
  const active = experts > 0 && used > 0 ? params - expertParams * (1 - used / experts) : params;

  const mix = [...typeBytes.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([t, b]) => `${t} ${((100 * b) / bytes).toFixed(0)} %`);
  details.push(
    `GGUF v${header.version}, ${header.tensors.length} tensors, ${bits.toFixed(2)} bits per weight (${mix.slice(0, 4).join(', ')})`,
  );
  const pattern = compress(attention);
  const entry: ModelEntry = {
    id: label,
    name: typeof md.get('general.name') === 'string' ? (md.get('general.name') as string) : label,
    family: arch,
    architecture: {
      layers,
      hiddenSize: hidden,
      attentionHeads: headCount,
      kvHeads,
      headDim,
      ffnSize: ffn ? Math.max(...ffn) : 4 * hidden,
      vocabSize: vocab,
      tiedEmbeddings: tied,
      maxContextTokens: asNumber(key('context_length')) ?? 4096,
      attention: pattern,
      ...(experts > 0 && used > 0
        ? {
            moe: {
              experts,
              expertsPerToken: used,
              expertFfnSize: expertFfn ?? (ffn ? Math.min(...ffn) : hidden),
              sharedExperts: shared > 0 ? 1 : 0,
              ...(shared > 0 && expertFfn ? { sharedExpertFfnSize: shared * expertFfn } : {}),
              denseLayers,
              gated: true,
            },
          }
        : {}),
    },
    totalParams: params,
    activeParams: Math.round(active),
    nativeWeights: format,
    checkpoint: { format, bytes, source: sourceFile },
    sources: [sourceFile],
  };
  return { ok: true, model: { entry, sourceFile, warnings, details } };
}

function tokenCount(v: GgufValue | undefined): number | undefined {
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === 'object' && 'skippedArray' in v) return v.skippedArray;
  return undefined;
}

/** One kind, or the shortest repeating pattern of the per-layer kinds. */
function compress(list: LayerAttention[]): LayerAttention | { pattern: LayerAttention[] } {
  const same = (x: LayerAttention, y: LayerAttention) => JSON.stringify(x) === JSON.stringify(y);
  for (let period = 1; period <= list.length; period++) {
    if (list.every((a, i) => same(a, list[i % period]!)))
      return period === 1 ? list[0]! : { pattern: list.slice(0, period) };
  }
  return { pattern: list };
}
