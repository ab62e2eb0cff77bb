import { EBADF } from '../../libc/errno';
import { type InputCursor, MemoryStringCursor } from '../../libc/inputCursor';
import { scanFormatted, ScanfUnsupported } from '../../libc/scanf';
import type { Int64 } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { CallInstr } from '../lower/instructions';
import type { Machine } from '../vm/machine';
import { UnsupportedAtRunTime } from '../vm/unsupportedAtRunTime';
import { ERRNO_ADDRESS, LIBC_FILES } from './libraryObjects';
import { FileStreamCursor, streamAt } from './fileStreams';
import { notAStream, StdinCursor } from './stdio';
import { VarArgs } from './varArgs';

const EOF = -1;

/**
 * scanf, fscanf and sscanf on libc's glibc-exact engine (src/lang/c/libc/scanf.ts). stdin is read
 * through its buffer in heap memory, sscanf's string through simulated memory, and every
 * conversion is stored through simulated memory (so the bytes become initialized, and a bad
 * pointer faults as it would natively). The pointer arguments are pulled as va_arg does.
 */
function scan(name: string, vm: Machine, input: InputCursor, formatArg: Value, args: Value[], call: CallInstr): number {
  const format = vm.constantString(vm.mem.address(formatArg as Int64, 'read'));
  const varArgs = new VarArgs(args, call.argKinds, call.variadicFrom);
  try {
    return scanFormatted(input, format, { nextPointer: () => vm.mem.address(varArgs.nextInteger(), 'write') }, vm.mem);
  } catch (e) {
    if (e instanceof ScanfUnsupported) throw new UnsupportedAtRunTime(`${name}: ${e.message}`);
    throw e;
  }
}

export const SCANF_FAMILY = {
  scanf(vm: Machine, args: Value[], call: CallInstr): Value {
    return scan('scanf', vm, new StdinCursor(vm), args[0], args, call);
  },
  /**
   * fscanf on stdin or on a file fopen opened (through its buffer, as fgetc reads it); stdout and
   * stderr are write-only streams (EOF, errno EBADF), as is a file opened only for writing.
   */
  fscanf(vm: Machine, args: Value[], call: CallInstr): Value {
    if (args[0] === LIBC_FILES.stdin) return scan('fscanf', vm, new StdinCursor(vm), args[1], args, call);
    if (args[0] === LIBC_FILES.stdout || args[0] === LIBC_FILES.stderr) {
      vm.mem.write32(ERRNO_ADDRESS, EBADF);
      return EOF;
    }
    const file = streamAt(vm, args[0]);
    if (!file) throw notAStream(args[0]);
    // vfscanf's ARGCHECK: a stream not open for reading is EOF and EBADF before any read, and
    // (unlike fgetc's failed read) sets no error flag.
    if (!file.readable) {
      vm.mem.write32(ERRNO_ADDRESS, EBADF);
      return EOF;
    }
    return scan('fscanf', vm, new FileStreamCursor(vm, file), args[1], args, call);
  },
  sscanf(vm: Machine, args: Value[], call: CallInstr): Value {
    return scan('sscanf', vm, new MemoryStringCursor(vm.mem, vm.mem.address(args[0] as Int64, 'read')), args[1], args, call);
  },
};
