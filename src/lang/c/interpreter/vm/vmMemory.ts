import type { MemoryAccess } from '../../../../engine/memory/memoryAccess';
import { MemoryFault } from '../../../../engine/memory/memoryFault';
import type { Mmu } from '../../../../engine/memory/mmu';
import { type Int64, joinI64, joinU64 } from '../values/int64';
import type { MemoryChecker } from './memoryChecker';
import type { ShadowMemory } from './shadowMemory';
import type { WriteWatch } from './writeWatch';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Told after each store (leak tracking follows the words that hold heap pointers). */
export interface StoreWatch {
  /** A 64-bit store of a known value. */
  stored64(addr: number, value: number): void;
  /** Any other store: the watch reads the bytes back if it cares. */
  stored(addr: number, size: number): void;
}

/**
 * The program's view of memory: every load and store of C code and of the library goes through
 * the MMU (so faults, TLB and RSS are real), and every store also defines the bytes it writes in
 * the shadow bitmap. Addresses are Int64 values: one beyond 2^53 is no user address, and faults
 * as a kernel address would.
 *
 * With a checker (memoryChecker.ts), every access is first checked against its poison map and the
 * shadow, as ASan's instrumentation checks each load and store before it happens.
 *
 * The MMU and the shadow are swappable fields: restoring a checkpoint installs copies here while
 * the compiled code keeps its reference to this object.
 */
export class VmMemory implements MemoryAccess {
  checker: MemoryChecker | undefined;
  watch: StoreWatch | undefined;
  /** Data breakpoints: the ranges whose stores the debugger wants to hear about. */
  writeWatch: WriteWatch | undefined;

  constructor(public mmu: Mmu, public shadow: ShadowMemory) {}

  /** An Int64 address as a number, or the fault a non-canonical address causes. */
  address(p: Int64, access: 'read' | 'write'): number {
    if (typeof p === 'number') return p;
    throw new MemoryFault(Number(p), access, 'kernel-address');
  }

  read8(addr: number): number {
    if (this.checker !== undefined) this.checker.load(addr, 1);
    return this.mmu.read8(addr);
  }

  read16(addr: number): number {
    if (this.checker !== undefined) this.checker.load(addr, 2);
    return this.mmu.read16(addr);
  }

  read32(addr: number): number {
    if (this.checker !== undefined) this.checker.load(addr, 4);
    return this.mmu.read32(addr);
  }

  read64(addr: number): number {
    if (this.checker !== undefined) this.checker.load(addr, 8);
    return this.mmu.read64(addr);
  }

  read64n(addr: number): bigint {
    if (this.checker !== undefined) this.checker.load(addr, 8);
    return this.mmu.read64n(addr);
  }

  readF32(addr: number): number {
    if (this.checker !== undefined) this.checker.load(addr, 4);
    return this.mmu.readF32(addr);
  }

  readF64(addr: number): number {
    if (this.checker !== undefined) this.checker.load(addr, 8);
    return this.mmu.readF64(addr);
  }

  readBytes(addr: number, length: number): Uint8Array {
    if (this.checker !== undefined) this.checker.load(addr, length);
    return this.mmu.readBytes(addr, length);
  }

  /** A struct or union value's bytes; with checks, which of them are undefined travels with them. */
  readRecord(addr: number, size: number): Uint8Array {
    if (this.checker !== undefined) return this.checker.loadRecord(addr, size);
    return this.mmu.readBytes(addr, size);
  }

  /** long: exact for all 64-bit values (see int64.ts). */
  readI64(addr: number): Int64 {
    if (this.checker !== undefined) this.checker.load(addr, 8);
    const v = this.mmu.read64(addr);
    if (v <= MAX_SAFE) return v;
    return joinI64(this.mmu.read32(addr), this.mmu.read32(addr + 4));
  }

  readU64(addr: number): Int64 {
    if (this.checker !== undefined) this.checker.load(addr, 8);
    const v = this.mmu.read64(addr);
    if (v <= MAX_SAFE) return v;
    return joinU64(this.mmu.read32(addr), this.mmu.read32(addr + 4));
  }

  write8(addr: number, value: number): void {
    this.stored(addr, 1);
    this.mmu.write8(addr, value);
    if (this.watch !== undefined) this.watch.stored(addr, 1);
  }

  write16(addr: number, value: number): void {
    this.stored(addr, 2);
    this.mmu.write16(addr, value);
    if (this.watch !== undefined) this.watch.stored(addr, 2);
  }

