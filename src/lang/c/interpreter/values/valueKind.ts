import { type CType, sizeOf } from '../../types';

/**
 * How the VM holds a C value of a given type, decided once per expression when lowering:
 * - integers up to 32 bits and _Bool: a JS number holding the exact value;
 * - 64-bit integers and pointers: an Int64 (number, BigInt only beyond 2^53: see int64.ts);
 * - float and double: a JS number (a float is kept rounded with Math.fround);
 * - structs and unions: a Uint8Array copy of their bytes;
 * - void: undefined.
 */
export type ValueKind =
  | 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'bool'
  | 'f32' | 'f64' | 'ptr' | 'record' | 'void';

export type Value = number | bigint | Uint8Array | undefined;

export function valueKind(type: CType): ValueKind {
  switch (type.kind) {
    case 'void': return 'void';
    case 'pointer':
    case 'function':
    case 'array':
      return 'ptr';
    case 'enum': return 'i32';
    case 'float': return type.name === 'float' ? 'f32' : 'f64';
    case 'struct':
    case 'union': return 'record';
    case 'integer': {
      if (type.name === '_Bool') return 'bool';
      const size = sizeOf(type);
      if (size === 1) return type.signed ? 'i8' : 'u8';
      if (size === 2) return type.signed ? 'i16' : 'u16';
      if (size === 4) return type.signed ? 'i32' : 'u32';
      return type.signed ? 'i64' : 'u64';
    }
  }
}

export const isWide = (k: ValueKind): boolean => k === 'i64' || k === 'u64' || k === 'ptr';
export const isFloating = (k: ValueKind): boolean => k === 'f32' || k === 'f64';
export const isUnsignedKind = (k: ValueKind): boolean => k === 'u8' || k === 'u16' || k === 'u32' || k === 'u64' || k === 'ptr' || k === 'bool';
