/**
 * Disaggregated prefill/decode serving (issue 20): the KV bytes a request moves (TP replication of
 * KV heads, the MLA latent on every rank), the transfer time against the connector's constants,
 * integer rate matching of the two roles, TTFT paying the transfer, and the comparison with the
 * aggregated alternative on the same GPUs moving the way published comparisons do.
 */
import assert from 'node:assert/strict';
import { resolveOrThrow } from '../../support/resolved';
import { type EstimateRequest } from '../../../../src/core/estimate';
import {
  estimateDisaggregated,
  pathTtftMs,
  type DisaggregatedRequest,
} from '../../../../src/core/estimate/disaggregated';
import { calibration } from '../../../../src/core/estimate/calibration';
import { compareWithAggregated } from '../../../../src/core/estimate/disaggregationGain';
import { defaultLinkGbps, kvDescriptors, kvTransfer } from '../../../../src/core/estimate/kvTransfer';
import { scoreKvTransferTable } from '../../../../src/core/accuracy/kvTransferTable';
import { readFileSync } from 'node:fs';
import constants from '../../../../src/core/estimate/disaggregation.json';

function worker(
  model: string,
  hardware: string,
  tensor: number,
  inputTokens: number,
  outputTokens: number,
  extra: Record<string, unknown> = {},
): EstimateRequest {
  return resolveOrThrow({
    model,
    hardware,
    engine: 'vllm',
    gpus: tensor,
    parallelism: { tensor },
    workload: { inputTokens, outputTokens, requestsPerSecond: 1 },
    ...extra,
  });
}

function deployment(
  prefillWorkers: number,
  prefillTp: number,
  decodeWorkers: number,
  decodeTp: number,
  inputTokens: number,
  outputTokens: number,
  rps: number,
  model = 'llama-3.1-70b',
  hardware = 'h100-sxm-80gb',
): DisaggregatedRequest {
  return {
    prefill: { workers: prefillWorkers, request: worker(model, hardware, prefillTp, inputTokens, outputTokens) },
    decode: { workers: decodeWorkers, request: worker(model, hardware, decodeTp, inputTokens, outputTokens) },
    link: { connector: 'mooncake', kind: 'roce', gbpsPerGpu: 400 },
    load: { requestsPerSecond: rps },
  };
}

