/**
 * Golden findings (validation + placement findings of the estimate) for every fixture in
 * test/fixtures/validate: code, severity, 1-based range, message and fix titles. A fixture named `LLMSxxx-…` must produce that code. Regenerate the
 * goldens after an intended change with `UPDATE_GOLDEN=1 npx mocha`, and review the diff.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog, type Catalog, type CatalogSection } from '../../../../src/core/catalog';
import { evaluateText } from '../../../../src/core/placements';
import { matchesDeploymentGlobs } from '../../../../src/core/parse/globs';
import { allCodes } from '../../../../src/core/validate/codes';
import { FIXTURES, fixture, listFixtures } from '../../support/helpers';
import { assertGolden } from '../../support/golden';
import { catalogForFile } from '../../../../src/cli/fileCatalog';

/** Absolute paths in messages (model files tried) are written relative to the fixtures. */
const relative = (message: string) => message.split(FIXTURES).join('<fixtures>');

async function golden(name: string, cat?: Catalog) {
  const text = fixture('validate', name);
  // A fixture named `…workspace-catalog…` stands for a `.llm-sizing/catalog.yaml`, one named
  // `…workspace-calibration…` for a `.llm-sizing/calibration.yaml` (the CLI and the editor decide by
  // the path: isWorkspaceCatalogPath, isWorkspaceCalibrationPath).
  const options = {
    forceDeployment: matchesDeploymentGlobs(name),
    workspaceCatalog: name.includes('workspace-catalog'),
    workspaceCalibration: name.includes('workspace-calibration'),
  };
  // Model files named by a fixture are read as the CLI reads them (relative to the fixture).
  const catalog = await catalogForFile(join(FIXTURES, 'validate', name), text, options, cat);
  const result = evaluateText(text, { ...options, curve: false, catalog });
  const lines = result.validation.file.lineIndex;
  return result.findings.map((f) => {
    const start = lines.positionAt(f.range.start);
    const end = lines.positionAt(f.range.end);
    return {
      code: f.code,
      severity: f.severity,
      range: `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`,
      text: text.slice(f.range.start, Math.min(f.range.end, f.range.start + 60)),
      message: relative(f.message),
      ...(f.fixes ? { fixes: f.fixes.map((x) => x.title) } : {}),
    };
  });
}

describe('validation goldens', () => {
  const seen = new Set<string>();
  for (const name of listFixtures('validate')) {
    it(name, async () => {
      const actual = await golden(name);
      for (const f of actual) seen.add(f.code);
      const path = join(FIXTURES, 'validate', 'golden', name.replace(/\.ya?ml$/, '.json'));
      assertGolden(path, actual, name);
      const expectedCode = /^(LLMS\d{3})-/.exec(name)?.[1];
      if (expectedCode)
        assert.ok(
          actual.some((f) => f.code === expectedCode),
          `${name} should produce ${expectedCode}`,
        );
    });
  }
  it('every registered code is produced by some fixture', () => {
    const missing = allCodes()
      .map((c) => c.code)
      .filter((c) => !seen.has(c));
    assert.deepEqual(missing, []);
  });
});

/** `section` with one more entry: a copy of its first entry under `id` (the catalog grown by one). */
function grown<T extends { id: string; aliases?: string[] }>(
  section: CatalogSection<T>,
  id: string,
): CatalogSection<T> {
  const extra = { ...section.entries[0]!, id, aliases: [] };
  const entries = [...section.entries, extra];
  return {
    entries,
    ids: entries.map((e) => e.id),
    get: (key) => (key.toLowerCase() === id ? extra : section.get(key)),
  };
}

describe('validation goldens do not depend on the catalog size', () => {
  // One more model, device, format and engine than the shipped catalog: adding an entry must not
  // change the findings of files that do not name it (messages point to `llm-sizing catalog`).
  const bigger: Catalog = {
    models: grown(catalog.models, 'zz-extra-model'),
    hardware: grown(catalog.hardware, 'zz-extra-device'),
    formats: grown(catalog.formats, 'zz-extra-format'),
    engines: grown(catalog.engines, 'zz-extra-engine'),
  };
  for (const name of listFixtures('validate')) {
    it(`${name} with one entry more per catalog section`, async () => {
      const path = join(FIXTURES, 'validate', 'golden', name.replace(/\.ya?ml$/, '.json'));
      assert.deepEqual(await golden(name, bigger), JSON.parse(readFileSync(path, 'utf8')));
    });
  }
  it('the grown catalog really is bigger', () => {
    assert.equal(bigger.hardware.ids.length, catalog.hardware.ids.length + 1);
    assert.equal(bigger.hardware.get('zz-extra-device')?.id, 'zz-extra-device');
  });
});
