import type { SyntaxNode } from '../../parser';
import { nodeRange } from '../../syntaxDiagnostics';
import { type CType, type FunctionType, type IntegerType, type Member, type RecordType, INT, isVariablyModified, LONG, ULONG, VOID, alignOf, arrayOf, pointerTo, sizeOf, typeToString } from '../../types';
import type { ObjectKnowledge } from '../../declarations';
import { charConstant, literalArrayType, stringLiteralValue } from '../../stringLiterals';
import { CheckAbandoned, type CheckContext, fail, field, followOn, namedChildren, unsupported } from './checkContext';
import type { BinaryOp, CompareOp, TExpr } from './checkedTree';
import {
  VOID_PTR, commonType, condition, convertTo, intConstant, isArithmetic, isInteger, isLvalue, isPointer, isRecord,
  isScalarType, promotedType, rvalue, unqualified,
} from './conversions';
import { checkInitializer } from './checkInitializer';
import { numberLiteral } from './literalTypes';
import { checkUnevaluated, genericSelection, unevaluatedType } from './genericSelection';
import { SIZE_T, after, evaluateLengths, sizeExpression } from './variableLengths';
import { castParsedAsBinary, castParsedAsCall, parenthesizedTypeName } from './castSyntax';
import { STDARG_CALLS } from './stdargBuiltins';
import { checkStatementExpression } from './statementExpression';

/**
 * One checker per expression production of tree-sitter-c, named after its node type. Each
 * returns the typed expression, an lvalue where C says the expression designates an object.
 */
export function checkExpression(ctx: CheckContext, node: SyntaxNode): TExpr {
  const handler = EXPRESSIONS[node.type];
  if (!handler) return unsupported(ctx, node, `the expression '${firstLine(node)}' (${node.type.replace(/_/g, ' ')})`);
  return handler(ctx, node);
}

/** The expression as a value: checked, then lvalue-converted (arrays and functions decay). */
export function checkValue(ctx: CheckContext, node: SyntaxNode): TExpr {
  const value = rvalue(checkExpression(ctx, node));
  // long double is the x87 80-bit format in 16 bytes; the VM has no 80-bit arithmetic yet.
  if (value.type.kind === 'float' && value.type.name === 'long double') unsupported(ctx, node, 'a long double value (80-bit x87 arithmetic)');
  return value;
}


type Checker = (ctx: CheckContext, node: SyntaxNode) => TExpr;

