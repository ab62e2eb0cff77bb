import type { Process } from '../process';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../kernel/mmanConstants';
import type { ManagedObjectKind } from './managedHeap';
import type { Mapping } from './heapState';

/** V8's regular page (MemoryChunk) on x64: 256 KiB, aligned to its size. */
export const PAGE_BYTES = 256 * 1024;
/**
 * The page header (V8's MemoryChunk fields: flags, owner, slot sets, marking bitmap pointer...)
 * before the object area. Its exact size varies between V8 versions; 256 bytes stands for it.
 */
export const PAGE_HEADER_BYTES = 256;
/** Objects above this go to large-object space (V8's kMaxRegularHeapObjectSize on x64). */
export const MAX_REGULAR_OBJECT_BYTES = 128 * 1024;

/** Thrown when the kernel refuses the heap a mapping: V8's "JavaScript heap out of memory". */
export class HeapOutOfMemory extends Error {
  constructor(readonly requestedBytes: number, reason: string) {
    super(`JavaScript heap out of memory: ${reason}`);
  }
}

const KINDS: readonly ManagedObjectKind[] = ['object', 'array', 'elements', 'function', 'context', 'string', 'hash-table', 'array-buffer', 'other'];
/** A filler's stand-in map word (V8 writes a FreeSpace or one-pointer filler object into freed gaps). */
const FILLER_MAP_WORD = 0xf1;

/**
 * The heap's use of the process's memory: its spaces are anonymous private mappings, aligned as
 * V8 aligns pages (it maps more than it needs and unmaps the ends), and every object written
 * touches its pages, so RSS and page faults see the heap.
 */
export class SpaceMemory {
  constructor(public process: Process) {}

  /** An anonymous mapping of `length` bytes aligned to `align` (a power of two, a multiple of 4 KiB). */
  mapAligned(length: number, align: number): Mapping {
    const kernel = this.process.kernel;
    const prot = PROT_READ | PROT_WRITE;
    const flags = MAP_PRIVATE | MAP_ANONYMOUS;
    const reserved = kernel.mmap(0, length + align, prot, flags);
    if (!reserved.ok) throw new HeapOutOfMemory(length, reserved.message);
    const base = reserved.value;
    const start = Math.ceil(base / align) * align;
    if (start > base) kernel.munmap(base, start - base);
    const tail = base + length + align - (start + length);
    if (tail > 0) kernel.munmap(start + length, tail);
    return { start, length };
  }

  unmap(mapping: Mapping): void {
    this.process.kernel.munmap(mapping.start, mapping.length);
  }

  /**
   * A new object's bytes: V8 initialises every field (to undefined or a filler), so the whole
   * object is written. The first word stands in for the map pointer (a tagged word naming the
   * object's kind), the second holds its size; the language keeps the field values itself.
   */
  writeObject(address: number, bytes: number, kind: ManagedObjectKind): void {
    const mmu = this.process.mmu;
    mmu.fill(address, bytes, 0);
    mmu.write64(address, (KINDS.indexOf(kind) << 3) | 1);
    if (bytes >= 16) mmu.write64(address + 8, bytes);
  }

  /** A moved object's bytes, copied as the scavenger and compactor copy them; the old copy's map word becomes the forwarding address. */
  moveObject(from: number, to: number, bytes: number): void {
    const mmu = this.process.mmu;
    mmu.writeBytes(to, mmu.readBytes(from, bytes));
    mmu.write64(from, to);
  }

  /** A freed gap in an old page: a filler object (map word and size) so the page stays iterable. */
  writeFiller(address: number, bytes: number): void {
    const mmu = this.process.mmu;
    mmu.write64(address, FILLER_MAP_WORD);
    if (bytes >= 16) mmu.write64(address + 8, bytes);
  }
}
