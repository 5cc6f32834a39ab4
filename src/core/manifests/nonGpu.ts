/**
 * Serving workloads that do not run on GPUs: TPUs (GKE `google.com/tpu`, TPU node labels and
 * machine types), AWS Trainium/Inferentia (`aws.amazon.com/neuron*`, trn/inf instances) and
 * CPU-only servers (vLLM's CPU image, `--device cpu` or `VLLM_TARGET_DEVICE=cpu`, llama.cpp's CPU image with no GPU
 * requested). They are recognised and reported as outside GPU sizing (LLMS214), never sized as
 * GPUs with a guessed device.
 */
import type { ServingCommand } from './commandLine';
import type { ContainerSite, NonGpuAccelerator, WorkloadObject } from './workloads';

/** GKE TPU node labels (cloud.google.com/kubernetes-engine/docs/concepts/tpus). */
const TPU_LABELS = ['cloud.google.com/gke-tpu-accelerator', 'cloud.google.com/gke-tpu-topology'];
/** GCP TPU machine types (ct4p-, ct5lp-, ct5p-, ct6e-) and AWS Trainium/Inferentia instances (trn1, trn2, inf2). */
const TPU_MACHINE = /^ct\d+[a-z]*-/i;
const NEURON_INSTANCE = /^(?:trn|inf)\d/i;
/** vLLM's CPU images (docs.vllm.ai getting_started/installation/cpu: vllm-cpu-release-repo, *-cpu). */
const CPU_IMAGE = /(?:^|[-/_])cpu(?:[-/_.:]|$)/i;
/** llama.cpp images built for a GPU backend (ggml-org/llama.cpp docs/docker.md: server-cuda, server-rocm, …). */
const LLAMA_GPU_TAG = /cuda|rocm|vulkan|musa|intel|sycl|metal/i;

/** Whether a serving container runs on something other than GPUs, and what says so. */
export function nonGpuOf(
  object: WorkloadObject,
  site: ContainerSite,
  command: ServingCommand,
): NonGpuAccelerator | undefined {
  if (site.nonGpu) return site.nonGpu;
  if (site.gpus) return undefined;
  for (const label of object.nodeLabels) {
    if (TPU_LABELS.includes(label.key))
      return { kind: 'tpu', evidence: `${label.key}: ${label.value}`, range: label.range };
    if (label.key.endsWith('instance-type') && TPU_MACHINE.test(label.value))
      return { kind: 'tpu', evidence: `${label.key}: ${label.value}`, range: label.range };
    if (label.key.endsWith('instance-type') && NEURON_INSTANCE.test(label.value))
      return { kind: 'neuron', evidence: `${label.key}: ${label.value}`, range: label.range };
  }
  const device = command.flags.get('device');
  const value = device?.value;
  if (device && value && /^(cpu|tpu|neuron)$/i.test(value.value)) {
    const kind = value.value.toLowerCase() as NonGpuAccelerator['kind'];
    return { kind, evidence: `${device.name}${device.fromEnv ? '=' : ' '}${value.value}`, range: value.range };
  }
  const image = command.image;
  if (image && (command.engine === 'vllm' || command.engine === 'sglang') && CPU_IMAGE.test(image.value))
    return { kind: 'cpu', evidence: `image ${image.value}`, range: image.range };
  if (image && command.engine === 'vllm' && /tpu/i.test(image.value))
    return { kind: 'tpu', evidence: `image ${image.value}`, range: image.range };
  if (image && command.engine === 'vllm' && /neuron/i.test(image.value))
    return { kind: 'neuron', evidence: `image ${image.value}`, range: image.range };
  if (image && command.engine === 'llama.cpp' && /llama\.cpp:(?:server|full|light)/i.test(image.value)) {
    const tag = image.value.slice(image.value.lastIndexOf(':') + 1);
    if (!LLAMA_GPU_TAG.test(tag))
      return { kind: 'cpu', evidence: `image ${image.value} (CPU build) and no GPU requested`, range: image.range };
  }
  return undefined;
}