const EXPRESSIONS: Record<string, Checker> = {
  number_literal(ctx, node) {
    const lit = numberLiteral(node.text);
    if (!lit) return fail(ctx, node, 'syntax', `invalid number '${node.text}'`);
    return { node: 'constant', value: lit.value, type: lit.type, range: nodeRange(node) };
  },

  char_literal(_ctx, node) {
    const { value, type } = charConstant(node.text);
    return intConstant(value, nodeRange(node), type);
  },

  true(_ctx, node) {
    return intConstant(1, nodeRange(node));
  },

  false(_ctx, node) {
    return intConstant(0, nodeRange(node));
  },

  null(_ctx, node) {
    return { node: 'constant', value: 0, type: VOID_PTR, range: nodeRange(node) };
  },

  /** A string literal is an array object in .rodata (C11 6.4.5p6). */
  string_literal(ctx, node) {
    return stringLiteral(ctx, node);
  },

  concatenated_string(ctx, node) {
    return stringLiteral(ctx, node);
  },

  identifier(ctx, node) {
    const name = node.text;
    const binding = ctx.scope.lookup(name);
    const range = nodeRange(node);
    if (binding?.kind === 'object') return { node: 'object', storage: binding.storage, name, type: binding.type, range };
    if (binding?.kind === 'function') return { node: 'function', name, address: binding.address, library: binding.library, type: binding.type, range };
    if (binding?.kind === 'failed') return followOn(`a use of '${name}'`);
    if (binding?.kind === 'undefined-external') return fail(ctx, node, 'undefined-reference', `undefined reference to '${name}': it is declared but defined neither in this file nor by the C library`);
    const constant = ctx.types.scope.lookupEnumConstant(name);
    if (constant !== undefined) return intConstant(Number(BigInt.asIntN(32, constant)), range);
    if (name === '__func__' || name === '__FUNCTION__') return unsupported(ctx, node, '__func__');
    return fail(ctx, node, 'undeclared', `'${name}' undeclared`);
  },

  parenthesized_expression(ctx, node) {
    const inner = namedChildren(node)[0];
    if (!inner) return fail(ctx, node, 'syntax', 'empty parentheses');
    if (inner.type === 'compound_statement') return checkStatementExpression(ctx, node, inner);
    return checkExpression(ctx, inner);
  },

  binary_expression(ctx, node) {
    const op = field(node, 'operator').text;
    const disguised = castParsedAsBinary(ctx, node);
    if (disguised) return disguised;
    if (op === '&&' || op === '||') {
      const left = condition(checkExpression(ctx, field(node, 'left')));
      const right = condition(checkExpression(ctx, field(node, 'right')));
      return { node: 'logical', op, left, right, type: INT, range: nodeRange(node) };
    }
    const left = checkValue(ctx, field(node, 'left'));
    const right = checkValue(ctx, field(node, 'right'));
    return binary(ctx, node, op, left, right);
  },

  unary_expression(ctx, node) {
    return prefixOperator(ctx, node, field(node, 'operator').text, field(node, 'argument'));
  },

  pointer_expression(ctx, node) {
    return prefixOperator(ctx, node, field(node, 'operator').text, field(node, 'argument'));
  },

  subscript_expression(ctx, node) {
    // E1[E2] is (*((E1)+(E2))) (C11 6.5.2.1p2), whichever side is the pointer.
    const a = checkValue(ctx, field(node, 'argument'));
    const i = checkValue(ctx, field(node, 'index'));
    const [pointer, index] = isPointer(a.type) ? [a, i] : [i, a];
    if (!isPointer(pointer.type) || !isInteger(index.type)) return fail(ctx, node, 'type', 'subscripted value is neither array nor pointer');
    return dereference(ctx, node, pointerAdd(ctx, node, pointer, index, false));
  },

  field_expression(ctx, node) {
    const op = field(node, 'operator').text;
    const name = field(node, 'field').text;
    let object = checkExpression(ctx, field(node, 'argument'));
    if (op === '->') {
      const pointer = rvalue(object);
      if (!isPointer(pointer.type) || !isRecord(pointer.type.to)) {
        return fail(ctx, node, 'type', `invalid type argument of '->' (have '${typeToString(pointer.type)}')`);
      }
      object = dereference(ctx, node, pointer);
    }
    if (!isRecord(object.type)) return fail(ctx, node, 'type', `request for member '${name}' in something not a structure or union`);
    const found = findMember(object.type, name);
    if (!found && (object.type as RecordType).layout.hasErrors) return followOn(`member '${name}' of a struct whose definition had errors`);
    if (!found) return fail(ctx, field(node, 'field'), 'member', `'${typeToString(object.type)}' has no member named '${name}'`);
    const type = object.type.isConst && !found.type.isConst ? { ...found.type, isConst: true } : found.type;
    if (found.bitField) {
      const bits = found.bitField;
      return { node: 'bitField', object, offset: found.offset, bits, type: { ...(type as IntegerType), bitWidth: bits.width }, range: nodeRange(node) };
    }
    return { node: 'member', object, offset: found.offset, type, range: nodeRange(node) };
  },

  assignment_expression(ctx, node) {
    const op = field(node, 'operator').text;
    const target = checkExpression(ctx, field(node, 'left'));
    requireModifiable(ctx, field(node, 'left'), target);
    const value = checkValue(ctx, field(node, 'right'));
    const range = nodeRange(node);
    const type = unqualified(target.type);
    if (op === '=') return { node: 'assign', target, value: assignable(ctx, field(node, 'right'), value, type), type, range };
    const current: TExpr = { node: 'current', type, range: target.range };
    const computed = binary(ctx, node, op.slice(0, -1), current, value);
    return { node: 'compoundAssign', target, value: assignable(ctx, node, computed, type), type, range };
  },

  update_expression(ctx, node) {
    const op = field(node, 'operator').text;
    const argument = field(node, 'argument');
    const target = checkExpression(ctx, argument);
    requireModifiable(ctx, argument, target);
    const type = unqualified(target.type);
    const range = nodeRange(node);
    if (!isScalarType(type)) return fail(ctx, node, 'type', `wrong type argument to ${op === '++' ? 'increment' : 'decrement'}`);
    // ++E is E += 1 (C11 6.5.3.1p2); E++ yields the old value (6.5.2.4p2).
    const current: TExpr = { node: 'current', type, range: target.range };
    const computed = binary(ctx, node, op === '++' ? '+' : '-', current, intConstant(1, range));
    const postfix = node.firstChild?.type !== op;
    return { node: 'incDec', target, value: convertTo(computed, type), postfix, type, range };
  },

  call_expression(ctx, node) {
    return checkCall(ctx, node);
  },

  /** `(int (*)[n])p` evaluates n there (C11 6.7.6.2p5). */
  cast_expression(ctx, node) {
    const type = ctx.types.typeOfDescriptor(field(node, 'type'));
    const lengths = evaluateLengths(ctx);
    const value = checkValue(ctx, field(node, 'value'));
    return after(lengths, cast(ctx, node, value, type));
  },

  /**
   * sizeof is a constant, except for a VLA type, whose size is computed from its lengths at run
   * time; `sizeof(int[n])` evaluates n, and `sizeof a[i++]` of a VLA evaluates its operand
   * (C11 6.5.3.4p2).
   */
  sizeof_expression(ctx, node) {
    const typeNode = node.childForFieldName('type');
    const operandNode = typeNode ? undefined : field(node, 'value');
    const named = typeNode ? ctx.types.typeOfDescriptor(typeNode) : parenthesizedTypeName(ctx, operandNode!);
    const operand = named ? undefined : checkExpression(ctx, operandNode!);
    const type = named ?? operand!.type;
    const range = nodeRange(node);
    if (type.kind === 'integer' && type.bitWidth !== undefined) return fail(ctx, node, 'type', "'sizeof' applied to a bit-field");
    const size = sizeExpression(type, range);
    if (!size) return fail(ctx, node, 'type', `invalid application of 'sizeof' to incomplete type '${typeToString(type)}'`);
    if (size.node === 'constant') return size;
    if (!operand) return after(evaluateLengths(ctx), size);
    return operand.node === 'object' ? size : after([rvalue(operand)], size);
  },

  alignof_expression(ctx, node) {
    const type = ctx.types.typeOfDescriptor(field(node, 'type'));
    return { node: 'constant', value: alignOf(type), type: SIZE_T, range: nodeRange(node) };
  },

  offsetof_expression(ctx, node) {
    const type = ctx.types.typeOfDescriptor(field(node, 'type'));
    const name = field(node, 'member').text;
    const found = isRecord(type) ? findMember(type, name) : undefined;
    if (!found) return fail(ctx, node, 'member', `'${typeToString(type)}' has no member named '${name}'`);
    if (found.bitField) return fail(ctx, node, 'member', `attempt to take address of bit-field structure member '${name}'`);
    return { node: 'constant', value: found.offset, type: SIZE_T, range: nodeRange(node) };
  },

  conditional_expression(ctx, node) {
    const test = condition(checkExpression(ctx, field(node, 'condition')));
    const thenNode = node.childForFieldName('consequence');
    if (!thenNode) return unsupported(ctx, node, "the GNU 'a ?: b' operator");
    const a = checkValue(ctx, thenNode);
    const b = checkValue(ctx, field(node, 'alternative'));
    const type = conditionalType(ctx, node, a, b);
    return { node: 'conditional', condition: test, then: convertTo(a, type), otherwise: convertTo(b, type), type, range: nodeRange(node) };
  },

  comma_expression(ctx, node) {
    const left = checkValue(ctx, field(node, 'left'));
    const right = checkValue(ctx, field(node, 'right'));
    return { node: 'comma', left, right, type: right.type, range: nodeRange(node) };
  },

  /** `_Generic(e, T: a, default: b)`: genericSelection.ts (C11 6.5.1.1). */
  generic_expression(ctx, node) {
    return genericSelection(ctx, node);
  },

  /** `(type){ ... }`: an unnamed object with automatic storage in the enclosing block (C11 6.5.2.5). */
  compound_literal_expression(ctx, node) {
    let type = ctx.types.typeOfDescriptor(field(node, 'type'));
    const value = field(node, 'value');
    if (isVariablyModified(type)) return fail(ctx, node, 'type', 'compound literal has variable size');
    const init = checkInitializer(ctx, type, value);
    type = init.type;
    const size = sizeOf(type);
    if (size === undefined) return fail(ctx, node, 'type', 'compound literal has incomplete type');
    const range = nodeRange(node);
    if (!ctx.fn) {
      // Outside a function the literal is an unnamed static object (C11 6.5.2.5p5), in the image.
      const address = ctx.fileScopeLiteral?.(node, size, init.steps);
      if (address === undefined) return unsupported(ctx, node, 'a compound literal at file scope whose address is not what the initializer holds');
      return { node: 'object', storage: { kind: 'static', address }, name: '(literal)', type, range };
    }
    const slot = ctx.fn.slots.length;
    ctx.fn.slots.push({ name: '(literal)', type, size, align: alignOf(type), isParameter: false, hidden: true, line: node.startPosition.row + 1 });
    const object: TExpr = { node: 'object', storage: { kind: 'local', slot }, name: '(literal)', type, range };
    return { node: 'initialized', object, init: init.steps, type, range };
  },
};

