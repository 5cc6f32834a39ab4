import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import {
  DAYS_PER_MONTH,
  DEFAULT_IDLE_FRACTION,
  REFERENCE,
  devicePowerW,
  ownedCost,
  rentedCost,
  usdPerMillionTokens,
} from '../../../../src/core/placements/economics';

const h100 = catalog.hardware.get('h100-sxm-80gb')!;
const m2 = catalog.hardware.get('apple-m2-ultra')!; // has idleW in the catalog
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

describe('placements: economics (hand-computed)', () => {
  it('device power: idle + (TDP − idle)·u; idle defaults to 15% of TDP', () => {
    assert.equal(h100.idleW, undefined);
    close(devicePowerW(h100, 0).watts, 0.15 * 700);
    close(devicePowerW(h100, 0.5).watts, 105 + (700 - 105) * 0.5);
    close(devicePowerW(h100, 2).watts, 700); // clamped
    close(devicePowerW(m2, 0).watts, m2.idleW!);
    assert.equal(DEFAULT_IDLE_FRACTION, 0.15);
  });

  it('owned: capex / months + Σ_h devices × P(u_h) × PUE × tariff × 30.42 + opex', () => {
    const u = [...new Array(12).fill(0.5), ...new Array(12).fill(0)];
    const cost = ownedCost({
      hardware: h100,
      devices: 4,
      utilizationByHour: u,
      costs: { capexUsd: 144000, amortizationMonths: 36, electricityUsdPerKwh: 0.2, pue: 1.5, opexUsdPerMonth: 300 },
      defaultPue: { value: 9, source: 'unused' },
    });
    const wattHoursPerDay = 4 * (12 * (105 + 595 * 0.5) + 12 * 105);
    const energy = (wattHoursPerDay / 1000) * 1.5 * 0.2 * 30.42;
    close(cost.monthlyUsd, 144000 / 36 + energy + 300);
    assert.deepEqual(
      cost.breakdown.map((b) => Math.round(b.monthlyUsd * 100) / 100),
      [4000, Math.round(energy * 100) / 100, 300],
    );
    close(cost.averageKw, (wattHoursPerDay / 24 / 1000) * 1.5);
    close(cost.peakKw, (4 * (105 + 595 * 0.5) * 1.5) / 1000);
    assert.equal(cost.missingPrice, false);
  });

  it('owned without capex: catalog price × devices, with its date and source; reference tariff, PUE and months', () => {
    const cost = ownedCost({
      hardware: h100,
      devices: 2,
      utilizationByHour: new Array(24).fill(1),
      defaultPue: REFERENCE.pue,
    });
    const capex = h100.purchasePrice!.usd * 2;
    const energy =
      ((2 * 700 * 24) / 1000) * REFERENCE.pue.value * REFERENCE.electricityUsdPerKwh.value * DAYS_PER_MONTH;
    close(cost.monthlyUsd, capex / REFERENCE.amortizationMonths.value + energy);
    assert.ok(cost.assumptions.some((a) => a.includes(h100.purchasePrice!.date) && /GPU|devices only/.test(a)));
    assert.ok(cost.assumptions.some((a) => /electricity \$0\.12\/kWh/.test(a)));
  });

  it('owned without any price: capex $0 and missingPrice', () => {
    const noPrice = catalog.hardware.get('h100-pcie-80gb')!;
    assert.equal(noPrice.purchasePrice, undefined);
    const cost = ownedCost({
      hardware: noPrice,
      devices: 1,
      utilizationByHour: new Array(24).fill(0),
      defaultPue: REFERENCE.pue,
    });
    assert.equal(cost.missingPrice, true);
    assert.equal(cost.breakdown[0]!.monthlyUsd, 0);
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
