/**
 * How a device is bought and housed (reference.json `tco.serverClasses`): `board-8` SXM/OAM parts
 * sold as 8-GPU baseboards in a server; `nvl72-rack` a GB200/GB300 NVL72 rack; `pcie-server` data-
 * centre PCIe cards, up to 8 per server, bought one by one; `workstation` / `desktop` cards in a
 * workstation or PC; `whole-device` a SoC or board whose figures are the whole system.
 * Kept apart from schema.ts so the runtime (workspace catalogs) does not bundle the data schemas.
 */
export const SERVER_CLASS_IDS = [
  'board-8',
  'nvl72-rack',
  'pcie-server',
  'workstation',
  'desktop',
  'whole-device',
] as const;
