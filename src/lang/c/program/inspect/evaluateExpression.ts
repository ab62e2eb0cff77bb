import type { SyntaxNode } from '../../parser';
import { charConstant } from '../../stringLiterals';
import { type CType, DOUBLE, INT, LONG, ULONG, pointerTo, sizeOf, typeToString } from '../../types';
import { VOID_PTR, commonType, isArithmetic, isInteger, promotedType, unqualified } from '../../interpreter/check/conversions';
import { peekMemory } from '../../../../engine/memory/peekMemory';
import type { Mmu } from '../../../../engine/memory/mmu';
import { type DebugValue, type Scalar, bytesOf, convertScalar, isTrue, scalarOf } from './debugValue';

/** What an expression's names mean where the debugger evaluates it (one frame of the paused program). */
export interface NameLookup {
  /** The object or function a name designates in this frame (innermost declaration first). */
  object(name: string): DebugValue | undefined;
  enumConstant(name: string): bigint | undefined;
  /** The type a type name (`struct node *`, `size_t`) denotes, or a message saying why not. */
  typeOf(descriptor: SyntaxNode): CType | string;
}

/** A mistake in the expression (or something it may not do), said in the debugger's words. */
export class EvaluationError extends Error {}


/**
 * C expressions over a paused program, as gdb's `print` evaluates them: names, literals, `.`
 * and `->`, `[]`, unary `*` and `&`, casts, `sizeof`, arithmetic with C's conversions (pointer
 * arithmetic scaled by the pointee's size), comparisons, `!`, `&&`, `||`, `?:`. Memory is read
 * quietly (no faults, no TLB traffic). Nothing with a side effect is evaluated here: calls,
 * `++`/`--` and assignments are refused (assignments go through `assign`).
 */
export class ExpressionEvaluator {
  constructor(private readonly mmu: Mmu, private readonly names: NameLookup) {}

  evaluate(node: SyntaxNode): DebugValue {
    switch (node.type) {
      case 'parenthesized_expression':
        return this.evaluate(node.namedChild(0)!);
      case 'identifier': {
        const found = this.names.object(node.text);
        if (found) return found;
        const constant = this.names.enumConstant(node.text);
        if (constant !== undefined) return valueOf(INT, constant, node.text);
        throw new EvaluationError(`No symbol "${node.text}" in current context.`);
      }
      case 'null':
        return valueOf(VOID_PTR, 0n, 'NULL');
      case 'true':
      case 'false':
        return valueOf(INT, node.type === 'true' ? 1n : 0n, node.type);
      case 'number_literal':
        return numberLiteral(node.text);
      case 'char_literal': {
        const { value, type } = charConstant(node.text);
        return valueOf(type, BigInt(value), node.text);
      }
      case 'string_literal':
        throw new EvaluationError('a string literal has no address in the program unless the program uses it: print the variable that points to it');
      case 'field_expression':
        return this.member(node);
      case 'subscript_expression':
        return this.subscript(node);
      case 'pointer_expression':
        return node.child(0)?.type === '&' ? this.addressOf(node) : this.dereference(this.evaluate(node.childForFieldName('argument')!), node.text);
      case 'unary_expression':
        return this.unary(node);
      case 'binary_expression':
        return this.binary(node);
      case 'conditional_expression': {
        const c = this.scalar(this.evaluate(node.childForFieldName('condition')!));
        return this.evaluate(node.childForFieldName(isTrue(c) ? 'consequence' : 'alternative')!);
      }
      case 'cast_expression': {
        const type = this.type(node.childForFieldName('type')!);
        const value = this.evaluate(node.childForFieldName('value')!);
        return this.cast(value, type, node.text);
      }
      case 'sizeof_expression': {
        const typeNode = node.childForFieldName('type');
        const type = typeNode ? this.type(typeNode) : this.evaluate(node.childForFieldName('value')!).type;
        const size = sizeOf(type);
        if (size === undefined) throw new EvaluationError(`sizeof of an incomplete type (${typeToString(type)})`);
        return valueOf(ULONG, BigInt(size), node.text);
      }
      case 'call_expression':
        throw new EvaluationError('function calls are not evaluated: they would run code in the program');
      case 'update_expression':
      case 'assignment_expression':
        throw new EvaluationError('this expression changes the program: set the variable from the Variables view, or type `x = value` in the Debug Console');
      case 'comma_expression':
        this.evaluate(node.childForFieldName('left')!);
        return this.evaluate(node.childForFieldName('right')!);
      default:
        throw new EvaluationError(`cannot evaluate '${node.text}' (${node.type.replace(/_/g, ' ')})`);
    }
  }

