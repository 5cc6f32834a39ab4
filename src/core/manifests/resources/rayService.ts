/**
 * KubeRay RayService: the Ray Serve config is YAML inside the `spec.serveConfigV2` string. Ray Serve
 * LLM applications (`import_path: ray.serve.llm:…`) list `args.llm_configs[]`, one workload each:
 * `model_loading_config.{model_id, model_source}`, `accelerator_type`, `engine_kwargs` (vLLM engine
 * arguments with underscores), `deployment_config` (replicas). The older form runs vLLM from a
 * user module with `runtime_env.env_vars` `MODEL_ID`, `TENSOR_PARALLELISM`, `PIPELINE_PARALLELISM`.
 * A replica takes tensor × pipeline GPUs (Ray Serve's placement group); the worker groups of
 * `spec.rayClusterConfig` are capacity, and name the device through their node selectors when
 * `accelerator_type` does not.
 * Source: ray-project/kuberay ray-operator/config/samples/ray-service.llm-serve.yaml,
 * ray-service.deepseek.yaml; docs.ray.io serve/llm/user-guides/configuration.
 */
import type { Node, YAMLMap } from 'yaml';
import { embeddedYaml } from '../embedded';
import { flagSpec } from '../flags';
import { objectBase, selectorLabels, type DeclaredFlag, type Labelled, type WorkloadObject } from '../workloads';
import { asMap, asSeq, at, get, number, rangeOf, text } from '../yamlNodes';
import { declaredFlag, located } from './fields';

/** `engine_kwargs` → flags the estimate reads (`tensor_parallel_size` is `--tensor-parallel-size`). */
function engineKwargs(kwargs: unknown): DeclaredFlag[] {
  const out: DeclaredFlag[] = [];
  for (const pair of asMap(kwargs)?.items ?? []) {
    const key = text(pair.key);
    const spec = key ? flagSpec('vllm', `--${key}`) : undefined;
    if (spec && key) out.push(...declaredFlag(pair.value as Node, spec.key, `engine_kwargs.${key}`));
  }
  return out;
}

/** Replicas of a Serve deployment: the autoscaler's initial (else minimum) replicas, else `num_replicas`. */
function serveReplicas(deployment: unknown): { replicas: number; replicasRange?: { start: number; end: number } } {
  const node =
    at(deployment, 'autoscaling_config', 'initial_replicas') ??
    at(deployment, 'autoscaling_config', 'min_replicas') ??
    get(deployment, 'num_replicas');
  const n = number(node);
  const range = rangeOf(node);
  return n !== undefined && n >= 0
    ? { replicas: Math.floor(n), ...(range ? { replicasRange: range } : {}) }
    : { replicas: 1 };
}

/** Node labels of the worker groups that have GPUs (their selectors name the device). */
function workerLabels(map: YAMLMap): Labelled[] {
  const groups = asSeq(at(map, 'spec', 'rayClusterConfig', 'workerGroupSpecs'))?.items ?? [];
  return groups.flatMap((g) => selectorLabels(at(g, 'template', 'spec')));
}

/** The workloads of a RayService: one per Ray Serve LLM config, or one for the older vLLM module form. */
export function rayServiceObjects(map: YAMLMap, source: string): WorkloadObject[] {
  const serve = embeddedYaml(at(map, 'spec', 'serveConfigV2'), source);
  const anchor = rangeOf(at(map, 'metadata', 'name')) ?? rangeOf(map) ?? { start: 0, end: 0 };
  const base = objectBase(map, 'RayService', text(get(map, 'apiVersion')));
  const workers = workerLabels(map);
  const out: WorkloadObject[] = [];
  for (const app of asSeq(get(serve, 'applications'))?.items ?? []) {
    const importPath = text(get(app, 'import_path')) ?? '';
    if (/^ray\.serve\.llm[:.]/.test(importPath)) {
      for (const config of asSeq(at(app, 'args', 'llm_configs'))?.items ?? []) {
        const loading = get(config, 'model_loading_config');
        const id = located(get(loading, 'model_id'));
        const model = located(get(loading, 'model_source')) ?? id;
        const accelerator = located(get(config, 'accelerator_type'));
        const name = id?.value ?? base.name;
        out.push({
          ...base,
          name,
          nameRange: id?.range ?? base.nameRange,
          ...serveReplicas(get(config, 'deployment_config')),
          containers: [
            {
              name,
              node: config as YAMLMap,
              role: 'container',
              declared: {
                engine: 'vllm',
                ...(model ? { model } : {}),
                flags: engineKwargs(get(config, 'engine_kwargs')),
                extraArgs: [],
                extraWords: [],
                notes: [
                  `RayService '${base.name}': Ray Serve LLM config '${name}' (vLLM); a replica takes tensor × pipeline GPUs`,
                ],
                anchor: id?.range ?? anchor,
              },
            },
          ],
          nodeLabels: accelerator ? [{ key: 'ray.io/accelerator-type', ...accelerator }] : workers,
        });
      }
      continue;
    }
    // The older form: vLLM inside a user module, configured by environment variables.
    const env = asMap(at(app, 'runtime_env', 'env_vars'));
    const pip = JSON.stringify(at(app, 'runtime_env', 'pip')?.toJSON?.() ?? '');
    const model = located(get(env, 'MODEL_ID'));
    if (!model || !/vllm/i.test(`${importPath} ${pip}`)) continue;
    const deployment = asSeq(get(app, 'deployments'))?.items[0];
    out.push({
      ...base,
      ...serveReplicas(deployment),
      containers: [
        {
          name: text(get(app, 'name')) ?? base.name,
          node: app as YAMLMap,
          role: 'container',
          declared: {
            engine: 'vllm',
            model,
            flags: [
              ...declaredFlag(get(env, 'TENSOR_PARALLELISM'), 'tensor', 'TENSOR_PARALLELISM'),
              ...declaredFlag(get(env, 'PIPELINE_PARALLELISM'), 'pipeline', 'PIPELINE_PARALLELISM'),
            ],
            extraArgs: [],
            extraWords: [],
            notes: [
              `RayService '${base.name}': vLLM in the Serve module ${importPath}, configured by runtime_env.env_vars (MODEL_ID, TENSOR_PARALLELISM)`,
            ],
            anchor: model.range,
          },
        },
      ],
      nodeLabels: workers,
    });
  }
  return out;
}
