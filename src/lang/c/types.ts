/**
 * C types as gcc sees them on x86-64 Linux (the LP64 data model of the System V ABI):
 * char 1, short 2, int 4, long 8, long long 8, pointers 8, float 4, double 8, long double 16
 * (80-bit x87 value padded to 16), _Bool 1, enums 4. Alignment equals size for scalars.
 */
export type IntegerName = '_Bool' | 'char' | 'short' | 'int' | 'long' | 'long long' | '__int128';
export type FloatName = 'float' | 'double' | 'long double';

interface Qualified {
  /** The object itself is const (`const int`, or `int *const` for the pointer). */
  readonly isConst?: boolean;
}

export interface VoidType extends Qualified { readonly kind: 'void' }
export interface IntegerType extends Qualified {
  readonly kind: 'integer';
  readonly name: IntegerName;
  readonly signed: boolean;
  /** Plain `char` is a distinct type from `signed char` even though gcc makes it signed on x86-64. */
  readonly plainChar?: boolean;
  /** The name written in the source when it came through a typedef such as `size_t`. */
  readonly alias?: string;
  /**
   * A bit-field's width: the type of `s.bits` for `unsigned bits : 4` is unsigned int of 4 bits,
   * which matters for the integer promotions (it promotes to int) and for what a store keeps.
   */
  readonly bitWidth?: number;
}
export interface FloatType extends Qualified { readonly kind: 'float'; readonly name: FloatName; readonly alias?: string }
export interface PointerType extends Qualified { readonly kind: 'pointer'; readonly to: CType; readonly alias?: string }
export interface ArrayType extends Qualified {
  readonly kind: 'array';
  readonly of: CType;
  readonly length?: number;
  /** A variable-length array's length, known only at run time (then `length` is undefined). */
  readonly variable?: VariableLength;
}
/**
 * The length of a variable-length array (C11 6.7.6.2p4-5), evaluated when its declaration is
 * reached and kept, as gcc -O0 keeps it for the debugger, in a hidden 8-byte frame slot holding
 * the upper bound (length - 1): `slot` is that slot's index among the function's slots (-1 for
 * `int a[n]` in a prototype, where the length is never needed); `text` is the size as written.
 */
export interface VariableLength { readonly slot: number; readonly text: string }
export interface Member {
  readonly name: string;
  readonly type: CType;
  /** Byte offset; for a bit-field, of the first byte holding any of its bits. */
  readonly offset: number;
  readonly bitField?: BitField;
}
/** Where a bit-field's bits are: from bit `bitOffset` (0 = least significant) of the byte at the member's offset, `width` bits up. */
export interface BitField { readonly bitOffset: number; readonly width: number }
export interface RecordType extends Qualified {
  readonly kind: 'struct' | 'union';
  readonly tag?: string;
  /** Shared, filled in when the definition is seen (a struct may point to itself). */
  readonly layout: RecordLayout;
  readonly alias?: string;
}
export interface RecordLayout {
  members?: Member[];
  /** Syntax node id of the defining body, so re-reading the same declaration is not a redefinition. */
  definedAt?: number;
  /** Its body had errors (already reported): a member not found in it is no news. */
  hasErrors?: boolean;
  size: number;
  align: number;
}
export interface EnumType extends Qualified {
  readonly kind: 'enum';
  readonly tag?: string;
  readonly alias?: string;
  /**
   * Shared by every copy of one enum type (const, through a typedef), as a record's layout is:
   * the enum's identity, and whether an enumerator is negative, which makes gcc's underlying type
   * int instead of unsigned int. Filled in as the enumerators are read.
   */
  readonly constants?: EnumConstants;
}
export interface EnumConstants { negative: boolean }
export interface FunctionType extends Qualified {
  readonly kind: 'function';
  readonly returns: CType;
  readonly params: readonly CType[];
  readonly variadic: boolean;
  /** `int f()`: parameters unspecified (old style), not `int f(void)`. */
  readonly unprototyped?: boolean;
}

export type CType = VoidType | IntegerType | FloatType | PointerType | ArrayType | RecordType | EnumType | FunctionType;

const INTEGER_SIZES: Record<IntegerName, number> = { _Bool: 1, char: 1, short: 2, int: 4, long: 8, 'long long': 8, __int128: 16 };
const FLOAT_SIZES: Record<FloatName, number> = { float: 4, double: 8, 'long double': 16 };

