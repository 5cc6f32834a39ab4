import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import {
  DAYS_PER_MONTH,
  DEFAULT_IDLE_FRACTION,
  REFERENCE,
  busyPowerFraction,
  ownedCost,
  purchaseUnits,
  rentedCost,
  usdPerMillionTokens,
} from '../../../../src/core/placements/economics';

const h100 = catalog.hardware.get('h100-sxm-80gb')!;
const m2 = catalog.hardware.get('apple-m2-ultra')!; // has idleW in the catalog
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

describe('placements: economics (hand-computed)', () => {
  // Issue 12 item 5: the whole system — GPUs bought in the units they are sold in, servers,
  // network, host power and GPU power by phase. Reference figures (reference.json tco):
  // board-8 host max 0.8 W per W of GPU TDP, 35% of it at idle, server $97,000 without GPUs,
  // network 12.5%; decode at 0.6 × TDP, prefill at TDP.
  const HOST_MAX_8XH100 = 0.8 * 700 * 8; // 4,480 W

  it('busy GPU power by phase: prefill at TDP, decode at 0.6 × TDP', () => {
    close(busyPowerFraction(1), 1);
    close(busyPowerFraction(0), 0.6);
    close(busyPowerFraction(0.25), 0.25 + 0.75 * 0.6);
    assert.equal(h100.idleW, undefined);
    assert.equal(DEFAULT_IDLE_FRACTION, 0.15);
  });

  it('buys SXM parts in whole 8-GPU servers, PCIe cards one by one, PCs per edge site', () => {
    assert.deepEqual(purchaseUnits(h100, 4), { servers: 1, bought: 8, serverClass: 'board-8' });
    assert.deepEqual(purchaseUnits(h100, 9), { servers: 2, bought: 16, serverClass: 'board-8' });
    const l40s = catalog.hardware.get('l40s-48gb')!;
    assert.deepEqual(purchaseUnits(l40s, 3), { servers: 1, bought: 3, serverClass: 'pcie-server' });
    assert.deepEqual(purchaseUnits(l40s, 9), { servers: 2, bought: 9, serverClass: 'pcie-server' });
    const rtx = catalog.hardware.get('rtx-4090-24gb')!;
    assert.deepEqual(purchaseUnits(rtx, 12, 12), { servers: 12, bought: 12, serverClass: 'desktop' });
    assert.deepEqual(purchaseUnits(m2, 3), { servers: 3, bought: 3, serverClass: 'whole-device' });
  });

  it('owned with capex given: capex / months + Σ_h [GPUs in use + idle GPUs of the board + host] × PUE × tariff × 30.42 + opex', () => {
    const u = [...new Array(12).fill(0.5), ...new Array(12).fill(0)];
    const cost = ownedCost({
      hardware: h100,
      devices: 4,
      utilizationByHour: u,
      prefillShare: 0.25,
      costs: { capexUsd: 144000, amortizationMonths: 36, electricityUsdPerKwh: 0.2, pue: 1.5, opexUsdPerMonth: 300 },
      defaultPue: { value: 9, source: 'unused' },
    });
    const busy = 700 * (0.25 + 0.75 * 0.6); // 490 W
    const watts = (x: number) => 4 * (105 + (busy - 105) * x) + 4 * 105 + HOST_MAX_8XH100 * (0.35 + 0.65 * x);
    const wattHoursPerDay = 12 * watts(0.5) + 12 * watts(0); // 12 × 4,634 + 12 × 2,408
    close(watts(0.5), 4634);
    const energy = (wattHoursPerDay / 1000) * 1.5 * 0.2 * 30.42;
    close(cost.monthlyUsd, 144000 / 36 + energy + 300);
    assert.deepEqual(
      cost.breakdown.map((b) => Math.round(b.monthlyUsd * 100) / 100),
      [4000, Math.round(energy * 100) / 100, 300],
    );
    close(cost.averageKw, (wattHoursPerDay / 24 / 1000) * 1.5);
    close(cost.peakKw, (watts(0.5) * 1.5) / 1000);
    assert.equal(cost.bought, 8);
    assert.equal(cost.missingPrice, false);
    assert.match(cost.includes, /capex as given, energy of GPUs and hosts, opex; not colocation/);
  });

  it('owned without capex: whole 8-GPU board + server + 12.5% network; a busy 8× H100 server draws ~8.3 kW before PUE (DGX H100: 10.2 kW max)', () => {
    const cost = ownedCost({
      hardware: h100,
      devices: 2,
      utilizationByHour: new Array(24).fill(1),
      prefillShare: 0,
      defaultPue: REFERENCE.pue,
    });
    const gpus = 8 * h100.purchasePrice!.usd; // $220,000: 6 of the 8 bought sit idle
    const network = 0.125 * (gpus + 97000);
    const months = REFERENCE.amortizationMonths.value;
    const watts = 2 * 420 + 6 * 105 + HOST_MAX_8XH100; // 5,950 W
    const energy = ((watts * 24) / 1000) * REFERENCE.pue.value * REFERENCE.electricityUsdPerKwh.value * DAYS_PER_MONTH;
    close(cost.monthlyUsd, (gpus + 97000 + network) / months + energy);
    assert.deepEqual(
      cost.breakdown.map((b) => Math.round(b.monthlyUsd)),
      [gpus / months, 97000 / months, network / months, energy].map(Math.round),
    );
    assert.ok(cost.assumptions.some((a) => a.includes(h100.purchasePrice!.date) && /low confidence/.test(a)));
    assert.ok(cost.assumptions.some((a) => /8 GPUs bought for the 2 in use/.test(a)));
    assert.ok(cost.assumptions.some((a) => /electricity \$0\.12\/kWh/.test(a)));

    // The case: 8 busy H100 SXM (20% of busy time in prefill) in one server.
    const busy = ownedCost({
      hardware: h100,
      devices: 8,
      utilizationByHour: [1],
      prefillShare: 0.2,
      costs: { pue: 1 },
      defaultPue: REFERENCE.pue,
    });
    const itKw = (8 * 700 * (0.2 + 0.8 * 0.6) + HOST_MAX_8XH100) / 1000; // 3.81 + 4.48 = 8.29 kW
    close(busy.peakKw, itKw);
    assert.ok(busy.peakKw > 6.5 && busy.peakKw < 10.2, `${busy.peakKw} kW: DGX H100 typical 6.5–8.5 kW, max 10.2`);
  });

  it('colocation per rated kW and staff are counted when given, and named in what the cost includes', () => {
    const cost = ownedCost({
      hardware: h100,
      devices: 8,
      utilizationByHour: [0],
      prefillShare: 0,
      costs: { capexUsd: 0, colocationUsdPerKwMonth: 200, staffUsdPerMonth: 5000, electricityUsdPerKwh: 0 },
      defaultPue: REFERENCE.pue,
    });
    const ratedKw = (8 * 700 + HOST_MAX_8XH100) / 1000; // 10.08 kW, DGX H100 10.2 kW
    close(cost.monthlyUsd, ratedKw * 200 + 5000);
    assert.match(cost.includes, /colocation, staff$/);
  });

  it('host power per server is overridable (costs.hostMaxWPerServer)', () => {
    const cost = ownedCost({
      hardware: h100,
      devices: 8,
      utilizationByHour: [1],
      prefillShare: 1,
      costs: { pue: 1, hostMaxWPerServer: 3000 },
      defaultPue: REFERENCE.pue,
    });
    close(cost.peakKw, (8 * 700 + 3000) / 1000);
    assert.ok(cost.assumptions.some((a) => /up to 3,000 W for 1 8-GPU server.*\(costs\.hostMaxWPerServer\)/.test(a)));
  });

  it('owned without any price: GPUs $0 and missingPrice; the PCIe server is still counted', () => {
    const noPrice = catalog.hardware.get('h100-pcie-80gb')!;
    assert.equal(noPrice.purchasePrice, undefined);
    const cost = ownedCost({
      hardware: noPrice,
      devices: 1,
      utilizationByHour: new Array(24).fill(0),
      prefillShare: 0,
      defaultPue: REFERENCE.pue,
    });
    assert.equal(cost.missingPrice, true);
    assert.equal(cost.breakdown[0]!.monthlyUsd, 0);
    close(cost.breakdown[1]!.monthlyUsd, 25000 / 36);
  });

  it('rented: GPU-hours × price for the billed hours', () => {
    const cost = rentedCost({ hardware: h100, gpus: 8, billedHoursPerDay: 10, usdPerGpuHour: 3 });
    close(cost.gpuHoursPerMonth, 8 * 10 * 30.42);
    close(cost.monthlyUsd, 8 * 10 * 30.42 * 3);
    const ref = rentedCost({ hardware: h100, gpus: 1, billedHoursPerDay: 24 });
    close(ref.monthlyUsd, 24 * 30.42 * h100.cloudPricePerGpuHour!.usd);
    assert.ok(ref.assumptions.some((a) => a.includes(h100.cloudPricePerGpuHour!.date)));
    const none = rentedCost({ hardware: catalog.hardware.get('rtx-4090-24gb')!, gpus: 1, billedHoursPerDay: 24 });
    assert.equal(none.missingPrice, true);
    assert.equal(none.monthlyUsd, 0);
  });

  it('$ per million output tokens = monthly cost ÷ (tokens / 10^6)', () => {
    close(usdPerMillionTokens(5000, 2.5e9), 2);
    assert.equal(usdPerMillionTokens(100, 0), 0);
  });
});
