import type { MemoryCounters } from '../../shared/snapshot';
import type { AddressSpace } from '../addressSpace/addressSpace';
import { pageUp } from '../addressSpace/layout';
import type { Vma } from '../addressSpace/vma';
import { formatProcMaps } from '../addressSpace/procMaps';
import type { MemoryFault } from '../memory/memoryFault';
import type { Mmu } from '../memory/mmu';
import type { FileStore } from '../memory/simulatedFile';
import { FileDescriptors, type OpenMode, type ProcFileName } from './fileDescriptors';
import { FileIo } from './fileIo';
import { formatProcStatus } from './procStatus';
import type { KernelListener } from './kernelEvents';
import { type MmapRequest, MemoryMappings } from './memoryMappings';
import { ProgramBreak } from './programBreak';
import {
  ProcessTerminated, type SignalName, type TerminationReport, reportForFault, reportForSignal,
} from './signals';
import { type SmapsRollup, formatSmapsRollup, smapsRollup } from './smaps';
import type { SyscallResult } from './syscallResult';
import { MAP_PRIVATE, PROT_WRITE } from './mmanConstants';

export interface KernelOptions {
  /** What getpid returns; fixed so runs are reproducible. */
  readonly pid?: number;
  /**
   * CommitLimit in bytes: the most private writable memory the process may have mapped. Growing
   * the break or mapping private writable memory beyond it fails with ENOMEM, as under
   * vm.overcommit_memory=2 (strict accounting). Process sets it to RAM + swap; none by default.
   */
  readonly commitLimit?: number;
}

export const DEFAULT_PID = 4242;

/** Process-wide memory figures, named as `ps` and /proc/PID/status name them. */
export type { MemoryCounters };

/**
 * The system calls a simulated process makes about memory, and the signals that end it.
 * One Kernel per process; it owns no bytes itself (those are behind the MMU).
 */
export class Kernel {
  readonly programBreak: ProgramBreak;
  readonly fds: FileDescriptors;
  readonly mappings: MemoryMappings;
  /** open/read/write/lseek/ftruncate on the simulated files and /proc/self. */
  readonly io: FileIo;
  listener: KernelListener | undefined;
  /** How many brk/mmap requests the commit limit refused (malloc's NULL for want of memory). */
  commitRefusals = 0;
  /** Calls that asked to move the program break (brk, sbrk with an increment), and mmap/munmap calls that succeeded: the counters chart marks them. */
  brkCalls = 0;
  mmapCalls = 0;
  private ended: TerminationReport | undefined;

  constructor(
    readonly space: AddressSpace,
    readonly mmu: Mmu,
    readonly files: FileStore,
    initialBreak: number,
    private readonly options: KernelOptions = {},
  ) {
    this.programBreak = new ProgramBreak(space, mmu.paging, initialBreak);
    this.fds = new FileDescriptors(files);
    this.mappings = new MemoryMappings(space, mmu.paging, this.fds);
    this.io = new FileIo(this.fds, files, space, mmu.paging, this.getpid(), this);
  }

  /** The text of /proc/self/NAME now. */
  procText(name: ProcFileName): string {
    switch (name) {
      case 'maps': return this.procSelfMaps();
      case 'smaps_rollup': return this.procSelfSmapsRollup();
      case 'status': {
        const program = this.space.list().find((v) => v.role === 'text')?.file?.path ?? 'a.out';
        return formatProcStatus({
          name: program.slice(program.lastIndexOf('/') + 1), pid: this.getpid(), rollup: this.smapsRollup(),
          peakRssKb: this.mmu.paging.counters().peakResidentPages * 4, pageTableKb: this.mmu.paging.counters().pageTablePages * 4,
        }, this.space.list());
      }
    }
  }

  /** madvise(addr, length, advice): see MemoryMappings.madvise. */
  madvise(addr: number, length: number, advice: number): SyscallResult<0> {
    return this.mappings.madvise(addr, length, advice);
  }

  getpid(): number {
    return this.options.pid ?? DEFAULT_PID;
  }

  get commitLimit(): number {
    return this.options.commitLimit ?? Infinity;
  }

  /** Committed_AS: the bytes of every private writable mapping (the heap, the stack, data, anonymous maps). */
  committedBytes(): number {
    let total = 0;
    for (const vma of this.space.list()) if (vma.prot.write && !vma.shared) total += vma.end - vma.start;
    return total;
  }

  /** True (and counted) when mapping `bytes` more private writable memory would pass the commit limit. */
  private overCommits(bytes: number): boolean {
    if (bytes <= 0 || this.options.commitLimit === undefined) return false;
    if (this.committedBytes() + bytes <= this.options.commitLimit) return false;
    this.commitRefusals++;
    return true;
  }

