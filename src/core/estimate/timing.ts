/**
 * Step-time models (estimator-methods.md §3.4), all in milliseconds for one replica:
 * - prefill: compute roofline  t = max(FLOPs/(peak·η_c), bytes/(BW·η_bw)) + overheads, with
 *   FLOPs = 2·active params·tokens (+ the lm_head for the last token only) and the causal
 *   attention term L·S²·heads·(d_qk + d_v) at η_c·attentionEffFactor;
 * - decode step at batch B: t = max(bytes/(BW·η_bw), FLOPs/(peak·η_c)) + step overhead
 *   + L·layer overhead + 2·L all-reduces (TP) + (PP−1) stage hops, where bytes = active weights
 *   (MoE: experts touched by B tokens) + B·KV(context) per TP rank.
 * With pipeline stages the replica runs PP micro-batches, so a round in which every sequence
 * advances one token reads all weights once: PP adds hops, not bandwidth (it adds capacity).
 * With attention data parallel (DP ranks of TP GPUs each) a rank runs attention, the dense layers
 * and its KV for its own B/DP sequences, and the routed experts of all B tokens are spread over
 * TP × DP GPUs; the MoE dispatch and combine are costed like the two all-reduces of a layer over
 * the TP × DP group with the rank's tokens (a first-order stand-in for all-to-all: same bytes per
 * GPU within 2×, same per-call latency). Load between ranks is assumed even.
 */
import { loraPassMs, loraTokensMs } from './lora';
import type { EstimateRequest } from './types';
import type { HardwareEntry, LayerAttention } from '../catalog/types';
import type { MeasuredCorrection } from '../calibrate/corrections';
import type { Calibration, EngineCalibration } from './calibration';
import { engineCalibration } from './calibration';
import { attentionPeakTflops, isBlockQuantized, peakTflops, sixteenBitPeakTflops } from './hardware';
import { ELEMENTWISE_BANDWIDTH_SHARE, type ElementwiseBytes, elementwiseBytesPerToken } from './elementwise';
import { gpuBackend } from './backend';
import { type ActivationQuant, fusedNormKernels, kernelsPerForward, quantKernelsPerForward } from './kernels';
import { attentionLayerCount, isCompressedMla, kvBytesReadPerStep } from './kv';
import { layerAttention } from './params';
import type { MemoryModel } from './memory';
import { expertsTouched, sixteenBitAttentionParams, sixteenBitBodyParams } from './weights';

export interface TimingModel {
  eng: EngineCalibration;
  /** Effective bandwidth per GPU, bytes/ms. */
  bwBytesPerMs: number;
  /** Effective GEMM rate per GPU, FLOP/ms. */
  flopsPerMs: number;
  /** Effective attention rate per GPU, FLOP/ms. */
  attnFlopsPerMs: number;
  /** FLOP-equivalents at attnFlopsPerMs per FLOP of an attention kernel that computes at another precision. */
  attnRates: AttentionRates;
  /**
   * Effective rate of the lm_head GEMM per GPU, FLOP/ms: the 16-bit rate when the format keeps the
   * embeddings and lm_head in 16 bits (FP8, NVFP4, MXFP4, INT8 and AWQ checkpoints exclude the
   * lm_head from quantization: ModelOpt `exclude_modules: ["lm_head"]`), else the GEMMs' rate.
   */
  headFlopsPerMs: number;
  /**
   * Extra FLOP-equivalents per token for body GEMMs whose weights stay at 16 bits under a
   * low-precision format (MXFP4 MoE non-expert layers, NVFP4 MLA latent projections: weights.ts
   * sixteenBitBodyParams): 2·those params × (GEMM rate ÷ 16-bit rate − 1), so dividing by
   * flopsPerMs gives their time at the 16-bit rate.
   */
  sixteenBitGemmExtraFlopsPerToken: number;
  peakTflops: number;
  precision: string;
  /** Attention's peak and precision: the KV cache's (hardware.ts attentionPeakTflops). */
  attnPeakTflops: number;
  attnPrecision: string;
  bwEff: number;
  /** GEMM efficiency at 16 bits (the engine's fitted η_c); flopsPerMs also has `lowPrecisionShare`. */
  computeEff: number;
  /** Share of a low-precision peak its GEMMs reach relative to 16-bit (1 at 16 bits). */
  lowPrecisionShare: number;
  quantized: boolean;
  /** One all-reduce of one token's hidden state: fixed part (ms) and per-token part (ms). */
  allReduceFixedMs: number;
  allReducePerTokenMs: number;
  stepOverheadMs: number;
  layerOverheadMs: number;
  /** Extra per MoE layer per step, ms (ROCm's FP8 fused-MoE time included). */
  moeLayerOverheadMs: number;
  /** ROCm's FP8 fused-MoE time, ms per MoE layer: 0 where it does not apply (`rocmFp8Moe`). */
  rocmFp8MoeLayerMs: number;
  /** Kernels one forward pass launches (kernels.ts). */
  kernels: number;
  /**
   * Kernels of a prompt's eager pass: `kernels` plus one activation-quantization kernel per
   * low-precision GEMM input, each paying its host-side dispatch (in a CUDA-graph-captured decode
   * step these few-µs elementwise kernels are not counted: fitted that way, cross-validated TPOT
   * went 18.5% → 23.4% and throughput 17.8% → 21.5%).
   */
  prefillKernels: number;
  /**
   * Launch-bound time of one decode step: its kernels × the engine's time per graph-captured
   * kernel, ms; with CUDA graphs off (`eagerDecode`), the eager pass's kernels at the eager time.
   */
  kernelOverheadMs: number;
  /** Decode steps launch every kernel eagerly: vLLM `--enforce-eager`, SGLang `--disable-cuda-graph`. */
  eagerDecode: boolean;
  /** The same kernels launched eagerly, as a prompt runs them, ms. */
  prefillKernelOverheadMs: number;
  /** Share of the shorter of a prompt's host dispatch and GPU work the other does not hide (calibration.ts). */
  prefillSyncShare: number;
  /** Norms, activations and MoE expert sums between the GEMMs: bytes per token (elementwise.ts). */
  elementwise: ElementwiseBytes;
  /** The rate those elementwise kernels stream at, bytes/ms per GPU. */
  elementwiseBytesPerMs: number;
  /** Expert weights stream at bwBytesPerMs × this. */
  expertBwFactor: number;
  hopMs: number;
  /** Rows per expert at which an expert GEMM reaches half its efficiency. */
  expertHalfTokens: number;
  /**
   * Wide expert parallel (MoE with data-parallel attention): one token's all-to-all dispatch and
   * combine over one MoE layer, ms per token per rank (0 without it), and its fixed part per
   * all-to-all (ms).
   */
  allToAllPerTokenMs: number;
  allToAllFixedMs: number;
  /** When a tensor or expert group spans nodes: what it crosses, for the assumptions. */
  crossNodeNote?: string;
}

