/**
 * Files generated from the code are committed; they must match what the code generates now.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderDeploymentJsonSchema } from '../../../../scripts/generators/jsonSchema';
import { renderDiagnosticsDoc } from '../../../../scripts/generators/diagnosticsDoc';
import { renderFormatDoc } from '../../../../scripts/generators/formatDoc';

describe('generated files are up to date (run `npm run build` after changing the schema or codes)', () => {
  it('schemas/deployment.schema.json', () => {
    assert.equal(readFileSync('schemas/deployment.schema.json', 'utf8'), renderDeploymentJsonSchema());
  });
  it('docs/diagnostics.md', () => {
    assert.equal(readFileSync('docs/diagnostics.md', 'utf8'), renderDiagnosticsDoc());
  });
  it('docs/format.md', () => {
    assert.equal(readFileSync('docs/format.md', 'utf8'), renderFormatDoc());
  });
  it('the JSON Schema accepts the format example and names every top-level field', () => {
    const schema = JSON.parse(renderDeploymentJsonSchema());
    assert.deepEqual(Object.keys(schema.properties).sort(), ['apiVersion', 'constraints', 'description', 'engine', 'engineOptions', 'kind', 'model', 'name', 'placements', 'workload'].sort());
    assert.ok(schema.properties.placements.items.oneOf || schema.properties.placements.items.anyOf);
  });
});
