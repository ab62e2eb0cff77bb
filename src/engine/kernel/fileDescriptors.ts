import type { FileStore, SimulatedFile } from '../memory/simulatedFile';
import { type SyscallResult, fail, ok } from './syscallResult';

export type OpenMode = 'read-only' | 'read-write';

export interface OpenFile {
  readonly file: SimulatedFile;
  readonly mode: OpenMode;
}

/**
 * The process's file descriptor table, as far as mmap needs it: 0-2 are the standard streams,
 * open() hands out the lowest free number from 3 up (POSIX requires the lowest).
 */
export class FileDescriptors {
  private readonly open = new Map<number, OpenFile>();

  constructor(private readonly files: FileStore) {}

  openFile(path: string, mode: OpenMode, create = false): SyscallResult<number> {
    let file = this.files.get(path);
    if (!file) {
      if (!create) return fail('ENOENT', `open("${path}"): no such file`);
      file = this.files.create(path);
    }
    let fd = 3;
    while (this.open.has(fd)) fd++;
    this.open.set(fd, { file, mode });
    return ok(fd);
  }

  close(fd: number): SyscallResult<0> {
    return this.open.delete(fd) ? ok(0) : fail('EBADF', `close(${fd}): not an open file descriptor`);
  }

  get(fd: number): OpenFile | undefined {
    return this.open.get(fd);
  }
}
