/**
 * Files generated from the code are committed (`npm run generate` writes them; the build does
 * not). The committed copies must equal what the code generates now, and the check must report a
 * stale copy without writing it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { renderDeploymentJsonSchema } from '../../../../scripts/generators/jsonSchema';
import { GENERATED_FILES, staleGeneratedFiles, writeGeneratedFiles } from '../../../../scripts/generators/outputs';
import { ROOT } from '../../support/helpers';

describe('generated files are up to date (run `npm run generate` after changing the schema, codes or catalog)', () => {
  for (const file of GENERATED_FILES) {
    it(`${file.path} as committed equals the generator's output`, () => {
      assert.equal(readFileSync(join(ROOT, file.path), 'utf8'), file.render());
    });
  }

  it('`npm run generate -- --check` exits 0 on the committed tree', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'generate.ts'), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.match(out, /up to date/);
  });

  describe('on a copy with a stale file', () => {
    let root: string;
    const stalePath = 'docs/diagnostics.md';
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'llm-sizing-generate-'));
      for (const f of GENERATED_FILES) {
        mkdirSync(dirname(join(root, f.path)), { recursive: true });
        copyFileSync(join(ROOT, f.path), join(root, f.path));
      }
      writeFileSync(join(root, stalePath), 'hand-edited\n');
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('the check names exactly the stale file and writes nothing', () => {
      assert.deepEqual(staleGeneratedFiles(root), [stalePath]);
      assert.equal(readFileSync(join(root, stalePath), 'utf8'), 'hand-edited\n');
    });

    it('writing regenerates only that file, after which the check passes', () => {
      assert.deepEqual(writeGeneratedFiles(root), [stalePath]);
      assert.deepEqual(staleGeneratedFiles(root), []);
    });
  });

  it('the build cannot rewrite them before this suite runs (esbuild.mjs spawns and writes nothing itself)', () => {
    const build = readFileSync(join(ROOT, 'esbuild.mjs'), 'utf8');
    assert.doesNotMatch(build, /child_process|writeFile|generators\//);
    for (const outfile of build.matchAll(/outfile: '([^']+)'/g)) assert.match(outfile[1]!, /^dist\//);
  });

  it('the JSON Schema accepts the format example and names every top-level field', () => {
    const schema = JSON.parse(renderDeploymentJsonSchema());
    assert.deepEqual(
      Object.keys(schema.properties).sort(),
      [
        'apiVersion',
        'constraints',
        'description',
        'engine',
        'engineOptions',
        'kind',
        'model',
        'name',
        'placements',
        'workload',
      ].sort(),
    );
    assert.ok(schema.properties.placements.items.oneOf || schema.properties.placements.items.anyOf);
  });
});
