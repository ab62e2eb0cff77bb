import { type ConstantValue, isFloatLiteral, parseFloatLiteral, parseIntegerLiteral } from './constantValue';
import { climbPrecedence, flattenBinaryChain } from './binaryPrecedence';
import type { TypeResolver } from './declarations';
import { constantSelection } from './genericAssociations';
import type { SyntaxNode } from './parser';
import { charConstant } from './stringLiterals';
import { type CType, alignOf, sizeOf } from './types';

/**
 * Evaluates an integer or arithmetic constant expression (C11 6.6) at translation time: array
 * sizes, enumerator values, case labels, static initializers. Returns undefined when the
 * expression is not a constant (the caller reports it in its own words).
 * Integer arithmetic is done in 64 bits (long), which is what these contexts need in practice.
 */
export function evaluateConstant(node: SyntaxNode, types: TypeResolver): ConstantValue | undefined {
  switch (node.type) {
    case 'number_literal': {
      if (isFloatLiteral(node.text)) {
        const f = parseFloatLiteral(node.text);
        return f === undefined ? undefined : { kind: 'float', value: f };
      }
      const i = parseIntegerLiteral(node.text);
      return i === undefined ? undefined : { kind: 'int', value: i };
    }
    case 'char_literal':
      return { kind: 'int', value: BigInt(charConstant(node.text).value) };
    case 'true':
      return { kind: 'int', value: 1n };
    case 'false':
    case 'null':
      return { kind: 'int', value: 0n };
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
      return inner ? evaluateConstant(inner, types) : undefined;
    }
    case 'identifier': {
      const v = types.scope.lookupEnumConstant(node.text);
      return v === undefined ? undefined : { kind: 'int', value: v };
    }
    case 'sizeof_expression': {
      const typeNode = node.childForFieldName('type');
      const operand = node.childForFieldName('value');
      const size = typeNode ? sizeOf(types.typeOfDescriptor(typeNode)) : operand ? types.operandSize(operand) : undefined;
      return size === undefined ? undefined : { kind: 'int', value: BigInt(size) };
    }
    case 'alignof_expression': {
      const typeNode = node.childForFieldName('type');
      return typeNode ? { kind: 'int', value: BigInt(alignOf(types.typeOfDescriptor(typeNode))) } : undefined;
    }
    case 'offsetof_expression': {
      const typeNode = node.childForFieldName('type');
      const member = node.childForFieldName('member')?.text;
      const type = typeNode ? types.typeOfDescriptor(typeNode) : undefined;
      const found = type && (type.kind === 'struct' || type.kind === 'union') ? type.layout.members?.find((m) => m.name === member && !m.bitField) : undefined;
      return found ? { kind: 'int', value: BigInt(found.offset) } : undefined;
    }
    case 'cast_expression': {
      const value = evaluateConstant(node.childForFieldName('value') as SyntaxNode, types);
      const typeNode = node.childForFieldName('type');
      return value && typeNode ? convert(value, types.typeOfDescriptor(typeNode)) : undefined;
    }
    case 'unary_expression': {
      const operand = evaluateConstant(node.childForFieldName('argument') as SyntaxNode, types);
      if (!operand) return undefined;
      const op = node.childForFieldName('operator')?.text;
      if (op === '-') return negate(operand);
      if (op === '+') return operand;
      if (op === '!') return { kind: 'int', value: isZero(operand) ? 1n : 0n };
      if (op === '~' && operand.kind === 'int') return { kind: 'int', value: BigInt.asIntN(64, ~operand.value) };
      return undefined;
    }
    case 'binary_expression':
      return castPrefixChain(node, types) ?? binary(node, types);
    case 'conditional_expression': {
      const c = evaluateConstant(node.childForFieldName('condition') as SyntaxNode, types);
      if (!c) return undefined;
      const branch = node.childForFieldName(isZero(c) ? 'alternative' : 'consequence');
      return branch ? evaluateConstant(branch, types) : undefined;
    }
    case 'generic_expression': {
      const selected = constantSelection(node, types);
      return selected ? evaluateConstant(selected, types) : undefined;
    }
    default:
      return undefined;
  }
}

export function isZero(v: ConstantValue): boolean {
  return v.kind === 'int' ? v.value === 0n : v.value === 0;
}

/**
 * `(T)-x` or `(T)+x` in a chain of binary operators, which tree-sitter reads as `(T)` minus x
 * (see castSyntax.ts): the chain is read again with each such `(T)` a cast of the signed operand
 * after it. undefined when the chain has no such cast (or one operand is not constant).
 */
