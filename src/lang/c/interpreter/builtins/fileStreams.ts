import type { Value } from '../values/valueKind';
import { type Int64, toNumber } from '../values/int64';
import type { Machine } from '../vm/machine';
import { ERRNO_NUMBERS } from '../../../../engine/kernel/syscallResult';
import { O_APPEND, O_CREAT, O_EXCL, O_RDONLY, O_RDWR, O_TRUNC, O_WRONLY } from '../../../../engine/kernel/fileIo';
import { mallocFor } from './stdlib';
import { setErrno } from './syscallErrno';
import type { InputCursor } from '../../libc/inputCursor';

/**
 * FILE streams on files, as glibc 2.36's libio keeps them: fopen mallocs the FILE (a 472-byte
 * `struct locked_FILE`) before it opens the file, and frees it again when the open fails; the
 * first read or write mallocs the stream's buffer of the file's st_blksize (4096 bytes for a
 * file, 1024 for a /proc file), which reads refill with read(fd, buf, st_blksize) and writes
 * fill until it is full, an fflush, an fclose or exit. fclose frees the buffer, then the FILE.
 * An open stream's FILE is reachable from libc's list of streams (_IO_list_all), so a FILE
 * never closed is "still reachable" at exit; its buffer is freed by __libc_freeres.
 */
export interface FileStream {
  /** The FILE's address (its heap block). */
  readonly file: number;
  readonly fd: number;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly blockSize: number;
  /** The buffer (0 until the first read or write) and the unread bytes [readPos, readEnd) in it. */
  buffer: number;
  readPos: number;
  readEnd: number;
  /** Bytes written into the buffer and not yet written to the file. */
  pending: number;
  eof: boolean;
  error: boolean;
}

/** sizeof(struct locked_FILE) on x86-64 glibc 2.36: what fopen mallocs. */
export const LOCKED_FILE_SIZE = 472;
const EOF = -1;

/** fopen's mode string as glibc reads it (libio/fileops.c _IO_new_file_fopen). */
export function fopenFlags(mode: string): { flags: number; readable: boolean; writable: boolean } | undefined {
  let flags: number;
  let readable = false;
  let writable = false;
  switch (mode[0]) {
    case 'r': flags = O_RDONLY; readable = true; break;
    case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; writable = true; break;
    case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; writable = true; break;
    default: return undefined;
  }
  // glibc looks at up to six more characters.
  for (const c of mode.slice(1, 7)) {
    if (c === '+') {
      flags = (flags & ~(O_RDONLY | O_WRONLY)) | O_RDWR;
      readable = writable = true;
    } else if (c === 'x') flags |= O_EXCL;
  }
  return { flags, readable, writable };
}

export function streamAt(vm: Machine, file: Value): FileStream | undefined {
  const address = toNumber(file as Int64);
  return vm.libc.streams.find((s) => s.file === address);
}

/** fopen(path, mode): the FILE, or NULL with errno (EINVAL for a bad mode, the open's error otherwise). */
export function openStream(vm: Machine, path: string, mode: string): number {
  const file = mallocFor(vm, LOCKED_FILE_SIZE);
  if (file === 0) return 0;
  const parsed = fopenFlags(mode);
  const opened = parsed ? vm.process.kernel.io.open(path, parsed.flags) : undefined;
  if (!parsed || !opened?.ok) {
    setErrno(vm, opened && !opened.ok ? ERRNO_NUMBERS[opened.errno] : 22);
    vm.process.allocator.free(file);
    return 0;
  }
  const blockSize = path.startsWith('/proc/') ? 1024 : 4096;
  vm.libc.streams.push({
    file, fd: opened.value, readable: parsed.readable, writable: parsed.writable, blockSize,
    buffer: 0, readPos: 0, readEnd: 0, pending: 0, eof: false, error: false,
  });
  return file;
}

function ensureBuffer(vm: Machine, s: FileStream): boolean {
  if (s.buffer !== 0) return true;
  s.buffer = mallocFor(vm, s.blockSize);
  if (s.buffer === 0) return false;
  vm.blocks.markInternal(s.buffer);
  return true;
}

/** Writes the buffered output to the file; false (and the error flag) when the write fails. */
export function flushStream(vm: Machine, s: FileStream): boolean {
  if (s.pending === 0) return true;
  const bytes = vm.process.mmu.readBytes(s.buffer, s.pending);
  s.pending = 0;
  const written = vm.process.kernel.io.write(s.fd, bytes);
  if (written.ok) return true;
  setErrno(vm, ERRNO_NUMBERS[written.errno]);
  s.error = true;
  return false;
}

