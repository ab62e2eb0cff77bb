import type { PrintfArguments } from '../../libc/printfArguments';
import { storeSnprintf, storeSprintf } from '../../libc/sprintf';
import { type Int64, toNumber } from '../values/int64';
import type { Value } from '../values/valueKind';
import { nextVaArg } from '../vm/vaArg';
import type { Machine } from '../vm/machine';
import type { CallInstr } from '../lower/instructions';
import { ERRNO_ADDRESS } from './libraryObjects';
import { formatArguments, writeStdout, writeStream } from './stdio';

/**
 * The printf family that takes a va_list (what a program's own variadic function passes on):
 * each conversion's argument is fetched through the va_list in the program's memory, as glibc's
 * vfprintf does with va_arg, so the caller's va_list has moved on afterwards.
 */
function fromVaList(vm: Machine, ap: Value): PrintfArguments {
  const tag = vm.mem.address(ap as Int64, 'read');
  return {
    nextInt: () => BigInt.asUintN(64, BigInt(vm.mem.readU64(nextVaArg(vm.mem, tag, false)))),
    nextDouble: () => vm.mem.readF64(nextVaArg(vm.mem, tag, true)),
    errno: () => vm.mem.read32(ERRNO_ADDRESS) | 0,
  };
}

const addr = (vm: Machine, v: Value) => vm.mem.address(v as Int64, 'read');

export const VPRINTF = {
  vprintf(vm: Machine, args: Value[]): Value {
    const printed = formatArguments(vm, args[0], fromVaList(vm, args[1]));
    writeStdout(vm, printed.output);
    return printed.result;
  },
  vfprintf(vm: Machine, args: Value[]): Value {
    const printed = formatArguments(vm, args[1], fromVaList(vm, args[2]));
    return writeStream(vm, args[0], printed.output) ? printed.result : -1;
  },
  // ASan intercepts these as it does sprintf and snprintf: the whole output is checked against the destination.
  vsprintf(vm: Machine, args: Value[], call: CallInstr): Value {
    const printed = formatArguments(vm, args[1], fromVaList(vm, args[2]));
    vm.checker?.checkArgumentRange(call, 0, addr(vm, args[0]), printed.output.length + 1, 'write');
    return storeSprintf(vm.mem, addr(vm, args[0]), printed);
  },
  vsnprintf(vm: Machine, args: Value[], call: CallInstr): Value {
    const size = toNumber(args[1] as Int64);
    const printed = formatArguments(vm, args[2], fromVaList(vm, args[3]));
    if (size > 0) vm.checker?.checkArgumentRange(call, 0, addr(vm, args[0]), Math.min(printed.output.length + 1, size), 'write');
    return storeSnprintf(vm.mem, size > 0 ? addr(vm, args[0]) : 0, size, printed);
  },
};
