/**
 * KAITO Workspace and InferenceSet (kaito.sh/v1alpha1, v1beta1): `resource.instanceType` (an
 * Azure VM size: device and GPUs per node) × `resource.count` nodes, the model from
 * `inference.preset.name` (a preset such as `phi-4`, or a Hugging Face id), and vLLM engine
 * arguments from the ConfigMap `inference.config` names (`inference_config.yaml` → `vllm:`), which
 * KAITO appends after its own and so override them. KAITO's own choices are applied in mapping.ts
 * (`operator: kaito`): tensor parallel over the node's GPUs (data parallel instead when the model
 * takes under half of one GPU), pipeline parallel over the nodes, `--gpu-memory-utilization 0.84`,
 * and the longest context that fits. An InferenceSet has `spec.replicas` of `spec.template`.
 * Source: kaito-project/kaito pkg/model/interface.go, examples/inference, website/docs
 * (inference.md, multi-node-inference.md).
 */
import { isScalar, type YAMLMap } from 'yaml';
import { builtInInstances } from '../../catalog/aliases';
import type { FileContext } from '../fileContext';
import { embeddedYaml } from '../embedded';
import { objectBase, replicasAt, type WorkloadObject } from '../workloads';
import type { Word } from '../words';
import { asMap, at, get, number, rangeOf, text } from '../yamlNodes';
import { located } from './fields';

/** The `vllm:` engine arguments of a KAITO inference ConfigMap, as command-line words. */
function configWords(name: string | undefined, context: FileContext, source: string): Word[] {
  const data = name !== undefined ? context.configMaps.get(name) : undefined;
  const config = embeddedYaml(get(data, 'inference_config.yaml'), source);
  const words: Word[] = [];
  for (const pair of asMap(get(config, 'vllm'))?.items ?? []) {
    const key = text(pair.key);
    const keyRange = rangeOf(pair.key);
    if (key === undefined || !keyRange) continue;
    const value = isScalar(pair.value) ? text(pair.value) : undefined;
    const valueRange = rangeOf(pair.value);
    // `enable-chunked-prefill: true` is the switch alone; `false` leaves it out (KAITO's template).
    if (value === 'false') continue;
    words.push({ value: `--${key}`, range: keyRange, exact: false });
    if (value !== undefined && value !== 'true' && valueRange)
      words.push({ value, range: valueRange, exact: String(source.slice(valueRange.start, valueRange.end)) === value });
  }
  return words;
}

/** The workload of a Workspace, or of an InferenceSet's template. */
export function kaitoObjects(map: YAMLMap, kind: string, context: FileContext, source: string): WorkloadObject[] {
  const root = kind === 'InferenceSet' ? at(map, 'spec', 'template') : map;
  const resource = get(root, 'resource');
  const inference = get(root, 'inference') as YAMLMap | undefined;
  if (!inference) return [];
  const instance = located(get(resource, 'instanceType'));
  const perNode = instance
    ? builtInInstances.find((i) => i.id.toLowerCase() === instance.value.trim().toLowerCase())?.gpus
    : undefined;
  const nodes = Math.max(1, Math.floor(number(get(resource, 'count')) ?? 1));
  const preset = located(at(inference, 'preset', 'name'));
  const base = objectBase(map, kind, text(get(map, 'apiVersion')));
  const transformers = base.annotations.some((a) => a.key === 'kaito.sh/runtime' && a.value === 'transformers');
  return [
    {
      ...base,
      ...(kind === 'InferenceSet' ? replicasAt(map, 'spec', 'replicas') : { replicas: 1 }),
      podsPerReplica: nodes,
      containers: [
        {
          name: preset?.value ?? base.name,
          node: inference,
          role: 'container',
          ...(perNode !== undefined && instance
            ? { gpus: { count: perNode, resource: 'kaito', range: instance.range } }
            : {}),
          declared: {
            engine: 'vllm',
            ...(preset ? { model: preset } : {}),
            flags: [],
            extraArgs: [],
            extraWords: configWords(text(get(inference, 'config')), context, source),
            notes: [
              `KAITO ${kind}: vLLM runtime${transformers ? ' (the kaito.sh/runtime: transformers annotation asks for Hugging Face transformers, sized as vLLM)' : ''}, ${nodes} node(s) of ${instance?.value ?? 'an unstated instance type'}`,
            ],
            ...(perNode !== undefined ? { operator: { kind: 'kaito' as const, gpusPerNode: perNode, nodes } } : {}),
            anchor: preset?.range ?? base.nameRange,
          },
        },
      ],
      nodeLabels: [],
      ...(instance ? { instanceType: { key: 'resource.instanceType', ...instance } } : {}),
      nodesPerReplica: nodes,
    },
  ];
}
