#!/usr/bin/env node
'use strict';
// The CLI is bundled into dist/cli.js by `npm run build`.
try {
  require('../dist/cli.js').main();
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    process.stderr.write('llm-sizing: not built yet; run `npm run build` in the repository first.\n');
    process.exit(2);
  }
  throw error;
}
