import { MemoryFault } from '../../../../engine/memory/memoryFault';
import { type PrintfFormat, parsePrintfFormat, runPrintf } from '../../libc/formatPrintf';
import type { PrintfArguments } from '../../libc/printfArguments';
import { storeSnprintf, storeSprintf } from '../../libc/sprintf';
import type { InputCursor } from '../../libc/inputCursor';
import { strerrorText } from '../../libc/strerror';
import { type Int64, lowI32, toNumber } from '../values/int64';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import type { CallInstr } from '../lower/instructions';
import { ERRNO_ADDRESS, LIBC_FILES } from './libraryObjects';
import { VarArgs } from './varArgs';
import { mallocFor } from './stdlib';

/**
 * stdio as glibc 2.36 behaves when stdout and stdin are pipes (how a test harness or the CLI runs
 * a program): stdout is fully buffered in a buffer of st_blksize = 4096 bytes that the first
 * output call mallocs (_IO_file_doallocate), written out when full and at exit; stderr is
 * unbuffered; stdin gets its own 4096-byte buffer on the first read. The buffers' bytes are in
 * the simulated heap, so the heap looks as it does natively. Formatting is libc's (formatPrintf).
 * When stdout is a terminal (the debugger's console), it is line buffered in a buffer of the
 * terminal's st_blksize, 1024 bytes: a line appears when its newline is written.
 */
export const STDIO_BUFFER_SIZE = 4096;
const TERMINAL_BUFFER_SIZE = 1024;
const EOF = -1;

const addr = (vm: Machine, v: Value) => vm.mem.address(v as Int64, 'read');
const cstring = (vm: Machine, v: Value) => vm.mem.readCString(addr(vm, v));

/** A stream's buffer, malloc'd on first use as glibc does; the library's own block, not the program's. */
function stdioBuffer(vm: Machine, size = STDIO_BUFFER_SIZE): number {
  const p = mallocFor(vm, size);
  vm.blocks.markInternal(p);
  return p;
}

export function writeStdout(vm: Machine, bytes: Uint8Array): void {
  if (bytes.length === 0) return;
  const l = vm.libc;
  const size = l.stdoutIsTerminal ? TERMINAL_BUFFER_SIZE : STDIO_BUFFER_SIZE;
  if (l.stdoutBuffer === 0) l.stdoutBuffer = stdioBuffer(vm, size);
  let i = 0;
  while (i < bytes.length) {
    if (l.stdoutLength === size) vm.flushStdout();
    const n = Math.min(size - l.stdoutLength, bytes.length - i);
    vm.mem.writeBytes(l.stdoutBuffer + l.stdoutLength, bytes.subarray(i, i + n));
    l.stdoutLength += n;
    i += n;
  }
  if (l.stdoutIsTerminal && bytes.includes(10)) vm.flushStdout();
}

/** Output to a FILE *: stdout buffered, stderr straight to fd 2. */
export function writeStream(vm: Machine, stream: Value, bytes: Uint8Array): void {
  if (stream === LIBC_FILES.stdout) return writeStdout(vm, bytes);
  if (stream === LIBC_FILES.stderr) return vm.write('stderr', bytes);
  throw notAStream(stream);
}

/** glibc reads a FILE's flags first: a NULL or wild FILE * faults there. */
export function notAStream(stream: Value): MemoryFault {
  const p = toNumber(stream as Int64);
  return new MemoryFault(p, 'read', p < 65536 ? 'null-page' : 'unmapped');
}

/** The next byte of stdin (refilling its buffer with read(0, buf, 4096)), or EOF. */
export function readStdin(vm: Machine): number {
  const l = vm.libc;
  if (l.stdinRead >= l.stdinEnd) {
    if (l.stdinBuffer === 0) l.stdinBuffer = stdioBuffer(vm);
    const chunk = l.input.subarray(l.inputOffset, l.inputOffset + STDIO_BUFFER_SIZE);
    if (chunk.length === 0) return EOF;
    vm.mem.writeBytes(l.stdinBuffer, chunk);
    l.inputOffset += chunk.length;
    l.stdinRead = 0;
    l.stdinEnd = chunk.length;
  }
  return vm.process.mmu.read8(l.stdinBuffer + l.stdinRead++);
}

/** stdin as scanf reads it: bytes from its buffer, and ungetc's one byte of push-back into it. */
export class StdinCursor implements InputCursor {
  constructor(private readonly vm: Machine) {}
  read(): number {
    return readStdin(this.vm);
  }
  unread(): void {
    // The byte just read is still in the buffer (a refill happens only before a read).
    this.vm.libc.stdinRead--;
  }
}