  brk(addr: number): number {
    const oldBreak = this.programBreak.value;
    this.brkCalls++;
    if (this.overCommits(pageUp(addr) - pageUp(oldBreak))) return oldBreak;
    const newBreak = this.programBreak.brk(addr);
    if (newBreak !== oldBreak) this.listener?.({ kind: 'brk', oldBreak, newBreak });
    return newBreak;
  }

  sbrk(increment: number): number | null {
    const oldBreak = this.programBreak.value;
    if (increment !== 0) this.brkCalls++;
    if (this.overCommits(pageUp(oldBreak + increment) - pageUp(oldBreak))) return null;
    const result = this.programBreak.sbrk(increment);
    if (result !== null && increment !== 0) this.listener?.({ kind: 'brk', oldBreak, newBreak: this.programBreak.value });
    return result;
  }

  mmap(addr: number, length: number, prot: number, flags: number, fd = -1, offset = 0): SyscallResult<number> {
    const request: MmapRequest = { addr, length, prot, flags, fd, offset };
    if ((prot & PROT_WRITE) !== 0 && (flags & MAP_PRIVATE) !== 0 && this.overCommits(pageUp(length))) {
      return { ok: false, errno: 'ENOMEM', message: 'mmap: the commit limit (RAM + swap) is reached' };
    }
    const result = this.mappings.mmap(request);
    if (result.ok) this.mmapCalls++;
    if (result.ok && this.listener) {
      const end = result.value + pageUp(length);
      this.listener({ kind: 'mmap', start: result.value, end, area: this.space.find(result.value)! });
    }
    return result;
  }

  munmap(addr: number, length: number): SyscallResult<0> {
    const result = this.mappings.munmap(addr, length);
    if (result.ok) this.mmapCalls++;
    if (result.ok) this.listener?.({ kind: 'munmap', start: addr, end: addr + pageUp(length) });
    return result;
  }

  mprotect(addr: number, length: number, prot: number): SyscallResult<0> {
    const result = this.mappings.mprotect(addr, length, prot);
    if (result.ok) this.listener?.({ kind: 'mprotect', start: addr, end: addr + pageUp(length), prot });
    return result;
  }

  msync(addr: number, length: number): SyscallResult<0> {
    return this.mappings.msync(addr, length);
  }

  open(path: string, mode: OpenMode = 'read-write', create = false): SyscallResult<number> {
    return this.fds.openFile(path, mode, create);
  }

  close(fd: number): SyscallResult<0> {
    return this.fds.close(fd);
  }

  /** /proc/self/maps now. */
  procSelfMaps(): string {
    return formatProcMaps(this.space.list());
  }

  smapsRollup(): SmapsRollup {
    return smapsRollup(this.mmu.paging, this.space.list());
  }

  /** /proc/self/smaps_rollup now. */
  procSelfSmapsRollup(): string {
    const vmas = this.space.list();
    return formatSmapsRollup(smapsRollup(this.mmu.paging, vmas), vmas);
  }

  regionAt(address: number): Vma | undefined {
    return this.space.find(address);
  }

  counters(): MemoryCounters {
    const c = this.mmu.paging.counters();
    return {
      vszBytes: this.space.virtualSize(),
      rssBytes: c.residentPages * 4096,
      peakRssBytes: c.peakResidentPages * 4096,
      minorFaults: c.minorFaults,
      majorFaults: c.majorFaults,
      invalidFaults: c.invalidFaults,
      swapBytes: c.swapUsedPages * 4096,
      pageTableBytes: c.pageTablePages * 4096,
      tlbHits: this.mmu.tlb.hits,
      tlbMisses: this.mmu.tlb.misses,
      brk: this.programBreak.value,
      brkCalls: this.brkCalls,
      mmapCalls: this.mmapCalls,
    };
  }

  /** How the process ended, once it has. */
  get termination(): TerminationReport | undefined {
    return this.ended;
  }

  /**
   * The CPU caught a MemoryFault: the kernel sends the signal (no handlers are modelled, so the
   * default action ends the process). Returns the report; the caller stops executing.
   */
  deliverFault(fault: MemoryFault): TerminationReport {
    return this.end(reportForFault(fault));
  }

  /** abort(3) and glibc's malloc_printerr: SIGABRT, which ends the process. */
  abort(message: string): never {
    return this.kill('SIGABRT', 'abort', message);
  }

  kill(signal: SignalName, reason: 'abort' | 'killed', message: string): never {
    throw new ProcessTerminated(this.end(reportForSignal(signal, reason, message)));
  }

  /** exit(status): ends the process normally. */
  exit(status: number): never {
    throw new ProcessTerminated(this.end({ kind: 'exit', status: status & 0xff, shellStatus: status & 0xff }));
  }

  /** Records how the process ended; the first ending wins (a process dies once). */
  private end(report: TerminationReport): TerminationReport {
    if (this.ended) return this.ended;
    this.ended = report;
    this.listener?.(report.kind === 'signal' ? { kind: 'terminated', signal: report.signal } : { kind: 'terminated', status: report.status });
    return report;
  }
}


