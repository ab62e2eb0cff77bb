/**
 * The size the program asked for, per live user pointer, kept beside the simulated bytes (it is not
 * part of any allocator's state) for fragmentation figures and views.
 *
 * Heap pointers are dense: 16-byte aligned, in one range that grows with the break. They index a
 * Uint32Array by (ptr - base) / 16, which costs one typed-array store per allocation and no JS
 * objects; anything else (mmapped chunks, huge requests, a non-contiguous heap) goes to a Map.
 */
const MAX_DENSE_SLOTS = 2 ** 28; // covers a 4 GiB heap
const MAX_DENSE_VALUE = 0xfffffffe; // stored as requested + 1; 0 means "none"

export class RequestedSizeTable {
  private base = -1;
  private dense = new Uint32Array(0);
  private readonly sparse = new Map<number, number>();

  private slot(ptr: number): number {
    if (this.base < 0) this.base = ptr - (ptr % 4096);
    const offset = ptr - this.base;
    if (offset < 0 || offset % 16 !== 0) return -1;
    const i = offset / 16;
    return i < MAX_DENSE_SLOTS ? i : -1;
  }

  set(ptr: number, requested: number): void {
    const i = this.slot(ptr);
    if (i < 0 || requested > MAX_DENSE_VALUE - 1) {
      this.sparse.set(ptr, requested);
      return;
    }
    if (i >= this.dense.length) {
      const grown = new Uint32Array(Math.min(MAX_DENSE_SLOTS, Math.max(1024, (i + 1) * 2)));
      grown.set(this.dense);
      this.dense = grown;
    }
    this.dense[i] = requested + 1;
  }

  get(ptr: number): number | undefined {
    const fromMap = this.sparse.get(ptr);
    if (fromMap !== undefined) return fromMap;
    const i = this.slot(ptr);
    if (i < 0 || i >= this.dense.length || this.dense[i] === 0) return undefined;
    return this.dense[i] - 1;
  }

  delete(ptr: number): void {
    if (this.sparse.delete(ptr)) return;
    const i = this.slot(ptr);
    if (i >= 0 && i < this.dense.length) this.dense[i] = 0;
  }
}
