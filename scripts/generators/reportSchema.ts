/**
 * schemas/report.schema.json: the JSON Schema of the CLI's JSON output, generated from the zod
 * schema of the report (src/core/report/schema.ts). Objects stay open (no `additionalProperties`):
 * fields may be added to the report, never renamed.
 */
import { z } from '../../src/core/schema/zod';
import { JsonOutputSchema } from '../../src/core/report/schema';

export function renderReportJsonSchema(): string {
  const { $schema, ...schema } = z.toJSONSchema(JsonOutputSchema, { target: 'draft-7', io: 'input' }) as Record<
    string,
    unknown
  >;
  return (
    JSON.stringify(
      {
        $schema,
        $id: 'https://llm-sizing.dev/schemas/report.schema.json',
        title: 'llm-sizing report (JSON output of estimate, check and report)',
        description:
          'One entry per input file: its diagnostics (validation and placement findings, 1-based positions) and, per ' +
          'deployment document, the comparison of its placements. Sizes GiB (2^30 bytes), times ms, money USD per month ' +
          'of 30.42 days, power kW. Generated from src/core/report/schema.ts by `npm run generate`; more fields may be ' +
          'added, never renamed.',
        ...schema,
      },
      null,
      2,
    ) + '\n'
  );
}
