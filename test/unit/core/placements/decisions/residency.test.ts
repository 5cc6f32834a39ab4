import assert from 'node:assert/strict';
import { checkResidency } from '../../../../../src/core/placements/residency';
import { deploymentYaml, evaluate } from '../../../support/placements';

// Issue 12 item 2: residency compared region strings exactly, and an unstated location passed (even ★).
describe('data residency by region model (issue 12 item 2)', () => {
  it('provider regions are inside their jurisdiction', () => {
    assert.equal(checkResidency('eu-central-1', 'eu'), 'inside'); // AWS Frankfurt
    assert.equal(checkResidency('europe-west4', 'eu'), 'inside'); // GCP Netherlands
    assert.equal(checkResidency('westeurope', 'eea'), 'inside'); // Azure Netherlands
    assert.equal(checkResidency('eu-frankfurt-1', 'de'), 'inside'); // OCI
    assert.equal(checkResidency('Europe', 'eu'), 'inside'); // alias
    assert.equal(checkResidency('eu-west-2', 'eu'), 'outside'); // London is not in the EU
    assert.equal(checkResidency('eu-central-2', 'eu'), 'outside'); // Zurich
    assert.equal(checkResidency('eu-central-2', 'ch'), 'inside');
    assert.equal(checkResidency('us-east-1', 'eu'), 'outside');
    assert.equal(checkResidency('norwayeast', 'eu'), 'outside');
    assert.equal(checkResidency('norwayeast', 'eea'), 'inside');
    assert.equal(checkResidency('eu', 'de'), 'outside'); // the EU is wider than Germany
    assert.equal(checkResidency('my-private-dc', 'eu'), 'unknown');
  });

  it('generic US labels (us-east, us-west) are in the US; ambiguous European ones stay unverifiable', () => {
    for (const loc of ['us-east', 'us-west', 'US-Central']) {
      assert.equal(checkResidency(loc, 'eu'), 'outside', loc);
      assert.equal(checkResidency(loc, 'us'), 'inside', loc);
    }
    // AWS eu-west-2 is London and eu-central-2 Zurich: a bare "eu-west" or "eu-central" proves nothing.
    assert.equal(checkResidency('eu-west', 'eu'), 'unknown');
    assert.equal(checkResidency('eu-central', 'eu'), 'unknown');
  });

  const file = (location: string) =>
    deploymentYaml({
      workload: 'inputTokens: 500\noutputTokens: 100\npeakRequestsPerSecond: 0.5',
      constraints: 'dataResidency: eu',
      placements: [
        'name: owned\ntype: on-prem\nhardware: h100-sxm-80gb\ngpus: 1',
        `name: rented\ntype: cloud\nhardware: l4-24gb\ngpus: 1\nusdPerGpuHour: 0.1${location}`,
      ],
    });

  it('AWS eu-central-1 and GCP europe-west4 satisfy dataResidency: eu', () => {
    for (const loc of ['eu-central-1', 'europe-west4']) {
      const r = evaluate(file(`\nlocation: ${loc}`)).documents[0]!.report;
      const rented = r.placements.find((p) => p.name === 'rented')!;
      assert.deepEqual(
        rented.reasons.filter((x) => /residency|leaves/.test(x)),
        [],
        loc,
      );
    }
  });

  it('an unstated location under a residency constraint does not pass, warns and is never ★', () => {
    const e = evaluate(file(''));
    const r = e.documents[0]!.report;
    const rented = r.placements.find((p) => p.name === 'rented')!;
    assert.equal(rented.verdict, 'fail');
    assert.match(rented.reasons.join('; '), /location not stated: cannot verify dataResidency: eu/);
    assert.notEqual(r.recommended, 'rented');
    const f = e.findings.find((x) => x.code === 'LLMS105');
    assert.equal(f?.severity, 'warning');
  });
});
