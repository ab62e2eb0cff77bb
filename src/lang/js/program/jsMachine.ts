import { Process } from '../../../engine/process';
import { QuietMemory } from '../../../engine/memory/quietMemory';
import { HeapViewCache } from '../../../engine/views/heapIndex';
import { heapSummary } from '../../../engine/views/heapSummary';
import { processViews } from '../../../engine/views/processViews';
import { hex } from '../../../engine/addressSpace/layout';
import type { ProgramOptions } from '../../../engine/program/programOptions';
import type { ProgramFault, SourceMark, SummaryLine } from '../../../engine/program/steppableProgram';
import { MAX_SNAPSHOT_OUTPUT, SNAPSHOT_VERSION, type Snapshot } from '../../../shared/snapshot';
import { Interp } from '../interp/interp';
import type { JsObject } from '../interp/values';
import { answerManagedHeapView, buildManagedHeapSnapshot, createManagedHeap, type HeapClient, type ManagedHeap, type ManagedHeapExtras } from '../../../engine/managedHeap';
import { answerProcessView, isProcessViewRequest } from '../../../engine/views/processAnswers';
import type { ManagedMemoryReading, ProgramViewRequest } from '../../../engine/program/steppableProgram';
import type { ManagedHeapSnapshot } from '../../../shared/managedHeapSnapshot';
import type { ViewResponse } from '../../../shared/viewRequests';
import type { PlaceDescription } from '../../../engine/program/programInspector';
import type { CollectorMode, GcEvent } from '../../../shared/gcReport';
import { HeapAdapter } from './heapAdapter';
import { NODE_PATH, nodeProgram, touchNodeStartupPages } from './nodeImage';

/**
 * The machine a JavaScript program runs on: the interpreter's state and the simulated process
 * (address space, pages, the C heap Buffers' payloads come from). Replaced as a whole on
 * restart, so nothing of a previous run leaks into the replay.
 */
export class JsMachine {
  readonly it: Interp;
  readonly process: Process;
  private readonly views = new HeapViewCache();

  readonly heap: ManagedHeap & ManagedHeapExtras;
  readonly adapter: HeapAdapter;
  /** The managed heap as drawn at the latest stop and at the stop before it (objects that moved or are new since). */
  private managedAt?: { readonly steps: number; readonly view: ManagedHeapSnapshot; readonly mark: number };
  private managedBefore?: { readonly view: ManagedHeapSnapshot; readonly mark: number };

  constructor(source: string, text: string, options: ProgramOptions, readonly mode: CollectorMode) {
    this.it = new Interp(source, text.split('\n'));
    this.process = Process.start(nodeProgram(), { argv: [NODE_PATH, source], ramBytes: options.ramBytes, swapBytes: options.swapBytes });
    touchNodeStartupPages(this.process);
    const placeholder: HeapClient = { forEachReference: () => undefined, forEachRoot: () => undefined };
    this.heap = createManagedHeap(this.process, { mode, client: placeholder });
    this.adapter = new HeapAdapter(this.it, this.heap, this.process);
    this.heap.client = this.adapter;
    this.it.heap = this.adapter;
  }

  /** The built-ins are made: from now on every object the program makes goes on the managed heap. */
  attachHeap(): void {
    this.adapter.attach();
  }

  addressOf(o: JsObject): number | undefined {
    return this.adapter.addressOf(o);
  }

  /** Where an object lives: its space, age (scavenges survived) and size, as the debugger shows it. */
  placeOf(o: JsObject): PlaceDescription | undefined {
    const address = this.addressOf(o);
    if (address === undefined) return undefined;
    const info = this.heap.info(o.ref);
    const generation = info.space === 'new' ? `new space (young generation, ${info.age === 0 ? 'not yet scavenged' : `survived ${info.age} scavenge${info.age > 1 ? 's' : ''}`})` : info.space === 'old' ? 'old space (old generation)' : 'large-object space';
    return { address, text: `managed heap, ${generation}: ${info.label}, ${info.bytes} bytes${info.refCount !== undefined ? `, refcount ${info.refCount}` : ''}` };
  }

  /** Garbage collections so far, oldest first. */
  gcEvents(): GcEvent[] {
    return [...this.heap.events()];
  }

