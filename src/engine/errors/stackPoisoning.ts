import { alignDown } from '../addressSpace/layout';
import type { StackFrame } from '../stack/callStack';
import type { ByteBitmap } from './byteBitmap';

/**
 * The last frames that returned (what was in them, for stack-use-after-return reports): a ring
 * of DEAD_FRAMES_KEPT frames, newest at `next - 1`. Plain data, so checkpoints copy it with the
 * rest of the checker's state.
 */
export interface DeadFrames {
  readonly ring: StackFrame[];
  next: number;
}

const DEAD_FRAMES_KEPT = 64;

export function newDeadFrames(): DeadFrames {
  return { ring: [], next: 0 };
}

/** The most recently returned frame whose memory held addr. */
export function deadFrameAt(dead: DeadFrames, addr: number): StackFrame | undefined {
  const n = dead.ring.length;
  for (let k = 1; k <= n; k++) {
    const f = dead.ring[(dead.next - k + n) % n];
    if (addr >= f.lowest && addr < f.highest) return f;
  }
  return undefined;
}

/**
 * The poison bits of one frame, relative to rbp: set for every byte of [lowest, highest) that
 * holds no C object (alignment padding, the saved rbp, the return address, the caller's padding
 * of memory arguments), clear for the variables. gcc -O0 puts no red zones between locals, so
 * these gaps are all ASan's redzones have to go on here; overflowing an array into a neighbouring
 * variable is caught by the array bounds check instead (lower/objectBounds.ts).
 */
export interface FramePattern {
  /** Offset from rbp of the first byte the pattern covers (a multiple of 8). */
  readonly start: number;
  readonly bits: Uint8Array;
  /** The same bytes all poisoned: the frame after it returned. */
  readonly dead: Uint8Array;
}

export function framePattern(frame: StackFrame): FramePattern {
  const start = alignDown(frame.lowest, 8);
  const bytes = frame.highest - start;
  const bits = new Uint8Array(Math.ceil(bytes / 8)).fill(0xff);
  for (const slot of frame.slots) {
    for (let a = slot.address; a < slot.address + slot.size; a++) {
      const i = a - start;
      bits[i >> 3] &= ~(1 << (i & 7));
    }
  }
  // `highest` is the caller's rsp, 16-byte aligned: the pattern ends on a whole bitmap byte.
  return { start: start - frame.rbp, bits, dead: new Uint8Array(bits.length).fill(0xff) };
}

/**
 * Frames in the poison map: a call makes its variables addressable and its other bytes poisoned;
 * a return poisons the whole frame, so a pointer to one of its locals that is used after the
 * return hits poison (stack-use-after-return) until a later call reuses those bytes. Frames are
 * reused at the same addresses as gcc's code would reuse them: a dangling pointer into a frame
 * that a later call has rebuilt points at that call's variables, and cannot be told apart from a
 * valid pointer without pointer provenance.
 */
export class StackPoisoning {
  /** Patterns by frame layout (a function's calls share one layout object, so one pattern each). */
  private readonly patterns = new WeakMap<object, FramePattern>();

  constructor(private readonly poison: () => ByteBitmap) {}

  /** After the call and prologue: the new frame's bytes as the pattern says. */
  enter(frame: StackFrame): void {
    const pattern = this.patternOf(frame);
    this.poison().writePattern(frame.rbp + pattern.start, pattern.bits);
  }

  /** After `leave; ret`: the frame's bytes are dead. */
  leave(frame: StackFrame, dead: DeadFrames): void {
    const pattern = this.patternOf(frame);
    const poison = this.poison();
    poison.writePattern(frame.rbp + pattern.start, pattern.dead);
    // Variable-length arrays still below the frame when it returns die with it.
    const fixedLowest = frame.rbp + pattern.start;
    if (frame.lowest < fixedLowest) poison.setRange(frame.lowest, fixedLowest - frame.lowest, true);
    dead.ring[dead.next] = frame;
    dead.next = (dead.next + 1) % DEAD_FRAMES_KEPT;
  }

  private patternOf(frame: StackFrame): FramePattern {
    let pattern = this.patterns.get(frame.layout);
    if (!pattern) {
      pattern = framePattern(frame);
      this.patterns.set(frame.layout, pattern);
    }
    return pattern;
  }
}