  /** The value an object holds (or a computed value's), as a scalar. */
  scalar(v: DebugValue): Scalar {
    if (v.type.kind === 'array' || v.type.kind === 'function') {
      if (v.kind !== 'object') throw new EvaluationError('an array value has no address');
      return BigInt(v.address);
    }
    if (v.type.kind === 'struct' || v.type.kind === 'union') throw new EvaluationError(`'${v.expression}' is a ${v.type.kind}, not a number`);
    const bytes = this.bytes(v);
    return scalarOf(v.type, bytes, v.kind === 'object' ? v.bitField : undefined);
  }

  bytes(v: DebugValue): Uint8Array {
    if (v.kind === 'value') return v.bytes;
    const size = v.bitField ? Math.ceil((v.bitField.bitOffset + v.bitField.width) / 8) : sizeOf(v.type) ?? 0;
    const bytes = peekMemory(this.mmu, v.address, size);
    if (!bytes) throw new EvaluationError(`Cannot access memory at address 0x${v.address.toString(16)}`);
    return bytes;
  }

  /** `value` converted to `type` as C's cast does. */
  cast(value: DebugValue, type: CType, expression: string): DebugValue {
    const to = unqualified(type);
    if (to.kind === 'void') return { kind: 'value', type: to, bytes: new Uint8Array(0), expression };
    if (to.kind === 'struct' || to.kind === 'union' || to.kind === 'array') {
      if (value.kind === 'object' && sizeOf(value.type) === sizeOf(to)) return { ...value, type: to, expression };
      throw new EvaluationError(`cannot cast to ${typeToString(to)}`);
    }
    return valueOf(to, convertScalar(to, this.scalar(value)), expression);
  }

  private type(descriptor: SyntaxNode): CType {
    const t = this.names.typeOf(descriptor);
    if (typeof t === 'string') throw new EvaluationError(t);
    return t;
  }

  private member(node: SyntaxNode): DebugValue {
    const arrow = node.children.some((c) => c?.type === '->');
    let base = this.evaluate(node.childForFieldName('argument')!);
    const name = node.childForFieldName('field')!.text;
    if (arrow) base = this.dereference(base, `*${base.expression}`);
    const record = unqualified(base.type);
    if (record.kind !== 'struct' && record.kind !== 'union') throw new EvaluationError(`Attempt to extract a component of a value that is not a structure${arrow ? ' pointer' : ''}.`);
    const member = (record.layout.members ?? []).find((m) => m.name === name);
    if (!member) throw new EvaluationError(`There is no member named ${name}.`);
    const expression = `${base.expression.startsWith('*') && arrow ? base.expression.slice(1) : base.expression}${arrow ? '->' : '.'}${name}`;
    if (base.kind !== 'object') {
      const size = sizeOf(member.type) ?? 0;
      return { kind: 'value', type: member.type, bytes: base.bytes.subarray(member.offset, member.offset + size), expression };
    }
    return { kind: 'object', type: member.type, address: base.address + member.offset, ...(member.bitField ? { bitField: member.bitField } : {}), expression };
  }

  private subscript(node: SyntaxNode): DebugValue {
    const base = this.evaluate(node.childForFieldName('argument')!);
    const index = this.scalar(this.evaluate(node.childForFieldName('index')!));
    const expression = `${base.expression}[${String(index)}]`;
    return this.dereference(this.offsetPointer(base, BigInt(index)), expression);
  }

