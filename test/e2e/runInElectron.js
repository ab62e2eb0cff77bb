#!/usr/bin/env node
/**
 * The same in-host e2e suite (out/test/e2e/suite/index.js) in desktop VS Code through
 * @vscode/test-electron. For developer machines WITH internet: test-electron downloads a VS Code
 * build into .e2e/vscode-test/ on first use. On offline machines (CI here) use
 * test/e2e/runInCodeServer.js instead.
 *
 *   node test/e2e/runInElectron.js [--grep TEXT] [--vscode-version 1.100.3|stable|insiders]
 *
 * Browser-side helpers (test/e2e/suite/runnerChannel.ts) are not available here; tests that need
 * them skip themselves (hasRunnerChannel() is false). Exit code 0 passed, 1 failed, 2 harness
 * error (e.g. VS Code could not be downloaded).
 */
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const SUITE = path.join(ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
const WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const RESULTS_OUT = path.join(ROOT, 'out', 'test-results', 'e2e.json');

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  if (!fs.existsSync(SUITE)) {
    console.error(`e2e: ${path.relative(ROOT, SUITE)} not found: compile the tests first (npx tsc -p tsconfig.json)`);
    return 2;
  }
  const { runTests } = require('@vscode/test-electron');
  const runDir = path.join(ROOT, '.e2e', 'electron');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  const resultsFile = path.join(runDir, 'results.json');
  const grep = argValue('--grep') || process.env.MEMORY_ATLAS_E2E_GREP || '';

  let exitCode;
  try {
    exitCode = await runTests({
      version: argValue('--vscode-version') || process.env.MEMORY_ATLAS_E2E_VSCODE_VERSION || '1.100.3',
      cachePath: path.join(ROOT, '.e2e', 'vscode-test'), // gitignored (.e2e/), survives between runs
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: SUITE,
      launchArgs: [WORKSPACE, '--disable-extensions', '--user-data-dir', path.join(runDir, 'user-data'), '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
      extensionTestsEnv: {
        MEMORY_ATLAS_E2E: '1',
        MEMORY_ATLAS_E2E_RESULTS: resultsFile,
        MEMORY_ATLAS_E2E_ARTIFACTS: path.join(runDir, 'artifacts'),
        MEMORY_ATLAS_E2E_GREP: grep,
      },
    });
  } catch (err) {
    const msg = String((err && err.message) || err);
    if (!fs.existsSync(resultsFile)) {
      const offline = /download|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|update\.code\.visualstudio\.com|socket hang up|fetch failed/i.test(msg);
      console.error(`\ne2e (electron): ${offline ? 'could not download VS Code' : 'VS Code failed to run the suite'}: ${msg}`);
      if (offline) {
        console.error(
          'e2e (electron): @vscode/test-electron needs internet to fetch a desktop VS Code build.\n' +
            '    On this (offline) machine use the code-server runner instead:\n' +
            '      bash scripts/setup-e2e.sh && npx tsc -p tsconfig.json && node test/e2e/runInCodeServer.js',
        );
      }
      return 2;
    }
    exitCode = 1;
  }

  if (fs.existsSync(resultsFile)) {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    console.log(`\ne2e: ran inside VS Code ${r.vscodeVersion} (${r.appName})`);
    for (const t of r.tests) {
      console.log(`${t.state === 'passed' ? '  ok  ' : t.state === 'pending' ? '  skip' : '  FAIL'} ${t.title}`);
      if (t.state === 'failed' && t.error) console.log(t.error.replace(/^/gm, '         '));
    }
    console.log(`e2e: ${r.passes} passing, ${r.failures} failing, ${r.pending} pending`);
    fs.mkdirSync(path.dirname(RESULTS_OUT), { recursive: true });
    fs.writeFileSync(RESULTS_OUT, JSON.stringify({ tier: 'e2e', passes: r.passes, failures: r.failures, pending: r.pending }));
    return r.failures > 0 || r.error ? 1 : 0;
  }
  return exitCode === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`e2e (electron): ${err && err.stack ? err.stack : err}`);
    process.exit(2);
  },
);
