import { bitFieldSpan } from '../../bitFieldBits';
import { flexibleArrayExtension, unparenthesized } from '../../declarations';
import { evaluateConstant } from '../../constEval';
import type { SyntaxNode } from '../../parser';
import { type BitField, type CType, type RecordType, compatibleTypes, sizeOf, typeToString, withConst } from '../../types';
import { CHAR16_T, CHAR32_T, WCHAR_T, stringLiteralValue } from '../../stringLiterals';
import { type CheckContext, fail, namedChildren, unsupported } from './checkContext';
import type { Init, TExpr } from './checkedTree';
import { isRecord } from './conversions';
import { assignable, checkValue, findMember } from './checkExpression';

export interface CheckedInitializer {
  /** The object's type, completed when the initializer gives an array its length. */
  readonly type: CType;
  readonly steps: readonly Init[];
}

/**
 * Initialization (C11 6.7.9): a braced list fills the object's subobjects in order, with
 * designators (`.x =`, `[3] =`) moving the position, braces around a sub-aggregate optional
 * (brace elision: `int m[2][2] = {1, 2, 3, 4}`), and every subobject not mentioned set to zero
 * as if it had static storage (6.7.9p21): the object is zeroed first, then the values stored.
 * A character array may be initialized from a string literal (6.7.9p14).
 */
export function checkInitializer(ctx: CheckContext, type: CType, value: SyntaxNode): CheckedInitializer {
  const literal = type.kind !== 'pointer' ? fileScopeLiteralList(ctx, value) : undefined;
  if (literal) return checkInitializer(ctx, type, literal);
  const filler = new Filler(ctx);
  if (value.type === 'initializer_list') {
    const completed = filler.braced(type, 0, value);
    const finalType = completed;
    const size = sizeOf(finalType);
    if (size === undefined) return fail(ctx, value, 'type', `initializing an object of incomplete type '${typeToString(type)}'`);
    return { type: finalType, steps: [{ kind: 'zero', offset: 0, size }, ...filler.steps] };
  }
  if (initializesFromString(ctx, type, value)) {
    const completed = filler.stringInto(type, 0, value);
    return { type: completed, steps: filler.steps };
  }
  filler.scalarOrRecord(type, 0, value);
  return { type, steps: filler.steps };
}

/**
 * A static object's initializer, run once by the loader: its size is the type's, plus the
 * elements given to a flexible array member (gcc extends the object, as the image does).
 */
export function checkStaticInitializer(ctx: CheckContext, name: string, address: number, type: CType, value: SyntaxNode): { name: string; address: number; size: number; init: readonly Init[] } {
  const init = checkInitializer(ctx, type, value);
  const size = (sizeOf(init.type) ?? 0) + flexibleArrayExtension(init.type, value);
  for (const step of init.steps) {
    const width = step.kind === 'zero' ? step.size : step.kind === 'bytes' ? step.bytes.length : step.bits ? bitFieldSpan(step.bits) : sizeOf(step.type) ?? 0;
    const end = step.offset + width;
    if (end > size) return fail(ctx, value, 'unsupported', `this initializer of the flexible array member of '${name}' is not supported yet (write it in braces, or with its designator)`);
  }
  return { name, address, size, init: init.steps };
}

/**
 * `struct S s = (struct S){1, 2};` at file scope, where gcc takes the literal's braced list as the
 * object's own initializer (a compound literal there would otherwise be an object of its own,
 * whose value is not a constant).
 */
function fileScopeLiteralList(ctx: CheckContext, value: SyntaxNode): SyntaxNode | undefined {
  if (ctx.fn) return undefined;
  const node = unparenthesized(value);
  return node.type === 'compound_literal_expression' ? node.childForFieldName('value') ?? undefined : undefined;
}

const isString = (n: SyntaxNode) => n.type === 'string_literal' || n.type === 'concatenated_string';
const isCharType = (t: CType) => t.kind === 'integer' && t.name === 'char';
/** The element types a string literal can initialize an array of: char's three, and wchar_t, char16_t, char32_t. */
const STRING_ELEMENTS: readonly CType[] = [WCHAR_T, CHAR16_T, CHAR32_T];

/**
 * Whether an array of integers is initialized from a string literal (C11 6.7.9p14-15): a char
 * array from a plain or u8 literal, a wchar_t (int), char16_t or char32_t array from the literal
 * of that element type. Any other pairing is one of gcc's errors.
 */
function initializesFromString(ctx: CheckContext, type: CType, value: SyntaxNode, at = value): type is CType & { kind: 'array' } {
  if (type.kind !== 'array' || type.of.kind !== 'integer' || !isString(value)) return false;
  const literal = stringLiteralValue(value);
  if (literal.conflict) return fail(ctx, literal.conflict, 'syntax', 'unsupported non-standard concatenation of string literals');
  const element = withConst(type.of, false);
  if (isCharType(element) ? literal.width === 1 : compatibleTypes(element, literal.element)) return true;
  if (!isCharType(element) && !STRING_ELEMENTS.some((t) => compatibleTypes(element, t))) {
    return fail(ctx, at, 'type', 'array of inappropriate type initialized from string constant');
  }
  return fail(ctx, at, 'type', `cannot initialize array of '${gccElementName(element)}' from a string literal with type array of '${gccElementName(literal.element)}'`);
}

