import type { SourceRange } from '../../../../shared/diagnostics';
import { type CType, type IntegerType, INT, UINT, LONG, ULONG, LLONG, ULLONG, DOUBLE, sizeOf, pointerTo } from '../../types';
import type { TExpr } from './checkedTree';

/**
 * The implicit conversions of C11 6.3, made explicit in the checked tree.
 */

export const FLOAT: CType = { kind: 'float', name: 'float' };
export const BOOL: IntegerType = { kind: 'integer', name: '_Bool', signed: false };
export const CHAR_PTR: CType = pointerTo({ kind: 'integer', name: 'char', signed: true, plainChar: true });
export const VOID_PTR: CType = pointerTo({ kind: 'void' });

export const isInteger = (t: CType): boolean => t.kind === 'integer' || t.kind === 'enum';
export const isArithmetic = (t: CType): boolean => isInteger(t) || t.kind === 'float';
export const isPointer = (t: CType): t is CType & { kind: 'pointer' } => t.kind === 'pointer';
export const isScalarType = (t: CType): boolean => isArithmetic(t) || t.kind === 'pointer';
export const isRecord = (t: CType): boolean => t.kind === 'struct' || t.kind === 'union';

export function isLvalue(e: TExpr): boolean {
  return e.node === 'object' || e.node === 'deref' || e.node === 'initialized' || ((e.node === 'member' || e.node === 'bitField') && isLvalue(e.object));
}

/**
 * Lvalue conversion (C11 6.3.2.1): an array becomes a pointer to its first element, a function
 * a pointer to itself, any other lvalue the value stored in it.
 */
export function rvalue(e: TExpr): TExpr {
  if (e.type.kind === 'array') {
    return { node: 'address', lvalue: e, type: pointerTo(e.type.of), range: e.range };
  }
  if (e.node === 'function') return { node: 'address', lvalue: e, type: pointerTo(e.type), range: e.range };
  if (isLvalue(e)) return { node: 'load', lvalue: e, type: unqualified(e.type), range: e.range };
  return e;
}

export function unqualified(t: CType): CType {
  return t.isConst ? { ...t, isConst: false } : t;
}

/**
 * Integer rank order (C11 6.3.1.1): _Bool < char < short < int < long < long long, even though
 * long and long long have the same size on LP64 (they stay different types: `1L + 1LL` is long long).
 */
function rank(t: IntegerType): number {
  return { _Bool: 0, char: 1, short: 2, int: 3, long: 4, 'long long': 5, __int128: 6 }[t.name];
}

/**
 * Integer promotions (C11 6.3.1.1p2): anything narrower than int becomes int (int holds all its
 * values). gcc applies this to a bit-field by its width, whatever its declared type: below 32
 * bits it is an int (`unsigned long x : 3` too), exactly 32 unsigned bits an unsigned int,
 * wider ones keep their declared type.
 */
export function promotedType(t: CType): CType {
  if (t.kind === 'enum') return INT;
  if (t.kind === 'integer' && t.bitWidth !== undefined) {
    if (t.bitWidth < 32 || (t.bitWidth === 32 && t.signed)) return INT;
    if (t.bitWidth === 32) return UINT;
    return canonical({ ...t, bitWidth: undefined, alias: undefined, isConst: false });
  }
  if (t.kind === 'integer' && rank(t) < 3) return INT;
  if (t.kind === 'integer' && t.alias) return { ...t, alias: undefined, isConst: false };
  return unqualified(t);
}

/** The usual arithmetic conversions (C11 6.3.1.8): the common type of a binary operation. */
export function commonType(a: CType, b: CType): CType {
  if (a.kind === 'float' || b.kind === 'float') {
    if ((a.kind === 'float' && a.name !== 'float') || (b.kind === 'float' && b.name !== 'float')) return DOUBLE;
    return FLOAT;
  }
  const x = promotedType(a) as IntegerType;
  const y = promotedType(b) as IntegerType;
  if (x.signed === y.signed) return rank(x) >= rank(y) ? canonical(x) : canonical(y);
  const [u, s] = x.signed ? [y, x] : [x, y];
  if (rank(u) >= rank(s)) return canonical(u);
  // The signed type can hold every value of the unsigned one (long vs unsigned int on LP64).
  if ((sizeOf(s) ?? 0) > (sizeOf(u) ?? 0)) return canonical(s);
  return canonical({ ...s, signed: false });
}

function canonical(t: IntegerType): CType {
  if (rank(t) === 3) return t.signed ? INT : UINT;
  if (rank(t) === 4) return t.signed ? LONG : ULONG;
  if (rank(t) === 5) return t.signed ? LLONG : ULLONG;
  return t;
}

/** Wraps e in a conversion to `to` unless it already has that representation. */
export function convertTo(e: TExpr, to: CType): TExpr {
  const from = e.type;
  if (sameRepresentation(from, to)) return from === to ? e : { ...e, type: to } as TExpr;
  return { node: 'convert', operand: e, type: to, range: e.range };
}

function sameRepresentation(a: CType, b: CType): boolean {
  if (a.kind === 'pointer' && b.kind === 'pointer') return true;
  if (isInteger(a) && isInteger(b)) {
    const sa = a.kind === 'enum' ? true : (a as IntegerType).signed;
    const sb = b.kind === 'enum' ? true : (b as IntegerType).signed;
    const boolA = a.kind === 'integer' && a.name === '_Bool';
    const boolB = b.kind === 'integer' && b.name === '_Bool';
    return sizeOf(a) === sizeOf(b) && sa === sb && boolA === boolB;
  }
  if (a.kind === 'float' && b.kind === 'float') return a.name === b.name;
  if (isRecord(a) && isRecord(b)) return true;
  return false;
}

export function intConstant(value: number, range: SourceRange, type: CType = INT): TExpr {
  return { node: 'constant', value, type, range };
}

/** A scalar used as a condition compares unequal to 0 (C11 6.8.4.1p2, 6.5.13). */
export function condition(e: TExpr): TExpr {
  const v = rvalue(e);
  const t = v.type.kind === 'float' || v.type.kind === 'pointer' ? v.type : promotedType(v.type);
  return { node: 'compare', op: '!=', left: convertTo(v, t), right: intConstant(0, v.range, t), type: INT, range: v.range };
}
