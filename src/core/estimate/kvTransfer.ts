/**
 * The KV cache of one request moved from a prefill worker to a decode worker (issue 20):
 *
 *   bytes = the prompt tokens not served from the prefix cache × the KV bytes per token the decode
 *           worker's ranks hold together (each tensor-parallel rank holds ceil(kvHeads ÷ tp) heads,
 *           so 4 KV heads over TP 8 move twice the logical KV; an MLA latent sits on every rank;
 *           sliding-window layers at most their window)
 *   time  = fixed cost + bytes ÷ (efficiency × Gb/s per GPU ÷ 8 × GPUs sending in parallel)
 *
 * The GPUs that send in parallel are the smaller worker's GPUs (each rank has its own NIC on HGX
 * nodes). Constants per connector and default link speeds: disaggregation.json, with sources.
 */
import data from './disaggregation.json';
import { kvBytesPerSequencePerGpu } from './kv';
import type { EstimateRequest } from './types';

export type KvConnector = 'nixl' | 'mooncake' | 'nccl' | 'lmcache' | 'deepep-internal';
export type LinkKind = 'nvlink' | 'infiniband' | 'roce' | 'ethernet' | 'pcie';

/** The link the KV cache crosses and the software that moves it. */
export interface KvLink {
  connector: KvConnector;
  kind: LinkKind;
  /** Gb/s per GPU; default: the link kind's typical figure (disaggregation.json). */
  gbpsPerGpu?: number;
}

export interface KvTransfer {
  bytesPerRequest: number;
  ms: number;
  /** Bytes/s the link carries between the prefill and decode GPUs (all workers together). */
  linkBytesPerSecond: number;
  assumptions: string[];
}

const CONNECTORS = data.connectors as Record<KvConnector, { fixedMs: number; efficiency: number }>;
const LINKS = data.linkGbpsPerGpu as Record<LinkKind, number>;

/** Default Gb/s per GPU of a link kind. */
export function defaultLinkGbps(kind: LinkKind): number {
  return LINKS[kind];
}

/**
 * Bytes and time to move one request's KV cache of `tokens` prompt tokens.
 * @param prefill one prefill worker's request; @param decode one decode worker's request.
 */
export function kvTransfer(
  prefill: EstimateRequest,
  decode: EstimateRequest,
  tokens: number,
  link: KvLink,
  prefillWorkers = 1,
): KvTransfer {
  const arch = decode.model.architecture;
  // Attention tensor parallelism of a decode rank (data-parallel attention ranks hold whole requests).
  const tp = Math.max(1, decode.parallelism.tensor);
  const bytes = kvBytesPerSequencePerGpu(arch, decode.kvCache, Math.max(0, tokens), tp, 1, 1) * tp;
  const c = CONNECTORS[link.connector] ?? CONNECTORS.nixl;
  const gbps = link.gbpsPerGpu ?? LINKS[link.kind] ?? 100;
  const parallel = Math.max(1, Math.min(prefill.gpusPerReplica, decode.gpusPerReplica));
  // At least 1 byte/s: a link speed near zero (a typo, a hostile file) gives a huge, finite time.
  const bytesPerSecond = Math.max(1, ((c.efficiency * gbps) / 8) * 1e9 * parallel);
  const ms = tokens > 0 ? c.fixedMs + (bytes / bytesPerSecond) * 1000 : 0;
  const linkBytesPerSecond = Math.max(1, ((c.efficiency * gbps) / 8) * 1e9 * prefill.gpusPerReplica * prefillWorkers);
  const mb = bytes / 1e6;
  return {
    bytesPerRequest: bytes,
    ms,
    linkBytesPerSecond,
    assumptions: [
      `KV transfer (${link.connector} over ${link.kind}, ${gbps} Gb/s per GPU${link.gbpsPerGpu === undefined ? ", the link kind's default" : ''}): ${mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)} MB per request (${Math.round(tokens)} prompt tokens as the decode ranks hold them) in ${ms.toFixed(1)} ms = ${c.fixedMs} ms + bytes ÷ (${Math.round(c.efficiency * 100)}% of ${parallel} × ${gbps} Gb/s), added to TTFT`,
    ],
  };
}