  private addressOf(node: SyntaxNode): DebugValue {
    const v = this.evaluate(node.childForFieldName('argument')!);
    if (v.kind !== 'object') throw new EvaluationError('Attempt to take address of value not located in memory.');
    if (v.bitField) throw new EvaluationError('Attempt to take address of a bit-field.');
    return valueOf(pointerTo(v.type), BigInt(v.address), `&${v.expression}`);
  }

  /** `*p` (or `a[i]` after offsetting): the object p points to. */
  dereference(v: DebugValue, expression: string): DebugValue {
    const t = unqualified(v.type);
    if (t.kind === 'array') {
      if (v.kind !== 'object') throw new EvaluationError('an array value has no address');
      return { kind: 'object', type: t.of, address: v.address, expression };
    }
    if (t.kind !== 'pointer') throw new EvaluationError(`Attempt to take contents of a non-pointer value.`);
    if (t.to.kind === 'void') throw new EvaluationError('Attempt to take contents of a void pointer: cast it first, e.g. *(int *)p');
    const address = this.scalar(v);
    if (address === 0n) throw new EvaluationError('Cannot access memory at address 0x0 (a NULL pointer)');
    return { kind: 'object', type: t.to, address: Number(address), expression };
  }

  /** Pointer (or array) plus n elements. */
  private offsetPointer(base: DebugValue, n: bigint): DebugValue {
    const t = unqualified(base.type);
    const element = t.kind === 'pointer' ? t.to : t.kind === 'array' ? t.of : undefined;
    if (!element) throw new EvaluationError(`cannot subscript something of type ${typeToString(t)}`);
    const size = BigInt(sizeOf(element) ?? 1);
    const address = BigInt(this.scalar(base)) + n * size;
    return valueOf(pointerTo(element), BigInt.asUintN(64, address), base.expression);
  }

  private unary(node: SyntaxNode): DebugValue {
    const op = node.child(0)!.type;
    const v = this.evaluate(node.childForFieldName('argument')!);
    const x = this.scalar(v);
    if (op === '!') return valueOf(INT, isTrue(x) ? 0n : 1n, node.text);
    const type = isArithmetic(v.type) ? promotedType(v.type) : v.type;
    if (op === '-') return valueOf(type, convertScalar(type, typeof x === 'bigint' ? -x : -x), node.text);
    if (op === '+') return valueOf(type, convertScalar(type, x), node.text);
    if (op === '~' && typeof x === 'bigint') return valueOf(type, convertScalar(type, ~x), node.text);
    throw new EvaluationError(`cannot apply '${op}' here`);
  }

  private binary(node: SyntaxNode): DebugValue {
    const op = node.child(1)!.type;
    const left = this.evaluate(node.childForFieldName('left')!);
    if (op === '&&' || op === '||') {
      const l = isTrue(this.scalar(left));
      if (op === '&&' && !l) return valueOf(INT, 0n, node.text);
      if (op === '||' && l) return valueOf(INT, 1n, node.text);
      return valueOf(INT, isTrue(this.scalar(this.evaluate(node.childForFieldName('right')!))) ? 1n : 0n, node.text);
    }
    const right = this.evaluate(node.childForFieldName('right')!);
    const lt = decayed(left.type);
    const rt = decayed(right.type);
    // Pointer arithmetic: p + n, n + p, p - n scale by the pointee's size; p - q counts elements.
    if ((op === '+' || op === '-') && lt.kind === 'pointer' && isInteger(rt)) {
      const n = BigInt(this.scalar(right));
      return { ...this.offsetPointer(left, op === '+' ? n : -n), expression: node.text };
    }
    if (op === '+' && isInteger(lt) && rt.kind === 'pointer') return { ...this.offsetPointer(right, BigInt(this.scalar(left))), expression: node.text };
    if (op === '-' && lt.kind === 'pointer' && rt.kind === 'pointer') {
      const size = BigInt(sizeOf(lt.to) ?? 1) || 1n;
      return valueOf(LONG, (BigInt(this.scalar(left)) - BigInt(this.scalar(right))) / size, node.text);
    }
    const a = this.scalar(left);
    const b = this.scalar(right);
    if (['==', '!=', '<', '>', '<=', '>='].includes(op)) return valueOf(INT, compare(op, a, b) ? 1n : 0n, node.text);
    if (!isArithmetic(lt) || !isArithmetic(rt)) throw new EvaluationError(`invalid operands to binary ${op} (${typeToString(lt)} and ${typeToString(rt)})`);
    const type = op === '<<' || op === '>>' ? promotedType(lt) : commonType(lt, rt);
    return valueOf(type, arithmetic(op, type, a, b), node.text);
  }
}

