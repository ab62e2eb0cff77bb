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

/** The program file node is, as the simulated process's image names it. */
const NODE_PATH = '/usr/local/bin/node';

/**
 * The machine a JavaScript program runs on: the interpreter's state and the simulated process
 * (address space, pages, the C heap Buffers' payloads come from). Replaced as a whole on
 * restart, so nothing of a previous run leaks into the replay.
 */
export class JsMachine {
  readonly it: Interp;
  readonly process: Process;
  private readonly views = new HeapViewCache();

  constructor(source: string, text: string, private readonly options: ProgramOptions) {
    this.it = new Interp(source, text.split('\n'));
    this.process = Process.start({ path: NODE_PATH, objects: [], importedFunctions: [] }, { argv: [NODE_PATH, source], ramBytes: options.ramBytes, swapBytes: options.swapBytes });
  }

  /** Connects the managed heap (none in this build yet: the program's objects live only in the interpreter). */
  attachHeap(): void {
    void this.options;
  }

  /** Garbage collections so far (none without a managed heap). */
  gcEvents(): import('../../../shared/gcReport').GcEvent[] {
    return [];
  }

  summaryLines(faults: readonly ProgramFault[]): SummaryLine[] {
    const out: SummaryLine[] = [];
    for (const f of faults) f.text.forEach((text, i) => out.push({ text, ...(i === 0 ? { line: f.line } : {}) }));
    const c = this.process.counters();
    const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
    out.push({ text: `page faults: ${c.minorFaults} minor, ${c.majorFaults} major, ${c.invalidFaults} invalid` });
    out.push({ text: `memory: VSZ ${kib(c.vszBytes)}, RSS ${kib(c.rssBytes)} (peak ${kib(c.peakRssBytes)})` });
    return out;
  }

  /** The object's address on the managed heap (undefined without one). */
  addressOf(_o: import('../interp/values').JsObject): number | undefined {
    return undefined;
  }

  /** Where the object lives, in words (its heap space and generation). */
  placeOf(_o: import('../interp/values').JsObject): import('../../../engine/program/programInspector').PlaceDescription | undefined {
    return undefined;
  }

  describeAddress(address: number): import('../../../engine/program/programInspector').PlaceDescription {
    const vma = this.process.addressSpace.list().find((a) => address >= a.start && address < a.end);
    return vma ? { address, text: vma.label ?? vma.file?.path ?? 'anonymous mapping' } : { address, text: 'not mapped', invalid: true };
  }

  heapMarks(): { readonly allocation?: SourceMark; readonly free?: SourceMark } {
    return {};
  }

  snapshot(ended: boolean): Snapshot {
    const p = this.process;
    const regs = p.callStack.registers;
    const allocator = p.allocator;
    const { addressSpace, pages } = processViews(p);
    const cache = this.views.use(allocator, `${p.counters().brk}:${p.addressSpace.version}:${this.it.steps}`);
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
      leakCheck: 'on-request',
      stdout: tail(this.it.stdout),
      stderr: tail(this.it.stderr),
    };
  }
}