/**
 * GPUs one NVLink (or Infinity Fabric) domain joins: an 8-GPU baseboard, a 72-GPU NVL72 rack;
 * PCIe cards and single devices share no such fabric.
 */
function fabricDomain(req: EstimateRequest): number {
  const hw = req.hardware;
  if (hw.interconnect.kind === 'pcie' || hw.interconnect.kind === 'none') return 1;
  const board = hw.server === 'nvl72-rack' ? 72 : hw.server === 'board-8' ? 8 : 1;
  // A replica the deployment spreads over nodes of fewer GPUs (2 pods × 4) has smaller domains.
  return req.gpusPerNode !== undefined ? Math.max(1, Math.min(board, req.gpusPerNode)) : board;
}

/**
 * Bytes/ms per GPU between nodes: the placement's `network` Gb/s per GPU, else one 400 Gb/s NIC
 * per GPU (NVIDIA HGX reference design "2-8-9-400" for H100/H200/B200), at 90% — DeepEP's
 * measured internode RDMA bandwidth, 43–47 GB/s of 50 (deepseek-ai/DeepEP README, EP 16–256).
 */
function networkBytesPerMs(req: EstimateRequest): number {
  return ((req.networkGbpsPerGpu ?? 400) / 8) * 1e6 * 0.9;
}

/**
 * Latency of one small all-reduce that crosses the network, µs: nccl-tests all_reduce_perf between
 * two 8× A100 nodes over HDR InfiniBand, 8–128 B: 19–21 µs (NVIDIA/nccl-tests#150).
 */
const NETWORK_LATENCY_US = 20;

/**
 * Key of an efficiency table for a device: `class:vendor` when the table has one (unified-memory
 * SoCs of different vendors run different kernels: Metal vs CUDA), else `class:memoryType` when it
 * has one (a GDDR data-centre card is workstation silicon), else the class.
 */
function classKey(table: Record<string, number>, hw: HardwareEntry): string {
  const byVendor = `${hw.class}:${hw.vendor.toLowerCase()}`;
  if (byVendor in table) return byVendor;
  const byMemory = hw.memoryType && `${hw.class}:${hw.memoryType}`;
  return byMemory && byMemory in table ? byMemory : hw.class;
}

/** An engine's overheads with a workspace correction added (never below zero). */
function corrected(eng: EngineCalibration, c: MeasuredCorrection | undefined): EngineCalibration {
  if (!c || (c.stepOverheadMs === 0 && c.requestOverheadMs === 0)) return eng;
  return {
    ...eng,
    stepOverheadUs: Math.max(0, eng.stepOverheadUs + c.stepOverheadMs * 1000),
    ttftOverheadMs: Math.max(0, eng.ttftOverheadMs + c.requestOverheadMs),
  };
}

