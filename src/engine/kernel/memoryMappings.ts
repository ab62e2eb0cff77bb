import type { AddressSpace } from '../addressSpace/addressSpace';
import { MMAP_BASE, PAGE_SIZE, USER_SPACE_END, hex, pageDown, pageUp } from '../addressSpace/layout';
import type { FileBacking, Vma } from '../addressSpace/vma';
import { MMAP_MIN_ADDR } from '../memory/accessCheck';
import type { Paging } from '../memory/paging';
import type { FileDescriptors } from './fileDescriptors';
import {
  MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE,
  MAP_TYPE, MADVISE_HINTS, MADV_DONTNEED, PROT_WRITE, protectionFromBits,
} from './mmanConstants';
import { type SyscallResult, fail, ok } from './syscallResult';

/** The arguments of mmap(2), with C's numeric flags. */
export interface MmapRequest {
  readonly addr: number;
  readonly length: number;
  readonly prot: number;
  readonly flags: number;
  readonly fd: number;
  readonly offset: number;
}

/**
 * mmap, munmap, mprotect and msync on the process's VMAs and page table, with the checks and the
 * placement of mm/mmap.c: a free hint is honoured, otherwise the highest gap below mmap_base
 * (top-down, so new mappings stack downwards under the shared libraries).
 */
export class MemoryMappings {
  constructor(
    private readonly space: AddressSpace,
    private readonly paging: Paging,
    private readonly fds: FileDescriptors,
  ) {}

  mmap(request: MmapRequest): SyscallResult<number> {
    const { addr, length, flags, fd, offset } = request;
    const type = flags & MAP_TYPE;
    if (length <= 0) return fail('EINVAL', 'mmap: length must be positive');
    if (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_SHARED_VALIDATE) {
      return fail('EINVAL', 'mmap: flags must contain exactly one of MAP_SHARED and MAP_PRIVATE');
    }
    if (offset % PAGE_SIZE !== 0 || offset < 0) return fail('EINVAL', 'mmap: offset must be a multiple of the page size');
    const len = pageUp(length);
    if (len >= USER_SPACE_END) return fail('ENOMEM', 'mmap: length exceeds the address space');
    const shared = type !== MAP_PRIVATE;
    const prot = protectionFromBits(request.prot);

    let file: FileBacking | undefined;
    if ((flags & MAP_ANONYMOUS) === 0) {
      const descriptor = this.fds.descriptor(fd);
      if (!descriptor) return fail('EBADF', `mmap: ${fd} is not an open file descriptor`);
      // A pipe (the standard streams) or a /proc file has no pages to map.
      if (descriptor.kind === 'stream' || descriptor.proc) return fail('ENODEV', `mmap: descriptor ${fd} is not a file that can be mapped`);
      const open = descriptor;
      if (open.mode === 'write-only') return fail('EACCES', 'mmap: the file was opened O_WRONLY (a mapping needs read access)');
      if (shared && (request.prot & PROT_WRITE) !== 0 && open.mode === 'read-only') {
        return fail('EACCES', 'mmap: a writable MAP_SHARED mapping needs the file open for writing');
      }
      file = { path: open.file.path, offset, device: open.file.device, inode: open.file.inode };
    }

    const placed = this.place(addr, len, flags);
    if (!placed.ok) return placed;
    const start = placed.value;
    if ((flags & MAP_FIXED) !== 0 && (flags & MAP_FIXED_NOREPLACE) === 0) this.release(start, start + len);
    const vma: Vma = file
      ? { start, end: start + len, prot, shared, role: 'mmap-file', file }
      : { start, end: start + len, prot, shared, role: 'mmap-anon', label: shared ? '/dev/zero (deleted)' : undefined };
    this.space.map(vma);
    this.space.mergeAround(start, start + len);
    if ((flags & MAP_POPULATE) !== 0) this.populate(start, start + len, prot.write && !shared);
    return ok(start);
  }

  munmap(addr: number, length: number): SyscallResult<0> {
    if (addr % PAGE_SIZE !== 0) return fail('EINVAL', `munmap: ${hex(addr)} is not page-aligned`);
    if (length <= 0) return fail('EINVAL', 'munmap: length must be positive');
    const end = addr + pageUp(length);
    if (end > USER_SPACE_END) return fail('EINVAL', 'munmap: range leaves user space');
    // Unmapping a range with nothing in it is not an error.
    this.release(addr, end);
    return ok(0);
  }

