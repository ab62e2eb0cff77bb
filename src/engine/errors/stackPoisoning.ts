import { DEFAULT_STACK_LIMIT, alignDown } from '../addressSpace/layout';
import type { FrameLayout } from '../stack/frameLayout';
import type { ByteBitmap } from './byteBitmap';

/**
 * The last frames that returned, for stack-use-after-return reports: a ring of DEAD_FRAMES_KEPT
 * (rbp, layout, function) triples, newest at `next - 1`. Plain data (no object per return), so
 * checkpoints copy it with the rest of the checker's state.
 */
export interface DeadFrames {
  readonly rbps: number[];
  readonly layouts: FrameLayout[];
  readonly names: string[];
  next: number;
}

const DEAD_FRAMES_KEPT = 64;

export function newDeadFrames(): DeadFrames {
  return { rbps: [], layouts: [], names: [], next: 0 };
}

/** A frame that returned, as a report describes it. */
export interface DeadFrame {
  readonly functionName: string;
  readonly slots: readonly { readonly name: string; readonly address: number; readonly size: number; readonly typeName: string }[];
}

/** The bytes [lowest, highest) a frame with this layout occupies around rbp. */
export function frameExtent(rbp: number, layout: FrameLayout): { lowest: number; highest: number } {
  return {
    lowest: Math.min(rbp - layout.reservedBytes, rbp - layout.localBytes),
    highest: rbp + 16 + layout.stackArgumentBytes,
  };
}

/** The most recently returned frame whose memory held addr. */
export function deadFrameAt(dead: DeadFrames, addr: number): DeadFrame | undefined {
  const n = dead.rbps.length;
  for (let k = 1; k <= n; k++) {
    const i = (dead.next - k + n) % n;
    const rbp = dead.rbps[i];
    const layout = dead.layouts[i];
    const { lowest, highest } = frameExtent(rbp, layout);
    if (addr < lowest || addr >= highest) continue;
    return {
      functionName: dead.names[i],
      slots: layout.slots.map((s) => ({ name: s.spec.name, address: rbp + s.offset, size: s.spec.size, typeName: s.spec.typeName })),
    };
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

/**
 * How far below a frame's top its pattern reaches. A stack is at most RLIMIT_STACK (8 MiB by
 * default) deep, so the bytes of a huge frame (`char a[1 << 30]`) further down can never be
 * stack memory: touching them faults in the MMU, and poisoning them would only cost the host
 * memory and time in proportion to the array.
 */
export const PATTERN_REACH = 2 * DEFAULT_STACK_LIMIT;

export function framePattern(layout: FrameLayout): FramePattern {
  const { lowest, highest } = frameExtent(0, layout);
  const start = -alignDown(-Math.max(lowest, highest - PATTERN_REACH) + 7, 8);
  const bytes = highest - start;
  const bits = new Uint8Array(Math.ceil(bytes / 8)).fill(0xff);
  for (const slot of layout.slots) {
    // Clear the slot's bits: ragged ends bit by bit, whole bytes at once.
    let i = Math.max(slot.offset, start) - start;
    const stop = Math.min(slot.offset + slot.spec.size, highest) - start;
    for (; i < stop && (i & 7) !== 0; i++) bits[i >> 3] &= ~(1 << (i & 7));
    const whole = Math.max(0, (stop - i) >> 3);
    bits.fill(0, i >> 3, (i >> 3) + whole);
    for (i += whole << 3; i < stop; i++) bits[i >> 3] &= ~(1 << (i & 7));
  }
  // `highest` is the caller's rsp, 16-byte aligned: the pattern ends on a whole bitmap byte.
  return { start, bits, dead: new Uint8Array(bits.length).fill(0xff) };
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
  private readonly patterns = new WeakMap<FrameLayout, FramePattern>();

  constructor(private readonly poison: () => ByteBitmap) {}

  /** After the call and prologue: the new frame's bytes as the pattern says. */
  enter(rbp: number, layout: FrameLayout): void {
    const pattern = this.patternOf(layout);
    this.poison().writePattern(rbp + pattern.start, pattern.bits);
  }

  /** After `leave; ret`: the frame's bytes are dead, and it is remembered. */
  leave(rbp: number, layout: FrameLayout, functionName: string, dead: DeadFrames): void {
    const pattern = this.patternOf(layout);
    this.poison().writePattern(rbp + pattern.start, pattern.dead);
    dead.rbps[dead.next] = rbp;
    dead.layouts[dead.next] = layout;
    dead.names[dead.next] = functionName;
    if (++dead.next === DEAD_FRAMES_KEPT) dead.next = 0;
  }

  // The last layout's pattern: a recursion, or a loop calling one function, asks for it again.
  private lastLayout: FrameLayout | undefined;
  private lastPattern: FramePattern | undefined;

  private patternOf(layout: FrameLayout): FramePattern {
    if (layout === this.lastLayout) return this.lastPattern!;
    let pattern = this.patterns.get(layout);
    if (!pattern) {
      pattern = framePattern(layout);
      this.patterns.set(layout, pattern);
    }
    this.lastLayout = layout;
    this.lastPattern = pattern;
    return pattern;
  }
}