/** Builds the rates and overheads for a request (with the workspace's measured correction, if any). */
export function timingModel(req: EstimateRequest, cal: Calibration): TimingModel {
  const eng = corrected(engineCalibration(cal, req.engine.id), req.correction);
  const rocmMoeUs = rocmFp8Moe(req) ? (eng.rocmFp8MoeLayerUs ?? 0) : 0;
  const hw = req.hardware;
  const quantized = isBlockQuantized(req.weights, hw, eng);
  const key = classKey(eng.bwEff, hw);
  const c = req.correction;
  // A measured correction scales the efficiency, capped at the data-sheet peak.
  const bwEff = Math.min(1, (eng.bwEff[key] ?? 0.7) * (quantized ? eng.quantBwFactor : 1) * (c?.bandwidth ?? 1));
  const peak = peakTflops(hw, req.weights, eng);
  const computeEff = Math.min(
    1,
    (eng.computeEff[classKey(eng.computeEff, hw)] ?? 0.5) *
      (quantized ? eng.quantComputeFactor : 1) *
      (c?.compute ?? 1),
  );
  // The all-reduce group of a layer: the tensor ranks. A MoE model with data-parallel attention
  // (wide EP) instead moves every token to its experts' GPUs and back (all-to-all, below); the
  // data-parallel ranks of a dense model exchange nothing.
  const moe = req.model.architecture.moe;
  const wideEp = moe !== undefined && req.parallelism.data > 1;
  const tp = req.parallelism.tensor;
  const link = hw.interconnect;
  const kind = tp > 1 ? link.kind : 'none';
  const linkBytesPerMs = Math.max(1, link.perGpuGBps) * 1e6 * cal.allReduce.busEff;
  // A tensor group larger than the NVLink domain spans nodes. NCCL runs one ring per NIC (8 per HGX
  // node), so each NIC carries 1/8 of what a GPU moves over NVLink: the bus bandwidth is the lower
  // of NVLink and 8 NICs' worth of network; small (decode) all-reduces pay the network latency.
  const domain = fabricDomain(req);
  const spansNodes = tp > 1 && (req.gpusPerNode !== undefined ? tp > req.gpusPerNode : domain > 1 && tp > domain);
  const latencyUs = spansNodes
    ? NETWORK_LATENCY_US
    : (cal.allReduce.latencyUs[kind] ?? cal.allReduce.latencyUs['pcie'] ?? 25);
  const allReduceBytesPerMs = spansNodes ? Math.min(linkBytesPerMs, networkBytesPerMs(req) * domain) : linkBytesPerMs;
  const h = req.model.architecture.hiddenSize;
  const fusedNorms =
    tp > 1 && req.engineOptions['enableFlashinferAllreduceFusion'] === true
      ? fusedNormKernels(req.model.architecture)
      : 0;
  const kernels = kernelsPerForward(req.model.architecture) - fusedNorms;
  const prefillKernels =
    kernels + quantKernelsPerForward(req.model.architecture, activationQuant(req, peak.lowPrecision !== undefined));
  const attnPeak = attentionPeakTflops(hw, req.kvCache, eng);
  const eagerKernelMs = (eagerKernelUs(eng) * prefillKernels) / 1000;
  const sixteenFlopsPerMs = Math.min(peak.tflops, sixteenBitPeakTflops(hw, eng).tflops) * 1e9 * computeEff;
  // A low-precision GEMM's share of its peak relative to 16-bit (measured kernels; 1 at 16 bits).
  const gemmShare = peak.lowPrecision ? cal.lowPrecisionGemmShare[peak.lowPrecision] : 1;
  const flopsPerMs = peak.tflops * 1e9 * computeEff * gemmShare;
  const eager = eagerDecode(req);
  return {
    eng,
    bwBytesPerMs: hw.memoryBandwidthGBps * 1e6 * bwEff,
    flopsPerMs,
    attnFlopsPerMs: attnPeak.tflops * 1e9 * computeEff * cal.attentionEffFactor,
    attnRates: attentionRates(hw, attnPeak.tflops, sixteenBitPeakTflops(hw, eng).tflops),
    headFlopsPerMs: req.weights.embeddingBitsPerWeight >= 16 ? sixteenFlopsPerMs : flopsPerMs,
    sixteenBitGemmExtraFlopsPerToken: peak.lowPrecision
      ? 2 * sixteenBitBodyParams(req.model, req.weights, eng.ggufWeights) * (flopsPerMs / sixteenFlopsPerMs - 1)
      : 0,
    peakTflops: peak.tflops,
    precision: peak.precision,
    attnPeakTflops: attnPeak.tflops,
    attnPrecision: attnPeak.precision,
    bwEff,
    computeEff,
    lowPrecisionShare: gemmShare,
    quantized,
    allReduceFixedMs: tp > 1 ? latencyUs / 1000 : 0,
    // ring all-reduce moves 2(N−1)/N of the message per GPU; bf16 activations (2 B/element)
    allReducePerTokenMs: tp > 1 ? (((2 * (tp - 1)) / tp) * h * 2) / allReduceBytesPerMs : 0,
    stepOverheadMs: eng.stepOverheadUs / 1000,
    layerOverheadMs: (eng.backends?.[gpuBackend(req)]?.layerOverheadUs ?? eng.layerOverheadUs) / 1000,
    moeLayerOverheadMs: ((eng.moeLayerOverheadUs ?? 0) + rocmMoeUs) / 1000,
    rocmFp8MoeLayerMs: rocmMoeUs / 1000,
    kernels,
    kernelOverheadMs: eager ? eagerKernelMs : ((eng.kernelUs ?? 0) * kernels) / 1000,
    eagerDecode: eager,
    prefillKernels,
    prefillKernelOverheadMs: eagerKernelMs,
    prefillSyncShare: Math.min(1, Math.max(0, eng.prefillSyncShare ?? 1)),
    elementwise: elementwiseBytesPerToken(req.model.architecture, req.parallelism),
    elementwiseBytesPerMs: hw.memoryBandwidthGBps * 1e6 * ELEMENTWISE_BANDWIDTH_SHARE,
    expertBwFactor: eng.expertBwFactor ?? 1,
    hopMs: cal.pipelineHopUs / 1000,
    expertHalfTokens: cal.expertGemmHalfTokens,
    ...allToAll(req, wideEp, linkBytesPerMs, (cal.allReduce.latencyUs[link.kind] ?? 10) / 1000),
    ...crossNode(req, domain, spansNodes, wideEp),
  };
}

/** The engine's time per kernel launched eagerly (a prompt's pass, or a decode step without CUDA graphs), µs. */
export function eagerKernelUs(eng: EngineCalibration): number {
  return eng.prefillKernelUs ?? eng.kernelUs ?? 0;
}

/**
 * Whether the engine runs its decode steps without CUDA graphs: vLLM's `enforceEager`
 * (`--enforce-eager`) or SGLang's `disableCudaGraph` (`--disable-cuda-graph`). Each step then
 * dispatches every kernel from the host as a prompt's eager pass does, so it pays the eager time
 * per kernel (`prefillKernelUs`, fitted on prompts) instead of a graph replay's (`kernelUs`):
 * Qwen3-14B's 400 kernels at vLLM's fitted 30.9 µs take 12.4 ms a step, against 1.7 ms at 4.24 µs
 * (vLLM issue #20469 measured 20.6 ms a token with `--enforce-eager` on an A100; docs/estimator.md).
 */
export function eagerDecode(req: EstimateRequest): boolean {
  const o = req.engineOptions;
  return (
    (req.engine.id === 'vllm' && o['enforceEager'] === true) ||
    (req.engine.id === 'sglang' && o['disableCudaGraph'] === true)
  );
}

/**
 * Whether a MoE layer runs ROCm's FP8 fused-MoE path: FP8 weights of a MoE model on an AMD GPU
 * (the engine's `rocmFp8MoeLayerUs` then adds to every MoE layer of a forward pass).
 */
export function rocmFp8Moe(req: EstimateRequest): boolean {
  return (
    req.model.architecture.moe !== undefined && req.hardware.vendor === 'AMD' && req.weights.computePrecision === 'fp8'
  );
}

/**
 * The GEMM inputs quantized on the fly: a GEMM at FP8/FP4/INT8 (not one that dequantizes its weights
 * to 16 bits) needs its activations in that type first, one kernel per GEMM input.
 */
function activationQuant(req: EstimateRequest, lowPrecisionInputs: boolean): ActivationQuant {
  if (!lowPrecisionInputs) return 'none';
  if (req.weights.quantizedGemms) return req.weights.quantizedGemms;
  return sixteenBitAttentionParams(req.model, req.weights) > 0 ? 'mlaOutput' : 'all';
}

