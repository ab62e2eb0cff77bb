import { hex } from '../addressSpace/layout';

/** What the faulting instruction was doing (x86 page-fault error code: W/R bit, I/D bit). */
export type AccessKind = 'read' | 'write' | 'exec';

/**
 * Why an access could not be satisfied. The kernel's page-fault handler (arch/x86/mm/fault.c)
 * makes the same distinctions before it sends the signal:
 * - `null-page`: below vm.mmap_min_addr (64 KiB), where nothing can ever be mapped: a NULL
 *   pointer, or a small offset from one (`p->field` with p == NULL);
 * - `unmapped`: no VMA contains the address (SEGV_MAPERR);
 * - `guard-page`: the page right below the stack's rlimit: the stack may not grow into it
 *   (a stack overflow);
 * - `write-to-read-only`: a store to a VMA without PROT_WRITE: text, rodata, RELRO (SEGV_ACCERR);
 * - `protection`: a load from a PROT_NONE area or an instruction fetch from a non-exec page;
 * - `kernel-address`: the upper half (or the non-canonical hole): user mode may not touch it;
 * - `beyond-end-of-file`: a file mapping's page lies wholly past the end of the file (SIGBUS);
 * - `out-of-memory`: no frame could be freed (RAM full, swap full): the OOM killer's SIGKILL.
 */
export type FaultReason =
  | 'null-page'
  | 'unmapped'
  | 'guard-page'
  | 'write-to-read-only'
  | 'protection'
  | 'kernel-address'
  | 'beyond-end-of-file'
  | 'out-of-memory';

/** The signal a fault ends the process with. */
export type FaultSignal = 'SIGSEGV' | 'SIGBUS' | 'SIGKILL';

export function signalForFault(reason: FaultReason): FaultSignal {
  if (reason === 'beyond-end-of-file') return 'SIGBUS';
  if (reason === 'out-of-memory') return 'SIGKILL';
  return 'SIGSEGV';
}

const REASON_TEXT: Record<FaultReason, string> = {
  'null-page': 'NULL pointer dereference (the first 64 KiB are never mapped)',
  unmapped: 'no mapping contains this address',
  'guard-page': 'stack overflow: the access hit the guard page below the stack limit',
  'write-to-read-only': 'write to a read-only mapping',
  protection: 'the mapping does not permit this access',
  'kernel-address': 'user code may not touch kernel (or non-canonical) addresses',
  'beyond-end-of-file': 'the page lies past the end of the mapped file',
  'out-of-memory': 'out of memory: no free frame and no swap space left',
};

/** An access the MMU could not satisfy; the CPU layer turns it into the signal `signal`. */
export class MemoryFault extends Error {
  readonly signal: FaultSignal;

  constructor(
    readonly address: number,
    readonly access: AccessKind,
    readonly reason: FaultReason,
  ) {
    super(`${access} at ${hex(address)}: ${REASON_TEXT[reason]}`);
    this.name = 'MemoryFault';
    this.signal = signalForFault(reason);
  }

  /** A guard-page hit is how a runaway recursion shows up. */
  get isStackOverflow(): boolean {
    return this.reason === 'guard-page';
  }
}
