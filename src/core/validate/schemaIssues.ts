/**
 * zod issues → findings with precise ranges and messages that say what is wrong and what is
 * allowed. Ranges: unknown keys on the key; wrong values on the value; missing fields on the
 * parent's key.
 */
import type { Document } from 'yaml';
import type { z } from 'zod';
import { Deployment } from '../schema/deployment';
import { keysAt, schemaAt, descriptionOf, expectedKind } from '../schema/introspect';
import { formatPath, keyRange, locate, rangeForPath, type Path } from '../parse/paths';
import type { Finding, Fix } from '../findings';
import { CODES, type CodeInfo } from './codes';
import { suggest } from './suggest';
import { missingFieldFix } from './insertField';

type Issue = z.core.$ZodIssue;

/** Describes a JS value for messages: `text "lots"`, `the number 0`, `a list`. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'number') return Number.isFinite(value) ? `${value}` : `${value} (not finite)`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const s of path)
    value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[s] : undefined;
  return value;
}

function finding(
  info: CodeInfo,
  message: string,
  range: { start: number; end: number },
  documentIndex: number,
  fixes?: Fix[],
): Finding {
  return {
    code: info.code,
    severity: info.severity,
    message,
    range,
    documentIndex,
    ...(fixes && fixes.length ? { fixes } : {}),
  };
}

function fieldName(path: Path): string {
  return `\`${formatPath(path)}\``;
}

/** Converts one zod issue to findings (unknown-keys issues yield one finding per key). */
function issueToFindings(
  issue: Issue,
  doc: Document.Parsed,
  text: string,
  data: unknown,
  documentIndex: number,
): Finding[] {
  const path = issue.path as Path;
  const value = valueAt(data, path);
  const name = fieldName(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = keysAt(Deployment, path, data);
      return issue.keys.map((key) => {
        const located = locate(doc, [...path, key]);
        const range = keyRange(located?.pair) ?? rangeForPath(doc, path, 'key');
        const near = suggest(
          key,
          allowed.filter((k) => !(value && typeof value === 'object' && k in value)),
          1,
        );
        const where = path.length ? ` in ${name}` : '';
        const hint = near.length ? ` Did you mean \`${near[0]}\`?` : '';
        const fixes: Fix[] = near.map((k) => ({
          title: `Rename to '${k}'`,
          edits: [{ range, newText: k }],
          preferred: true,
        }));
        return finding(
          CODES.unknownKey,
          `Unknown key \`${key}\`${where}.${hint} Allowed: ${allowed.join(', ')}.`,
          range,
          documentIndex,
          fixes,
        );
      });
    }
    case 'invalid_type': {
      if (value === undefined) return [missingFieldFinding(doc, text, data, path, documentIndex)];
      const range = rangeForPath(doc, path);
      if (issue.expected === 'int' && typeof value === 'number') {
        return [
          finding(
            CODES.outOfRange,
            `${name} must be a whole number, got ${describeValue(value)}.`,
            range,
            documentIndex,
          ),
        ];
      }
      if (typeof value === 'number' && !Number.isFinite(value)) {
        return [
          finding(
            CODES.outOfRange,
            `${name} must be a finite number, got ${describeValue(value)}.`,
            range,
            documentIndex,
          ),
        ];
      }
      const expected = issue.expected === 'int' ? 'a whole number' : expectedKind(schemaAt(Deployment, path, data));
      return [
        finding(CODES.wrongType, `${name} must be ${expected}, got ${describeValue(value)}.`, range, documentIndex),
      ];
    }
    case 'too_small':
    case 'too_big': {
      const range = rangeForPath(doc, path);
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      if (issue.origin === 'array') {
        const exact = (issue as { exact?: boolean }).exact;
        const count = Array.isArray(value) ? value.length : 0;
        const rule = exact ? `exactly ${bound}` : issue.code === 'too_small' ? `at least ${bound}` : `at most ${bound}`;
        return [
          finding(
            CODES.outOfRange,
            `${name} must have ${rule} item${Number(bound) === 1 ? '' : 's'}, has ${count}.`,
            range,
            documentIndex,
          ),
        ];
      }
      if (issue.origin === 'string') {
        return [finding(CODES.outOfRange, `${name} must not be empty.`, range, documentIndex)];
      }
      const op = issue.code === 'too_small' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
      return [
        finding(
          CODES.outOfRange,
          `${name} must be ${op} ${String(bound)}, got ${describeValue(value)}.`,
          range,
          documentIndex,
        ),
      ];
    }
    case 'invalid_value': {
      const range = rangeForPath(doc, path);
      const allowed = issue.values.map((v) => `\`${String(v)}\``).join(', ');
      const near = typeof value === 'string' ? suggest(value, issue.values.map(String), 1) : [];
      const fixes: Fix[] = near.map((v) => ({
        title: `Change to '${v}'`,
        edits: [{ range, newText: v }],
        preferred: true,
      }));
      const plural = issue.values.length > 1 ? 'one of ' : '';
      return [
        finding(
          CODES.invalidValue,
          `${name} must be ${plural}${allowed}, got ${describeValue(value)}.`,
          range,
          documentIndex,
          fixes,
        ),
      ];
    }
    case 'invalid_union': {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const tag = value;
        if (tag === undefined) {
          const parent = path.slice(0, -1);
          return [
            finding(
              CODES.missingField,
              `Missing required field \`${discriminator}\` in ${fieldName(parent)}: one of ${options.map((o) => `\`${o}\``).join(', ')}.`,
              rangeForPath(doc, parent, 'key'),
              documentIndex,
            ),
          ];
        }
        const range = rangeForPath(doc, path);
        const near = typeof tag === 'string' ? suggest(tag, options, 1) : [];
        const fixes: Fix[] = near.map((v) => ({
          title: `Change to '${v}'`,
          edits: [{ range, newText: v }],
          preferred: true,
        }));
        return [
          finding(
            CODES.invalidValue,
            `${name} must be one of ${options.map((o) => `\`${o}\``).join(', ')}, got ${describeValue(tag)}.`,
            range,
            documentIndex,
            fixes,
          ),
        ];
      }
      // A required field whose type is a union (`gpus`: a number or `auto`) is missing, not mistyped.
      if (value === undefined) return [missingFieldFinding(doc, text, data, path, documentIndex)];
      const range = rangeForPath(doc, path);
      const info = typeof value === 'number' ? CODES.outOfRange : CODES.wrongType;
      return [finding(info, `${name} ${issue.message}, got ${describeValue(value)}.`, range, documentIndex)];
    }
    default: {
      const range = rangeForPath(doc, path);
      return [finding(CODES.wrongType, `${name}: ${issue.message}.`, range, documentIndex)];
    }
  }
}

/** LLMS013 on the parent's key for a required field that is absent, with the quick fix that inserts it. */
function missingFieldFinding(
  doc: Document.Parsed,
  text: string,
  data: unknown,
  path: Path,
  documentIndex: number,
): Finding {
  const parent = path.slice(0, -1);
  const field = String(path[path.length - 1]);
  const schema = schemaAt(Deployment, path, data);
  const what = descriptionOf(schema);
  const fix = missingFieldFix(doc, text, parent, field, schema);
  const where = parent.length ? ` in ${fieldName(parent)}` : '';
  return finding(
    CODES.missingField,
    `Missing required field \`${field}\`${where}${what ? `: ${what}` : '.'}`,
    rangeForPath(doc, parent, 'key'),
    documentIndex,
    fix ? [fix] : undefined,
  );
}

/** Runs the schema over a document's data; returns the findings and the issues' paths, or the parsed deployment. */
export function schemaFindings(
  doc: Document.Parsed,
  text: string,
  data: unknown,
  documentIndex: number,
): { findings: Finding[]; paths: Path[]; data?: Deployment } {
  const result = Deployment.safeParse(data);
  if (result.success) return { findings: [], paths: [], data: result.data };
  const findings: Finding[] = [];
  const paths: Path[] = [];
  for (const issue of result.error.issues) {
    findings.push(...issueToFindings(issue, doc, text, data, documentIndex));
    paths.push(issue.path as Path);
  }
  return { findings, paths };
}
