import type { SyntaxNode } from '../../parser';
import { type GenericAssociation, genericParts } from '../../genericAssociations';
import { type CType, compatibleTypes, isVariablyModified, sizeOf, typeToString } from '../../types';
import { CheckAbandoned, type CheckContext, errorCount, fail, followOn } from './checkContext';
import type { TExpr } from './checkedTree';
import { rvalue } from './conversions';
import { checkExpression } from './checkExpression';

/**
 * C11's generic selection (6.5.1.1) as gcc 12 implements it. The controlling expression is
 * checked but never evaluated; its type after lvalue conversion (an array becomes a pointer, a
 * function a function pointer, the qualifiers of an lvalue go: `const int a` selects `int`) picks
 * the association whose type name is compatible with it (C11 6.2.7), or `default`. The
 * selection is then the chosen expression itself: an lvalue when it is one, a function
 * designator that can be called, a string literal's array. The other associations are checked
 * (an error in one is an error, as in gcc) and discarded.
 *
 * Errors in gcc's words: an association of function, incomplete or variably modified type; two
 * compatible associations; two defaults; a controlling type no association matches.
 */
export function genericSelection(ctx: CheckContext, node: SyntaxNode): TExpr {
  const parts = genericParts(node);
  if (!parts) return fail(ctx, node, 'syntax', "expected '_Generic (expression, type-name : expression, ...)'");
  const control = rvalue(checkUnevaluated(ctx, parts.controlling)).type;
  let chosen: GenericAssociation | undefined;
  let fallback: GenericAssociation | undefined;
  const types: CType[] = [];
  for (const association of parts.associations) {
    if (association.isDefault) {
      if (fallback) return fail(ctx, association.typeNode, 'generic', "duplicate 'default' case in '_Generic'");
      fallback = association;
      continue;
    }
    const type = associationType(ctx, association.typeNode);
    if (types.some((earlier) => compatibleTypes(earlier, type))) return fail(ctx, association.typeNode, 'generic', "'_Generic' specifies two compatible types");
    types.push(type);
    if (compatibleTypes(control, type)) chosen = association;
  }
  chosen ??= fallback;
  if (!chosen) return fail(ctx, parts.controlling, 'generic', `'_Generic' selector of type '${typeToString(control)}' is not compatible with any association`);
  for (const association of parts.associations) if (association !== chosen) checkUnevaluated(ctx, association.value);
  return checkExpression(ctx, chosen.value);
}

/**
 * The type of an operand that is not evaluated, after lvalue conversion, for the type resolver's
 * constant expressions (`case _Generic(x, int: 1, default: 2):`); undefined when it has errors.
 */
export function unevaluatedType(ctx: CheckContext, operand: SyntaxNode): CType | undefined {
  try {
    return rvalue(checkUnevaluated(ctx, operand)).type;
  } catch (e) {
    if (e instanceof CheckAbandoned) return undefined;
    throw e;
  }
}

/**
 * Checks an expression that is never evaluated (a `_Generic` operand, a constant sizeof operand
 * in an array size): its diagnostics count, but the frame slots it
 * would take (a compound literal, a VLA bound) are given back, and its string literals need no
 * place in .rodata (an address that is never used stands for each). gcc emits none of them: the
 * image builder leaves out those of a controlling expression, and those only an unselected
 * association has are taken out of the image once the checker has seen that nothing uses them.
 */
export function checkUnevaluated(ctx: CheckContext, node: SyntaxNode): TExpr {
  return givingBackSlots(ctx, () => checkExpression({ ...ctx, literalAddress: () => 0 }, node));
}

/** Runs `check` and gives back the frame slots and VLA lengths it took: what it checks is never evaluated. */
function givingBackSlots<T>(ctx: CheckContext, check: () => T): T {
  const fn = ctx.fn;
  const slots = fn?.slots.length ?? 0;
  const pending = fn?.pendingLengths.length ?? 0;
  try {
    return check();
  } finally {
    if (fn && fn.slots.length > slots) fn.slots.length = slots;
    if (fn && fn.pendingLengths.length > pending) fn.pendingLengths.length = pending;
  }
}

/** An association's type name: a complete object type that is not variably modified (C11 6.5.1.1p2). */
function associationType(ctx: CheckContext, typeNode: SyntaxNode): CType {
  const before = errorCount(ctx);
  // A VLA's length in a type name here is never evaluated: its bound slot is given back.
  const type = givingBackSlots(ctx, () => ctx.types.typeOfDescriptor(typeNode));
  const variable = isVariablyModified(type);
  if (errorCount(ctx) > before) followOn(`the type name '${typeNode.text}' in '_Generic'`);
  if (type.kind === 'function') return fail(ctx, typeNode, 'generic', "'_Generic' association has function type");
  if (variable) return fail(ctx, typeNode, 'generic', "'_Generic' association has variable length type");
  if (sizeOf(type) === undefined) return fail(ctx, typeNode, 'generic', "'_Generic' association has incomplete type");
  return type;
}
