import {
  type Int64, addI64, addU64, bitI64, divI64, divU64, lowI32, mulI64, mulU64, negI64, notI64, remI64, remU64,
  sarI64, shlI64, shlU64, shrU64, subI64, subU64, toI64, toU64, wrapI64,
} from '../values/int64';
import type { Value, ValueKind } from '../values/valueKind';
import type { VmMemory } from '../vm/vmMemory';
import type { BinaryOp } from '../check/checkedTree';
import { ArithmeticTrap } from '../vm/traps';

/**
 * The machine operations of each value kind, specialized once at lowering time: loads and stores
 * of each width, conversions between kinds (C11 6.3.1), and the arithmetic of int (32-bit wrap:
 * `| 0`, `Math.imul`), unsigned int (`>>> 0`), 64-bit integers (int64.ts) and floating types.
 */
export type Load = (m: VmMemory, p: number) => Value;
export type Store = (m: VmMemory, p: number, v: Value) => void;
export type Unary = (v: Value) => Value;
export type Binary = (x: Value, y: Value) => Value;

export function loadOf(kind: ValueKind, size: number): Load {
  switch (kind) {
    case 'i8': return (m, p) => (m.read8(p) << 24) >> 24;
    case 'u8':
    case 'bool': return (m, p) => m.read8(p);
    case 'i16': return (m, p) => (m.read16(p) << 16) >> 16;
    case 'u16': return (m, p) => m.read16(p);
    case 'i32': return (m, p) => m.read32(p) | 0;
    case 'u32': return (m, p) => m.read32(p);
    case 'i64': return (m, p) => m.readI64(p);
    case 'u64':
    case 'ptr': return (m, p) => m.readU64(p);
    case 'f32': return (m, p) => m.readF32(p);
    case 'f64': return (m, p) => m.readF64(p);
    case 'record': return (m, p) => m.readRecord(p, size);
    case 'void': return () => undefined;
  }
}

export function storeOf(kind: ValueKind): Store {
  switch (kind) {
    case 'i8':
    case 'u8':
    case 'bool': return (m, p, v) => m.write8(p, (v as number) & 255);
    case 'i16':
    case 'u16': return (m, p, v) => m.write16(p, (v as number) & 0xffff);
    case 'i32':
    case 'u32': return (m, p, v) => m.write32(p, v as number);
    case 'i64':
    case 'u64':
    case 'ptr': return (m, p, v) => m.writeI64(p, v as Int64);
    case 'f32': return (m, p, v) => m.writeF32(p, v as number);
    case 'f64': return (m, p, v) => m.writeF64(p, v as number);
    case 'record': return (m, p, v) => m.writeBytes(p, v as Uint8Array);
    case 'void': return () => undefined;
  }
}

const TWO_63 = 9223372036854775808;

/** cvttsd2si with a 32-bit destination: out of range (and NaN) gives 0x80000000. */
const floatToI32 = (v: number): number => (v > -2147483649 && v < 2147483648 ? Math.trunc(v) | 0 : -2147483648);

/** cvttsd2si with a 64-bit destination: out of range (and NaN) gives 0x8000000000000000. */
function floatToI64(v: number): Int64 {
  if (!(v >= -TWO_63 && v < TWO_63)) return -9223372036854775808n;
  const t = Math.trunc(v) + 0;
  return Number.isSafeInteger(t) ? t : BigInt(t);
}

/** gcc's double -> unsigned long: below 2^63 a plain conversion, above it subtract 2^63 first. */
function floatToU64(v: number): Int64 {
  if (v >= TWO_63 && v < 2 * TWO_63) return toU64(wrapI64(BigInt(Math.trunc(v - TWO_63)) + 9223372036854775808n));
  return toU64(floatToI64(v));
}

const isSmall = (k: ValueKind) => k === 'i8' || k === 'u8' || k === 'i16' || k === 'u16' || k === 'i32' || k === 'u32' || k === 'bool';
const isFloat = (k: ValueKind) => k === 'f32' || k === 'f64';

