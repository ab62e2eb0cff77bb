import { CowColumn, type Forkable, forkState } from '../memory/copyOnWrite';

/**
 * The size the program asked for, per live user pointer, kept beside the simulated bytes (it is not
 * part of any allocator's state) for fragmentation figures and views.
 *
 * Heap pointers are dense: 16-byte aligned, in one range that grows with the break. They index a
 * column of 16-bit numbers by (ptr - base) / 16, which costs one typed-array store per allocation,
 * no JS objects and 2 bytes per 16 bytes of heap; anything else (mmapped chunks, requests of 64 KiB
 * and more, a non-contiguous heap) goes to a Map. The column is copy-on-write between the machine
 * and its checkpoints (see copyOnWrite.ts).
 */
const MAX_DENSE_SLOTS = 2 ** 28; // covers a 4 GiB heap
const MAX_DENSE_VALUE = 0xffff; // stored as requested + 1; 0 means "none"

export class RequestedSizeTable implements Forkable {
  private base = -1;
  private dense = new CowColumn((n) => new Uint16Array(n), 0);
  private sparse = new Map<number, number>();

  private slot(ptr: number): number {
    if (this.base < 0) this.base = ptr - (ptr % 4096);
    const offset = ptr - this.base;
    if (offset < 0 || offset % 16 !== 0) return -1;
    const i = offset / 16;
    return i < MAX_DENSE_SLOTS ? i : -1;
  }

  set(ptr: number, requested: number): void {
    // A large request (an mmapped chunk, far from the heap) must not become the column's base.
    const i = requested > MAX_DENSE_VALUE - 1 && this.base < 0 ? -1 : this.slot(ptr);
    if (i < 0 || requested > MAX_DENSE_VALUE - 1) {
      this.sparse.set(ptr, requested);
      if (i >= 0) this.dense.set(i, 0);
      return;
    }
    this.dense.set(i, requested + 1);
    if (this.sparse.size > 0) this.sparse.delete(ptr);
  }

  get(ptr: number): number | undefined {
    const fromMap = this.sparse.get(ptr);
    if (fromMap !== undefined) return fromMap;
    const i = this.slot(ptr);
    if (i < 0) return undefined;
    const stored = this.dense.get(i);
    return stored === 0 ? undefined : stored - 1;
  }

  delete(ptr: number): void {
    if (this.sparse.delete(ptr)) return;
    const i = this.slot(ptr);
    if (i >= 0) this.dense.set(i, 0);
  }

  [forkState](): this {
    const copy = Object.assign(Object.create(RequestedSizeTable.prototype) as RequestedSizeTable, this);
    copy.dense = this.dense[forkState]();
    copy.sparse = new Map(this.sparse);
    return copy as this;
  }
}
