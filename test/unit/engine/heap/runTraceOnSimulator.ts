import { GlibcMalloc } from '../../../../src/engine/heap/glibc/glibcMalloc';
import { FlatHeapHost, SimulatedAbort } from './flatHeapHost';
import type { ResultKind, TraceCall, TraceOutcome, TraceResult } from '../../../tools/glibc-traces/traceFormat';

/** Looks at the heap after each call of a trace: `slots` maps the trace's slots to live pointers. */
export type TraceObserver = (heap: GlibcMalloc, slots: ReadonlyMap<number, number>, call: TraceCall, index: number) => void;

/**
 * Runs a trace on the simulated glibc malloc and reports results exactly as trace-runner.c does:
 * heap pointers relative to the initial break, mmapped ones relative to the first mmapped result.
 */
export function runTraceOnSimulator(calls: readonly TraceCall[], observe?: TraceObserver): TraceOutcome {
  const host = new FlatHeapHost();
  const heap = new GlibcMalloc(host);
  const slots = new Map<number, number>();
  const results: TraceResult[] = [];
  let firstMmap = 0;
  const heapStart = host.currentBreak;
  const slot = (s: number): number => slots.get(s) ?? 0;

  const report = (index: number, ptr: number, returnsPointer: boolean, ret: number): void => {
    const brk = host.currentBreak;
    let kind: ResultKind = 'none';
    let offset = 0;
    let usable = 0;
    if (returnsPointer && ptr === 0) kind = 'null';
    else if (ptr !== 0) {
      usable = heap.mallocUsableSize(ptr);
      if (ptr >= heapStart && ptr < brk) {
        kind = 'heap';
        offset = ptr - heapStart;
      } else {
        kind = 'mmap';
        if (firstMmap === 0) firstMmap = ptr;
        offset = ptr - firstMmap;
      }
    }
    results.push({ index, kind, offset, usable, brk: brk - heapStart, ret });
  };

  try {
    calls.forEach((call, index) => {
      switch (call.op) {
        case 'm':
          slots.set(call.slot, heap.malloc(call.size));
          report(index, slot(call.slot), true, 0);
          break;
        case 'c':
          slots.set(call.slot, heap.calloc(call.count, call.size));
          report(index, slot(call.slot), true, 0);
          break;
        case 'r': {
          const q = heap.realloc(slot(call.slot), call.size);
          if (q !== 0 || call.size === 0) slots.set(call.slot, q);
          report(index, q, true, 0);
          break;
        }
        case 'f':
          heap.free(slot(call.slot) + call.offset);
          report(index, 0, false, 0);
          break;
        case 'p': {
          const r = heap.posixMemalign(call.alignment, call.size);
          slots.set(call.slot, r.ptr);
          report(index, r.ptr, true, r.ret);
          break;
        }
        case 'a':
          slots.set(call.slot, heap.memalign(call.alignment, call.size));
          report(index, slot(call.slot), true, 0);
          break;
        case 'A':
          slots.set(call.slot, heap.alignedAlloc(call.alignment, call.size));
          report(index, slot(call.slot), true, 0);
          break;
        case 't':
          report(index, 0, false, heap.mallocTrim(call.pad));
          break;
        case 'u':
          report(index, 0, false, heap.mallocUsableSize(slot(call.slot)));
          break;
        case 'w':
          host.memory.write64n(slot(call.slot) + call.offset, call.value);
          report(index, 0, false, 0);
          break;
        case 'b':
          host.memory.fill(slot(call.slot) + call.offset, call.length, call.byte);
          report(index, 0, false, 0);
          break;
        case 's': {
          const bytes = host.memory.readBytes(slot(call.slot), call.length);
          report(index, 0, false, bytes.reduce((a, b) => a + b, 0));
          break;
        }
      }
      if (observe !== undefined) observe(heap, slots, call, index);
    });
  } catch (e) {
    if (e instanceof SimulatedAbort) return { results, completed: false, abort: e.glibcMessage };
    throw e;
  }
  return { results, completed: true, abort: null };
}
