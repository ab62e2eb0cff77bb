import { PATTERN_REACH } from '../../../../engine/errors/stackPoisoning';
import { type CType, typeToString } from '../../types';
import type { Int64 } from '../values/int64';
import type { Machine } from '../vm/machine';
import type { LibraryImpl } from './libraryTable';

/**
 * What gcc compiles a block with variable-length arrays into (its __builtin_stack_save,
 * __builtin_alloca_with_align and __builtin_stack_restore): the block keeps rsp in a register on
 * entry, each VLA declaration moves rsp down by its size rounded up to 16, and every way out of
 * the block puts rsp back. They run inside Call instructions because they change the machine's
 * registers, not just memory.
 */
export const stackSave: LibraryImpl = (vm) => vm.process.callStack.registers.rsp;

/** Puts rsp back (an undefined argument: a goto that leaves no VLA block). */
export const stackRestore: LibraryImpl = (vm, args) => {
  if (args[0] === undefined) return undefined;
  const before = vm.process.callStack.registers.rsp;
  vm.process.callStack.release(args[0] as number);
  const to = args[0] as number;
  vm.checker?.stackReleased(Math.max(before, to - PATTERN_REACH), to);
  return undefined;
};

/** Beyond this, an allocation is certain to run into the guard page: no need to compute further. */
const HUGE = 2 ** 40;

/**
 * `int a[n];`: args are the array's size in bytes and the address of its frame slot. The size is
 * rounded as gcc does, in 64-bit unsigned arithmetic, `(size + 15) / 16 * 16` (so a negative
 * length wraps as it does natively), the bytes are taken below rsp and marked uninitialized, and
 * the array's address (rsp rounded up to its alignment) goes into the slot.
 */
export function vlaAllocation(name: string, align: number, typeOf: (vm: Machine) => CType): LibraryImpl {
  return (vm, args) => {
    const rounded = BigInt.asUintN(64, BigInt(args[0] as Int64) + 15n) / 16n * 16n;
    const bytes = rounded > BigInt(HUGE) ? HUGE : Number(rounded);
    const rsp = vm.process.callStack.allocate(bytes, { name, typeName: typeToString(typeOf(vm)) });
    // Only the part that can be stack memory is marked (PATTERN_REACH, as for a huge frame):
    // further down, an access faults in the MMU, and marking a terabyte would exhaust the host.
    const marked = Math.min(bytes, PATTERN_REACH);
    vm.mem.shadow.markUndefined(rsp + bytes - marked, marked);
    const array = Math.ceil(rsp / align) * align;
    vm.checker?.stackAllocated(rsp + bytes - marked, marked, array, Number(args[0]));
    vm.mem.writeI64(args[1] as number, array);
    return undefined;
  };
}
