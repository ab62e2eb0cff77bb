import { alignUp } from '../addressSpace/layout';

/** Size of the red zone: the 128 bytes below rsp that signal handlers and interrupts leave alone. */
export const RED_ZONE_SIZE = 128;
/** rsp is 16-byte aligned at every call instruction (SysV ABI 3.2.2). */
export const STACK_ALIGNMENT = 16;

/** A variable the front end wants in the frame. */
export interface SlotSpec {
  readonly name: string;
  readonly size: number;
  readonly align: number;
  /** C type as written (`int[5]`, `struct point *`); the stack keeps it for the views. */
  readonly typeName: string;
}

export type SlotKind = 'local' | 'parameter' | 'stack-argument';

export interface SlotPlacement {
  readonly spec: SlotSpec;
  readonly kind: SlotKind;
  /** Offset from rbp: negative for locals and spilled parameters, +16 and up for stack arguments. */
  readonly offset: number;
}

export interface FrameLayout {
  readonly slots: readonly SlotPlacement[];
  /** Bytes below rbp used by locals and spilled parameters. */
  readonly localBytes: number;
  /** What the prologue subtracts from rsp (0 when a leaf keeps its locals in the red zone). */
  readonly reservedBytes: number;
  /** Bytes of memory arguments the caller pushes (padded so rsp stays aligned at the call). */
  readonly stackArgumentBytes: number;
  readonly usesRedZone: boolean;
}

/**
 * Lays out a frame the way gcc -O0 does on x86-64:
 * - locals go below the saved rbp in declaration order, each at its own alignment;
 * - parameters arrive in registers (rdi, rsi, rdx, rcx, r8, r9) and the prologue spills them
 *   below the locals; the rest (`stackArguments`) the caller pushed above the return address,
 *   one eightbyte each from rbp+16 upwards;
 * - the prologue rounds its reservation up to 16 so rsp stays aligned for the next call;
 * - a leaf function (one that calls nothing) whose variables fit in 128 bytes does not move rsp
 *   at all: its variables live in the red zone.
 */
export function layoutFrame(
  locals: readonly SlotSpec[], parameters: readonly SlotSpec[], stackArguments: readonly SlotSpec[], leaf: boolean,
): FrameLayout {
  const slots: SlotPlacement[] = [];
  let below = 0;
  for (const spec of locals) {
    below = alignUp(below + spec.size, Math.max(1, spec.align));
    slots.push({ spec, kind: 'local', offset: -below });
  }
  for (const spec of parameters) {
    below = alignUp(below + spec.size, Math.max(1, spec.align));
    slots.push({ spec, kind: 'parameter', offset: -below });
  }
  let above = 16;
  for (const spec of stackArguments) {
    slots.push({ spec, kind: 'stack-argument', offset: above });
    above += alignUp(spec.size, 8);
  }
  const usesRedZone = leaf && below <= RED_ZONE_SIZE;
  return {
    slots,
    localBytes: below,
    reservedBytes: usesRedZone ? 0 : alignUp(below, STACK_ALIGNMENT),
    stackArgumentBytes: alignUp(above - 16, STACK_ALIGNMENT),
    usesRedZone,
  };
}
