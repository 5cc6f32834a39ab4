/**
 * Names in manifests → catalog ids: node labels and instance types → device. Uses the catalog's
 * own ids and aliases (case-insensitive) after normalising the spellings manifests use. Model
 * references (repo ids, GGUF files, Ollama tags) are resolved by src/core/catalog/modelReference.ts,
 * which accuracy cases share.
 */
import type { Catalog, HardwareEntry } from '../catalog';
import { findHardwareByLabel, findInstanceFamily, findInstanceType } from '../catalog/aliases';

/** Node label keys that name the device type. */
export const DEVICE_LABELS = [
  'nvidia.com/gpu.product',
  'cloud.google.com/gke-accelerator',
  'karpenter.k8s.aws/instance-gpu-name',
  // EKS Auto Mode's copies of the Karpenter labels (docs.aws.amazon.com/eks/latest/userguide/auto-accelerated.html).
  'eks.amazonaws.com/instance-gpu-name',
  'karpenter.k8s.aws/instance-family',
  'eks.amazonaws.com/instance-family',
  'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/instance-type',
  'karpenter.sh/instance-type',
  'amd.com/gpu.product-name',
  'gpu.nvidia.com/model',
  // A DRA claim's CEL selector on the product name (workloads.ts DRA_PRODUCT_LABEL).
  'resource.k8s.io/productName',
  // Ray's accelerator_type (ray.util.accelerators: "A10G", "L4", "H100"), read as a GPU name.
  'ray.io/accelerator-type',
];

/** Device and GPU count of a cloud instance type (catalog instances.json, via catalog/aliases). */
export function matchInstanceType(id: string, catalog: Catalog): { hardware: HardwareEntry; gpus: number } | undefined {
  const found = findInstanceType(id, catalog);
  return found ? { hardware: found.hardware, gpus: found.gpus } : undefined;
}

/**
 * A device label value → catalog device: the catalog's node labels (GPU feature discovery
 * products, GKE accelerators, Karpenter GPU names; catalog/aliases), else a catalog id or alias
 * (`llm-sizing/hardware`-style values written in a label).
 */
export function matchHardwareLabel(value: string, catalog: Catalog, key = ''): HardwareEntry | undefined {
  if (key.endsWith('/instance-family')) return findInstanceFamily(value, catalog);
  return findHardwareByLabel(value, catalog) ?? catalog.hardware.get(value.trim());
}
