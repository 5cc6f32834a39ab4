/**
 * Each placement type against hand-computed values: replicas, latency (the estimator's at the
 * per-replica peak, RTT added), cost formulas, tokens, power, residency and cloud share.
 */
import assert from 'node:assert/strict';
import { bandRatios } from '../../../../src/core/estimate/bands';
import { calibration } from '../../../../src/core/estimate/calibration';
import { catalog } from '../../../../src/core/catalog';
import { buildModel, estimate, maxRateMeetingSlo, resolveRequest } from '../../../../src/core/estimate';
import type { EstimateRequest } from '../../../../src/core/estimate/types';
import { REFERENCE } from '../../../../src/core/placements/economics';
import { deploymentYaml, near, only, placements } from '../../support/placements';

const h100 = catalog.hardware.get('h100-sxm-80gb')!;
const rtx = catalog.hardware.get('rtx-4090-24gb')!;
const DAYS = 30.42;
/**
 * Busy power of a GPU as a share of TDP (reference.json tco.gpuPower): prefill at TDP, decode at
 * 0.6 × TDP, weighted by a request's prefill time against its share of the decode steps at the
 * largest batch (the estimator's serving inputs).
 */
const busyFraction = (req: EstimateRequest) => {
  const s = buildModel(req).serving;
  const decode = ((s.outputTokens - 1) * s.stepMs(s.maxBatch)) / s.maxBatch;
  const share = s.prefillBatchedMs / (s.prefillBatchedMs + decode);
  return share + (1 - share) * 0.6;
};
/** One GPU in use at utilisation u: idle + (busy − idle)·u. */
const watts = (hw: { tdpW: number; idleW?: number }, u: number, busy: number) => {
  const idle = hw.idleW ?? 0.15 * hw.tdpW;
  return idle + (hw.tdpW * busy - idle) * Math.min(1, u);
};
/**
 * An 8-GPU H100 SXM server with `inUse` GPUs busy at u: the others idle at 105 W, the host
 * (0.8 W per W of GPU TDP = 4,480 W at most, 35% of it at idle) following the load.
 */
const h100ServerWatts = (inUse: number, u: number, busy: number) =>
  inUse * watts(h100, u, busy) + (8 - inUse) * 105 + 4480 * (0.35 + 0.65 * Math.min(1, u));
const profile = (hours: Array<[number, number]>) => `[${hours.flatMap(([n, v]) => new Array(n).fill(v)).join(', ')}]`;
const r1 = (x: number) => Math.round(x * 10) / 10;

function request(hardware: string, rps: number, extra: Partial<Parameters<typeof resolveRequest>[0]> = {}) {
  const r = resolveRequest({
    model: 'llama-3.1-8b',
    hardware,
    gpus: 1,
    engine: 'vllm',
    parallelism: { tensor: 1, pipeline: 1, expert: 1 },
    workload: { inputTokens: 1000, outputTokens: 200, requestsPerSecond: rps },
    ...extra,
  });
  if (!r.ok) throw new Error(r.error);
  return r.request;
}

const workload = (peak: number, prof: string, slo = 'slo: {ttftMs: 1000, tpotMs: 50}') =>
  `inputTokens: 1000\noutputTokens: 200\npeakRequestsPerSecond: ${peak}\ndailyProfile: ${prof}\n${slo}`;

