#!/usr/bin/env node
// Records what AddressSanitizer or Valgrind Memcheck report for each program of the memory-error
// corpus test/fixtures/c-errors/ (line 1 of NAME.c says which: [asan], [memcheck]; [own] programs
// have a hand-written expectation and are skipped), into NAME.expected.json:
//   { tool, kind, line, function, access?, size?, block?, variable?, origin?, report: [...] }
// with the kind in Memory Atlas's names (see sanitizerReports.js for the mapping).
//
// Usage: node test/tools/record-c-errors.js [--check] [NAME ...]
//   --check  record nothing; compare a live run with the existing NAME.expected.json files.
'use strict';
const fs = require('fs');
const path = require('path');
const { toolOf, toolAvailable, observe } = require('./c-errors/sanitizerReports');

const DIR = path.join(__dirname, '..', 'fixtures', 'c-errors');
const args = process.argv.slice(2);
const check = args.includes('--check');
const only = new Set(args.filter((a) => !a.startsWith('-')).map((a) => a.replace(/\.c$/, '')));

const withoutReport = (o) => {
  const { report: _report, tool: _tool, ...facts } = o;
  return JSON.stringify(facts);
};

let failures = 0;
for (const file of fs.readdirSync(DIR).filter((f) => f.endsWith('.c')).sort()) {
  const name = file.slice(0, -2);
  if (only.size && !only.has(name)) continue;
  const full = path.join(DIR, file);
  const tool = toolOf(fs.readFileSync(full, 'utf8'));
  if (tool === 'own') {
    console.log(`${name}: our own expectation (no tool reports this kind), kept as written`);
    continue;
  }
  if (!toolAvailable(tool)) {
    console.error(`${name}: ${tool} is not available here`);
    failures++;
    continue;
  }
  const observed = observe(full);
  const target = path.join(DIR, `${name}.expected.json`);
  if (check) {
    const recorded = JSON.parse(fs.readFileSync(target, 'utf8'));
    const same = withoutReport(recorded) === withoutReport(observed);
    console.log(`${name}: ${same ? 'same' : `DIFFERENT\n  recorded ${withoutReport(recorded)}\n  live     ${withoutReport(observed)}`}`);
    if (!same) failures++;
  } else {
    fs.writeFileSync(target, JSON.stringify(observed, null, 2) + '\n');
    console.log(`${name}: ${observed.kind} at line ${observed.line}`);
  }
}
process.exitCode = failures ? 1 : 0;