/** An array element type as gcc's string-initializer messages name it: unqualified, without its typedef name (wchar_t is 'int'). */
const gccElementName = (t: CType) => typeToString({ ...withConst(t, false), alias: undefined } as CType);

class Filler {
  readonly steps: Init[] = [];
  /** Expressions already checked while deciding about brace elision. */
  private readonly checked = new Map<number, TExpr>();

  constructor(private readonly ctx: CheckContext) {}

  /** A braced list for an object of `type` at `offset`; returns the type (array length completed). */
  braced(type: CType, offset: number, list: SyntaxNode, bits?: BitField): CType {
    const items = namedChildren(list);
    if (type.kind !== 'array' && !isRecord(type)) {
      // `int x = {5};` is allowed: the braces may surround a scalar's initializer (6.7.9p11).
      if (items.length === 0) return type;
      this.element(type, offset, items, { i: 0 }, bits);
      return type;
    }
    // `char s[] = { "abc" }`: the braces may surround the string (C11 6.7.9p14).
    if (items.length === 1 && initializesFromString(this.ctx, type, items[0], list)) return this.stringInto(type, offset, items[0]);
    const cursor = { i: 0 };
    const count = this.aggregate(type, offset, items, cursor, true);
    if (type.kind === 'array' && type.length === undefined) return { ...type, length: count };
    return type;
  }

  /** The literal's elements stored in the array (cut to its length, padded with zeros); returns the type, its length completed. */
  stringInto(type: CType & { kind: 'array' } | CType, offset: number, node: SyntaxNode): CType {
    const array = type as CType & { kind: 'array' };
    const { units, width } = stringLiteralValue(node);
    const length = array.length ?? units.length + 1;
    if (units.length > length) this.warnOnce(node, `initializer-string for array of '${gccElementName(array.of)}' is too long`);
    const stored = new Uint8Array(length * width);
    units.slice(0, length).forEach((unit, i) => {
      for (let b = 0; b < width; b++) stored[i * width + b] = (unit >>> (8 * b)) & 0xff;
    });
    this.steps.push({ kind: 'bytes', offset, bytes: stored });
    return array.length === undefined ? { ...array, length } : type;
  }

  /** One value stored at `offset` (into the bits of a bit-field when `bits` says where). */
  scalarOrRecord(type: CType, offset: number, node: SyntaxNode, bits?: BitField): void {
    const value = this.check(node);
    const target = bits && type.kind === 'integer' ? { ...type, bitWidth: bits.width } : type;
    this.steps.push({ kind: 'store', offset, type: target, value: assignable(this.ctx, node, value, target), bits });
  }

  /** Fills an array, struct or union from items[cursor.i...]; returns the number of array elements seen. */
  private aggregate(type: CType, offset: number, items: SyntaxNode[], cursor: { i: number }, braced: boolean): number {
    if (type.kind === 'array') {
      const elementSize = sizeOf(type.of) ?? 0;
      let index = 0;
      let count = 0;
      while (cursor.i < items.length) {
        const item = items[cursor.i];
        if (item.type === 'initializer_pair') {
          if (!braced) break; // a designator belongs to the enclosing braces
          const designators = designatorsOf(item);
          const first = designators[0];
          if (first.type !== 'subscript_designator' && first.type !== 'subscript_range_designator') {
            return fail(this.ctx, first, 'initializer', `field name not in record or union initializer`);
          }
          // GNU C's `[first ... last] = value` initializes every element of the range alike.
          const [from, to] = first.type === 'subscript_range_designator' ? this.constantRange(first) : [this.constantIndex(first), this.constantIndex(first)];
          if (type.length !== undefined && to >= type.length) return fail(this.ctx, first, 'initializer', 'array index in initializer exceeds array bounds');
          for (index = from; index <= to; index++) this.designated(type.of, offset + index * elementSize, designators.slice(1), valueOf(item));
          index = to;
          cursor.i++;
        } else {
          if (type.length !== undefined && index >= type.length) break;
          this.element(type.of, offset + index * elementSize, items, cursor);
        }
        index++;
        count = Math.max(count, index);
      }
      return count;
    }
    if (!isRecord(type)) return 0;
    const members = (type as RecordType).layout.members ?? [];
    let index = 0;
    while (cursor.i < items.length) {
      const item = items[cursor.i];
      if (item.type === 'initializer_pair') {
        if (!braced) break;
        const designators = designatorsOf(item);
        const first = designators[0];
        if (first.type !== 'field_designator') return fail(this.ctx, first, 'initializer', 'array index in non-array initializer');
        const name = first.text.replace(/^\./, '').trim();
        const at = members.findIndex((m) => m.name === name);
        if (at < 0) {
          const nested = findMember(type, name);
          if (!nested) return fail(this.ctx, first, 'member', `'${typeToString(type)}' has no member named '${name}'`);
          this.designated(nested.type, offset + nested.offset, designators.slice(1), valueOf(item), nested.bitField);
          cursor.i++;
          index = members.length;
          continue;
        }
        index = at;
        this.designated(members[index].type, offset + members[index].offset, designators.slice(1), valueOf(item), members[index].bitField);
        cursor.i++;
      } else {
        if (index >= members.length) break;
        this.element(members[index].type, offset + members[index].offset, items, cursor, members[index].bitField);
      }
      index++;
      // A union's initializer sets one member (C11 6.7.9p17).
      if (type.kind === 'union' && !braced) break;
    }
    return 0;
  }

