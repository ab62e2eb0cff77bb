import { TypeResolver } from '../../declarations';
import type { CParser } from '../../parser';
import type { FunctionType } from '../../types';
import { INT } from '../../types';
import type { CallInstr } from '../lower/instructions';
import type { Value } from '../values/valueKind';
import type { Machine } from '../vm/machine';
import type { NativeCall } from '../vm/nativeCall';
import { CTYPE_MATH } from './ctypeMath';
import { LIBRARY_PROTOTYPES } from './prototypes';
import { SCANF_FAMILY } from './scanfFamily';
import { STDIO } from './stdio';
import { STDLIB } from './stdlib';
import { STRING } from './string';
import { VPRINTF } from './vprintf';
import { EXIT_HANDLERS } from './exitHandlers';
import { MMAN } from './mman';
import { UNISTD } from './unistd';
import { GCC_BUILTINS } from './gccBuiltins';
import { MATH_LIBRARY } from './mathLibrary';
import { STDLIB_EXTRAS } from './stdlibExtras';
import { SETJMP } from './setjmp';
import { WCHAR } from './wchar';
import { DIV_TYPES } from '../../standardHeaders';

export { LIBRARY_OBJECTS } from './libraryObjects';

/** A library function's implementation: runs to completion inside one Call instruction. */
export type LibraryImpl = (vm: Machine, args: Value[], call: CallInstr) => Value | NativeCall;

export interface LibraryFunction {
  readonly name: string;
  readonly type: FunctionType;
  /** Its address in libc's code (what `&printf` gives); not glibc's real offsets. */
  readonly address: number;
  readonly impl: LibraryImpl;
}

const IMPLEMENTATIONS: Record<string, LibraryImpl> = { ...STDIO, ...VPRINTF, ...SCANF_FAMILY, ...STDLIB, ...EXIT_HANDLERS, ...STRING, ...CTYPE_MATH, ...UNISTD, ...MMAN, ...GCC_BUILTINS, ...MATH_LIBRARY, ...STDLIB_EXTRAS, ...SETJMP, ...WCHAR };

const LIBC_TEXT = 0x7ffff7e00000;
const cache = new WeakMap<CParser, Map<string, LibraryFunction>>();

/**
 * The library functions with their C types, from glibc's prototypes. Each prototype is parsed the
 * first time its type is asked for (a program names a handful of the 120): parsing them all through
 * tree-sitter's wasm on every start of the CLI cost a quarter of an empty run.
 */
export function libraryFunctions(parser: CParser): Map<string, LibraryFunction> {
  const cached = cache.get(parser);
  if (cached) return cached;
  const types = libraryTypes();
  const out = new Map<string, LibraryFunction>();
  for (const prototype of LIBRARY_PROTOTYPES.split('\n')) {
    const name = PROTOTYPE_NAME.exec(prototype)?.[1];
    if (name === undefined) continue;
    const impl = IMPLEMENTATIONS[name];
    if (!impl) throw new Error(`internal: library function ${name} has no implementation`);
    let type: FunctionType | undefined;
    out.set(name, {
      name, address: LIBC_TEXT + out.size * 0x100, impl,
      get type(): FunctionType {
        return (type ??= prototypeType(parser, types, name, prototype));
      },
    });
  }
  out.set('__assert', {
    name: '__assert', address: LIBC_TEXT + out.size * 0x100, impl: IMPLEMENTATIONS.__assert,
    type: { kind: 'function', returns: { kind: 'void' }, params: [INT], variadic: false },
  });
  cache.set(parser, out);
  return out;
}

/** The typedef names the prototypes use, as glibc's headers define them. */
export const LIBRARY_TYPEDEFS: Readonly<Record<string, string>> = {
  size_t: 'unsigned long', FILE: 'struct _IO_FILE', va_list: '__builtin_va_list', ssize_t: 'long', off_t: 'long', intptr_t: 'long',
  ...DIV_TYPES, jmp_buf: 'struct __jmp_buf_tag[1]', wchar_t: 'int',
};

/** A type resolver that knows the prototypes' typedef names. */
export function libraryTypes(): TypeResolver {
  const types = new TypeResolver([]);
  for (const [name, spelled] of Object.entries(LIBRARY_TYPEDEFS)) types.defineHeaderTypedef(name, spelled);
  return types;
}

/** The declared name of a one-line prototype: the first identifier followed by its parameter list. */
const PROTOTYPE_NAME = /^[^(]*?\b([A-Za-z_]\w*)\s*\(/;

function prototypeType(parser: CParser, types: TypeResolver, name: string, prototype: string): FunctionType {
  const tree = parser.parse(prototype);
  try {
    for (const decl of tree.rootNode.namedChildren) {
      if (!decl || decl.type !== 'declaration') continue;
      const specs = types.specifiers(decl);
      for (const d of types.declarators(decl, specs.base)) if (d.name === name && d.type.kind === 'function') return d.type;
    }
  } finally {
    tree.delete();
  }
  throw new Error(`internal: the prototype of library function ${name} does not declare it: ${prototype}`);
}