/** The assumption a tensor or wide-EP group spanning NVLink domains adds (none within one). */
function crossNode(
  req: EstimateRequest,
  domain: number,
  spansNodes: boolean,
  wideEp: boolean,
): { crossNodeNote?: string } {
  const group = req.parallelism.tensor * req.parallelism.data;
  const net = `${req.networkGbpsPerGpu ?? 400} Gb/s per GPU${req.networkGbpsPerGpu === undefined ? " (one 400 Gb/s NIC per GPU; write the placement's `network` if it differs)" : ' (`network`)'}`;
  if (spansNodes)
    return {
      crossNodeNote: `tensor parallel ${req.parallelism.tensor} spans ${Math.ceil(req.parallelism.tensor / domain)} NVLink domains of ${domain} GPUs: every all-reduce crosses the network at ${net}, ${NETWORK_LATENCY_US} µs each`,
    };
  if (wideEp && domain > 0 && group > domain)
    return {
      crossNodeNote: `expert parallel over ${group} GPUs spans ${Math.ceil(group / domain)} NVLink domains of ${domain}: the all-to-all's remote share crosses the network at ${net}`,
    };
  return {};
}

/**
 * Wide expert parallel: per MoE layer each token's hidden state goes to its k experts' GPUs
 * (dispatch, FP8 when the model computes in FP8/FP4 as DeepEP does, else BF16) and their outputs
 * come back (combine, BF16); of the G = tensor × data GPUs, the peers inside the NVLink domain are
 * reached over NVLink, the rest over the network. Per token per rank:
 *   k × width × (dispatch + combine bytes) × (G−1)/G × (local share ÷ NVLink + remote share ÷ network),
 * width = the hidden size, or a latent MoE's `latentSize`: its tokens are projected to the latent
 * before the dispatch and leave the experts at it (Kimi-K3's modeling_kimi_linear.py
 * `KimiSparseMoeBlock.forward`: routed_expert_down_proj, then moe_infer, then routed_expert_norm
 * and routed_expert_up_proj; the engines' ports dispatch `routed_expert_down_proj(hidden)`).
 * Sources: deepseek-ai/DeepEP (dispatch/combine formats, bandwidths); DeepSeek-V3 report §3.4.
 */
function allToAll(
  req: EstimateRequest,
  wideEp: boolean,
  linkBytesPerMs: number,
  fixedMs: number,
): { allToAllPerTokenMs: number; allToAllFixedMs: number } {
  const moe = req.model.architecture.moe;
  const group = req.parallelism.tensor * req.parallelism.data;
  if (!wideEp || !moe || group <= 1) return { allToAllPerTokenMs: 0, allToAllFixedMs: 0 };
  const peers = group - 1;
  const local = Math.min(peers, Math.max(0, fabricDomain(req) - 1)) / peers;
  const dispatchBytes = req.weights.computePrecision === 'fp8' || req.weights.computePrecision === 'fp4' ? 1 : 2;
  const width = moe.latentSize ?? req.model.architecture.hiddenSize;
  const bytes = moe.expertsPerToken * width * (dispatchBytes + 2) * (peers / group);
  const perByteMs = local / linkBytesPerMs + (1 - local) / networkBytesPerMs(req);
  return { allToAllPerTokenMs: bytes * perByteMs, allToAllFixedMs: fixedMs };
}

/**
 * Expert load imbalance of wide EP: the busiest of the G ranks that hold experts receives more
 * than the mean m = tokens·k/G token-expert pairs. With routing spread evenly on average (the
 * load balancers of DeepSeek-V3's training and EPLB aim for it), the counts per rank are Poisson
 * and the expected maximum over G ranks is about m + √(2·m·ln G) (balls into bins): the
 * all-to-all waits for that rank, a factor 1 + √(2·ln G ÷ m), at most G.
 */
export function expertImbalance(req: EstimateRequest, tokens: number): number {
  const moe = req.model.architecture.moe;
  const { tensor: tp, data: dp, expert: ep } = req.parallelism;
  const g = Math.max(tp * dp, ep);
  if (!moe || g <= 1 || tokens <= 0) return 1;
  const m = Math.max(1, (tokens * moe.expertsPerToken) / g);
  return Math.min(g, 1 + Math.sqrt((2 * Math.log(g)) / m));
}

/**
 * One layer's attention: FLOPs per (query, key) pair and the keys a query sees at most; `dense`:
 * FLOPs per pair of an alternative over every pair (sparse MLA's masked MHA), used when cheaper.
 */
interface AttentionDims {
  flopsPerPair: number;
  window: number;
  dense?: number;
  /** Tokens per key (a compressed-MLA layer's compressRatio): a query at position p sees p ÷ ratio keys. Default 1. */
  ratio?: number;
  /** The precision its kernel computes in, when it is not the KV cache's (AttentionRates). */
  computes?: keyof AttentionRates;
}

/**
 * FLOP-equivalents at the attention rate (TimingModel.attnFlopsPerMs, the KV cache's precision)
 * per FLOP of a kernel that computes at 16 bits or in FP8 whatever the cache holds: the ratio of
 * the peaks. DeepSeek Sparse Attention's kernels (FlashMLA README, "FP8 KV Cache" and "Sparse MLA
 * Prefill": the sparse prefill takes bfloat16 q and kv, the sparse decode "dequantizes the cache to
 * bfloat16 and performs attention computation in bfloat16"; 640 TFLOPS on H800 and 1,450 on B200,
 * about 65% of their bf16 peaks) attend in bf16 over an FP8 cache, and its lightning indexer scores
 * in FP8 over an FP8 key cache of its own (DeepSeek-V3.2 report §2.1; DeepGEMM `fp8_mqa_logits`)
 * whatever the main cache's format. 1 and 1 on hardware without FP8.
 */
export interface AttentionRates {
  sixteen: number;
  fp8: number;
}

/** The attention rate's peak over each precision's peak (AttentionRates); FP8 at the 16-bit peak without FP8. */
function attentionRates(hw: HardwareEntry, attnPeakTflops: number, sixteenPeakTflops: number): AttentionRates {
  const fp8 = hw.supportsFp8 && hw.tflops.fp8 && hw.class !== 'cpu' ? hw.tflops.fp8 : sixteenPeakTflops;
  return { sixteen: attnPeakTflops / sixteenPeakTflops, fp8: attnPeakTflops / fp8 };
}

