/**
 * Parse and validation run in steps, one YAML document per step, so the editor can give the
 * extension host's event loop a turn between documents (issue 13, item 10). Stepping must not
 * change a result: every YAML file of the repository, tricky constructs and random
 * line-structured YAML parse exactly as one whole parse with the yaml package did before —
 * documents, ranges, values, errors and warnings — and `validateTextSteps` ends in what
 * `validateText` returns.
 * (Cutting inside a document was tried and dropped: the yaml package's streaming lexer, fed a
 * chunk at a time, parsed broken flow collections differently depending on the cut; the
 * property below found it.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Composer, Parser, type Document } from 'yaml';
import { documentSpans, parseFileSteps } from '../../../../src/core/parse/parse';
import { runToEnd } from '../../../../src/core/steps';
import { validateText, validateTextSteps } from '../../../../src/core/validate';
import { ROOT } from '../../hostile/corpus';

/** What a parsed document is, in comparable form. */
function shape(doc: Document.Parsed): unknown {
  let value: string;
  try {
    value = JSON.stringify(doc.toJS({ maxAliasCount: 100 }));
  } catch (error) {
    value = `throws: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    range: doc.range,
    value,
    errors: doc.errors.map((e) => [e.code, e.pos]),
    warnings: doc.warnings.map((e) => [e.code, e.pos]),
  };
}

/** The whole text parsed in one go, as the parser did before it ran in steps. */
function wholeParse(text: string): unknown[] {
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, strict: true, logLevel: 'error' });
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  return [...composer.compose(new Parser().parse(source))].map(shape);
}

/** Parsed in steps; also counts the steps. */
function steppedParse(text: string): { documents: unknown[]; steps: number } {
  const steps = parseFileSteps(text);
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { documents: step.value.documents.map((d) => shape(d.yaml)), steps: count };
    count++;
  }
}

/** Every .yaml / .yml file of the repository's examples and test fixtures (up to 200 kB each). */
function repositoryYaml(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry) && statSync(path).size < 200_000)
        out.push({ name: path.slice(ROOT.length + 1), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, 'examples'));
  walk(join(ROOT, 'test', 'fixtures'));
  return out;
}

const TRICKY: Record<string, string> = {
  'block scalars across lines': 'a: |\n  one\n  two\n\n  four\nb: >-\n  folded\n  text\nc: 1\n',
  'flow collections across lines': 'a: [1,\n  2,\n  {x: 3,\n   y: [4, 5]}]\nb: {\n  c: d }\n',
  'documents, markers and directives': '%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n--- !!str text\n...\n',
  'CRLF and lone CR': 'a: 1\r\nb:\r\n  - 2\rc: 3\r\n',
  'errors: bad indent and unclosed flow': 'a:\n  b: 1\n c: 2\nd: [1, 2\ne: 3\n',
  empty: '',
};

describe('parse and validation in steps (one document per step)', () => {
  it('every YAML file of the repository and the tricky cases: the same documents as one whole parse', () => {
    const cases = [...repositoryYaml(), ...Object.entries(TRICKY).map(([name, text]) => ({ name, text }))];
    assert.ok(cases.length > 40, `${cases.length} files`);
    for (const { name, text } of cases) assert.deepEqual(steppedParse(text).documents, wholeParse(text), name);
  });

  it('random line-structured YAML: the same documents as one whole parse (fast-check, fixed seed)', () => {
    const line = fc.oneof(
      fc.constantFrom('a: 1', '- x', '  b: [1,', '   2]', 'c: |', '  text', '---', '...', '# c', 'd: "q', ' r"', ''),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const text = lines.join('\n');
        assert.deepEqual(steppedParse(text).documents, wholeParse(text));
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('documentSpans finds every document the parser finds; a skipped span parses as one empty document, later offsets unchanged', () => {
    const cases = [...repositoryYaml(), ...Object.entries(TRICKY).map(([name, text]) => ({ name, text }))];
    for (const { name, text } of cases) {
      const whole = runToEnd(parseFileSteps(text)).documents;
      const spans = documentSpans(text);
      // Every parsed document starts in a span of its own (a `...` end marker may leave two in one).
      for (const d of whole)
        assert.ok(
          spans.some((s) => d.range.start >= s.start && d.range.start < Math.max(s.end, s.start + 1)),
          `${name}: document at ${d.range.start}`,
        );
      if (spans.length < 2 || whole.length !== spans.length) continue;
      for (const skip of [spans[0]!, spans[spans.length - 1]!]) {
        const skipped = runToEnd(parseFileSteps(text, { skip: [skip] })).documents;
        assert.equal(skipped.length, whole.length, `${name}: skipping ${skip.start}–${skip.end} keeps the count`);
        for (const [i, d] of skipped.entries()) {
          const inSkip = d.range.start >= skip.start && d.range.start < skip.end;
          if (inSkip)
            assert.equal(
              d.yaml.contents === null || (d.yaml.contents as { value?: unknown }).value === null,
              true,
              `${name}: empty`,
            );
          else assert.deepEqual(shape(d.yaml), shape(whole[i]!.yaml), `${name}: document ${i} unchanged`);
        }
      }
    }
  });

  it('a 100-document file takes 100 parse steps, and validation in steps ends in validateText’s result', () => {
    const doc = (i: number) =>
      `apiVersion: llm-sizing/v1\nkind: Deployment\nname: d${i}\nmodel: {id: llama-3.1-8b}\nworkload: {inputTokens: 100, outputTokens: 10, concurrency: 1}\nplacements:\n  - {name: p, type: on-prem, hardware: l4-24gb, gpus: 1, engine: vllm}\n`;
    const text = Array.from({ length: 100 }, (_, i) => doc(i)).join('---\n');
    assert.equal(steppedParse(text).steps, 100);
    const steps = validateTextSteps(text);
    let yields = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yields++;
    assert.ok(yields >= 200, `${yields} steps: one per document parsed and one per document validated`);
    const whole = validateText(text);
    assert.deepEqual(
      step.value.findings.map((f) => [f.code, f.range]),
      whole.findings.map((f) => [f.code, f.range]),
    );
    assert.equal(step.value.documents.filter((d) => d.deployment).length, 100);
    assert.equal(runToEnd(validateTextSteps(text)).documents.length, whole.documents.length);
  });
});
