/**
 * Readers of serving resources that state engine, model and parallelism in fields of their own
 * instead of (or besides) a container command line: KServe LLMInferenceService, KubeRay
 * RayService, NVIDIA NIMService, NVIDIA Dynamo DynamoGraphDeployment, KAITO Workspace/InferenceSet,
 * and the values files of the vLLM
 * production-stack and llm-d modelservice charts (resources/*.ts, one file each). Each returns
 * workload objects whose serving container carries a `declared` block (workloads.ts);
 * commandLine.ts merges it with whatever command line, args and env the resource also has.
 * Field paths and defaults, with their sources: docs/manifests.md.
 */
import type { YAMLMap } from 'yaml';
import type { FileContext } from './fileContext';
import { dynamoGraphObjects } from './resources/dynamoGraphDeployment';
import { kaitoObjects } from './resources/kaito';
import { llmInferenceServiceObjects } from './resources/llmInferenceService';
import { modelServiceValues } from './resources/modelServiceValues';
import { nimServiceObjects } from './resources/nimService';
import { productionStackValues } from './resources/productionStackValues';
import { rayServiceObjects } from './resources/rayService';
import type { WorkloadObject } from './workloads';
import { get, text } from './yamlNodes';

/** The workload objects of a resource this module reads, or undefined to let workloads.ts try. */
export function declaredObjects(
  map: YAMLMap,
  kind: string | undefined,
  context: FileContext,
  source: string,
): WorkloadObject[] | undefined {
  switch (kind) {
    case 'LLMInferenceService':
      return llmInferenceServiceObjects(map, context);
    case 'RayService':
      return rayServiceObjects(map, source);
    case 'NIMService':
      return nimServiceObjects(map, context);
    case 'DynamoGraphDeployment':
      return dynamoGraphObjects(map, context);
    case 'Workspace':
    case 'InferenceSet':
      return /kaito\.sh\//.test(text(get(map, 'apiVersion')) ?? '')
        ? kaitoObjects(map, kind, context, source)
        : undefined;
    case 'LLMInferenceServiceConfig':
    case 'NIMCache':
      // Templates and caches that services refer to: read through the service, never sized alone.
      return [];
    case undefined:
      if (get(map, 'servingEngineSpec')) return productionStackValues(map, source);
      if (get(map, 'modelArtifacts')) return modelServiceValues(map);
      return undefined;
    default:
      return undefined;
  }
}
