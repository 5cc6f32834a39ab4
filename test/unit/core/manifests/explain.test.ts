/** Hovers on manifest flags: what the number means for the estimate, on the flag's value. */
import assert from 'node:assert/strict';
import { evaluateText } from '../../../../src/core/placements';
import { manifestHover } from '../../../../src/core/manifests/explain';
import { fixture } from '../../support/helpers';

describe('manifests: hovers', () => {
  const text = fixture('validate', 'LLMS208-manifest-estimate.yaml');
  const { workloads } = evaluateText(text, { curve: false });

  it('--max-model-len: the KV pool in tokens and the sequences it holds at that length', () => {
    const offset = text.indexOf('32768');
    const hover = manifestHover(workloads, offset + 1);
    assert.ok(hover);
    assert.equal(text.slice(hover.range.start, hover.range.end), '32768');
    assert.match(
      hover.markdown,
      /`--max-model-len`: longest sequence the engine admits, 32,768 tokens\. KV pool [\d.]+ GiB per GPU = [\d,]+ tokens per replica: \d+ sequence\(s\)/,
    );
  });

  it('the GPU limit: devices = GPUs per replica × replicas', () => {
    const offset = text.indexOf('nvidia.com/gpu: 4') + 'nvidia.com/gpu: '.length;
    const hover = manifestHover(workloads, offset);
    assert.ok(hover);
    assert.match(hover.markdown, /^4 GPU\(s\) per replica × 2 replica\(s\) = 8 devices/);
  });

  it('elsewhere: nothing', () => {
    assert.equal(manifestHover(workloads, text.indexOf('apiVersion')), undefined);
  });
});
