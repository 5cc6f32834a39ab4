/**
 * The catalog is validated at generate/test time, not at run time: the shipped bundles carry the
 * data but not its schemas or the checker, so start-up pays no validation pass.
 */
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { ROOT } from '../../support/helpers';

const ENTRIES: Array<[string, esbuild.BuildOptions]> = [
  [
    'extension (browser)',
    { entryPoints: ['src/extension/extension.ts'], platform: 'browser', format: 'cjs', external: ['vscode'] },
  ],
  ['cli', { entryPoints: ['src/cli/main.ts'], platform: 'node', format: 'cjs' }],
];

describe('catalog at run time', function () {
  this.timeout(60_000);
  for (const [name, options] of ENTRIES) {
    it(`${name}: bundles the catalog data but not catalog/schema.ts or catalog/check.ts`, async () => {
      const result = await esbuild.build({
        ...options,
        absWorkingDir: ROOT,
        bundle: true,
        write: false,
        metafile: true,
        logLevel: 'silent',
        define: { PACKAGE_VERSION: '"0.0.0-test"' },
      });
      const inputs = Object.keys(result.metafile!.inputs);
      assert.ok(inputs.includes('src/core/catalog/data/hardware.json'), 'the data is bundled');
      assert.deepEqual(
        inputs.filter((i) => /src\/core\/catalog\/(schema|check)\.ts$|\.d\.json\.ts$/.test(i)),
        [],
      );
    });
  }
});
