/**
 * Physical floors of the latency figures: what no engine can beat on the device, whatever its
 * efficiency. A decode step must read its weights and KV bytes at most at the data sheet's peak
 * memory bandwidth; a prompt's GEMMs run at most at the data sheet's peak dense TFLOPS for the
 * weights' precision. Uncertainty bands are clipped to them: a band below the floor would claim
 * the impossible (Llama-3.1-8B bf16 on one H100 had a TPOT band from 2.4 ms while reading its
 * 16 GB at 3.35 TB/s takes 4.8 ms).
 */
import type { EstimateRequest } from './types';
import type { MemoryModel } from './memory';
import { decodeStep, linearFlopsPerToken, type PerSequence, type TimingModel } from './timing';

/**
 * TPOT floor, ms: bytes one decode step reads per GPU at `batch` ÷ peak memory bandwidth
 * (`hardware.memoryBandwidthGBps`, the data sheet's figure; GB/s = 1e6 bytes/ms).
 */
export function tpotFloorMs(
  req: EstimateRequest,
  mem: MemoryModel,
  t: TimingModel,
  batch: number,
  ctx: number,
  seq: PerSequence,
): number {
  const bytes = decodeStep(req, mem, t, batch, ctx, seq).bytesPerGpu;
  // Speculative decoding emits up to k + 1 tokens per step read: the floor per token is that share.
  const perStep = req.speculative ? req.speculative.draftTokens + 1 : 1;
  return bytes / (req.hardware.memoryBandwidthGBps * 1e6) / perStep;
}

/**
 * TTFT floor, ms: the prompt's linear-layer FLOPs per GPU (2 × active params per token × tokens
 * ÷ TP) at the peak dense rate for the weights' precision (`peakTflops`: TFLOPS = 1e9 FLOP/ms).
 * Pipeline stages run one after the other for one prompt, so PP does not lower it.
 */
export function ttftFloorMs(req: EstimateRequest, mem: MemoryModel, t: TimingModel, inputTokens: number): number {
  // Experts of a data-parallel replica run on tensor × data GPUs; counting all FLOPs at TP × DP
  // keeps this a floor (never above what the model computes).
  const flops =
    (linearFlopsPerToken(mem, req) * Math.max(1, inputTokens)) / (req.parallelism.tensor * req.parallelism.data);
  return flops / (t.peakTflops * 1e9);
}
