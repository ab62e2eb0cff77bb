#!/usr/bin/env node
// Records what demand paging costs natively for the programs in test/fixtures/c-paging/: each
// NAME.c is built with `gcc -O0 -w -Dmain=atlas_main` and linked with a small harness whose own
// main reads getrusage(RUSAGE_SELF) right before and right after calling the program's main.
// The difference is the minor faults of the program's own code (the loader's, ld.so's and libc's
// start-up faults, which the simulated process never has, happen before the first reading), and
// the growth of its resident set over main (/proc/self/statm; ru_maxrss is no use here: Linux
// keeps the high-water mark of the process that forked across execve). /usr/bin/time's figures
// for a plain build (fork of a small process, then exec) are recorded beside them.
// Writes NAME.native.json = { compiler, stdout, mainMinorFaults, mainMajorFaults, mainRssGrowthKiB,
// processMinorFaults, processMaxRssKiB }.
//
// Usage: node test/tools/record-paging.js [NAME ...]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const DIR = path.join(__dirname, '..', 'fixtures', 'c-paging');
const HARNESS = `#include <stdio.h>
#include <sys/resource.h>
int atlas_main(void);
static long resident_pages(void) {
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) { if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = 0; fclose(f); }
    return resident;
}
int main(void) {
    struct rusage before, after;
    long resident_before = resident_pages();
    getrusage(RUSAGE_SELF, &before);
    int status = atlas_main();
    getrusage(RUSAGE_SELF, &after);
    long resident_after = resident_pages();
    fflush(stdout);
    fprintf(stderr, "ATLAS %ld %ld %ld\\n", after.ru_minflt - before.ru_minflt, after.ru_majflt - before.ru_majflt, (resident_after - resident_before) * 4);
    return status;
}
`;

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  return r;
}

const names = process.argv.slice(2).map((n) => n.replace(/\.c$/, ''));
const programs = names.length ? names : fs.readdirSync(DIR).filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2));
const compiler = run('gcc', ['--version']).stdout.split('\n')[0];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memory-atlas-paging-'));
try {
  fs.writeFileSync(path.join(tmp, 'harness.c'), HARNESS);
  for (const name of programs) {
    const source = path.join(DIR, `${name}.c`);
    run('gcc', ['-O0', '-w', '-Dmain=atlas_main', '-c', '-o', path.join(tmp, 'program.o'), source]);
    run('gcc', ['-O0', '-o', path.join(tmp, 'measured'), path.join(tmp, 'harness.c'), path.join(tmp, 'program.o')]);
    const measured = run(path.join(tmp, 'measured'), [], { env: { LC_ALL: 'C' } });
    const [, minor, major, rssGrowth] = /ATLAS (\d+) (\d+) (\d+)/.exec(measured.stderr).map(Number);
    run('gcc', ['-O0', '-w', '-o', path.join(tmp, 'plain'), source]);
    const timed = run('/usr/bin/time', ['-f', 'TIME %R %M', path.join(tmp, 'plain')], { env: { LC_ALL: 'C' } });
    const [, processMinor, processMaxRss] = /TIME (\d+) (\d+)/.exec(timed.stderr).map(Number);
    const record = { compiler, stdout: timed.stdout, mainMinorFaults: minor, mainMajorFaults: major, mainRssGrowthKiB: rssGrowth, processMinorFaults: processMinor, processMaxRssKiB: processMaxRss };
    fs.writeFileSync(path.join(DIR, `${name}.native.json`), JSON.stringify(record, null, 2) + '\n');
    console.log(`${name}: main ${minor} minor faults, RSS +${rssGrowth} KiB; whole process ${processMinor} minor faults, ${processMaxRss} KiB`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