export const VOID: VoidType = { kind: 'void' };
export const INT: IntegerType = { kind: 'integer', name: 'int', signed: true };
export const UINT: IntegerType = { kind: 'integer', name: 'int', signed: false };
export const LONG: IntegerType = { kind: 'integer', name: 'long', signed: true };
export const ULONG: IntegerType = { kind: 'integer', name: 'long', signed: false };
export const LLONG: IntegerType = { kind: 'integer', name: 'long long', signed: true };
export const ULLONG: IntegerType = { kind: 'integer', name: 'long long', signed: false };
export const CHAR: IntegerType = { kind: 'integer', name: 'char', signed: true, plainChar: true };
export const DOUBLE: FloatType = { kind: 'float', name: 'double' };

export const integer = (name: IntegerName, signed = true): IntegerType => ({ kind: 'integer', name, signed });
export const pointerTo = (to: CType): PointerType => ({ kind: 'pointer', to });
export const arrayOf = (of: CType, length?: number): ArrayType => ({ kind: 'array', of, length });

/** sizeof; undefined for incomplete types (void, an array of unknown length, an undefined struct). */
export function sizeOf(type: CType): number | undefined {
  switch (type.kind) {
    case 'void': return undefined;
    case 'integer': return INTEGER_SIZES[type.name];
    case 'float': return FLOAT_SIZES[type.name];
    case 'pointer': return 8;
    case 'enum': return 4;
    case 'function': return undefined;
    case 'array': {
      const element = sizeOf(type.of);
      return type.length === undefined || element === undefined ? undefined : element * type.length;
    }
    case 'struct':
    case 'union':
      return type.layout.members ? type.layout.size : undefined;
  }
}

/** _Alignof: scalars are aligned to their size, aggregates to their strictest member. */
export function alignOf(type: CType): number {
  switch (type.kind) {
    case 'array': return alignOf(type.of);
    case 'struct':
    case 'union': return type.layout.align;
    case 'void':
    case 'function': return 1;
    default: return sizeOf(type) ?? 1;
  }
}

/** An array whose size is only known at run time: a VLA, or an array of VLAs (C11 6.7.6.2p4). */
export function hasVariableSize(type: CType): boolean {
  return type.kind === 'array' && (type.variable !== undefined || hasVariableSize(type.of));
}

/** A variably modified type: one that involves a VLA, such as `int (*)[n]` (C11 6.7.6p3). */
export function isVariablyModified(type: CType): boolean {
  if (type.kind === 'array') return hasVariableSize(type);
  if (type.kind === 'pointer') return isVariablyModified(type.to);
  return false;
}

/** The type with every VLA length replaced by its run-time value (a VLA as allocated: `int [6]`). */
export function withRuntimeLengths(type: CType, lengthOf: (length: VariableLength) => number): CType {
  if (type.kind === 'array') {
    const of = withRuntimeLengths(type.of, lengthOf);
    return type.variable ? { kind: 'array', of, length: lengthOf(type.variable), isConst: type.isConst } : { ...type, of };
  }
  if (type.kind === 'pointer') return { ...type, to: withRuntimeLengths(type.to, lengthOf) };
  return type;
}

export function isAggregate(type: CType): boolean {
  return type.kind === 'array' || type.kind === 'struct' || type.kind === 'union';
}

export function isScalar(type: CType): boolean {
  return type.kind === 'integer' || type.kind === 'float' || type.kind === 'pointer' || type.kind === 'enum';
}

/**
 * Whether an object of this type is read-only as a whole: `const int`, an array of const
 * elements, or a struct declared `const` (a struct whose every member is const also counts).
 */
export function isConstObject(type: CType): boolean {
  if (type.isConst) return true;
  if (type.kind === 'array') return isConstObject(type.of);
  if ((type.kind === 'struct' || type.kind === 'union') && type.layout.members?.length) {
    return type.layout.members.every((m) => isConstObject(m.type));
  }
  return false;
}

export function withConst<T extends CType>(type: T, isConst = true): T {
  return isConst === !!type.isConst ? type : { ...type, isConst };
}

/** The integer type gcc gives an enum (its "underlying type", C11 6.7.2.2p4): int when an enumerator is negative, else unsigned int. */
export function enumUnderlying(type: EnumType): IntegerType {
  const underlying = type.constants?.negative ? INT : UINT;
  return type.isConst ? withConst(underlying) : underlying;
}

/**
 * Whether two types are compatible (C11 6.2.7, 6.7.2-6.7.6), as gcc's comptypes decides: the
 * same qualifiers at every level; the same basic type (long and long long are different types
 * of the same size, as plain char, signed char and unsigned char are); an enum and its
 * underlying integer type; pointers to compatible types; arrays of compatible elements whose
 * lengths, when both are known, agree; functions with compatible returns and, when both have
 * prototypes, the same number of compatible (unqualified) parameters and the same `...`, and
 * when one has none, parameters that the default argument promotions leave alone; the same
 * struct or union. Typedef names are the types they stand for. A bit-field narrower than its
 * declared type has a type of its own (gcc's `unsigned int:3`), compatible with no other.
 */
