/**
 * The KV cache of one request moved from a prefill worker to a decode worker (issue 20):
 *
 *   bytes = the prompt tokens not served from the prefix cache × the KV bytes per token the decode
 *           worker's ranks hold together (each tensor-parallel rank holds ceil(kvHeads ÷ tp) heads,
 *           so 4 KV heads over TP 8 move twice the logical KV; an MLA latent sits on every rank;
 *           sliding-window layers at most their window)
 *   time  = fixed cost + descriptors × cost each + bytes ÷ (efficiency × Gb/s per GPU ÷ 8 × GPUs
 *           sending in parallel); descriptors: one per paged block per layer where the engine
 *           moves blocks in place (vLLM), one per layer where it gathers them first
 *
 * The GPUs that send in parallel are the smaller worker's GPUs (each rank has its own NIC on HGX
 * nodes). Constants per connector and default link speeds: disaggregation.json, with sources.
 */
import data from './disaggregation.json';
import { hasOwnIndexer, isCompressedMla, isSparseFull, kvBytesPerSequencePerGpu } from './kv';
import { layerAttention } from './params';
import type { EstimateRequest } from './types';
import type { EngineEntry } from '../catalog/types';

export type KvConnector = 'nixl' | 'mooncake' | 'nccl' | 'lmcache' | 'deepep-internal';
export type LinkKind = 'nvlink' | 'infiniband' | 'roce' | 'ethernet' | 'pcie';

/** The link the KV cache crosses and the software that moves it. */
export interface KvLink {
  connector: KvConnector;
  kind: LinkKind;
  /** Gb/s per GPU; default: the link kind's typical figure (disaggregation.json). */
  gbpsPerGpu?: number;
}

/**
 * The connector an engine's disaggregated serving uses when none is named: its catalog entry's
 * `defaultKvConnector` (SGLang's `--disaggregation-transfer-backend` defaults to mooncake), else
 * NIXL (vLLM's NixlConnector under llm-d and Dynamo, TensorRT-LLM's UCX/NIXL cache transceiver).
 */
export function defaultKvConnector(engine: Pick<EngineEntry, 'defaultKvConnector'> | undefined): KvConnector {
  return engine?.defaultKvConnector ?? 'nixl';
}

export interface KvTransfer {
  bytesPerRequest: number;
  ms: number;
  /** Bytes/s the link carries between the prefill and decode GPUs (all workers together). */
  linkBytesPerSecond: number;
  assumptions: string[];
}

const CONNECTORS = data.connectors as Record<
  KvConnector,
  { fixedMs: number; efficiency: number; perDescriptorUs: number }
>;
const GRANULARITY = data.transferGranularity.engines as Record<string, 'block-per-layer' | 'block' | 'layer'>;
const LINKS = data.linkGbpsPerGpu as Record<LinkKind, number>;

/**
 * Default Gb/s per GPU of a link kind, one direction (a KV transfer flows one way). NVLink and
 * PCIe come from the device's own interconnect when it has that kind (H100/H200 NVLink 4: 450 GB/s
 * per direction = 3,600 Gb/s; B200 NVLink 5: 7,200 Gb/s), else from disaggregation.json.
 */
export function defaultLinkGbps(kind: LinkKind, hardware?: EstimateRequest['hardware']): number {
  const own = hardware?.interconnect;
  if (own && own.perGpuGBps > 0 && (kind === 'nvlink' || kind === 'pcie') && own.kind === kind)
    return own.perGpuGBps * 8;
  return LINKS[kind];
}

/**
 * Milliseconds to move `bytes` over `parallel` GPUs' links of `gbps` each with a connector:
 * the connector's fixed cost per request + bytes ÷ (efficiency × line rate). `bandwidthOnly`
 * leaves the fixed cost out (a pipelined benchmark that never pays it).
 */
export function transferMs(
  bytes: number,
  connector: KvConnector,
  gbps: number,
  parallel = 1,
  bandwidthOnly = false,
  descriptors = 0,
): number {
  const c = CONNECTORS[connector] ?? CONNECTORS.nixl;
  const bytesPerSecond = Math.max(1, ((c.efficiency * gbps) / 8) * 1e9 * Math.max(1, parallel));
  return (bandwidthOnly ? 0 : c.fixedMs) + (descriptors * c.perDescriptorUs) / 1000 + (bytes / bytesPerSecond) * 1000;
}

