/**
 * A Hugging Face `config.json` → the estimator's model entry: architecture, parameters counted
 * from the shapes, and the checkpoint's exact bytes in the format its `quantization_config` names.
 *
 * How a family is added: its transformers defaults go in `defaults.json` (with the source file),
 * and a rule that differs from the others goes in `layers.ts` (attention kinds per layer, which
 * layers have experts, extra tensors). Unknown `model_type`s are mapped with llama's shapes and
 * a warning that lists every default assumed.
 */
import type { ModelEntry } from '../../catalog/types';
import type { DerivedModel, ModelFileResult } from '../derived';
import { sumParams, type TensorGroup } from '../tensors';
import { weightStorage } from './quantization';
import { ConfigReader, ConfigValueError, isObject, type Loose } from './read';
import { estimatorAttention, estimatorMoe, planText, type TextPlan } from './layers';
import { planVision, type VisionPlan } from './vision';
import { planDeepseekV4 } from './deepseekV4';
import defaultsData from './defaults.json';

interface FamilyDefaults {
  source: string;
  text?: string;
  defaults: Loose;
  vision?: Loose;
  /** A wrapper whose vision tower the reader does not size: what it is and where its shapes live. */
  visionUnsized?: string;
}

const FAMILIES = (defaultsData as unknown as { families: Record<string, FamilyDefaults> }).families;

/** The model types with a family mapping (others are mapped generically, with a warning). */
const KNOWN_MODEL_TYPES: readonly string[] = Object.keys(FAMILIES);

/** Aliases of model types that share a family's rules. */
const SAME_AS: Record<string, string> = {
  deepseek_v32: 'deepseek_v3',
  kimi_k2: 'deepseek_v3',
  gemma: 'gemma2',
  phi4: 'phi3',
  qwen2_vl: 'qwen2_5_vl',
};

const fail = (message: string): ModelFileResult => ({ ok: false, failure: { message, reason: 'invalid' } });

const billions = (n: number) => `${(n / 1e9).toFixed(n >= 1e10 ? 1 : 2)} B`;

/**
 * Maps a parsed config.json. `label` names the model (repo id or file name); `sourceFile` is shown
 * as the origin. Never throws: a config that cannot describe a model is a failure with a message.
 */
export function mapHfConfig(raw: unknown, sourceFile: string, label: string): ModelFileResult {
  if (!isObject(raw)) return fail('config.json is not a JSON object');
  try {
    return { ok: true, model: derive(raw, sourceFile, label) };
  } catch (error) {
    if (error instanceof ConfigValueError) return fail(`config.json: ${error.message}`);
    throw error;
  }
}

/** Parses config.json text, then maps it. */
export function mapHfConfigText(text: string, sourceFile: string, label: string): ModelFileResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('config.json is not valid JSON');
  }
  return mapHfConfig(raw, sourceFile, label);
}