/**
 * The type of sizeof's operand expression (not evaluated). tree-sitter cannot know typedef
 * names, so `sizeof(T)` parses as sizeof of a parenthesized identifier: a name that is not an
 * object in scope is taken as the type it names.
 */
function operandType(ctx: CheckContext, operand: SyntaxNode): CType {
  return parenthesizedTypeName(ctx, operand) ?? checkUnevaluated(ctx, operand).type;
}

/** What the type resolver may ask the checker: the sizes of sizeof operands in array sizes. */
export function objectKnowledge(ctx: CheckContext): ObjectKnowledge {
  return {
    operandSize(operand) {
      try {
        return sizeOf(operandType(ctx, operand));
      } catch (e) {
        if (e instanceof CheckAbandoned) return undefined;
        throw e;
      }
    },
    operandType: (operand) => unevaluatedType(ctx, operand),
  };
}

/** A prefix operator (`-x`, `!x`, `*p`, `&x`; C11 6.5.3) applied to the operand written at `argument`. */
export function prefixOperator(ctx: CheckContext, node: SyntaxNode, op: string, argument: SyntaxNode): TExpr {
  const range = nodeRange(node);
  if (op === '&') {
    const target = checkExpression(ctx, argument);
    if (target.node === 'bitField') return fail(ctx, node, 'lvalue', `cannot take address of bit-field '${field(argument, 'field').text}'`);
    if (target.node === 'function') return { node: 'address', lvalue: target, type: pointerTo(target.type), range };
    if (!isLvalue(target)) return fail(ctx, node, 'lvalue', 'lvalue required as unary \'&\' operand');
    return { node: 'address', lvalue: target, type: pointerTo(target.type), range };
  }
  const operand = checkValue(ctx, argument);
  if (op === '*') return dereference(ctx, node, operand);
  if (op === '!') {
    if (!isScalarType(operand.type)) return fail(ctx, node, 'type', `wrong type argument to unary exclamation mark (${typeToString(operand.type)})`);
    // !E is (0 == E) (C11 6.5.3.3p5).
    const test = condition(operand);
    return { node: 'compare', op: '==', left: test, right: intConstant(0, range), type: INT, range };
  }
  if (!isArithmetic(operand.type) || (op === '~' && !isInteger(operand.type))) {
    return fail(ctx, node, 'type', `wrong type argument to unary ${op === '~' ? 'complement' : op === '-' ? 'minus' : 'plus'} (${typeToString(operand.type)})`);
  }
  // Unary + and - and ~ apply the integer promotions first (C11 6.5.3.3).
  const promoted = convertTo(operand, promotedType(operand.type));
  if (op === '+') return promoted;
  if (op === '-' && promoted.node === 'constant' && typeof promoted.value === 'number' && promoted.value !== 0 && promoted.type.kind === 'float') {
    return { ...promoted, value: -promoted.value };
  }
  return { node: 'unary', op: op as '-' | '~', operand: promoted, type: promoted.type, range };
}

