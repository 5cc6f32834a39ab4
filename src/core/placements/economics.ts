/**
 * Money and power. Monthly figures use 30.42 days (365 / 12) of 24 hours.
 *
 * Owned devices (on-prem, edge, the on-prem part of hybrid):
 *   monthly = capex / amortizationMonths
 *           + Σ_hours devices × (idle + (TDP − idle) · u_h) × PUE × tariff × 30.42 days
 *           + opexUsdPerMonth
 * where u_h is the replicas' utilisation in hour h (load / the most a replica sustains).
 * Rented devices (cloud, the cloud part of hybrid): GPU-hours × price per GPU-hour, for the hours
 * the part is needed.
 */
import type { HardwareEntry } from '../catalog/types';
import type { OnPremCosts } from '../schema/deployment';
import reference from '../catalog/data/reference.json';
import { formatCount, formatUsd } from '../report/format';

/** Days per month (365 / 12, rounded as everywhere in the docs). */
export const DAYS_PER_MONTH = 30.42;
/** Idle power when the catalog has none, as a fraction of TDP. */
export const DEFAULT_IDLE_FRACTION = 0.15;
/** PUE of edge sites when not given (a device in an office or shop: no facility overhead). */
export const EDGE_DEFAULT_PUE = 1.0;

export interface Reference {
  electricityUsdPerKwh: { value: number; source: string };
  pue: { value: number; source: string };
  amortizationMonths: { value: number; source: string };
  networkRttMs: { sameMetro: { value: number; source: string }; sameContinent: { value: number; source: string } };
}

/** Reference figures (tariff, PUE, amortisation, RTT) with their sources. */
export const REFERENCE: Reference = {
  electricityUsdPerKwh: reference.tco.electricityUsdPerKwh,
  pue: reference.tco.pue,
  amortizationMonths: reference.tco.amortizationMonths,
  networkRttMs: { sameMetro: reference.networkRttMs.sameMetro, sameContinent: reference.networkRttMs.sameContinent },
};

export interface CostLine {
  item: string;
  monthlyUsd: number;
}

export interface OwnedCost {
  monthlyUsd: number;
  breakdown: CostLine[];
  /** Mean draw over the day, kW, PUE included. */
  averageKw: number;
  /** Draw in the busiest hour, kW, PUE included. */
  peakKw: number;
  /** No capex given and no catalog price: capex counted as 0. */
  missingPrice: boolean;
  assumptions: string[];
}

export interface RentedCost {
  monthlyUsd: number;
  breakdown: CostLine[];
  /** No price given and no catalog reference: counted as 0. */
  missingPrice: boolean;
  gpuHoursPerMonth: number;
  assumptions: string[];
}

/** Power of one device at utilisation u (0..1), W. */
export function devicePowerW(hw: HardwareEntry, u: number): { watts: number; idleW: number; idleDefaulted: boolean } {
  const idleDefaulted = hw.idleW === undefined;
  const idleW = hw.idleW ?? DEFAULT_IDLE_FRACTION * hw.tdpW;
  const util = Math.min(1, Math.max(0, u));
  return { watts: idleW + (hw.tdpW - idleW) * util, idleW, idleDefaulted };
}

export interface OwnedInputs {
  hardware: HardwareEntry;
  devices: number;
  /** Utilisation of the devices in each hour, 0..1. */
  utilizationByHour: number[];
  costs?: OnPremCosts;
  /** PUE when `costs.pue` is absent (on-prem: the industry reference; edge: 1.0). */
  defaultPue: { value: number; source: string };
  /** Label for breakdown lines ("" or "on-prem part: "). */
  label?: string;
  /** Defaults from the editor's settings, used before the reference figures. */
  defaults?: { electricityUsdPerKwh?: number; amortizationMonths?: number };
}

