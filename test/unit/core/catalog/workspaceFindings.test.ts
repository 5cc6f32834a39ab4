import assert from 'node:assert/strict';
import { catalog } from '../../../../src/core/catalog';
import { LineIndex } from '../../../../src/core/findings';
import { isWorkspaceCatalogPath, workspaceCatalogFindings } from '../../../../src/core/validate/workspaceCatalog';

// Issue 14 item 10: the workspace catalog's problems are located findings with a stable code.
describe('workspace catalog findings (LLMS057)', () => {
  it('recognises the file by its path, on POSIX, Windows and URI forms', () => {
    assert.equal(isWorkspaceCatalogPath('/repo/.llm-sizing/catalog.yaml'), true);
    assert.equal(isWorkspaceCatalogPath('C:\\repo\\.llm-sizing\\catalog.yaml'), true);
    assert.equal(isWorkspaceCatalogPath('vscode-vfs://github/o/r/.llm-sizing/catalog.yaml'), true);
    assert.equal(isWorkspaceCatalogPath('/repo/catalog.yaml'), false);
    assert.equal(isWorkspaceCatalogPath('/repo/.llm-sizing/catalog.yml'), false);
  });

  it('each problem at the field it names; a good file has none', () => {
    const text =
      'hardware:\n  - id: h100-sxm-80gb\n    purchasePrice: {usd: -5, date: "2026", source: "q"}\nextra: 1\n';
    const findings = workspaceCatalogFindings(text, catalog);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, text.slice(f.range.start, f.range.end)]),
      [
        ['LLMS057', 'error', 'extra'],
        ['LLMS057', 'error', '-5'],
      ],
    );
    const lines = new LineIndex(text);
    assert.equal(lines.positionAt(findings.find((f) => /usd/.test(f.message))!.range.start).line, 2);
    assert.deepEqual(workspaceCatalogFindings('hardware:\n  - id: h100-sxm-80gb\n    tdpW: 650\n', catalog), []);
  });
});
