import type { Diagnostic } from '../../shared/diagnostics';
import type { ObjectSection, ProgramObject } from '../../engine/image/programObjects';
import { staticDataAlignment } from './dataAlignment';
import { type Declared, type TypeResolver, flexibleArrayExtension } from './declarations';
import { fileScopeSizeof } from './fileScopeSizeof';
import { inGenericControl } from './genericAssociations';
import { initializerFacts } from './initializerFacts';
import type { SyntaxNode } from './parser';
import { BlockTypeScopes } from './blockTypeScopes';
import { literalArrayType, literalKey, stringLiteralValue } from './stringLiterals';
import { type CType, arrayOf, isConstObject, sizeOf, typeToString } from './types';

/**
 * Finds everything with static storage in a translation unit and decides, as gcc 12 does for
 * `gcc -O0` on x86-64 Linux (PIE by default), which section each goes to and in which order:
 *
 * - top-level items in source order; a function's string literals are emitted right before it,
 *   a variable's literals right before the variable;
 * - static locals (`static int calls;` in a function) after everything else, named
 *   `calls.N` where N counts down from the last one in the file;
 * - `const` objects go to .rodata, or .data.rel.ro when their initializer holds addresses
 *   (the loader must patch those before making them read-only);
 * - writable objects go to .data, .data.rel.local when their initializer holds addresses, or
 *   .bss when they are all zero; a zero static (file or function scope) is a local common
 *   symbol that the assembler puts at the very end of .bss.
 */
export interface StaticStorage {
  readonly objects: ProgramObject[];
  readonly importedFunctions: string[];
}

interface PendingStatic {
  readonly declared: Declared;
  readonly node: SyntaxNode;
  readonly functionName: string;
  readonly objects: ProgramObject[];
}

