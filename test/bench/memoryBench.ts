/**
 * Throughput of the simulated memory: the MMU is on the path of every interpreted load and store
 * and of every malloc, so these loops are what a long-running snippet does.
 *
 * Run: npx tsc -p tsconfig.json && node out/test/bench/memoryBench.js
 * rssMB is the host process's resident memory after the case (frames are allocated only when
 * touched, so it follows the bytes written); simulatedRssMB is the simulated process's RSS.
 */
import { GlibcMalloc } from '../../src/engine/heap/glibc/glibcMalloc';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../src/engine/kernel/mmanConstants';
import { Process, type ProcessOptions } from '../../src/engine/process';
import type { ProgramDescription } from '../../src/engine/image/programObjects';

export interface BenchResult {
  readonly name: string;
  readonly seconds: number;
  readonly rssMB: number;
  readonly simulatedRssMB: number;
}

const PROGRAM: ProgramDescription = { path: '/home/student/bench', objects: [], importedFunctions: [] };
const MB = 1024 * 1024;

function mapAnonymous(p: Process, bytes: number): number {
  const r = p.kernel.mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function measure(name: string, options: ProcessOptions, body: (p: Process) => void): BenchResult {
  const p = Process.start(PROGRAM, options);
  const start = process.hrtime.bigint();
  body(p);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, seconds, rssMB: process.memoryUsage().rss / MB, simulatedRssMB: p.counters().rssBytes / MB };
}

export async function runMemoryBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  results.push(measure('8M 8-byte writes spread over 80 MB (10-byte stride, first touch faults 20480 pages)', {}, (p) => {
    const base = mapAnonymous(p, 80 * MB);
    for (let i = 0; i < 8_000_000; i++) p.mmu.write64(base + i * 10, i);
  }));

  results.push(measure('1M malloc(64)-style header writes (64-byte stride, size + fd words)', {}, (p) => {
    const base = mapAnonymous(p, 64 * MB);
    for (let i = 0; i < 1_000_000; i++) {
      const chunk = base + i * 64;
      p.mmu.write64(chunk + 8, 0x51);
      p.mmu.write64(chunk + 16, chunk + 64);
    }
  }));

  results.push(measure('1M malloc(64) through glibc malloc on the simulated kernel and MMU', {}, (p) => {
    const malloc = new GlibcMalloc(p.heapHost, { recordRequestedSizes: false });
    for (let i = 0; i < 1_000_000; i++) malloc.malloc(64);
  }));

  results.push(measure('8M random 1-byte reads over 80 MB resident (TLB and host-cache misses)', {}, (p) => {
    const base = mapAnonymous(p, 80 * MB);
    p.mmu.fill(base, 80 * MB, 1);
    let x = 12345;
    let sum = 0;
    for (let i = 0; i < 8_000_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      sum += p.mmu.read8(base + (x % (80 * MB)));
    }
    if (sum === 0) throw new Error('reads returned nothing');
  }));

  results.push(measure('64 MB written twice with 16 MB of RAM (eviction to swap, major faults)', { ramBytes: 16 * MB }, (p) => {
    const base = mapAnonymous(p, 64 * MB);
    for (let round = 0; round < 2; round++) for (let a = 0; a < 64 * MB; a += 512) p.mmu.write64(base + a, a + round);
  }));

  return results;
}

if (require.main === module) {
  runMemoryBench().then((results) => {
    for (const r of results) {
      console.log(`${r.seconds.toFixed(3).padStart(8)} s  host rss ${r.rssMB.toFixed(0).padStart(5)} MB  simulated rss ${r.simulatedRssMB.toFixed(1).padStart(6)} MB  ${r.name}`);
    }
  }).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
