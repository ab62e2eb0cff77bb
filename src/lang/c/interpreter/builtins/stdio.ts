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
import {
  closeStream, flushStream, openStream, streamAt, streamGetc, streamSeek, streamTell, streamUnread, streamWrite,
} from './fileStreams';

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

/** Output to a FILE *: stdout buffered, stderr straight to fd 2, a file through its buffer. False when it failed. */
export function writeStream(vm: Machine, stream: Value, bytes: Uint8Array): boolean {
  if (stream === LIBC_FILES.stdout) {
    writeStdout(vm, bytes);
    return true;
  }
  if (stream === LIBC_FILES.stderr) {
    vm.write('stderr', bytes);
    return true;
  }
  const file = streamAt(vm, stream);
  if (!file) throw notAStream(stream);
  return streamWrite(vm, file, bytes);
}

/** The next byte of an input stream: stdin, or a file; a write-only standard stream gives EOF. */
function getcFrom(vm: Machine, stream: Value): number {
  if (stream === LIBC_FILES.stdin) return readStdin(vm);
  if (stream === LIBC_FILES.stdout || stream === LIBC_FILES.stderr) return EOF;
  const file = streamAt(vm, stream);
  if (!file) throw notAStream(stream);
  return streamGetc(vm, file);
}

/** A FILE * fopen returned and fclose has not closed; a standard stream or a wild pointer faults as in glibc. */
function fileStream(vm: Machine, stream: Value) {
  const file = streamAt(vm, stream);
  if (!file) throw notAStream(stream);
  return file;
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
    if (chunk.length === 0) {
      l.stdinEof = true;
      return EOF;
    }
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
    return writeStream(vm, args[0], printed.output) ? printed.result : EOF;
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
    return writeStream(vm, args[1], cstring(vm, args[0])) ? 1 : EOF;
  },
  putchar(vm: Machine, args: Value[]): Value {
    const c = lowI32(args[0] as Int64) & 255;
    writeStdout(vm, Uint8Array.of(c));
    return c;
  },
  fputc(vm: Machine, args: Value[]): Value {
    const c = lowI32(args[0] as Int64) & 255;
    return writeStream(vm, args[1], Uint8Array.of(c)) ? c : EOF;
  },
  putc(vm: Machine, args: Value[]): Value {
    return STDIO.fputc(vm, args);
  },
  fflush(vm: Machine, args: Value[]): Value {
    if (args[0] === 0 || args[0] === LIBC_FILES.stdout) vm.flushStdout();
    if (args[0] === 0) return vm.libc.streams.every((s) => flushStream(vm, s)) ? 0 : EOF;
    if (args[0] === LIBC_FILES.stdout || args[0] === LIBC_FILES.stderr || args[0] === LIBC_FILES.stdin) return 0;
    return flushStream(vm, fileStream(vm, args[0])) ? 0 : EOF;
  },
  getchar(vm: Machine): Value {
    return readStdin(vm);
  },
  fgetc(vm: Machine, args: Value[]): Value {
    return getcFrom(vm, args[0]);
  },
  getc(vm: Machine, args: Value[]): Value {
    return STDIO.fgetc(vm, args);
  },
  /** fgets: up to size-1 bytes, stopping after a newline; NULL at end of input with nothing read. */
  fgets(vm: Machine, args: Value[], call: CallInstr): Value {
    const size = lowI32(args[1] as Int64);
    if (size <= 0) return 0;
    const out: number[] = [];
    while (out.length < size - 1) {
      const c = getcFrom(vm, args[2]);
      if (c === EOF) break;
      out.push(c);
      if (c === 10) break;
    }
    if (out.length === 0) return 0;
    vm.checker?.checkArgumentRange(call, 0, addr(vm, args[0]), out.length + 1, 'write');
    vm.mem.writeBytes(addr(vm, args[0]), Uint8Array.from([...out, 0]));
    return args[0];
  },
  fopen(vm: Machine, args: Value[]): Value {
    const path = new TextDecoder().decode(cstring(vm, args[0]));
    const mode = new TextDecoder().decode(cstring(vm, args[1]));
    return openStream(vm, path, mode);
  },
  fclose(vm: Machine, args: Value[]): Value {
    return closeStream(vm, fileStream(vm, args[0]));
  },
  /** fread: whole items only; a short count at the end of the file or on an error. */
  fread(vm: Machine, args: Value[], call: CallInstr): Value {
    const size = toNumber(args[1] as Int64);
    const total = size * toNumber(args[2] as Int64);
    if (total === 0) return 0;
    const out = new Uint8Array(total);
    let n = 0;
    for (; n < total; n++) {
      const c = getcFrom(vm, args[3]);
      if (c === EOF) break;
      out[n] = c;
    }
    if (n > 0) {
      vm.checker?.checkArgumentRange(call, 0, addr(vm, args[0]), n, 'write');
      vm.mem.writeBytes(addr(vm, args[0]), out.subarray(0, n));
    }
    return Math.floor(n / size);
  },
  fwrite(vm: Machine, args: Value[]): Value {
    const size = toNumber(args[1] as Int64);
    const count = toNumber(args[2] as Int64);
    if (size * count === 0) return 0;
    return writeStream(vm, args[3], vm.mem.readBytes(addr(vm, args[0]), size * count)) ? count : 0;
  },
  feof(vm: Machine, args: Value[]): Value {
    if (args[0] === LIBC_FILES.stdin) return vm.libc.stdinEof ? 1 : 0;
    if (args[0] === LIBC_FILES.stdout || args[0] === LIBC_FILES.stderr) return 0;
    return fileStream(vm, args[0]).eof ? 1 : 0;
  },
  ferror(vm: Machine, args: Value[]): Value {
    if (args[0] === LIBC_FILES.stdin || args[0] === LIBC_FILES.stdout || args[0] === LIBC_FILES.stderr) return 0;
    return fileStream(vm, args[0]).error ? 1 : 0;
  },
  clearerr(vm: Machine, args: Value[]): Value {
    const s = streamAt(vm, args[0]);
    if (s) s.eof = s.error = false;
    return undefined;
  },
  fileno(vm: Machine, args: Value[]): Value {
    if (args[0] === LIBC_FILES.stdin) return 0;
    if (args[0] === LIBC_FILES.stdout) return 1;
    if (args[0] === LIBC_FILES.stderr) return 2;
    return fileStream(vm, args[0]).fd;
  },
  ungetc(vm: Machine, args: Value[]): Value {
    const c = lowI32(args[0] as Int64);
    if (c === EOF) return EOF;
    if (args[1] === LIBC_FILES.stdin) {
      if (vm.libc.stdinRead === 0) return EOF;
      vm.libc.stdinRead--;
      vm.process.mmu.write8(vm.libc.stdinBuffer + vm.libc.stdinRead, c & 255);
      return c & 255;
    }
    const s = fileStream(vm, args[1]);
    if (s.readPos === 0) return EOF;
    streamUnread(s);
    vm.process.mmu.write8(s.buffer + s.readPos, c & 255);
    s.eof = false;
    return c & 255;
  },
  fseek(vm: Machine, args: Value[]): Value {
    return streamSeek(vm, fileStream(vm, args[0]), toNumber(args[1] as Int64), lowI32(args[2] as Int64));
  },
  ftell(vm: Machine, args: Value[]): Value {
    return streamTell(vm, fileStream(vm, args[0]));
  },
  rewind(vm: Machine, args: Value[]): Value {
    const s = fileStream(vm, args[0]);
    streamSeek(vm, s, 0, 0);
    s.error = false;
    return undefined;
  },
  /** perror: "s: " and the message of errno, on stderr. */
  perror(vm: Machine, args: Value[]): Value {
    const s = args[0] === 0 ? new Uint8Array(0) : cstring(vm, args[0]);
    const prefix = s.length ? new TextDecoder().decode(s) + ': ' : '';
    vm.write('stderr', new TextEncoder().encode(`${prefix}${strerrorText(vm.mem.read32(ERRNO_ADDRESS) | 0)}\n`));
    return undefined;
  },
};
