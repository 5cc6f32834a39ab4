/**
 * Loaded by mocha before any test file (.mocharc.json `require`): installs the fake `vscode`
 * module, so test files import extension code with ordinary `import` statements (extension modules
 * import `vscode` as they load, before any test body could install the fake).
 */
import { installFakeVscode } from './fakeVscode';

installFakeVscode();
