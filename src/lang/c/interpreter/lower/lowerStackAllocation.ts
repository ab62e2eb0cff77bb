import { withRuntimeLengths } from '../../types';
import type { LocalSlot, TStmt } from '../check/checkedTree';
import type { LibraryImpl } from '../builtins/libraryTable';
import { stackRestore, stackSave, vlaAllocation } from '../builtins/stackBuiltins';
import type { Machine } from '../vm/machine';
import { type Compiled, Op } from './instructions';
import { type LowerContext, lowerValue } from './lowerExpression';

/**
 * Variable-length arrays in the instruction list: a block that declares some saves rsp in a
 * temporary on entry (a register, as gcc -O0 keeps it) and restores it on the way out, and each
 * declaration is a call to the allocation builtin (see builtins/stackBuiltins.ts).
 */
function builtinCall(cx: LowerContext, impl: LibraryImpl, args: Compiled[], result = -1): void {
  cx.code.push({ op: Op.Call, library: impl, args, argKinds: args.map(() => 'u64'), variadicFrom: args.length, result, line: cx.line });
}

/** On entry to a block with VLAs: rsp into a new temporary, which the block's exits restore. */
export function emitStackSave(cx: LowerContext): number {
  const temp = cx.temps++;
  builtinCall(cx, stackSave, [], temp);
  return temp;
}

/** rsp back to what the temporary holds; `temp` may be settled later (a goto's target block). */
export function emitStackRestore(cx: LowerContext, temp: number | { temp: number }): void {
  const patch = typeof temp === 'number' ? { temp } : temp;
  builtinCall(cx, stackRestore, [(a) => (patch.temp >= 0 ? a.t[patch.temp] : undefined)]);
}

/** `int a[n][m];`: the lengths, then the allocation, whose frame slot is named after the array. */
export function emitVlaDeclaration(cx: LowerContext, s: Extract<TStmt, { stmt: 'vla' }>, slot: LocalSlot, effect: (e: typeof s.lengths[number]) => void): void {
  for (const length of s.lengths) effect(length);
  const size = lowerValue(cx, s.size);
  const offsets = cx.offsets;
  const slotOffset = offsets[s.slot];
  // The array's type with its lengths as evaluated, read from their bound slots (length - 1).
  const typeOf = (vm: Machine) => {
    const rbp = vm.acts[vm.acts.length - 1].rbp;
    return withRuntimeLengths(slot.type, (v) => Number(vm.mem.readI64(rbp + offsets[v.slot])) + 1);
  };
  builtinCall(cx, vlaAllocation(slot.name, s.align, typeOf), [size, (a) => a.rbp + slotOffset]);
}
