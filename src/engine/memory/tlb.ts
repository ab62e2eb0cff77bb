/**
 * A fully associative TLB with least-recently-used replacement: `size` entries, each caching one
 * virtual page's PT entry. The MMU consults it before walking the page table; a hit costs nothing,
 * a miss costs the 4-level walk. Real x86 TLBs are set-associative with pseudo-LRU; a fully
 * associative LRU is the textbook model and shows the same effect (locality wins).
 *
 * Recency is a doubly linked list of slots kept in typed arrays, most recent at the head: a hit on
 * the head (the usual case: the same page again) costs one comparison, eviction takes the tail.
 * Lookup goes through an open-addressing hash of page numbers, also in typed arrays: a `Map`
 * churned by an insert and a delete on every miss was the slowest part of translation.
 */
export class Tlb {
  readonly vpns: Float64Array;
  readonly entries: Float64Array;
  hits = 0;
  misses = 0;
  /** The most recently used slot. */
  head = 0;
  private tail: number;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  /** Hash index: slot + 1, or 0 for an empty bucket; linear probing. */
  private readonly buckets: Int32Array;
  private readonly mask: number;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`TLB size must be a positive integer, got ${size}`);
    this.vpns = new Float64Array(size).fill(-1);
    this.entries = new Float64Array(size);
    this.prev = new Int32Array(size);
    this.next = new Int32Array(size);
    for (let slot = 0; slot < size; slot++) {
      this.prev[slot] = slot - 1;
      this.next[slot] = slot + 1 < size ? slot + 1 : -1;
    }
    this.tail = size - 1;
    let capacity = 16;
    while (capacity < size * 4) capacity *= 2;
    this.buckets = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The slot caching `vpn`, or -1. Does not count: the MMU counts hits and misses. */
  slot(vpn: number): number {
    const buckets = this.buckets;
    for (let i = bucketOf(vpn, this.mask); ; i = (i + 1) & this.mask) {
      const held = buckets[i];
      if (held === 0) return -1;
      if (this.vpns[held - 1] === vpn) return held - 1;
    }
  }

  /** Marks a slot most recently used. */
  touch(slot: number): void {
    if (slot === this.head) return;
    this.unlink(slot);
    this.linkAtHead(slot);
  }

  /** Caches `entry` for `vpn`, evicting the least recently used entry if full; returns the slot. */
  insert(vpn: number, entry: number): number {
    const present = this.slot(vpn);
    if (present < 0) return this.insertMissing(vpn, entry);
    this.entries[present] = entry;
    this.touch(present);
    return present;
  }

  /** `insert` for a page known not to be cached (the MMU has just looked it up and missed). */
  insertMissing(vpn: number, entry: number): number {
    const slot = this.tail;
    if (this.vpns[slot] >= 0) this.unindex(this.vpns[slot]);
    this.vpns[slot] = vpn;
    const mask = this.mask;
    let i = bucketOf(vpn, mask);
    while (this.buckets[i] !== 0) i = (i + 1) & mask;
    this.buckets[i] = slot + 1;
    this.entries[slot] = entry;
    this.touch(slot);
    return slot;
  }

  /** invlpg: drops the entry for one page (its slot becomes the next to be reused). */
  invalidate(vpn: number): boolean {
    const slot = this.slot(vpn);
    if (slot < 0) return false;
    this.unindex(vpn);
    this.vpns[slot] = -1;
    if (slot !== this.tail) {
      this.unlink(slot);
      this.linkAtTail(slot);
    }
    return true;
  }

  /** Drops the entries of pages in [firstVpn, endVpn) (a ranged flush after munmap/mprotect). */
  invalidateRange(firstVpn: number, endVpn: number): void {
    for (let slot = 0; slot < this.size; slot++) {
      const vpn = this.vpns[slot];
      if (vpn >= firstVpn && vpn < endVpn) this.invalidate(vpn);
    }
  }

  flush(): void {
    for (let slot = 0; slot < this.size; slot++) if (this.vpns[slot] >= 0) this.invalidate(this.vpns[slot]);
  }

  /** Cached pages, most recently used first (for views). */
  contents(): { vpn: number; entry: number }[] {
    const out: { vpn: number; entry: number }[] = [];
    for (let slot = this.head; slot >= 0; slot = this.next[slot]) {
      if (this.vpns[slot] >= 0) out.push({ vpn: this.vpns[slot], entry: this.entries[slot] });
    }
    return out;
  }

  private unlink(slot: number): void {
    const p = this.prev[slot];
    const n = this.next[slot];
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }

  private linkAtHead(slot: number): void {
    this.prev[slot] = -1;
    this.next[slot] = this.head;
    if (this.head >= 0) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail < 0) this.tail = slot;
  }

  private linkAtTail(slot: number): void {
    this.next[slot] = -1;
    this.prev[slot] = this.tail;
    if (this.tail >= 0) this.next[this.tail] = slot;
    this.tail = slot;
    if (this.head < 0) this.head = slot;
  }

  /** Removes `vpn` from the hash, shifting later entries of its probe run back (no tombstones). */
  private unindex(vpn: number): void {
    const { buckets, mask } = this;
    let i = bucketOf(vpn, mask);
    while (buckets[i] !== 0 && this.vpns[buckets[i] - 1] !== vpn) i = (i + 1) & mask;
    if (buckets[i] === 0) return;
    let hole = i;
    for (let j = (i + 1) & mask; buckets[j] !== 0; j = (j + 1) & mask) {
      const home = bucketOf(this.vpns[buckets[j] - 1], mask);
      // Move j into the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (!stays) {
        buckets[hole] = buckets[j];
        hole = j;
      }
    }
    buckets[hole] = 0;
  }
}

function bucketOf(vpn: number, mask: number): number {
  // Fibonacci hashing of the low 32 bits of the page number (enough to spread neighbours).
  return (Math.imul(vpn | 0, 0x9e3779b1) >>> 7) & mask;
}
