import type { CType } from '../../types';
import { isConstObject, sizeOf } from '../../types';
import { ERRNO_ADDRESS } from '../builtins/libraryObjects';
import type { CheckedProgram } from './checkProgram';
import type { Init, TExpr, TStmt } from './checkedTree';

/**
 * What the linked executable imports from libc, decided as gcc 12 -O0 decides it: the functions
 * that get a PLT slot (one `.got.plt` word each, so every later .data/.bss address depends on
 * how many there are) and the libc variables that get a copy in the program's .bss (a copy
 * relocation: `stdout@GLIBC_2.2.5`).
 *
 * gcc does not call every library function the source names. Even at -O0 its folder rewrites
 * calls it knows (gimple-fold.cc, builtins.cc): `printf("hi\n")` becomes `puts("hi")`,
 * `strcpy(d, "AB")` a 3-byte copy, `strlen("abc")` the constant 3, `isalpha(c)` a table lookup
 * through `__ctype_b_loc()`. Each rule below was measured with gcc 12.2 on Debian 12 (readelf -r
 * of the linked program); test/unit/lang/c/gccComparison.test.ts checks the result against gcc.
 */
export interface LinkedImports {
  /** Library functions called through the PLT, sorted. */
  readonly functions: readonly string[];
  /** libc variables the program reads, which ld copies into its .bss (in ld's order). */
  readonly copied: readonly CopiedVariable[];
}

export interface CopiedVariable {
  readonly name: CopiedName;
  /** Where the program first names it (the symbol's line in the panel). */
  readonly line: number;
  readonly column: number;
}

export type CopiedName = 'stdout' | 'stdin' | 'stderr';

/**
 * The copied variables' alignment is what the low bits of their address in libc.so.6 allow (ld's
 * _bfd_elf_adjust_dynamic_copy): stdout at 0x1d4848, stdin at 0x1d4850, stderr at 0x1d4840 in
 * Debian 12's libc. ld puts them in this order whatever order the program names them in.
 */
export const COPIED_VARIABLES: Readonly<Record<CopiedName, { readonly align: number }>> = {
  stdout: { align: 8 },
  stdin: { align: 16 },
  stderr: { align: 32 },
};
const COPY_ORDER: readonly CopiedName[] = ['stdout', 'stdin', 'stderr'];

/** glibc's <ctype.h> classifiers are macros over the table __ctype_b_loc() returns. */
const CTYPE_TABLE_MACROS = new Set(['isalnum', 'isalpha', 'isblank', 'iscntrl', 'isdigit', 'isgraph', 'islower', 'isprint', 'ispunct', 'isspace', 'isupper', 'isxdigit']);

/** Calls gcc expands inline whatever their arguments. */
const ALWAYS_INLINE = new Set([
  'abs', 'labs', 'llabs', 'imaxabs', 'fabs', 'fabsf', 'fabsl', 'alloca', 'isascii', 'toascii',
  // <math.h>'s classification macros are gcc builtins.
  'isnan', 'isinf', 'isfinite', 'isnormal', 'signbit', 'fpclassify',
]);

/** Library names whose call goes to another symbol (a macro, or a function in libc_nonshared.a). */
const RENAMED: Readonly<Record<string, string>> = {
  /** glibc's atexit lives in libc_nonshared.a and calls __cxa_atexit. */
  atexit: '__cxa_atexit',
  /** <setjmp.h>: `#define setjmp(env) _setjmp (env)`. */
  setjmp: '_setjmp',
  sigsetjmp: '__sigsetjmp',
  /** The checker's name for <assert.h>'s macro, which calls __assert_fail. */
  __assert: '__assert_fail',
  /** <stdio.h> in C99 mode redirects the scanf family to glibc's ISO C99 versions. */
  scanf: '__isoc99_scanf',
  fscanf: '__isoc99_fscanf',
  sscanf: '__isoc99_sscanf',
  vscanf: '__isoc99_vscanf',
  vfscanf: '__isoc99_vfscanf',
  vsscanf: '__isoc99_vsscanf',
};

/** Math functions gcc evaluates at compile time (with MPFR) when every argument is a constant. */
const FOLDED_MATH: Readonly<Record<string, (...x: number[]) => number>> = {
  sqrt: Math.sqrt, cbrt: Math.cbrt, pow: Math.pow, exp: Math.exp, log: Math.log, log2: Math.log2, log10: Math.log10,
  sin: Math.sin, cos: Math.cos, tan: Math.tan, atan: Math.atan, atan2: Math.atan2, floor: Math.floor, ceil: Math.ceil,
  round: Math.round, trunc: Math.trunc, hypot: Math.hypot, fmin: Math.min, fmax: Math.max, fmod: (a, b) => a % b,
};