/**
 * Transfer descriptors one rank posts for a request of `tokens` tokens over `connector`: vLLM's
 * NixlConnector reads paged blocks where they lie, one per block per layer (K and V apart, an
 * MLA latent once, a sparse one with its indexer keys twice, once if it shares an earlier layer's
 * indexer and caches no keys; block-sparse GQA K, V and its indexer keys three times); TensorRT-LLM packs all layers into a block, one per block; engines that merge
 * each layer's contiguous pages first (SGLang, vLLM's Mooncake connector) one per layer.
 * Sliding-window layers move at most their window. Table: disaggregation.json transferGranularity.
 */
export function kvDescriptors(req: EstimateRequest, tokens: number, connector: KvConnector): number {
  const arch = req.model.architecture;
  const mode = GRANULARITY[`${req.engine.id}/${connector}`] ?? GRANULARITY[req.engine.id] ?? 'layer';
  const block = Math.max(1, req.engine.memoryContract.kvBlockTokens ?? 16);
  if (mode === 'block') return Math.ceil(Math.max(0, tokens) / block);
  let n = 0;
  for (let i = 0; i < arch.layers; i++) {
    const att = layerAttention(arch, i);
    if (att.kind === 'none') continue;
    if (att.kind === 'mla' && isCompressedMla(att)) {
      // DeepSeek-V4: the compressed latent (tokens ÷ ratio entries), its indexer keys, the window.
      const ratio = att.compressRatio ?? 1;
      const entries = ratio > 0 ? Math.ceil(Math.max(0, tokens) / ratio) : 0;
      const per = (t: number) => (mode === 'block-per-layer' ? Math.ceil(Math.max(0, t) / block) : 1);
      if (ratio > 0) n += per(entries) * (hasOwnIndexer(att) ? 2 : 1);
      if (att.windowTokens !== undefined) n += per(Math.min(tokens, att.windowTokens));
      continue;
    }
    const t = att.kind === 'sliding' ? Math.min(tokens, att.windowTokens) : tokens;
    n +=
      (mode === 'block-per-layer' ? Math.ceil(Math.max(0, t) / block) : 1) *
      (att.kind === 'mla' && !hasOwnIndexer(att) ? 1 : isSparseFull(att) ? 3 : 2);
  }
  return n;
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
  // What the decode ranks hold between them: with decode context parallel, each of its tensor
  // ranks keeps 1/dcp of the tokens, so fewer copies move.
  const bytes =
    kvBytesPerSequencePerGpu(arch, decode.kvCache, Math.max(0, tokens), tp, 1, 1, decode.parallelism.decodeContext) *
    tp;
  const c = CONNECTORS[link.connector] ?? CONNECTORS.nixl;
  const gbps = link.gbpsPerGpu ?? defaultLinkGbps(link.kind, decode.hardware) ?? 100;
  const parallel = Math.max(1, Math.min(prefill.gpusPerReplica, decode.gpusPerReplica));
  // At least 1 byte/s (in transferMs): a link speed near zero (a typo, a hostile file) gives a huge, finite time.
  const descriptors = kvDescriptors(decode, Math.max(0, tokens), link.connector);
  const ms = tokens > 0 ? transferMs(bytes, link.connector, gbps, parallel, false, descriptors) : 0;
  const linkBytesPerSecond = Math.max(1, ((c.efficiency * gbps) / 8) * 1e9 * prefill.gpusPerReplica * prefillWorkers);
  const mb = bytes / 1e6;
  return {
    bytesPerRequest: bytes,
    ms,
    linkBytesPerSecond,
    assumptions: [
      `KV transfer (${link.connector} over ${link.kind}, ${gbps} Gb/s per GPU${link.gbpsPerGpu === undefined ? ", the link kind's default" : ''}): ${mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)} MB per request (${Math.round(tokens)} prompt tokens as the decode ranks hold them) in ${ms.toFixed(1)} ms = ${c.fixedMs} ms${c.perDescriptorUs > 0 ? ` + ${descriptors.toLocaleString('en-US')} descriptors per rank × ${c.perDescriptorUs} µs` : ''} + bytes ÷ (${Math.round(c.efficiency * 100)}% of ${parallel} × ${gbps} Gb/s), added to TTFT`,
    ],
  };
}
