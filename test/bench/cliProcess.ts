/**
 * `memory-atlas ARGS...` as a whole process, as a user runs it (bin/memory-atlas.js, the bundled
 * dist/cli.js), with its peak RSS and CPU time written to fd 3 when it exits: scripts/bench.js spawns this
 * file, times the process from the outside and reads the peak from the pipe.
 *   node out/test/bench/cliProcess.js run FILE.c [--json]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

process.on('exit', () => {
  try {
    const usage = process.resourceUsage();
    fs.writeSync(3, JSON.stringify({ peakRssMB: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }) + '\n');
  } catch {
    // run without a third pipe: nothing to report to
  }
});
const bin = path.join(__dirname, '..', '..', '..', 'bin', 'memory-atlas.js');
process.argv = [process.argv[0], bin, ...process.argv.slice(2)];
require(bin);
