/**
 * Resources that state serving in fields of their own (issue 18 item 1): every finding and quick
 * fix lands on the field that says it — inside Ray's embedded serveConfigV2 string and a KAITO
 * ConfigMap's inference_config.yaml too — and the shell forms of item 3/4 keep their values.
 */
import assert from 'node:assert/strict';
import { evaluateText } from '../../../../src/core/placements';
import { applyEdits, fixture } from '../../support/helpers';

const at = (text: string, r: { start: number; end: number }): string => text.slice(r.start, r.end);

describe('manifests: resources that declare serving in their own fields', () => {
  it('RayService: a finding on engine_kwargs inside the serveConfigV2 string points at the nested value, and its fix edits it', () => {
    const text = [
      'apiVersion: ray.io/v1',
      'kind: RayService',
      'metadata:',
      '  name: llm',
      'spec:',
      '  serveConfigV2: |',
      '    applications:',
      '    - import_path: ray.serve.llm:build_openai_app',
      '      args:',
      '        llm_configs:',
      '        - model_loading_config:',
      '            model_id: llama',
      '            model_source: meta-llama/Llama-3.1-8B-Instruct',
      '          accelerator_type: L4',
      '          engine_kwargs:',
      '            max_model_len: 200000',
      '',
    ].join('\n');
    const result = evaluateText(text, { curve: false });
    const beyond = result.findings.find((f) => f.code === 'LLMS203');
    assert.ok(beyond, JSON.stringify(result.findings.map((f) => f.code)));
    assert.equal(at(text, beyond.range), '200000');
    const fixed = applyEdits(text, beyond.fixes![0]!.edits);
    assert.match(fixed, /max_model_len: 131072\n/);
    const p = result.documents[0]!.report.placements[0]!;
    assert.equal(p.hardware, 'l4-24gb', 'accelerator_type L4');
    assert.equal(p.model, 'llama-3.1-8b');
  });

  it('KAITO: the ConfigMap of the same file overrides the preset defaults, and LLMS204 lands on its tensor-parallel-size', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: params',
      'data:',
      '  inference_config.yaml: |',
      '    vllm:',
      '      tensor-parallel-size: 2',
      '      max-model-len: 8192',
      '---',
      'apiVersion: kaito.sh/v1beta1',
      'kind: Workspace',
      'metadata:',
      '  name: ws',
      'resource:',
      '  instanceType: Standard_NC24ads_A100_v4',
      'inference:',
      '  preset:',
      '    name: phi-4',
      '  config: params',
      '',
    ].join('\n');
    const result = evaluateText(text, { curve: false });
    const c = result.workloads[0]!.containers[0]!;
    assert.equal(c.placement.hardware?.entry.id, 'a100-pcie-80gb');
    assert.equal(c.placement.maxModelLen?.value, 8192);
    assert.equal(at(text, c.placement.maxModelLen!.range!), '8192');
    const exceeds = result.findings.find((f) => f.code === 'LLMS204');
    assert.ok(exceeds);
    assert.equal(at(text, exceeds.range), '2');
    assert.equal(text.slice(exceeds.range.start - 22, exceeds.range.start), 'tensor-parallel-size: ');
  });

  it('KAITO without a ConfigMap: tensor parallel over the VM GPUs, 0.84 memory utilization, no max-length error (KAITO fits the context)', () => {
    const text = [
      'apiVersion: kaito.sh/v1beta1',
      'kind: Workspace',
      'metadata: {name: ws}',
      'resource: {instanceType: Standard_NC48ads_A100_v4, count: 2}',
      'inference: {preset: {name: llama-3.3-70b-instruct}}',
      '',
    ].join('\n');
    const result = evaluateText(text, { curve: false });
    const c = result.workloads[0]!.containers[0]!;
    assert.deepEqual(
      [c.placement.tensor.value, c.placement.pipeline.value, c.placement.gpusPerReplica.value],
      [2, 2, 4],
    );
    assert.equal(c.placement.engineOptions['gpuMemoryUtilization'], 0.84);
    assert.ok(!result.findings.some((f) => f.code === 'LLMS202'));
    assert.ok(c.analysis.maxModelLen! <= 131072 && c.analysis.maxModelLen! > 0);
  });

  it('LLMInferenceService: LLMS205 on the container GPU limit when parallelism.tensor uses fewer; its fix edits the limit', () => {
    const text = [
      'apiVersion: serving.kserve.io/v1alpha1',
      'kind: LLMInferenceService',
      'metadata: {name: svc}',
      'spec:',
      '  model: {uri: "hf://meta-llama/Llama-3.1-70B-Instruct"}',
      '  parallelism: {tensor: 2}',
      '  template:',
      '    nodeSelector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}',
      '    containers:',
      '      - name: main',
      '        resources: {limits: {nvidia.com/gpu: "8"}}',
      '',
    ].join('\n');
    const result = evaluateText(text, { curve: false });
    const idle = result.findings.find((f) => f.code === 'LLMS205');
    assert.ok(idle);
    assert.equal(at(text, idle.range), '"8"');
  });

  it('shell forms: script variables, arithmetic, ${VAR-default} in Compose', () => {
    const text = [
      'services:',
      '  vllm:',
      '    image: vllm/vllm-openai:latest',
      '    x-llm-sizing: {hardware: h100-sxm-80gb}',
      '    entrypoint: ["/bin/sh", "-c"]',
      '    command: ["TP=2; vllm serve ${MODEL-meta-llama/Llama-3.1-70B-Instruct} -tp $((TP * 2)) --max-model-len $$LEN"]',
      '    environment: [LEN=8192]',
      '    deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 4, capabilities: [gpu]}]}}}',
      '',
    ].join('\n');
    const c = evaluateText(text, { curve: false }).workloads[0]!.containers[0]!;
    assert.equal(c.placement.model.model?.id, 'llama-3.1-70b');
    assert.equal(c.placement.tensor.value, 4);
    assert.equal(c.placement.maxModelLen?.value, 8192);
  });

  it('the prefill and decode pools of one resource are also sized as one disaggregated placement (issue 20 item 5)', () => {
    const text = fixture('manifests', 'corpus', 'llm-d-modelservice-pd.values.yaml');
    const result = evaluateText(text, { curve: false });
    const placements = result.documents.flatMap((d) => d.report.placements);
    const split = placements.find((p) => p.name.endsWith('(prefill + decode)'));
    assert.ok(split?.disaggregation, placements.map((p) => p.name).join(', '));
    assert.equal(split.gpus, 2 * 1 + 1 * 4, '2 prefill replicas of TP1 + 1 decode replica of TP4');
    assert.deepEqual([split.disaggregation.prefill.workers, split.disaggregation.decode.parallelism.tensor], [2, 4]);
    assert.ok(split.disaggregationGain && split.aggregatedAlternative);
    assert.ok(split.disaggregation.kvTransfer.bytesPerRequest > 0 && split.disaggregation.kvTransfer.ms > 0);
    const info = result.findings.find(
      (f) => f.code === 'LLMS208' && f.message.startsWith('disaggregated: 2P×TP1 + 1D×TP4'),
    );
    assert.ok(info, 'the headline finding');
  });

  it('Dynamo graphs, SGLang --disaggregation-mode and vLLM kv_role Deployments pair their prefill and decode workers (issue 20 item 5)', () => {
    const pair = (file: string) => {
      const result = evaluateText(fixture('manifests', 'corpus', file), { curve: false });
      const p = result.documents.flatMap((d) => d.report.placements).find((x) => x.disaggregation);
      assert.ok(p?.disaggregation, `${file}: no disaggregated placement`);
      return p;
    };
    const vllm = pair('dynamo-vllm-disagg.yaml');
    assert.equal(vllm.name, 'vllm-disagg (prefill + decode)');
    assert.equal(vllm.disaggregation!.headline, '1P×TP1 + 1D×TP1');
    assert.equal(vllm.disaggregation!.kvTransfer.connector, 'nixl');
    assert.equal(pair('dynamo-vllm-disagg-shell-args.yaml').disaggregation!.headline, '1P×TP1 + 1D×TP1');
    assert.equal(pair('dynamo-trtllm-disagg.yaml').disaggregation!.headline, '2P×TP1 + 1D×TP1');
    const sglang = pair('sglang-pd-deployments.yaml');
    assert.equal(sglang.name, 'sglang-decode (prefill + decode)');
    assert.equal(sglang.disaggregation!.headline, '2P×TP1 + 1D×TP2');
    assert.equal(sglang.disaggregation!.kvTransfer.connector, 'mooncake', "SGLang's default backend");
    assert.ok(sglang.assumptions.some((a) => /mooncake \(SGLang's default backend\)/.test(a)));
    const nccl = pair('vllm-pd-p2p-nccl.yaml');
    assert.equal(nccl.disaggregation!.headline, '1P×TP1 + 2D×TP1');
    assert.equal(nccl.disaggregation!.kvTransfer.connector, 'nccl');
    // llm-d: NIXL's kv_both on both pools and names without the role; the llm-d.ai/role labels decide.
    const llmd = pair('llmd-pd-role-labels.yaml');
    assert.equal(llmd.name, 'qwen3-32b-pool-b (prefill + decode)');
    assert.equal(llmd.disaggregation!.headline, '2P×TP1 + 1D×TP2');
    assert.equal(llmd.disaggregation!.kvTransfer.connector, 'nixl');
    // One stream, as the pools are read: the tokens/s one request in flight gets, not a trickle's.
    const oneStream = 256_000 / (llmd.latency.ttftMs.p50 + 255 * llmd.latency.tpotMs.p50);
    assert.ok(
      Math.abs(llmd.throughput.outputTokensPerSecond / oneStream - 1) < 0.1,
      `${llmd.throughput.outputTokensPerSecond} vs ${oneStream}`,
    );
    const unlabelled = evaluateText(
      fixture('manifests', 'corpus', 'llmd-pd-role-labels.yaml').replace(/ +llm-d\.ai\/role: \w+\n/g, ''),
      { curve: false },
    );
    assert.ok(
      !unlabelled.documents.some((d) => d.report.placements.some((p) => p.disaggregation)),
      'without the labels nothing says which pool prefills',
    );
    // TP 8 over two pods of 4 GPUs crosses the network: the estimate says so.
    const multi = pair('dynamo-sglang-disagg-multinode.yaml');
    assert.equal(multi.disaggregation!.headline, '1P×TP8 + 1D×TP8');
    assert.ok(
      multi.assumptions.some((a) => /tensor parallel 8 spans 2 NVLink domains of 4 GPUs/.test(a)),
      multi.assumptions.join('\n'),
    );
  });

  it('vLLM --enable-lora with --lora-modules, --max-loras and --max-lora-rank: the slots take KV cache, the assumptions say so', () => {
    const text = fixture('manifests', 'corpus', 'vllm-multi-lora.yaml');
    const withLora = evaluateText(text, { curve: false }).workloads[0]!;
    const c = withLora.containers[0]!;
    assert.deepEqual(c.placement.lora, { adapters: 3, rank: 64, maxLoras: 4 });
    const without = evaluateText(text.replace(/ {12}- --enable-lora\n[\s\S]*?"64"\n/, ''), { curve: false })
      .workloads[0]!;
    const kv = (w: typeof withLora) => w.report.placements[0]!.memory.kvPoolGiB;
    // 4 slots × rank 64 × (32 layers × 81,920 + 2 × (128,256 + 4,096)) × 2 B = 1.38 GiB.
    const slots = (4 * 64 * (32 * 81920 + 2 * (128256 + 4096)) * 2) / 2 ** 30;
    assert.ok(Math.abs(kv(without) - kv(withLora) - slots) < 0.05, `${kv(without)} − ${kv(withLora)} vs ${slots}`);
    assert.ok(
      withLora.report.placements[0]!.assumptions.some((a) => /^LoRA: 3 adapters .* 4 GPU slots at rank 64/.test(a)),
    );
  });

  it('speculative decoding from the command line: SGLang NEXTN and vLLM deepseek_mtp are MTP, in the estimate and its assumptions', () => {
    const text = fixture('manifests', 'corpus', 'sglang-deepseek-mtp.yaml');
    const ws = evaluateText(text, { curve: false }).workloads;
    for (const w of ws) {
      const c = w.containers[0]!;
      assert.deepEqual(c.placement.speculative, { method: 'mtp', draftTokens: 1 }, w.object.name);
      assert.ok(
        w.report.placements[0]!.assumptions.some((a) => /^speculative decoding \(mtp\): 1 draft token/.test(a)),
      );
    }
    const plain = evaluateText(text.replace(/--speculative-algorithm, NEXTN, /, ''), { curve: false }).workloads[0]!;
    assert.equal(plain.containers[0]!.placement.speculative, undefined);
    const tpot = (w: (typeof ws)[number]) => w.report.placements[0]!.latency.tpotMs.p50;
    assert.ok(tpot(ws[0]!) < tpot(plain) * 0.75, `${tpot(ws[0]!)} vs ${tpot(plain)}`);
  });

  it('a draft model the catalog knows is sized: vLLM speculative-config "model", llama.cpp -md with --draft-max', () => {
    const text = fixture('manifests', 'corpus', 'draft-model-speculative.yaml');
    const [vllm, llama] = evaluateText(text, { curve: false }).workloads;
    const spec = (w: typeof vllm) => w!.containers[0]!.placement.speculative;
    assert.equal(spec(vllm)?.method, 'draft-model');
    assert.equal((spec(vllm)?.draftModel as { id: string }).id, 'llama-3.2-3b');
    assert.equal(spec(vllm)?.draftTokens, 4);
    assert.equal((spec(llama)?.draftModel as { id: string }).id, 'deepseek-r1-distill-qwen-1.5b');
    assert.equal(spec(llama)?.draftTokens, 8);
    // The draft GGUF's own quantization (Q8_0, from its file name), not the served model's Q4_K_M.
    assert.equal(spec(llama)?.draftWeights, 'q8_0');
    assert.ok(
      llama!.report.placements[0]!.assumptions.some((a) => /with DeepSeek-R1-Distill-Qwen 1\.5B q8_0\)/.test(a)),
    );
    const q4draft = evaluateText(text.replace('1.5B-Q8_0', '1.5B-Q4_K_M'), { curve: false }).workloads[1]!;
    const w = (x: typeof vllm) => x!.report.placements[0]!.memory.perGpuGiB.weights;
    // 1.78 B params: 8.5 vs ~4.9 bits a weight ≈ 0.8 GiB more at Q8_0.
    assert.ok(w(llama) - w(q4draft) > 0.6 && w(llama) - w(q4draft) < 1.0, `${w(llama)} − ${w(q4draft)}`);
    // The draft's weights are in the memory: 3.2 B params at bf16 over 4 tensor ranks ≈ 1.5 GiB.
    const without = evaluateText(text.replace(/ +- --speculative-config\n.*\n/, ''), { curve: false }).workloads[0]!;
    const weights = (w: typeof vllm) => w!.report.placements[0]!.memory.perGpuGiB.weights;
    assert.ok(Math.abs(weights(vllm) - weights(without) - (3.21e9 * 2) / 4 / 2 ** 30) < 0.1);
    assert.ok(
      vllm!.report.placements[0]!.assumptions.some((a) =>
        /^speculative decoding \(draft-model with Llama 3\.2 3B\)/.test(a),
      ),
    );
    // A draft the catalog does not know is left out, and the notes say so.
    const unknown = evaluateText(text.replace('meta-llama/Llama-3.2-3B-Instruct', 'acme/tiny-draft'), { curve: false })
      .workloads[0]!;
    assert.equal(spec(unknown), undefined);
    assert.ok(unknown.containers[0]!.placement.notes.some((n) => /'acme\/tiny-draft'.*not sized/.test(n)));
    // A method the estimator has no model of is left out with a note, never silently.
    const drafter = evaluateText(
      text.replace(
        '"model": "meta-llama/Llama-3.2-3B-Instruct"',
        '"method": "dspark", "model": "Inferact/Kimi-K3-DSpark"',
      ),
      { curve: false },
    ).workloads[0]!;
    assert.equal(spec(drafter), undefined);
    const said = drafter.report.placements[0]!.assumptions.filter((a) =>
      /method 'dspark': not one the estimator models/.test(a),
    );
    assert.equal(said.length, 1, drafter.report.placements[0]!.assumptions.join('\n'));
  });

  it('separate workers pair only when they serve the same model', () => {
    const text = fixture('manifests', 'corpus', 'sglang-pd-deployments.yaml').replace(
      /(name: sglang-decode[\s\S]*?)meta-llama\/Llama-3\.1-8B-Instruct/,
      '$1Qwen/Qwen3-8B',
    );
    const placements = evaluateText(text, { curve: false }).documents.flatMap((d) => d.report.placements);
    assert.ok(!placements.some((p) => p.disaggregation), placements.map((p) => p.name).join(', '));
  });

  it('NIM on KServe without its runtime in the file: the model format names the model, TP spans the GPUs', () => {
    const text = fixture('manifests', 'corpus', 'nim-kserve-inferenceservice.yaml');
    const alone = text.slice(text.indexOf('apiVersion: serving.kserve.io/v1beta1'));
    const c = evaluateText(alone, { curve: false }).workloads[0]!.containers[0]!;
    assert.equal(c.command.engine, 'nim');
    assert.equal(c.placement.model.model?.id, 'llama-3-70b');
    assert.equal(c.placement.tensor.value, 4);
    assert.equal(c.placement.hardware?.entry.id, 'h100-sxm-80gb');
  });

  it('VLLM_TARGET_DEVICE=cpu in the env reads as a CPU-only server, located on its value (LLMS214)', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '    - name: vllm',
      '      image: vllm/vllm-openai:latest',
      '      args: [meta-llama/Llama-3.1-8B-Instruct]',
      '      env: [{name: VLLM_TARGET_DEVICE, value: cpu}]',
      '',
    ].join('\n');
    const f = evaluateText(text, { curve: false }).findings.find((x) => x.code === 'LLMS214');
    assert.ok(f);
    assert.match(f.message, /VLLM_TARGET_DEVICE=cpu/);
    assert.equal(at(text, f.range), 'cpu');
  });
});
