import type { SyntaxNode } from '../../parser';
import { nodeRange } from '../../syntaxDiagnostics';
import { type CType, VOID, typeToString } from '../../types';
import { VA_LIST_TAG, isVaListTag } from '../../vaList';
import { type CheckContext, fail, field, unsupported, warn } from './checkContext';
import type { TExpr } from './checkedTree';
import { type SpecialCall, checkValue } from './checkExpression';
import { isPointer, promotedType, unqualified } from './conversions';

/**
 * gcc's builtins behind <stdarg.h> (its va_start, va_arg, va_end and va_copy macros). va_list is
 * the ABI's `struct __va_list_tag[1]` in the function's own memory, so a student sees gp_offset and
 * fp_offset move through the register save area as va_arg takes arguments (SysV ABI 3.5.7).
 */
export const STDARG_CALLS: Record<string, SpecialCall> = {
  __builtin_va_start(ctx, node, args) {
    const variadic = ctx.fn?.variadic;
    if (!variadic) return fail(ctx, node, 'stdarg', "'va_start' used in function with fixed arguments");
    if (args.length !== 2) return fail(ctx, node, 'arguments', "wrong number of arguments to function 'va_start'");
    const list = vaList(ctx, args[0], 'va_start');
    if (args[1].text !== variadic.lastParameter) warn(ctx, args[1], 'stdarg', "second parameter of 'va_start' not last named argument");
    return { node: 'vaStart', list, type: VOID, range: nodeRange(node) };
  },

  /** `va_arg(ap, T)` arrives as `__builtin_va_arg(ap, (T)0)`: see standardHeaders.ts. */
  __builtin_va_arg(ctx, node, args) {
    if (args.length !== 2 || args[1].type !== 'cast_expression') return fail(ctx, node, 'arguments', "'va_arg' needs a va_list and a type");
    const list = vaList(ctx, args[0], 'va_arg');
    const type = unqualified(ctx.types.typeOfDescriptor(field(args[1], 'type')));
    checkArgumentType(ctx, args[1], type);
    return { node: 'vaArg', list, type, range: nodeRange(node) };
  },

  /** Nothing to undo on x86-64 (gcc emits no code), but ap must be a va_list. */
  __builtin_va_end(ctx, node, args) {
    if (args.length !== 1) return fail(ctx, node, 'arguments', "wrong number of arguments to function 'va_end'");
    return { node: 'convert', operand: vaList(ctx, args[0], 'va_end'), type: VOID, range: nodeRange(node) };
  },

  /** `va_copy(dst, src)`: the 24 bytes of the tag copied, so dst continues where src is. */
  __builtin_va_copy(ctx, node, args) {
    if (args.length !== 2) return fail(ctx, node, 'arguments', "wrong number of arguments to function 'va_copy'");
    const range = nodeRange(node);
    const target: TExpr = { node: 'deref', pointer: vaList(ctx, args[0], 'va_copy'), type: VA_LIST_TAG, range };
    const source: TExpr = { node: 'deref', pointer: vaList(ctx, args[1], 'va_copy'), type: VA_LIST_TAG, range };
    const copy: TExpr = { node: 'assign', target, value: { node: 'load', lvalue: source, type: VA_LIST_TAG, range }, type: VA_LIST_TAG, range };
    return { node: 'convert', operand: copy, type: VOID, range };
  },
};

/** ap as a pointer to its __va_list_tag (a va_list variable decays to one; a va_list parameter is one). */
function vaList(ctx: CheckContext, node: SyntaxNode, what: string): TExpr {
  const value = checkValue(ctx, node);
  if (!isPointer(value.type) || !isVaListTag(value.type.to)) return fail(ctx, node, 'type', `first argument to '${what}' not of type 'va_list'`);
  return value;
}

/**
 * What va_arg can take: types that arrive unchanged through `...`. A char, short, _Bool or float
 * was promoted by the caller, so asking for it is undefined (gcc warns and compiles a trap).
 */
function checkArgumentType(ctx: CheckContext, node: SyntaxNode, type: CType): void {
  const promoted = type.kind === 'float' && type.name === 'float' ? 'double' : type.kind === 'integer' ? typeToString(promotedType(type)) : undefined;
  if (promoted && promoted !== typeToString({ ...type, alias: undefined } as CType)) {
    fail(ctx, node, 'stdarg', `'${typeToString(type)}' is promoted to '${promoted}' when passed through '...' (so you should pass '${promoted}' not '${typeToString(type)}' to 'va_arg'; gcc compiles it to a trap)`);
  }
  if (type.kind === 'float' && type.name === 'long double') unsupported(ctx, node, "va_arg of a long double");
  if (type.kind === 'struct' || type.kind === 'union') unsupported(ctx, node, `va_arg of a ${type.kind} ('${typeToString(type)}')`);
  if (type.kind === 'void' || type.kind === 'array' || type.kind === 'function') fail(ctx, node, 'type', `invalid type '${typeToString(type)}' for 'va_arg'`);
}
