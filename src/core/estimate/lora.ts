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
 * projection.
 *
 * MoE models: vLLM wraps the routed experts too (`FusedMoEWithLoRA`, vllm/lora/layers/fused_moe.py):
 * slots of every expert's gate/up (A whole, B split) and down (A split, B whole) per MoE layer, plus
 * the dense layers' MLP and the shared experts; per pass it reads only the experts the tokens reach
 * and runs two more kernel pairs per MoE layer (w13, w2). It refuses expert parallelism. Engines
 * without MoE LoRA data carry LoRA on a MoE model's attention only (lora.json `moeExperts`).
 */
import data from './lora.json';
import type { EstimateRequest, LoraServing } from './types';
import { expertsTouched } from './weights';

interface EngineLora {
  defaultMaxLoras: number | 'adapters';
  embeddingSlots: boolean;
  paddedToWidest: boolean;
  /** Whether the engine wraps a MoE model's experts (and its dense MLPs) with LoRA. */
  moeExperts?: boolean;
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
 * LoRA'd projections of one kind and how many of them the most loaded pipeline stage holds
 * (`count`: layers, or layers × experts for routed experts), and how many a token passes through
 * (`perToken`: layers, or layers × experts per token).
 */
interface Group {
  projections: Projection[];
  count: number;
  perToken: number;
  /** Kernel pairs (shrink + expand) one layer of this kind launches. */
  kernelPairs: number;
  /** Routed experts: a pass reads only the experts its tokens reach. */
  experts?: { total: number; perToken: number };
}

/**
 * The projections that carry LoRA, as one GPU holds them: column-parallel ones (q, k, v, gate, up)
 * keep A whole and split B over the tensor ranks, row-parallel ones (o, down) split A and keep B
 * whole; vLLM packs q/k/v and gate/up, so attention and an MLP are two groups each.
 */
function groups(req: EstimateRequest, lora: LoraServing): Group[] {
  const a = req.model.architecture;
  const tp = Math.max(1, req.parallelism.tensor);
  const q = a.attentionHeads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  const h = a.hiddenSize;
  const column = (input: number, output: number): Projection => ({ input, output: output / tp });
  const row = (input: number, output: number): Projection => ({ input: input / tp, output });
  // `input`: the width the MLP reads and writes (a latent MoE's routed experts: its latentSize).
  const mlp = (width: number, gated: boolean | undefined, input = h): Projection[] =>
    gated === false
      ? [column(input, width), row(width, input)]
      : [column(input, width), column(input, width), row(width, input)];
  // The most loaded pipeline stage holds ceil(L / pp) layers, each kind in proportion.
  const stage = Math.ceil(a.layers / Math.max(1, req.parallelism.pipeline)) / a.layers;
  const layers = (n: number) => ({ count: n * stage, perToken: n * stage });
  const out: Group[] = [
    { projections: [column(h, q), column(h, kv), column(h, kv), row(q, h)], ...layers(a.layers), kernelPairs: 2 },
  ];
  if (lora.targetModules !== 'all-linear') return out;
  const moe = a.moe;
  if (!moe) {
    out.push({ projections: mlp(a.ffnSize, a.gatedFfn), ...layers(a.layers), kernelPairs: 2 });
    return out;
  }
  if (!engineLora(req.engine.id).moeExperts) return out;
  const moeLayers = Math.max(0, a.layers - moe.denseLayers);
  if (moe.denseLayers > 0)
    out.push({ projections: mlp(a.ffnSize, a.gatedFfn), ...layers(moe.denseLayers), kernelPairs: 2 });
  if (moe.sharedExperts > 0)
    out.push({
      projections: mlp(moe.sharedExperts * (moe.sharedExpertFfnSize ?? moe.expertFfnSize), moe.gated),
      ...layers(moeLayers),
      kernelPairs: 2,
    });
  out.push({
    projections: mlp(moe.expertFfnSize, moe.gated, moe.latentSize ?? h),
    count: moeLayers * stage * moe.experts,
    perToken: moeLayers * stage * moe.expertsPerToken,
    kernelPairs: 2,
    experts: { total: moe.experts, perToken: moe.expertsPerToken },
  });
  return out;
}

/** Elements per unit of rank of one group's projections: Σ (in + out). */
const width = (g: Group): number => g.projections.reduce((s, p) => s + p.input + p.output, 0);

/**
 * Bytes of one adapter slot on one GPU at the engine's max rank; `expertShare` scales the routed
 * experts' part (1: every expert, as the slots hold them; less: the experts one pass reads).
 */
function slotBytes(req: EstimateRequest, lora: LoraServing, expertShare = 1): number {
  const a = req.model.architecture;
  const e = engineLora(req.engine.id);
  const gs = groups(req, lora);
  let elements: number;
  if (e.paddedToWidest) {
    // TensorRT-LLM pages: a page is as wide as the narrowest projection, each projection takes as
    // many pages as the widest needs (peftCacheManager.cpp getPageManagerConfig).
    const widths = gs.flatMap((g) => g.projections.map((p) => p.input + p.output));
    const narrowest = Math.min(...widths);
    const paged = Math.ceil(Math.max(...widths) / narrowest) * narrowest;
    elements = gs.reduce((s, g) => s + g.count * g.projections.length * paged, 0);
  } else {
    elements = gs.reduce((s, g) => s + g.count * width(g) * (g.experts ? expertShare : 1), 0);
  }
  const embeddings = e.embeddingSlots ? 2 * (a.vocabSize + a.hiddenSize) : 0;
  return (elements + embeddings) * lora.rank * BYTES;
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
  // Routed experts: one kernel pair per MoE layer for w13 and one for w2, whatever the experts.
  return groups(req, lora).reduce(
    (s, g) => s + (g.experts ? g.count / g.experts.total : g.count) * g.kernelPairs * 2,
    0,
  );
}

/** The per-token part of LoRA's time for `tokens` tokens, ms: activation traffic ÷ bandwidth + FLOPs ÷ compute. */
export function loraTokensMs(req: EstimateRequest, bytesPerMs: number, flopsPerMs: number, tokens: number): number {
  const lora = req.lora;
  if (!lora || tokens <= 0) return 0;
  const gs = groups(req, lora);
  // x is read once per projection, y read and written once: BYTES·(in + 2·out) per token per layer
  // (a token passes through its k experts only).
  const activationBytes =
    gs.reduce((s, g) => s + g.perToken * g.projections.reduce((t, p) => t + p.input + 2 * p.output, 0), 0) *
    BYTES *
    tokens;
  const flops = 2 * lora.rank * gs.reduce((s, g) => s + g.perToken * width(g), 0) * tokens;
  return activationBytes / bytesPerMs + flops / flopsPerMs;
}

/** Whether a request's LoRA covers its routed experts (vLLM's MoE LoRA, all-linear on a MoE model). */
export function loraCoversExperts(req: EstimateRequest): boolean {
  return req.lora !== undefined && groups(req, req.lora).some((g) => g.experts !== undefined);
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
  // Each distinct adapter's slot is read once, its routed experts only where the tokens go.
  const moe = req.model.architecture.moe;
  const share = moe ? expertsTouched(moe.experts, moe.expertsPerToken, tokens) / moe.experts : 1;
  const weightBytes = distinctAdapters(lora, sequences) * slotBytes(req, lora, share);
  return kernels(req, lora) * KERNEL_MS + weightBytes / bytesPerMs + loraTokensMs(req, bytesPerMs, flopsPerMs, tokens);
}
