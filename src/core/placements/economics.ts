/**
 * Money and power. Monthly figures use 30.42 days (365 / 12) of 24 hours.
 *
 * Owned devices (on-prem, edge, the on-prem part of hybrid) are bought the way they are sold
 * (reference.json `tco.serverClasses`): SXM/OAM parts in whole 8-GPU servers, PCIe cards one by one
 * in servers of up to 8, consumer cards in PCs. With S servers and D devices bought (d in use):
 *   capex   = D × device price + S × server price (+ network, cabling, racks: hiddenCapexFraction of
 *             both, data-centre classes only), unless costs.capexUsd gives the whole figure;
 *   power_h = [d × (idle + (busy − idle)·u_h) + (D − d) × idle + host_max × (f_idle + (1 − f_idle)·u_h)] × PUE
 *             where busy = TDP × (prefill share + (1 − prefill share) × decode fraction of TDP)
 *             (prefill is compute-bound at the power limit; memory-bound decode draws less);
 *   monthly = capex / amortizationMonths + Σ_h power_h × tariff × 30.42 days
 *             + colocation $/kW-month × rated kW + staff + opex (the last three only when given).
 * u_h is the replicas' utilisation in hour h (load / the most a replica sustains).
 * Rented devices (cloud, the cloud part of hybrid): GPU-hours × price per GPU-hour, for the hours
 * the part is needed; the rate includes the host.
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

type ServerClassId = Exclude<keyof typeof reference.tco.serverClasses, '$comment'>;
type ServerClass = (typeof reference.tco.serverClasses)[ServerClassId];

/**
 * The server class of a device: the catalog's `server`, else by class (data-centre GPUs in PCIe
 * servers, workstation cards in workstations, consumer cards in PCs, SoCs and CPUs whole).
 */
function serverClassOf(hw: HardwareEntry): { id: ServerClassId; figures: ServerClass } {
  const id: ServerClassId =
    hw.server ??
    (hw.class === 'consumer-gpu'
      ? 'desktop'
      : hw.class === 'workstation-gpu'
        ? 'workstation'
        : hw.class === 'datacenter-gpu'
          ? 'pcie-server'
          : 'whole-device');
  return { id, figures: reference.tco.serverClasses[id] };
}

/** How many servers and devices a placement buys for `devices` in use, split over `sites`. */
export function purchaseUnits(
  hw: HardwareEntry,
  devices: number,
  sites = 1,
): { servers: number; bought: number; serverClass: ServerClassId } {
  const { id, figures } = serverClassOf(hw);
  const perSite = Math.ceil(devices / Math.max(1, sites));
  const serversPerSite = Math.ceil(perSite / figures.gpusPerServer);
  const servers = serversPerSite * sites;
  return { servers, bought: figures.wholeServers ? servers * figures.gpusPerServer : devices, serverClass: id };
}

/** Share of a busy device's power that the phase mix draws: prefill at the limit, decode below it. */
export function busyPowerFraction(prefillShare: number): number {
  const p = Math.min(1, Math.max(0, prefillShare));
  return (
    p * reference.tco.gpuPower.prefillFractionOfTdp.value + (1 - p) * reference.tco.gpuPower.decodeFractionOfTdp.value
  );
}

