import type { Process } from '../../../engine/process';
import type { ProgramState } from '../../../engine/program/steppableProgram';
import { deepClone } from '../../../engine/program/deepClone';
import type { Activation } from '../interpreter/lower/instructions';
import type { LibcState } from '../interpreter/builtins/libcState';
import type { Machine } from '../interpreter/vm/machine';
import type { ShadowMemory } from '../interpreter/vm/shadowMemory';
import type { CheckerState } from '../interpreter/vm/memoryChecker';

/** Everything a run depends on at one statement boundary. */
interface MachineParts {
  readonly process: Process;
  readonly acts: Activation[];
  readonly libc: LibcState;
  readonly shadow: ShadowMemory;
  readonly stdout: string;
  readonly stderr: string;
  /** The memory checker's poison map, errors found so far and returned frames. */
  readonly checks?: CheckerState;
}

export interface MachineState extends ProgramState {
  /** Statements executed when it was taken (the machine was about to run the next one). */
  readonly steps: number;
  readonly parts: MachineParts;
  /** The block registry's history position (it rewinds instead of being copied). */
  readonly blocksMark: number;
}

/**
 * A copy of the machine at a statement boundary: the page store with its frames, the page table,
 * kernel and heap state, registers, activation stack, libc state and shadow bits.
 *
 * The bulk of a machine (RAM frames and their bookkeeping, shadow bits, requested sizes) is
 * copy-on-write (engine/memory/copyOnWrite.ts): the copy shares it with the running machine,
 * which copies a frame or bitmap the first time it writes it afterwards. The rest (page table,
 * kernel, allocator state, registers) is small and copied structurally (deepClone), so a saved
 * state costs a fraction of a millisecond and only the memory the program changes after it.
 *
 * `pcOffset` is 1 when taken inside the run loop (the innermost pc is one past the Stmt being
 * asked about) and 0 between runs. `isShared` names the immutable objects (program code, frame
 * layouts) that are shared rather than copied.
 */
export function saveMachineState(machine: Machine, pcOffset: number, isShared: (o: object) => boolean): MachineState | undefined {
  // A library call in progress (qsort calling its comparator) is a generator, which cannot be
  // copied: the state waits for the next statement outside it.
  if (machine.natives.length > 0) return undefined;
  // The frames become shared with the copy: stores must go through translation to get their own.
  machine.mem.mmu.forgetCachedPages();
  const parts = deepClone(partsOf(machine), isShared);
  const top = parts.acts[parts.acts.length - 1];
  if (top) top.pc -= pcOffset;
  return { steps: machine.steps, parts, blocksMark: machine.blocks.mark() };
}

/** Puts a copy of the saved state into the machine (the saved one stays intact for later restores). */
export function restoreMachineState(machine: Machine, saved: MachineState, isShared: (o: object) => boolean): void {
  const s = deepClone(saved.parts, isShared);
  const mmu = s.process.mmu;
  // The page tables' invalidation hook is a closure over its MMU: bind it to the copy.
  mmu.paging.invalidate = (first, end) => mmu.invalidatePages(first, end);
  machine.process = s.process;
  machine.mem.mmu = mmu;
  machine.mem.shadow = s.shadow;
  s.shadow.resetCache();
  machine.acts = s.acts;
  machine.natives = [];
  machine.libc = s.libc;
  machine.stdout = s.stdout;
  machine.stderr = s.stderr;
  machine.steps = saved.steps;
  machine.blocks.rewind(saved.blocksMark);
  if (machine.checker && s.checks) {
    machine.checker.state = s.checks;
    machine.checker.restored();
    s.checks.poison.resetCache();
  }
  machine.leakWatch.rewind(saved.steps);
  machine.termination = undefined;
  machine.error = undefined;
}

function partsOf(m: Machine): MachineParts {
  return { process: m.process, acts: m.acts, libc: m.libc, shadow: m.mem.shadow, stdout: m.stdout, stderr: m.stderr, checks: m.checker?.state };
}
