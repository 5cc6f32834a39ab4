/**
 * A model reference as other tools write it → the catalog model and the weight format its
 * checkpoint name states: a Hugging Face repo id (`nvidia/Llama-3.3-70B-Instruct-FP8` is
 * `llama-3.3-70b` with FP8 weights, `nvidia/DeepSeek-R1-0528-FP4` is `deepseek-r1` in NVFP4), a
 * path or GGUF file name (`…-Q4_K_M.gguf`), an Ollama tag (`llama3.1:8b`). Used by the manifest
 * mapping and by accuracy cases that name a model by its repo. Pure; case-insensitive.
 *
 * A name resolves to a catalog model only when, with the variant words stripped (instruct, chat,
 * a date, the quantization), it is the model's id or one of its own repos' names stripped the same
 * way; a name that is something else (`Kimi-K2-Thinking`, natively INT4, is not `kimi-k2`'s FP8
 * checkpoint) stays unknown rather than borrowing a neighbour's weights.
 */
import type { Catalog, ModelEntry } from './index';
import { findModelByHuggingFaceId } from './aliases';

/** A model reference, resolved. */
export interface ModelMatch {
  model?: ModelEntry;
  /** Weight format the checkpoint name states (`-AWQ`, `-FP8`, `Q4_K_M.gguf`), when it states one. */
  checkpointWeights?: string;
  /** The name as a user would recognise it (repo id or file name). */
  name: string;
  /** A local path or a name the catalog does not know. */
  unknown: boolean;
  gguf: boolean;
}

const CHECKPOINT_FORMATS: Array<[RegExp, string]> = [
  [/(^|[-_.])awq([-_.]|$)/i, 'int4-awq'],
  [/(^|[-_.])gptq([-_.]|$)|[-_.]w4a16([-_.]|$)/i, 'int4-gptq'],
  [/(^|[-_.])nvfp4([-_.]|$)/i, 'nvfp4'],
  // NVIDIA's `-FP4` ModelOpt checkpoints (nvidia/DeepSeek-R1-0528-FP4, nvidia/Llama-3.3-70B-Instruct-FP4)
  // are NVFP4: their model cards say "quantized to NVFP4", hf_quant_config.json quant_algo NVFP4.
  [/(^|[-_.])fp4([-_.]|$)/i, 'nvfp4'],
  [/(^|[-_.])mxfp4([-_.]|$)/i, 'mxfp4'],
  [/(^|[-_.])fp8([-_.]|$)|[-_.]w8a8-fp8/i, 'fp8'],
  [/(^|[-_.])int8([-_.]|$)|[-_.]w8a8([-_.]|$)/i, 'int8'],
];

/** GGUF quantization token of a file name (`…-Q4_K_M.gguf`, `….Q8_0.gguf`, `…-IQ3_XXS-00001-of-00002.gguf`). */
const GGUF_QUANT = /[-_.](I?Q\d(?:_[A-Z0-9]+)*|BF16|F16|F32)(?=[-_.])/i;

/**
 * Suffixes that name a variant of the same architecture and weights layout: the chat tuning, a
 * dated re-release (`-0528`, `-2507`), a quantization (`-FP8-dynamic`, `-quantized.w4a16`, AMD's
 * `-FP8-KV`, Gemma's `-qat`). Not `thinking`: Kimi-K2-Thinking ships INT4 experts, unlike K2.
 */
const VARIANT_SUFFIX =
  /[-_.](instruct|chat|hf|it|base|awq|gptq|fp8|fp4|int4|int8|nvfp4|mxfp4|w4a16|w8a8|dynamic|quantized|kv|qat|gguf|(?:i?q\d(?:_[a-z0-9]+)*)|bf16|f16|f32|v\d+(?:\.\d+)?|\d{4})$/i;

/** A name with every variant suffix stripped, as `candidates` ends: the comparison key. */
function strippedName(name: string): string {
  return candidates(name).at(-1) ?? name.toLowerCase();
}

/** Per catalog: the stripped name of each of its models' own repos → the model. */
const repoNames = new WeakMap<Catalog, Map<string, ModelEntry>>();

/**
 * The catalog model one of whose own repos has this stripped name (`llama-4-maverick-17b-128e`
 * from meta-llama/Llama-4-Maverick-17B-128E-Instruct), when exactly one model has it.
 */
