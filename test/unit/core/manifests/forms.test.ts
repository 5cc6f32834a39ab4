/**
 * Manifests: every input form (Kubernetes kinds, LeaderWorkerSet, KServe, Compose, List; command,
 * args, `sh -c`, `--flag=value`, underscores, env and `$(VAR)`) read into the right placement.
 * Fixtures in test/fixtures/manifests cite the engine and Kubernetes docs they are written from.
 */
import assert from 'node:assert/strict';
import { evaluateText, type FileEvaluation } from '../../../../src/core/placements';
import { catalog } from '../../../../src/core/catalog';
import { weightBytes } from '../../../../src/core/estimate';
import { mayContainServingWorkload } from '../../../../src/core/manifests';
import { fixture } from '../../support/helpers';

const GiB = 1024 ** 3;

function run(name: string): { text: string; result: FileEvaluation } {
  const text = fixture('manifests', name);
  return { text, result: evaluateText(text, { curve: false }) };
}

/** The text a finding or a flag points at. */
const at = (text: string, r: { start: number; end: number } | undefined): string =>
  r ? text.slice(r.start, r.end) : '';

function only<T>(list: readonly T[]): T {
  assert.equal(list.length, 1, `expected exactly one, got ${list.length}`);
  return list[0]!;
}

/**
 * A GKE Deployment serving DeepSeek-R1 with SGLang at tensor parallel 8 on one node of
 * `accelerator`, image tag `tag`, with `flags` (YAML flow items) after `--tp 8`.
 */