/** printf's view of a call's arguments: va_arg over them, and errno for %m. */
class PrintfCallArguments extends VarArgs {
  constructor(args: readonly Value[], call: CallInstr, private readonly vm: Machine) {
    super(args, call.argKinds, call.variadicFrom);
  }

  errno(): number {
    return this.vm.mem.read32(ERRNO_ADDRESS) | 0;
  }
}

/**
 * Formats parsed once per string literal: constantString hands out one array per literal in
 * .rodata, whose bytes never change (any other format is a fresh array, parsed each call).
 */
const parsedFormats = new WeakMap<Uint8Array, PrintfFormat>();

function printfFormat(vm: Machine, formatArg: Value): PrintfFormat {
  const bytes = vm.constantString(addr(vm, formatArg));
  let parsed = parsedFormats.get(bytes);
  if (parsed === undefined) {
    parsed = parsePrintfFormat(bytes);
    parsedFormats.set(bytes, parsed);
  }
  return parsed;
}

/** A printf-family call's formatting, errno set as glibc sets it on failure. */
function format(vm: Machine, formatArg: Value, args: Value[], call: CallInstr) {
  return formatArguments(vm, formatArg, new PrintfCallArguments(args, call, vm));
}

/** Formatting with the arguments taken from `source` (the call's own, or a va_list's for vprintf). */
export function formatArguments(vm: Machine, formatArg: Value, source: PrintfArguments) {
  const printed = runPrintf(printfFormat(vm, formatArg), source, vm.mem);
  if (printed.errno !== undefined) vm.mem.write32(ERRNO_ADDRESS, printed.errno);
  return printed;
}

export const STDIO = {
  printf(vm: Machine, args: Value[], call: CallInstr): Value {
    const printed = format(vm, args[0], args, call);
    writeStdout(vm, printed.output);
    return printed.result;
  },
  fprintf(vm: Machine, args: Value[], call: CallInstr): Value {
    const printed = format(vm, args[1], args, call);
    writeStream(vm, args[0], printed.output);
    return printed.result;
  },
  sprintf(vm: Machine, args: Value[], call: CallInstr): Value {
    const printed = format(vm, args[1], args, call);
    // ASan's interceptor checks the whole output and its NUL against the destination.
    vm.checker?.checkArgumentRange(call, 0, addr(vm, args[0]), printed.output.length + 1, 'write');
    return storeSprintf(vm.mem, addr(vm, args[0]), printed);
  },
  snprintf(vm: Machine, args: Value[], call: CallInstr): Value {
    const size = toNumber(args[1] as Int64);
    const printed = format(vm, args[2], args, call);
    if (size > 0) vm.checker?.checkArgumentRange(call, 0, addr(vm, args[0]), Math.min(printed.output.length + 1, size), 'write');
    return storeSnprintf(vm.mem, size > 0 ? addr(vm, args[0]) : 0, size, printed);
  },
  puts(vm: Machine, args: Value[]): Value {
    const s = cstring(vm, args[0]);
    const line = new Uint8Array(s.length + 1);
    line.set(s);
    line[s.length] = 10;
    writeStdout(vm, line);
    return Math.min(0x7fffffff, s.length + 1);
  },
  fputs(vm: Machine, args: Value[]): Value {
    writeStream(vm, args[1], cstring(vm, args[0]));
    return 1;
  },
  putchar(vm: Machine, args: Value[]): Value {
    const c = lowI32(args[0] as Int64) & 255;
    writeStdout(vm, Uint8Array.of(c));
    return c;
  },
  fputc(vm: Machine, args: Value[]): Value {
    const c = lowI32(args[0] as Int64) & 255;
    writeStream(vm, args[1], Uint8Array.of(c));
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
  fgets(vm: Machine, args: Value[], call: CallInstr): Value {
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
    vm.checker?.checkArgumentRange(call, 0, addr(vm, args[0]), out.length + 1, 'write');
    vm.mem.writeBytes(addr(vm, args[0]), Uint8Array.from([...out, 0]));
    return args[0];
  },
  /** perror: "s: " and the message of errno, on stderr. */
  perror(vm: Machine, args: Value[]): Value {
    const s = args[0] === 0 ? new Uint8Array(0) : cstring(vm, args[0]);
    const prefix = s.length ? new TextDecoder().decode(s) + ': ' : '';
    vm.write('stderr', new TextEncoder().encode(`${prefix}${strerrorText(vm.mem.read32(ERRNO_ADDRESS) | 0)}\n`));
    return undefined;
  },
};
