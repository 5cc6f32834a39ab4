/**
 * Names other tools give to catalog entries, resolved from data (models.json `huggingface`,
 * hardware.json `labels`, instances.json): a Hugging Face repo id → model, a Kubernetes node label
 * → device, a cloud instance type → device and GPU count. Pure: no I/O; every lookup is
 * case-insensitive and takes the catalog to search (the built-in one by default, a workspace
 * catalog that adds entries otherwise).
 */
import type { CloudProvider, HardwareEntry, InstanceEntry, ModelEntry } from './types';
import { catalog as builtInCatalog, type Catalog } from './index';
import instancesData from './data/instances.json';

/** The built-in cloud instance types (instances.json), in file order. */
export const builtInInstances: readonly InstanceEntry[] = (instancesData as { entries: InstanceEntry[] }).entries;

/**
 * The catalog model whose `huggingface` list holds a repo id, compared case-insensitively
 * (`meta-llama/llama-3.1-8b-instruct` finds `llama-3.1-8b`). A trailing `/` or a `hf.co/` /
 * `https://huggingface.co/` prefix is tolerated; a revision (`@main`) is not part of a repo id.
 *
 * @param repoId `org/name` as on the Hub.
 * @returns the entry, or undefined when no model lists it (the caller then reads config.json).
 */
export function findModelByHuggingFaceId(repoId: string, cat: Catalog = builtInCatalog): ModelEntry | undefined {
  const key = repoId
    .trim()
    .replace(/^(https?:\/\/)?(huggingface\.co|hf\.co)\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  return cat.models.entries.find((m) => (m.huggingface ?? []).some((id) => id.toLowerCase() === key));
}

/** Which node-label key a `labels` value belongs to, told by its spelling (see HardwareEntry.labels). */
export type GpuLabelKey =
  'nvidia.com/gpu.product' | 'cloud.google.com/gke-accelerator' | 'karpenter.k8s.aws/instance-gpu-name';

/**
 * The label key a hardware.json `labels` value is written for: GPU feature discovery writes the
 * NVML product name (always with capitals), GKE lower-case `nvidia-…`, Karpenter a lower-case
 * short name. The shape test holds the data to this convention.
 */
export function gpuLabelKeyOf(value: string): GpuLabelKey {
  if (/[A-Z]/.test(value)) return 'nvidia.com/gpu.product';
  return value.startsWith('nvidia-') ? 'cloud.google.com/gke-accelerator' : 'karpenter.k8s.aws/instance-gpu-name';
}

/**
 * A device's node labels grouped by key — what a nodeSelector / node affinity for it can use.
 * Keys without a value for this device are absent.
 */
export function gpuNodeLabels(hardware: HardwareEntry): Partial<Record<GpuLabelKey, string[]>> {
  const byKey: Partial<Record<GpuLabelKey, string[]>> = {};
  for (const value of hardware.labels ?? []) (byKey[gpuLabelKeyOf(value)] ??= []).push(value);
  return byKey;
}

/** Words a product name may carry or drop without naming another device. */
const NOISE_TOKENS = new Set([
  ...['nvidia', 'tesla', 'geforce'],
  ...['hbm2', 'hbm2e', 'hbm3', 'hbm3e'],
  ...['sxm', 'sxm4', 'sxm5', 'sxm6'],
]);
/** Tokens that pin a variant (memory size, form factor); a fuzzy match needs one, or `a100` would guess. */
const VARIANT_TOKEN = /^(\d+gb|pcie|nvl|sxm\d?)$/;

function productTokens(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[-_\s]+/)
    .filter((t) => t.length > 0);
}

function significantKey(tokens: readonly string[]): string {
  return tokens
    .filter((t) => !NOISE_TOKENS.has(t))
    .sort()
    .join(' ');
}