  summaryLines(faults: readonly ProgramFault[]): SummaryLine[] {
    const out: SummaryLine[] = [];
    for (const f of faults) f.text.forEach((text, i) => out.push({ text, ...(i === 0 ? { line: f.line } : {}) }));
    const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
    const c = this.process.counters();
    const gc = this.heap.events();
    if (gc.length) out.push({ text: `gc: ${gc.length} collection${gc.length === 1 ? '' : 's'} (${[...new Set(gc.map((g) => g.kind))].join(', ')}), ${gc.reduce((n, g) => n + g.freedBytes, 0)} bytes freed` });
    const u = this.heap.usage();
    out.push({ text: `memoryUsage: rss ${kib(u.rss)}, heapTotal ${kib(u.heapTotal)}, heapUsed ${kib(u.heapUsed)}, external ${kib(u.external)}, arrayBuffers ${kib(u.arrayBuffers)}` });
    out.push({ text: `page faults: ${c.minorFaults} minor, ${c.majorFaults} major, ${c.invalidFaults} invalid` });
    out.push({ text: `memory: VSZ ${kib(c.vszBytes)}, RSS ${kib(c.rssBytes)} (peak ${kib(c.peakRssBytes)})` });
    return out;
  }

  describeAddress(address: number): import('../../../engine/program/programInspector').PlaceDescription {
    const vma = this.process.addressSpace.list().find((a) => address >= a.start && address < a.end);
    return vma ? { address, text: vma.label ?? vma.file?.path ?? 'anonymous mapping' } : { address, text: 'not mapped', invalid: true };
  }

  heapMarks(): { readonly allocation?: SourceMark; readonly free?: SourceMark } {
    return {};
  }

  /** `process.memoryUsage()` now and the collections so far (what expect-gc and expect-growth check). */
  managedMemory(): ManagedMemoryReading {
    return { usage: this.heap.usage(), collections: this.gcEvents() };
  }

  /**
   * The managed-heap view's snapshot: compared with the previous stop's, so objects a scavenge
   * moved show where from and the ones allocated since are marked new. Asking twice at one stop
   * compares with the same previous stop.
   */
  private managedHeapSnapshot(): ManagedHeapSnapshot {
    const steps = this.it.steps;
    if (this.managedAt && this.managedAt.steps !== steps) this.managedBefore = this.managedAt;
    const view = buildManagedHeapSnapshot(this.heap, { previous: this.managedBefore?.view, previousMark: this.managedBefore?.mark });
    this.managedAt = { steps, view, mark: this.heap.allocationMark() };
    return view;
  }

  /** The views' detail requests: the process-wide ones (pages, mappings, the C heap of Buffers' payloads) and the managed heap's. */
  answerView(request: ProgramViewRequest): ViewResponse {
    if (isProcessViewRequest(request)) return answerProcessView(this.process, this.heapViews(), () => ({}), request);
    switch (request.kind) {
      case 'managed-window':
      case 'managed-object':
        return answerManagedHeapView(this.heap, request);
      case 'frames':
        // The call stack of a JavaScript program is the debugger's (Call Stack view), not machine frames.
        return { kind: 'frames', frameCount: 0, first: request.first, frames: [] };
      case 'leak-check':
        return { kind: 'error', message: 'a JavaScript heap is garbage-collected: the managed-heap view shows what keeps an object alive (its retainer path)' };
    }
  }

  private heapViews(): HeapViewCache {
    const p = this.process;
    return this.views.use(p.allocator, `${p.counters().brk}:${p.addressSpace.version}:${this.it.steps}`);
  }

  snapshot(ended: boolean): Snapshot {
    const p = this.process;
    const regs = p.callStack.registers;
    const allocator = p.allocator;
    const { addressSpace, pages } = processViews(p);
    const cache = this.heapViews();
    const tail = (s: string) => (s.length > MAX_SNAPSHOT_OUTPUT ? s.slice(s.length - MAX_SNAPSHOT_OUTPUT) : s);
    const line = ended ? undefined : this.it.current?.loc?.start.line;
    return {
      version: SNAPSHOT_VERSION,
      state: ended ? 'exited' : 'paused',
      steps: this.it.steps,
      ...(line !== undefined ? { line } : {}),
      registers: { rsp: hex(regs.rsp), rbp: hex(regs.rbp), rip: hex(regs.rip) },
      frames: [],
      frameCount: 0,
      returnedFrames: [],
      addressSpace,
      heap: { ...heapSummary(cache, allocator.name, allocator.stats(), new QuietMemory(p.mmu), () => ({})), activity: { ...allocator.activity } },
      pointers: [],
      pages,
      counters: p.counters(),
      managedHeap: this.managedHeapSnapshot(),
      leakCheck: 'on-request',
      stdout: tail(this.it.stdout),
      stderr: tail(this.it.stderr),
    };
  }
}
