import type { Process } from '../process';
import type { Activation } from '../../lang/c/interpreter/lower/instructions';
import type { LibcState } from '../../lang/c/interpreter/builtins/libcState';
import type { Machine } from '../../lang/c/interpreter/vm/machine';
import type { ShadowMemory } from '../../lang/c/interpreter/vm/shadowMemory';
import type { CheckerState } from '../../lang/c/interpreter/vm/memoryChecker';
import { deepClone } from './deepClone';

/** Everything a run depends on at one statement boundary. */
interface MachineState {
  readonly process: Process;
  readonly acts: Activation[];
  readonly libc: LibcState;
  readonly shadow: ShadowMemory;
  readonly stdout: string;
  readonly stderr: string;
  /** The memory checker's poison map, errors found so far and returned frames. */
  readonly checks?: CheckerState;
}

export interface Checkpoint {
  /** Statements executed when it was taken (the machine was about to run the next one). */
  readonly steps: number;
  readonly state: MachineState;
  /** The block registry's history position (it rewinds instead of being copied). */
  readonly blocksMark: number;
}

/**
 * Checkpoints for stepping back: a copy of the machine every `interval` statements (the page
 * store with its frames, the page table, kernel and heap state, registers, activation stack,
 * libc state and shadow bits), and deterministic replay from the nearest one before the target.
 * The number kept is bounded: when it overflows, every other one is dropped and the interval
 * doubles, so a long run keeps a logarithmic history and replays at most `interval` statements.
 *
 * The bulk of a machine (RAM frames and their bookkeeping, shadow bits, requested sizes) is
 * copy-on-write (engine/memory/copyOnWrite.ts): a checkpoint shares it with the running machine,
 * which copies a frame or bitmap the first time it writes it afterwards. The rest (page table,
 * kernel, allocator state, registers) is small and copied structurally (deepClone). A checkpoint
 * therefore costs a fraction of a millisecond and only the memory the program changes after it.
 */
export class Checkpoints {
  private readonly list: Checkpoint[] = [];

  constructor(private interval: number, private readonly isShared: (o: object) => boolean, private readonly max = 48) {}

  get count(): number {
    return this.list.length;
  }

  /** The step count at which the next checkpoint is due. */
  nextDue(after: number): number {
    return (Math.floor(after / this.interval) + 1) * this.interval;
  }

  /** Takes one inside the run loop (the innermost pc is one past the Stmt being asked about). */
  take(machine: Machine, pcOffset: number): void {
    if (this.list.length && this.list[this.list.length - 1].steps >= machine.steps) return;
    // A library call in progress (qsort calling its comparator) is a generator, which cannot be
    // copied: the checkpoint waits for the next statement outside it.
    if (machine.natives.length > 0) return;
    // The frames become shared with the copy: stores must go through translation to get their own.
    machine.mem.mmu.forgetCachedPages();
    const state = deepClone(stateOf(machine), this.isShared);
    const top = state.acts[state.acts.length - 1];
    if (top) top.pc -= pcOffset;
    this.list.push({ steps: machine.steps, state, blocksMark: machine.blocks.mark() });
    if (this.list.length > this.max) {
      const kept = this.list.filter((_c, i) => i === 0 || i % 2 === 0);
      this.list.length = 0;
      this.list.push(...kept);
      this.interval *= 2;
    }
  }

  /** The latest checkpoint at or before `steps`. */
  before(steps: number): Checkpoint | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i].steps <= steps) return this.list[i];
    return undefined;
  }

  /** Checkpoints at or before `steps`, latest first (reverse-continue scans them in turn). */
  allBefore(steps: number): Checkpoint[] {
    return this.list.filter((c) => c.steps <= steps).reverse();
  }

  /** Forgets checkpoints after `steps` (the future is recomputed from here). */
  truncateAfter(steps: number): void {
    while (this.list.length && this.list[this.list.length - 1].steps > steps) this.list.pop();
  }

  /** Puts a copy of the checkpoint's state into the machine. */
  restore(machine: Machine, checkpoint: Checkpoint): void {
    const s = deepClone(checkpoint.state, this.isShared);
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
    machine.steps = checkpoint.steps;
    machine.blocks.rewind(checkpoint.blocksMark);
    if (machine.checker && s.checks) {
      machine.checker.state = s.checks;
      machine.checker.tainted = false;
      s.checks.poison.resetCache();
    }
    machine.leakWatch.rewind(checkpoint.steps);
    machine.termination = undefined;
    machine.error = undefined;
  }
}

function stateOf(m: Machine): MachineState {
  return { process: m.process, acts: m.acts, libc: m.libc, shadow: m.mem.shadow, stdout: m.stdout, stderr: m.stderr, checks: m.checker?.state };
}