export function compatibleTypes(a: CType, b: CType): boolean {
  if (!!a.isConst !== !!b.isConst) return false;
  if (a.kind === 'enum' && b.kind === 'enum') return a === b || (a.constants !== undefined ? a.constants === b.constants : !!a.tag && a.tag === b.tag);
  if (a.kind === 'enum') return b.kind === 'integer' && compatibleTypes(enumUnderlying(a), b);
  if (b.kind === 'enum') return a.kind === 'integer' && compatibleTypes(a, enumUnderlying(b));
  switch (a.kind) {
    case 'void': return b.kind === 'void';
    case 'integer':
      return b.kind === 'integer' && a.name === b.name && a.signed === b.signed && !!a.plainChar === !!b.plainChar
        && fieldWidth(a) === fieldWidth(b);
    case 'float': return b.kind === 'float' && a.name === b.name;
    case 'pointer': return b.kind === 'pointer' && compatibleTypes(a.to, b.to);
    case 'array':
      return b.kind === 'array' && compatibleTypes(a.of, b.of)
        && (a.length === undefined || b.length === undefined || a.length === b.length);
    case 'struct':
    case 'union':
      return b.kind === a.kind && b.layout === a.layout;
    case 'function': {
      if (b.kind !== 'function' || !compatibleTypes(withConst(a.returns, false), withConst(b.returns, false))) return false;
      if (a.unprototyped || b.unprototyped) {
        const prototyped = a.unprototyped ? b : a;
        return !!prototyped.unprototyped || (!prototyped.variadic && prototyped.params.every(unchangedByPromotion));
      }
      return a.variadic === b.variadic && a.params.length === b.params.length
        && a.params.every((p, i) => compatibleTypes(withConst(p, false), withConst(b.params[i], false)));
    }
  }
}

/** A bit-field's width when it is narrower than its type (a full-width field has its declared type). */
function fieldWidth(t: IntegerType): number | undefined {
  const full = t.name === '_Bool' ? 1 : INTEGER_SIZES[t.name] * 8;
  return t.bitWidth === undefined || t.bitWidth === full ? undefined : t.bitWidth;
}

/** A parameter type an unprototyped call passes as is: not narrower than int, not float (C11 6.7.6.3p15). */
function unchangedByPromotion(t: CType): boolean {
  if (t.kind === 'float') return t.name !== 'float';
  if (t.kind === 'integer') return INTEGER_SIZES[t.name] >= 4 && t.name !== '_Bool' && fieldWidth(t) === undefined;
  return true;
}

/** The type as a C programmer writes it: `const char *`, `int [5]`, `struct point`, `int (*)(int)`. */
export function typeToString(type: CType): string {
  return declaratorString(type, '').trim();
}

function declaratorString(type: CType, inner: string): string {
  const qual = type.isConst ? 'const ' : '';
  switch (type.kind) {
    case 'pointer': {
      if ('alias' in type && type.alias) return `${qual}${type.alias}${inner ? ' ' + inner : ''}`;
      const star = `*${type.isConst ? 'const ' : ''}${inner}`.trimEnd();
      const needsParens = type.to.kind === 'array' || type.to.kind === 'function';
      return declaratorString(type.to, needsParens ? `(${star})` : star);
    }
    case 'array':
      return declaratorString(type.of, `${inner}[${type.length ?? type.variable?.text ?? ''}]`);
    case 'function': {
      const params = type.unprototyped ? '' : type.params.length === 0 && !type.variadic ? 'void'
        : [...type.params.map(typeToString), ...(type.variadic ? ['...'] : [])].join(', ');
      return declaratorString(type.returns, `${inner}(${params})`);
    }
    default:
      return `${qual}${baseName(type)}${inner ? (inner.startsWith('[') || inner.startsWith('(') ? ' ' : ' ') + inner : ''}`;
  }
}

function baseName(type: CType): string {
  switch (type.kind) {
    case 'void': return 'void';
    case 'integer':
      if (type.alias) return type.alias;
      if (type.name === '_Bool') return '_Bool';
      if (type.name === 'char') return type.plainChar ? 'char' : `${type.signed ? 'signed' : 'unsigned'} char`;
      return `${type.signed ? '' : 'unsigned '}${type.name}`;
    case 'float': return type.alias ?? type.name;
    case 'enum': return type.alias ?? `enum ${type.tag ?? '<anonymous>'}`;
    case 'struct':
    case 'union': return type.alias ?? `${type.kind} ${type.tag ?? '<anonymous>'}`;
    default: return '?';
  }
}
