import type { Diagnostic } from '../../shared/diagnostics';
import { evaluateConstant } from './constEval';
import type { SyntaxNode } from './parser';
import { nodeRange } from './syntaxDiagnostics';
import { type DeclaredMember, layoutRecord } from './recordLayout';
import { PlacedAttributes } from './attributes/placeAttributes';
import { stringLiteralValue } from './stringLiterals';
import { TypeScope } from './typeScope';
import {
  type CType, type EnumType, type FunctionType, type IntegerName, type IntegerType, type RecordLayout, type RecordType, type VariableLength,
  VOID, INT, arrayOf, enumUnderlying, pointerTo, withConst, sizeOf,
} from './types';
import { VA_LIST } from './vaList';

/** gcc's builtin type behind va_list. */
const BUILTIN_VA_LIST = '__builtin_va_list';

export type StorageClass = 'static' | 'extern' | 'typedef' | 'auto' | 'register' | 'thread_local';

/** The specifiers of a declaration: its base type, storage class and qualifiers. */
export interface Specifiers {
  readonly base: CType;
  readonly storage?: StorageClass;
  readonly inline: boolean;
}

/** One declarator applied to the base type: the declared name, its full type, its name node. */
export interface Declared {
  readonly name?: string;
  readonly type: CType;
  readonly nameNode?: SyntaxNode;
  /** The initializer, for `init_declarator`s. */
  readonly value?: SyntaxNode;
  /** Parameter names and nodes, when the declarator declares a function. */
  readonly params?: readonly { name?: string; type: CType; node: SyntaxNode }[];
}

/**
 * What the resolver asks of the pass that knows the objects in scope (the checker, the
 * static-storage pass) while it resolves declarations.
 */
export interface ObjectKnowledge {
  /** The size of sizeof's operand expression (`sizeof a / sizeof a[0]`), when it is constant. */
  operandSize(operand: SyntaxNode): number | undefined;
  /** The type of an operand that is not evaluated (`_Generic`'s controlling expression) after lvalue conversion, when known. */
  operandType?(operand: SyntaxNode): CType | undefined;
  /** Where a VLA's length will be kept; its size expression is checked and evaluated by the caller. */
  variableLength?(size: SyntaxNode): VariableLength;
  /** A length that turned out not to be needed (the outer dimension of an array parameter). */
  forgetLength?(length: VariableLength): void;
  /** The parameter list being resolved is the defined function's: its VLA lengths are evaluated at entry. */
  readonly parameterLengths?: boolean;
}

/**
 * Turns tree-sitter's declaration syntax into C types (C11 6.7): specifiers, declarators read
 * inside-out (`int *a[3]` is an array of 3 pointers, `int (*f)(int)` a pointer to a function),
 * struct/union layout, enums and typedefs. Problems become diagnostics, never exceptions.
 */
/** Header struct layouts by their text: one object per layout, so types from different programs' resolvers compare equal. */
const HEADER_LAYOUTS = new Map<string, RecordLayout>();

export class TypeResolver {
  /** Set while declarations are resolved in a scope whose objects are known. */
  objects?: ObjectKnowledge;
  /** The program's `__attribute__`s, placed on the structs and members they belong to. */
  attributes: PlacedAttributes = PlacedAttributes.none;
  /** Inside a parameter list (prototype scope), inside a struct or union body. */
  private parameterDepth = 0;
  private recordDepth = 0;

  constructor(readonly diagnostics: Diagnostic[], public scope: TypeScope = new TypeScope()) {}

  /**
   * The type a parenthesized name stands for in `sizeof(T)`: tree-sitter cannot tell a typedef
   * name (or the keyword `_Bool`) from a variable there, so `sizeof(T)` parses as an expression.
   */
  typeInParentheses(node: SyntaxNode): CType | undefined {
    if (node.type !== 'parenthesized_expression') return undefined;
    const inner = node.namedChildren.filter((c) => c && c.type !== 'comment');
    if (inner.length !== 1 || inner[0]?.type !== 'identifier') return undefined;
    const name = inner[0].text;
    return name === '_Bool' ? this.namedType(name, inner[0]) : this.scope.lookupTypedef(name);
  }

  /** sizeof's operand expression's size, when constant (undefined when it is not or is unknown). */
  operandSize(operand: SyntaxNode): number | undefined {
    if (this.objects) return this.objects.operandSize(operand);
    const type = this.typeInParentheses(operand);
    return type ? sizeOf(type) : undefined;
  }