function stringLiteral(ctx: CheckContext, node: SyntaxNode): TExpr {
  const address = ctx.literalAddress(node);
  if (address === undefined) return fail(ctx, node, 'internal', 'this string literal was not placed in .rodata');
  const literal = stringLiteralValue(node);
  if (literal.conflict) return fail(ctx, literal.conflict, 'syntax', 'unsupported non-standard concatenation of string literals');
  const type = literalArrayType(literal);
  return { node: 'object', storage: { kind: 'static', address }, name: node.text, type, range: nodeRange(node) };
}

export function findMember(type: CType, name: string): Member | undefined {
  if (type.kind !== 'struct' && type.kind !== 'union') return undefined;
  for (const m of type.layout.members ?? []) {
    if (m.name === name) return m;
    // C11 anonymous structs and unions: their members belong to the enclosing one (6.7.2.1p13).
    if (m.name === '' && isRecord(m.type)) {
      const inner = findMember(m.type, name);
      if (inner) return { ...inner, offset: m.offset + inner.offset };
    }
  }
  return undefined;
}

function dereference(ctx: CheckContext, node: SyntaxNode, pointer: TExpr): TExpr {
  if (!isPointer(pointer.type)) return fail(ctx, node, 'type', `invalid type argument of unary '*' (have '${typeToString(pointer.type)}')`);
  const to = pointer.type.to;
  if (to.kind === 'void') return fail(ctx, node, 'type', "dereferencing 'void *' pointer");
  if (to.kind === 'function') return { ...pointer, type: pointer.type };
  return { node: 'deref', pointer, type: to, range: nodeRange(node) };
}