/** No scaling: the FLOPs themselves (the figure reported as the prompt's FLOPs). */
export const RAW_ATTENTION_FLOPS: AttentionRates = { sixteen: 1, fp8: 1 };

/**
 * The layers' attention dimensions per architecture, expanded ([0]) and absorbed ([1]): a function
 * of the architecture alone, asked by every prefill and decode-step estimate (several per load
 * point), so computed once (the same arrays, in layer order, so sums are unchanged to the bit).
 */
const dimsOf = new WeakMap<EstimateRequest['model']['architecture'], [AttentionDims[]?, AttentionDims[]?]>();

/** Attention FLOPs per (query, key) pair summed over layers, and the per-layer window caps. */
function attentionDims(req: EstimateRequest, absorbed: boolean): readonly AttentionDims[] {
  const a = req.model.architecture;
  let cached = dimsOf.get(a);
  if (!cached) dimsOf.set(a, (cached = []));
  const slot = absorbed ? 1 : 0;
  return (cached[slot] ??= layerAttentionDims(a, absorbed));
}

function layerAttentionDims(a: EstimateRequest['model']['architecture'], absorbed: boolean): AttentionDims[] {
  const out: AttentionDims[] = [];
  for (let i = 0; i < a.layers; i++) {
    const att = layerAttention(a, i);
    if (att.kind === 'none') continue;
    if (att.kind === 'mla' && isCompressedMla(att)) {
      out.push(...compressedMlaDims(a, att, absorbed));
      continue;
    }
    let dqk = a.headDim;
    let dv = a.headDim;
    let window = att.kind === 'sliding' ? att.windowTokens : Infinity;
    if (att.kind === 'full' && att.sparse) {
      // Block-sparse GQA (MiniMax-M3): the indexer scores every cached token (2·heads·dim a pair,
      // the block max taken over them) and each query attends to the topK tokens of its blocks.
      out.push({ flopsPerPair: 2 * att.sparse.indexerHeads * att.sparse.indexerHeadDim, window: Infinity });
      window = att.sparse.topK;
    }
    if (att.kind === 'mla') {
      // Prefill runs MLA expanded (nope+rope, v); decode runs it absorbed over the latent. Sparse
      // MLA (DeepSeek-V3.2) runs absorbed in both ("MQA mode", the V3.2 report §2.1) over the topK
      // tokens its indexer picks, and the indexer scores every cached token (2·heads·dim a pair).
      // A prompt may instead run "masked MHA" — dense expanded attention over every pair, the top-k
      // applied as a mask — which the report uses for short prompts, where it is cheaper: `dense`.
      // A layer sharing an earlier layer's indexer (GLM-5.2's IndexShare) attends the same topK
      // tokens but scores none itself.
      const mqa = absorbed || att.sparse !== undefined;
      dqk = mqa ? att.kvLoraRank + att.qkRopeHeadDim : att.qkNopeHeadDim + att.qkRopeHeadDim;
      dv = mqa ? att.kvLoraRank : att.vHeadDim;
      if (att.sparse) {
        window = att.sparse.topK;
        if (att.sparse.sharedIndexer !== true) out.push(sparseMlaIndexer(att.sparse));
        out.push({
          flopsPerPair: 2 * a.attentionHeads * (dqk + dv),
          window,
          ...(absorbed ? {} : { dense: 2 * a.attentionHeads * (att.qkNopeHeadDim + att.qkRopeHeadDim + att.vHeadDim) }),
          computes: 'sixteen',
        });
        continue;
      }
    }
    out.push({ flopsPerPair: 2 * a.attentionHeads * (dqk + dv), window });
  }
  return out;
}

/**
 * A compressed-MLA layer's attention (DeepSeek-V4, catalog/schema.ts MlaCompressionFields): over
 * its sliding window (every token, at most windowTokens a query) and over its compressed entries
 * (one per compressRatio tokens; with `sparse`, the topK its indexer picks, the indexer scoring
 * every entry at 2·heads·dim a pair; no scoring in a layer sharing an earlier layer's indexer). Without a kv_b up-projection the keys and values are the
 * cached entries themselves (K = V, kvLoraRank + qkRopeHeadDim each), in prefill as in decode, and
 * there is no masked dense form; with one, as MLA above.
 */
function compressedMlaDims(
  a: EstimateRequest['model']['architecture'],
  att: Extract<LayerAttention, { kind: 'mla' }>,
  absorbed: boolean,
): AttentionDims[] {
  const latentOnly = att.kvUpProjection === false;
  const mqa = absorbed || latentOnly || att.sparse !== undefined;
  const entry = att.kvLoraRank + att.qkRopeHeadDim;
  const dqk = mqa ? entry : att.qkNopeHeadDim + att.qkRopeHeadDim;
  const dv = latentOnly ? entry : mqa ? att.kvLoraRank : att.vHeadDim;
  const pair = 2 * a.attentionHeads * (dqk + dv);
  const ratio = att.compressRatio ?? 1;
  const out: AttentionDims[] = [];
  // FlashMLA's kernels for these layers compute in bf16 over the FP8 cache (AttentionRates).
  const computes = 'sixteen';
  if (att.windowTokens !== undefined) out.push({ flopsPerPair: pair, window: att.windowTokens, computes });
  if (ratio === 0) return out;
  if (att.sparse) {
    if (att.sparse.sharedIndexer !== true) out.push({ ...sparseMlaIndexer(att.sparse), ratio });
    out.push({ flopsPerPair: pair, window: att.sparse.topK, ratio, computes });
  } else out.push({ flopsPerPair: pair, window: Infinity, ratio, computes });
  return out;
}

/**
 * A sparse-MLA indexer's scoring: 2·heads·dim FLOPs a (query, key) pair over every cached key, in
 * FP8 (AttentionRates).
 */
function sparseMlaIndexer(sparse: { indexerHeads: number; indexerHeadDim: number }): AttentionDims {
  return { flopsPerPair: 2 * sparse.indexerHeads * sparse.indexerHeadDim, window: Infinity, computes: 'fp8' };
}

