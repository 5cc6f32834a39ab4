/**
 * A small JSON Schema validator for the tests (the subset of draft-04/07 that
 * schemas/report.schema.json and the vendored SARIF 2.1.0 schema use): type (incl. arrays and
 * integer), enum, const, properties, required, additionalProperties, items, min/maxItems,
 * uniqueItems, minimum/maximum, exclusiveMinimum/Maximum (number or draft-04 boolean),
 * min/maxLength, pattern, anyOf, oneOf, allOf, not, local $ref. `format` is not checked.
 */
type Schema = Record<string, unknown> | boolean;

export interface SchemaError {
  path: string;
  message: string;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function matchesType(v: unknown, t: string): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return typeOf(v) === t;
  }
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function validateJson(root: Schema, value: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  const resolve = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/'))
      node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    return node as Schema;
  };
  const check = (schema: Schema, v: unknown, path: string, out: SchemaError[]): void => {
    if (schema === true) return;
    if (schema === false) {
      out.push({ path, message: 'not allowed' });
      return;
    }
    const s = schema as Record<string, unknown>;
    if (typeof s.$ref === 'string') {
      check(resolve(s.$ref), v, path, out);
      return;
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => matchesType(v, t))) {
        out.push({ path, message: `expected ${types.join('|')}, got ${typeOf(v)}` });
        return;
      }
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => equal(e, v)))
      out.push({ path, message: `not one of ${JSON.stringify(s.enum)}` });
    if ('const' in s && !equal(s.const, v)) out.push({ path, message: `not ${JSON.stringify(s.const)}` });
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum))
        out.push({ path, message: `below minimum ${s.minimum}` });
      if (typeof s.maximum === 'number' && (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum))
        out.push({ path, message: `above maximum ${s.maximum}` });
      if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum)
        out.push({ path, message: `not above ${s.exclusiveMinimum}` });
      if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum)
        out.push({ path, message: `not below ${s.exclusiveMaximum}` });
    }
    if (typeof v === 'string') {
      if (typeof s.minLength === 'number' && v.length < s.minLength)
        out.push({ path, message: `shorter than ${s.minLength}` });
      if (typeof s.maxLength === 'number' && v.length > s.maxLength)
        out.push({ path, message: `longer than ${s.maxLength}` });
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v))
        out.push({ path, message: `does not match ${s.pattern}` });
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems)
        out.push({ path, message: `fewer than ${s.minItems} items` });
      if (typeof s.maxItems === 'number' && v.length > s.maxItems)
        out.push({ path, message: `more than ${s.maxItems} items` });
      if (s.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length)
        out.push({ path, message: 'items not unique' });
      if (Array.isArray(s.items))
        (s.items as Schema[]).forEach((item, i) => i < v.length && check(item, v[i], `${path}[${i}]`, out));
      else if (s.items !== undefined) v.forEach((x, i) => check(s.items as Schema, x, `${path}[${i}]`, out));
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      for (const key of (s.required as string[] | undefined) ?? [])
        if (!(key in obj)) out.push({ path, message: `missing required ${key}` });
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const [key, x] of Object.entries(obj)) {
        if (key in props) check(props[key]!, x, `${path}.${key}`, out);
        else if (s.additionalProperties === false) out.push({ path, message: `unexpected property ${key}` });
        else if (s.additionalProperties && typeof s.additionalProperties === 'object')
          check(s.additionalProperties as Schema, x, `${path}.${key}`, out);
      }
    }
    for (const sub of (s.allOf as Schema[] | undefined) ?? []) check(sub, v, path, out);
    if (
      Array.isArray(s.anyOf) &&
      !(s.anyOf as Schema[]).some((sub) => {
        const e: SchemaError[] = [];
        check(sub, v, path, e);
        return e.length === 0;
      })
    )
      out.push({ path, message: 'matches none of anyOf' });
    if (Array.isArray(s.oneOf)) {
      const n = (s.oneOf as Schema[]).filter((sub) => {
        const e: SchemaError[] = [];
        check(sub, v, path, e);
        return e.length === 0;
      }).length;
      if (n !== 1) out.push({ path, message: `matches ${n} of oneOf (exactly one required)` });
    }
    if (s.not !== undefined) {
      const e: SchemaError[] = [];
      check(s.not as Schema, v, path, e);
      if (e.length === 0) out.push({ path, message: 'matches not' });
    }
  };
  check(root, value, '$', errors);
  return errors;
}
