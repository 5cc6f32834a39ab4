/**
 * docs/format.md from the generated JSON Schema (itself generated from the zod schema), so the
 * reference never drifts from what the validator accepts.
 */
import { renderDeploymentJsonSchema } from './jsonSchema';

/** The parts of a JSON Schema (draft 2020-12, as zod emits it) that the reference reads. */
interface Json {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: Json[];
  oneOf?: Json[];
  items?: Json;
  properties?: Record<string, Json>;
  additionalProperties?: boolean | Json;
  required?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/** A field's type in words; `inUnion`: one of several alternatives, so mappings are named by their keys. */
function typeOf(s: Json, inUnion = false): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v: unknown) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map((a) => typeOf(a, alternatives.length > 1 || inUnion)).join(' \\| ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties)
    return 'mapping of name → value';
  if (s.type === 'integer') return 'whole number';
  if (s.type === 'object') return inUnion ? mappingName(s) : 'mapping';
  return String(s.type ?? 'value');
}

/**
 * A mapping named by what tells it apart: its discriminator (`{kind: "sliding", …}`) or, without
 * one, its required keys (`{pattern}`), so a union reads as its kinds, not "mapping | mapping".
 */
function mappingName(s: Json): string {
  const properties = Object.entries(s.properties ?? {});
  const tag = properties.find(([, p]) => p.const !== undefined);
  if (tag) return `\`{${tag[0]}: ${JSON.stringify(tag[1].const)}${properties.length > 1 ? ', …' : ''}}\``;
  const keys = s.required?.length ? s.required : [];
  if (keys.length && keys.length <= 3) return `\`{${keys.join(', ')}${properties.length > keys.length ? ', …' : ''}}\``;
  return 'mapping';
}

function constraints(s: Json): string {
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${s.maximum}`);
  if (s.minItems !== undefined && s.minItems === s.maxItems) parts.push(`exactly ${s.minItems} items`);
  else {
    if (s.minItems !== undefined) parts.push(`≥ ${s.minItems} items`);
    if (s.maxItems !== undefined) parts.push(`≤ ${s.maxItems} items`);
  }
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.join(', ');
}

function rows(schema: Json, prefix: string, out: string[]): void {
  const required = new Set<string>(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    const description = String(property.description ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\n/g, ' ');
    out.push(
      `| \`${path}\` | ${typeOf(property)} | ${required.has(name) ? 'yes' : ''} | ${constraints(property)} | ${description} |`,
    );
    if (property.type === 'object' && property.properties) rows(property, `${path}.`, out);
    if (property.type === 'array' && property.items?.type === 'object' && property.items.properties)
      rows(property.items, `${path}[].`, out);
  }
}

export function renderFormatDoc(): string {
  const schema = JSON.parse(renderDeploymentJsonSchema()) as Json;
  const header = ['| field | type | required | range / default | meaning |', '| --- | --- | --- | --- | --- |'];
  const top: string[] = [];
  const withoutPlacements = { ...schema, properties: { ...schema.properties } };
  delete withoutPlacements.properties.placements;
  rows(withoutPlacements, '', top);
  const sections = [
    '# Deployment file format v1',
    '',
    'Generated from `src/core/schema/deployment.ts` by `npm run generate`; do not edit by hand.',
    'Sizes are GiB unless a key says GB; times are milliseconds; rates per second; money USD.',
    'Fields marked "(extension)" are additions to the core format of `docs/reference/deployment-format.md`.',
    '',
    'A YAML document is a deployment document when it has `apiVersion: llm-sizing/v1` and `kind: Deployment`.',
    'Files matching `llmSizing.files` (default `**/*.deploy.yaml`, `**/*.deploy.yml`) are treated as deployment files',
    'even before the marker is typed. A file may hold several documents separated by `---`.',
    '',
    '## Deployment',
    '',
    ...header,
    ...top,
    '',
  ];
  const placements = schema.properties?.placements ?? {};
  sections.push(
    '## Placements',
    '',
    `\`placements\` (required): ${String(placements.description ?? '')} ${constraints(placements)}.`,
    'Each placement has one of the following types.',
    '',
  );
  for (const option of placements.items?.oneOf ?? []) {
    const type = String(option.properties?.type?.const);
    const out: string[] = [];
    rows(option, 'placements[].', out);
    sections.push(`## Placement \`type: ${type}\``, '', String(option.description ?? ''), '', ...header, ...out, '');
  }
  sections.push(
    '## Defaults and semantics',
    '',
    '- `engine`: vLLM on GPUs, llama.cpp on unified-memory and CPU devices, unless set.',
    "- `model.weights`: the model's released precision; `model.kvCache`: the engine's default for the weights. A deployment-level `kvCache` that a placement's engine cannot use is mapped to the engine's nearest format (e.g. fp8 → q8_0 on llama.cpp), and the estimate says so.",
    "- Placement-level `model`, `engine` and `engineOptions` override the deployment-level ones; a hybrid part's override the placement's.",
    '- Replicas = `gpus / (tensor × pipeline)`; they share the load evenly.',
    '',
  );
  return sections.join('\n');
}
