/**
 * The JSON Schema of the deployment format, generated from the zod schema (the single source of
 * truth) and contributed to the YAML extension through `contributes.yamlValidation`.
 * Catalog ids are offered as `examples` (completion) rather than `enum`, so that aliases and
 * custom models are not flagged by the YAML extension; this extension checks them.
 */
import { z } from 'zod';
import { Deployment } from '../../src/core/schema/deployment';
import { catalog, kvFormatIds, weightFormatIds } from '../../src/core/catalog';

type Json = Record<string, unknown>;

function walk(node: unknown, visit: (node: Json, key: string | undefined) => void, key?: string): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Json, key);
    for (const [k, v] of Object.entries(node)) walk(v, visit, k);
  }
}

export function renderDeploymentJsonSchema(): string {
  const schema = z.toJSONSchema(Deployment, { io: 'input', target: 'draft-7' }) as Json;
  const idExamples: Record<string, string[]> = {
    hardware: catalog.hardware.ids.slice(),
    weights: weightFormatIds(),
    kvCache: kvFormatIds(),
    engine: catalog.engines.ids.slice(),
  };
  walk(schema, (node) => {
    const properties = node.properties as Record<string, Json> | undefined;
    if (!properties) return;
    for (const [name, property] of Object.entries(properties)) {
      if (name in idExamples && property.type === 'string') property.examples = idExamples[name];
      if (name === 'id' && property.type === 'string' && properties.architecture)
        property.examples = catalog.models.ids.slice();
    }
  });
  return (
    JSON.stringify(
      {
        $id: 'https://llm-sizing.dev/schemas/deployment-v1.json',
        title: 'LLM Deployment Sizing — deployment file v1',
        ...schema,
      },
      null,
      2,
    ) + '\n'
  );
}