/** FLOP-equivalents at the attention rate per FLOP of a layer's attention (AttentionRates). */
const rateOf = (l: AttentionDims, rates: AttentionRates): number => (l.computes === undefined ? 1 : rates[l.computes]);

/**
 * Causal attention FLOPs for a prompt of `s` tokens after `past` cached tokens (whole model); with
 * `rates`, in FLOP-equivalents at the attention rate (AttentionRates).
 */
export function prefillAttentionFlops(
  req: EstimateRequest,
  s: number,
  past = 0,
  rates: AttentionRates = RAW_ATTENTION_FLOPS,
): number {
  let f = 0;
  const all = s * past + (s * (s + 1)) / 2;
  for (const l of attentionDims(req, false)) {
    // pairs = Σ_{i=1..s} min((past + i) ÷ ratio, window)
    const w = l.window;
    const r = l.ratio ?? 1;
    const pairs = !Number.isFinite(w) || (past + s) / r <= w ? all / r : s * Math.min(w, (past + s / 2) / r);
    const layer = l.dense === undefined ? pairs * l.flopsPerPair : Math.min(pairs * l.flopsPerPair, all * l.dense);
    f += layer * rateOf(l, rates);
  }
  return f;
}

/** Attention FLOP-equivalents at the attention rate (AttentionRates) of one decode token at context `ctx` (whole model). */
function decodeAttentionFlops(req: EstimateRequest, ctx: number, rates: AttentionRates): number {
  let f = 0;
  for (const l of attentionDims(req, true))
    f += Math.min(ctx / (l.ratio ?? 1), l.window) * l.flopsPerPair * rateOf(l, rates);
  return f;
}

/** Linear-layer FLOPs per token (whole model), excluding the lm_head. */
export function linearFlopsPerToken(mem: MemoryModel, req: EstimateRequest): number {
  const p = mem.weights.params;
  const a = req.model.architecture;
  return 2 * (p.activePerToken - a.vocabSize * a.hiddenSize);
}

/** Routed-expert FLOPs per token (whole model): 2 × MoE layers × experts per token × one expert's params. */
function expertFlopsPerToken(mem: MemoryModel, req: EstimateRequest): number {
  const moe = req.model.architecture.moe;
  return moe ? 2 * mem.weights.params.moeLayers * moe.expertsPerToken * mem.weights.params.oneExpert : 0;
}

/**
 * Extra time factor of routed-expert GEMMs for `tokens` tokens: each expert sees M = tokens·k/E
 * rows, and a GEMM with few rows under-fills the tensor cores: efficiency ∝ M/(M + M½), relative
 * to a dense GEMM of the same tokens. Returns the extra FLOP-equivalents (≥ 0) to add.
 */
function expertGemmPenaltyFlops(mem: MemoryModel, req: EstimateRequest, tokens: number, halfTokens: number): number {
  const moe = req.model.architecture.moe;
  if (!moe || halfTokens <= 0) return 0;
  const expertFlops = 2 * mem.weights.params.moeLayers * moe.expertsPerToken * mem.weights.params.oneExpert * tokens;
  const m = Math.max(1e-9, (tokens * moe.expertsPerToken) / moe.experts);
  const dense = Math.max(1e-9, tokens);
  const eff = m / (m + halfTokens) / (dense / (dense + halfTokens));
  return expertFlops * (1 / Math.min(1, eff) - 1);
}

/** Fixed time of one forward pass but its kernels: per step, per layer and per MoE layer (routing), ms. */
function passOverheads(req: EstimateRequest, mem: MemoryModel, t: TimingModel): number {
  const moeLayers = req.model.architecture.moe ? mem.weights.params.moeLayers : 0;
  return t.stepOverheadMs + req.model.architecture.layers * t.layerOverheadMs + moeLayers * t.moeLayerOverheadMs;
}

/**
 * Fixed time of one decode step: passOverheads plus its kernels (graph-captured, or eager with
 * CUDA graphs off), ms.
 */
function layerOverheads(req: EstimateRequest, mem: MemoryModel, t: TimingModel): number {
  return passOverheads(req, mem, t) + t.kernelOverheadMs;
}

/**
 * A prompt pass's GPU work and the host's eager dispatch of its kernels, overlapped: the longer
 * of the two plus `prefillSyncShare` of the shorter (PyTorch enqueues CUDA work asynchronously,
 * pytorch.org/docs/stable/notes/cuda.html "Asynchronous execution": the host launches later
 * kernels while the GPU runs earlier ones). A short prompt is bound by the dispatch, a long one by
 * its GEMMs; engines without an eager time per kernel (llama.cpp, TensorRT-LLM) pay the GPU work.
 */
export function overlappedPassMs(gpuMs: number, hostMs: number, syncShare: number): number {
  return Math.max(gpuMs, hostMs) + syncShare * Math.min(gpuMs, hostMs);
}

export interface PrefillTiming {
  /** Latency of the prompt of one request alone, ms. */
  latencyMs: number;
  /** Compute-only cost of the prompt when batched with other work (weights already streamed), ms. */
  batchedMs: number;
  /**
   * The batched cost when the prompt is the only one on its data-parallel rank, ms: attention and
   * dense layers on one rank's GPUs while the other ranks wait (= batchedMs without attention DP).
   */
  rankMs: number;
  computeMs: number;
  memoryMs: number;
  flops: number;
}