describe('placements: on-prem', () => {
  const text = deploymentYaml({
    workload: workload(
      4,
      profile([
        [12, 1],
        [12, 0.5],
      ]),
    ),
    placements: [
      'name: dc\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 2\nengine: vllm\ncosts: {capexUsd: 50000, amortizationMonths: 25, electricityUsdPerKwh: 0.2, pue: 1.5, opexUsdPerMonth: 100}',
    ],
  });
  const p = only(text);

  it('replicas = gpus / (tensor × pipeline) share the load; latency is the estimate at the per-replica peak', () => {
    assert.equal(p.replicas, 2);
    assert.equal(p.gpus, 2);
    assert.equal(p.devices, 2);
    const est = estimate(request('h100-sxm-80gb', 2));
    assert.equal(p.latency.ttftMs.p95, r1(est.latency.ttftMs.p95.value));
    assert.equal(p.latency.tpotMs.p50, r1(est.latency.tpotMs.p50.value));
    assert.equal(p.memory.fits, true);
    assert.equal(p.memory.kvPoolGiB, Math.round(est.memory.kvPoolGiB.value * 100) / 100);
  });

  it('passes: the per-replica peak is within the goodput', () => {
    const g = maxRateMeetingSlo(request('h100-sxm-80gb', 2), { ttftMs: 1000, tpotMs: 50, percentile: 95 });
    assert.ok(2 <= g);
    assert.equal(p.verdict, 'pass');
    assert.deepEqual(p.reasons, []);
    assert.ok(near(p.throughput.goodputRequestsPerSecond!, 2 * g, 1e-3));
  });

  it('monthly cost = capex / months + energy at the modelled utilisation × PUE × tariff + opex', () => {
    const sat = estimate(request('h100-sxm-80gb', 2)).throughput.maxRequestsPerSecond.value;
    const busy = busyFraction(request('h100-sxm-80gb', 2));
    // Two H100 SXM in use of the one 8-GPU server they come in (issue 12 item 5: the whole system).
    const whPerDay = 12 * h100ServerWatts(2, 2 / sat, busy) + 12 * h100ServerWatts(2, 1 / sat, busy);
    const energy = (whPerDay / 1000) * 1.5 * 0.2 * DAYS;
    assert.ok(near(p.cost.monthlyUsd, 2000 + energy + 100, 1e-4), `${p.cost.monthlyUsd} vs ${2000 + energy + 100}`);
    const tokens = (12 * 4 + 12 * 2) * 3600 * 200 * DAYS;
    assert.ok(near(p.cost.usdPerMillionOutputTokens, (2000 + energy + 100) / (tokens / 1e6), 1e-3));
    assert.ok(near(p.power.averageKw, (whPerDay / 24 / 1000) * 1.5, 1e-3));
    assert.ok(near(p.power.peakKw!, (h100ServerWatts(2, 2 / sat, busy) * 1.5) / 1000, 1e-3));
    assert.equal(p.dataLeavesPremises, false);
    assert.equal(p.cloudShareOfRequests, 0);
  });

  it('reports its YAML location and a curve from 0 to 1.5 × peak', () => {
    assert.equal(p.location?.line, text.split('\n').findIndex((l) => l.includes('name: dc')) + 1);
    assert.equal(p.curve[0]!.requestsPerSecond, 0);
    assert.ok(p.curve.length > 5);
    assert.ok(p.curve.every((c, i) => i === 0 || c.ttftMs.p95 >= p.curve[i - 1]!.ttftMs.p95 - 1e-9));
  });
});

describe('placements: cloud', () => {
  const p = only(
    deploymentYaml({
      workload: workload(
        4,
        profile([
          [10, 1],
          [14, 0],
        ]),
      ),
      placements: [
        'name: c\ntype: cloud\nhardware: h100-sxm-80gb\ngpus: 2\nengine: vllm\nusdPerGpuHour: 2\nnetworkRttMs: 40',
      ],
    }),
  );

  it('cost = GPU-hours × price, billed for the hours with load', () => {
    assert.ok(near(p.cost.monthlyUsd, 2 * 10 * DAYS * 2));
    const tokens = 10 * 4 * 3600 * 200 * DAYS;
    assert.ok(near(p.cost.usdPerMillionOutputTokens, p.cost.monthlyUsd / (tokens / 1e6), 1e-3));
  });

  it('TTFT includes the network RTT; data leaves the premises; no on-premises power', () => {
    const est = estimate(request('h100-sxm-80gb', 2));
    assert.equal(p.latency.ttftMs.p95, r1(est.latency.ttftMs.p95.value + 40));
    assert.equal(p.latency.tpotMs.p95, r1(est.latency.tpotMs.p95.value));
    assert.equal(p.dataLeavesPremises, true);
    assert.equal(p.cloudShareOfRequests, 1);
    assert.equal(p.power.averageKw, 0);
  });

  it('defaults: catalog reference price (with its date) and the same-continent RTT', () => {
    const q = only(
      deploymentYaml({
        workload: workload(1, profile([[24, 1]])),
        placements: ['name: c\ntype: cloud\nhardware: h100-sxm-80gb\ngpus: 1'],
      }),
    );
    assert.ok(near(q.cost.monthlyUsd, 24 * DAYS * h100.cloudPricePerGpuHour!.usd));
    assert.ok(q.assumptions.some((a) => a.includes(h100.cloudPricePerGpuHour!.date)));
    const est = estimate(request('h100-sxm-80gb', 1));
    assert.equal(q.latency.ttftMs.p95, r1(est.latency.ttftMs.p95.value + REFERENCE.networkRttMs.sameContinent.value));
  });
});

