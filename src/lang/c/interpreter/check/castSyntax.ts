import type { SyntaxNode } from '../../parser';
import { climbPrecedence, flattenBinaryChain } from '../../binaryPrecedence';
import { nodeRange } from '../../syntaxDiagnostics';
import { type CType, INT } from '../../types';
import { type CheckContext, field, namedChildren } from './checkContext';
import type { TExpr } from './checkedTree';
import { condition } from './conversions';
import { binary, cast, checkValue, prefixOperator } from './checkExpression';

/**
 * Casts that tree-sitter parses as something else. It cannot know which identifiers are typedef
 * names (nor the keyword `_Bool`), so `(T)(x)` comes out as a call of `(T)`, and `(T)-x`, `(T)+x`,
 * `(T)*p`, `(T)&x` as binary expressions with `(T)` on the left. When `(T)` names a type that no
 * object in scope hides, the checker reads them as the casts C says they are (C11 6.5.4).
 */

/** The type a parenthesized identifier names, unless an object in scope has that name. */
export function parenthesizedTypeName(ctx: CheckContext, node: SyntaxNode): CType | undefined {
  const inner = node.type === 'parenthesized_expression' ? namedChildren(node) : [];
  if (inner.length !== 1 || inner[0].type !== 'identifier') return undefined;
  if (inner[0].text !== '_Bool' && ctx.scope.lookup(inner[0].text)) return undefined;
  return ctx.types.typeInParentheses(node);
}

/** `(T)(x)`: a cast of the parenthesized operand (a comma expression when it has several parts). */
export function castParsedAsCall(ctx: CheckContext, node: SyntaxNode): TExpr | undefined {
  const type = parenthesizedTypeName(ctx, field(node, 'function'));
  if (!type) return undefined;
  const parts = namedChildren(field(node, 'arguments')).map((a) => checkValue(ctx, a));
  const value = parts.reduce((left, right) => ({ node: 'comma', left, right, type: right.type, range: right.range }));
  return cast(ctx, node, value, type);
}

/**
 * `(T)-x` inside a chain of binary operators: tree-sitter reads `a + (T)-x * y` as
 * `(a + (T)) - (x * y)`, C as `a + (((T)(-x)) * y)`. The chain is flattened back into its
 * operands and operators in source order, each `(T)` followed by `-`, `+`, `*` or `&` becomes a
 * cast of that prefix operator applied to the next operand, and the operators are applied again
 * by their C precedence (all left-associative, C11 6.5.5-6.5.14). Checked at the top of a chain.
 */
export function castParsedAsBinary(ctx: CheckContext, node: SyntaxNode): TExpr | undefined {
  if (node.parent?.type === 'binary_expression') return undefined;
  const { operands, operators } = flattenBinaryChain(node);
  const isCastPrefix = (i: number) => i < operators.length && PREFIX.has(operators[i]) && !!parenthesizedTypeName(ctx, operands[i]);
  if (!operands.some((_o, i) => isCastPrefix(i))) return undefined;
  const values: TExpr[] = [];
  const ops: string[] = [];
  for (let i = 0; i < operands.length; i++) {
    if (isCastPrefix(i)) {
      const type = parenthesizedTypeName(ctx, operands[i])!;
      values.push(cast(ctx, node, prefixOperator(ctx, node, operators[i], operands[i + 1]), type));
      i++;
    } else {
      values.push(checkValue(ctx, operands[i]));
    }
    if (i < operators.length) ops.push(operators[i]);
  }
  return climbPrecedence(values, ops, (op, left, right) => operate(ctx, node, op, left, right));
}

const PREFIX = new Set(['-', '+', '*', '&']);

/** One binary operator on checked operands: && and || compare their operands with 0. */
function operate(ctx: CheckContext, node: SyntaxNode, op: string, left: TExpr, right: TExpr): TExpr {
  if (op === '&&' || op === '||') return { node: 'logical', op, left: condition(left), right: condition(right), type: INT, range: nodeRange(node) };
  return binary(ctx, node, op, left, right);
}
