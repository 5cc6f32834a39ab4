/**
 * Names in manifests → catalog ids: Hugging Face repo ids and GGUF file names → model (+ the
 * checkpoint's weight format), node labels and instance types → device. Uses the catalog's own
 * ids and aliases (case-insensitive) after normalising the spellings manifests use.
 */
import type { Catalog, HardwareEntry, ModelEntry } from '../catalog';
import {
  findHardwareByLabel,
  findInstanceFamily,
  findInstanceType,
  findModelByHuggingFaceId,
} from '../catalog/aliases';

/** A model as named in a manifest, resolved. */
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
  [/(^|[-_.])mxfp4([-_.]|$)/i, 'mxfp4'],
  [/(^|[-_.])fp8([-_.]|$)|[-_.]w8a8-fp8/i, 'fp8'],
  [/(^|[-_.])int8([-_.]|$)|[-_.]w8a8([-_.]|$)/i, 'int8'],
];

/** GGUF quantization token of a file name (`…-Q4_K_M.gguf`, `….Q8_0.gguf`, `…-IQ3_XXS-00001-of-00002.gguf`). */
const GGUF_QUANT = /[-_.](I?Q\d(?:_[A-Z0-9]+)*|BF16|F16|F32)(?=[-_.])/i;

/** Suffixes that name a variant of the same architecture. */
const VARIANT_SUFFIX =
  /[-_.](instruct|chat|hf|it|base|awq|gptq|fp8|int4|int8|nvfp4|mxfp4|w4a16|w8a8|dynamic|gguf|(?:i?q\d(?:_[a-z0-9]+)*)|bf16|f16|f32|v\d+(?:\.\d+)?|\d{4})$/i;

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
      .find(Boolean);
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

/** Node label keys that name the device type. */
export const DEVICE_LABELS = [
  'nvidia.com/gpu.product',
  'cloud.google.com/gke-accelerator',
  'karpenter.k8s.aws/instance-gpu-name',
  // EKS Auto Mode's copies of the Karpenter labels (docs.aws.amazon.com/eks/latest/userguide/auto-accelerated.html).
  'eks.amazonaws.com/instance-gpu-name',
  'karpenter.k8s.aws/instance-family',
  'eks.amazonaws.com/instance-family',
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
  'karpenter.sh/instance-type',
  'amd.com/gpu.product-name',
  'gpu.nvidia.com/model',
  // A DRA claim's CEL selector on the product name (workloads.ts DRA_PRODUCT_LABEL).
  'resource.k8s.io/productName',
  // Ray's accelerator_type (ray.util.accelerators: "A10G", "L4", "H100"), read as a GPU name.
  'ray.io/accelerator-type',
];

/** Device and GPU count of a cloud instance type (catalog instances.json, via catalog/aliases). */
export function matchInstanceType(id: string, catalog: Catalog): { hardware: HardwareEntry; gpus: number } | undefined {
  const found = findInstanceType(id, catalog);
  return found ? { hardware: found.hardware, gpus: found.gpus } : undefined;
}

/**
 * A device label value → catalog device: the catalog's node labels (GPU feature discovery
 * products, GKE accelerators, Karpenter GPU names; catalog/aliases), else a catalog id or alias
 * (`llm-sizing/hardware`-style values written in a label).
 */
export function matchHardwareLabel(value: string, catalog: Catalog, key = ''): HardwareEntry | undefined {
  if (key.endsWith('/instance-family')) return findInstanceFamily(value, catalog);
  return findHardwareByLabel(value, catalog) ?? catalog.hardware.get(value.trim());
}