  mprotect(addr: number, length: number, protBits: number): SyscallResult<0> {
    if (addr % PAGE_SIZE !== 0) return fail('EINVAL', `mprotect: ${hex(addr)} is not page-aligned`);
    if (length === 0) return ok(0);
    const end = addr + pageUp(length);
    if (!this.space.isFullyMapped(addr, end)) return fail('ENOMEM', `mprotect: ${hex(addr)}-${hex(end)} is not fully mapped`);
    const prot = protectionFromBits(protBits);
    this.space.protect(addr, end, prot);
    this.paging.reprotectRange(addr, end, prot, (a) => this.space.find(a));
    return ok(0);
  }

  /** msync: writes the dirty pages of shared file mappings in the range back to their files. */
  msync(addr: number, length: number): SyscallResult<0> {
    if (addr % PAGE_SIZE !== 0) return fail('EINVAL', `msync: ${hex(addr)} is not page-aligned`);
    const end = addr + pageUp(Math.max(length, 1));
    if (!this.space.isFullyMapped(addr, end)) return fail('ENOMEM', `msync: ${hex(addr)}-${hex(end)} is not fully mapped`);
    this.paging.writeBackRange(addr, end);
    return ok(0);
  }

  /**
   * madvise (mm/madvise.c): MADV_DONTNEED drops the pages of [addr, addr + length) — RSS falls,
   * and the next touch faults in a zero page (anonymous memory) or the file's bytes (a file
   * mapping; a shared mapping's dirty pages reach the file first). The other advice values this
   * accepts are hints that change nothing the simulation shows. Holes in the range give ENOMEM
   * after the mapped parts were advised, as on Linux.
   */
  madvise(addr: number, length: number, advice: number): SyscallResult<0> {
    if (addr % PAGE_SIZE !== 0) return fail('EINVAL', `madvise: ${hex(addr)} is not page-aligned`);
    if (!MADVISE_HINTS.has(advice) && advice !== MADV_DONTNEED) return fail('EINVAL', `madvise: advice ${advice} is not one the simulation knows`);
    if (length < 0) return fail('EINVAL', 'madvise: length is negative');
    if (length === 0) return ok(0);
    const end = addr + pageUp(length);
    if (end > USER_SPACE_END) return fail('ENOMEM', 'madvise: the range leaves user space');
    if (advice === MADV_DONTNEED) {
      for (const vma of this.space.list()) {
        const start = Math.max(vma.start, addr);
        const stop = Math.min(vma.end, end);
        if (start < stop) this.paging.releaseRange(start, stop);
      }
    }
    return this.space.isFullyMapped(addr, end) ? ok(0) : fail('ENOMEM', `madvise: ${hex(addr)}-${hex(end)} is not fully mapped`);
  }

  /** Frees pages and VMAs of [start, end) (munmap, MAP_FIXED replacing, brk shrinking). */
  release(start: number, end: number): void {
    this.paging.releaseRange(start, end);
    this.space.unmap(start, end);
  }

  private place(addr: number, len: number, flags: number): SyscallResult<number> {
    if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) !== 0) {
      if (addr % PAGE_SIZE !== 0) return fail('EINVAL', `mmap: MAP_FIXED address ${hex(addr)} is not page-aligned`);
      if (addr < MMAP_MIN_ADDR) return fail('EPERM', `mmap: ${hex(addr)} is below vm.mmap_min_addr (${hex(MMAP_MIN_ADDR)})`);
      if (addr + len > USER_SPACE_END) return fail('ENOMEM', 'mmap: range leaves user space');
      if ((flags & MAP_FIXED_NOREPLACE) !== 0 && this.space.overlaps(addr, addr + len)) {
        return fail('EEXIST', `mmap: MAP_FIXED_NOREPLACE range ${hex(addr)} overlaps a mapping`);
      }
      return ok(addr);
    }
    // A hint is used when the range there is free (round_hint_to_min, then the hint check).
    let hint = pageDown(Math.max(0, addr));
    if (hint !== 0 && hint < MMAP_MIN_ADDR) hint = MMAP_MIN_ADDR;
    if (hint !== 0 && hint + len <= USER_SPACE_END && !this.space.overlaps(hint, hint + len)) return ok(hint);
    const start = this.space.findFreeTopDown(len, MMAP_BASE, MMAP_MIN_ADDR);
    return start === undefined ? fail('ENOMEM', `mmap: no free range of ${len} bytes`) : ok(start);
  }

  /**
   * MAP_POPULATE faults the pages in now; a private writable mapping is populated with write
   * faults (populate_vma_page_range sets FOLL_WRITE), so its pages start dirty.
   */
  private populate(start: number, end: number, write: boolean): void {
    for (let page = start; page < end; page += PAGE_SIZE) {
      const vpn = page / PAGE_SIZE;
      this.paging.residentFrameForKernel(vpn);
      if (write) this.paging.markDirty(vpn, this.paging.pageTable.entry(vpn));
    }
  }
}
