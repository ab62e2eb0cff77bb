/**
 * Heap engine benchmarks on the in-memory test host (no MMU):
 *   node out/test/bench/heapBench.js
 * The headline figure is a million malloc(64) with no frees, which must stay well under a second.
 */
import { GlibcMalloc } from '../../src/engine/heap/glibc/glibcMalloc';
import { FlatHeapHost } from '../unit/engine/heap/flatHeapHost';

export interface BenchResult {
  name: string;
  seconds: number;
  rssMB: number;
}

function measure(name: string, body: () => void): BenchResult {
  const start = process.hrtime.bigint();
  body();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, seconds, rssMB: Math.round(process.memoryUsage().rss / 1048576) };
}

export async function runHeapBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  results.push(
    measure('glibc malloc(64) x 1,000,000, no frees', () => {
      const heap = new GlibcMalloc(new FlatHeapHost());
      for (let i = 0; i < 1_000_000; i++) heap.malloc(64);
    }),
  );
  results.push(
    measure('glibc malloc(64) x 1,000,000, no frees, sizes not recorded', () => {
      const heap = new GlibcMalloc(new FlatHeapHost(), { recordRequestedSizes: false });
      for (let i = 0; i < 1_000_000; i++) heap.malloc(64);
    }),
  );
  results.push(
    measure('glibc malloc/free churn x 1,000,000 (tcache, fastbins, bins)', () => {
      const heap = new GlibcMalloc(new FlatHeapHost());
      const live: number[] = new Array(1024).fill(0);
      let seed = 1;
      for (let i = 0; i < 1_000_000; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const slot = seed & 1023;
        if (live[slot] !== 0) {
          heap.free(live[slot]);
          live[slot] = 0;
        } else {
          live[slot] = heap.malloc(16 + ((seed >>> 10) % 2000));
        }
      }
    }),
  );
  return results;
}

if (require.main === module) {
  void runHeapBench().then((results) => {
    for (const r of results) console.log(`${r.name}: ${r.seconds.toFixed(3)} s, rss ${r.rssMB} MB`);
  });
}
