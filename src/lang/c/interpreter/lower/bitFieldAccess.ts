import { bitFieldSpan, readBitField, writeBitField } from '../../bitFieldBits';
import type { BitField } from '../../types';
import { wrapI64, wrapU64 } from '../values/int64';
import type { Value, ValueKind } from '../values/valueKind';
import type { VmMemory } from '../vm/vmMemory';

/**
 * Reads and writes of a bit-field (C11 6.7.2.1p10): the bytes that hold its bits are loaded, and
 * a store writes them back with the neighbouring fields' bits kept, as gcc -O0's and/or
 * sequences do. A value is extended from the field's width to its declared type's kind.
 */
const isSignedKind = (kind: ValueKind) => kind === 'i8' || kind === 'i16' || kind === 'i32' || kind === 'i64';

/** A field value as the VM holds a value of `kind` (64-bit kinds canonical, see int64.ts). */
function asKind(kind: ValueKind, v: number | bigint): Value {
  if (typeof v === 'number') return v;
  if (kind === 'i64') return wrapI64(v);
  if (kind === 'u64') return wrapU64(v);
  return Number(v);
}

export function bitFieldFromBytes(kind: ValueKind, field: BitField, bytes: Uint8Array, at: number): Value {
  return asKind(kind, readBitField(bytes, at, field, isSignedKind(kind)));
}

export function bitFieldLoad(kind: ValueKind, field: BitField): (mem: VmMemory, p: number) => Value {
  const span = bitFieldSpan(field);
  return (mem, p) => bitFieldFromBytes(kind, field, mem.readBytes(p, span), 0);
}

/** Stores `v` into the field; returns the value the field then holds (what `s.f = v` yields). */
export function bitFieldStore(kind: ValueKind, field: BitField): (mem: VmMemory, p: number, v: Value) => Value {
  const span = bitFieldSpan(field);
  return (mem, p, v) => {
    // The neighbouring fields' bits are kept, not used: reading them is no use of their values
    // (the memory checks see the store, which defines the bytes or not as `v` is).
    const bytes = mem.mmu.readBytes(p, span);
    writeBitField(bytes, 0, field, v as number | bigint);
    mem.writeBytes(p, bytes);
    return bitFieldFromBytes(kind, field, bytes, 0);
  };
}