export function collectStaticStorage(root: SyntaxNode, types: TypeResolver, diagnostics: Diagnostic[]): StaticStorage {
  const objects: ProgramObject[] = [];
  const literalNames = new Map<string, string>();
  const defined = new Map<string, { object: ProgramObject; index: number }>();
  const functionNames = new Set<string>();
  const arrayNames = new Set<string>();
  const calledNames = new Set<string>();
  const pendingStatics: PendingStatic[] = [];
  const fileObjects = new Map<string, CType>();
  // gcc numbers every compound literal outside a function as it finishes parsing it (so by where
  // it ends), also those it folds into an initializer and never emits.
  const compoundLiteralNumbers = new Map(root.namedChildren
    .filter((item) => item?.type === 'declaration')
    .flatMap((item) => descendants(item!, 'compound_literal_expression'))
    .sort((a, b) => a.endIndex - b.endIndex)
    .map((node, index) => [node.id, index]));
  types.objects = fileScopeSizeof(fileObjects, types);

  // Function names are address constants anywhere in the file (C allows forward use via prototypes).
  for (const item of root.namedChildren) {
    if (item?.type === 'function_definition') {
      const name = functionNameOf(item);
      if (name) functionNames.add(name);
    }
  }
  const isAddressName = (name: string) => functionNames.has(name) || arrayNames.has(name);

  for (const item of root.namedChildren) {
    if (!item) continue;
    if (item.type === 'function_definition') emitFunction(item);
    else if (item.type === 'declaration') emitDeclaration(item, objects, undefined);
    else if (item.type === 'type_definition') defineTypedefs(item);
    else if (item.type === 'struct_specifier' || item.type === 'union_specifier' || item.type === 'enum_specifier') types.typeSpecifier(item);
  }

  // Static locals come last, numbered in reverse order of appearance (gcc's `name.N`).
  const count = pendingStatics.length;
  pendingStatics.forEach((p, index) => emitObject(p.declared, p.node, 'local', `${p.declared.name}.${count - 1 - index}`, p.objects, p.functionName));

  for (const node of descendants(root, 'call_expression')) {
    const callee = node.childForFieldName('function');
    if (callee?.type === 'identifier' && !functionNames.has(callee.text)) calledNames.add(callee.text);
  }
  return { objects, importedFunctions: [...calledNames].sort() };

  function defineTypedefs(item: SyntaxNode): void {
    const specs = types.specifiers(item);
    for (const d of types.declarators(item, specs.base)) {
      if (d.name) types.scope.defineTypedef(d.name, withAlias(d.type, d.name));
    }
  }

  function emitFunction(fn: SyntaxNode): void {
    const specs = types.specifiers(fn);
    const declaratorNode = fn.childForFieldName('declarator');
    if (!declaratorNode) return;
    const declared = types.declarator(declaratorNode, specs.base);
    const body = fn.childForFieldName('body');
    if (!declared.name || !body) return;
    // Literals used by the function body, then the static locals it declares (emitted at the end).
    // The pieces of `"ab" "cd"` are not literals of their own. gcc never emits the literals of a
    // `_Generic` controlling expression (it is not evaluated); nor those of the associations it
    // did not select, which this pass cannot tell apart without the locals' types: they are
    // placed, and taken out again once the checker has seen that nothing uses them.
    for (const lit of descendants(body, 'string_literal', 'concatenated_string')) {
      if (lit.parent?.type === 'concatenated_string') continue;
      if (!insideCharArrayInit(lit, types) && !insideStaticLocal(lit) && !inGenericControl(lit)) emitLiteral(lit);
    }
    const blockScopes = new BlockTypeScopes(types.scope, body);
    const fileScope = types.scope;
    for (const decl of descendants(body, 'declaration', 'struct_specifier', 'union_specifier', 'enum_specifier')) {
      // Standalone tag definitions (`struct T { ... };`) are items of their block, not declarations.
      const standalone = decl.type !== 'declaration' && decl.parent?.type === 'compound_statement';
      if (decl.type !== 'declaration' && !standalone) continue;
      // Resolved in its own block's scope: a tag a block (re)defines ends with that block.
      types.scope = blockScopes.of(decl);
      try {
        if (standalone) { types.typeSpecifier(decl); continue; }
        const local = types.specifiers(decl);
        if (local.storage !== 'static') continue;
        for (const d of types.declarators(decl, local.base)) {
          if (d.name && d.type.kind !== 'function') pendingStatics.push({ declared: d, node: decl, functionName: declared.name, objects });
        }
      } finally {
        types.scope = fileScope;
      }
    }
    const size = estimateCodeSize(body);
    const object: ProgramObject = {
      name: declared.name,
      sourceName: declared.name,
      kind: 'function',
      section: 'text',
      size,
      align: 1,
      typeName: typeToString(declared.type),
      binding: specs.storage === 'static' ? 'local' : 'global',
      position: positionOf(declared.nameNode ?? fn),
      sizeIsEstimate: true,
    };
    record(declared.name, object);
  }

  function emitDeclaration(decl: SyntaxNode, into: ProgramObject[], fnName: string | undefined): void {
    const specs = types.specifiers(decl);
    if (specs.storage === 'typedef') return defineTypedefs(decl);
    for (const d of types.declarators(decl, specs.base)) {
      if (!d.name || d.type.kind === 'function') continue;
      // `extern int x;` declares an object defined elsewhere: no storage here.
      if (specs.storage === 'extern' && !d.value) continue;
      emitObject(d, decl, specs.storage === 'static' ? 'local' : 'global', d.name, into, fnName);
    }
  }

  function emitObject(d: Declared, decl: SyntaxNode, binding: 'global' | 'local', symbol: string, into: ProgramObject[], fnName: string | undefined): void {
    const typeSize = sizeOf(d.type);
    const size = typeSize !== undefined && d.value ? typeSize + flexibleArrayExtension(d.type, d.value) : typeSize;
    const at = d.nameNode ?? decl;
    if (size === undefined) {
      // `int a[];` at file scope is a tentative definition of a one-element array (C11 6.9.2p5);
      // an array of an incomplete type stays incomplete, however long.
      if (d.type.kind === 'array' && !d.value && !fnName && sizeOf(d.type.of) !== undefined) {
        return emitObject({ ...d, type: arrayOf(d.type.of, 1) }, decl, binding, symbol, into, fnName);
      }
      types.report(at, 'type', `storage size of '${d.name}' isn't known (incomplete type ${typeToString(d.type)})`);
      return;
    }
    if (d.type.kind === 'array') arrayNames.add(d.name as string);
    if (!fnName) fileObjects.set(d.name as string, d.type);
    const facts = d.value ? initializerFacts(d.value, d.type, types, isAddressName) : undefined;
    // GNU C's statement expression `({ ... })` runs code: gcc allows none outside functions.
    const braced = d.value && !fnName ? descendants(d.value, 'compound_statement')[0]?.parent : undefined;
    if (braced) {
      types.report(braced, 'not-constant', 'braced-group within expression allowed only inside a function');
    } else if (facts?.unknownSelection) {
      types.report(facts.unknownSelection, 'not-constant',
        `a '_Generic' in the initializer of '${d.name}', which has static storage, is not supported yet unless its controlling expression is a constant, a cast or a file-scope object: the image is laid out before the types of other expressions are known`);
    } else if (facts && !facts.constant) {
      types.report(facts.nonConstant ?? d.value as SyntaxNode, 'not-constant',
        `initializer element is not constant: '${d.name}' has static storage, so its initial value must be known before the program runs`);
    }
    for (const lit of facts?.literals ?? []) emitLiteral(lit);
    if (!fnName) for (const lit of facts?.compoundLiterals ?? []) emitCompoundLiteral(lit);
    const section = chooseSection(d.type, facts, binding, !d.value);
    const object: ProgramObject = {
      name: symbol,
      sourceName: d.name as string,
      kind: fnName ? 'static-local' : 'variable',
      section,
      size,
      align: staticDataAlignment(d.type),
      typeName: typeToString(d.type),
      binding,
      position: positionOf(at),
      enclosingFunction: fnName,
    };
    if (fnName) into.push(object);
    else record(d.name as string, object);
  }

  /** A tentative definition followed by a real one is one object (C11 6.9.2). */
  function record(name: string, object: ProgramObject): void {
    const previous = defined.get(name);
    if (!previous) {
      defined.set(name, { object, index: objects.length });
      objects.push(object);
      return;
    }
    const replace = object.kind === 'function' || object.section !== 'bss.common' && object.section !== 'bss';
    if (previous.object.kind === 'function' && object.kind === 'function') {
      diagnostics.push({ severity: 'error', message: `redefinition of '${name}'`, range: rangeOfPosition(object), code: 'redefinition' });
      return;
    }
    if (replace) {
      objects[previous.index] = object;
      defined.set(name, { object, index: previous.index });
    }
  }

  /**
   * A literal's array in .rodata, once per distinct contents, aligned to its element (a wide
   * one's `.align 4`), and to 8 from 31 bytes on (x86's ix86_constant_alignment, unless -Os).
   */
  function emitLiteral(node: SyntaxNode): void {
    const key = literalKey(node);
    if (literalNames.has(key)) return;
    const name = `.LC${literalNames.size}`;
    literalNames.set(key, name);
    const value = stringLiteralValue(node);
    const type = literalArrayType(value);
    objects.push({
      name,
      sourceName: node.text.length > 60 ? node.text.slice(0, 57) + '..."' : node.text,
      kind: 'string-literal',
      section: 'rodata',
      size: sizeOf(type) as number,
      align: (sizeOf(type) as number) >= 31 ? 8 : value.width,
      typeName: typeToString(type),
      binding: 'local',
      position: positionOf(node),
    });
  }

  /**
   * A compound literal at file scope (`struct S *s = &(struct S){1, 2};`) is an unnamed static
   * object, emitted right before the object whose initializer holds it, as gcc's local symbol
   * `__compound_literal.N` (N counts them through the file), in the section its own type and
   * initializer choose.
   */
  function emitCompoundLiteral(node: SyntaxNode): void {
    const type = types.compoundLiteralType(node);
    const size = sizeOf(type);
    const value = node.childForFieldName('value');
    if (size === undefined || !value) return; // the checker reports the incomplete type
    const facts = initializerFacts(value, type, types, isAddressName);
    for (const lit of facts.literals) emitLiteral(lit);
    for (const lit of facts.compoundLiterals) emitCompoundLiteral(lit);
    objects.push({
      name: `__compound_literal.${compoundLiteralNumbers.get(node.id) ?? 0}`,
      sourceName: node.text.length > 60 ? node.text.slice(0, 57) + '...' : node.text,
      kind: 'compound-literal',
      section: chooseSection(type, facts, 'local', false),
      size,
      align: staticDataAlignment(type),
      typeName: typeToString(type),
      binding: 'local',
      position: positionOf(node),
    });
  }

  function insideStaticLocal(node: SyntaxNode): boolean {
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'declaration') return types.specifiers(p).storage === 'static';
      if (p.type === 'compound_statement') return false;
    }
    return false;
  }
}