/** Monthly cost and power of owned devices. */
export function ownedCost(input: OwnedInputs): OwnedCost {
  const { hardware: hw, devices, costs } = input;
  const label = input.label ?? '';
  const assumptions: string[] = [];
  const breakdown: CostLine[] = [];
  let missingPrice = false;

  const months = costs?.amortizationMonths ?? input.defaults?.amortizationMonths ?? REFERENCE.amortizationMonths.value;
  if (costs?.amortizationMonths === undefined) {
    assumptions.push(
      input.defaults?.amortizationMonths !== undefined
        ? `${label}amortisation over ${months} months (setting llmSizing.defaults.amortizationMonths)`
        : `${label}amortisation over ${months} months (reference: three-year straight-line depreciation)`,
    );
  }
  let capex = costs?.capexUsd;
  if (capex === undefined) {
    if (hw.purchasePrice) {
      capex = hw.purchasePrice.usd * devices;
      assumptions.push(
        `${label}capex ${formatUsd(capex)} = ${devices} × ${formatUsd(hw.purchasePrice.usd)}, catalog reference price of ${hw.name} (${hw.purchasePrice.date}, ${hw.purchasePrice.source}); devices only — servers, networking and racks not included (set costs.capexUsd)`,
      );
    } else {
      capex = 0;
      missingPrice = true;
      assumptions.push(
        `${label}no purchase price for ${hw.name} in the catalog and no costs.capexUsd: capex counted as $0`,
      );
    }
  }
  breakdown.push({
    item: `${label}${hw.name} × ${devices} (capex ${formatUsd(capex)} / ${months} mo)`,
    monthlyUsd: capex / months,
  });

  const tariff =
    costs?.electricityUsdPerKwh ?? input.defaults?.electricityUsdPerKwh ?? REFERENCE.electricityUsdPerKwh.value;
  if (costs?.electricityUsdPerKwh === undefined) {
    assumptions.push(
      input.defaults?.electricityUsdPerKwh !== undefined
        ? `${label}electricity $${tariff}/kWh (setting llmSizing.defaults.electricityUsdPerKwh)`
        : `${label}electricity $${tariff}/kWh (reference: ${REFERENCE.electricityUsdPerKwh.source.split(';')[0]})`,
    );
  }
  const pue = costs?.pue ?? input.defaultPue.value;
  if (costs?.pue === undefined) assumptions.push(`${label}PUE ${pue} (${input.defaultPue.source})`);

  let sumW = 0;
  let maxW = 0;
  let idleNote = '';
  for (const u of input.utilizationByHour) {
    const p = devicePowerW(hw, u);
    if (p.idleDefaulted)
      idleNote = `${label}idle power ${formatCount(p.idleW)} W = ${DEFAULT_IDLE_FRACTION * 100}% of the ${hw.tdpW} W TDP (no idle figure in the catalog)`;
    sumW += p.watts;
    maxW = Math.max(maxW, p.watts);
  }
  if (idleNote) assumptions.push(idleNote);
  const hours = input.utilizationByHour.length || 1;
  const kwhPerDay = (devices * sumW * pue) / 1000;
  const energyUsd = kwhPerDay * tariff * DAYS_PER_MONTH;
  breakdown.push({
    item: `${label}energy (${formatCount(kwhPerDay * DAYS_PER_MONTH)} kWh × $${tariff}, PUE ${pue})`,
    monthlyUsd: energyUsd,
  });
  if (costs?.opexUsdPerMonth !== undefined) breakdown.push({ item: `${label}opex`, monthlyUsd: costs.opexUsdPerMonth });

  return {
    monthlyUsd: breakdown.reduce((a, b) => a + b.monthlyUsd, 0),
    breakdown,
    averageKw: (devices * (sumW / hours) * pue) / 1000,
    peakKw: (devices * maxW * pue) / 1000,
    missingPrice,
    assumptions,
  };
}

export interface RentedInputs {
  hardware: HardwareEntry;
  gpus: number;
  /** Hours per day the GPUs are billed. */
  billedHoursPerDay: number;
  usdPerGpuHour?: number;
  label?: string;
  /** Why only some hours are billed, for the assumption line. */
  billingNote?: string;
}

/** Monthly cost of rented GPUs. */
export function rentedCost(input: RentedInputs): RentedCost {
  const { hardware: hw, gpus } = input;
  const label = input.label ?? '';
  const assumptions: string[] = [];
  let price = input.usdPerGpuHour;
  let missingPrice = false;
  if (price === undefined) {
    if (hw.cloudPricePerGpuHour) {
      price = hw.cloudPricePerGpuHour.usd;
      assumptions.push(
        `${label}$${price}/GPU-hour, catalog reference on-demand price of ${hw.name} (${hw.cloudPricePerGpuHour.date}, ${hw.cloudPricePerGpuHour.source}); set usdPerGpuHour for your contract`,
      );
    } else {
      price = 0;
      missingPrice = true;
      assumptions.push(
        `${label}no cloud price for ${hw.name} in the catalog and no usdPerGpuHour: GPU-hours counted as $0`,
      );
    }
  }
  const gpuHoursPerMonth = gpus * input.billedHoursPerDay * DAYS_PER_MONTH;
  if (input.billingNote) assumptions.push(`${label}${input.billingNote}`);
  const breakdown: CostLine[] = [
    {
      item: `${label}${hw.name} × ${gpus} (${formatCount(gpuHoursPerMonth)} GPU-h × $${price})`,
      monthlyUsd: gpuHoursPerMonth * price,
    },
  ];
  return { monthlyUsd: gpuHoursPerMonth * price, breakdown, missingPrice, gpuHoursPerMonth, assumptions };
}

/** $ per million output tokens (0 when nothing is generated). */
export function usdPerMillionTokens(monthlyUsd: number, monthlyOutputTokens: number): number {
  return monthlyOutputTokens > 0 ? monthlyUsd / (monthlyOutputTokens / 1e6) : 0;
}
