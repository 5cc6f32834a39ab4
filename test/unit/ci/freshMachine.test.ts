/**
 * The README's test command must pass on a fresh machine. Inside `npm test`, npm exports its own
 * configuration to every child (npm_config_user_agent "… node/v20 …", an empty
 * npm_config_allow_scripts, npm_package_*), and the nested installs of test/host/install.sh
 * inherited it: code-server's postinstall then read node v20 from the user agent and refused.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** Runs clean-npm-env.sh in bash with the given environment and returns the environment after. */
function envAfterCleaning(env: Record<string, string>): Record<string, string> {
  const out = execFileSync('bash', ['-c', 'source test/host/clean-npm-env.sh && env -0'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
  const result: Record<string, string> = {};
  for (const entry of out.toString('utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) result[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return result;
}

describe('fresh machine: the host install is independent of the outer npm', () => {
  it('drops what `npm test` exports (user agent, allow-scripts, package and lifecycle variables)', () => {
    const after = envAfterCleaning({
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
      npm_config_allow_scripts: '',
      npm_config_node_version: '20.20.2',
      npm_package_name: 'llm-deployment-sizing',
      npm_lifecycle_event: 'test',
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      NPM_CONFIG_IGNORE_SCRIPTS: 'false',
      INIT_CWD: '/work/main',
    });
    for (const name of [
      'npm_config_user_agent',
      'npm_config_allow_scripts',
      'npm_config_node_version',
      'npm_package_name',
      'npm_lifecycle_event',
      'npm_execpath',
      'NPM_CONFIG_IGNORE_SCRIPTS',
      'INIT_CWD',
    ]) {
      assert.equal(after[name], undefined, `${name} must not reach the nested installs`);
    }
  });

  it('keeps the transport settings a fresh shell would have (registry, cache folder, proxy, CA)', () => {
    const kept = {
      npm_config_registry: 'https://registry.example.test/',
      npm_config_cache: '/tmp/empty-npm-cache',
      npm_config_https_proxy: 'http://proxy.example.test:3128',
      npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
    };
    const after = envAfterCleaning(kept);
    for (const [name, value] of Object.entries(kept)) assert.equal(after[name], value, name);
  });

  it("install.sh never lets npm run code-server's postinstall, and runs it by hand with node 24", () => {
    const script = readFileSync(join(root, 'test', 'host', 'install.sh'), 'utf8');
    assert.match(script, /source "\$\(dirname "\$\{BASH_SOURCE\[0\]\}"\)\/clean-npm-env\.sh"/);
    assert.match(script, /npm install [^\n]*--ignore-scripts[^\n]*"code-server@\$CS_VERSION"/);
    assert.match(
      script,
      /npm_config_user_agent="npm\/\$\(npm -v\) node\/\$\("\$NODE24" -v\) linux x64" sh \.\/postinstall\.sh/,
    );
  });

  it('.ci/run starts every cache empty on every run (npm cache and the VS Code host cache)', () => {
    const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
    assert.match(ci, /mktemp -d/);
    assert.match(ci, /export npm_config_cache="\$CI_TMP\/npm-cache"/);
    assert.match(ci, /export LLM_SIZING_HOST_CACHE="\$CI_TMP\/host-cache"/);
    assert.ok(ci.indexOf('LLM_SIZING_HOST_CACHE=') < ci.lastIndexOf('npm test'), 'set before the tests run');
  });
});