describe('placements: hybrid', () => {
  // The on-prem part carries up to its goodput at the SLO tightened by the upper edge of the latency
  // band (hybrid.ts burstHeadroom); the rest of each busy hour bursts to the cloud.
  const [, ttftEdge] = bandRatios('ttft', calibration);
  const [, tpotEdge] = bandRatios('tpot', calibration);
  const gOn = maxRateMeetingSlo(request('h100-sxm-80gb', 1), {
    ttftMs: 1000 / ttftEdge,
    tpotMs: 50 / tpotEdge,
    percentile: 95,
  });
  const peak = Math.round(gOn * 1.5 * 1000) / 1000;
  const text = deploymentYaml({
    workload: workload(
      peak,
      profile([
        [6, 1],
        [18, 0.1],
      ]),
    ),
    placements: [
      'name: h\ntype: hybrid\nengine: vllm\nonPrem: {hardware: h100-sxm-80gb, gpus: 1, costs: {capexUsd: 36000, amortizationMonths: 36, electricityUsdPerKwh: 0.1, pue: 1.2}}\ncloud: {hardware: h100-sxm-80gb, gpus: 1, usdPerGpuHour: 3, networkRttMs: 20}',
    ],
  });
  const p = only(text);

  it('overflow = max(0, λ_h − on-prem capacity); share of requests to the cloud', () => {
    const overflow = peak - gOn;
    const share = (6 * overflow) / (6 * peak + 18 * 0.1 * peak);
    assert.ok(Math.abs(p.cloudShareOfRequests - share) < 1e-3, `${p.cloudShareOfRequests} vs ${share}`);
    assert.equal(p.dataLeavesPremises, true);
    assert.equal(p.burstHoursPerDay, 6);
    assert.equal(p.verdict, 'pass');
  });

  it('cost = owned base + cloud GPUs only in the burst hours', () => {
    const sat = estimate(request('h100-sxm-80gb', 1)).throughput.maxRequestsPerSecond.value;
    const busy = busyFraction(request('h100-sxm-80gb', 1));
    const whPerDay = 6 * h100ServerWatts(1, gOn / sat, busy) + 18 * h100ServerWatts(1, (0.1 * peak) / sat, busy);
    const owned = 1000 + (whPerDay / 1000) * 1.2 * 0.1 * DAYS;
    const cloud = 1 * 6 * DAYS * 3;
    assert.ok(near(p.cost.monthlyUsd, owned + cloud, 1e-3), `${p.cost.monthlyUsd} vs ${owned + cloud}`);
    assert.ok(near(p.power.averageKw, (whPerDay / 24 / 1000) * 1.2, 1e-3));
  });

  it('reports both parts; latency is the worse of the two (cloud RTT included)', () => {
    assert.deepEqual(
      p.parts?.map((x) => [x.role, x.hardware, x.gpus, x.replicas]),
      [
        ['onPrem', 'h100-sxm-80gb', 1, 1],
        ['cloud', 'h100-sxm-80gb', 1, 1],
      ],
    );
    const cloud = estimate(request('h100-sxm-80gb', peak - gOn));
    assert.ok(p.latency.ttftMs.p95 >= r1(cloud.latency.ttftMs.p95.value + 20) - 0.1);
    assert.equal(p.gpus, 2);
  });

  it('with dataResidency: on-prem it fails when it bursts', () => {
    const q = only(text.replace('placements:', 'constraints:\n  dataResidency: on-prem\nplacements:'));
    assert.equal(q.verdict, 'fail');
    assert.match(
      q.reasons.join(),
      /data leaves premises \([\d.]+% of requests burst to cloud\) but dataResidency: on-prem/,
    );
  });

  it('no burst when the on-prem part carries the peak: the cloud part costs nothing', () => {
    const q = only(
      text.replace(`peakRequestsPerSecond: ${peak}`, `peakRequestsPerSecond: ${Math.round(gOn * 0.5 * 1000) / 1000}`),
    );
    assert.equal(q.cloudShareOfRequests, 0);
    assert.equal(q.dataLeavesPremises, false);
    assert.equal(q.burstHoursPerDay, 0);
    assert.equal(q.cost.breakdown.find((b) => b.item.startsWith('cloud part'))!.monthlyUsd, 0);
  });
});

