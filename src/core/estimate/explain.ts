/**
 * "Explain Estimate": each figure with its formula and the constants behind it (with sources),
 * built from the same intermediate values the estimate used.
 */
import type { ExplainEntry } from './types';
import type { Model } from './index';
import type { ServingPoint } from './serving';
import { hasCompressedMla, hasSharedIndexer, hasSparseFull, kvBytesPerToken, kvWindowBytesPerSequence } from './kv';
import { GiB } from './weights';
import { gpuBackend } from './backend';
import { eagerKernelUs } from './timing';
import { batchAdmissionText } from './admission';

const KERNELS = 'counted from the architecture (src/core/estimate/kernels.ts)';
const ELEMENTWISE =
  'norms, activations and MoE sums counted from the architecture at 80% of the bandwidth (src/core/estimate/elementwise.ts; aiconfigurator ElementWise ops)';
const CAL = 'src/core/estimate/calibration.json (fitted on data/calibration/cases.yaml, docs/estimator.md)';
const LOW_PRECISION =
  "calibration.json lowPrecisionGemmShare: aiconfigurator's measured TensorRT-LLM GEMM tables on H200 and B200 (not fitted)";

/** Builds the explanation entries of one estimate. */
export function buildExplain(m: Model, p: ServingPoint): ExplainEntry[] {
  const { req, mem, t, prefill } = m;
  const a = req.model.architecture;
  const w = mem.weights;
  const { tensor: tp, pipeline: pp, expert: ep, data: dp } = req.parallelism;
  const src = (s: string[] | undefined) => (s && s.length ? (s[0] ?? 'catalog') : 'catalog');
  const out: ExplainEntry[] = [];
  out.push({
    quantity: 'Weights (whole model)',
    formula:
      'body params × body bits/8 + (embedding + untied lm_head) params × embedding bits/8; MoE counts all experts',
    value: w.total / GiB,
    unit: 'GiB',
    constants: [
      { name: 'total params', value: w.params.total, source: src(req.model.sources) },
      { name: 'body bits/weight', value: w.bodyBits, source: src(req.weights.sources) },
      { name: 'non-expert bits/weight', value: w.nonExpertBits, source: src(req.weights.sources) },
      { name: 'embedding bits/weight', value: w.embeddingBits, source: src(req.weights.sources) },
      { name: 'tied embeddings', value: String(a.tiedEmbeddings), source: src(req.model.sources) },
      ...(w.sixteenBitAttentionParams > 0
        ? [
            {
              name: 'attention params kept at 16 bits (MLA latent projections)',
              value: w.sixteenBitAttentionParams,
              source:
                'github.com/NVIDIA/TensorRT-Model-Optimizer examples/deepseek/ptq.py (*attn* quantizers off; --enable_wo_quant: nvidia/DeepSeek-R1-0528-FP4-v2)',
            },
          ]
        : []),
      ...(w.params.latentProjections > 0
        ? [
            {
              name: 'latent-MoE projection params (hidden ↔ latent, at the non-expert bits)',
              value: w.params.latentProjections,
              source: src(req.model.sources),
            },
          ]
        : []),
    ],
  });
  out.push({
    quantity: 'Weights per GPU',
    formula:
      '(non-expert/TP + experts/max(TP·DP,EP))/PP + embeddings/TP (PP: the heavier of embedding and lm_head; DP ranks each hold the non-expert layers)',
    value: mem.weightsPerGpuGiB,
    unit: 'GiB',
    constants: [
      { name: 'TP', value: tp, source: 'request' },
      { name: 'PP', value: pp, source: 'request' },
      { name: 'EP', value: ep, source: 'request' },
      { name: 'DP (attention)', value: dp, source: 'request' },
    ],
  });
  const windowBytes = kvWindowBytesPerSequence(a, req.kvCache, a.maxContextTokens);
  out.push({
    quantity: 'KV cache per token (whole model)',
    formula:
      'Σ layers: full/sliding 2·kvHeads·headDim, MLA kvLoraRank+ropeDim; × bytes per element (sparse MLA: + the indexer key, FP8 + a scale per 128)' +
      (hasSharedIndexer(a) ? "; no indexer key in sparse layers sharing an earlier layer's indexer" : '') +
      (hasSparseFull(a) ? '; block-sparse GQA: + the indexer key, indexerHeadDim elements in the KV format' : '') +
      (windowBytes > 0 || hasCompressedMla(a)
        ? `; compressed MLA: (entry + indexer key) ÷ compressRatio, an entry without kv_b in FP8 = NoPE FP8 + RoPE BF16 + a UE8M0 scale per 64, padded to 8 bytes (584 B for 448 + 64); its sliding windows hold ${(windowBytes / 1e6).toFixed(2)} MB a sequence at full window on top`
        : ''),
    value: kvBytesPerToken(a, req.kvCache),
    unit: 'B/token',
    constants: [
      { name: 'layers', value: a.layers, source: src(req.model.sources) },
      { name: 'kvHeads', value: a.kvHeads, source: src(req.model.sources) },
      { name: 'headDim', value: a.headDim, source: src(req.model.sources) },
      { name: 'KV bits/element', value: req.kvCache.bitsPerWeight, source: src(req.kvCache.sources) },
    ],
  });
  out.push({
    quantity: 'KV pool per GPU',
    formula: mem.contractNote,
    value: mem.kvPoolGiB,
    unit: 'GiB',
    constants: [
      { name: 'capacity', value: mem.capacityGiB, source: mem.capacityNote },
      { name: 'activations', value: mem.activationsGiB, source: 'engine activation model, calibration.json memory' },
      {
        name: 'runtime reserve',
        value: mem.runtimeGiB,
        source: `${src(req.engine.sources)}; NCCL: aiconfigurator nccl_mem; NCCL NVLink SHARP buffers (vLLM at TP ≥ 2 on NVSwitch Hopper/Blackwell): calibration.json memory.vllm.nvlsGiB`,
      },
      {
        name: 'paged block tokens',
        value: req.engine.memoryContract.kvBlockTokens ?? 1,
        source: src(req.engine.sources),
      },
    ],
  });
  out.push({
    quantity: 'Sequences that fit',
    formula:
      'DP × floor(KV pool / KV of one (input+output)-token request, block-rounded, sliding layers capped); each data-parallel rank holds its own sequences',
    value: mem.maxSequences,
    unit: 'sequences',
    constants: [{ name: 'KV per request per GPU', value: mem.kvPerSequenceBytes / GiB, source: 'KV geometry above' }],
  });
  const d = m.serving.stepMs(p.batch);
  const backend = gpuBackend(req);
  out.push({
    quantity: 'Decode step',
    formula:
      '√((weight bytes/(BW·η_bw))² + (GEMM FLOPs/(peak·η_c·η_low))²) + max(KV bytes/(BW·η_bw), attention FLOPs/(attention peak·η_c·η_attn)) + B·elementwise bytes/(0.8·BW) + step overhead + layers·layer overhead + kernels·time per kernel + 2·layers·all-reduce + (PP−1)·hop',
    value: d,
    unit: 'ms',
    constants: [
      { name: 'batch', value: p.batch, source: 'serving model' },
      { name: 'peak bandwidth GB/s', value: req.hardware.memoryBandwidthGBps, source: src(req.hardware.sources) },
      { name: 'η_bw', value: t.bwEff, source: CAL },
      { name: 'η_c (16-bit GEMMs)', value: t.computeEff, source: CAL },
      {
        name: `η_low (${t.precision} GEMMs' share of their peak vs 16-bit)`,
        value: t.lowPrecisionShare,
        source: LOW_PRECISION,
      },
      { name: 'step overhead µs', value: t.stepOverheadMs * 1000, source: CAL },
      {
        name: 'layer overhead µs',
        value: t.layerOverheadMs * 1000,
        source:
          t.eng.backends?.[backend]?.layerOverheadUs !== undefined
            ? `${CAL} (the ${backend} backend's own${req.engineOptions['backend'] === undefined ? `, ${req.hardware.vendor}'s usual backend` : ''})`
            : CAL,
      },
      ...(req.model.architecture.moe
        ? [
            {
              name: 'MoE layer overhead µs',
              value: t.moeLayerOverheadMs * 1000,
              source: t.rocmFp8MoeLayerMs > 0 ? `${CAL} (with ROCm's FP8 fused-MoE time)` : CAL,
            },
          ]
        : []),
      ...(t.eagerDecode
        ? [
            {
              name: 'kernels per step (eager, with activation quantization)',
              value: t.prefillKernels,
              source: KERNELS,
            },
            {
              name: 'time per kernel µs (eager: CUDA graphs off)',
              value: eagerKernelUs(t.eng),
              source: CAL,
            },
          ]
        : [
            { name: 'kernels per forward pass', value: t.kernels, source: KERNELS },
            { name: 'time per kernel µs (graph-captured)', value: t.eng.kernelUs ?? 0, source: CAL },
          ]),
      { name: 'all-reduce latency ms', value: t.allReduceFixedMs, source: CAL },
      { name: 'elementwise MB per token per GPU', value: t.elementwise.spreadBytes / 1e6, source: ELEMENTWISE },
    ],
  });
  out.push({
    quantity: 'Prefill of the prompt',
    formula:
      'max(GPU, host) + sync share·min(GPU, host) + step/layer overheads; GPU = max((2·active params·S + 2·vocab·hidden)/(peak·η_c·η_low) + L·S²·heads·(d_qk+d_v)/(attention peak·η_c·η_attn), weights/(BW·η_bw)) / TP + S·elementwise bytes/(0.8·BW); host = kernels launched eagerly × time per kernel (dispatched while the GPU runs earlier kernels)',
    value: prefill.latencyMs,
    unit: 'ms',
    constants: [
      { name: 'peak TFLOPS', value: t.peakTflops, source: `${src(req.hardware.sources)} (${t.precision})` },
      {
        name: 'attention peak TFLOPS',
        value: t.attnPeakTflops,
        source: `${src(req.hardware.sources)} (${t.attnPrecision}: the KV cache's precision)`,
      },
      { name: 'η_c (16-bit GEMMs)', value: t.computeEff, source: CAL },
      {
        name: `η_low (${t.precision} GEMMs' share of their peak vs 16-bit)`,
        value: t.lowPrecisionShare,
        source: LOW_PRECISION,
      },
      { name: 'prompt tokens', value: m.serving.inputTokens, source: 'workload' },
      { name: 'kernels per prompt pass (with activation quantization)', value: t.prefillKernels, source: KERNELS },
      { name: 'time per kernel µs (eager)', value: eagerKernelUs(t.eng), source: CAL },
      {
        name: 'sync share (host and GPU time not overlapped)',
        value: t.prefillSyncShare,
        source: `${CAL}; PyTorch's asynchronous CUDA execution (pytorch.org/docs/stable/notes/cuda.html)`,
      },
      { name: 'elementwise MB per prompt token per GPU', value: t.elementwise.rankBytes / 1e6, source: ELEMENTWISE },
    ],
  });
  out.push({
    quantity: "A prompt's cost to the decode batch",
    formula:
      t.eng.prefillForward === 'separate'
        ? 'compute over the replica + (its own forward: eager kernels, step, weights, all-reduce latency) × share the overlap scheduler does not hide ÷ prompts per forward'
        : 'compute over the replica + (eager − graph-captured kernels, when the prompt exceeds the CUDA graphs) ÷ prompts per forward',
    value: m.serving.prefillBatchedMs + m.serving.prefillForwardMs,
    unit: 'ms',
    constants: [
      { name: 'compute ms', value: m.serving.prefillBatchedMs, source: 'prefill model' },
      { name: 'fixed time of its forward ms', value: m.serving.prefillForwardMs, source: CAL },
      { name: 'CUDA graphs cover tokens', value: t.eng.graphTokens ?? 0, source: CAL },
      ...(t.eng.prefillForward === 'separate'
        ? [
            {
              name: 'share of the forward the decode batch waits for',
              value: t.eng.prefillForwardBlocking ?? 1,
              source: CAL,
            },
          ]
        : []),
    ],
  });
  out.push({
    quantity: 'Output throughput',
    formula: 'B·O / ((O−1)·step(B) + B·prompt cost(I)); B = concurrency, or the largest batch memory and engine admit',
    value: p.outputTokensPerSecond,
    unit: 'tokens/s',
    constants: [
      { name: 'B', value: p.batch, source: 'workload / memory' },
      {
        name: 'max batch',
        value: m.serving.maxBatch,
        source: `KV pool ÷ KV per sequence (${batchAdmissionText(req) ?? 'each slot reserves its whole context'}) and the engine's cap`,
      },
    ],
  });
  out.push({
    quantity: 'TTFT p95',
    formula: 'prefill + fixed request overhead + step/2 + queueing (M/D/1 on prefill, Sakasegawa M/M/c on batch slots)',
    value: p.ttftMs(0.95),
    unit: 'ms',
    constants: [{ name: 'request overhead ms', value: t.eng.ttftOverheadMs, source: CAL }],
  });
  return out;
}
