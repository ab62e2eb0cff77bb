import { strict as assert } from 'node:assert';
import { parseTrace, type TraceCall } from '../../../tools/glibc-traces/traceFormat';
import { buildRunner, gccAvailable, runOnGlibc } from '../../../tools/glibc-traces/liveGlibc';
import { randomTrace } from '../../../tools/glibc-traces/randomTrace';
import { heapViolations } from '../../../tools/heapConsistency';
import { runTraceOnSimulator, type TraceObserver } from './runTraceOnSimulator';

/** Runs a trace checking the heap after every call; returns the first violations and the outcome. */
export function runCheckingHeap(calls: readonly TraceCall[]): { violations: string[]; at: number; outcome: ReturnType<typeof runTraceOnSimulator> } {
  const live = new Set<number>();
  let violations: string[] = [];
  let at = -1;
  const observe: TraceObserver = (heap, slots, call, index) => {
    if (call.op === 'f') live.delete(slots.get(call.slot) ?? 0);
    if (call.op === 'r') live.delete(previous.get(call.slot) ?? 0);
    if (call.op === 'm' || call.op === 'c' || call.op === 'r' || call.op === 'p' || call.op === 'a' || call.op === 'A') {
      const p = slots.get(call.slot) ?? 0;
      if (p !== 0) live.add(p);
    }
    previous.clear();
    for (const [s, p] of slots) previous.set(s, p);
    if (violations.length === 0) {
      violations = heapViolations(heap, live);
      at = index;
    }
  };
  const previous = new Map<number, number>();
  const outcome = runTraceOnSimulator(calls, observe);
  return { violations, at, outcome };
}

describe('glibc malloc model: properties over random call sequences', function () {
  this.timeout(60_000);

  it('the heap stays consistent after every call of 60 random traces (malloc, calloc, free, realloc, memalign family, trim)', () => {
    for (let seed = 1000; seed < 1060; seed++) {
      const trace = parseTrace(randomTrace(seed, 250));
      const { violations, at } = runCheckingHeap(trace);
      assert.deepEqual(violations, [], `seed ${seed}, after call ${at}`);
    }
  });

  it('the consistency check sees a corrupted heap (a size field overwritten) and names it', () => {
    const calls = parseTrace(['m 0 24', 'm 1 24', 'w 0 24 0x4141', 'f 1']);
    const { violations } = runCheckingHeap(calls);
    assert.ok(violations.some((v) => /corrupted/.test(v)), violations.join('\n'));
  });

  it('returns the pointers the real glibc returns for 40 more random traces (gcc-built trace runner)', function () {
    if (!gccAvailable()) {
      console.log('      gcc is not on the PATH: the live comparison is skipped (the recorded traces are checked in glibcTraces.test.ts)');
      this.skip();
    }
    const exe = buildRunner();
    for (let seed = 2000; seed < 2040; seed++) {
      const lines = randomTrace(seed, 250);
      const live = runOnGlibc(exe, lines);
      const { violations, outcome } = runCheckingHeap(parseTrace(lines));
      assert.deepEqual(violations, [], `seed ${seed}`);
      assert.deepEqual(outcome, live, `seed ${seed}`);
    }
  });
});
