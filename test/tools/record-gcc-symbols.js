#!/usr/bin/env node
// Records what gcc and binutils say about each fixture in test/fixtures/c/*.c into NAME.gcc.json
// (run after `npm run compile-tests`; needs gcc, nm and objdump). The unit tests compare the
// simulation with these files, and with a live gcc run where gcc is installed.
'use strict';
const fs = require('fs');
const path = require('path');
const { gccSymbolTable, recordedTablePath } = require('../../out/test/unit/gccSymbols');

const dir = path.join(__dirname, '..', 'fixtures', 'c');
for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.c'))) {
  const file = path.join(dir, name);
  const table = gccSymbolTable(file);
  fs.writeFileSync(recordedTablePath(file), JSON.stringify(table, null, 2) + '\n');
  console.log(`recorded ${table.symbols.length} symbols of ${name} (${table.compiler})`);
}
