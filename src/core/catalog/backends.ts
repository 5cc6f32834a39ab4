/**
 * llama.cpp's GPU backends as the deployment format spells them (`engineOptions.backend`). Read by
 * validation, the manifest mapping, benchmark import and the estimator (estimate/backend.ts), so it
 * lives with the catalog they all depend on.
 */

/** llama.cpp's GPU backends (ggml-org/llama.cpp docs/build.md), as the deployment format spells them. */
export const LLAMA_BACKENDS = ['cuda', 'rocm', 'hip', 'vulkan', 'metal', 'sycl', 'cpu', 'opencl'] as const;
export type LlamaBackend = (typeof LLAMA_BACKENDS)[number];

/** A backend name in any case as the one the calibration keys (`hip` is ROCm), or undefined if it is none. */
export function canonicalBackend(name: string): LlamaBackend | undefined {
  const n = name.toLowerCase();
  if (n === 'hip') return 'rocm';
  return (LLAMA_BACKENDS as readonly string[]).includes(n) ? (n as LlamaBackend) : undefined;
}