function sglangDeployment(accelerator: string, tag: string, flags: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: r1}',
    'spec:',
    '  template:',
    '    spec:',
    `      nodeSelector: {cloud.google.com/gke-accelerator: ${accelerator}}`,
    '      containers:',
    '        - name: sglang',
    `          image: lmsysorg/sglang:${tag}`,
    '          command: [python3, -m, sglang.launch_server, --model-path, deepseek-ai/DeepSeek-R1-0528, --tp, "8",',
    `            ${flags}]`,
    '          resources: {limits: {nvidia.com/gpu: 8}}',
    '',
  ].join('\n');
}
describe('manifests: input forms', () => {
  it('Deployment with `/bin/sh -c` args: engine, model, GKE accelerator, replicas; the sidecar and the PVC are ignored', () => {
    const { text, result } = run('vllm-deployment.yaml');
    const w = only(result.workloads);
    assert.equal(w.object.kind, 'Deployment');
    const c = only(w.containers);
    assert.equal(c.command.engine, 'vllm');
    assert.equal(c.placement.model.model?.id, 'llama-3.1-8b');
    assert.equal(at(text, c.placement.model.range), 'meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(c.placement.hardware?.entry.id, 'l4-24gb');
    assert.equal(c.placement.maxModelLen?.value, 16384);
    assert.equal(at(text, c.placement.maxModelLen?.range), '16384');
    // An underscore spelling is the same flag (vLLM's FlexibleArgumentParser).
    assert.equal(c.placement.engineOptions['maxNumBatchedTokens'], 1024);
    const p = only(only(result.documents).report.placements);
    assert.equal(p.replicas, 3);
    assert.equal(p.devices, 3);
    assert.equal(result.findings.filter((f) => f.severity === 'error').length, 0);
  });

  it('LeaderWorkerSet: leader + worker GPUs are one replica; devices = replicas × GPUs per replica; weights ÷ (tensor × pipeline)', () => {
    const { result } = run('lws-vllm.yaml');
    const c = only(only(result.workloads).containers);
    assert.equal(c.site.name, 'vllm-leader', 'the Ray worker runs no engine');
    assert.equal(c.placement.tensor.value, 8);
    assert.equal(c.placement.pipeline.value, 2, '--pipeline_parallel_size (underscore) in a folded sh -c string');
    assert.equal(c.placement.gpusPerReplica.value, 16, '8 on the leader + 8 on the one worker (size 2)');
    const p = only(only(result.documents).report.placements);
    assert.equal(p.devices, 2 * 16);
    const model = catalog.models.get('llama-3.1-405b')!;
    const expected = weightBytes(model, catalog.formats.get('bf16')!).total / GiB / 16;
    assert.ok(Math.abs(p.memory.perGpuGiB.weights - expected) < 0.01, `${p.memory.perGpuGiB.weights} vs ${expected}`);
    assert.ok(
      !result.findings.some((f) => f.code === 'LLMS204' || f.code === 'LLMS205'),
      "tensor × pipeline = 16 = the group's GPUs",
    );
  });

  it('KServe InferenceService predictor.model (huggingface runtime → vLLM), --flag=value, GPU feature discovery label', () => {
    const { text, result } = run('kserve-huggingface.yaml');
    const c = only(only(result.workloads).containers);
    assert.equal(c.command.engine, 'vllm');
    assert.equal(c.placement.model.model?.id, 'llama-3-8b');
    assert.equal(at(text, c.placement.maxModelLen?.range), '8192');
    assert.equal(c.placement.hardware?.entry.id, 'a10g-24gb');
    assert.equal(c.placement.hardware?.source, 'node-label');
  });

  it('Compose llama.cpp: args-only image, GGUF name → model and format, -c split over -np slots, layer split over the reserved GPUs', () => {
    const { result } = run('compose-llamacpp.yaml');
    const w = only(result.workloads);
    assert.equal(w.object.name, 'llm', 'nginx is not a serving service');
    const c = only(w.containers);
    assert.equal(c.command.engine, 'llama.cpp');
    assert.equal(c.placement.model.model?.id, 'llama-3.1-8b');
    assert.equal(c.placement.weights?.value, 'q4_k_m');
    assert.equal(c.placement.gpusPerReplica.value, 2);
    assert.equal(c.placement.pipeline.value, 2);
    assert.equal(c.placement.maxModelLen?.value, 32768 / 4);
    assert.equal(c.placement.hardware?.source, 'compose');
  });

  it('StatefulSet SGLang: command list, instance type in node affinity, --tp; 72B bf16 on 4× A100 40GB does not fit', () => {
    const { text, result } = run('sglang-statefulset.yaml');
    const c = only(only(result.workloads).containers);
    assert.equal(c.command.engine, 'sglang');
    assert.equal(c.placement.hardware?.entry.id, 'a100-sxm-40gb');
    assert.equal(c.placement.hardware?.source, 'instance-type');
    assert.equal(c.placement.tensor.value, 4);
    assert.equal(c.placement.engineOptions['memFractionStatic'], 0.85);
    // By hand: 72.7e9 params × 2 B = 145 GB ÷ 4 = 33.9 GiB per GPU > 0.85 × 39.6 GiB.
    const f = result.findings.find((x) => x.code === 'LLMS201');
    assert.ok(f, 'does not fit');
    assert.equal(at(text, f.range), '4');
    assert.equal(only(only(result.documents).report.placements).verdict, 'fail');
  });

  it('SGLang --scheduler-recv-interval and --num-continuous-decode-steps become engine options the TTFT counts', () => {
    const text = sglangDeployment(
      'nvidia-h200-141gb',
      'v0.5.12-cu130',
      '--scheduler-recv-interval, "30", --num-continuous-decode-steps, "4", --enable-flashinfer-allreduce-fusion',
    );
    const result = evaluateText(text, { curve: false });
    const c = only(only(result.workloads).containers);
    assert.equal(c.placement.engineOptions['schedulerRecvInterval'], 30);
    assert.equal(c.placement.engineOptions['numContinuousDecodeSteps'], 4);
    assert.equal(c.placement.engineOptions['enableFlashinferAllreduceFusion'], true);
    const flag = [...c.command.flags.values()].find((f) => f.key === 'schedulerRecvInterval');
    assert.equal(at(text, flag?.value?.range), '30');
  });

  it('SGLang --enable-prefill-delayer and --prefill-delayer-max-delay-passes become engine options, located', () => {
    const text = sglangDeployment(
      'nvidia-b200',
      'v0.5.15',
      '--dp, "8", --enable-dp-attention, --enable-prefill-delayer, --prefill-delayer-max-delay-passes, "20"',
    );
    const result = evaluateText(text, { curve: false });
    const c = only(only(result.workloads).containers);
    assert.equal(c.placement.engineOptions['enablePrefillDelayer'], true);
    assert.equal(c.placement.engineOptions['prefillDelayerMaxDelayPasses'], 20);
    const flag = [...c.command.flags.values()].find((f) => f.key === 'prefillDelayerPasses');
    assert.equal(at(text, flag?.value?.range), '20');
    assert.deepEqual(
      result.findings.filter((f) => f.code === 'LLMS067'),
      [],
    );
    // Without attention DP SGLang refuses the flag: LLMS067 on it.
    const tensorOnly = text.replace('--dp, "8", --enable-dp-attention, ', '');
    const refused = evaluateText(tensorOnly, { curve: false }).findings.find((f) => f.code === 'LLMS067');
    assert.ok(refused, 'LLMS067');
    assert.equal(at(tensorOnly, refused.range), '--enable-prefill-delayer');
  });

  it('Pod TGI from env (MODEL_ID, NUM_SHARD, MAX_TOTAL_TOKENS) located on the env values', () => {
    const { text, result } = run('tgi-pod-env.yaml');
    const c = only(only(result.workloads).containers);
    assert.equal(c.command.engine, 'tgi');
    assert.equal(c.placement.model.model?.id, 'mistral-7b');
    assert.equal(c.placement.tensor.value, 2);
    assert.equal(at(text, c.placement.tensor.range), '2');
    assert.equal(c.placement.maxModelLen?.value, 8192);
  });

  it('Job trtllm-serve: positional model, underscore flags, Karpenter GPU name', () => {
    const { result } = run('trtllm-job.yaml');
    const c = only(only(result.workloads).containers);
    assert.equal(c.placement.engineId, 'tensorrt-llm');
    assert.equal(c.placement.model.model?.id, 'llama-3.1-70b');
    assert.equal(c.placement.tensor.value, 2);
    assert.equal(c.placement.engineOptions['maxBatchSize'], 64);
    assert.equal(c.placement.hardware?.entry.id, 'h100-sxm-80gb');
  });

  it('NIM: model from the image, TP and precision from NIM_MODEL_PROFILE, H100 from the GPU product label', () => {
    const { result } = run('nim-deployment.yaml');
    const c = only(only(result.workloads).containers);
    assert.equal(c.command.engine, 'nim');
    assert.equal(c.placement.model.model?.id, 'llama-3.1-8b');
    assert.equal(c.placement.tensor.value, 2);
    assert.equal(c.placement.hardware?.entry.id, 'h100-sxm-80gb');
  });

  it('Ollama Compose: model pulled in the entrypoint script (library tag = Q4_K_M), env context and parallel', () => {
    const { result } = run('ollama-compose.yaml');
    const c = only(only(result.workloads).containers);
    assert.equal(c.command.engine, 'ollama');
    assert.equal(c.placement.model.model?.id, 'llama-3.1-8b');
    assert.equal(c.placement.weights?.value, 'q4_k_m');
    assert.equal(c.placement.maxModelLen?.value, 8192);
    assert.equal(c.placement.engineOptions['numCtx'], 8192 * 2, 'every parallel request gets the whole context');
  });

  it('List: $(VAR) substitution from env; an nginx container with engine-like flags gets nothing', () => {
    const { text, result } = run('list-and-others.yaml');
    const w = only(result.workloads);
    assert.equal(w.object.name, 'qwen-7b');
    const c = only(w.containers);
    assert.equal(c.placement.model.model?.id, 'qwen2.5-7b');
    assert.equal(c.placement.maxModelLen?.value, 32768);
    assert.equal(at(text, c.placement.maxModelLen?.range), '32768', 'located on the env value, inside its quotes');
    assert.equal(only(only(result.documents).report.placements).devices, 4);
  });
});

describe('manifests: not serving workloads', () => {
  it('plain Kubernetes YAML and ConfigMaps that mention an engine give no findings and no deployments', () => {
    const text = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: notes}\ndata:\n  readme: "we run vllm serve elsewhere"',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    spec:\n      containers:\n        - {name: api, image: python:3.12, command: [python, -m, http.server]}',
    ].join('\n---\n');
    const r = evaluateText(text, { curve: false });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.documents, []);
  });

  it('YAML without any engine word is not walked (pre-check), and a 500-object file stays fast', () => {
    const one =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: nginx}]\n';
    const text = Array.from({ length: 500 }, () => one).join('---\n');
    const t0 = performance.now();
    const r = evaluateText(text, { curve: false });
    const ms = performance.now() - t0;
    assert.equal(mayContainServingWorkload(text), false);
    assert.deepEqual(r.workloads, []);
    const t1 = performance.now();
    evaluateText(text.replace('image: nginx', 'image: vllm/vllm-openai'), { curve: false });
    assert.ok(ms < 5000, `${ms} ms`);
    assert.ok(performance.now() - t1 < 5000);
  });
});

