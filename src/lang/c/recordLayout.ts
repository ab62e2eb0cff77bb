import { alignUp } from '../../engine/addressSpace/layout';
import type { LayoutAttributes } from './attributes/placeAttributes';
import { type CType, type Member, type RecordLayout, alignOf, sizeOf } from './types';

/**
 * A member as declared: bit-fields have a width (unnamed ones have the name ''); `packed` and
 * `aligned` are its own `__attribute__`s.
 */
export interface DeclaredMember extends Partial<LayoutAttributes> {
  readonly name: string;
  readonly type: CType;
  readonly width?: number;
}

/**
 * Lays out a struct or union as gcc does on x86-64 (the SysV ABI, with gcc's
 * PCC_BITFIELD_TYPE_MATTERS rules for bit-fields):
 * - an ordinary member goes at the next offset that is a multiple of its alignment; the struct is
 *   aligned to its strictest member and its size rounded up to that alignment, so arrays of it
 *   keep every element aligned (`struct { char c; double d; short s; }` is 24 bytes: c at 0,
 *   7 padding, d at 8, s at 16, 6 tail padding);
 * - bit-fields are packed from the least significant bit up, each in the next free bits, unless
 *   that would make it straddle a boundary of its declared type's alignment: then it starts at
 *   that boundary (`short a : 9, b : 9` puts b at bit 16);
 * - a named bit-field aligns the whole struct to its declared type (`struct { char c; unsigned
 *   bits : 4; char d; }` is 4 bytes), an unnamed one does not;
 * - an unnamed zero-width bit-field (`unsigned : 0`) moves the next member to the next boundary
 *   of its declared type, and adds no alignment either;
 * - a union puts every member at offset 0 and is as large as its largest member, rounded likewise.
 * A flexible array member (last, without length) adds no size. Unnamed bit-fields are padding,
 * not members.
 *
 * gcc's `packed` (on the record: on every member) gives a member alignment 1, whatever its type,
 * and lets a bit-field straddle its type's boundaries (`struct __attribute__((packed)) { char c;
 * int x : 4; int y : 30; }` is 6 bytes); `unsigned : 0` still moves to the next boundary.
 * `aligned(N)` raises a member's or the record's alignment to N.
 */
export function layoutRecord(kind: 'struct' | 'union', members: readonly DeclaredMember[], attributes: LayoutAttributes = { packed: false }): RecordLayout {
  let bit = 0;
  let size = 0;
  let align = attributes.aligned ?? 1;
  const placed: Member[] = [];
  for (const m of members) {
    const packed = attributes.packed || m.packed === true;
    const typeAlign = alignOf(m.type);
    const memberAlign = Math.max(packed ? 1 : typeAlign, m.aligned ?? 1);
    if (m.width !== undefined) {
      const unitBits = typeAlign * 8;
      if (m.name !== '' && m.width > 0) align = Math.max(align, memberAlign);
      if (kind === 'union') {
        if (m.name !== '') placed.push({ name: m.name, type: m.type, offset: 0, bitField: { bitOffset: 0, width: m.width } });
        size = Math.max(size, Math.ceil(m.width / 8));
        continue;
      }
      const straddles = Math.floor(bit / unitBits) !== Math.floor((bit + m.width - 1) / unitBits);
      if (m.width === 0 || (straddles && !packed)) bit = alignUp(bit, unitBits);
      if (m.aligned !== undefined) bit = alignUp(bit, m.aligned * 8);
      if (m.name !== '') placed.push({ name: m.name, type: m.type, offset: Math.floor(bit / 8), bitField: { bitOffset: bit % 8, width: m.width } });
      bit += m.width;
      size = Math.ceil(bit / 8);
      continue;
    }
    const memberSize = sizeOf(m.type) ?? 0;
    align = Math.max(align, memberAlign);
    if (kind === 'union') {
      placed.push({ name: m.name, type: m.type, offset: 0 });
      size = Math.max(size, memberSize);
    } else {
      bit = alignUp(bit, memberAlign * 8);
      placed.push({ name: m.name, type: m.type, offset: bit / 8 });
      bit += memberSize * 8;
      size = bit / 8;
    }
  }
  return { members: placed, size: alignUp(size, align), align };
}