function castPrefixChain(node: SyntaxNode, types: TypeResolver): ConstantValue | undefined {
  if (node.parent?.type === 'binary_expression') return undefined;
  const { operands, operators } = flattenBinaryChain(node);
  const castAt = (i: number) => (operators[i] === '-' || operators[i] === '+' ? types.typeInParentheses(operands[i]) : undefined);
  if (!operands.some((_o, i) => castAt(i))) return undefined;
  const values: (ConstantValue | undefined)[] = [];
  const ops: string[] = [];
  for (let i = 0; i < operands.length; i++) {
    const type = castAt(i);
    if (type) {
      const operand = evaluateConstant(operands[++i], types);
      const signed = operand && operators[i - 1] === '-' ? negate(operand) : operand;
      values.push(signed && convert(signed, type));
    } else {
      values.push(evaluateConstant(operands[i], types));
    }
    if (i < operators.length) ops.push(operators[i]);
  }
  return climbPrecedence(values, ops, (op, a, b) => (a && b ? arithmetic(op, a, b) : undefined));
}

function negate(v: ConstantValue): ConstantValue {
  return v.kind === 'int' ? { kind: 'int', value: -v.value } : { kind: 'float', value: -v.value };
}

function binary(node: SyntaxNode, types: TypeResolver): ConstantValue | undefined {
  const op = node.childForFieldName('operator')?.text ?? '';
  const a = evaluateConstant(node.childForFieldName('left') as SyntaxNode, types);
  if (!a) return undefined;
  // && and || do not evaluate their right side when the left decides (C11 6.5.13-14).
  if (op === '&&' && isZero(a)) return { kind: 'int', value: 0n };
  if (op === '||' && !isZero(a)) return { kind: 'int', value: 1n };
  const b = evaluateConstant(node.childForFieldName('right') as SyntaxNode, types);
  return b && arithmetic(op, a, b);
}

/** One binary operator on two constants (64-bit integer arithmetic, or double). */
function arithmetic(op: string, a: ConstantValue, b: ConstantValue): ConstantValue | undefined {
  if (op === '&&' || op === '||') return { kind: 'int', value: (op === '&&' ? !isZero(a) && !isZero(b) : !isZero(a) || !isZero(b)) ? 1n : 0n };
  if (a.kind === 'float' || b.kind === 'float') {
    const x = Number(a.value);
    const y = Number(b.value);
    const cmp: Record<string, boolean> = { '<': x < y, '>': x > y, '<=': x <= y, '>=': x >= y, '==': x === y, '!=': x !== y };
    if (op in cmp) return { kind: 'int', value: cmp[op] ? 1n : 0n };
    const arith: Record<string, number> = { '+': x + y, '-': x - y, '*': x * y, '/': x / y };
    return op in arith ? { kind: 'float', value: arith[op] } : undefined;
  }
  const x = a.value;
  const y = b.value;
  const wrap = (v: bigint): ConstantValue => ({ kind: 'int', value: BigInt.asIntN(64, v) });
  switch (op) {
    case '+': return wrap(x + y);
    case '-': return wrap(x - y);
    case '*': return wrap(x * y);
    case '/': return y === 0n ? undefined : wrap(x / y);
    case '%': return y === 0n ? undefined : wrap(x % y);
    case '<<': return wrap(x << y);
    case '>>': return wrap(x >> y);
    case '&': return wrap(x & y);
    case '|': return wrap(x | y);
    case '^': return wrap(x ^ y);
    case '<': return { kind: 'int', value: x < y ? 1n : 0n };
    case '>': return { kind: 'int', value: x > y ? 1n : 0n };
    case '<=': return { kind: 'int', value: x <= y ? 1n : 0n };
    case '>=': return { kind: 'int', value: x >= y ? 1n : 0n };
    case '==': return { kind: 'int', value: x === y ? 1n : 0n };
    case '!=': return { kind: 'int', value: x !== y ? 1n : 0n };
    default: return undefined;
  }
}

/** A cast in a constant expression: integers wrap to the target width, floats truncate. */
function convert(value: ConstantValue, to: CType): ConstantValue | undefined {
  if (to.kind === 'float') return { kind: 'float', value: Number(value.value) };
  if (to.kind === 'integer' || to.kind === 'enum' || to.kind === 'pointer') {
    const size = (sizeOf(to) ?? 8) * 8;
    const n = value.kind === 'int' ? value.value : BigInt(Math.trunc(value.value));
    const signed = to.kind === 'integer' ? to.signed : to.kind === 'enum';
    if (to.kind === 'integer' && to.name === '_Bool') return { kind: 'int', value: n !== 0n ? 1n : 0n };
    return { kind: 'int', value: signed ? BigInt.asIntN(size, n) : BigInt.asUintN(size, n) };
  }
  return value;
}