/**
 * The device a Kubernetes node label value names: `nvidia.com/gpu.product` (`NVIDIA-H100-80GB-HBM3`,
 * `Tesla-T4`), `cloud.google.com/gke-accelerator` (`nvidia-l4`) or
 * `karpenter.k8s.aws/instance-gpu-name` (`a10g`) — matched against hardware.json `labels`,
 * case-insensitively. A `key=value` string is accepted (the key is ignored).
 *
 * Tolerated variants: GPU feature discovery's `-SHARED` suffix (time-sliced replicas of the same
 * device), and spellings that differ only by vendor words or memory-type / SXM suffixes
 * (`NVIDIA-H100-SXM5-80GB` for `NVIDIA-H100-80GB-HBM3`) — only when the input names a size or a
 * form factor and exactly one device matches. A MIG label (`…-MIG-1g.10gb`) is a slice, not the
 * device, and returns undefined, as does any ambiguous value (Karpenter's `a100`: 40 or 80 GB).
 */
export function findHardwareByLabel(label: string, cat: Catalog = builtInCatalog): HardwareEntry | undefined {
  const value = label.includes('=') ? label.slice(label.lastIndexOf('=') + 1) : label;
  const trimmed = value.trim().replace(/-shared$/i, '');
  if (/-mig-/i.test(trimmed) || trimmed.length === 0) return undefined;
  const lower = trimmed.toLowerCase();
  const exact = cat.hardware.entries.find((h) => (h.labels ?? []).some((l) => l.toLowerCase() === lower));
  if (exact) return exact;

  const tokens = productTokens(trimmed);
  if (!tokens.some((t) => VARIANT_TOKEN.test(t))) return undefined;
  const key = significantKey(tokens);
  const isProductLabelWithKey = (l: string) =>
    gpuLabelKeyOf(l) === 'nvidia.com/gpu.product' && significantKey(productTokens(l)) === key;
  const matches = cat.hardware.entries.filter((h) => (h.labels ?? []).some(isProductLabelWithKey));
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * An AWS instance family (`g6e`, the Karpenter / EKS Auto Mode `instance-family` label) resolved to
 * its device when every size of the family in instances.json carries the same one (g6e: L40S);
 * undefined when the family is unknown or mixes devices.
 */
export function findInstanceFamily(
  family: string,
  cat: Catalog = builtInCatalog,
  instances: readonly InstanceEntry[] = builtInInstances,
): HardwareEntry | undefined {
  const prefix = `${family.trim().toLowerCase()}.`;
  const members = instances.filter((i) => i.cloud === 'aws' && i.id.toLowerCase().startsWith(prefix));
  const devices = new Set(members.map((i) => i.hardware));
  return devices.size === 1 ? cat.hardware.get([...devices][0]!) : undefined;
}

/** A cloud instance type resolved to its device. */
export interface InstanceMatch {
  /** The instances.json entry (its `id` in the provider's spelling). */
  instance: InstanceEntry;
  cloud: CloudProvider;
  hardware: HardwareEntry;
  /** GPUs attached to one instance. */
  gpus: number;
  /** Share of the one GPU a partitioned VM gets (Azure NVads A10 v5); absent for whole GPUs. */
  gpuFraction?: number;
}

/**
 * The device and GPU count of a cloud instance type (`p5.48xlarge` → 8 × h100-sxm-80gb,
 * `Standard_ND96isr_H100_v5`, `a3-highgpu-8g`, `BM.GPU.H100.8`), case-insensitively.
 *
 * @returns undefined for an unknown instance type, or one whose hardware id is not in `cat`.
 */
export function findInstanceType(
  id: string,
  cat: Catalog = builtInCatalog,
  instances: readonly InstanceEntry[] = builtInInstances,
): InstanceMatch | undefined {
  const key = id.trim().toLowerCase();
  const instance = instances.find((i) => i.id.toLowerCase() === key);
  const hardware = instance && cat.hardware.get(instance.hardware);
  if (!instance || !hardware) return undefined;
  return {
    instance,
    cloud: instance.cloud,
    hardware,
    gpus: instance.gpus,
    ...(instance.gpuFraction === undefined ? {} : { gpuFraction: instance.gpuFraction }),
  };
}