function requireModifiable(ctx: CheckContext, node: SyntaxNode, target: TExpr): void {
  if (!isLvalue(target)) fail(ctx, node, 'lvalue', 'lvalue required as left operand of assignment');
  if (target.type.kind === 'array') fail(ctx, node, 'type', 'assignment to expression with array type');
  if (target.type.isConst) {
    const name = target.node === 'object' ? `variable '${target.name}'` : 'read-only location';
    fail(ctx, node, 'const', `assignment of read-only ${name}`);
  }
}

/** Simple assignment converts the right operand to the type of the left (C11 6.5.16.1). */
export function assignable(ctx: CheckContext, node: SyntaxNode, value: TExpr, type: CType): TExpr {
  if (isRecord(type)) {
    if (!isRecord(value.type) || (value.type.kind === 'struct' || value.type.kind === 'union') && value.type.layout !== (type as { layout: unknown }).layout) {
      return fail(ctx, node, 'type', `incompatible types when assigning to type '${typeToString(type)}' from type '${typeToString(value.type)}'`);
    }
    return value;
  }
  if (type.kind === 'pointer' && !isPointer(value.type) && !(isInteger(value.type))) {
    return fail(ctx, node, 'type', `incompatible types when assigning to type '${typeToString(type)}' from type '${typeToString(value.type)}'`);
  }
  if (isArithmetic(type) && !isArithmetic(value.type) && !isPointer(value.type)) {
    return fail(ctx, node, 'type', `incompatible types when assigning to type '${typeToString(type)}' from type '${typeToString(value.type)}'`);
  }
  return convertTo(value, unqualified(type));
}

