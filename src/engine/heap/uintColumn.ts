const TWO_32 = 2 ** 32;

/**
 * A growable column of integers in [0, 2^48) (steps, byte counts), indexed from 0: 4 bytes an
 * entry while every value fits in 32 bits, 6 once one does not (the high parts are made then).
 * A Float64Array would hold the same values in 8: over a million heap blocks, each such column
 * is 4 MB smaller, and a run reaches 2^32 steps only after an hour.
 */
export class UintColumn {
  private lo: Uint32Array;
  private hi: Uint16Array | undefined;

  constructor(capacity: number) {
    this.lo = new Uint32Array(capacity);
  }

  get(i: number): number {
    const hi = this.hi;
    return hi === undefined ? this.lo[i] : this.lo[i] + hi[i] * TWO_32;
  }

  set(i: number, value: number): void {
    if (value >>> 0 === value) {
      this.lo[i] = value;
      if (this.hi !== undefined) this.hi[i] = 0;
      return;
    }
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** 48) throw new RangeError(`internal: ${value} does not fit a 48-bit column`);
    this.hi ??= new Uint16Array(this.lo.length);
    const high = Math.floor(value / TWO_32);
    this.hi[i] = high;
    this.lo[i] = value - high * TWO_32;
  }

  /** Makes room for `capacity` entries, keeping the values. */
  grow(capacity: number): void {
    const lo = new Uint32Array(capacity);
    lo.set(this.lo);
    this.lo = lo;
    if (this.hi !== undefined) {
      const hi = new Uint16Array(capacity);
      hi.set(this.hi);
      this.hi = hi;
    }
  }
}
