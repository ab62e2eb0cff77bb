import type { BitField, CType } from '../../types';
import { sizeOf } from '../../types';
import { readBitField } from '../../bitFieldBits';

/**
 * A C value the debugger holds while it evaluates an expression: an object in simulated memory
 * (an lvalue: `x`, `p->next`, `arr[3]`) or a value computed from others (`x + 1`, `&x`).
 * `expression` spells it so that a watch or setVariable can name it again.
 */
export type DebugValue =
  | { readonly kind: 'object'; readonly type: CType; readonly address: number; readonly bitField?: BitField; readonly expression: string }
  | { readonly kind: 'value'; readonly type: CType; readonly bytes: Uint8Array; readonly expression: string };

/** A scalar as a number (floats, and integers within 2^53) or a bigint (64-bit integers, pointers). */
export type Scalar = number | bigint;

/** The scalar held in `bytes` (little-endian), as the type reads it. */
export function scalarOf(type: CType, bytes: Uint8Array, bitField?: BitField, bitOffset = 0): Scalar {
  if (bitField && type.kind === 'integer') return BigInt(readBitField(bytes, bitOffset, bitField, type.signed));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type.kind) {
    case 'integer': {
      if (type.name === '_Bool') return bytes[0] ? 1n : 0n;
      switch (bytes.length) {
        case 1: return BigInt(type.signed ? view.getInt8(0) : view.getUint8(0));
        case 2: return BigInt(type.signed ? view.getInt16(0, true) : view.getUint16(0, true));
        case 4: return BigInt(type.signed ? view.getInt32(0, true) : view.getUint32(0, true));
        default: return type.signed ? view.getBigInt64(0, true) : view.getBigUint64(0, true);
      }
    }
    case 'enum': return BigInt(view.getInt32(0, true));
    case 'pointer': return view.getBigUint64(0, true);
    case 'float': return type.name === 'float' ? view.getFloat32(0, true) : view.getFloat64(0, true);
    default: return 0n;
  }
}

/** The bytes a store of `v` into an object of `type` writes (integers wrap as C converts them). */
export function bytesOf(type: CType, v: Scalar): Uint8Array {
  const size = sizeOf(type) ?? 0;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  if (type.kind === 'float') {
    const x = typeof v === 'bigint' ? Number(v) : v;
    if (type.name === 'float') view.setFloat32(0, x, true);
    else view.setFloat64(0, x, true);
    return bytes;
  }
  let n = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  if (type.kind === 'integer' && type.name === '_Bool') n = n !== 0n || (typeof v === 'number' && v !== 0) ? 1n : 0n;
  for (let i = 0; i < size; i++) bytes[i] = Number(BigInt.asUintN(8, n >> BigInt(8 * i)));
  return bytes;
}

/** The value as a JS number or bigint in the range C's conversion to `type` gives. */
export function convertScalar(type: CType, v: Scalar): Scalar {
  if (type.kind === 'float') return typeof v === 'bigint' ? Number(v) : type.name === 'float' ? Math.fround(v) : v;
  const n = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  if (type.kind === 'pointer') return BigInt.asUintN(64, n);
  if (type.kind === 'integer' && type.name === '_Bool') return n !== 0n || (typeof v === 'number' && v !== 0) ? 1n : 0n;
  const bits = 8 * (sizeOf(type) ?? 4);
  return type.kind === 'integer' && !type.signed ? BigInt.asUintN(bits, n) : BigInt.asIntN(bits, n);
}

export function isTrue(v: Scalar): boolean {
  return typeof v === 'bigint' ? v !== 0n : v !== 0;
}