  /** The type of `_Generic`'s controlling expression after lvalue conversion, when the pass knows it. */
  operandType(operand: SyntaxNode): CType | undefined {
    return this.objects?.operandType?.(operand);
  }

  /** Defines typedefs that standard headers provide (`size_t`), written as C type names. */
  defineHeaderTypedef(name: string, spelled: string): void {
    this.scope.defineTypedef(name, alias(this.headerType(spelled), name));
  }

  /**
   * Defines a struct a standard header declares (`struct rusage`), from its members written as
   * C declarations. The layout is made once per header text and shared by every program and by
   * the library's prototypes, so a struct a library function returns (div_t) is the same type as
   * the program's.
   */
  defineHeaderRecord(tag: string, members: string): void {
    this.scope.defineTag(tag, { kind: 'struct', tag, layout: this.headerLayout(`${tag}{${members}}`, members) });
  }

  /**
   * A type as a header spells it: scalar words (`unsigned long`), `struct TAG`, either with an
   * array length (`struct __jmp_buf_tag[1]`), or an anonymous struct of members written as C
   * declarations (`struct { long long ll; long double ld; }`, gcc's max_align_t).
   */
  private headerType(spelled: string): CType {
    const body = /^struct\s*\{(.*)\}$/.exec(spelled);
    if (body) return { kind: 'struct', layout: this.headerLayout(spelled, body[1]) };
    const array = /^(.*\S)\s*\[(\d+)\]$/.exec(spelled);
    if (array) return arrayOf(this.headerType(array[1]), Number(array[2]));
    if (spelled === BUILTIN_VA_LIST) return VA_LIST;
    if (spelled.startsWith('struct ')) return this.recordByTag('struct', spelled.slice(7));
    return this.typeFromWords(spelled.split(/\s+/)) ?? INT;
  }

  /** Members `TYPE name;` or `TYPE name[N];`, laid out as gcc lays out the struct. */
  private headerLayout(key: string, members: string): RecordLayout {
    const cached = HEADER_LAYOUTS.get(key);
    if (cached) return cached;
    const declared = members.split(';').map((m) => m.trim()).filter(Boolean).map((m) => {
      const [, spelledType, name, length] = /^(.*\S)\s+(\w+)(?:\[(\d+)\])?$/.exec(m) ?? [];
      if (!name) throw new Error(`internal: header member '${m}' is not 'TYPE name' or 'TYPE name[N]'`);
      const type = this.headerType(spelledType);
      return { name, type: length === undefined ? type : arrayOf(type, Number(length)) };
    });
    const layout = layoutRecord('struct', declared);
    HEADER_LAYOUTS.set(key, layout);
    return layout;
  }

  specifiers(decl: SyntaxNode): Specifiers {
    let storage: StorageClass | undefined;
    let isConst = false;
    let inline = false;
    for (const child of decl.namedChildren) {
      if (!child) continue;
      if (child.type === 'storage_class_specifier') {
        const word = child.text as StorageClass | 'inline';
        if (word === 'inline') inline = true;
        else storage = word === 'thread_local' || (word as string) === '_Thread_local' || (word as string) === '__thread' ? 'thread_local' : word;
      } else if (child.type === 'type_qualifier' && /const/.test(child.text)) {
        isConst = true;
      }
    }
    if (decl.type === 'type_definition') storage = 'typedef';
    const typeNode = decl.childForFieldName('type');
    const base = typeNode ? this.typeSpecifier(typeNode) : INT;
    return { base: withConst(base, isConst || !!base.isConst), storage, inline };
  }

  /** Applies every declarator of a declaration to the base type. */
  declarators(decl: SyntaxNode, base: CType): Declared[] {
    return decl.childrenForFieldName('declarator').filter((d): d is SyntaxNode => !!d).map((d) => this.declarator(d, base));
  }