/** The conversion from one kind to another, or undefined when the value is already right. */
export function convertOf(from: ValueKind, to: ValueKind): Unary | undefined {
  if (from === to) return undefined;
  if (to === 'void') return () => undefined;
  if (to === 'record' || from === 'record') return undefined;
  if (to === 'bool') return (v) => (v !== 0 && v !== 0n ? 1 : 0);
  if (to === 'f64') return isFloat(from) ? undefined : (v) => Number(v);
  if (to === 'f32') return (v) => Math.fround(Number(v));
  // The low bits of an integer (C11 6.3.1.3p2-3, as gcc defines the signed case: wrap).
  const toInt32: Unary = isFloat(from) ? (v) => floatToI32(v as number)
    : isSmall(from) ? (v) => v as number : (v) => lowI32(v as Int64);
  switch (to) {
    case 'i8': return (v) => ((toInt32(v) as number) << 24) >> 24;
    case 'u8': return (v) => (toInt32(v) as number) & 255;
    case 'i16': return (v) => ((toInt32(v) as number) << 16) >> 16;
    case 'u16': return (v) => (toInt32(v) as number) & 0xffff;
    case 'i32':
      if (isFloat(from)) return toInt32;
      if (from === 'u32') return (v) => (v as number) | 0;
      return isSmall(from) ? undefined : toInt32;
    case 'u32':
      if (isFloat(from)) return (v) => lowI32(floatToI64(v as number)) >>> 0;
      return (v) => (toInt32(v) as number) >>> 0;
    case 'i64':
      if (isFloat(from)) return (v) => floatToI64(v as number);
      if (isSmall(from)) return undefined;
      return (v) => toI64(v as Int64);
    case 'u64':
    case 'ptr':
      if (isFloat(from)) return (v) => floatToU64(v as number);
      if (from === 'u8' || from === 'u16' || from === 'u32' || from === 'bool' || from === 'u64' || from === 'ptr') return undefined;
      return (v) => toU64(v as Int64);
  }
  return undefined;
}

function divideByZero(): never {
  throw new ArithmeticTrap('integer division by zero');
}

/** The arithmetic operator `op` in the operation type `kind` (already the common type). */
export function binaryOf(op: BinaryOp, kind: ValueKind): Binary {
  switch (kind) {
    case 'i32': return INT32[op];
    case 'u32': return UINT32[op];
    case 'i64': return INT64[op];
    case 'u64':
    case 'ptr': return UINT64[op];
    case 'f64': return FLOAT64[op];
    case 'f32': {
      const f = FLOAT64[op];
      return (x, y) => Math.fround(f(x, y) as number);
    }
    default: throw new Error(`internal: arithmetic on ${kind}`);
  }
}

type Table = Record<BinaryOp, Binary>;
const n = (v: Value) => v as number;
const w = (v: Value) => v as Int64;
/** A shift count: its low bits (x86 masks them; larger counts are undefined in C). */
const count = (v: Value) => (typeof v === 'number' ? v : lowI32(v as bigint));

const INT32: Table = {
  '+': (x, y) => (n(x) + n(y)) | 0,
  '-': (x, y) => (n(x) - n(y)) | 0,
  '*': (x, y) => Math.imul(n(x), n(y)),
  // idiv faults on a zero divisor and on INT_MIN / -1 (the quotient does not fit): SIGFPE.
  '/': (x, y) => (y === 0 ? divideByZero() : y === -1 && x === -2147483648 ? overflow() : (n(x) / n(y)) | 0),
  '%': (x, y) => (y === 0 ? divideByZero() : y === -1 && x === -2147483648 ? overflow() : (n(x) % n(y)) | 0),
  '<<': (x, y) => n(x) << count(y),
  '>>': (x, y) => n(x) >> count(y),
  '&': (x, y) => n(x) & n(y),
  '|': (x, y) => n(x) | n(y),
  '^': (x, y) => n(x) ^ n(y),
};

const UINT32: Table = {
  '+': (x, y) => (n(x) + n(y)) >>> 0,
  '-': (x, y) => (n(x) - n(y)) >>> 0,
  '*': (x, y) => Math.imul(n(x), n(y)) >>> 0,
  '/': (x, y) => (y === 0 ? divideByZero() : (n(x) / n(y)) >>> 0),
  '%': (x, y) => (y === 0 ? divideByZero() : n(x) % n(y)),
  '<<': (x, y) => (n(x) << count(y)) >>> 0,
  '>>': (x, y) => n(x) >>> count(y),
  '&': (x, y) => (n(x) & n(y)) >>> 0,
  '|': (x, y) => (n(x) | n(y)) >>> 0,
  '^': (x, y) => (n(x) ^ n(y)) >>> 0,
};