/** A server class's name in the cost text. */
const SERVER_WORDS: Record<ServerClassId, string> = {
  'board-8': '8-GPU server',
  'nvl72-rack': 'NVL72 rack',
  'pcie-server': 'GPU server',
  workstation: 'workstation',
  desktop: 'PC',
  'whole-device': 'device',
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
  /** Devices bought (whole servers for SXM/OAM parts) and the servers they sit in. */
  bought: number;
  servers: number;
  /** What the monthly figure counts, in words (for the text output). */
  includes: string;
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

/** Idle power of one device, W (the catalog's, else DEFAULT_IDLE_FRACTION of TDP). */
export function idleWatts(hw: HardwareEntry): { idleW: number; defaulted: boolean } {
  return hw.idleW === undefined
    ? { idleW: DEFAULT_IDLE_FRACTION * hw.tdpW, defaulted: true }
    : { idleW: hw.idleW, defaulted: false };
}

export interface OwnedInputs {
  hardware: HardwareEntry;
  /** Devices in use. */
  devices: number;
  /** Sites the devices are spread over (edge); servers are counted per site. */
  sites?: number;
  /** Utilisation of the devices in each hour, 0..1. */
  utilizationByHour: number[];
  /** Share of the devices' busy time spent in prefill, 0..1 (sets their busy power). */
  prefillShare: number;
  costs?: OnPremCosts;
  /** PUE when `costs.pue` is absent (on-prem: the industry reference; edge: 1.0). */
  defaultPue: { value: number; source: string };
  /** Label for breakdown lines ("" or "on-prem part: "). */
  label?: string;
  /** Defaults from the editor's settings, used before the reference figures. */
  defaults?: { electricityUsdPerKwh?: number; amortizationMonths?: number };
}

/** Monthly cost and power of owned devices, their servers and the facility. */
export function ownedCost(input: OwnedInputs): OwnedCost {
  const { hardware: hw, devices, costs } = input;
  const label = input.label ?? '';
  const assumptions: string[] = [];
  const breakdown: CostLine[] = [];
  let missingPrice = false;
  const { servers, bought, serverClass } = purchaseUnits(hw, devices, input.sites);
  const cls = reference.tco.serverClasses[serverClass];
  const serverWord = SERVER_WORDS[serverClass];
  const hasHost = serverClass !== 'whole-device';
  if (bought > devices) {
    assumptions.push(
      `${label}${hw.name} is sold in whole ${serverWord}s: ${bought} GPUs bought for the ${devices} in use; the other ${bought - devices} are counted idle (they could serve more replicas)`,
    );
  }

  const months = costs?.amortizationMonths ?? input.defaults?.amortizationMonths ?? REFERENCE.amortizationMonths.value;
  if (costs?.amortizationMonths === undefined) {
    assumptions.push(
      input.defaults?.amortizationMonths !== undefined
        ? `${label}amortisation over ${months} months (setting llmSizing.defaults.amortizationMonths)`
        : `${label}amortisation over ${months} months (reference: three-year straight-line depreciation)`,
    );
  }
  const includes: string[] = [];
  if (costs?.capexUsd !== undefined) {
    breakdown.push({
      item: `${label}capex ${formatUsd(costs.capexUsd)} as given / ${months} mo`,
      monthlyUsd: costs.capexUsd / months,
    });
    includes.push('capex as given');
  } else {
    let gpuCapex = 0;
    if (hw.purchasePrice) {
      gpuCapex = hw.purchasePrice.usd * bought;
      assumptions.push(
        `${label}GPUs ${formatUsd(gpuCapex)} = ${bought} × ${formatUsd(hw.purchasePrice.usd)}, catalog reference price of ${hw.name} (${hw.purchasePrice.date}, ${hw.purchasePrice.confidence ?? 'low'} confidence: ${hw.purchasePrice.source})`,
      );
    } else {
      missingPrice = true;
      assumptions.push(
        `${label}no purchase price for ${hw.name} in the catalog and no costs.capexUsd: GPUs counted as $0`,
      );
    }
    breakdown.push({
      item: `${label}${hw.name} × ${bought} (capex ${formatUsd(gpuCapex)} / ${months} mo)`,
      monthlyUsd: gpuCapex / months,
    });
    const idleNote = bought > devices ? ` (${bought - devices} idle)` : '';
    includes.push(
      hasHost
        ? `${bought} GPU${bought === 1 ? '' : 's'}${idleNote} in ${servers} ${serverWord}${servers === 1 ? '' : 's'}`
        : `${bought} device${bought === 1 ? '' : 's'}`,
    );
    if (hasHost) {
      const serverUsd = costs?.serverUsd ?? cls.serverUsd.value;
      const serverCapex = servers * serverUsd;
      if (costs?.serverUsd === undefined)
        assumptions.push(
          `${label}${servers} ${serverWord}${servers === 1 ? '' : 's'} at ${formatUsd(serverUsd)} each without GPUs (reference, ${cls.serverUsd.confidence} confidence: ${cls.serverUsd.source}; set costs.serverUsd)`,
        );
      breakdown.push({
        item: `${label}${servers} ${serverWord}${servers === 1 ? '' : 's'} without GPUs (capex ${formatUsd(serverCapex)} / ${months} mo)`,
        monthlyUsd: serverCapex / months,
      });
      if (cls.dataCentre) {
        const fraction = reference.tco.hiddenCapexFraction.value;
        const network = fraction * (gpuCapex + serverCapex);
        assumptions.push(
          `${label}network, cabling, racks and insurance ${Math.round(fraction * 1000) / 10}% of the hardware (reference, ${reference.tco.hiddenCapexFraction.confidence} confidence: ${reference.tco.hiddenCapexFraction.source})`,
        );
        breakdown.push({
          item: `${label}network, cabling, racks (capex ${formatUsd(network)} / ${months} mo)`,
          monthlyUsd: network / months,
        });
        includes.push('network and racks');
      }
    }
  }

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

  const { idleW, defaulted } = idleWatts(hw);
  if (defaulted)
    assumptions.push(
      `${label}idle power ${formatCount(idleW)} W = ${DEFAULT_IDLE_FRACTION * 100}% of the ${hw.tdpW} W TDP (no idle figure in the catalog)`,
    );
  const busyFraction = busyPowerFraction(input.prefillShare);
  const busyW = Math.max(idleW, hw.tdpW * busyFraction);
  assumptions.push(
    `${label}a busy GPU draws ${formatCount(busyW)} W = ${Math.round(busyFraction * 100)}% of its ${hw.tdpW} W TDP: ${Math.round(input.prefillShare * 100)}% of its busy time in prefill (at the power limit), the rest in decode at ${reference.tco.gpuPower.decodeFractionOfTdp.value} × TDP (${reference.tco.gpuPower.decodeFractionOfTdp.confidence} confidence, measured ${(reference.tco.gpuPower.decodeFractionOfTdp.range ?? []).join('–')} × TDP)`,
  );
  const perTdpW = cls.hostMaxWPerGpuTdpW?.value;
  const hostMaxW = !hasHost
    ? 0
    : costs?.hostMaxWPerServer !== undefined
      ? costs.hostMaxWPerServer * servers
      : perTdpW !== undefined
        ? perTdpW * hw.tdpW * bought
        : (cls.hostMaxW?.value ?? 0) * servers;
  const hostIdle = cls.hostIdleFraction.value;
  if (hasHost)
    assumptions.push(
      `${label}host power (CPUs, memory, NICs, fans${serverClass === 'board-8' || serverClass === 'nvl72-rack' ? ', NVSwitch' : ''}) up to ${formatCount(hostMaxW)} W for ${servers} ${serverWord}${servers === 1 ? '' : 's'}, ${Math.round(hostIdle * 100)}% of it at idle (${costs?.hostMaxWPerServer !== undefined ? 'costs.hostMaxWPerServer' : 'reference, low confidence; DGX figures for 8-GPU servers'})`,
    );
  let sumW = 0;
  let maxW = 0;
  for (const u of input.utilizationByHour) {
    const util = Math.min(1, Math.max(0, u));
    const w =
      devices * (idleW + (busyW - idleW) * util) +
      (bought - devices) * idleW +
      hostMaxW * (hostIdle + (1 - hostIdle) * util);
    sumW += w;
    maxW = Math.max(maxW, w);
  }
  const hours = input.utilizationByHour.length || 1;
  const kwhPerDay = (sumW * pue) / 1000;
  const energyUsd = kwhPerDay * tariff * DAYS_PER_MONTH;
  breakdown.push({
    item: `${label}energy (${formatCount(kwhPerDay * DAYS_PER_MONTH)} kWh × $${tariff}, PUE ${pue})`,
    monthlyUsd: energyUsd,
  });
  includes.push(hasHost ? 'energy of GPUs and hosts' : 'energy');
  if (costs?.colocationUsdPerKwMonth !== undefined) {
    const ratedKw = (bought * hw.tdpW + hostMaxW) / 1000;
    breakdown.push({
      item: `${label}colocation (${formatCount(ratedKw)} kW rated × $${costs.colocationUsdPerKwMonth}/kW-month)`,
      monthlyUsd: ratedKw * costs.colocationUsdPerKwMonth,
    });
    includes.push('colocation');
  }
  if (costs?.staffUsdPerMonth !== undefined) {
    breakdown.push({ item: `${label}staff`, monthlyUsd: costs.staffUsdPerMonth });
    includes.push('staff');
  }
  if (costs?.opexUsdPerMonth !== undefined) {
    breakdown.push({ item: `${label}opex`, monthlyUsd: costs.opexUsdPerMonth });
    includes.push('opex');
  }
  const excluded = [
    costs?.colocationUsdPerKwMonth === undefined ? 'colocation' : '',
    costs?.staffUsdPerMonth === undefined ? 'staff' : '',
  ].filter(Boolean);

  return {
    monthlyUsd: breakdown.reduce((a, b) => a + b.monthlyUsd, 0),
    breakdown,
    averageKw: (sumW / hours / 1000) * pue,
    peakKw: (maxW / 1000) * pue,
    missingPrice,
    bought,
    servers,
    includes: `${label}${includes.join(', ')}${excluded.length ? `; not ${excluded.join(' or ')}` : ''}`,
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

/** What a cloud figure counts, for the text output. */
export const CLOUD_INCLUDES = `GPU-hours at the hourly rate (the host is in the rate); not egress, storage or support (often +${Math.round(reference.tco.cloudBillOverheadFraction.value * 100)}%: reference)`;

/** $ per million output tokens (0 when nothing is generated). */
export function usdPerMillionTokens(monthlyUsd: number, monthlyOutputTokens: number): number {
  return monthlyOutputTokens > 0 ? monthlyUsd / (monthlyOutputTokens / 1e6) : 0;
}