  declarator(node: SyntaxNode, base: CType): Declared {
    switch (node.type) {
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier':
        return { name: node.text, type: base, nameNode: node };
      // tree-sitter-c takes `size_t`, `uint16_t`, `bool`... for builtin types even where a
      // declarator names them (`typedef unsigned long size_t;`): to C they are ordinary identifiers.
      case 'primitive_type':
        if (C_TYPE_KEYWORDS.has(node.text)) {
          this.report(node, 'syntax', `expected identifier or '(' before '${node.text}'`);
          return { type: base };
        }
        return { name: node.text, type: base, nameNode: node };
      case 'init_declarator': {
        const inner = this.declarator(node.childForFieldName('declarator') as SyntaxNode, base);
        const value = node.childForFieldName('value') ?? undefined;
        // `int a[] = {1, 2, 3}` and `char s[] = "hi"`: the initializer completes the array type.
        if (inner.type.kind === 'array' && inner.type.length === undefined && value) {
          const length = initializerLength(value, inner.type.of);
          if (length !== undefined) return { ...inner, type: { ...inner.type, length }, value };
        }
        return { ...inner, value };
      }
      case 'pointer_declarator':
      case 'abstract_pointer_declarator': {
        const isConst = node.namedChildren.some((c) => c?.type === 'type_qualifier' && /const/.test(c.text));
        const inner = node.childForFieldName('declarator');
        const type = withConst(pointerTo(base), isConst);
        return inner ? this.declarator(inner, type) : { type };
      }
      case 'array_declarator':
      case 'abstract_array_declarator': {
        const sizeNode = node.childForFieldName('size');
        let length: number | undefined;
        let variable: VariableLength | undefined;
        if (sizeNode) {
          const value = evaluateConstant(sizeNode, this);
          if (value?.kind === 'int' && value.value >= 0n) length = Number(value.value);
          else if (value?.kind === 'int') this.report(sizeNode, 'type', 'size of array is negative');
          else if (value?.kind === 'float') this.report(sizeNode, 'type', 'size of array has non-integer type');
          else variable = this.variableLength(sizeNode);
        }
        if (base.kind === 'function') this.report(node, 'type', 'declared as an array of functions');
        const inner = node.childForFieldName('declarator');
        const type: CType = variable ? { kind: 'array', of: base, variable } : arrayOf(base, length);
        return inner ? this.declarator(inner, type) : { type };
      }
      case 'function_declarator':
      case 'abstract_function_declarator': {
        const { type, params } = this.functionType(node, base);
        const inner = node.childForFieldName('declarator');
        if (!inner) return { type, params };
        const declared = this.declarator(inner, type);
        return { ...declared, params: declared.params ?? params };
      }
      case 'parenthesized_declarator':
      case 'abstract_parenthesized_declarator': {
        const inner = node.namedChildren.find((c) => c && c.type !== 'type_qualifier');
        return inner ? this.declarator(inner, base) : { type: base };
      }
      default:
        this.report(node, 'unsupported', `this kind of declarator (${node.type.replace(/_/g, ' ')}) is not supported yet`);
        return { type: base };
    }
  }

  /** The type named by a `type_descriptor` (in casts, sizeof, compound literals). */
  typeOfDescriptor(node: SyntaxNode): CType {
    const specs = this.specifiers(node);
    const declarator = node.childForFieldName('declarator');
    return declarator ? this.declarator(declarator, specs.base).type : specs.base;
  }

  /** A compound literal's type: `(int[]){1, 2, 3}` is an `int[3]`, completed by its list as a declaration is. */
  compoundLiteralType(node: SyntaxNode): CType {
    const type = this.typeOfDescriptor(node.childForFieldName('type') as SyntaxNode);
    const value = node.childForFieldName('value');
    if (type.kind !== 'array' || type.length !== undefined || !value) return type;
    const length = initializerLength(value, type.of);
    return length === undefined ? type : { ...type, length };
  }

