import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { runCommand } from '../../../src/cli/runCommand';
import type { RunReport } from '../../../src/shared/runReport';
import { testParser } from '../cProgram';

/**
 * Demand paging against the native run (test/fixtures/c-paging/, recorded with
 * `node test/tools/record-paging.js`): a 4 MiB stack array, an untouched 4 MiB calloc and a
 * 4 MiB .bss array, each written at one byte, cost the pages touched, not 1,024.
 *
 * How the figures compare: the native process has faulted ~70 pages (the loader, ld.so, libc's
 * start-up) before main runs, and the simulated one none, so the native figures are the ones of
 * main alone (getrusage and /proc/self/statm read around the call). The simulated process
 * first touches its stack, .data and heap pages during main, so its figures are taken as the
 * difference from a baseline program that only prints: what the big object adds.
 */
const DIR = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'c-paging');
const BASELINE = '#include <stdio.h>\nint main(void) {\n    printf("x = %d\\n", 1);\n    return 0;\n}\n';
const OBJECT_BYTES = 4 << 20;

interface NativePaging {
  readonly stdout: string;
  readonly mainMinorFaults: number;
  readonly mainMajorFaults: number;
  readonly mainRssGrowthKiB: number;
  readonly processMinorFaults: number;
  readonly processMaxRssKiB: number;
}

async function simulate(source: string, file: string): Promise<RunReport> {
  const out = runCommand(await testParser(), source, file, { json: true });
  return JSON.parse(out.stdout) as RunReport;
}

describe('demand paging: untouched memory costs nothing, as on Linux', () => {
  let baseline: RunReport;
  before(async () => {
    baseline = await simulate(BASELINE, 'baseline.c');
  });

  for (const name of fs.readdirSync(DIR).filter((f) => f.endsWith('.c'))) {
    it(name, async () => {
      const native = JSON.parse(fs.readFileSync(path.join(DIR, name.replace(/\.c$/, '.native.json')), 'utf8')) as NativePaging;
      const run = await simulate(fs.readFileSync(path.join(DIR, name), 'utf8'), name);
      assert.equal(run.stdout, native.stdout);
      const faults = run.faults.minor - baseline.faults.minor;
      const rss = run.memory.peakRss - baseline.memory.peakRss;
      // The object is mapped (in VSZ at exit, or for the freed calloc block, at the heap's peak of
      // bytes from the kernel) but only its touched pages are resident.
      const peakKernel = (r: RunReport) => r.heap?.activity.peakKernelBytes ?? 0;
      const mapped = Math.max(run.memory.vsz - baseline.memory.vsz, peakKernel(run) - peakKernel(baseline));
      // (The stack already had its first 132 KiB mapped.)
      assert.ok(mapped >= OBJECT_BYTES - (256 << 10), `only ${mapped} bytes more were mapped`);
      assert.ok(faults >= 1 && faults <= native.mainMinorFaults, `simulated: ${faults} minor faults for the object; native main: ${native.mainMinorFaults}`);
      assert.ok(rss <= native.mainRssGrowthKiB * 1024, `simulated: RSS +${rss} bytes; native main: +${native.mainRssGrowthKiB} KiB`);
      assert.equal(run.faults.major, native.mainMajorFaults);
      // The whole native process stays far below the object's size too.
      assert.ok(native.processMaxRssKiB * 1024 < OBJECT_BYTES && run.memory.peakRss < OBJECT_BYTES / 16);
    });
  }
});