/** Aggregate copies and clears bigger than this call memcpy/memset (ix86 generic tuning: rep movsq up to 8 KiB). */
const INLINE_BLOCK_LIMIT = 8192;
/** A local array's initializer clears with memset above this size (measured: 8208 inline, 8209 memset). */
const INLINE_CLEAR_LIMIT = 8208;

export function linkedImports(program: CheckedProgram): LinkedImports {
  const functions = new Set<string>();
  const copied = new Map<CopiedName, CopiedVariable>();
  const literalAt = new Map(program.literals.map((l) => [l.address, l.bytes.subarray(0, l.bytes.length - 1)]));

  // gcc reads the initializer of a `const` char array (file scope or automatic, not a static
  // local) as the string it holds: strlen of it is a constant.
  const staticLocals = new Set<number>();
  for (const fn of program.functions.values()) for (const st of fn.statics) staticLocals.add(st.address);
  let constLocals = new Map<number, Uint8Array>();
  for (const fn of program.functions.values()) {
    constLocals = new Map();
    for (const e of fn.entry) expr(e, true);
    stmt(fn.body);
  }
  for (const s of program.staticInits) inits(s.init);
  const order = COPY_ORDER.filter((n) => copied.has(n)).map((n) => copied.get(n) as CopiedVariable);
  return { functions: [...functions].sort(), copied: order };

  function stmt(s: TStmt): void {
    switch (s.stmt) {
      case 'expr': return expr(s.expr, false);
      case 'init': {
        const size = sizeOf(s.object.type) ?? 0;
        if (size > INLINE_CLEAR_LIMIT && s.init.some((i) => i.kind === 'zero')) functions.add('memset');
        const held = s.object.node === 'object' && s.object.storage.kind === 'local' ? constString(s.object.type, s.init) : undefined;
        if (held && s.object.node === 'object' && s.object.storage.kind === 'local') constLocals.set(s.object.storage.slot, held);
        expr(s.object, true);
        return inits(s.init);
      }
      case 'block': return s.body.forEach(stmt);
      case 'vla': s.lengths.forEach((e) => expr(e, true)); return expr(s.size, true);
      case 'if': expr(s.condition, true); stmt(s.then); if (s.otherwise) stmt(s.otherwise); return;
      case 'while': case 'doWhile': expr(s.condition, true); return stmt(s.body);
      case 'for':
        if (s.init) stmt(s.init);
        if (s.condition) expr(s.condition, true);
        if (s.update) expr(s.update, false);
        return stmt(s.body);
      case 'switch': expr(s.value, true); return stmt(s.body);
      case 'case': case 'label': return stmt(s.body);
      case 'return':
        if (s.value) {
          copyOf(s.value.type);
          expr(s.value, true);
        }
        return;
      default: return;
    }
  }

  function inits(list: readonly Init[]): void {
    for (const i of list) {
      if (i.kind !== 'store') continue;
      copyOf(i.type);
      expr(i.value, true);
    }
  }

  /** A struct copied whole (assignment, argument, return, initializer) of more than 8 KiB calls memcpy. */
  function copyOf(type: CType): void {
    if ((type.kind === 'struct' || type.kind === 'union') && (sizeOf(type) ?? 0) > INLINE_BLOCK_LIMIT) functions.add('memcpy');
  }

  /** `used`: whether the expression's value is used (gcc folds some calls only when it is not). */
  function expr(e: TExpr, used: boolean): void {
    switch (e.node) {
      case 'object':
        if (e.storage.kind === 'static') {
          if (e.storage.address === ERRNO_ADDRESS) functions.add('__errno_location');
          if (isCopiedName(e.name) && !copied.has(e.name)) copied.set(e.name, { name: e.name, line: e.range.startLine, column: e.range.startColumn });
        }
        return;
      case 'call': return call(e, used);
      case 'convert':
        // `(void) f(x)` discards the value as a statement would.
        return expr(e.operand, used || e.type.kind !== 'void');
      case 'comma': expr(e.left, false); return expr(e.right, used);
      case 'assign': copyOf(e.type); expr(e.target, true); return expr(e.value, true);
      case 'initialized': expr(e.object, true); return inits(e.init);
      case 'statements':
        e.body.forEach(stmt);
        if (e.value) expr(e.value, used);
        return;
      default:
        for (const child of children(e)) expr(child, true);
    }
  }

  function call(e: TExpr & { node: 'call' }, used: boolean): void {
    for (const a of e.args) {
      copyOf(a.type);
      expr(a, true);
    }
    if (e.callee.node !== 'function' || !e.callee.library) {
      expr(e.callee, true);
      return;
    }
    const name = e.callee.name;
    const imported = importedFor(name, e.args, used);
    if (imported) functions.add(imported);
  }

  /** The symbol a call to the library's `name` links to, or undefined when gcc expands it inline. */
  function importedFor(name: string, args: readonly TExpr[], used: boolean): string | undefined {
    if (name.startsWith('__builtin_')) return builtinImport(name.slice('__builtin_'.length), args, used);
    if (ALWAYS_INLINE.has(name)) return undefined;
    if (CTYPE_TABLE_MACROS.has(name)) return '__ctype_b_loc';
    if (RENAMED[name]) return RENAMED[name];
    const folded = FOLDED_MATH[name];
    if (folded) {
      const values = args.map(constantOf);
      if (values.every((v) => v !== undefined) && Number.isFinite(folded(...(values as number[])))) return undefined;
      return name;
    }
    switch (name) {
      case 'printf': return printfImport(args, used);
      case 'fprintf': return fprintfImport(args, used);
      case 'fputs': return used ? name : fputsImport(literalOf(args[0]));
      case 'strcpy': case 'stpcpy': return literalOf(args[1]) && literalOf(args[1])!.length < INLINE_BLOCK_LIMIT ? undefined : name;
      case 'strcat': {
        const src = literalOf(args[1]);
        if (!src) return name;
        return src.length === 0 ? undefined : 'strlen';
      }
      case 'strlen': return literalOf(args[0]) ? undefined : name;
      case 'strcmp': {
        const a = literalOf(args[0]);
        const b = literalOf(args[1]);
        return (a && b) || a?.length === 0 || b?.length === 0 ? undefined : name;
      }
      case 'strncmp': return (literalOf(args[0]) && literalOf(args[1])) || constantOf(args[2]) === 0 ? undefined : name;
      case 'strchr': case 'strrchr': {
        const c = constantOf(args[1]);
        if (c !== undefined && literalOf(args[0])) return undefined;
        return c === 0 ? 'strlen' : name;
      }
      case 'strspn': case 'strcspn': {
        const set = literalOf(args[1]);
        if (set && (set.length === 0 || literalOf(args[0]))) return set.length === 0 && name === 'strcspn' && !literalOf(args[0]) ? 'strlen' : undefined;
        return name;
      }
      case 'strstr': {
        const needle = literalOf(args[1]);
        if (needle && (needle.length === 0 || literalOf(args[0]))) return undefined;
        return needle?.length === 1 ? 'strchr' : name;
      }
      case 'memcpy': case 'memmove': case 'mempcpy': return memcpyImport(name, args);
      // gcc rewrites bcopy(src, dst, n) as memmove(dst, src, n) and bcmp as memcmp, then folds those (measured).
      // (bcopy("XY", x, 2) is folded even from a literal into a whole array.)
      case 'bcopy': return [1, 2, 4, 8, 16].includes(constantOf(args[2]) ?? -1) ? undefined : memcpyImport('memmove', [args[1], args[0], args[2]]);
      case 'memset': return memsetImport(args[0], args[1], args[2]);
      case 'bzero': return memsetImport(args[0], undefined, args[1], 0);
      case 'bcmp': case 'memcmp': {
        const n = constantOf(args[2]);
        return n === 0 || n === 1 || (literalOf(args[0]) && literalOf(args[1])) ? undefined : 'memcmp';
      }
      case 'memchr': return literalOf(args[0]) && constantOf(args[1]) !== undefined && constantOf(args[2]) !== undefined ? undefined : name;
      default: return name;
    }
  }

  function builtinImport(name: string, args: readonly TExpr[], used: boolean): string | undefined {
    // __builtin_memcpy and friends behave as the library call; the rest (expect, popcount, ctz,
    // unreachable...) become instructions or static libgcc code, never a PLT import.
    return ['memcpy', 'memmove', 'memset', 'strcpy', 'strlen', 'strcmp', 'printf', 'puts', 'putchar', 'malloc', 'free', 'abort', 'exit'].includes(name)
      ? importedFor(name, args, used) : undefined;
  }

  /**
   * gimple_fold_builtin_printf, when the value is unused: "" is dropped; a format with no '%'
   * that ends in a newline becomes puts, a one-character one putchar; "%s\n" is puts of the
   * argument, "%c" putchar; "%s" of a literal is treated as that literal.
   */
  function printfImport(args: readonly TExpr[], used: boolean): string | undefined {
    const format = literalOf(args[0]);
    if (used || !format) return 'printf';
    const text = String.fromCharCode(...format);
    const shown = text === '%s' && args.length === 2 ? literalText(args[1]) : !text.includes('%') ? text : undefined;
    if (shown !== undefined && args.length <= 2 && !shown.includes('%')) {
      if (shown === '') return undefined;
      if (shown.length === 1) return 'putchar';
      if (shown.endsWith('\n')) return 'puts';
      return 'printf';
    }
    if (text === '%s\n' && args.length === 2) return 'puts';
    if (text === '%c' && args.length === 2) return 'putchar';
    return 'printf';
  }

  /** gimple_fold_builtin_fprintf: no '%' is fputs of the format, "%s" fputs of the argument, "%c" fputc. */
  function fprintfImport(args: readonly TExpr[], used: boolean): string | undefined {
    const format = literalOf(args[1]);
    if (used || !format) return 'fprintf';
    const text = String.fromCharCode(...format);
    if (!text.includes('%') && args.length === 2) return fputsImport(format);
    if (text === '%s' && args.length === 3) return fputsImport(literalOf(args[2]));
    if (text === '%c' && args.length === 3) return 'fputc';
    return 'fprintf';
  }

  /** fputs of a known string: nothing for "", fputc for one character, fwrite for more. */
  function fputsImport(text: Uint8Array | undefined): string | undefined {
    if (!text) return 'fputs';
    if (text.length === 0) return undefined;
    return text.length === 1 ? 'fputc' : 'fwrite';
  }

  /**
   * gimple_fold_builtin_memory_op: a constant size of 1, 2, 4, 8 or 16 bytes is one load and one
   * store; a size equal to the whole object one side names (`memcpy(&a, p, sizeof a)`, or a
   * literal's bytes) is an aggregate copy, inline up to 8 KiB.
   */
  function memcpyImport(name: string, args: readonly TExpr[]): string | undefined {
    const n = constantOf(args[2]);
    if (n === undefined) return name;
    if (n === 0) return undefined;
    // From a string literal, only a store of one element of a named array is folded.
    // (mempcpy stays mempcpy: gcc -O0 has no inline form of its return value.)
    if (isStringLiteral(args[1])) return scalarStore(args[0], n) ? undefined : name === 'mempcpy' ? name : 'memcpy';
    if ([1, 2, 4, 8, 16].includes(n)) return undefined;
    const whole = [args[0], args[1]].some((a) => namedObjectSize(a) === n);
    return whole && n <= INLINE_BLOCK_LIMIT ? undefined : name === 'memmove' ? 'memmove' : 'memcpy';
  }

  /**
   * gimple_fold_builtin_memset: only a store of one scalar is done inline — the destination is
   * `&x` (or an array of scalars), the size is the scalar's and the byte is a constant.
   */
  function memsetImport(dest: TExpr, value: TExpr | undefined, size: TExpr, knownValue?: number): string | undefined {
    const n = constantOf(size);
    if (n === 0) return undefined;
    const byte = knownValue ?? (value ? constantOf(value) : undefined);
    return n !== undefined && byte !== undefined && scalarStore(dest, n) ? undefined : 'memset';
  }

  function isStringLiteral(e: TExpr): boolean {
    const inner = stripConversions(e);
    return inner.node === 'address' && inner.lvalue.node === 'object' && inner.lvalue.storage.kind === 'static' && literalAt.has(inner.lvalue.storage.address);
  }

  /**
   * The bytes of the string literal `e` points to: the literal itself, or a pointer a `const`
   * static object was initialized with (`ops[3].name` of a const table), which gcc reads too.
   */
  function literalOf(e: TExpr | undefined): Uint8Array | undefined {
    const inner = e && stripConversions(e);
    if (inner?.node === 'load') return literalOf(constInitializerAt(inner.lvalue));
    if (inner?.node !== 'address' || inner.lvalue.node !== 'object') return undefined;
    const { storage, type } = inner.lvalue;
    if (storage.kind === 'local') return constLocals.get(storage.slot);
    if (storage.kind !== 'static') return undefined;
    const literal = literalAt.get(storage.address);
    if (literal || staticLocals.has(storage.address)) return literal;
    const init = program.staticInits.find((i) => i.address === storage.address);
    return init && constString(type, init.init);
  }

  /** The value a const static object holds at the place `lvalue` names, when its initializer says. */
  function constInitializerAt(lvalue: TExpr): TExpr | undefined {
    const place = staticPlace(lvalue);
    if (!place || !place.readOnly) return undefined;
    const object = program.staticInits.find((s) => place.address >= s.address && place.address < s.address + s.size);
    const step = object?.init.find((i) => i.kind === 'store' && object.address + i.offset === place.address);
    return step?.kind === 'store' ? step.value : undefined;
  }

  function literalText(e: TExpr | undefined): string | undefined {
    const bytes = literalOf(e);
    return bytes && String.fromCharCode(...bytes);
  }
}

