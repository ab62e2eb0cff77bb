import type { FileStore, SimulatedFile } from '../memory/simulatedFile';
import { type SyscallResult, fail, ok } from './syscallResult';

export type OpenMode = 'read-only' | 'read-write' | 'write-only';

/** The standard streams a process starts with: pipes (or a terminal) that the C library reads and writes. */
export type StandardStream = 'stdin' | 'stdout' | 'stderr';

/** A descriptor for a file of the simulated file system, with its file position (the open file description). */
export interface OpenFile {
  readonly kind: 'file';
  readonly file: SimulatedFile;
  readonly mode: OpenMode;
  /** O_APPEND: every write goes to the end of the file. */
  readonly append: boolean;
  /** Where the next read or write starts. */
  position: number;
  /**
   * A file of /proc, whose text the kernel makes when it is read from its start (seq_file
   * regenerates it then), so each read from offset 0 shows the process as it is at that moment.
   */
  readonly proc?: ProcFileName;
}

/** /proc/self files a program can read. */
export type ProcFileName = 'maps' | 'status' | 'smaps_rollup';

export interface StreamDescriptor {
  readonly kind: 'stream';
  readonly stream: StandardStream;
}

export type Descriptor = OpenFile | StreamDescriptor;

/**
 * The process's file descriptor table: 0-2 are the standard streams, open() hands out the lowest
 * free number (POSIX requires the lowest, so closing 0 and opening a file gives 0).
 */
export class FileDescriptors {
  private readonly open = new Map<number, Descriptor>([
    [0, { kind: 'stream', stream: 'stdin' }],
    [1, { kind: 'stream', stream: 'stdout' }],
    [2, { kind: 'stream', stream: 'stderr' }],
  ]);

  constructor(private readonly files: FileStore) {}

  openFile(path: string, mode: OpenMode, create = false): SyscallResult<number> {
    let file = this.files.get(path);
    if (!file) {
      if (!create) return fail('ENOENT', `open("${path}"): no such file`);
      file = this.files.create(path);
    }
    return ok(this.install({ kind: 'file', file, mode, append: false, position: 0 }));
  }

  /** Puts a descriptor at the lowest free number. */
  install(descriptor: Descriptor): number {
    let fd = 0;
    while (this.open.has(fd)) fd++;
    this.open.set(fd, descriptor);
    return fd;
  }

  close(fd: number): SyscallResult<0> {
    return this.open.delete(fd) ? ok(0) : fail('EBADF', `close(${fd}): not an open file descriptor`);
  }

  /** The open file behind `fd` (undefined for a standard stream or a closed number). */
  get(fd: number): OpenFile | undefined {
    const d = this.open.get(fd);
    return d?.kind === 'file' ? d : undefined;
  }

  descriptor(fd: number): Descriptor | undefined {
    return this.open.get(fd);
  }

  isOpen(fd: number): boolean {
    return this.open.has(fd);
  }
}
