import type { AddressSpace } from '../addressSpace/addressSpace';
import type { Paging } from '../memory/paging';
import type { FileStore, SimulatedFile } from '../memory/simulatedFile';
import { type FileDescriptors, type OpenFile, type OpenMode, type ProcFileName, type StandardStream } from './fileDescriptors';
import { type SyscallResult, fail, ok } from './syscallResult';

/** <fcntl.h> open flags on x86-64 Linux. */
export const O_ACCMODE = 0o3;
export const O_RDONLY = 0o0;
export const O_WRONLY = 0o1;
export const O_RDWR = 0o2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_DIRECTORY = 0o200000;

export const SEEK_SET = 0;
export const SEEK_CUR = 1;
export const SEEK_END = 2;

/** The largest file offset (MAX_LFS_FILESIZE on 64-bit). */
const MAX_OFFSET = Number.MAX_SAFE_INTEGER;

/** A read or write on one of the standard streams: the C library side does it (stdin's text, the output). */
export interface StreamIo {
  readonly stream: StandardStream;
}

const PROC_SELF = /^\/proc\/(?:self|(\d+))\/(maps|status|smaps_rollup)$/;

/**
 * open, read, write, lseek, ftruncate and close on the simulated file system (fs/open.c,
 * fs/read_write.c): files are flat paths holding bytes; /proc/self/{maps,status,smaps_rollup}
 * are made from the process when read from their start. A read of a file that is mapped
 * MAP_SHARED first writes the mapping's dirty pages back, so it sees what the program stored
 * through the mapping (on Linux both are the same page-cache pages).
 */
export class FileIo {
  constructor(
    private readonly fds: FileDescriptors,
    private readonly files: FileStore,
    private readonly space: AddressSpace,
    private readonly paging: Paging,
    private readonly pid: number,
    /** The kernel, which makes /proc's text (an object, not a closure: checkpoints copy it with the process). */
    private readonly proc: { procText(name: ProcFileName): string },
  ) {}

  open(path: string, flags: number): SyscallResult<number> {
    const access = flags & O_ACCMODE;
    if (access === O_ACCMODE) return fail('EINVAL', `open("${path}"): the access mode must be O_RDONLY, O_WRONLY or O_RDWR`);
    const mode: OpenMode = access === O_RDONLY ? 'read-only' : access === O_WRONLY ? 'write-only' : 'read-write';
    if (path === '') return fail('ENOENT', 'open(""): an empty path names no file');
    const proc = PROC_SELF.exec(path);
    if (proc) {
      if (proc[1] !== undefined && Number(proc[1]) !== this.pid) return fail('ENOENT', `open("${path}"): no process ${proc[1]} on the simulated machine`);
      if (mode !== 'read-only') return fail('EACCES', `open("${path}"): /proc/self/${proc[2]} is read-only`);
      const file = this.files.get(path) ?? this.files.create(path, '', { device: '00:16', inode: 4026531840 + proc[2].length });
      return ok(this.fds.install({ kind: 'file', file, mode, append: false, position: 0, proc: proc[2] as ProcFileName }));
    }
    if (path.startsWith('/proc/') || path === '/proc') return fail('ENOENT', `open("${path}"): the simulated /proc has only /proc/self/maps, status and smaps_rollup`);
    if ((flags & O_DIRECTORY) !== 0 || path.endsWith('/')) return fail('ENOTDIR', `open("${path}"): the simulated file system has no directories`);
    let file = this.files.get(path);
    if (file && (flags & O_CREAT) !== 0 && (flags & O_EXCL) !== 0) return fail('EEXIST', `open("${path}", O_CREAT | O_EXCL): the file exists`);
    if (!file) {
      if ((flags & O_CREAT) === 0) return fail('ENOENT', `open("${path}"): no such file`);
      file = this.files.create(path);
    }
    if ((flags & O_TRUNC) !== 0 && mode !== 'read-only') file.truncate(0);
    return ok(this.fds.install({ kind: 'file', file, mode, append: (flags & O_APPEND) !== 0, position: 0 }));
  }

