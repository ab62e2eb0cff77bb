import type { WatchedRange, WriteHit } from '../../../../engine/program/steppableProgram';

/**
 * The program's stores into watched byte ranges (data breakpoints). VmMemory asks `covers`
 * before anything else, so a store outside [lo, hi) costs two comparisons; a hit is noted and
 * `onHit` makes the machine consult its driver at the next statement, after the store's
 * statement has finished, as a debugger stops after the instruction that wrote.
 */
export class WriteWatch {
  lo = Infinity;
  hi = -Infinity;
  onHit: () => void = () => undefined;
  /** The line of the statement running now (each hit records its writer). */
  lineNow: () => number | undefined = () => undefined;
  private ranges: readonly WatchedRange[] = [];
  private hits: WriteHit[] = [];

  set(ranges: readonly WatchedRange[]): void {
    this.ranges = ranges;
    this.lo = Math.min(Infinity, ...ranges.map((r) => r.address));
    this.hi = Math.max(-Infinity, ...ranges.map((r) => r.address + r.size));
    this.hits = [];
  }

  /** A store of `size` bytes at `addr` that lies (partly) in [lo, hi). */
  stored(addr: number, size: number): void {
    for (const range of this.ranges) {
      if (addr < range.address + range.size && addr + size > range.address) {
        const line = this.lineNow();
        this.hits.push({ range, address: addr, size, ...(line !== undefined ? { line } : {}) });
        this.onHit();
      }
    }
  }

  take(): WriteHit[] {
    const hits = this.hits;
    this.hits = [];
    return hits;
  }
}
