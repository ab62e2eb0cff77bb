import type { MemoryAccess } from '../../../../../src/engine/memory/memoryAccess';

/** A read or write outside the test memory: the address of the first byte that missed. */
export class FlatMemoryFault extends Error {
  constructor(
    readonly address: number,
    readonly kind: 'read' | 'write',
  ) {
    super(`${kind} fault at 0x${address.toString(16)}`);
  }
}

/**
 * A simple MemoryAccess for the libc tests: one contiguous block of bytes at `base`, a bump
 * allocator to place test data in it, and a log of every byte address touched (so tests can
 * check that a function reads and writes exactly the bytes C says).
 */
export class FlatMemory implements MemoryAccess {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private next: number;
  /** Addresses read / written, byte by byte, when logging is on. */
  readonly reads: number[] = [];
  readonly writes: number[] = [];
  logging = false;

  constructor(
    readonly base = 0x10000,
    readonly size = 1 << 20,
  ) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
    this.next = base;
  }

  /** Reserves `n` bytes (16-byte aligned start), optionally filled. */
  alloc(n: number, fill = 0): number {
    const addr = this.next;
    this.next += Math.ceil(Math.max(n, 1) / 16) * 16;
    if (this.next > this.base + this.size) throw new Error('FlatMemory is full');
    this.bytes.fill(fill, addr - this.base, addr - this.base + n);
    return addr;
  }

  /** Places a NUL-terminated copy of `text` (latin1) and returns its address. */
  cString(text: string | Uint8Array): number {
    const bytes = typeof text === 'string' ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : text;
    const addr = this.alloc(bytes.length + 1);
    this.bytes.set(bytes, addr - this.base);
    this.bytes[addr - this.base + bytes.length] = 0;
    return addr;
  }

  /** The string at addr (latin1), without touching the access log. */
  stringAt(addr: number): string {
    let s = '';
    for (let a = addr; a < this.base + this.size && this.bytes[a - this.base] !== 0; a++) s += String.fromCharCode(this.bytes[a - this.base]);
    return s;
  }

  private offset(addr: number, n: number, kind: 'read' | 'write'): number {
    for (let i = 0; i < n; i++) {
      const a = addr + i;
      if (a < this.base || a >= this.base + this.size) throw new FlatMemoryFault(a, kind);
      if (this.logging) (kind === 'read' ? this.reads : this.writes).push(a);
    }
    return addr - this.base;
  }

  read8(addr: number): number {
    return this.bytes[this.offset(addr, 1, 'read')];
  }
  read16(addr: number): number {
    return this.view.getUint16(this.offset(addr, 2, 'read'), true);
  }
  read32(addr: number): number {
    return this.view.getUint32(this.offset(addr, 4, 'read'), true);
  }
  read64(addr: number): number {
    return Number(this.read64n(addr));
  }
  read64n(addr: number): bigint {
    return this.view.getBigUint64(this.offset(addr, 8, 'read'), true);
  }
  readF32(addr: number): number {
    return this.view.getFloat32(this.offset(addr, 4, 'read'), true);
  }
  readF64(addr: number): number {
    return this.view.getFloat64(this.offset(addr, 8, 'read'), true);
  }
  write8(addr: number, value: number): void {
    this.bytes[this.offset(addr, 1, 'write')] = value;
  }
  write16(addr: number, value: number): void {
    this.view.setUint16(this.offset(addr, 2, 'write'), value, true);
  }
  write32(addr: number, value: number): void {
    this.view.setUint32(this.offset(addr, 4, 'write'), value >>> 0, true);
  }
  write64(addr: number, value: number): void {
    this.write64n(addr, BigInt(value));
  }
  write64n(addr: number, value: bigint): void {
    this.view.setBigUint64(this.offset(addr, 8, 'write'), BigInt.asUintN(64, value), true);
  }
  writeF32(addr: number, value: number): void {
    this.view.setFloat32(this.offset(addr, 4, 'write'), value, true);
  }
  writeF64(addr: number, value: number): void {
    this.view.setFloat64(this.offset(addr, 8, 'write'), value, true);
  }
  readBytes(addr: number, length: number): Uint8Array {
    const o = this.offset(addr, length, 'read');
    return this.bytes.slice(o, o + length);
  }
  writeBytes(addr: number, bytes: Uint8Array): void {
    this.bytes.set(bytes, this.offset(addr, bytes.length, 'write'));
  }
  fill(addr: number, length: number, byte: number): void {
    const o = this.offset(addr, length, 'write');
    this.bytes.fill(byte, o, o + length);
  }
}