  /** read(fd, buf, count): the bytes read (fewer at the end of the file, none past it). */
  read(fd: number, count: number): SyscallResult<Uint8Array | StreamIo> {
    const d = this.fds.descriptor(fd);
    if (!d) return fail('EBADF', `read(${fd}): not an open file descriptor`);
    if (d.kind === 'stream') return ok({ stream: d.stream });
    if (d.mode === 'write-only') return fail('EBADF', `read(${fd}): the file was opened O_WRONLY`);
    if (d.proc && d.position === 0) this.regenerate(d);
    this.writeBackMappings(d.file);
    const bytes = d.file.readAt(d.position, count);
    d.position += bytes.length;
    return ok(bytes);
  }

  /** write(fd, buf, count): all the bytes, at the position (or the end, with O_APPEND). */
  write(fd: number, bytes: Uint8Array): SyscallResult<number | StreamIo> {
    const d = this.fds.descriptor(fd);
    if (!d) return fail('EBADF', `write(${fd}): not an open file descriptor`);
    if (d.kind === 'stream') return ok({ stream: d.stream });
    if (d.mode === 'read-only') return fail('EBADF', `write(${fd}): the file was opened O_RDONLY`);
    if (d.append) d.position = d.file.size;
    if (bytes.length === 0) return ok(0);
    if (d.position + bytes.length > MAX_OFFSET) return fail('EFBIG', `write(${fd}): the file would pass the largest offset`);
    d.file.write(d.position, bytes);
    d.position += bytes.length;
    return ok(bytes.length);
  }

  lseek(fd: number, offset: number, whence: number): SyscallResult<number> {
    const d = this.fds.descriptor(fd);
    if (!d) return fail('EBADF', `lseek(${fd}): not an open file descriptor`);
    if (d.kind === 'stream') return fail('ESPIPE', `lseek(${fd}): the standard streams are pipes, which cannot seek`);
    const base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? d.position : whence === SEEK_END ? d.file.size : undefined;
    if (base === undefined) return fail('EINVAL', `lseek(${fd}): whence must be SEEK_SET, SEEK_CUR or SEEK_END`);
    const to = base + offset;
    if (to < 0 || to > MAX_OFFSET) return fail('EINVAL', `lseek(${fd}): the resulting offset ${to} is negative or too large`);
    d.position = to;
    return ok(to);
  }

  ftruncate(fd: number, length: number): SyscallResult<0> {
    const d = this.fds.descriptor(fd);
    if (!d) return fail('EBADF', `ftruncate(${fd}): not an open file descriptor`);
    if (length < 0) return fail('EINVAL', `ftruncate(${fd}, ${length}): the length is negative`);
    // do_sys_ftruncate: EINVAL for anything but a regular file open for writing.
    if (d.kind === 'stream' || d.mode === 'read-only' || d.proc) return fail('EINVAL', `ftruncate(${fd}): not a regular file open for writing`);
    this.writeBackMappings(d.file);
    d.file.truncate(length);
    return ok(0);
  }

  /** The size of the file behind fd (fstat's st_size), for the C library's buffering decisions. */
  descriptorFile(fd: number): OpenFile | undefined {
    return this.fds.get(fd);
  }

  private regenerate(d: OpenFile): void {
    const text = new TextEncoder().encode(this.proc.procText(d.proc!));
    d.file.truncate(0);
    d.file.write(0, text);
  }

  /** Dirty pages of MAP_SHARED mappings of `file` go to the file first (they are its page cache on Linux). */
  private writeBackMappings(file: SimulatedFile): void {
    for (const vma of this.space.list()) {
      if (vma.shared && vma.file?.path === file.path) this.paging.writeBackRange(vma.start, vma.end);
    }
  }
}
