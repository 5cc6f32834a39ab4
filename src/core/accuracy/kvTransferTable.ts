/**
 * The KV-transfer model (estimate/kvTransfer.ts) against published transfer tables
 * (data/calibration/kv-transfer.yaml), issue 20's "KV transfer time within 20% of measured
 * transfer tables". A row counts when its link speed is known and it moves at least 1 MiB per
 * link (a request's KV cache is 10 MB–2 GB; latency tables of 4–32 KiB messages measure something
 * else). Rows marked `scores: bandwidth` state a bandwidth or time pipelined blocks: they are
 * compared with bytes ÷ (efficiency × line rate) alone (plus the per-descriptor cost of the
 * `descriptors` a row states), the others with the whole time.
 */
import { parse } from 'yaml';
import { transferMs, type KvConnector } from '../estimate/kvTransfer';
import { quantile } from './report';

export interface KvTableRow {
  id: string;
  connector: KvConnector;
  linkKind: string;
  gbps: number;
  /** Bytes over one link (the row's bytes ÷ its NICs). */
  bytesPerLink: number;
  measuredMs: number;
  predictedMs: number;
  /** predicted ÷ measured − 1. */
  error: number;
  part: 'whole' | 'bandwidth';
}

export interface KvTableScore {
  rows: KvTableRow[];
  /** Rows left out, with why. */
  skipped: Array<{ id: string; why: string }>;
  medianAbsError: number;
  withinTwentyPercent: number;
}

const CONNECTORS = new Set(['nixl', 'mooncake', 'nccl', 'lmcache']);
const MIB = 1024 ** 2;

interface RawRow {
  id?: unknown;
  connector?: unknown;
  scores?: unknown;
  link?: { kind?: unknown; gbps?: unknown; nics?: unknown };
  bytes?: unknown;
  ms?: unknown;
  descriptors?: unknown;
}

/** Scores every usable row of the transfer table text. */
export function scoreKvTransferTable(text: string): KvTableScore {
  const doc = parse(text) as { measurements?: RawRow[] };
  const rows: KvTableRow[] = [];
  const skipped: KvTableScore['skipped'] = [];
  for (const m of doc.measurements ?? []) {
    const id = String(m.id);
    const gbps = m.link?.gbps;
    const nics = typeof m.link?.nics === 'number' ? m.link.nics : 1;
    if (typeof gbps !== 'number' || !(gbps > 0)) {
      skipped.push({ id, why: 'link speed not stated' });
      continue;
    }
    if (typeof m.bytes !== 'number' || typeof m.ms !== 'number' || !CONNECTORS.has(String(m.connector))) {
      skipped.push({ id, why: 'no bytes, time or known connector' });
      continue;
    }
    const bytesPerLink = m.bytes / nics;
    if (bytesPerLink < MIB) {
      skipped.push({ id, why: 'under 1 MiB per link (a message latency, not a request transfer)' });
      continue;
    }
    const part = m.scores === 'bandwidth' ? 'bandwidth' : 'whole';
    const connector = String(m.connector) as KvConnector;
    const descriptors = typeof m.descriptors === 'number' ? m.descriptors : 0;
    const predictedMs = transferMs(bytesPerLink, connector, gbps, 1, part === 'bandwidth', descriptors);
    rows.push({
      id,
      connector,
      linkKind: String(m.link?.kind),
      gbps,
      bytesPerLink,
      measuredMs: m.ms,
      predictedMs,
      error: predictedMs / m.ms - 1,
      part,
    });
  }
  const abs = rows.map((r) => Math.abs(r.error));
  const medianAbsError = quantile(abs, 0.5) ?? NaN;
  const withinTwentyPercent = rows.length === 0 ? 0 : abs.filter((e) => e <= 0.2).length / rows.length;
  return { rows, skipped, medianAbsError, withinTwentyPercent };
}
