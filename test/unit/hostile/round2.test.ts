/**
 * Hostile input, round two (issue 13): each case failed before its fix. The generated files of
 * the same cases also run through every command in cli.test.ts (corpus.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateText } from '../../../src/core/validate';
import { runCliCapture } from '../helpers';
import { BASE, HOSTILE_FIXTURES, tagged } from './corpus';

const codesOf = (text: string) => validateText(text).findings.map((f) => f.code);

describe('hostile input, round two (issue 13)', function () {
  this.timeout(60_000);

  describe('1. only plain YAML data reaches the schema', () => {
    const untagged = readFileSync(join(HOSTILE_FIXTURES, 'tagged-slo.deploy.yaml'), 'utf8').replace('slo: !!omap\n    - ttftMs: 1\n    - tpotMs: 1', 'slo:\n    ttftMs: 1\n    tpotMs: 1');

    it('a `check` that fails on the untagged file fails on the tagged one too (exit 2, LLMS009 on the tag)', async () => {
      const plain = await runCliCapture(['check', 'plain.deploy.yaml'], { 'plain.deploy.yaml': untagged });
      assert.equal(plain.code, 1, `control: the untagged SLO fails\n${plain.stdout}`);
      const path = join(HOSTILE_FIXTURES, 'tagged-slo.deploy.yaml');
      const r = await runCliCapture(['check', path]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      const text = readFileSync(path, 'utf8');
      const at = text.indexOf('!!omap');
      const line = text.slice(0, at).split('\n').length;
      const column = at - text.lastIndexOf('\n', at - 1);
      assert.ok(r.stdout.includes(`${path}:${line}:${column}: error LLMS009 \`!!omap\``), r.stdout);
    });

    for (const block of ['slo', 'constraints', 'parallelism', 'costs'] as const) {
      for (const tag of ['!!omap', '!!pairs', '!foo']) {
        it(`${block} written as ${tag}: an LLMS009 error on the tag`, () => {
          let text = tagged(tag, block);
          if (tag === '!!pairs' && block === 'parallelism') text = text.replace('!!pairs {tensor: 2}', '!!pairs [tensor: 2]');
          const findings = validateText(text).findings.filter((f) => f.code === 'LLMS009');
          assert.equal(findings.length, 1, JSON.stringify(validateText(text).findings.map((f) => [f.code, f.message])));
          assert.equal(findings[0]!.severity, 'error');
          assert.equal(text.slice(findings[0]!.range.start, findings[0]!.range.end), tag);
        });
      }
    }

    it('a set (`!!set` with its keys and no values, as YAML wants it): an LLMS009 error on the tag', () => {
      const text = BASE.replace(/slo:\n(?: {4}.*\n)+/, 'slo: !!set {ttftMs, tpotMs}\n');
      const findings = validateText(text).findings;
      assert.deepEqual(findings.map((f) => [f.code, text.slice(f.range.start, f.range.end)]), [['LLMS009', '!!set']]);
      assert.match(findings[0]!.message, /a set/);
    });

    it('`!!binary` and `!!timestamp` are named as what they are', () => {
      const binary = validateText(BASE.replace('name: chat-assistant', 'name: !!binary Y2hhdA==')).findings.find((f) => f.code === 'LLMS009');
      assert.match(binary?.message ?? '', /binary data/);
      const time = validateText(BASE.replace(/^description: .*$/m, 'description: !!timestamp 2026-12-03')).findings.find((f) => f.code === 'LLMS009');
      assert.match(time?.message ?? '', /date and time/);
    });

    it('plain tags (`!!str`, `!!int`, `!!map`, `!`) are accepted', () => {
      const text = BASE.replace('name: chat-assistant', 'name: !!str chat').replace('outputTokens: 350', 'outputTokens: !!int 350')
        .replace('constraints:\n', 'constraints: !!map\n').replace(/^description: .*$/m, 'description: ! text');
      assert.deepEqual(validateText(text).findings.filter((f) => f.severity === 'error'), []);
    });

    it('a custom tag is one error, not also a warning', () => {
      assert.deepEqual(codesOf(BASE.replace('name: chat-assistant', 'name: !custom chat')), ['LLMS009']);
    });
  });
});
