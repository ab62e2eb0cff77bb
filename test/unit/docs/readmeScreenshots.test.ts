import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Every screenshot the README shows is written into media/screenshots by a test run (the e2e
 * tier's screenshotWorkbench/screenshotWebview with a media/screenshots path, or the component
 * tier's README shots): none is copied there by hand, so none can show an old layout.
 */
const ROOT = path.join(__dirname, '..', '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [fs.readFileSync(p, 'utf8')] : [];
  });
}

describe('README screenshots are written by the test run', () => {
  it('each one has a test that writes it into media/screenshots', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const shown = [...new Set([...readme.matchAll(/media\/screenshots\/([\w-]+\.png)/g)].map((m) => m[1]))];
    assert.ok(shown.length >= 5);
    const e2e = sources(path.join(ROOT, 'test', 'e2e', 'suite')).join('\n');
    const harness = fs.readFileSync(path.join(ROOT, 'test', 'components', 'webviewHarness.ts'), 'utf8');
    const componentShots = [...(/README_SHOTS = new Set\(\[([^\]]*)\]/.exec(harness)?.[1] ?? '').matchAll(/'([\w-]+)'/g)].map((m) => `views-${m[1]}.png`);
    const unwritten = shown.filter((file) => !componentShots.includes(file) && !e2e.includes(`'media', 'screenshots', '${file}'`));
    assert.deepEqual(unwritten, []);
  });
});
