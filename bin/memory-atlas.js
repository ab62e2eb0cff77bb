#!/usr/bin/env node
// Entry point of the `memory-atlas` command: runs the bundled CLI (built by `npm run build`).
'use strict';
const path = require('path');
const fs = require('fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('memory-atlas: dist/cli.js is missing; run `npm run build` in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
require('./loadBundle').loadBundle(bundle, module);