export function cast(ctx: CheckContext, node: SyntaxNode, value: TExpr, type: CType): TExpr {
  if (type.kind === 'void') return { node: 'convert', operand: value, type, range: nodeRange(node) };
  // gcc accepts a cast of a struct or union to its own type (-pedantic: "ISO C forbids casting
  // nonscalar to the same type"); the value is unchanged.
  if (isRecord(type) && isRecord(value.type) && (value.type as { layout: unknown }).layout === (type as { layout: unknown }).layout) return { ...value, type: unqualified(type) } as TExpr;
  if (!isScalarType(type)) return fail(ctx, node, 'type', `conversion to non-scalar type '${typeToString(type)}' requested`);
  if (!isScalarType(value.type)) return fail(ctx, node, 'type', `cannot convert '${typeToString(value.type)}' to '${typeToString(type)}'`);
  if (isPointer(type) && value.type.kind === 'float') return fail(ctx, node, 'type', 'cannot convert a floating value to a pointer type');
  const converted = convertTo(value, unqualified(type));
  return converted === value ? { ...value, type: unqualified(type) } as TExpr : converted;
}

function pointerAdd(ctx: CheckContext, node: SyntaxNode, pointer: TExpr, offset: TExpr, subtract: boolean): TExpr {
  const to = (pointer.type as { to: CType }).to;
  const [elementSize, computed] = elementSizeOf(ctx, node, to);
  const index = convertTo(offset, offset.type.kind === 'integer' && !offset.type.signed && (sizeOf(offset.type) ?? 0) === 8 ? ULONG : LONG);
  return { node: 'pointerAdd', pointer, offset: index, elementSize, elementSizeOf: computed, subtract, type: unqualified(pointer.type), range: nodeRange(node) };
}

/** The size pointer arithmetic scales by: a constant, or computed for a VLA element (`int (*p)[n]`). */
function elementSizeOf(ctx: CheckContext, node: SyntaxNode, to: CType): [number, TExpr | undefined] {
  // GNU C: arithmetic on void * counts bytes, as on char *.
  if (to.kind === 'void') return [1, undefined];
  const size = sizeExpression(to, nodeRange(node));
  if (!size) return fail(ctx, node, 'type', `arithmetic on a pointer to an incomplete type '${typeToString(to)}'`);
  return size.node === 'constant' ? [Number(size.value), undefined] : [0, size];
}

const isNullConstant = (e: TExpr): boolean =>
  (e.node === 'constant' && e.value === 0 && (isInteger(e.type) || (isPointer(e.type) && e.type.to.kind === 'void')))
  || (e.node === 'convert' && isPointer(e.type) && e.type.to.kind === 'void' && isNullConstant(e.operand));

