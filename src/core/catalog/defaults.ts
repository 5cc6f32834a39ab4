/**
 * Defaults that depend on catalog facts. Documented in docs/format.md.
 */
import type { HardwareEntry } from './types';

/**
 * The engine used when a deployment names none: vLLM on discrete GPUs (the most common serving
 * engine), llama.cpp on unified-memory and CPU devices (vLLM does not run there).
 */
export function defaultEngineId(hardware: HardwareEntry | undefined): string {
  return hardware && (hardware.class === 'unified-memory' || hardware.class === 'cpu') ? 'llama.cpp' : 'vllm';
}