const INT64_MIN = -9223372036854775808n;
const INT64: Table = {
  '+': (x, y) => addI64(w(x), w(y)),
  '-': (x, y) => subI64(w(x), w(y)),
  '*': (x, y) => mulI64(w(x), w(y)),
  '/': (x, y) => (y === 0 ? divideByZero() : y === -1 && x === INT64_MIN ? overflow() : divI64(w(x), w(y))),
  '%': (x, y) => (y === 0 ? divideByZero() : y === -1 && x === INT64_MIN ? overflow() : remI64(w(x), w(y))),
  '<<': (x, y) => shlI64(w(x), count(y)),
  '>>': (x, y) => sarI64(w(x), count(y)),
  '&': (x, y) => bitI64('&', w(x), w(y), false),
  '|': (x, y) => bitI64('|', w(x), w(y), false),
  '^': (x, y) => bitI64('^', w(x), w(y), false),
};

const UINT64: Table = {
  '+': (x, y) => addU64(w(x), w(y)),
  '-': (x, y) => subU64(w(x), w(y)),
  '*': (x, y) => mulU64(w(x), w(y)),
  '/': (x, y) => (y === 0 ? divideByZero() : divU64(w(x), w(y))),
  '%': (x, y) => (y === 0 ? divideByZero() : remU64(w(x), w(y))),
  '<<': (x, y) => shlU64(w(x), count(y)),
  '>>': (x, y) => shrU64(w(x), count(y)),
  '&': (x, y) => bitI64('&', w(x), w(y), true),
  '|': (x, y) => bitI64('|', w(x), w(y), true),
  '^': (x, y) => bitI64('^', w(x), w(y), true),
};

const notFloat = (): never => {
  throw new Error('internal: integer operator on floating operands');
};
const FLOAT64: Table = {
  '+': (x, y) => n(x) + n(y),
  '-': (x, y) => n(x) - n(y),
  '*': (x, y) => n(x) * n(y),
  '/': (x, y) => n(x) / n(y),
  '%': notFloat, '<<': notFloat, '>>': notFloat, '&': notFloat, '|': notFloat, '^': notFloat,
};

function overflow(): never {
  throw new ArithmeticTrap('integer overflow in division');
}

export function negateOf(kind: ValueKind): Unary {
  switch (kind) {
    case 'i32': return (v) => (-n(v)) | 0;
    case 'u32': return (v) => (-n(v)) >>> 0;
    case 'i64': return (v) => negI64(w(v));
    case 'u64': return (v) => subU64(0, w(v));
    case 'f32': return (v) => Math.fround(-n(v));
    default: return (v) => -n(v);
  }
}

export function complementOf(kind: ValueKind): Unary {
  switch (kind) {
    case 'i32': return (v) => ~n(v);
    case 'u32': return (v) => ~n(v) >>> 0;
    case 'i64': return (v) => notI64(w(v), false);
    default: return (v) => notI64(w(v), true);
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** p ± i * size for pointers, wrapping modulo 2^64 like the address arithmetic of the CPU. */
export function pointerOffset(p: Value, i: Value, size: number, subtract: boolean): Int64 {
  if (typeof p === 'number' && typeof i === 'number') {
    const r = subtract ? p - i * size : p + i * size;
    if (r >= 0 && r <= MAX_SAFE) return r;
  }
  const delta = BigInt(i as Int64) * BigInt(size);
  return toU64(wrapI64(BigInt(p as Int64) + (subtract ? -delta : delta)));
}

/** (p - q) / size: the element distance, as a ptrdiff_t. */
export function pointerDistance(p: Value, q: Value, size: number): Int64 {
  // A zero-length VLA's elements: gcc's code divides by the size, and idiv by 0 faults.
  if (size === 0) return divideByZero();
  if (typeof p === 'number' && typeof q === 'number') return Math.trunc((p - q) / size) + 0;
  return wrapI64(BigInt.asIntN(64, BigInt(p as Int64) - BigInt(q as Int64)) / BigInt(size));
}
