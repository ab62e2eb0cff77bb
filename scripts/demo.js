#!/usr/bin/env node
// `npm run demo`: builds the extension and opens it on the bundled example in VS Code when a
// desktop VS Code (`code`) is available; otherwise runs the CLI on the same example.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const example = path.join(root, 'media', 'examples', 'where-things-live.c');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

if (run('npx', ['webpack', '--mode', 'production']).status !== 0) process.exit(1);
const hasDesktop = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
const code = spawnSync('code', ['--version'], { stdio: 'ignore' });
if (hasDesktop && code.status === 0) {
  console.log('Opening VS Code with Memory Atlas loaded from this folder; click "Memory Atlas: Show Address Space" above main().');
  run('code', ['--new-window', `--extensionDevelopmentPath=${root}`, example]);
} else {
  console.log('No desktop VS Code here: the same process image from the command line.\n');
  process.exitCode = run(process.execPath, [path.join(root, 'bin', 'memory-atlas.js'), 'maps', path.relative(root, example)]).status ?? 1;
}
