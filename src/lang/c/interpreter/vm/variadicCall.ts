import { type PreparedCall, prepareCall } from '../../../../engine/stack/callStack';
import type { SlotSpec } from '../../../../engine/stack/frameLayout';
import { SSE_SAVE_START } from '../../vaList';
import type { LoweredFunction } from '../lower/instructions';
import { storeOf } from '../lower/kindOps';
import { type Value, type ValueKind, isFloating } from '../values/valueKind';
import type { VmMemory } from './vmMemory';

/**
 * A call of a program function that has `...` (SysV ABI 3.5.7): the arguments after the named
 * ones go in the next free registers, integers and pointers in rdi..r9 and doubles in xmm0..xmm7,
 * and the rest on the stack, in order, above the return address (so the frame of this call
 * has more stack arguments than the function's own layout). The callee's prologue stores the
 * argument registers in its register save area, where va_arg finds them.
 */
export interface VariadicCall {
  /** This call's frame: the function's own, with the stack arguments of this call. */
  readonly spec: PreparedCall;
  /** The prologue's stores and the caller's stack arguments, once the frame exists (`before` sees each argument's index first). */
  spill(mem: VmMemory, rbp: number, before?: (argument: number) => void): void;
}

export function variadicCall(fn: LoweredFunction, args: readonly Value[], kinds: readonly ValueKind[] | undefined): VariadicCall {
  const frame = fn.variadic!;
  let gp = frame.gpOffset / 8;
  let sse = (frame.fpOffset - SSE_SAVE_START) / 16;
  const inRegisters: { index: number; offset: number; kind: ValueKind; value: Value }[] = [];
  const onStack: { index: number; kind: ValueKind; value: Value; size: number }[] = [];
  for (let i = fn.parameters.length; i < args.length; i++) {
    const kind = kinds?.[i] ?? 'i64';
    const value = args[i];
    if (isFloating(kind) && sse < 8) inRegisters.push({ index: i, offset: frame.saveAreaOffset + SSE_SAVE_START + 16 * sse++, kind, value });
    else if (!isFloating(kind) && kind !== 'record' && gp < 6) inRegisters.push({ index: i, offset: frame.saveAreaOffset + 8 * gp++, kind, value });
    else onStack.push({ index: i, kind, value, size: kind === 'record' ? (value as Uint8Array).length : 8 });
  }
  let spec: PreparedCall = fn.spec;
  if (onStack.length > 0) {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { layout, ...call } = fn.spec;
    const extra = onStack.map((a, k): SlotSpec => ({ name: `(... argument ${k + 1})`, size: Math.ceil(a.size / 8) * 8, align: 8, typeName: isFloating(a.kind) ? 'double' : 'long' }));
    spec = prepareCall({ ...call, stackArguments: [...(call.stackArguments ?? []), ...extra] });
  }
  return {
    spec,
    spill(mem, rbp, before) {
      // A register holds 8 (16 for xmm) bytes: a 32-bit value was written zero-extended.
      for (const r of inRegisters) {
        before?.(r.index);
        mem.writeI64(rbp + r.offset, 0);
        if (isFloating(r.kind)) mem.writeI64(rbp + r.offset + 8, 0);
        storeOf(r.kind)(mem, rbp + r.offset, r.value);
      }
      let at = rbp + frame.overflowOffset;
      for (const a of onStack) {
        before?.(a.index);
        storeOf(a.kind)(mem, at, a.value);
        at += Math.ceil(a.size / 8) * 8;
      }
    },
  };
}