function compare(op: string, a: Scalar, b: Scalar): boolean {
  const [x, y] = typeof a === 'number' || typeof b === 'number' ? [Number(a), Number(b)] : [a, b];
  switch (op) {
    case '==': return x === y;
    case '!=': return x !== y;
    case '<': return x < y;
    case '>': return x > y;
    case '<=': return x <= y;
    default: return x >= y;
  }
}

function arithmetic(op: string, type: CType, a: Scalar, b: Scalar): Scalar {
  if (type.kind === 'float') {
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case '+': return convertScalar(type, x + y);
      case '-': return convertScalar(type, x - y);
      case '*': return convertScalar(type, x * y);
      case '/': return convertScalar(type, x / y);
      default: throw new EvaluationError(`invalid operands to binary ${op} (floating point)`);
    }
  }
  const x = BigInt(typeof a === 'number' ? Math.trunc(a) : a);
  const y = BigInt(typeof b === 'number' ? Math.trunc(b) : b);
  if ((op === '/' || op === '%') && y === 0n) throw new EvaluationError('Division by zero');
  const bits = BigInt(8 * (sizeOf(type) ?? 4));
  switch (op) {
    case '+': return convertScalar(type, x + y);
    case '-': return convertScalar(type, x - y);
    case '*': return convertScalar(type, x * y);
    case '/': return convertScalar(type, x / y);
    case '%': return convertScalar(type, x % y);
    case '&': return convertScalar(type, x & y);
    case '|': return convertScalar(type, x | y);
    case '^': return convertScalar(type, x ^ y);
    case '<<': return convertScalar(type, x << (y % bits));
    case '>>': return convertScalar(type, x >> (y % bits));
    default: throw new EvaluationError(`unknown operator ${op}`);
  }
}

/** Arrays and functions used as values are pointers (C11 6.3.2.1p3-4). */
function decayed(t: CType): CType {
  const u = unqualified(t);
  if (u.kind === 'array') return pointerTo(u.of);
  if (u.kind === 'function') return pointerTo(u);
  return u;
}

export function valueOf(type: CType, v: Scalar, expression: string): DebugValue {
  return { kind: 'value', type, bytes: bytesOf(type, convertScalar(type, v)), expression };
}

function numberLiteral(text: string): DebugValue {
  const t = text.toLowerCase();
  if (/^0x[0-9a-f]*\.|p/.test(t) || (!t.startsWith('0x') && /[.e]/.test(t))) {
    const x = Number.parseFloat(t.replace(/[fl]$/, ''));
    if (Number.isNaN(x)) throw new EvaluationError(`Invalid number "${text}".`);
    return valueOf(t.endsWith('f') ? { kind: 'float', name: 'float' } : DOUBLE, x, text);
  }
  const digits = t.replace(/[ul]+$/, '');
  let v: bigint;
  try {
    v = digits.startsWith('0x') || digits.startsWith('0b') ? BigInt(digits) : digits.length > 1 && digits.startsWith('0') ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  } catch {
    throw new EvaluationError(`Invalid number "${text}".`);
  }
  const unsigned = /u/.test(t.slice(digits.length));
  const long = /l/.test(t.slice(digits.length)) || v > 0x7fffffffn;
  return valueOf(long ? (unsigned ? ULONG : LONG) : unsigned ? { kind: 'integer', name: 'int', signed: false } : INT, v, text);
}