/** The next byte of the stream (refilling its buffer from the file), or EOF. */
export function streamGetc(vm: Machine, s: FileStream): number {
  if (!s.readable) {
    setErrno(vm, 9);
    s.error = true;
    return EOF;
  }
  if (s.readPos < s.readEnd) return vm.process.mmu.read8(s.buffer + s.readPos++);
  if (!ensureBuffer(vm, s) || !flushStream(vm, s)) return EOF;
  const got = vm.process.kernel.io.read(s.fd, s.blockSize);
  if (!got.ok) {
    setErrno(vm, ERRNO_NUMBERS[got.errno]);
    s.error = true;
    return EOF;
  }
  const bytes = got.value as Uint8Array;
  if (bytes.length === 0) {
    s.eof = true;
    return EOF;
  }
  vm.mem.writeBytes(s.buffer, bytes);
  s.readPos = 1;
  s.readEnd = bytes.length;
  return bytes[0];
}

/** Puts bytes back to be read again (ungetc of the byte just read). */
export function streamUnread(s: FileStream): void {
  if (s.readPos > 0) s.readPos--;
}

/**
 * A file stream as fscanf reads it (glibc's vfscanf on the FILE: inchar, then ungetc of the byte
 * that ended a conversion): bytes from the stream's buffer, and the byte just read put back by
 * stepping back in it (a refill happens only before a read, so that byte is still there).
 */
export class FileStreamCursor implements InputCursor {
  constructor(private readonly vm: Machine, private readonly stream: FileStream) {}
  read(): number {
    return streamGetc(this.vm, this.stream);
  }
  unread(): void {
    streamUnread(this.stream);
  }
}

/** Buffers output for the file; returns false when the stream cannot be written. */
export function streamWrite(vm: Machine, s: FileStream, bytes: Uint8Array): boolean {
  if (!s.writable) {
    setErrno(vm, 9);
    s.error = true;
    return false;
  }
  if (!ensureBuffer(vm, s)) return false;
  if (s.readEnd > s.readPos) {
    // Switching from reading to writing: the file position goes back to where the reader is.
    vm.process.kernel.io.lseek(s.fd, s.readPos - s.readEnd, 1);
  }
  s.readPos = s.readEnd = 0;
  let i = 0;
  while (i < bytes.length) {
    if (s.pending === s.blockSize && !flushStream(vm, s)) return false;
    const n = Math.min(s.blockSize - s.pending, bytes.length - i);
    vm.mem.writeBytes(s.buffer + s.pending, bytes.subarray(i, i + n));
    s.pending += n;
    i += n;
  }
  return true;
}

/** ftell: the file position less what is buffered unread, plus what is buffered unwritten. */
export function streamTell(vm: Machine, s: FileStream): number {
  const at = vm.process.kernel.io.lseek(s.fd, 0, 1);
  return at.ok ? at.value - (s.readEnd - s.readPos) + s.pending : -1;
}

/** fseek: buffered output is written, buffered input dropped, then the file position moves. */
export function streamSeek(vm: Machine, s: FileStream, offset: number, whence: number): number {
  if (!flushStream(vm, s)) return -1;
  const base = whence === 1 ? -(s.readEnd - s.readPos) : 0;
  const moved = vm.process.kernel.io.lseek(s.fd, offset + base, whence);
  if (!moved.ok) {
    setErrno(vm, ERRNO_NUMBERS[moved.errno]);
    return -1;
  }
  s.readPos = s.readEnd = 0;
  s.eof = false;
  return 0;
}

/** fclose: flush, close the descriptor, free the buffer, then the FILE. */
export function closeStream(vm: Machine, s: FileStream): number {
  const flushed = flushStream(vm, s);
  const closed = vm.process.kernel.close(s.fd);
  vm.libc.streams = vm.libc.streams.filter((x) => x !== s);
  if (s.buffer !== 0) vm.process.allocator.free(s.buffer);
  vm.process.allocator.free(s.file);
  return flushed && closed.ok ? 0 : EOF;
}

/** exit's _IO_cleanup: every open stream's output reaches its file (newest stream first). */
export function flushFileStreams(vm: Machine): void {
  for (const s of [...vm.libc.streams].reverse()) flushStream(vm, s);
}

/** The FILEs of open streams: held by libc's stream list (see leakRoots). */
export function openStreamFiles(vm: Machine): number[] {
  return vm.libc.streams.map((s) => s.file);
}
