#!/usr/bin/env node
// Runs the unit tier (mocha in Node) over the compiled tests in out/test/unit and records the
// counts in out/test-results/unit.json so scripts/test.js can print one closing line for all tiers.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const root = path.join(__dirname, '..');
const testDir = path.join(root, 'out', 'test', 'unit');
const grep = process.argv.slice(2).find((a) => !a.startsWith('-'));

function collect(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return collect(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

const mocha = new Mocha({ reporter: 'spec', timeout: 20000, grep });
for (const f of collect(testDir).sort()) mocha.addFile(f);
const runner = mocha.run((failures) => {
  const { passes, failures: failed, pending } = runner.stats;
  const out = path.join(root, 'out', 'test-results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'unit.json'), JSON.stringify({ tier: 'unit', passes, failures: failed, pending }));
  process.exitCode = failures ? 1 : 0;
});
