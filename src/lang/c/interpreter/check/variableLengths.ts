import type { SourceRange } from '../../../../shared/diagnostics';
import type { ObjectKnowledge } from '../../declarations';
import type { SyntaxNode } from '../../parser';
import { nodeRange } from '../../syntaxDiagnostics';
import { type CType, type VariableLength, LONG, ULONG, sizeOf, typeToString } from '../../types';
import { type CheckContext, fail } from './checkContext';
import type { LocalSlot, TExpr } from './checkedTree';
import { checkValue } from './checkExpression';
import { convertTo, intConstant, isInteger } from './conversions';

/**
 * Variable-length arrays (C11 6.7.6.2): each length is evaluated once, when the declaration (or
 * the type name, or the function entry for a parameter) is reached, and kept in a hidden 8-byte
 * frame slot as its upper bound, length - 1, which is what gcc -O0 stores there for the debugger.
 * Everything that needs the size later (sizeof, indexing, pointer arithmetic) reads the slot, so
 * `n = 100;` after `int a[n];` does not change sizeof a.
 */
export interface PendingLength {
  readonly variable: VariableLength;
  readonly size: SyntaxNode;
}

export const SIZE_T: CType = { ...ULONG, alias: 'size_t' };

/** The type resolver's hooks for a function: each VLA length gets its slot; the size is checked later. */
export function lengthSlots(slots: LocalSlot[], pending: PendingLength[]): Required<Pick<ObjectKnowledge, 'variableLength' | 'forgetLength'>> {
  return {
    variableLength(size) {
      const variable: VariableLength = { slot: slots.length, text: size.text.replace(/\s+/g, ' ') };
      slots.push({ name: `(bound of [${variable.text}])`, type: LONG, size: 8, align: 8, isParameter: false, hidden: true, line: size.startPosition.row + 1 });
      pending.push({ variable, size });
      return variable;
    },
    forgetLength(length) {
      const at = pending.findIndex((p) => p.variable === length);
      if (at >= 0) pending.splice(at, 1);
      // The dimension was resolved last, so its slot is the newest: give the frame bytes back.
      if (length.slot === slots.length - 1) slots.pop();
    },
  };
}

/**
 * Checks the size expressions of the lengths met since the last call (those `where` selects) and
 * returns their evaluations: `bound = (long)size - 1` each, in source order.
 */
export function evaluateLengths(ctx: CheckContext, where: (size: SyntaxNode) => boolean = () => true): TExpr[] {
  const pending = ctx.fn?.pendingLengths ?? [];
  const now = pending.filter((p) => where(p.size));
  for (const p of now) pending.splice(pending.indexOf(p), 1);
  return now.map(({ variable, size }) => {
    const value = checkValue(ctx, size);
    if (!isInteger(value.type)) return fail(ctx, size, 'type', `size of array has non-integer type '${typeToString(value.type)}'`);
    const range = nodeRange(size);
    const bound: TExpr = { node: 'object', storage: { kind: 'local', slot: variable.slot }, name: `(bound of [${variable.text}])`, type: LONG, range };
    const length = convertTo(value, LONG);
    return { node: 'assign', target: bound, value: { node: 'binary', op: '-', left: length, right: intConstant(1, range, LONG), type: LONG, range }, type: LONG, range };
  });
}

/** `e1, e2, ..., last`: the lengths evaluated before an expression that needs them. */
export function after(lengths: readonly TExpr[], last: TExpr): TExpr {
  return lengths.reduceRight<TExpr>((right, left) => ({ node: 'comma', left, right, type: right.type, range: right.range }), last);
}

/** The evaluations one after another (a comma expression); `lengths` is not empty. */
export function sequence(lengths: readonly TExpr[]): TExpr {
  return after(lengths.slice(0, -1), lengths[lengths.length - 1]);
}

/** A VLA's length as a size_t: its bound slot + 1. */
function lengthOf(variable: VariableLength, range: SourceRange): TExpr {
  const bound: TExpr = { node: 'object', storage: { kind: 'local', slot: variable.slot }, name: `(bound of [${variable.text}])`, type: LONG, range };
  const value = convertTo({ node: 'load', lvalue: bound, type: LONG, range }, SIZE_T);
  return { node: 'binary', op: '+', left: value, right: intConstant(1, range, SIZE_T), type: SIZE_T, range };
}

/** sizeof for any complete type: a constant, or for a VLA the product of its lengths and its element size. */
export function sizeExpression(type: CType, range: SourceRange): TExpr | undefined {
  const size = sizeOf(type);
  if (size !== undefined) return intConstant(size, range, SIZE_T);
  if (type.kind !== 'array' || (type.length === undefined && type.variable === undefined)) return undefined;
  const element = sizeExpression(type.of, range);
  if (!element) return undefined;
  const length = type.variable ? lengthOf(type.variable, range) : intConstant(type.length!, range, SIZE_T);
  return { node: 'binary', op: '*', left: length, right: element, type: SIZE_T, range };
}