  private functionType(node: SyntaxNode, returns: CType): { type: FunctionType; params: { name?: string; type: CType; node: SyntaxNode }[] } {
    const list = node.childForFieldName('parameters');
    const params: { name?: string; type: CType; node: SyntaxNode }[] = [];
    let variadic = false;
    for (const p of list?.namedChildren ?? []) {
      if (!p) continue;
      if (p.type === 'variadic_parameter') { variadic = true; continue; }
      if (p.type !== 'parameter_declaration') {
        this.report(p, 'unsupported', 'old-style (K&R) parameter lists are not supported; write the parameter types in the parentheses');
        continue;
      }
      const specs = this.specifiers(p);
      const d = p.childForFieldName('declarator');
      this.parameterDepth++;
      let declared: Declared;
      try {
        declared = d ? this.declarator(d, specs.base) : { type: specs.base };
      } finally {
        this.parameterDepth--;
      }
      // `int a[n][m]` is `int (*a)[m]`: the outer length is never needed (gcc does not evaluate it).
      if (declared.type.kind === 'array' && declared.type.variable) this.objects?.forgetLength?.(declared.type.variable);
      params.push({ name: declared.name, type: adjustParameter(declared.type), node: p });
    }
    // `f(void)` has no parameters; `f()` leaves them unspecified.
    const isVoidList = params.length === 1 && params[0].type.kind === 'void' && !params[0].name;
    const unprototyped = (list?.namedChildren.length ?? 0) === 0;
    const finalParams = isVoidList ? [] : params;
    return { type: { kind: 'function', returns, params: finalParams.map((p) => p.type), variadic, unprototyped }, params: finalParams };
  }

  typeSpecifier(node: SyntaxNode): CType {
    switch (node.type) {
      case 'primitive_type':
        return this.namedType(node.text, node);
      case 'sized_type_specifier':
        return this.typeFromWords(node.text.split(/\s+/)) ?? this.unknownType(node);
      case 'type_identifier':
        return this.namedType(node.text, node);
      case 'struct_specifier':
      case 'union_specifier':
        return this.record(node);
      case 'enum_specifier':
        return this.enumeration(node);
      case 'macro_type_specifier':
      default:
        this.report(node, 'unsupported', `type specifier '${node.text.split('\n')[0]}' is not supported yet`);
        return INT;
    }
  }

  private namedType(name: string, node: SyntaxNode): CType {
    if (name === '_Bool') return { kind: 'integer', name: '_Bool', signed: false };
    if (name === BUILTIN_VA_LIST) return VA_LIST;
    const typedef = this.scope.lookupTypedef(name);
    if (typedef) return typedef;
    const builtin = this.typeFromWords([name]);
    if (builtin) return builtin;
    const header = HEADER_HINTS[name];
    this.report(node, 'unknown-type', `unknown type name '${name}'${header ? `; did you forget '#include <${header}>'?` : ''}`);
    return INT;
  }

  private unknownType(node: SyntaxNode): CType {
    this.report(node, 'unknown-type', `unknown type '${node.text}'`);
    return INT;
  }

  /** `unsigned long long int`, `short`, `long double`, `signed char`, ... (C11 6.7.2p2). */
  typeFromWords(words: readonly string[]): CType | undefined {
    const count = (w: string) => words.filter((x) => x === w).length;
    const unsigned = count('unsigned') > 0;
    const signed = count('signed') > 0;
    const longs = count('long');
    if (words.includes('void')) return VOID;
    if (words.includes('float')) return { kind: 'float', name: 'float' };
    if (words.includes('double')) return { kind: 'float', name: longs ? 'long double' : 'double' };
    if (words.includes('_Bool')) return { kind: 'integer', name: '_Bool', signed: false };
    let name: IntegerName | undefined;
    if (words.includes('char')) name = 'char';
    else if (words.includes('short')) name = 'short';
    else if (longs >= 2) name = 'long long';
    else if (longs === 1) name = 'long';
    else if (words.includes('__int128')) name = '__int128';
    else if (words.includes('int') || unsigned || signed) name = 'int';
    if (!name) return undefined;
    if (name === 'char' && !signed && !unsigned) return { kind: 'integer', name, signed: true, plainChar: true };
    return { kind: 'integer', name, signed: !unsigned };
  }

  private record(node: SyntaxNode): RecordType {
    const kind = node.type === 'union_specifier' ? 'union' : 'struct';
    const tag = node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body');
    let type: RecordType | undefined;
    if (tag) {
      const existing = body ? this.scope.ownTag(tag) : this.scope.lookupTag(tag);
      if (existing && existing.kind === kind) type = existing as RecordType;
      else if (existing && !body) this.report(node, 'type', `'${tag}' is declared as a different kind of tag`);
    }
    if (!type) {
      type = { kind, tag, layout: { size: 0, align: 1 } };
      if (tag) this.scope.defineTag(tag, type);
    }
    if (body && type.layout.definedAt === body.id) return type;
    if (body) {
      if (type.layout.members) this.report(node, 'redefinition', `redefinition of '${kind} ${tag}'`);
      const errorsBefore = this.errorCount();
      const members: DeclaredMember[] = [];
      this.recordDepth++;
      try {
        this.memberDeclarations(body, members);
      } finally {
        this.recordDepth--;
      }
      Object.assign(type.layout, layoutRecord(kind, members, this.attributes.forRecord(node)), { definedAt: body.id, hasErrors: this.errorCount() > errorsBefore });
    }
    return type;
  }