function chooseSection(type: CType, facts: ReturnType<typeof initializerFacts> | undefined, binding: 'global' | 'local', noInitializer: boolean): ObjectSection {
  if (isConstObject(type) && !noInitializer) {
    return facts?.needsRelocation ? 'data.rel.ro' : 'rodata';
  }
  if (facts?.needsRelocation) return 'data.rel.local';
  if (facts && !facts.allZero) return 'data';
  // gcc emits a zero-initialized internal-linkage object (file static or static local, with or
  // without `= 0`) as `.local x; .comm x` (varasm's lcomm_section), which the assembler allocates
  // after every other .bss object.
  return binding === 'local' ? 'bss.common' : 'bss';
}

/**
 * gcc -O0 spends roughly three bytes of machine code per syntax node of a function body (loads
 * and stores through the frame for every operand) plus its prologue and epilogue. The panel marks
 * this figure as an estimate: we never compile the program.
 */
function estimateCodeSize(body: SyntaxNode): number {
  let nodes = 0;
  const walk = (n: SyntaxNode) => { nodes++; for (const c of n.namedChildren) if (c) walk(c); };
  walk(body);
  return 10 + nodes * 3;
}

function insideCharArrayInit(node: SyntaxNode, types: TypeResolver): boolean {
  const parent = node.parent;
  if (parent?.type !== 'init_declarator') return false;
  const declaration = parent.parent;
  if (!declaration) return false;
  const d = types.declarator(parent, types.specifiers(declaration).base);
  return d.type.kind === 'array';
}

export function functionNameOf(fn: SyntaxNode): string | undefined {
  let d = fn.childForFieldName('declarator');
  while (d && d.type !== 'identifier') d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c?.type !== 'type_qualifier') ?? null;
  return d?.text;
}

function descendants(node: SyntaxNode, ...kinds: string[]): SyntaxNode[] {
  return node.descendantsOfType(kinds).filter((n): n is SyntaxNode => !!n);
}

function positionOf(node: SyntaxNode) {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function rangeOfPosition(object: ProgramObject) {
  const { line, column } = object.position;
  return { startLine: line, startColumn: column, endLine: line, endColumn: column + object.sourceName.length };
}

function withAlias(type: CType, name: string): CType {
  return type.kind === 'void' || type.kind === 'function' || type.kind === 'array' ? type : { ...type, alias: name };
}
