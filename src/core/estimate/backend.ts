/**
 * The GPU backend a llama.cpp-family engine runs on a device: the one the request names
 * (`engineOptions.backend`: the build, e.g. the image tag `server-vulkan`), else the one its
 * vendor's devices usually run — CUDA on NVIDIA, ROCm (HIP) on AMD, Metal on Apple, SYCL on Intel,
 * the CPU backend on CPUs. Only engines whose calibration has `backends` read it (timing.ts).
 */
import type { EstimateRequest } from './types';
import { canonicalBackend, type LlamaBackend } from '../catalog/backends';

/** The backend a request runs: its engineOptions.backend (`hip` read as `rocm`), else the vendor's usual one. */
export function gpuBackend(req: EstimateRequest): LlamaBackend {
  const stated = req.engineOptions['backend'];
  const named = typeof stated === 'string' ? canonicalBackend(stated) : undefined;
  if (named) return named;
  if (req.hardware.class === 'cpu') return 'cpu';
  switch (req.hardware.vendor.toLowerCase()) {
    case 'nvidia':
      return 'cuda';
    case 'amd':
      return 'rocm';
    case 'apple':
      return 'metal';
    case 'intel':
      return 'sycl';
    default:
      return 'vulkan';
  }
}