  /** The members a struct or union body declares, in order. */
  private memberDeclarations(body: SyntaxNode, members: DeclaredMember[]): void {
    for (const field of body.namedChildren) {
      if (!field || field.type !== 'field_declaration') continue;
      const specs = this.specifiers(field);
      const parts = fieldDeclarators(field);
      const declarators = parts.map((p) => p.declarator);
      if (parts.length === 0) members.push({ name: '', type: specs.base, ...this.attributes.forMember(field, declarators, 0) }); // C11 anonymous struct/union
      for (const [index, part] of parts.entries()) {
        const attributes = this.attributes.forMember(field, declarators, index);
        // `unsigned : 0;`: tree-sitter wants a name before the colon and marks it missing.
        let d: Declared = part.declarator.isMissing ? { type: specs.base } : this.declarator(part.declarator, specs.base);
        if (part.width) {
          if (d.type.kind === 'enum') d = { ...d, type: this.enumBitFieldType(d.type) };
          const width = this.bitFieldWidth(part.width, d);
          if (width !== undefined) members.push({ name: d.name ?? '', type: d.type, width, ...attributes });
          continue;
        }
        if (sizeOf(d.type) === undefined && !(d.type.kind === 'array' && d.type.length === undefined)) {
          this.report(d.nameNode ?? field, 'type', `field '${d.name}' has incomplete type`);
        }
        members.push({ name: d.name ?? '', type: d.type, ...attributes });
      }
    }
  }

  /**
   * The width of a bit-field (C11 6.7.2.1p4-5): an integer constant no larger than the bits of
   * its type, which must be an integer type (_Bool, char, short, int, long, long long, signed or
   * unsigned, as gcc allows); only an unnamed bit-field may have width 0.
   */
  private bitFieldWidth(clause: SyntaxNode, d: Declared): number | undefined {
    const name = d.name ? `'${d.name}'` : '<anonymous>';
    const expression = clause.namedChildren.find((c) => c && c.type !== 'comment');
    const value = expression ? evaluateConstant(expression, this) : undefined;
    const at = d.nameNode ?? clause;
    if (d.type.kind !== 'integer') return void this.report(at, 'type', `bit-field ${name} has invalid type`);
    if (value?.kind !== 'int') return void this.report(clause, 'type', `bit-field ${name} width not an integer constant`);
    if (value.value < 0n) return void this.report(clause, 'type', `negative width in bit-field ${name}`);
    const typeBits = d.type.name === '_Bool' ? 1 : (sizeOf(d.type) ?? 0) * 8;
    if (value.value > BigInt(typeBits)) return void this.report(clause, 'type', `width of ${name} exceeds its type`);
    if (value.value === 0n && d.name) return void this.report(clause, 'type', `zero width for bit-field ${name}`);
    return Number(value.value);
  }

  /**
   * A bit-field of enum type (implementation-defined, C11 6.7.2.1p5) holds its enum's underlying
   * type, as gcc does: `unsigned int` when no enumerator is negative, so an 8-bit field keeps 148
   * as 148 rather than -108; `int` otherwise. The field's value is an int-sized integer either way.
   */
  private enumBitFieldType(type: EnumType): IntegerType {
    return enumUnderlying(type);
  }

  private recordByTag(kind: 'struct', tag: string): RecordType {
    const existing = this.scope.lookupTag(tag);
    if (existing && existing.kind === kind) return existing as RecordType;
    const type: RecordType = { kind, tag, layout: { size: 0, align: 1 } };
    this.scope.defineTag(tag, type);
    return type;
  }

