import type { BitField } from './types';

/**
 * A bit-field's bits inside the bytes of its struct, as x86-64 stores them: little-endian, the
 * field's lowest bit at bit `bitOffset` of the byte at `at`. Only the bytes that hold some of its
 * bits are touched (what gcc -O0 reads and writes: a byte, a word, ... around the field).
 */
export function bitFieldSpan(field: BitField): number {
  return Math.ceil((field.bitOffset + field.width) / 8);
}

/** The field's value: zero-extended, or sign-extended from its top bit for a signed type. */
export function readBitField(bytes: Uint8Array, at: number, field: BitField, signed: boolean): number | bigint {
  const { bitOffset, width } = field;
  if (bitOffset + width <= 32) {
    let raw = 0;
    for (let i = 0; i < bitFieldSpan(field); i++) raw += bytes[at + i] * 2 ** (8 * i);
    const value = Math.floor(raw / 2 ** bitOffset) % 2 ** width;
    return signed && value >= 2 ** (width - 1) ? value - 2 ** width : value;
  }
  let raw = 0n;
  for (let i = bitFieldSpan(field) - 1; i >= 0; i--) raw = (raw << 8n) | BigInt(bytes[at + i]);
  const value = BigInt.asUintN(width, raw >> BigInt(bitOffset));
  return signed ? BigInt.asIntN(width, value) : value;
}

/** Stores the low `width` bits of `value` in the field, keeping the neighbouring bits. */
export function writeBitField(bytes: Uint8Array, at: number, field: BitField, value: number | bigint): void {
  const { bitOffset, width } = field;
  const bits = BigInt.asUintN(width, typeof value === 'bigint' ? value : BigInt(Math.trunc(value))) << BigInt(bitOffset);
  const mask = ((1n << BigInt(width)) - 1n) << BigInt(bitOffset);
  for (let i = 0; i < bitFieldSpan(field); i++) {
    const shift = BigInt(8 * i);
    const keep = bytes[at + i] & ~Number((mask >> shift) & 0xffn);
    bytes[at + i] = keep | Number((bits >> shift) & 0xffn);
  }
}
