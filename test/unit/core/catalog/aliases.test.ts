/**
 * Names other tools use for catalog entries (src/core/catalog/aliases.ts): Hugging Face repo ids,
 * Kubernetes GPU node labels and cloud instance types.
 */
import assert from 'node:assert/strict';
import {
  findHardwareByLabel,
  findInstanceType,
  findModelByHuggingFaceId,
  gpuLabelKeyOf,
  gpuNodeLabels,
} from '../../../../src/core/catalog/aliases';
import { catalog } from '../../../../src/core/catalog';

describe('catalog aliases', () => {
  describe('findModelByHuggingFaceId', () => {
    it('maps base, instruct and official quantized repos to the catalog model, case-insensitively', () => {
      assert.equal(findModelByHuggingFaceId('meta-llama/Llama-3.1-70B-Instruct')?.id, 'llama-3.1-70b');
      assert.equal(findModelByHuggingFaceId('META-LLAMA/llama-3.1-70b')?.id, 'llama-3.1-70b');
      assert.equal(findModelByHuggingFaceId('meta-llama/Llama-3.1-405B-Instruct-FP8')?.id, 'llama-3.1-405b');
      assert.equal(findModelByHuggingFaceId('Qwen/Qwen2.5-72B-Instruct-AWQ')?.id, 'qwen2.5-72b');
      assert.equal(findModelByHuggingFaceId('openai/gpt-oss-120b')?.id, 'gpt-oss-120b');
    });

    it('tolerates a Hub URL prefix and a trailing slash', () => {
      assert.equal(findModelByHuggingFaceId('https://huggingface.co/deepseek-ai/DeepSeek-V3/')?.id, 'deepseek-v3');
      assert.equal(findModelByHuggingFaceId('hf.co/google/gemma-2-9b-it')?.id, 'gemma-2-9b');
    });

    it('does not guess: an unknown repo, a catalog short id or a partial name finds nothing', () => {
      assert.equal(findModelByHuggingFaceId('someone/Llama-3.1-70B-Instruct-finetune'), undefined);
      assert.equal(findModelByHuggingFaceId('llama-3.1-70b'), undefined);
      assert.equal(findModelByHuggingFaceId('meta-llama/Llama-3.1'), undefined);
    });

    it('the catalog still resolves a repo id given as the model id', () => {
      assert.equal(catalog.models.get('meta-llama/Meta-Llama-3.1-8B-Instruct')?.id, 'llama-3.1-8b');
    });
  });

  describe('findHardwareByLabel', () => {
    it('maps GPU feature discovery product names', () => {
      assert.equal(findHardwareByLabel('NVIDIA-H100-80GB-HBM3')?.id, 'h100-sxm-80gb');
      assert.equal(findHardwareByLabel('NVIDIA-A100-SXM4-80GB')?.id, 'a100-sxm-80gb');
      assert.equal(findHardwareByLabel('NVIDIA-A100-SXM4-40GB')?.id, 'a100-sxm-40gb');
      assert.equal(findHardwareByLabel('NVIDIA-A100-80GB-PCIe')?.id, 'a100-pcie-80gb');
      assert.equal(findHardwareByLabel('NVIDIA-H100-NVL')?.id, 'h100-nvl-94gb');
      assert.equal(findHardwareByLabel('NVIDIA-L4')?.id, 'l4-24gb');
      assert.equal(findHardwareByLabel('Tesla-T4')?.id, 't4-16gb');
      assert.equal(findHardwareByLabel('NVIDIA-GeForce-RTX-4090')?.id, 'rtx-4090-24gb');
    });

    it('maps GKE accelerator and Karpenter GPU-name values, and a key=value pair', () => {
      assert.equal(findHardwareByLabel('nvidia-h100-mega-80gb')?.id, 'h100-sxm-80gb');
      assert.equal(findHardwareByLabel('nvidia-tesla-a100')?.id, 'a100-sxm-40gb');
      assert.equal(findHardwareByLabel('nvidia-a100-80gb')?.id, 'a100-sxm-80gb');
      assert.equal(findHardwareByLabel('a10g')?.id, 'a10g-24gb');
      assert.equal(findHardwareByLabel('cloud.google.com/gke-accelerator=nvidia-l4')?.id, 'l4-24gb');
    });

    it('tolerates the time-slicing suffix and SXM/HBM spelling differences when one device matches', () => {
      assert.equal(findHardwareByLabel('NVIDIA-A100-SXM4-40GB-SHARED')?.id, 'a100-sxm-40gb');
      assert.equal(findHardwareByLabel('NVIDIA-H100-SXM5-80GB')?.id, 'h100-sxm-80gb');
      assert.equal(findHardwareByLabel('nvidia-a100-pcie-80gb')?.id, 'a100-pcie-80gb');
    });

    it('refuses MIG slices and ambiguous names instead of guessing', () => {
      assert.equal(findHardwareByLabel('NVIDIA-A100-SXM4-40GB-MIG-1g.5gb'), undefined);
      assert.equal(findHardwareByLabel('a100'), undefined, 'Karpenter a100 is 40 GB on p4d and 80 GB on p4de');
      assert.equal(findHardwareByLabel('NVIDIA-H100'), undefined, 'no size or form factor: SXM, PCIe or NVL');
      assert.equal(findHardwareByLabel('NVIDIA-A100-40GB'), findHardwareByLabel('NVIDIA-A100-SXM4-40GB'));
      assert.equal(findHardwareByLabel(''), undefined);
    });

    it("groups a device's labels by the node-label key they belong to", () => {
      const h100 = catalog.hardware.get('h100-sxm-80gb')!;
      assert.deepEqual(gpuNodeLabels(h100), {
        'nvidia.com/gpu.product': ['NVIDIA-H100-80GB-HBM3'],
        'cloud.google.com/gke-accelerator': ['nvidia-h100-80gb', 'nvidia-h100-mega-80gb'],
        'karpenter.k8s.aws/instance-gpu-name': ['h100'],
      });
      assert.equal(gpuLabelKeyOf('Tesla-T4'), 'nvidia.com/gpu.product');
    });
  });

  describe('findInstanceType', () => {
    it('maps instance types of the big clouds to device and GPU count', () => {
      const cases: Array<[string, string, number, string]> = [
        ['p5.48xlarge', 'h100-sxm-80gb', 8, 'aws'],
        ['g6e.xlarge', 'l40s-48gb', 1, 'aws'],
        ['p4d.24xlarge', 'a100-sxm-40gb', 8, 'aws'],
        ['a3-highgpu-8g', 'h100-sxm-80gb', 8, 'gcp'],
        ['g2-standard-24', 'l4-24gb', 2, 'gcp'],
        ['Standard_ND96isr_H100_v5', 'h100-sxm-80gb', 8, 'azure'],
        ['standard_nc24ads_a100_v4', 'a100-pcie-80gb', 1, 'azure'],
        ['BM.GPU.H100.8', 'h100-sxm-80gb', 8, 'oci'],
      ];
      for (const [id, hardware, gpus, cloud] of cases) {
        const match = findInstanceType(id);
        assert.deepEqual(
          match && { hardware: match.hardware.id, gpus: match.gpus, cloud: match.cloud },
          { hardware, gpus, cloud },
          id,
        );
      }
    });

    it('says when a VM gets only a partition of one GPU', () => {
      const nv6 = findInstanceType('Standard_NV6ads_A10_v5');
      assert.equal(nv6?.hardware.id, 'a10-24gb');
      assert.equal(nv6?.gpus, 1);
      assert.ok(nv6?.gpuFraction !== undefined && Math.abs(nv6.gpuFraction - 1 / 6) < 1e-9);
      assert.equal(findInstanceType('Standard_NV36ads_A10_v5')?.gpuFraction, undefined);
    });

    it('returns undefined for an unknown instance type', () => {
      assert.equal(findInstanceType('p5.49xlarge'), undefined);
      assert.equal(findInstanceType('h100'), undefined);
    });
  });
});
