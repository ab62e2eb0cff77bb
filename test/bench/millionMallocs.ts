/**
 * The headline engine benchmark of the machine model: a million malloc(64) with no frees,
 * through glibc's malloc on the simulated kernel and MMU (every header write goes through the
 * page table), in a fresh process so its memory figures are its own. Prints one JSON line.
 */
import { GlibcMalloc } from '../../src/engine/heap/glibc/glibcMalloc';
import type { ProgramDescription } from '../../src/engine/image/programObjects';
import { Process } from '../../src/engine/process';

const MB = 1024 * 1024;
const program: ProgramDescription = { path: '/home/student/bench', objects: [], importedFunctions: [] };

const rssBefore = process.memoryUsage().rss;
const p = Process.start(program, { allocator: (host) => new GlibcMalloc(host) });
const start = process.hrtime.bigint();
let last = 0;
for (let i = 0; i < 1_000_000; i++) last = p.allocator.malloc(64);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const counters = p.counters();
console.log(JSON.stringify({
  seconds,
  hostRssGrowthMB: (process.memoryUsage().rss - rssBefore) / MB,
  simulatedRssMB: counters.rssBytes / MB,
  heapMB: (p.kernel.sbrk(0) as number - p.image.initialBreak) / MB,
  minorFaults: counters.minorFaults,
  last: '0x' + last.toString(16),
}));
