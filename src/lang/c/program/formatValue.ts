import type { CType } from '../types';
import { sizeOf } from '../types';
import { readBitField } from '../bitFieldBits';
import { formatPrintf } from '../libc/formatPrintf';
import type { Mmu } from '../../../engine/memory/mmu';
import { peekMemory } from '../../../engine/memory/peekMemory';

const MAX_ELEMENTS = 200;
/** A char array is shown up to its NUL, read at most this far (a VLA may claim gigabytes). */
const MAX_STRING_BYTES = 1 << 16;

/**
 * The bytes a value's text needs: all of a scalar or a struct, the first MAX_ELEMENTS elements
 * of an array. A variable-length array's size is what the program made it, negative or
 * terabytes included (`int v[n]` with a wild n): never more is read than is shown.
 */
function bytesShown(type: CType): number {
  const size = Math.max(0, sizeOf(type) ?? 0);
  if (type.kind !== 'array') return Math.min(size, MAX_VALUE_BYTES);
  const element = Math.max(0, sizeOf(type.of) ?? 0);
  const isChar = type.of.kind === 'integer' && type.of.name === 'char';
  return Math.min(size, isChar ? MAX_STRING_BYTES : MAX_ELEMENTS * element, MAX_VALUE_BYTES);
}

/**
 * A value is read at most this far: `double grid[4][2147483647]` is 64 GiB, and its first
 * row's first elements are what a view can show anyway (the rest is marked `...`).
 */
const MAX_VALUE_BYTES = 1 << 20;

/** What a view shows for a scalar whose bytes were never written (Memcheck's "uninitialised"). */
export const UNINITIALIZED = '<uninitialized>';

/** Which bytes were never written: `undefinedAt(address, size)`, as the shadow memory knows. */
export type UndefinedBytes = (address: number, size: number) => boolean;

/**
 * A C object's value as gdb prints it (`print x`): integers in decimal, chars with their
 * character, pointers in hex (a char * with the string it points to), arrays as {a, b, c} (at
 * most 200 elements), structs as {x = 1, y = 2}, floating values with 17 significant digits.
 * Given `undefinedAt`, a scalar whose bytes were never written shows as `<uninitialized>` rather
 * than as garbage that looks valid.
 */
export function formatValue(mmu: Mmu, type: CType, address: number, undefinedAt?: UndefinedBytes): string {
  const bytes = peekMemory(mmu, address, bytesShown(type));
  if (!bytes) return '<unreadable>';
  return formatBytes(mmu, type, bytes, undefinedAt ? (offset, n) => undefinedAt(address + offset, n) : undefined);
}

/** A value's bytes (at offset 0 of `undefinedAt`'s frame of reference) as gdb prints it. */
export function formatBytes(mmu: Mmu, type: CType, bytes: Uint8Array, undefinedAt?: UndefinedBytes, base = 0): string {
  const scalar = type.kind !== 'array' && type.kind !== 'struct' && type.kind !== 'union';
  // Past the bytes read (a value cut at MAX_VALUE_BYTES): not shown.
  if (scalar && bytes.length < (sizeOf(type) ?? 0)) return '...';
  if (scalar && undefinedAt && bytes.length > 0 && undefinedAt(base, bytes.length)) return UNINITIALIZED;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type.kind) {
    case 'integer': {
      if (type.name === '_Bool') return bytes[0] ? 'true' : 'false';
      const size = bytes.length;
      const v = size === 1 ? (type.signed ? view.getInt8(0) : view.getUint8(0))
        : size === 2 ? (type.signed ? view.getInt16(0, true) : view.getUint16(0, true))
        : size === 4 ? (type.signed ? view.getInt32(0, true) : view.getUint32(0, true))
        : (type.signed ? view.getBigInt64(0, true) : view.getBigUint64(0, true));
      if (type.name === 'char') return `${v} ${charText(Number(v) & 255)}`;
      return String(v);
    }
    case 'enum': return String(view.getInt32(0, true));
    case 'float': {
      const v = type.name === 'float' ? view.getFloat32(0, true) : type.name === 'double' ? view.getFloat64(0, true) : NaN;
      if (type.name === 'long double') return '<long double>';
      if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
      const spec = new TextEncoder().encode(type.name === 'float' ? '%.9g' : '%.17g');
      return new TextDecoder().decode(formatPrintf(spec, { nextInt: () => 0n, nextDouble: () => v }, mmu));
    }
    case 'pointer': {
      const p = view.getBigUint64(0, true);
      const text = `0x${p.toString(16)}`;
      if (p === 0n) return '0x0';
      if (type.to.kind === 'integer' && type.to.name === 'char' && p < 2n ** 53n) {
        const s = readString(mmu, Number(p));
        return s === undefined ? text : `${text} ${s}`;
      }
      return text;
    }
    case 'array': {
      const element = sizeOf(type.of) ?? 0;
      const count = type.length ?? 0;
      if (type.of.kind === 'integer' && type.of.name === 'char') {
        const end = bytes.indexOf(0);
        return quote(bytes.subarray(0, end < 0 ? bytes.length : end));
      }
      const items: string[] = [];
      // An element cut short (an array of huge rows) shows what was read of it.
      const shown = element > 0 ? Math.min(count, MAX_ELEMENTS, Math.ceil(bytes.length / element)) : 0;
      for (let i = 0; i < shown; i++) items.push(formatBytes(mmu, type.of, bytes.subarray(i * element, Math.min((i + 1) * element, bytes.length)), undefinedAt, base + i * element));
      return `{${items.join(', ')}${count > shown ? '...' : ''}}`;
    }
    case 'struct':
    case 'union': {
      const members = type.layout.members ?? [];
      const items = members.map((m) => {
        if (m.bitField && m.type.kind === 'integer') {
          const v = readBitField(bytes, m.offset, m.bitField, m.type.signed);
          return `${m.name} = ${m.type.name === '_Bool' ? (v ? 'true' : 'false') : String(v)}`;
        }
        const size = sizeOf(m.type) ?? 0;
        const value = formatBytes(mmu, m.type, bytes.subarray(m.offset, m.offset + size), undefinedAt, base + m.offset);
        return m.name ? `${m.name} = ${value}` : value;
      });
      return `{${items.join(', ')}}`;
    }
    default:
      return '';
  }
}

function readString(mmu: Mmu, address: number): string | undefined {
  const bytes = peekMemory(mmu, address, 200);
  if (!bytes) return undefined;
  const end = bytes.indexOf(0);
  const s = quote(bytes.subarray(0, end < 0 ? bytes.length : end));
  return end < 0 ? s + '...' : s;
}

function charText(c: number): string {
  const escapes: Record<number, string> = { 0: '\\000', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };
  if (escapes[c]) return `'${escapes[c]}'`;
  if (c >= 32 && c < 127) return `'${String.fromCharCode(c)}'`;
  return `'\\${c.toString(8).padStart(3, '0')}'`;
}

function quote(bytes: Uint8Array): string {
  let s = '"';
  for (const c of bytes) {
    if (c === 34) s += '\\"';
    else if (c === 92) s += '\\\\';
    else if (c === 10) s += '\\n';
    else if (c === 9) s += '\\t';
    else if (c >= 32 && c < 127) s += String.fromCharCode(c);
    else s += `\\${c.toString(8).padStart(3, '0')}`;
  }
  return s + '"';
}
