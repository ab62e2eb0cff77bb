import { type ConstantValue, isFloatLiteral, parseFloatLiteral, parseIntegerLiteral } from './constantValue';
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
      if (op === '-') return operand.kind === 'int' ? { kind: 'int', value: -operand.value } : { kind: 'float', value: -operand.value };
      if (op === '+') return operand;
      if (op === '!') return { kind: 'int', value: isZero(operand) ? 1n : 0n };
      if (op === '~' && operand.kind === 'int') return { kind: 'int', value: BigInt.asIntN(64, ~operand.value) };
      return undefined;
    }
    case 'binary_expression':
      return binary(node, types);
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

function binary(node: SyntaxNode, types: TypeResolver): ConstantValue | undefined {
  const op = node.childForFieldName('operator')?.text ?? '';
  const a = evaluateConstant(node.childForFieldName('left') as SyntaxNode, types);
  if (!a) return undefined;
  // && and || do not evaluate their right side when the left decides (C11 6.5.13-14).
  if (op === '&&' && isZero(a)) return { kind: 'int', value: 0n };
  if (op === '||' && !isZero(a)) return { kind: 'int', value: 1n };
  const b = evaluateConstant(node.childForFieldName('right') as SyntaxNode, types);
  if (!b) return undefined;
  if (op === '&&' || op === '||') return { kind: 'int', value: isZero(b) ? 0n : 1n };
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