describe('disaggregated serving: KV transfer', () => {
  it('moves the KV heads the decode ranks hold: Llama 3.1 70B (8 KV heads) at bf16 is 320 KiB per token; TP 16 holds every head twice', () => {
    const p = worker('llama-3.1-70b', 'h100-sxm-80gb', 8, 4000, 100);
    const perToken = 2 * 8 * 128 * 2 * 80; // K and V × heads × head dim × bf16 bytes × layers
    assert.equal(
      kvTransfer(p, worker('llama-3.1-70b', 'h100-sxm-80gb', 8, 4000, 100), 1000, {
        connector: 'mooncake',
        kind: 'roce',
      }).bytesPerRequest,
      1000 * perToken,
    );
    const tp16 = {
      ...worker('llama-3.1-70b', 'h100-sxm-80gb', 8, 4000, 100),
      parallelism: { tensor: 16, pipeline: 1, expert: 1, data: 1 },
    };
    assert.equal(
      kvTransfer(p, tp16, 1000, { connector: 'mooncake', kind: 'roce' }).bytesPerRequest,
      2 * 1000 * perToken,
    );
  });

  it('an MLA latent (DeepSeek-R1: 512 + 64 per layer) sits on every tensor-parallel rank', () => {
    const tp1 = worker('deepseek-r1', 'h200-sxm-141gb', 8, 2000, 100);
    const one = { ...tp1, parallelism: { ...tp1.parallelism, tensor: 1 } };
    const bytes1 = kvTransfer(tp1, one, 100, { connector: 'nixl', kind: 'infiniband' }).bytesPerRequest;
    const bytes8 = kvTransfer(tp1, tp1, 100, { connector: 'nixl', kind: 'infiniband' }).bytesPerRequest;
    assert.equal(bytes1, 100 * 61 * 576 * (tp1.kvCache.bitsPerWeight / 8));
    assert.equal(bytes8, 8 * bytes1);
  });

  it('time = the connector fixed cost + bytes ÷ (efficiency × Gb/s ÷ 8 × GPUs sending in parallel)', () => {
    const p = worker('llama-3.1-8b', 'h100-sxm-80gb', 1, 8000, 100);
    const d = worker('llama-3.1-8b', 'h100-sxm-80gb', 2, 8000, 100);
    const t = kvTransfer(p, d, 8000, { connector: 'mooncake', kind: 'roce', gbpsPerGpu: 200 });
    const c = constants.connectors.mooncake;
    const expected = c.fixedMs + (t.bytesPerRequest / (((c.efficiency * 200) / 8) * 1e9 * 1)) * 1000;
    assert.ok(Math.abs(t.ms - expected) < 1e-9, `${t.ms} vs ${expected}`);
    // 8,000 tokens × 128 KiB = 1.05 GB at 21 GB/s ≈ 50 ms (+ 1.7 ms).
    assert.ok(t.ms > 45 && t.ms < 60, `${t.ms}`);
  });

  it("vLLM's NIXL connector pays a cost per block per layer: Llama 3.3 70B, 12,000 tokens, block 16 → 120,000 descriptors per rank, 0.3 s", () => {
    const p = worker('llama-3.3-70b', 'h100-sxm-80gb', 2, 12000, 300, { kvCache: 'fp8' });
    const d = worker('llama-3.3-70b', 'h100-sxm-80gb', 4, 12000, 300, { kvCache: 'fp8' });
    // ceil(12,000 / 16) = 750 blocks × 80 layers × (K, V).
    assert.equal(kvDescriptors(d, 12000, 'nixl'), 120000);
    // Mooncake merges each layer's contiguous blocks: one per layer and K/V.
    assert.equal(kvDescriptors(d, 12000, 'mooncake'), 160);
    const t = kvTransfer(p, d, 12000, { connector: 'nixl', kind: 'infiniband', gbpsPerGpu: 400 });
    // By hand: 0.6 ms + 120,000 × 2.5 µs = 300 ms + 1.966 GB ÷ (0.85 × 2 GPUs × 50 GB/s) = 23.1 ms → 323.8 ms.
    assert.ok(Math.abs(t.ms - 323.8) < 0.5, `${t.ms}`);
    assert.match(t.assumptions[0]!, /120,000 descriptors per rank × 2\.5 µs/);
  });

  it('TensorRT-LLM packs every layer into a block (one descriptor per block); an MLA latent is one per layer, not two', () => {
    const trt = worker('llama-3.3-70b', 'h100-sxm-80gb', 4, 12000, 300, { engine: 'tensorrt-llm' });
    assert.equal(kvDescriptors(trt, 12000, 'nixl'), Math.ceil(12000 / 32));
    const ds = worker('deepseek-r1', 'h200-sxm-141gb', 8, 4000, 300, { weights: 'fp8' });
    assert.equal(kvDescriptors(ds, 4000, 'nixl'), 250 * 61);
  });

  it("NVLink defaults to one direction of the device's own link: 3,600 Gb/s on H100, 7,200 Gb/s on B200", () => {
    const h100 = worker('llama-3.1-8b', 'h100-sxm-80gb', 1, 1000, 100);
    const b200 = worker('llama-3.1-8b', 'b200-180gb', 1, 1000, 100);
    assert.equal(defaultLinkGbps('nvlink', h100.hardware), 3600);
    assert.equal(defaultLinkGbps('nvlink', b200.hardware), 7200);
    assert.equal(defaultLinkGbps('infiniband', h100.hardware), 400);
  });

  it('the transfer model against the published transfer tables: ≥ 80% of rows within 20%, median ≤ 15% (a regression fails here)', () => {
    const s = scoreKvTransferTable(readFileSync('data/calibration/kv-transfer.yaml', 'utf8'));
    assert.ok(s.rows.length >= 15, `${s.rows.length} rows`);
    assert.ok(s.withinTwentyPercent >= 0.8, `${s.withinTwentyPercent}`);
    assert.ok(s.medianAbsError <= 0.15, `${s.medianAbsError}`);
  });
});

