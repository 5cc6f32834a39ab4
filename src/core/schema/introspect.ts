/**
 * Reading the zod schema itself: which keys an object allows, what a field's description is.
 * Used for "unknown key — did you mean" fixes, missing-field inserts and hovers, so that the
 * schema stays the single source of truth.
 */
import type { z } from 'zod';
import type { Path } from '../parse/paths';

type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  valueType?: AnySchema;
  in?: AnySchema;
  values?: unknown[];
}

function def(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips optional/default/nullable/pipe wrappers. */
export function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const d = def(current);
    if (
      (d.type === 'optional' ||
        d.type === 'default' ||
        d.type === 'nullable' ||
        d.type === 'prefault' ||
        d.type === 'readonly') &&
      d.innerType
    )
      current = d.innerType;
    else if (d.type === 'pipe' && d.in) current = d.in;
    else break;
  }
  return current;
}

/** The object options of a (discriminated) union, picking by discriminator when the value has one. */
function unionBranch(schema: AnySchema, value: unknown): AnySchema | undefined {
  const d = def(schema);
  const options = (d.options ?? []).map(unwrap);
  if (d.discriminator && value && typeof value === 'object') {
    const tag = (value as Record<string, unknown>)[d.discriminator];
    const match = options.find((o) => {
      const field = def(o).shape?.[d.discriminator!];
      return field !== undefined && (def(unwrap(field)).values ?? []).includes(tag);
    });
    if (match) return match;
  }
  return options.find(
    (o) => def(o).type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value),
  );
}

/**
 * The schema that governs the value at `path`, given the document's actual data (needed to pick
 * a branch of a union). Undefined when the path leaves the schema (e.g. inside an unknown key).
 */
export function schemaAt(root: AnySchema, path: Path, data: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = root;
  let value = data;
  for (const segment of path) {
    if (!schema) return undefined;
    schema = unwrap(schema);
    let d = def(schema);
    if (d.type === 'union') {
      schema = unionBranch(schema, value);
      if (!schema) return undefined;
      d = def(schema);
    }
    if (d.type === 'object' && typeof segment === 'string') schema = d.shape?.[segment];
    else if (d.type === 'array' && typeof segment === 'number') schema = d.element;
    else if (d.type === 'record') schema = d.valueType;
    else return undefined;
    value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  return schema;
}

/** Keys of the object schema at `path` (after picking the union branch), or []. */
export function keysAt(root: AnySchema, path: Path, data: unknown): string[] {
  let schema = schemaAt(root, path, data);
  if (!schema) return [];
  schema = unwrap(schema);
  if (def(schema).type === 'union') {
    let value = data;
    for (const s of path)
      value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[s] : undefined;
    schema = unionBranch(schema, value);
    if (!schema) return [];
  }
  return Object.keys(def(schema).shape ?? {});
}

/** The description of a schema (through wrappers). */
export function descriptionOf(schema: AnySchema | undefined): string | undefined {
  for (let current = schema, i = 0; current && i < 20; i++) {
    if (current.description) return current.description;
    const inner = def(current).innerType ?? def(current).in;
    current = inner;
  }
  return undefined;
}

/** The kind of value a schema expects, in words, for messages. */
export function expectedKind(schema: AnySchema | undefined): string {
  if (!schema) return 'a value';
  const d = def(unwrap(schema));
  switch (d.type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'record':
      return 'a mapping';
    case 'number':
      return 'a number';
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    default:
      return 'a value';
  }
}