  /** One initializer for a subobject of `type`: braced, a string, a whole struct, or elided braces. */
  private element(type: CType, offset: number, items: SyntaxNode[], cursor: { i: number }, bits?: BitField): void {
    const item = items[cursor.i];
    if (item.type === 'initializer_list') {
      cursor.i++;
      this.braced(type, offset, item, bits);
      return;
    }
    if (initializesFromString(this.ctx, type, item)) {
      cursor.i++;
      this.stringInto(type, offset, item);
      return;
    }
    const literal = type.kind === 'array' || isRecord(type) ? fileScopeLiteralList(this.ctx, item) : undefined;
    if (literal) {
      cursor.i++;
      this.braced(type, offset, literal, bits);
      return;
    }
    if (type.kind === 'array' || isRecord(type)) {
      if (isRecord(type)) {
        const value = this.check(item);
        if (isRecord(value.type)) {
          cursor.i++;
          this.steps.push({ kind: 'store', offset, type, value: assignable(this.ctx, item, value, type) });
          return;
        }
      }
      this.aggregate(type, offset, items, cursor, false);
      return;
    }
    cursor.i++;
    this.scalarOrRecord(type, offset, item, bits);
  }

  private designated(type: CType, offset: number, designators: SyntaxNode[], value: SyntaxNode, bits?: BitField): void {
    if (designators.length === 0) {
      this.element(type, offset, [value], { i: 0 }, bits);
      return;
    }
    const d = designators[0];
    if (d.type === 'field_designator') {
      const name = d.text.replace(/^\./, '').trim();
      const member = findMember(type, name);
      if (!member) return void fail(this.ctx, d, 'member', `'${typeToString(type)}' has no member named '${name}'`);
      this.designated(member.type, offset + member.offset, designators.slice(1), value, member.bitField);
      return;
    }
    if ((d.type === 'subscript_designator' || d.type === 'subscript_range_designator') && type.kind === 'array') {
      const [from, to] = d.type === 'subscript_range_designator' ? this.constantRange(d) : [this.constantIndex(d), this.constantIndex(d)];
      for (let index = from; index <= to; index++) this.designated(type.of, offset + index * (sizeOf(type.of) ?? 0), designators.slice(1), value);
      return;
    }
    unsupported(this.ctx, d, `the designator '${d.text}'`);
  }

  /** `[first ... last]`: both ends constant, first <= last (gcc: "empty index range in initializer" otherwise). */
  private constantRange(designator: SyntaxNode): [number, number] {
    const from = this.constantIndex(designator, designator.childForFieldName('start'));
    const to = this.constantIndex(designator, designator.childForFieldName('end'));
    if (to < from) return fail(this.ctx, designator, 'initializer', 'empty index range in initializer');
    return [from, to];
  }

  private constantIndex(designator: SyntaxNode, at: SyntaxNode | null = namedChildren(designator)[0]): number {
    const expr = at;
    const v = expr ? evaluateConstant(expr, this.ctx.types) : undefined;
    if (!v || v.kind !== 'int' || v.value < 0n) return fail(this.ctx, designator, 'initializer', 'array index in initializer is not a non-negative integer constant');
    return Number(v.value);
  }

  private check(node: SyntaxNode): TExpr {
    let e = this.checked.get(node.id);
    if (!e) {
      e = checkValue(this.ctx, node);
      this.checked.set(node.id, e);
    }
    return e;
  }

  private warnOnce(node: SyntaxNode, message: string): void {
    this.ctx.diagnostics.push({ severity: 'warning', code: 'initializer', message, range: { startLine: node.startPosition.row + 1, startColumn: node.startPosition.column + 1, endLine: node.endPosition.row + 1, endColumn: node.endPosition.column + 1 } });
  }
}

function designatorsOf(pair: SyntaxNode): SyntaxNode[] {
  return pair.childrenForFieldName('designator').filter((d): d is SyntaxNode => !!d);
}

function valueOf(pair: SyntaxNode): SyntaxNode {
  const v = pair.childForFieldName('value');
  if (!v) throw new Error('internal: initializer pair without a value');
  return v;
}