describe('disaggregated serving: estimate', () => {
  it('serves the smaller of the two roles (integer rate matching); more workers of the bottleneck raise it', () => {
    const r = estimateDisaggregated(deployment(1, 4, 1, 4, 8000, 200, 1));
    assert.equal(r.bottleneck, 'prefill', 'one prefill worker for 8k prompts');
    assert.ok(Math.abs(r.capacityRequestsPerSecond - r.prefill.capacityRequestsPerSecond) < 1e-9);
    const more = estimateDisaggregated(deployment(3, 4, 1, 4, 8000, 200, 1));
    assert.ok(Math.abs(more.prefill.capacityRequestsPerSecond - 3 * r.prefill.capacityRequestsPerSecond) < 1e-6);
    assert.ok(more.capacityRequestsPerSecond > r.capacityRequestsPerSecond);
    assert.equal(more.gpus, 16);
  });

  it('TTFT pays the KV transfer: a 10× slower link adds its transfer time at low load', () => {
    const fast = deployment(2, 2, 1, 4, 8000, 200, 0.05);
    const slow: DisaggregatedRequest = { ...fast, link: { ...fast.link, gbpsPerGpu: 40 } };
    const a = estimateDisaggregated(fast);
    const b = estimateDisaggregated(slow);
    const added = b.kvTransfer.ms - a.kvTransfer.ms;
    assert.ok(added > 100, `${added} ms`);
    assert.ok(Math.abs(b.latency.ttftMs.p50.value - a.latency.ttftMs.p50.value - added) < 0.5);
    assert.ok(b.kvTransfer.linkUtilization > a.kvTransfer.linkUtilization);
    assert.ok(
      Math.abs(a.kvTransfer.linkUtilization - (0.05 * a.kvTransfer.bytesPerRequest) / a.kvTransfer.linkBytesPerSecond) <
        1e-12,
    );
  });

  it("the path's fixed TTFT cost is its connector's: Mooncake's own (its published low-load TTFTs), NIXL's and the unmeasured connectors' the default; the assumptions name it", () => {
    const mooncake = deployment(2, 2, 1, 4, 2000, 200, 0.05);
    const nixl: DisaggregatedRequest = { ...mooncake, link: { ...mooncake.link, connector: 'nixl' } };
    const a = estimateDisaggregated(mooncake);
    const b = estimateDisaggregated(nixl);
    const own = constants.pathTtftMs.byConnector.mooncake;
    const fallback = constants.pathTtftMs.default;
    assert.ok(fallback - own >= 100, `${own} vs ${fallback} ms: the published TTFTs tell them apart`);
    // Beyond the transfers (NIXL's per-descriptor cost differs), TTFT differs by the path costs.
    const beyond = (r: typeof a) => r.latency.ttftMs.p50.value - r.kvTransfer.ms;
    assert.ok(Math.abs(beyond(b) - beyond(a) - (fallback - own)) < 0.5, `${beyond(b) - beyond(a)} ms`);
    assert.equal(pathTtftMs('nixl'), fallback);
    assert.equal(pathTtftMs('lmcache'), fallback);
    assert.equal(pathTtftMs('mooncake'), own);
    assert.ok(
      a.assumptions.some(
        (x) =>
          x.startsWith(`the disaggregated path adds ${own} ms to every TTFT`) && /over mooncake \(its own\)/.test(x),
      ),
      a.assumptions.join('\n'),
    );
    assert.ok(
      b.assumptions.some(
        (x) => x.startsWith(`the disaggregated path adds ${fallback} ms`) && /NIXL\/UCX stacks/.test(x),
      ),
      b.assumptions.join('\n'),
    );
    // A calibration may override a connector's value (the fit script does).
    assert.equal(
      pathTtftMs('mooncake', { ...calibration, disaggregation: { pathTtftMs: { byConnector: { mooncake: 75 } } } }),
      75,
    );
  });

  it('decode workers run no prefills: their TPOT is the decode step, below the aggregated TPOT at the same load', () => {
    const req = deployment(2, 2, 1, 4, 8000, 200, 1);
    const r = estimateDisaggregated(req);
    const cmp = compareWithAggregated(req, { percentile: 95 });
    assert.ok(r.latency.tpotMs.p50.value < cmp.aggregated.perReplica.latency.tpotMs.p50.value);
    assert.ok(r.stable);
  });

  it('splitting gains more with long prompts than with short ones at a strict TPOT objective, and less over a slow link', () => {
    const slo = { tpotMs: 30, ttftMs: 5000, percentile: 95 };
    const long = compareWithAggregated(deployment(1, 4, 1, 4, 10000, 1000, 0.5), slo);
    const short = compareWithAggregated(deployment(1, 4, 1, 4, 200, 200, 0.5), slo);
    assert.ok(long.gain.ratio > short.gain.ratio, `${long.gain.ratio} vs ${short.gain.ratio}`);
    assert.ok(long.gain.ratio > 1, long.headline);
    for (const c of [long, short]) assert.ok(c.gain.low <= c.gain.ratio && c.gain.ratio <= c.gain.high);
    assert.equal(long.aggregated.gpus, 8, 'the aggregated alternative uses the same 8 GPUs');
    // A link too slow for the KV cache (10 Gb/s: 3.3 GB per 10k-token request) costs the split its gain.
    const slow = deployment(1, 4, 1, 4, 10000, 1000, 0.5);
    const slowLink = compareWithAggregated({ ...slow, link: { ...slow.link, gbpsPerGpu: 10 } }, slo);
    assert.ok(slowLink.gain.ratio < long.gain.ratio, slowLink.headline);
  });

  it('a role that cannot hold its model is a reason, not a number', () => {
    const r = estimateDisaggregated(deployment(1, 1, 1, 1, 4000, 100, 1, 'llama-3.1-70b', 'l4-24gb'));
    assert.equal(r.fits, false);
    assert.match(r.reason ?? '', /prefill worker/);
    assert.equal(r.outputTokensPerSecond.value, 0);
  });
});