/** The binary operators of C11 6.5.5 to 6.5.14 on checked operands (already values). */
export function binary(ctx: CheckContext, node: SyntaxNode, op: string, left: TExpr, right: TExpr): TExpr {
  const range = nodeRange(node);
  const lt = left.type;
  const rt = right.type;
  if (op === '+' || op === '-') {
    if (isPointer(lt) && isInteger(rt)) return pointerAdd(ctx, node, left, right, op === '-');
    if (op === '+' && isInteger(lt) && isPointer(rt)) return pointerAdd(ctx, node, right, left, false);
    if (op === '-' && isPointer(lt) && isPointer(rt)) {
      const [elementSize, computed] = elementSizeOf(ctx, node, lt.to);
      if (elementSize === 0 && !computed) return fail(ctx, node, 'type', 'arithmetic on pointer to an empty aggregate');
      return { node: 'pointerDiff', left, right, elementSize, elementSizeOf: computed, type: { ...LONG, alias: 'ptrdiff_t' }, range };
    }
  }
  if (['<', '>', '<=', '>=', '==', '!='].includes(op)) {
    if (isPointer(lt) || isPointer(rt)) {
      const ok = (isPointer(lt) || isNullConstant(left) || isInteger(lt)) && (isPointer(rt) || isNullConstant(right) || isInteger(rt));
      if (!ok) return fail(ctx, node, 'type', `invalid operands to binary ${op}`);
      const ptr = isPointer(lt) ? lt : rt;
      return { node: 'compare', op: op as CompareOp, left: convertTo(left, ptr), right: convertTo(right, ptr), type: INT, range };
    }
    if (!isArithmetic(lt) || !isArithmetic(rt)) return fail(ctx, node, 'type', `invalid operands to binary ${op} (have '${typeToString(lt)}' and '${typeToString(rt)}')`);
    const common = commonType(lt, rt);
    return { node: 'compare', op: op as CompareOp, left: convertTo(left, common), right: convertTo(right, common), type: INT, range };
  }
  const integerOnly = ['%', '<<', '>>', '&', '|', '^'].includes(op);
  if (!['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^'].includes(op)) return unsupported(ctx, node, `the operator '${op}'`);
  const ok = integerOnly ? isInteger(lt) && isInteger(rt) : isArithmetic(lt) && isArithmetic(rt);
  if (!ok) return fail(ctx, node, 'type', `invalid operands to binary ${op} (have '${typeToString(lt)}' and '${typeToString(rt)}')`);
  if (op === '<<' || op === '>>') {
    // The result has the promoted type of the left operand (C11 6.5.7p3).
    const type = promotedType(lt);
    return { node: 'binary', op, left: convertTo(left, type), right: convertTo(right, promotedType(rt)), type, range };
  }
  const type = commonType(lt, rt);
  return { node: 'binary', op: op as BinaryOp, left: convertTo(left, type), right: convertTo(right, type), type, range };
}

function conditionalType(ctx: CheckContext, node: SyntaxNode, a: TExpr, b: TExpr): CType {
  if (isArithmetic(a.type) && isArithmetic(b.type)) return commonType(a.type, b.type);
  // GNU C: one void operand makes the whole void (ISO C wants both; gcc only warns with -pedantic).
  if (a.type.kind === 'void' || b.type.kind === 'void') return VOID;
  // A null pointer constant takes the other operand's type, even `(void *)0` (C11 6.5.15p6).
  if (isPointer(a.type) && isNullConstant(b)) return a.type;
  if (isPointer(b.type) && isNullConstant(a)) return b.type;
  if (isPointer(a.type) && isPointer(b.type)) return a.type.to.kind === 'void' ? a.type : b.type.to.kind === 'void' ? b.type : a.type;
  if (isRecord(a.type) && isRecord(b.type)) return a.type;
  return fail(ctx, node, 'type', 'type mismatch in conditional expression');
}

/** The default argument promotions (C11 6.5.2.2p6): integer promotions, and float to double. */
function defaultPromotion(e: TExpr): TExpr {
  if (e.type.kind === 'float' && e.type.name === 'float') return convertTo(e, { kind: 'float', name: 'double' });
  if (isInteger(e.type)) return convertTo(e, promotedType(e.type));
  return e;
}

