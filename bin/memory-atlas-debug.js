#!/usr/bin/env node
// Entry point of `memory-atlas-debug`: the Memory Atlas debug adapter speaking DAP over stdio
// (for nvim-dap, Emacs dap-mode or any DAP client). Runs the bundle built by `npm run build`.
'use strict';
const path = require('path');
const fs = require('fs');
const bundle = path.join(__dirname, '..', 'dist', 'debugAdapter.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('memory-atlas-debug: dist/debugAdapter.js is missing; run `npm run build` in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
require(bundle);
