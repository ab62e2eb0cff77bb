import { MemoryFault } from '../../../../engine/memory/memoryFault';
import { type Int64, lowI32, toNumber } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import type { CallInstr } from '../lower/instructions';
import { LIBC_FILES } from './libraryObjects';
import { VarArgs, formatPrintf } from './printfFormat';
import { scanFormatted } from './scanfFormat';
import { mallocFor } from './stdlib';

/**
 * stdio as glibc 2.36 behaves when stdout and stdin are pipes (how a test harness or the CLI runs
 * a program): stdout is fully buffered in a buffer of st_blksize = 4096 bytes that the first
 * output call mallocs (_IO_file_doallocate), written out when full and at exit; stderr is
 * unbuffered; stdin gets its own 4096-byte buffer on the first read. The buffers' bytes are in
 * the simulated heap, so the heap looks as it does natively.
 *
 * TODO(libc): take printf/scanf formatting from src/lang/c/libc once it is committed.
 */
export const STDIO_BUFFER_SIZE = 4096;
const EOF = -1;

const addr = (vm: Machine, v: Value) => vm.mem.address(v as Int64, 'read');
const cstring = (vm: Machine, v: Value) => vm.mem.readCString(addr(vm, v));

export function writeStdout(vm: Machine, bytes: ArrayLike<number>): void {
  if (bytes.length === 0) return;
  const l = vm.libc;
  if (l.stdoutBuffer === 0) l.stdoutBuffer = mallocFor(vm, STDIO_BUFFER_SIZE);
  let i = 0;
  while (i < bytes.length) {
    if (l.stdoutLength === STDIO_BUFFER_SIZE) vm.flushStdout();
    const n = Math.min(STDIO_BUFFER_SIZE - l.stdoutLength, bytes.length - i);
    vm.mem.writeBytes(l.stdoutBuffer + l.stdoutLength, Uint8Array.from(Array.prototype.slice.call(bytes, i, i + n) as number[]));
    l.stdoutLength += n;
    i += n;
  }
}

/** Output to a FILE *: stdout buffered, stderr straight to fd 2. */
export function writeStream(vm: Machine, stream: Value, bytes: ArrayLike<number>): void {
  if (stream === LIBC_FILES.stdout) return writeStdout(vm, bytes);
  if (stream === LIBC_FILES.stderr) return vm.write('stderr', Uint8Array.from(bytes as number[]));
  // glibc reads the FILE's flags first: a NULL or wild FILE * faults there.
  const p = toNumber(stream as Int64);
  if (p < 65536) throw new MemoryFault(p, 'read', 'null-page');
  throw new MemoryFault(p, 'read', 'unmapped');
}

/** The next byte of stdin (refilling its buffer with read(0, buf, 4096)), or EOF. */
export function readStdin(vm: Machine, consume = true): number {
  const l = vm.libc;
  if (l.stdinRead >= l.stdinEnd) {
    if (l.stdinBuffer === 0) l.stdinBuffer = mallocFor(vm, STDIO_BUFFER_SIZE);
    const chunk = l.input.subarray(l.inputOffset, l.inputOffset + STDIO_BUFFER_SIZE);
    if (chunk.length === 0) return EOF;
    vm.mem.writeBytes(l.stdinBuffer, chunk);
    l.inputOffset += chunk.length;
    l.stdinRead = 0;
    l.stdinEnd = chunk.length;
  }
  const byte = vm.process.mmu.read8(l.stdinBuffer + l.stdinRead);
  if (consume) l.stdinRead++;
  return byte;
}

function printf(vm: Machine, format: Value, args: Value[], call: CallInstr, from: number): number[] {
  return formatPrintf(vm.mem, cstring(vm, format), new VarArgs(args, call.argKinds, from));
}

export const STDIO = {
  printf(vm: Machine, args: Value[], call: CallInstr): Value {
    const out = printf(vm, args[0], args, call, call.variadicFrom);
    writeStdout(vm, out);
    return out.length;
  },
  fprintf(vm: Machine, args: Value[], call: CallInstr): Value {
    const out = printf(vm, args[1], args, call, call.variadicFrom);
    writeStream(vm, args[0], out);
    return out.length;
  },
  sprintf(vm: Machine, args: Value[], call: CallInstr): Value {
    const out = printf(vm, args[1], args, call, call.variadicFrom);
    vm.mem.writeBytes(addr(vm, args[0]), Uint8Array.from([...out, 0]));
    return out.length;
  },
  snprintf(vm: Machine, args: Value[], call: CallInstr): Value {
    const out = printf(vm, args[2], args, call, call.variadicFrom);
    const size = toNumber(args[1] as Int64);
    if (size > 0) {
      const n = Math.min(out.length, size - 1);
      vm.mem.writeBytes(addr(vm, args[0]), Uint8Array.from([...out.slice(0, n), 0]));
    }
    return out.length;
  },
  puts(vm: Machine, args: Value[]): Value {
    const s = cstring(vm, args[0]);
    writeStdout(vm, [...s, 10]);
    return Math.min(0x7fffffff, s.length + 1);
  },
  fputs(vm: Machine, args: Value[]): Value {
    writeStream(vm, args[1], cstring(vm, args[0]));
    return 1;
  },
  putchar(vm: Machine, args: Value[]): Value {
    const c = lowI32(args[0] as Int64) & 255;
    writeStdout(vm, [c]);
    return c;
  },
  fputc(vm: Machine, args: Value[]): Value {
    const c = lowI32(args[0] as Int64) & 255;
    writeStream(vm, args[1], [c]);
    return c;
  },
  putc(vm: Machine, args: Value[]): Value {
    return STDIO.fputc(vm, args);
  },
  fflush(vm: Machine, args: Value[]): Value {
    if (args[0] === 0 || args[0] === LIBC_FILES.stdout) vm.flushStdout();
    return 0;
  },
  getchar(vm: Machine): Value {
    return readStdin(vm);
  },
  fgetc(vm: Machine, args: Value[]): Value {
    if (args[0] !== LIBC_FILES.stdin) return EOF;
    return readStdin(vm);
  },
  getc(vm: Machine, args: Value[]): Value {
    return STDIO.fgetc(vm, args);
  },
  /** fgets: up to size-1 bytes, stopping after a newline; NULL at end of input with nothing read. */
  fgets(vm: Machine, args: Value[]): Value {
    const size = lowI32(args[1] as Int64);
    if (args[2] !== LIBC_FILES.stdin || size <= 0) return 0;
    const out: number[] = [];
    while (out.length < size - 1) {
      const c = readStdin(vm);
      if (c === EOF) break;
      out.push(c);
      if (c === 10) break;
    }
    if (out.length === 0) return 0;
    vm.mem.writeBytes(addr(vm, args[0]), Uint8Array.from([...out, 0]));
    return args[0];
  },
  scanf(vm: Machine, args: Value[], call: CallInstr): Value {
    return scanFormatted(vm, cstring(vm, args[0]), new VarArgs(args, call.argKinds, call.variadicFrom));
  },
  perror(vm: Machine, args: Value[]): Value {
    const s = args[0] === 0 ? new Uint8Array(0) : cstring(vm, args[0]);
    const prefix = s.length ? new TextDecoder().decode(s) + ': ' : '';
    vm.write('stderr', new TextEncoder().encode(`${prefix}Success\n`));
    return undefined;
  },
};
