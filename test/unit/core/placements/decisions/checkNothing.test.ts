import assert from 'node:assert/strict';
import { runCliCapture } from '../../../support/helpers';

// Issue 12 item 3: `check` must not exit 0 having checked nothing.
describe('check fails closed when nothing was checked (issue 12 item 3)', () => {
  it('an empty *.deploy.yaml exits 2 and says nothing was checked', async () => {
    const r = await runCliCapture(['check', 'empty.deploy.yaml'], { 'empty.deploy.yaml': '' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nothing was checked/);
  });

  it('a YAML file with no deployment exits 2', async () => {
    const r = await runCliCapture(['check', 'x.yaml'], { 'x.yaml': 'foo: bar\n' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nothing was checked/);
  });

  it('a glob that matched nothing (passed literally by the shell) exits 2', async () => {
    const r = await runCliCapture(['check', 'deploy/*.deploy.yaml'], {});
    assert.equal(r.code, 2);
  });
});