/** The address an lvalue names when it is a static object reached by constant offsets. */
function staticPlace(lvalue: TExpr): { address: number; readOnly: boolean } | undefined {
  switch (lvalue.node) {
    case 'object':
      return lvalue.storage.kind === 'static' ? { address: lvalue.storage.address, readOnly: isConstObject(lvalue.type) } : undefined;
    case 'member': {
      const base = staticPlace(lvalue.object);
      return base && { address: base.address + lvalue.offset, readOnly: base.readOnly };
    }
    case 'deref': {
      const pointer = stripConversions(lvalue.pointer);
      if (pointer.node === 'address') return staticPlace(pointer.lvalue);
      if (pointer.node !== 'pointerAdd' || pointer.elementSizeOf) return undefined;
      const base = stripConversions(pointer.pointer);
      const index = constantOf(pointer.offset);
      if (base.node !== 'address' || index === undefined) return undefined;
      const place = staticPlace(base.lvalue);
      return place && { address: place.address + (pointer.subtract ? -index : index) * pointer.elementSize, readOnly: place.readOnly };
    }
    default:
      return undefined;
  }
}

function isCopiedName(name: string): name is CopiedName {
  return name === 'stdout' || name === 'stdin' || name === 'stderr';
}

function stripConversions(e: TExpr): TExpr {
  let inner = e;
  while (inner.node === 'convert') inner = inner.operand;
  return inner;
}

