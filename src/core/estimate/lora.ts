/**
 * Serving LoRA adapters on one base model (issue 16 item 3): the GPU slots the engine preallocates
 * and the time its LoRA kernels add to every forward pass. Constants and sources: lora.json.
 *
 * Memory, per GPU, one slot (vLLM, SGLang): layers × Σ over LoRA'd projections of
 * rank × (in·α + out·β) elements in the model's 16-bit dtype, α = 1, β = 1/TP for column-parallel
 * projections (q, k, v, gate, up: A whole, B split) and α = 1/TP, β = 1 for row-parallel ones (o,
 * down); vLLM adds embed_tokens and lm_head slots of 2·(vocab + hidden)·rank; TensorRT-LLM sizes
 * every projection like the widest. Slots × that, at the engine's max rank whatever the adapters'
 * ranks; llama.cpp keeps every adapter resident instead. The slots come out of the KV budget.
 *
 * Time, per forward pass: two small kernels per LoRA'd group per layer (vLLM packs q/k/v and
 * gate/up: 4 groups all-linear, 2 attention-only) at a fixed cost each (graph-captured), plus the
 * distinct adapters' slot bytes read once, plus the activations the kernels read and write per
 * token (x once per projection, y read and written), plus 2·rank·(in + out) FLOPs per token per
 * projection. MoE models carry LoRA on attention only here (expert LoRA slots scale with experts
 * and are not modelled).
 */
import data from './lora.json';
import type { EstimateRequest, LoraServing } from './types';

interface EngineLora {
  defaultMaxLoras: number | 'adapters';
  embeddingSlots: boolean;
  paddedToWidest: boolean;
}

const ENGINES = data.engines as Record<string, EngineLora>;
const KERNEL_MS = data.kernelUs / 1000;
/** LoRA weights and activations are 16-bit (vLLM lora_dtype auto = the model's bf16/fp16). */
const BYTES = 2;

/** The LoRA behaviour of an engine; engines without data follow vLLM (stated in the assumptions). */
export function engineLora(engineId: string): EngineLora & { known: boolean } {
  const e = ENGINES[engineId];
  return e ? { ...e, known: true } : { ...ENGINES['vllm']!, known: false };
}

/** Default GPU slots of an engine for `adapters` adapters. */
export function defaultMaxLoras(engineId: string, adapters: number): number {
  const d = engineLora(engineId).defaultMaxLoras;
  return d === 'adapters' ? adapters : Math.min(adapters, d);
}

/** One LoRA'd projection's A and B sizes on one GPU, per unit of rank: in·α and out·β. */
interface Projection {
  input: number;
  output: number;
}

/**
 * The projections of one layer that carry LoRA (MoE: attention only), as one GPU holds them:
 * column-parallel ones (q, k, v, gate, up) keep A whole and split B over the tensor ranks,
 * row-parallel ones (o, down) split A and keep B whole.
 */
function projections(req: EstimateRequest, lora: LoraServing): Projection[] {
  const a = req.model.architecture;
  const tp = Math.max(1, req.parallelism.tensor);
  const q = a.attentionHeads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  const h = a.hiddenSize;
  const column = (input: number, output: number): Projection => ({ input, output: output / tp });
  const row = (input: number, output: number): Projection => ({ input: input / tp, output });
  const out = [column(h, q), column(h, kv), column(h, kv), row(q, h)];
  if (lora.targetModules === 'all-linear' && !a.moe)
    out.push(column(h, a.ffnSize), column(h, a.ffnSize), row(a.ffnSize, h));
  return out;
}

/** Layers of the most loaded pipeline stage: ceil(L / pp). */
function stageLayers(req: EstimateRequest): number {
  return Math.ceil(req.model.architecture.layers / Math.max(1, req.parallelism.pipeline));
}

/** Bytes of one adapter slot on one GPU at the engine's max rank. */
function slotBytes(req: EstimateRequest, lora: LoraServing): number {
  const a = req.model.architecture;
  const e = engineLora(req.engine.id);
  // TensorRT-LLM pages: a page is as wide as the narrowest projection, each projection takes as
  // many pages as the widest needs (peftCacheManager.cpp getPageManagerConfig).
  const widths = projections(req, lora).map((p) => p.input + p.output);
  const narrowest = Math.min(...widths);
  const paged = Math.ceil(Math.max(...widths) / narrowest) * narrowest;
  const perLayer = e.paddedToWidest ? widths.length * paged : widths.reduce((s, x) => s + x, 0);
  const embeddings = e.embeddingSlots ? 2 * (a.vocabSize + a.hiddenSize) : 0;
  return (stageLayers(req) * perLayer + embeddings) * lora.rank * BYTES;
}

/** GPU memory the adapters take on one GPU, bytes (out of the KV budget). */
export function loraBytesPerGpu(req: EstimateRequest): number {
  const lora = req.lora;
  if (!lora) return 0;
  return lora.maxLoras * slotBytes(req, lora);
}

/** Expected distinct adapters among `batch` requests spread evenly over `adapters`, capped by the slots. */
export function distinctAdapters(lora: LoraServing, batch: number): number {
  const n = Math.max(1, lora.adapters);
  const expected = n * (1 - Math.pow(1 - 1 / n, Math.max(1, batch)));
  return Math.max(1, Math.min(lora.maxLoras, expected));
}

/** Kernels the LoRA layers launch per forward pass: two per LoRA'd group per layer. */
function kernels(req: EstimateRequest, lora: LoraServing): number {
  const groups = lora.targetModules === 'all-linear' && !req.model.architecture.moe ? 4 : 2;
  return stageLayers(req) * groups * 2;
}

/** The per-token part of LoRA's time for `tokens` tokens, ms: activation traffic ÷ bandwidth + FLOPs ÷ compute. */
export function loraTokensMs(req: EstimateRequest, bytesPerMs: number, flopsPerMs: number, tokens: number): number {
  const lora = req.lora;
  if (!lora || tokens <= 0) return 0;
  const ps = projections(req, lora);
  const layers = stageLayers(req);
  // x is read once per projection, y read and written once: BYTES·(in + 2·out) per token per layer.
  const activationBytes = layers * ps.reduce((s, p) => s + p.input + 2 * p.output, 0) * BYTES * tokens;
  const flops = 2 * lora.rank * layers * ps.reduce((s, p) => s + p.input + p.output, 0) * tokens;
  return activationBytes / bytesPerMs + flops / flopsPerMs;
}

/**
 * Time LoRA adds to one forward pass of `tokens` tokens from `sequences` requests, ms: its fixed
 * kernels + the distinct adapters' slots read once + the per-token part.
 */
export function loraPassMs(
  req: EstimateRequest,
  bytesPerMs: number,
  flopsPerMs: number,
  tokens: number,
  sequences: number,
): number {
  const lora = req.lora;
  if (!lora || tokens <= 0) return 0;
  const weightBytes = distinctAdapters(lora, sequences) * slotBytes(req, lora);
  return kernels(req, lora) * KERNEL_MS + weightBytes / bytesPerMs + loraTokensMs(req, bytesPerMs, flopsPerMs, tokens);
}