function checkCall(ctx: CheckContext, node: SyntaxNode): TExpr {
  const calleeNode = field(node, 'function');
  const argNodes = namedChildren(field(node, 'arguments'));
  const range = nodeRange(node);
  if (calleeNode.type === 'identifier' && !ctx.scope.lookup(calleeNode.text)) {
    const special = SPECIAL_CALLS[calleeNode.text];
    if (special) return special(ctx, node, argNodes);
    return implicitCall(ctx, node, calleeNode, argNodes);
  }
  const disguised = castParsedAsCall(ctx, node);
  if (disguised) return disguised;
  const callee = checkExpression(ctx, calleeNode);
  let fnType: FunctionType;
  let target: TExpr;
  if (callee.node === 'function') {
    fnType = callee.type as FunctionType;
    target = callee;
  } else {
    const pointer = rvalue(callee);
    if (!isPointer(pointer.type) || pointer.type.to.kind !== 'function') return fail(ctx, calleeNode, 'type', 'called object is not a function or function pointer');
    fnType = pointer.type.to;
    target = pointer;
  }
  const args = argNodes.map((a) => checkValue(ctx, a));
  const fixed = fnType.unprototyped ? 0 : fnType.params.length;
  if (!fnType.unprototyped && (args.length < fixed || (args.length > fixed && !fnType.variadic))) {
    return fail(ctx, node, 'arguments', `${args.length < fixed ? 'too few' : 'too many'} arguments to function '${calleeNode.text}'`);
  }
  const converted = args.map((a, i) => (i < fixed ? assignable(ctx, argNodes[i], a, fnType.params[i]) : defaultPromotion(a)));
  return { node: 'call', callee: target, args: converted, variadicFrom: fixed, type: unqualified(fnType.returns), range };
}

/**
 * C89's implicit declaration, which gcc 12 still accepts with a warning: a call to an undeclared
 * name declares `int name()` (no prototype: the arguments get the default promotions). It links
 * when the file defines the function further down returning int; gcc rejects a definition with
 * another return type ("conflicting types"), and ld a name defined nowhere.
 */
function implicitCall(ctx: CheckContext, node: SyntaxNode, calleeNode: SyntaxNode, argNodes: SyntaxNode[]): TExpr {
  const name = calleeNode.text;
  const later = ctx.laterFunction?.(name);
  if (!later) return fail(ctx, calleeNode, 'undeclared', `implicit declaration of function '${name}'`);
  const range = nodeRange(calleeNode);
  ctx.diagnostics.push({ severity: 'warning', code: 'implicit-function-declaration', message: `implicit declaration of function '${name}' [-Wimplicit-function-declaration]`, range });
  if (later.returns && !(later.returns.kind === 'integer' && later.returns.name === 'int' && later.returns.signed)) {
    return fail(ctx, calleeNode, 'type', `conflicting types for '${name}': its use before its definition declared it as returning int`);
  }
  const type: FunctionType = { kind: 'function', returns: INT, params: [], variadic: false, unprototyped: true };
  const callee: TExpr = { node: 'function', name, address: later.address, library: false, type, range };
  const args = argNodes.map((a) => defaultPromotion(checkValue(ctx, a)));
  return { node: 'call', callee, args, variadicFrom: 0, type: INT, range: nodeRange(node) };
}

export type SpecialCall = (ctx: CheckContext, node: SyntaxNode, args: SyntaxNode[]) => TExpr;

/**
 * Function-like macros of the standard headers that need the call site: `assert` prints the
 * expression's text, file, line and function (glibc's __assert_fail); and gcc's builtins behind
 * <stdarg.h>.
 */
const SPECIAL_CALLS: Record<string, SpecialCall> = {
  ...STDARG_CALLS,
  assert(ctx, node, args) {
    if (args.length !== 1) return fail(ctx, node, 'arguments', 'assert takes one argument');
    const test = condition(checkExpression(ctx, args[0]));
    const range = nodeRange(node);
    const callee: TExpr = { node: 'function', name: '__assert', address: 0, library: true, type: { kind: 'function', returns: { kind: 'void' }, params: [INT], variadic: false }, range };
    return {
      node: 'call', callee, args: [test], variadicFrom: 1, type: { kind: 'void' }, range,
      site: { text: args[0].text, line: node.startPosition.row + 1, functionName: ctx.fn?.name ?? '' },
    } as TExpr;
  },
};

function firstLine(node: SyntaxNode): string {
  const text = node.text.split('\n')[0];
  return text.length > 40 ? text.slice(0, 37) + '...' : text;
}
