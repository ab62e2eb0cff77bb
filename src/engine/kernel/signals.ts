import { hex } from '../addressSpace/layout';
import type { AccessKind, FaultReason, MemoryFault } from '../memory/memoryFault';

/** The signals that end a simulated process, with their x86-64 Linux numbers. */
export const SIGNAL_NUMBERS = { SIGILL: 4, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9, SIGSEGV: 11 } as const;
export type SignalName = keyof typeof SIGNAL_NUMBERS;

/** How the process ended. */
export type TerminationReport = SignalTermination | ExitTermination;

export interface SignalTermination {
  readonly kind: 'signal';
  readonly signal: SignalName;
  readonly signalNumber: number;
  /** What caused it: a fault reason, or 'abort' for abort()/malloc_printerr. */
  readonly reason: FaultReason | 'abort' | 'killed';
  /** A stack overflow is a SIGSEGV at the guard page; views name it. */
  readonly cause?: 'stack-overflow';
  /** The faulting address (si_addr), for memory faults. */
  readonly address?: number;
  readonly access?: AccessKind;
  readonly message: string;
  /** What a shell reports: 128 + the signal number. */
  readonly shellStatus: number;
}

export interface ExitTermination {
  readonly kind: 'exit';
  readonly status: number;
  readonly shellStatus: number;
}

/** Thrown to unwind the interpreter when the process is killed (abort, kill); carries the report. */
export class ProcessTerminated extends Error {
  constructor(readonly report: TerminationReport) {
    super(report.kind === 'signal' ? report.message : `exited with status ${report.status}`);
    this.name = 'ProcessTerminated';
  }
}

export function reportForFault(fault: MemoryFault): SignalTermination {
  const signalNumber = SIGNAL_NUMBERS[fault.signal];
  const overflow = fault.isStackOverflow;
  return {
    kind: 'signal',
    signal: fault.signal,
    signalNumber,
    reason: fault.reason,
    cause: overflow ? 'stack-overflow' : undefined,
    address: fault.address,
    access: fault.access,
    message: `${fault.signal === 'SIGSEGV' ? 'Segmentation fault' : fault.signal === 'SIGBUS' ? 'Bus error' : 'Killed'}: ${fault.message}`,
    shellStatus: 128 + signalNumber,
  };
}

export function reportForSignal(signal: SignalName, reason: 'abort' | 'killed', message: string, address?: number): SignalTermination {
  const signalNumber = SIGNAL_NUMBERS[signal];
  const where = address === undefined ? '' : ` at ${hex(address)}`;
  return { kind: 'signal', signal, signalNumber, reason, address, message: message + where, shellStatus: 128 + signalNumber };
}
