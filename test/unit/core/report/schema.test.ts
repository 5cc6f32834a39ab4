/**
 * The report's zod schema (src/core/report/schema.ts, the source of schemas/report.schema.json)
 * and its types (src/core/report/types.ts) are the same shapes — checked at compile time — and the
 * CLI's JSON output of every example has exactly the documented fields.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from '../../../../src/core/schema/zod';
import {
  type DeploymentReportSchema,
  type FileReportSchema,
  JsonOutputSchema,
  type LatencyAtLoadSchema,
  type LoadPointSchema,
  type MemorySchema,
  type PlacementReportSchema,
} from '../../../../src/core/report/schema';
import type {
  DeploymentReport,
  FileReport,
  LatencyPercentiles,
  LoadPoint,
  MemoryReport,
  PlacementReport,
} from '../../../../src/core/report/types';
import { validateJson } from '../../support/jsonSchema';
import { ROOT, examplePath, runCliCapture } from '../../support/helpers';

/** true only when A and B are the same type (optional and required fields, unions, nesting). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// A field added to, removed from or retyped in only one of the two fails `npm run typecheck` here.
const same: Array<true> = [
  true satisfies Same<z.infer<typeof FileReportSchema>, FileReport>,
  true satisfies Same<z.infer<typeof DeploymentReportSchema>, DeploymentReport>,
  true satisfies Same<z.infer<typeof PlacementReportSchema>, PlacementReport>,
  true satisfies Same<z.infer<typeof MemorySchema>, MemoryReport>,
  true satisfies Same<z.infer<typeof LoadPointSchema>, LoadPoint>,
  true satisfies Same<z.infer<typeof LatencyAtLoadSchema>, LatencyPercentiles>,
];

describe('report schema', () => {
  it('the zod schema and the report types are the same shapes (compile-time check)', () => {
    assert.equal(same.length, 6);
  });

  it('the JSON output of every example matches the schema, with no undocumented field', async () => {
    // The published schema is open (fields may be added); the output-mode schema is closed
    // (additionalProperties: false), so a field the report emits but the schema lacks fails here.
    const closed = z.toJSONSchema(JsonOutputSchema, { target: 'draft-7', io: 'output' });
    const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.deploy.yaml'));
    assert.ok(examples.length >= 3);
    for (const name of examples) {
      const { code, stdout } = await runCliCapture([
        'estimate',
        examplePath(name.replace('.deploy.yaml', '')),
        '--format',
        'json',
      ]);
      assert.ok(code === 0 || code === 1, `${name}: exit ${code}`);
      const json = JSON.parse(stdout);
      assert.deepEqual(validateJson(closed as Record<string, unknown>, json), [], name);
      assert.equal(JsonOutputSchema.safeParse(json).success, true, name);
    }
  });

  it('a report with a misspelt field fails the closed schema', () => {
    const closed = z.toJSONSchema(JsonOutputSchema, { target: 'draft-7', io: 'output' });
    const errors = validateJson(closed as Record<string, unknown>, {
      files: [{ path: 'x', diagnostics: [], deployments: [], eror: 'x' }],
    });
    assert.ok(errors.length > 0);
  });
});