function modelByRepoName(stripped: string, catalog: Catalog): ModelEntry | undefined {
  let byName = repoNames.get(catalog);
  if (!byName) {
    const seen = new Map<string, ModelEntry | null>();
    for (const m of catalog.models.entries)
      for (const repo of m.huggingface ?? []) {
        const key = strippedName(repo.split('/').pop() ?? repo);
        const had = seen.get(key);
        seen.set(key, had === undefined || had === m ? m : null);
      }
    byName = new Map([...seen].filter((e): e is [string, ModelEntry] => e[1] !== null));
    repoNames.set(catalog, byName);
  }
  return byName.get(stripped);
}

function candidates(name: string): string[] {
  const out: string[] = [];
  let n = name
    .toLowerCase()
    .replace(/\.gguf$/, '')
    .replace(/-\d{5}-of-\d{5}$/, '');
  out.push(n);
  // NIM and Ollama write `llama3-70b-instruct`, `meta-llama3-8b`: the catalog's `llama-3-70b`.
  n = n.replace(/^meta-llama-?/, 'llama-').replace(/^llama(\d)/, 'llama-$1');
  for (let i = 0; i < 6; i++) {
    out.push(n);
    const next = n.replace(VARIANT_SUFFIX, '');
    if (next === n) break;
    n = next;
  }
  out.push(n);
  return [...new Set(out)];
}

/** Resolves a model reference: `org/name` (optionally `hf://`), a path ending in a repo or GGUF file, an Ollama tag. */
export function matchModel(reference: string, catalog: Catalog): ModelMatch {
  const raw = reference
    .trim()
    .replace(/^hf:\/\//i, '')
    .replace(/^huggingface:\/\//i, '');
  const gguf = /\.gguf$/i.test(raw) || /:(?:I?Q\d|BF16|F16)/i.test(raw);
  const file = raw.split('/').pop() ?? raw;
  const name = raw.startsWith('/') || raw.startsWith('.') ? file : raw;
  let checkpointWeights: string | undefined;
  const ggufQuant = GGUF_QUANT.exec(file.replace(/:/g, '-') + '.')?.[1];
  if (gguf && ggufQuant) checkpointWeights = ggufQuant.toLowerCase().replace(/^f16$/, 'fp16').replace(/^f32$/, 'fp32');
  if (!checkpointWeights) for (const [re, id] of CHECKPOINT_FORMATS) if (re.test(file)) checkpointWeights = id;
  if (checkpointWeights && !catalog.formats.get(checkpointWeights)) checkpointWeights = undefined;
  const library = ollamaTag(raw, catalog);
  // Ollama library tags without a quantization suffix are Q4_K_M (ollama.com/library, "latest" tags).
  if (library && !checkpointWeights && !/:.*-(?:q\d|fp16|bf16)/i.test(raw)) checkpointWeights = 'q4_k_m';
  const repo = raw.replace(/:.*$/, '');
  const direct =
    findModelByHuggingFaceId(repo, catalog) ?? catalog.models.get(raw) ?? catalog.models.get(repo) ?? library;
  const base = file.replace(/:.*$/, '').replace(/-gguf$/i, '');
  const model =
    direct ??
    candidates(base)
      .map((c) => catalog.models.get(c))
      .find(Boolean) ??
    modelByRepoName(strippedName(base), catalog);
  return {
    ...(model ? { model } : {}),
    ...(checkpointWeights ? { checkpointWeights } : {}),
    name,
    unknown: !model,
    gguf,
  };
}

/** Ollama library tags: `llama3.1:8b` → llama-3.1-8b, `qwen2.5:72b`, `gemma2:9b` (ollama.com/library). */
function ollamaTag(raw: string, catalog: Catalog): ModelEntry | undefined {
  const m = /^([a-z]+)(\d[\d.]*)?:(\d+(?:\.\d+)?b)(?:-|$)/i.exec(raw);
  if (!m) return undefined;
  const [, family, version, size] = m;
  const names = [`${family}${version ?? ''}-${size}`, `${family}-${version ?? ''}-${size}`, `${family}-${size}`];
  return names.map((n) => catalog.models.get(n.toLowerCase().replace(/--/g, '-'))).find(Boolean);
}