  /** Enumerators count up from 0, or from the last explicit value (C11 6.7.2.2). */
  private enumeration(node: SyntaxNode): EnumType {
    const tag = node.childForFieldName('name')?.text;
    const existing = tag ? this.scope.lookupTag(tag) : undefined;
    const type: EnumType = existing?.kind === 'enum' ? existing : { kind: 'enum', tag, constants: { negative: false } };
    if (tag && !existing) this.scope.defineTag(tag, type);
    let next = 0n;
    for (const e of node.childForFieldName('body')?.namedChildren ?? []) {
      if (!e || e.type !== 'enumerator') continue;
      const valueNode = e.childForFieldName('value');
      if (valueNode) {
        const v = evaluateConstant(valueNode, this);
        if (v?.kind === 'int') next = v.value;
        else this.report(valueNode, 'type', 'enumerator value is not an integer constant');
      }
      this.scope.defineEnumConstant(e.childForFieldName('name')?.text ?? '', next);
      if (next < 0n && type.constants) type.constants.negative = true;
      next++;
    }
    return type;
  }

  private errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  /**
   * The length of an array whose size is not a constant expression: a VLA, which only a function
   * may declare (its length is evaluated at run time by the checker's code, C11 6.7.6.2p2). In a
   * prototype's parameters the length is never needed (`int a[n]` there is `int a[*]`).
   */
  private variableLength(size: SyntaxNode): VariableLength | undefined {
    const text = size.text.replace(/\s+/g, ' ');
    if (this.recordDepth > 0) {
      this.report(size, 'unsupported', 'a variable-length array in a struct or union (a GNU extension) is not supported yet');
      return undefined;
    }
    // Only the parameters of the function being defined have lengths that are evaluated.
    const evaluatedDepth = this.objects?.parameterLengths ? 1 : 0;
    if (this.parameterDepth > evaluatedDepth) return { slot: -1, text };
    const variable = this.objects?.variableLength?.(size);
    if (variable) return variable;
    if (this.parameterDepth > 0) return { slot: -1, text };
    this.report(size, 'type', `the array size '${text}' is not a constant expression: a variable-length array can only be declared in a function`);
    return undefined;
  }

  report(node: SyntaxNode, code: string, message: string): void {
    this.diagnostics.push({ severity: 'error', message, range: nodeRange(node), code });
  }
}

/** The declarators of a struct member declaration, each with its bit-field width clause if any. */
function fieldDeclarators(field: SyntaxNode): { declarator: SyntaxNode; width?: SyntaxNode }[] {
  const declarators = new Set(field.childrenForFieldName('declarator').map((d) => d?.id));
  const parts: { declarator: SyntaxNode; width?: SyntaxNode }[] = [];
  for (const child of field.children) {
    if (!child) continue;
    if (declarators.has(child.id)) parts.push({ declarator: child });
    else if (child.type === 'bitfield_clause' && parts.length > 0) parts[parts.length - 1].width = child;
  }
  return parts;
}

/** Array and function parameters are adjusted to pointers (C11 6.7.6.3p7-8). */
function adjustParameter(type: CType): CType {
  if (type.kind === 'array') return withConst(pointerTo(type.of), !!type.isConst);
  if (type.kind === 'function') return pointerTo(type);
  return type;
}

function alias<T extends CType>(type: T, name: string): T {
  return type.kind === 'void' || type.kind === 'function' || type.kind === 'array' ? type : { ...type, alias: name };
}

/** Number of elements an initializer gives an array of unknown size. */
/**
 * The length `T a[] = { ... }` gets (C11 6.7.9p22): one past the largest element initialized.
 * Braces may be left out around an element that is itself an aggregate (6.7.9p20): `PT a[] =
 * { 1, 2, 3, 4, 5, 6 }` with a three-`long` struct has two elements, each taking as many scalars as
 * it holds. An expression that may have the element's own struct type (a name, a call, a member,
 * a compound literal) initializes a whole element, as it would if it does.
 */
export function initializerLength(value: SyntaxNode, element: CType): number | undefined {
  // `T a[] = (T[]){ ... }` (gcc takes the literal's list as the array's own).
  const literal = unparenthesized(value);
  if (literal.type === 'compound_literal_expression' && literal.childForFieldName('value')) return initializerLength(literal.childForFieldName('value')!, element);
  if ((value.type === 'string_literal' || value.type === 'concatenated_string') && element.kind === 'integer') {
    return stringLiteralValue(value).units.length + 1;
  }
  if (value.type !== 'initializer_list') return undefined;
  const items = value.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  // `char s[] = { "abc" }`: braces around the string.
  if (items.length === 1 && element.kind === 'integer' && (items[0].type === 'string_literal' || items[0].type === 'concatenated_string')) {
    return initializerLength(items[0], element);
  }
  let index = 0;
  let max = 0;
  for (let i = 0; i < items.length;) {
    const item = items[i];
    if (item.type === 'initializer_pair') {
      const designator = item.childForFieldName('designator');
      const m = designator?.type === 'subscript_designator' ? /\[\s*(\d+)\s*\]/.exec(designator.text) : null;
      if (m) index = Number(m[1]);
      i++;
    } else {
      i = elidedEnd(element, items, i);
    }
    index++;
    max = Math.max(max, index);
  }
  return max;
}