function derive(raw: Loose, sourceFile: string, label: string): DerivedModel {
  const declared = typeof raw.model_type === 'string' ? raw.model_type : '';
  const outerType = SAME_AS[declared] ?? declared;
  const outer = FAMILIES[outerType];
  const warnings: string[] = [];
  const details: string[] = [];
  // Wrappers (multimodal): the text model is `text_config`, or the top level for Qwen2.5-VL.
  const nested = isObject(raw.text_config) ? raw.text_config : undefined;
  const wrapper = !!outer?.text || nested !== undefined;
  const textValues: Loose = nested ? { ...nested } : raw;
  const innerDeclared = typeof textValues.model_type === 'string' && nested ? textValues.model_type : undefined;
  const textType = SAME_AS[innerDeclared ?? ''] ?? innerDeclared ?? outer?.text ?? outerType;
  const textFamily = FAMILIES[textType];
  // Keys a wrapper sets for its text model (tie_word_embeddings on Gemma 3) apply when the text config omits them.
  const textDefaults: Loose = {
    ...FAMILIES.llama!.defaults,
    ...(textFamily?.defaults ?? {}),
    ...(wrapper ? (outer?.defaults ?? {}) : {}),
  };
  if (nested && raw.tie_word_embeddings !== undefined && nested.tie_word_embeddings === undefined)
    textValues.tie_word_embeddings = raw.tie_word_embeddings;
  const reader = new ConfigReader(textValues, textDefaults, nested ? 'text_config.' : '');
  const plan = textType === 'deepseek_v4' ? planDeepseekV4(reader) : planText(reader, textType);
  if (!textFamily) {
    warnings.push(
      `model_type '${declared || '(none)'}' has no family mapping (known: ${KNOWN_MODEL_TYPES.join(', ')}); mapped as a llama-style decoder` +
        (reader.defaulted.length ? `, assuming ${reader.defaulted.join(', ')}` : ' with every shape from config.json') +
        '; attention is full unless layer_types or a sliding window says otherwise',
    );
  }

  warnings.push(...plan.warnings);
  let vision: VisionPlan | undefined;
  if (wrapper && outer?.visionUnsized && isObject(raw.vision_config)) {
    warnings.push(
      `vision tower (${outer.visionUnsized}) is not counted: its shapes are not derivable from vision_config alone, so weights and memory leave it out`,
    );
  } else if (wrapper && (isObject(raw.vision_config) || outer?.vision)) {
    const visionValues = isObject(raw.vision_config) ? raw.vision_config : {};
    vision = planVision(new ConfigReader(visionValues, outer?.vision ?? {}, 'vision_config.'), outerType, plan.hidden);
    details.push(
      `vision tower ${vision.modelType}: ${vision.layers} layers, ${billions(vision.params)} parameters (with the projector; counted in the weights, not quantized)`,
    );
  }

  const groups: TensorGroup[] = [...plan.groups, ...(vision?.groups ?? [])];
  const storage = weightStorage(
    raw.quantization_config ?? textValues.quantization_config,
    raw.torch_dtype ?? raw.dtype ?? textValues.torch_dtype ?? textValues.dtype,
    textValues.expert_dtype,
  );
  warnings.push(...storage.warnings);
  const bytes = groups.reduce((n, g) => n + storage.bytesOf(g), 0);
  const total = sumParams(groups);
  const experts = sumParams(groups, ['expert']);
  const active = plan.moe ? total - experts * (1 - plan.moe.perToken / plan.moe.experts) : total;
  if (plan.mtpLayers > 0) {
    details.push(
      `${plan.mtpLayers} multi-token-prediction layer${plan.mtpLayers > 1 ? 's' : ''} (${plan.mtpKey ?? 'num_nextn_predict_layers'}, ${billions(sumParams(plan.mtpGroups))} parameters) in the checkpoint are not counted: engines load them only for speculative decoding`,
    );
  }
  if (plan.moeLayer.some((m, i) => m && plan.moeLayer.slice(i).some((x) => !x))) {
    details.push('experts interleaved with dense layers: sized as leading dense layers with the same counts');
  }
  const chunked = plan.attention.find((a) => a.kind === 'sliding' && a.chunked);
  if (chunked && chunked.kind === 'sliding')
    details.push(`chunked local attention (${chunked.window} tokens) is sized as a sliding window of that size`);
  const stateBytes = linearStateBytes(plan);
  if (stateBytes > 0)
    details.push(
      `linear-attention layers keep a recurrent state of ${(stateBytes / 2 ** 20).toFixed(1)} MiB per layer and sequence (bf16), no KV cache`,
    );
  details.push(...plan.notes);
  details.push(`weights: ${storage.description}`);

  const entry: ModelEntry = {
    id: label,
    name: label,
    family: declared || 'unknown',
    architecture: {
      layers: plan.layers,
      hiddenSize: plan.hidden,
      attentionHeads: plan.heads,
      kvHeads: plan.kvHeads,
      headDim: plan.headDim,
      ffnSize: plan.denseFfn,
      vocabSize: plan.vocab,
      tiedEmbeddings: plan.tied,
      maxContextTokens: plan.maxContext,
      attention: estimatorAttention(plan, stateBytes),
      ...(estimatorMoe(plan) ? { moe: estimatorMoe(plan)! } : {}),
    },
    totalParams: total,
    activeParams: Math.round(active),
    nativeWeights: storage.format,
    ...(storage.nonExpertBitsPerWeight !== undefined
      ? { nativeNonExpertBitsPerWeight: storage.nonExpertBitsPerWeight }
      : {}),
    checkpoint: { format: storage.format, bytes, source: sourceFile },
    sources: [
      sourceFile,
      ...(textFamily ? [textFamily.source] : []),
      ...(wrapper && outer && outer !== textFamily ? [outer.source] : []),
    ],
  };
  return { entry, sourceFile, warnings, details };
}

/**
 * State per sequence of one linear-attention layer, bytes: the Gated DeltaNet recurrent state
 * (value heads × key dim × value dim, in the config's mamba_ssm_dtype: fp32 or bf16) plus the
 * causal-conv window ((kernel − 1) × conv dim, bf16).
 */
function linearStateBytes(p: TextPlan): number {
  if (!p.linear) return 0;
  const g = p.linear;
  const recurrent = g.valueHeads * g.keyDim * g.valueDim * g.recurrentBytes;
  const conv = (g.convKernel - 1) * (2 * g.keyHeads * g.keyDim + g.valueHeads * g.valueDim) * 2;
  // Spread over the linear layers only; the estimator adds it per such layer.
  return recurrent + conv;
}
