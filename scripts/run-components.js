#!/usr/bin/env node
// Runs the component tier: the webview's views rendered in headless Chromium (playwright-core with
// Debian's /usr/bin/chromium, installed by scripts/setup-e2e.sh) from recorded snapshots, one
// browser for all of them. Needs `npm run build` (dist/webview.js) and `tsc` (out/test/components).
// Records the counts in out/test-results/component.json for scripts/test.js's closing line.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

const root = path.join(__dirname, '..');
const dir = path.join(root, 'out', 'test', 'components');
const grep = process.argv.slice(2).find((a) => !a.startsWith('-'));
const chromium = process.env.MEMORY_ATLAS_E2E_CHROMIUM || '/usr/bin/chromium';
const out = path.join(root, 'out', 'test-results');

if (!fs.existsSync(chromium)) {
  console.error(`component tier: ${chromium} is not installed (run bash scripts/setup-e2e.sh)`);
  process.exit(1);
}
if (!fs.existsSync(path.join(root, 'dist', 'webview.js'))) {
  console.error('component tier: dist/webview.js is missing (run npm run build)');
  process.exit(1);
}
const mocha = new Mocha({ reporter: 'spec', timeout: 60000, grep });
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.component.test.js')).sort()) mocha.addFile(path.join(dir, f));
const runner = mocha.run((failures) => {
  const { passes, failures: failed, pending } = runner.stats;
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'component.json'), JSON.stringify({ tier: 'component', passes, failures: failed, pending }));
  console.log(`component tier: screenshots in ${path.relative(root, path.join(out, 'component-screenshots'))}/`);
  process.exitCode = failures ? 1 : 0;
});