  write32(addr: number, value: number): void {
    this.stored(addr, 4);
    this.mmu.write32(addr, value);
    if (this.watch !== undefined) this.watch.stored(addr, 4);
  }

  write64(addr: number, value: number): void {
    this.stored(addr, 8);
    this.mmu.write64(addr, value);
    if (this.watch !== undefined) this.watch.stored64(addr, value);
    // A pointer computed from a stale one stays stale where it is stored (after the watch saw the store).
    if (this.checker !== undefined && this.checker.staleLoad !== undefined) this.checker.staleStored(addr, value);
  }

  write64n(addr: number, value: bigint): void {
    this.stored(addr, 8);
    this.mmu.write64n(addr, value);
    if (this.watch !== undefined) this.watch.stored64(addr, -1);
  }

  writeI64(addr: number, value: Int64): void {
    this.stored(addr, 8);
    if (typeof value === 'number') this.mmu.write64(addr, value);
    else this.mmu.write64n(addr, value);
    if (this.watch !== undefined) this.watch.stored64(addr, typeof value === 'number' ? value : -1);
    if (this.checker !== undefined && this.checker.staleLoad !== undefined && typeof value === 'number') this.checker.staleStored(addr, value);
  }

  writeF32(addr: number, value: number): void {
    this.stored(addr, 4);
    this.mmu.writeF32(addr, value);
    if (this.watch !== undefined) this.watch.stored(addr, 4);
  }

  writeF64(addr: number, value: number): void {
    this.stored(addr, 8);
    this.mmu.writeF64(addr, value);
    if (this.watch !== undefined) this.watch.stored64(addr, -1);
  }

  writeBytes(addr: number, bytes: Uint8Array): void {
    this.watchWrite(addr, bytes.length);
    if (this.checker !== undefined) this.checker.storeBytes(addr, bytes);
    else this.shadow.define(addr, bytes.length);
    this.mmu.writeBytes(addr, bytes);
    if (this.watch !== undefined) this.watch.stored(addr, bytes.length);
  }

  fill(addr: number, length: number, byte: number): void {
    this.stored(addr, length);
    this.mmu.fill(addr, length, byte);
    if (this.watch !== undefined) this.watch.stored(addr, length);
  }

  /**
   * memcpy/memmove as one range: the source read whole, the destination written whole, one page
   * at a time. Only when no byte of either is poisoned and the source is wholly defined: then the
   * byte loop could report nothing and would define every byte it writes. Otherwise false, and the
   * caller copies byte by byte (reports on the first bad byte, definedness byte for byte).
   */
  copyRange(dst: number, src: number, n: number): boolean {
    const checker = this.checker;
    if (checker !== undefined && (checker.tainted || checker.state.poison.any(src, n) || checker.state.poison.any(dst, n) || this.shadow.any(src, n))) return false;
    const bytes = this.mmu.readBytes(src, n);
    this.shadow.define(dst, n);
    this.mmu.writeBytes(dst, bytes);
    if (this.watch !== undefined) this.watch.stored(dst, n);
    return true;
  }

  /**
   * The library's stores of `bytes` at addr as one range: one poison check, one shadow range, a
   * page copy. A range that touches poison (or follows an undefined load) is stored byte by byte,
   * so the report and the definedness are exactly those of the byte loop.
   */
  writeRange(addr: number, bytes: Uint8Array): void {
    const checker = this.checker;
    if (checker !== undefined && (checker.tainted || checker.state.poison.any(addr, bytes.length))) {
      for (let i = 0; i < bytes.length; i++) this.write8(addr + i, bytes[i]);
      return;
    }
    this.shadow.define(addr, bytes.length);
    this.mmu.writeBytes(addr, bytes);
    if (this.watch !== undefined) this.watch.stored(addr, bytes.length);
  }

  /** Checks a store, then keeps the shadow: the bytes are defined unless the value was not. */
  private stored(addr: number, length: number): void {
    this.watchWrite(addr, length);
    if (this.checker !== undefined) this.checker.store(addr, length);
    else this.shadow.define(addr, length);
  }

  private watchWrite(addr: number, length: number): void {
    const w = this.writeWatch;
    if (w !== undefined && addr < w.hi && addr + length > w.lo) w.stored(addr, length);
  }

  /** A NUL-terminated string's bytes (without the NUL), read byte by byte through the MMU. */
  readCString(addr: number, limit = Infinity): Uint8Array {
    const out: number[] = [];
    for (let p = addr; out.length < limit; p++) {
      const b = this.read8(p);
      if (b === 0) break;
      out.push(b);
    }
    return Uint8Array.from(out);
  }
}
