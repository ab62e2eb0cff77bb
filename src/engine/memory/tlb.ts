/**
 * A fully associative TLB with least-recently-used replacement: `size` entries, each caching one
 * virtual page's PT entry. The MMU consults it before walking the page table; a hit costs nothing,
 * a miss costs the 4-level walk. Real x86 TLBs are set-associative with pseudo-LRU; a fully
 * associative LRU is the textbook model and shows the same effect (locality wins).
 *
 * Recency is a per-entry stamp from a counter, so a hit is one store; eviction scans for the
 * smallest stamp (the TLB is small, and eviction only happens on a miss). Lookup goes through an
 * open-addressing hash of the page numbers kept in typed arrays: a `Map` churned by an insert and
 * a delete on every miss was the slowest part of translation.
 */
export class Tlb {
  readonly vpns: Float64Array;
  readonly entries: Float64Array;
  readonly stamps: Float64Array;
  hits = 0;
  misses = 0;
  tick = 0;
  /** Hash index: slot + 1, or 0 for an empty bucket; linear probing. */
  private readonly buckets: Int32Array;
  private readonly mask: number;
  private used = 0;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`TLB size must be a positive integer, got ${size}`);
    this.vpns = new Float64Array(size).fill(-1);
    this.entries = new Float64Array(size);
    this.stamps = new Float64Array(size);
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
    this.stamps[slot] = ++this.tick;
  }

  /** Caches `entry` for `vpn`, evicting the least recently used entry if full; returns the slot. */
  insert(vpn: number, entry: number): number {
    let slot = this.slot(vpn);
    if (slot < 0) {
      slot = this.used < this.size ? this.used++ : this.leastRecentlyUsed();
      if (this.vpns[slot] >= 0) this.unindex(this.vpns[slot]);
      this.vpns[slot] = vpn;
      let i = bucketOf(vpn, this.mask);
      while (this.buckets[i] !== 0) i = (i + 1) & this.mask;
      this.buckets[i] = slot + 1;
    }
    this.entries[slot] = entry;
    this.stamps[slot] = ++this.tick;
    return slot;
  }

  /** invlpg: drops the entry for one page. Returns true if it was cached. */
  invalidate(vpn: number): boolean {
    const slot = this.slot(vpn);
    if (slot < 0) return false;
    this.unindex(vpn);
    this.vpns[slot] = -1;
    this.stamps[slot] = 0;
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
    this.buckets.fill(0);
    this.vpns.fill(-1);
    this.stamps.fill(0);
  }

  /** Cached pages, most recently used first (for views). */
  contents(): { vpn: number; entry: number }[] {
    const slots = [...this.vpns.keys()].filter((s) => this.vpns[s] >= 0);
    slots.sort((a, b) => this.stamps[b] - this.stamps[a]);
    return slots.map((s) => ({ vpn: this.vpns[s], entry: this.entries[s] }));
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

  private leastRecentlyUsed(): number {
    let victim = 0;
    for (let slot = 1; slot < this.size; slot++) {
      if (this.stamps[slot] < this.stamps[victim]) victim = slot;
    }
    return victim;
  }
}

function bucketOf(vpn: number, mask: number): number {
  // Fibonacci hashing of the low 32 bits of the page number (enough to spread neighbours).
  return (Math.imul(vpn | 0, 0x9e3779b1) >>> 7) & mask;
}