/**
 * The bytes a static struct's initializer adds past its size by initializing its flexible array
 * member (`struct W { int n; int s[]; } w = { 2, { 1, 2 } };` is 12 bytes: gcc extends the object),
 * positionally in braces or by designator. 0 when it has none or leaves it empty.
 */
export function flexibleArrayExtension(type: CType, value: SyntaxNode): number {
  const members = type.kind === 'struct' ? type.layout.members ?? [] : [];
  const last = members[members.length - 1];
  if (!last || last.type.kind !== 'array' || last.type.length !== undefined || value.type !== 'initializer_list') return 0;
  const items = value.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const designated = items.find((i) => i.type === 'initializer_pair' && i.childForFieldName('designator')?.text.replace(/^\./, '').trim() === last.name);
  const item = designated ? designated.childForFieldName('value') : items.some((i) => i.type === 'initializer_pair') ? undefined : items[members.length - 1];
  const length = item ? initializerLength(item, last.type.of) : undefined;
  return (length ?? 0) * (sizeOf(last.type.of) ?? 0);
}

/** Where the items of one object of `type` end when its braces are left out, from items[i]. */
function elidedEnd(type: CType, items: readonly SyntaxNode[], i: number): number {
  const item = items[i];
  if (!item || item.type === 'initializer_list' || item.type === 'initializer_pair') return i + 1;
  if (type.kind === 'array') {
    if (type.of.kind === 'integer' && (item.type === 'string_literal' || item.type === 'concatenated_string')) return i + 1;
    for (let k = 0; k < (type.length ?? 0) && i < items.length; k++) i = elidedEnd(type.of, items, i);
    return i;
  }
  if (type.kind === 'struct' || type.kind === 'union') {
    if (MAY_BE_A_RECORD.has(unparenthesized(item).type)) return i + 1;
    const members = type.layout.members ?? [];
    for (const m of type.kind === 'union' ? members.slice(0, 1) : members) {
      if (i >= items.length || items[i].type === 'initializer_pair') break;
      i = elidedEnd(m.type, items, i);
    }
    return i;
  }
  return i + 1;
}

const MAY_BE_A_RECORD = new Set(['identifier', 'call_expression', 'field_expression', 'subscript_expression',
  'pointer_expression', 'compound_literal_expression', 'conditional_expression', 'assignment_expression',
  'comma_expression']);

/** `((x))` is `x`: the expression inside any number of parentheses. */
export function unparenthesized(node: SyntaxNode): SyntaxNode {
  const inner = node.type === 'parenthesized_expression' ? node.namedChildren.filter((c) => c && c.type !== 'comment') : [];
  return inner.length === 1 && inner[0] ? unparenthesized(inner[0]) : node;
}

/** The words of tree-sitter-c's primitive_type that are C keywords (the others are typedef names of the headers). */
const C_TYPE_KEYWORDS = new Set(['char', 'int', 'float', 'double', 'void', 'signed', 'unsigned', 'long', 'short']);

const HEADER_HINTS: Record<string, string> = {
  size_t: 'stddef.h', ptrdiff_t: 'stddef.h', FILE: 'stdio.h', uint8_t: 'stdint.h', uint16_t: 'stdint.h',
  uint32_t: 'stdint.h', uint64_t: 'stdint.h', int8_t: 'stdint.h', int16_t: 'stdint.h', int32_t: 'stdint.h',
  int64_t: 'stdint.h', intptr_t: 'stdint.h', uintptr_t: 'stdint.h', bool: 'stdbool.h', ssize_t: 'sys/types.h',
  pid_t: 'unistd.h', va_list: 'stdarg.h', time_t: 'time.h', wchar_t: 'wchar.h', wint_t: 'wchar.h', char16_t: 'uchar.h', char32_t: 'uchar.h',
};
