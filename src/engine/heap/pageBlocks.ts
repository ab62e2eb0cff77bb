/**
 * The live blocks touching one page, sorted by start: the block registry's page index entry.
 *
 * Blocks allocated one after another in address order (a loop's mallocs from the top chunk, the
 * common case) have consecutive ids, so an entry starts as a run, `first` and `count`, with no
 * list at all: a million such blocks cost 20 KB of entries instead of 13 MB of arrays. The first
 * block that breaks the run (an id out of order, a free in the middle) turns it into a list.
 */
export class PageBlocks {
  /** The run's ids, first .. first + count - 1, while `list` is undefined. */
  private first: number;
  private count = 1;
  /** The ids, sorted by start, once they stopped being a run. */
  private list: number[] | undefined;

  constructor(id: number) {
    this.first = id;
  }

  get size(): number {
    return this.list === undefined ? this.count : this.list.length;
  }

  /** Adds block `id` (not yet in the entry); `starts` are the blocks' start addresses by id. */
  add(id: number, starts: Float64Array): void {
    const start = starts[id];
    if (this.list === undefined) {
      const last = this.first + this.count - 1;
      if (id === last + 1 && starts[last] < start) {
        this.count++;
        return;
      }
      this.list = this.ids();
    }
    const list = this.list;
    // Sorted by start; allocations mostly come in address order, so this is usually a push.
    let at = list.length;
    while (at > 0 && starts[list[at - 1]] > start) at--;
    if (at === list.length) list.push(id);
    else list.splice(at, 0, id);
  }

  /** Removes block `id` if the entry holds it (the registry drops an entry left empty). */
  remove(id: number): void {
    if (this.list === undefined) {
      const last = this.first + this.count - 1;
      if (id === last) this.count--;
      else if (id === this.first) {
        this.first++;
        this.count--;
      } else if (id > this.first && id < last) this.list = this.ids();
      if (this.list === undefined) return;
    }
    const i = this.list.indexOf(id);
    if (i >= 0) this.list.splice(i, 1);
  }

  /**
   * The block among these whose start is the last at or before addr, or 0 when none: blocks
   * never overlap, so it is the only candidate to contain addr.
   */
  candidate(addr: number, starts: Float64Array): number {
    const n = this.size;
    if (n === 0 || starts[this.at(0)] > addr) return 0;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[this.at(mid)] <= addr) lo = mid;
      else hi = mid - 1;
    }
    return this.at(lo);
  }

  /** The k-th block by start. */
  private at(k: number): number {
    return this.list === undefined ? this.first + k : this.list[k];
  }

  private ids(): number[] {
    return Array.from({ length: this.count }, (_, k) => this.first + k);
  }
}