describe('placements: edge', () => {
  it('sites × devicesPerSite devices, per-site load, PUE 1.0 by default, RTT added', () => {
    const p = only(
      deploymentYaml({
        workload: workload(4, profile([[24, 1]])),
        placements: [
          'name: e\ntype: edge\nhardware: rtx-4090-24gb\nengine: vllm\nmodel: {weights: fp8}\nsites: 4\ndevicesPerSite: 2\nperSite: {peakRequestsPerSecond: 1}\nnetworkRttMs: 5',
        ],
      }),
    );
    assert.equal(p.devices, 8);
    assert.equal(p.replicas, 8);
    assert.equal(p.sites, 4);
    const req = request('rtx-4090-24gb', 0.5, { weights: 'fp8' });
    const est = estimate(req);
    assert.equal(p.latency.ttftMs.p95, r1(est.latency.ttftMs.p95.value + 5));
    const sat = est.throughput.maxRequestsPerSecond.value;
    // Two cards per PC (desktop class): one PC per site, host up to 200 W, 25% of it at idle.
    const u = 0.5 / sat;
    const siteW = 2 * watts(rtx, u, busyFraction(req)) + 200 * (0.25 + 0.75 * u);
    const energy = ((4 * 24 * siteW) / 1000) * 1.0 * REFERENCE.electricityUsdPerKwh.value * DAYS;
    const capex = (8 * rtx.purchasePrice!.usd + 4 * 1500) / 36;
    assert.ok(near(p.cost.monthlyUsd, capex + energy, 1e-4), `${p.cost.monthlyUsd} vs ${capex + energy}`);
    const tokens = 4 * 24 * 1 * 3600 * 200 * DAYS;
    assert.ok(near(p.cost.usdPerMillionOutputTokens, p.cost.monthlyUsd / (tokens / 1e6), 1e-3));
    assert.equal(p.dataLeavesPremises, false);
    assert.ok(p.assumptions.some((a) => /PUE 1 /.test(a)));
  });

  it('without perSite the workload is split evenly over the sites', () => {
    const p = only(
      deploymentYaml({
        workload: workload(6, profile([[24, 1]])),
        placements: ['name: e\ntype: edge\nhardware: rtx-4090-24gb\nengine: vllm\nmodel: {weights: fp8}\nsites: 3'],
      }),
    );
    const est = estimate(request('rtx-4090-24gb', 2, { weights: 'fp8' }));
    assert.equal(p.latency.ttftMs.p95, r1(est.latency.ttftMs.p95.value + REFERENCE.networkRttMs.sameMetro.value));
    assert.ok(p.assumptions.some((a) => /split evenly over 3 sites: 2 req\/s per site/.test(a)));
  });
});

describe('placements: overrides and defaults', () => {
  it('placement model override, default engine on unified memory, KV preference mapped to the engine', () => {
    const p = only(
      deploymentYaml({
        model: 'id: llama-3.1-8b\nweights: fp8\nkvCache: fp8',
        workload: workload(0.05, profile([[24, 1]]), 'slo: {ttftMs: 5000}'),
        placements: ['name: mac\ntype: edge\nhardware: apple-m2-ultra\nmodel: {weights: q4_k_m}\nsites: 1'],
      }),
    );
    assert.equal(p.engine, 'llama.cpp');
    assert.equal(p.weights, 'q4_k_m');
    assert.equal(p.kvCache, 'q8_0');
    assert.ok(p.assumptions.some((a) => /KV cache q8_0 instead of fp8/.test(a)));
    assert.ok(p.assumptions.some((a) => /engine llama\.cpp \(default on unified-memory/.test(a)));
  });

  it('engine options: deployment < placement; options the engine lacks are dropped and stated', () => {
    const [a, b] = placements(
      deploymentYaml({
        workload: workload(1, profile([[24, 1]])),
        placements: [
          'name: a\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1\nengine: vllm\nengineOptions: {gpuMemoryUtilization: 0.5}',
          'name: b\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1\nengine: vllm',
        ],
      }),
    );
    assert.ok(a!.memory.kvPoolGiB < b!.memory.kvPoolGiB);
  });

  it('does not fit: one sentence with the GiB needed and available', () => {
    const p = only(
      deploymentYaml({
        model: 'id: llama-3.1-70b',
        workload: workload(1, profile([[24, 1]])),
        placements: ['name: small\ntype: on-prem\nhardware: l4-24gb\ngpus: 1'],
      }),
    );
    assert.equal(p.verdict, 'fail');
    assert.equal(p.memory.fits, false);
    assert.match(p.reasons[0]!, /^does not fit: (needs [\d.]+ GiB per GPU, has 22\.2|.*)$/);
    assert.deepEqual(p.curve, []);
    // It serves nothing, so the report states no latency (the empty KV pool's figures are hours).
    assert.deepEqual(p.latency, { ttftMs: { p50: 0, p95: 0 }, tpotMs: { p50: 0, p95: 0 } });
    assert.equal(p.throughput.outputTokensPerSecond, 0);
  });
});
