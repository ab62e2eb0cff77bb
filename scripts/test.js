#!/usr/bin/env node
// `npm test`: builds the extension, runs the unit tier (mocha in Node) and the end-to-end tier
// (the extension inside a real VS Code: code-server driven by Debian's Chromium, installed by
// scripts/setup-e2e.sh), then prints one closing line with the totals of both tiers.
// Between them, the component tier renders the webview's views in the same Chromium.
// Options: --unit (unit tier only), --e2e (end-to-end tier only), --components (component tier only), --skip-build.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const args = new Set(process.argv.slice(2));
const only = ['--unit', '--e2e', '--components'].filter((a) => args.has(a));
const wantUnit = only.length === 0 || args.has('--unit');
const wantE2e = only.length === 0 || args.has('--e2e');
const wantComponents = only.length === 0 || args.has('--components');
const results = path.join(root, 'out', 'test-results');

function step(title, command, commandArgs, options = {}) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const run = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.error) console.log(`${title}: could not start ${command}: ${run.error.message}`);
  console.log(`=== ${title}: ${run.status === 0 ? 'ok' : `exit ${run.status}`} (${seconds} s) ===`);
  return run.status === 0;
}

function readCounts(tier) {
  try {
    return JSON.parse(fs.readFileSync(path.join(results, `${tier}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

// A fresh out/: compiled files of sources that were moved or deleted would otherwise still be
// found by require (a stale out/src/shared/annotations.js shadows annotations/index.js).
fs.rmSync(path.join(root, 'out'), { recursive: true, force: true });
let ok = true;
if (!args.has('--skip-build')) {
  ok = step('build (webpack: extension, CLI, webview)', 'npx', ['webpack', '--mode', 'production']) && ok;
}
ok = step('compile tests (tsc)', 'npx', ['tsc', '-p', 'tsconfig.json']) && ok;
if (wantUnit) ok = step('unit tier (mocha in Node)', process.execPath, ['scripts/run-unit.js']) && ok;
if (wantE2e || wantComponents) {
  const ready = step('e2e setup (code-server, Chromium)', 'bash', ['scripts/setup-e2e.sh']);
  ok = ready && ok;
  if (ready && wantComponents) ok = step('component tier (the webview in Chromium)', process.execPath, ['scripts/run-components.js']) && ok;
  if (ready && wantE2e) ok = step('e2e tier (real VS Code in code-server + Chromium)', process.execPath, ['test/e2e/runInCodeServer.js']) && ok;
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const tier of ['unit', 'component', 'e2e']) {
  const counts = readCounts(tier);
  if (!counts) {
    if ((tier === 'unit' && wantUnit) || (tier === 'e2e' && wantE2e) || (tier === 'component' && wantComponents)) {
      console.log(`${tier} tier: no results (it did not run to the end)`);
      failed++;
    }
    continue;
  }
  console.log(`${tier} tier: ${counts.passes} passed, ${counts.failures} failed, ${counts.pending} skipped`);
  passed += counts.passes;
  failed += counts.failures;
  skipped += counts.pending;
}
if (!ok && failed === 0) failed = 1; // a step failed without failing a test (build, setup)
console.log(`\nTotal: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
