/**
 * SGLang's memory contract (`--mem-fraction-static`), from its source:
 * - server_args.py `_handle_gpu_memory_settings`: unless set, the fraction is
 *   (GPU MiB − reserved MiB) / GPU MiB, where the reserve covers activations of the largest prompt
 *   chunk and the CUDA graphs: 512 + 1.5 × max(chunked_prefill_size, 2048) + 2 × cuda_graph_max_bs
 *   + 1024 × tp × pp / 8 (+ DP-attention padding, + drafting), at least 10 GiB on GPUs over 60 GiB.
 *   chunked_prefill_size and cuda_graph_max_bs default by GPU memory.
 * - model_runner_kv_cache_mixin.py `profile_max_num_token`: KV pool = free memory after loading −
 *   free memory at start × (1 − fraction) = free at start × fraction − weights. Activations are not
 *   subtracted again: they live in the reserve.
 * Constants: calibration.json `memory.sglang` (each with that source).
 */
import type { Calibration } from './calibration';
import type { EstimateRequest } from './types';
import { option } from './engineOptions';
import { hasCompressedMla } from './kv';

/**
 * SGLang's default chunked_prefill_size (prompt tokens per forward) and cuda_graph_max_bs for a GPU
 * of `gpuGiB` (what torch reports) at tensor parallel `tp`.
 */
export function sglangMemoryDefaults(
  cal: Calibration,
  gpuGiB: number,
  tp: number,
): { chunkedPrefill: number; graphMaxBs: number } {
  const rows = cal.memory.sglang.byMemory;
  const row = rows.find((r) => r.belowGiB === undefined || gpuGiB < r.belowGiB) ?? rows[rows.length - 1]!;
  return { chunkedPrefill: row.chunkedPrefill, graphMaxBs: tp >= 4 ? row.graphMaxBsTp4 : row.graphMaxBs };
}

/**
 * SGLang's default `mem_fraction_static` for the request's GPU (`gpuGiB`, what torch reports),
 * parallelism, `chunkedPrefillSize` / `cudaGraphMaxBs` options and speculative method; rounded to
 * three decimals as SGLang does.
 */
export function sglangDefaultFraction(req: EstimateRequest, cal: Calibration, gpuGiB: number): number {
  const c = cal.memory.sglang;
  const { tensor, pipeline: pp, data: dp } = req.parallelism;
  // SGLang's --tp counts every GPU of a DP-attention replica (--tp 8 --dp 8 = data 8 here).
  const tp = tensor * dp;
  const d = sglangMemoryDefaults(cal, gpuGiB, tp);
  const chunk = option(req, 'chunkedPrefillSize') ?? d.chunkedPrefill;
  const graphBs = option(req, 'cudaGraphMaxBs') ?? d.graphMaxBs;
  let reserved = c.baseMiB + Math.max(chunk > 0 ? chunk : 0, c.minPrefillTokens) * c.perPrefillTokenMiB;
  reserved += graphBs * c.perGraphBatchMiB + ((tp * pp) / 8) * c.perEightRanksMiB;
  if (dp > 1) {
    reserved += graphBs * dp * c.dpPerGraphBatchRankMiB;
    if (graphBs > c.dpLargeGraphBatch) reserved += graphBs * dp * c.dpLargeExtraMiB;
  }
  const gpuMiB = gpuGiB * 1024;
  if (gpuGiB > c.floorAboveGiB) reserved = Math.max(reserved, c.floorMiB);
  const method = req.speculative?.method;
  if (method === 'draft-model') reserved += c.draftModelMiB;
  else if (method !== undefined && method !== 'ngram') reserved += c.speculativeMiB;
  return Math.round(((gpuMiB - reserved) / gpuMiB) * 1000) / 1000;
}

/**
 * SGLang's model-specific default of `--max-running-requests`, for the whole server: 256 for
 * DeepSeek-V4 (the compressed-MLA architecture; sglang arg_groups/deepseek_v4_hook.py
 * apply_deepseek_v4_defaults, from server_args _handle_model_specific_adjustments). The SGLang
 * cookbook's DeepSeek-V4 runs at 1,024 and 4,096 clients hold about 250 in decode (throughput ×
 * TPOT) on every GPU and DP size.
 */
export function sglangModelMaxRunningRequests(req: EstimateRequest): number | undefined {
  return hasCompressedMla(req.model.architecture) ? SGLANG_DEEPSEEK_V4_MAX_RUNNING_REQUESTS : undefined;
}

const SGLANG_DEEPSEEK_V4_MAX_RUNNING_REQUESTS = 256;
