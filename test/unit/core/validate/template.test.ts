import assert from 'node:assert/strict';
import { validateText } from '../../../../src/core/validate';
import { NEW_DEPLOYMENT_TEMPLATE } from '../../../../src/core/templates';

describe('new deployment template', () => {
  it('validates without findings and yields three placements', () => {
    const result = validateText(NEW_DEPLOYMENT_TEMPLATE);
    assert.deepEqual(result.findings, []);
    assert.equal(result.documents[0]!.deployment?.placements.length, 3);
  });
});