/** Prefill of `tokens` prompt tokens of one request. */
export function prefillTiming(
  req: EstimateRequest,
  mem: MemoryModel,
  t: TimingModel,
  tokens: number,
  past = 0,
): PrefillTiming {
  const a = req.model.architecture;
  const { tensor: tp, pipeline: pp, expert: ep, data: dp } = req.parallelism;
  const s = Math.max(1, tokens);
  const headFlops = 2 * a.vocabSize * a.hiddenSize; // logits of the last token only
  // 16-bit GEMMs under a low-precision format cost FLOP-equivalents beyond their FLOPs (TimingModel).
  const sixteenBitExtraFlops = t.sixteenBitGemmExtraFlopsPerToken * s;
  const linFlops = linearFlopsPerToken(mem, req) * s + headFlops + sixteenBitExtraFlops;
  const expertFlops = expertFlopsPerToken(mem, req) * s;
  // With a prefix-cache hit, only the new tokens run, attending over the cached `past` ones too.
  const attFlops = prefillAttentionFlops(req, s, past);
  const attCost = prefillAttentionFlops(req, s, past, t.attnRates);
  const penalty = expertGemmPenaltyFlops(mem, req, s, t.expertHalfTokens);
  // One prompt runs on one data-parallel rank (TP GPUs); its routed experts on all TP × DP GPUs.
  // The last token's logits run at the lm_head's rate (16-bit in FP8/FP4 checkpoints): the extra.
  const headExtraMs = headFlops * (1 / t.headFlopsPerMs - 1 / t.flopsPerMs);
  const computeMs =
    (linFlops - expertFlops) / tp / t.flopsPerMs +
    (expertFlops + penalty) / (tp * dp) / t.flopsPerMs +
    attCost / tp / t.attnFlopsPerMs +
    headExtraMs / tp;
  const w = mem.weights;
  const moe = a.moe;
  const experts = moe
    ? w.params.moeLayers * expertsTouched(moe.experts, moe.expertsPerToken, s) * w.oneExpert
    : w.routedExperts;
  const head = w.lmHead > 0 ? w.lmHead : w.embedding;
  const memoryMs =
    ((w.nonExpertBody + head) / tp + experts / Math.max(tp * dp, ep) / t.expertBwFactor) / t.bwBytesPerMs;
  const commMs = 2 * a.layers * (t.allReduceFixedMs + t.allReducePerTokenMs * s) + (pp - 1) * t.hopMs;
  // Wide EP: a prompt's all-to-all overlaps its GEMMs (two-batch overlap over large chunks).
  const allToAllMs = moe
    ? w.params.moeLayers * (2 * t.allToAllFixedMs + t.allToAllPerTokenMs * s * expertImbalance(req, s))
    : 0;
  const loraMs = loraPassMs(req, t.bwBytesPerMs, t.flopsPerMs, s, 1);
  // The norms and activations between the GEMMs run after them, not under them (elementwise.ts).
  const rankElementwiseMs = (s * t.elementwise.rankBytes) / t.elementwiseBytesPerMs;
  const gpuMs = Math.max(computeMs, memoryMs, allToAllMs) + rankElementwiseMs;
  const latencyMs =
    overlappedPassMs(gpuMs, t.prefillKernelOverheadMs, t.prefillSyncShare) +
    passOverheads(req, mem, t) +
    commMs +
    loraMs;
  // Batched with other work, prompts spread over the DP ranks: the replica's time per prompt is
  // its FLOPs over all TP × DP GPUs (its all-to-all over the DP ranks' links, overlapped).
  const batchedMs =
    Math.max(
      (linFlops + penalty) / (tp * dp) / t.flopsPerMs +
        attCost / (tp * dp) / t.attnFlopsPerMs +
        (2 * a.layers * t.allReducePerTokenMs * s) / dp +
        headExtraMs / (tp * dp),
      (moe ? w.params.moeLayers * t.allToAllPerTokenMs * s * expertImbalance(req, s) : 0) / dp,
    ) +
    (s * t.elementwise.spreadBytes) / t.elementwiseBytesPerMs +
    loraTokensMs(req, t.bwBytesPerMs, t.flopsPerMs, s) / dp;
  // The same prompt alone on its data-parallel rank: the ranks step in lockstep (the experts'
  // all-to-all joins them every layer), so the others wait for its attention and dense layers.
  const rankMs =
    dp <= 1
      ? batchedMs
      : Math.max(
          (linFlops - expertFlops) / tp / t.flopsPerMs +
            (expertFlops + penalty) / (tp * dp) / t.flopsPerMs +
            attCost / tp / t.attnFlopsPerMs +
            2 * a.layers * t.allReducePerTokenMs * s +
            headExtraMs / tp,
          moe ? w.params.moeLayers * t.allToAllPerTokenMs * s * expertImbalance(req, s) : 0,
        ) +
        rankElementwiseMs +
        loraTokensMs(req, t.bwBytesPerMs, t.flopsPerMs, s);
  return { latencyMs, batchedMs, rankMs, computeMs, memoryMs, flops: linFlops - sixteenBitExtraFlops + attFlops };
}

export interface DecodeTiming {
  stepMs: number;
  /** The GEMMs (gemmMs of their weights and FLOPs) then the attention (max of its KV reads and FLOPs), ms. */
  coreMs: number;
  memoryMs: number;
  computeMs: number;
  /** Norms, activations and MoE expert sums of the step's tokens (elementwise.ts), ms. */
  elementwiseMs: number;
  overheadMs: number;
  commMs: number;
  /** The LoRA kernels' share of the step (0 without adapters). */
  loraMs: number;
  bytesPerGpu: number;
}

/** Per-sequence quantities of a decode step at a fixed context (precomputed once per estimate). */
export interface PerSequence {
  /** KV bytes one sequence reads per step on one TP rank. */
  kvReadBytes: number;
  /** Attention FLOPs of one decode token (whole model), as FLOP-equivalents at the attention rate (AttentionRates). */
  attnFlops: number;
}

/** Computes the per-sequence decode quantities at context `ctx`; `rates`: the timing model's attnRates. */
export function perSequence(req: EstimateRequest, ctx: number, rates: AttentionRates): PerSequence {
  return {
    kvReadBytes: kvBytesReadPerStep(
      req.model.architecture,
      req.kvCache,
      ctx,
      req.parallelism.tensor,
      req.parallelism.decodeContext,
    ),
    attnFlops: decodeAttentionFlops(req, ctx, rates),
  };
}