describe('manifests: a file that is not valid YAML as a whole (issue 18 item 6)', () => {
  const deployment = (extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-llama
spec:
  replicas: 1${extra}
  template:
    spec:
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4
      containers:
        - name: vllm
          image: vllm/vllm-openai:latest
          args: ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--max-model-len", "8192"]
          resources:
            limits:
              nvidia.com/gpu: 1
`;
  // A Helm-style placeholder left in another document of the file.
  const brokenConfigMap =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  token: {{HF_TOKEN}}\n  x: [unclosed\n';

  it('a broken document that is not a serving workload is not ours to report; the serving one is still sized', () => {
    const text = `${brokenConfigMap}---\n${deployment()}`;
    const result = evaluateText(text, { curve: false });
    const w = only(result.workloads);
    assert.equal(w.object.name, 'vllm-llama');
    assert.equal(only(w.containers).placement.model.model?.id, 'llama-3.1-8b');
    assert.ok(!result.findings.some((f) => f.code === 'LLMS001'), result.findings.map((f) => f.code).join(','));
  });

  it('a serving document with a bad indent gets its YAML error, located, instead of silence', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n${deployment('\n   badindent: x')}`;
    const result = evaluateText(text, { curve: false });
    const w = only(result.workloads);
    assert.equal(w.containers.length, 0);
    assert.equal(w.object.name, 'vllm-llama');
    const f = only(result.findings.filter((x) => x.code === 'LLMS001'));
    assert.equal(f.severity, 'error');
    assert.match(f.message, /This serving manifest is not valid YAML here: .*It is not sized/);
    const line = result.validation.file.lineIndex.positionAt(f.range.start).line + 1;
    // The parser places it on the value the over-indented key was attached to (`replicas: 1`).
    assert.equal(line, 10, `the error is at the bad indent (line ${line})`);
    assert.equal(text.slice(f.range.start, f.range.start + 1), '1');
  });
});
