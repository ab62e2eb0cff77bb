#!/usr/bin/env node
// Records where gcc 12 -O0 + GNU ld put every .rodata/.data.rel.ro/.data/.bss object, and which
// functions and variables the program imports from libc, for every bundled example and corpus
// program, into test/fixtures/linked-addresses.gcc.json (run after `npm run compile-tests`;
// needs gcc, nm, objdump and readelf). Files gcc rejects are left out.
'use strict';
const fs = require('fs');
const { LINKED_RECORDING, gccLinkedProgram, linkedCorpus } = require('../../out/test/unit/linkedPrograms');

const programs = {};
let compiler = '';
for (const file of linkedCorpus()) {
  const linked = gccLinkedProgram(file);
  if (!linked) {
    console.log(`skipped ${file}: gcc does not build it`);
    continue;
  }
  compiler = linked.compiler;
  programs[file] = linked.program;
}
fs.writeFileSync(LINKED_RECORDING, JSON.stringify({ compiler, programs }, null, 1) + '\n');
console.log(`recorded ${Object.keys(programs).length} programs (${compiler})`);