function constantOf(e: TExpr | undefined): number | undefined {
  const inner = e && stripConversions(e);
  return inner?.node === 'constant' ? Number(inner.value) : undefined;
}

/** The type of the object `&x` or an array `x` (decayed) names, if the pointer is that. */
function namedObject(e: TExpr): CType | undefined {
  const inner = stripConversions(e);
  if (inner.node !== 'address') return undefined;
  let target = inner.lvalue;
  while (target.node === 'member') target = target.object;
  return target.node === 'object' ? inner.lvalue.type : undefined;
}

/** `&x` or an array of scalars `a`, with n the size of one scalar: gcc stores it directly. */
function scalarStore(dest: TExpr, n: number): boolean {
  const target = namedObject(dest);
  if (!target) return false;
  const element = target.kind === 'array' ? elementOf(target) : target;
  const scalar = element.kind === 'integer' || element.kind === 'pointer' || element.kind === 'enum';
  return scalar && sizeOf(element) === n && n <= 8;
}

/** The string a `const` char array's initializer puts in it (up to its NUL), if it is one. */
function constString(type: CType, init: readonly Init[]): Uint8Array | undefined {
  if (type.kind !== 'array' || !isConstObject(type) || type.of.kind !== 'integer' || sizeOf(type.of) !== 1) return undefined;
  const bytes = init.find((i) => i.kind === 'bytes' && i.offset === 0);
  if (bytes?.kind !== 'bytes') return undefined;
  const nul = bytes.bytes.indexOf(0);
  return nul < 0 ? undefined : bytes.bytes.subarray(0, nul);
}

function namedObjectSize(e: TExpr): number | undefined {
  const type = namedObject(e);
  return type && sizeOf(type);
}

function elementOf(type: CType & { kind: 'array' }): CType {
  let element: CType = type;
  while (element.kind === 'array') element = element.of;
  return element;
}

function children(e: TExpr): TExpr[] {
  const out: TExpr[] = [];
  for (const key of ['pointer', 'object', 'lvalue', 'operand', 'left', 'right', 'target', 'value', 'condition', 'then', 'otherwise', 'callee', 'list', 'offset', 'elementSizeOf'] as const) {
    const child = (e as unknown as Record<string, unknown>)[key];
    if (child && typeof child === 'object' && 'node' in child) out.push(child as TExpr);
  }
  return out;
}