/**
 * Time of a GEMM whose weights stream in `memoryMs` and whose math takes `computeMs`, ms: the
 * roofline's corner is not sharp. Between a few rows (bound by the weights) and thousands (bound by
 * the math) neither hides the other, and measured kernels sit near √(memory² + compute²). Checked
 * on aiconfigurator's TensorRT-LLM 1.2.0rc5 GEMM tables (calibration.json lowPrecisionGemmShare's
 * source): a Llama-70B layer's four GEMMs at 128–512 rows on B200 (NVFP4, FP8, BF16) and H200 (FP8,
 * BF16), 20 points, with TensorRT-LLM's fitted efficiencies: this is a median 0.99× the measured
 * time (0.58–1.31×), the sharp max(memory, compute) 0.84× (0.49–1.10×). One row (`rows` ≤ 1) is a
 * matrix-vector product (llama.cpp's MMVQ, cuBLAS gemv), bound by the weights: the sharp max.
 */
export function gemmMs(memoryMs: number, computeMs: number, rows: number): number {
  return rows <= 1 ? Math.max(memoryMs, computeMs) : Math.hypot(memoryMs, computeMs);
}

/**
 * One decode step of `batch` sequences at mean context `ctx` tokens. `tokensPerSeq` > 1 is a
 * speculative verify step: each sequence runs that many query tokens over its KV (the weights and
 * the KV are read once; the FLOPs, the experts touched and the all-reduced activations grow).
 */
export function decodeStep(
  req: EstimateRequest,
  mem: MemoryModel,
  t: TimingModel,
  batch: number,
  ctx: number,
  seq: PerSequence = perSequence(req, ctx, t.attnRates),
  tokensPerSeq = 1,
): DecodeTiming {
  const a = req.model.architecture;
  const { tensor: tp, pipeline: pp, expert: ep, data: dp } = req.parallelism;
  const b = Math.max(1, batch) * tokensPerSeq;
  // Sequences (query tokens) of one data-parallel rank (ranks share the batch evenly).
  const br = Math.max(1, b / dp);
  const seqPerRank = Math.max(1, Math.max(1, batch) / dp);
  const w = mem.weights;
  const head = w.lmHead > 0 ? w.lmHead : w.embedding;
  const moe = a.moe;
  // With PP the replica runs min(pp, b) micro-batches of b/pp sequences; a round (every sequence
  // advances one token) takes the time of reading each stage's weights once per micro-batch on
  // pp GPUs in parallel = all weights once. MoE: experts touched by one micro-batch of every rank.
  const micro = Math.max(1, br / pp);
  const expertBytes = moe
    ? w.params.moeLayers * expertsTouched(moe.experts, moe.expertsPerToken, micro * dp) * w.oneExpert
    : w.routedExperts;
  const denseRead = (w.nonExpertBody + head) / tp;
  const expertRead = expertBytes / Math.max(tp * dp, ep);
  // KV and FLOPs are per sequence: with d = min(pp, br) micro-batches in flight, stages share them.
  const d = Math.max(1, Math.min(pp, Math.floor(seqPerRank)));
  const kvRead = (seqPerRank * seq.kvReadBytes) / d;
  const bytesPerGpu = denseRead + expertRead + kvRead;
  const weightMemoryMs = (denseRead + expertRead / t.expertBwFactor) / t.bwBytesPerMs;
  const kvMemoryMs = kvRead / t.bwBytesPerMs;
  const memoryMs = weightMemoryMs + kvMemoryMs;
  // No small-M penalty on the experts here (prefill has it): a decode step's expert GEMMs of a few
  // rows are bound by reading their weights, which memoryMs counts; a penalty would count it twice
  // (leave-one-source-out decode 12.2% → 10.9% without it, docs/estimator.md).
  const gemmComputeMs =
    (((linearFlopsPerToken(mem, req) + t.sixteenBitGemmExtraFlopsPerToken) * b) / (tp * dp) / t.flopsPerMs +
      (2 * a.vocabSize * a.hiddenSize * b) / (tp * dp) / t.headFlopsPerMs) /
    d;
  const attnComputeMs = (seq.attnFlops * b) / (tp * dp) / t.attnFlopsPerMs / d;
  const computeMsStaged = gemmComputeMs + attnComputeMs;
  // The GEMMs and the attention are separate kernels that run one after the other, so each meets
  // its own roofline: a GEMM bound by its FLOPs does not hide the attention's KV reads.
  const coreMs = gemmMs(weightMemoryMs, gemmComputeMs, b) + Math.max(kvMemoryMs, attnComputeMs);
  // Norms, activations and MoE expert sums of the step's tokens, after the GEMMs (elementwise.ts).
  const elementwiseMs = (b * t.elementwise.spreadBytes) / t.elementwiseBytesPerMs / d;
  // Wide EP: a decode step's small all-to-alls wait on the network (exposed, not overlapped).
  const allToAllMs = moe
    ? w.params.moeLayers * (2 * t.allToAllFixedMs + t.allToAllPerTokenMs * br * expertImbalance(req, b))
    : 0;
  const commMs =
    2 * a.layers * (t.allReduceFixedMs + t.allReducePerTokenMs * br) +
    decodeContextCommMs(req, t, br) +
    allToAllMs +
    (pp - 1) * t.hopMs;
  const overheadMs = layerOverheads(req, mem, t);
  // LoRA kernels run after the base GEMMs of each layer, not under them.
  const loraMs = loraPassMs(req, t.bwBytesPerMs, t.flopsPerMs, br, Math.max(1, batch));
  return {
    stepMs: coreMs + elementwiseMs + overheadMs + commMs + loraMs,
    coreMs,
    memoryMs,
    computeMs: computeMsStaged,
    elementwiseMs,
    overheadMs,
    commMs,
    loraMs,
    bytesPerGpu,
  };
}

/**
 * Decode context parallel's exchange per decode step, ms: each attention layer gathers the
 * queries over the `decodeContext` ranks and combines their partial outputs with the softmax
 * statistics (vLLM docs/serving/context_parallel_deployment.md) — costed as one more all-reduce of
 * the hidden state per attention layer on the tensor group's link. 0 without it.
 */
function decodeContextCommMs(
  req: EstimateRequest,
  t: Pick<TimingModel, 'allReduceFixedMs' | 'allReducePerTokenMs'>,
  tokens: number,
): number {
  const dcp = req.parallelism.decodeContext ?? 1;
  if (dcp <= 1) return 0;
  return attentionLayerCount(req.model.architecture) * (t.allReduceFixedMs + t.allReducePerTokenMs * tokens);
}
