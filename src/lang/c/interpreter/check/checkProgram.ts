import type { Diagnostic, SourceRange } from '../../../../shared/diagnostics';
import type { ProcessImage } from '../../../../engine/image/processImage';
import type { Declared, TypeResolver } from '../../declarations';
import { keyBytes, literalKey } from '../../stringLiterals';
import type { SyntaxNode } from '../../parser';
import { nodeRange } from '../../syntaxDiagnostics';
import { functionNameOf } from '../../staticStorage';
import { type CType, type FunctionType, alignOf, sizeOf, pointerTo, typeToString } from '../../types';
import { type LibraryFunction, LIBRARY_OBJECTS } from '../builtins/libraryTable';
import { ERRNO_OBJECT, type LibraryObject } from '../builtins/libraryObjects';
import { REGISTER_SAVE_AREA, REG_SAVE_AREA_SIZE } from '../../vaList';
import { CheckAbandoned, type CheckContext, type FunctionContext, errorCount, fail, followOn, namedChildren, report, unsupported } from './checkContext';
import type { CheckedFunction, Init, LocalSlot, TExpr, TStmt } from './checkedTree';
import { checkStaticInitializer } from './checkInitializer';
import { objectKnowledge } from './checkExpression';
import { checkStatement } from './checkStatement';
import { ObjectScope } from './scope';
import { requireNotTypedef } from './typedefNames';
import { type PendingLength, evaluateLengths, lengthSlots } from './variableLengths';

/** An object with static storage and the initialization the loader performs before main. */
export interface StaticInit {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly init: readonly Init[];
}

export interface CheckedProgram {
  readonly functions: ReadonlyMap<string, CheckedFunction>;
  readonly staticInits: readonly StaticInit[];
  /** Library functions the program names, by name. */
  readonly library: ReadonlyMap<string, LibraryFunction>;
  /** Every string literal's address in .rodata and its bytes (NUL included). */
  readonly literals: readonly { readonly address: number; readonly bytes: Uint8Array }[];
  /**
   * The image's string literals no checked expression uses, by symbol name (`.LC2`): those only
   * in associations a `_Generic` did not select, which gcc does not emit.
   */
  readonly unusedLiterals: readonly string[];
  /** The file's scope of objects and functions (what a debugger's expressions name beside locals). */
  readonly fileScope: ObjectScope;
  /** Where the loader stores libc's stream pointers: `stdout` and the others (in the program's .bss when copied). */
  readonly streamPointers: ReadonlyMap<string, LibraryObject>;
}

/**
 * Checks a whole translation unit against the process image the front end described: file-scope
 * names are bound to their addresses in the image, each function body becomes a checked tree,
 * and every static initializer a list of initialization steps for the loader.
 */
export function checkProgram(
  root: SyntaxNode, types: TypeResolver, image: ProcessImage, library: ReadonlyMap<string, LibraryFunction>, diagnostics: Diagnostic[],
): CheckedProgram {
  const addresses = symbolAddresses(image);
  const literals = literalAddresses(root, image);
  const usedLiterals = new Set<string>();
  const streamPointers = libraryPointers(image);
  const fileScope = new ObjectScope(libraryScope(library, streamPointers));
  const definitions = new Map<string, SyntaxNode>();
  for (const item of namedChildren(root)) {
    const name = item.type === 'function_definition' ? functionNameOf(item) : undefined;
    if (name) definitions.set(name, item);
  }
  const ctx: CheckContext = {
    types, diagnostics, scope: fileScope,
    literalAddress(node) {
      const key = literalKey(node);
      usedLiterals.add(key);
      return literals.get(key)?.address;
    },
    fileScopeLiteral(node, size, init) {
      const address = addresses.compoundLiterals.get(positionKey(node));
      if (address !== undefined) staticInits.push({ name: '(compound literal)', address, size, init });
      return address;
    },
    laterFunction(name) {
      const node = definitions.get(name);
      const address = addresses.functions.get(name);
      return node && address !== undefined ? { address, returns: declaredFunctionType(ctx, node)?.returns } : undefined;
    },
  };
  types.objects = objectKnowledge(ctx);
  const functions = new Map<string, CheckedFunction>();
  const staticInits: StaticInit[] = [];
  const initialized = new Set<string>();

  for (const item of namedChildren(root)) {
    try {
      if (item.type === 'function_definition') {
        // A function is in scope from its declarator on, so it can call itself (C11 6.2.1p7);
        // functions defined later need a prototype first, as in C.
        const name = functionNameOf(item);
        const address = name ? addresses.functions.get(name) : undefined;
        const type = declaredFunctionType(ctx, item);
        if (name && address !== undefined && type) fileScope.define({ kind: 'function', name, type, address, library: false });
        const fn = checkFunction(ctx, item, addresses, staticInits);
        if (fn) functions.set(fn.name, fn);
      } else if (item.type === 'declaration') {
        fileDeclaration(item);
      } else if (item.type === 'type_definition') {
        checkStatement(ctx, item, { inLoop: false, inSwitch: false });
      } else if (item.type === 'struct_specifier' || item.type === 'union_specifier' || item.type === 'enum_specifier') {
        types.typeSpecifier(item);
      } else if (item.type !== 'comment' && item.type !== 'ERROR' && item.type !== ';') {
        unsupported(ctx, item, `the file-level item '${item.text.split('\n')[0]}' (${item.type.replace(/_/g, ' ')})`);
      }
    } catch (e) {
      if (!(e instanceof CheckAbandoned)) throw e;
    }
  }
  const literalBytes = [...literals].map(([key, { address }]) => ({ address, bytes: keyBytes(key) }));
  const unusedLiterals = [...literals].filter(([key]) => !usedLiterals.has(key)).map(([, { name }]) => name);
  return { functions, staticInits, library, literals: literalBytes, unusedLiterals, fileScope, streamPointers };

  function fileDeclaration(decl: SyntaxNode): void {
    const specs = types.specifiers(decl);
    if (specs.storage === 'typedef') {
      checkStatement(ctx, decl, { inLoop: false, inSwitch: false });
      return;
    }
    for (const declarator of decl.childrenForFieldName('declarator')) {
      if (!declarator) continue;
      let name: string | undefined;
      try {
        const before = errorCount(ctx);
        const d = types.declarator(declarator, specs.base);
        name = d.name;
        if (!d.name || !d.nameNode) continue;
        if (errorCount(ctx) > before) followOn(`the declaration of '${d.name}'`);
        requireNotTypedef(ctx, d.name, d.nameNode);
        if (d.type.kind === 'function') {
          // A prototype: of a function this file defines (possibly later), or of the library's.
          const defined = addresses.functions.get(d.name);
          if (defined !== undefined) fileScope.define({ kind: 'function', name: d.name, type: d.type, address: defined, library: false });
          else if (!fileScope.own(d.name) && !library.has(d.name)) fileScope.define({ kind: 'undefined-external', name: d.name });
          continue;
        }
        const address = addresses.objects.get(d.name);
        if (address === undefined) {
          if (specs.storage === 'extern') {
            const known = LIBRARY_OBJECTS[d.name];
            if (known) continue;
            if (!fileScope.own(d.name)) fileScope.define({ kind: 'undefined-external', name: d.name });
            continue;
          }
          if (sizeOf(d.type) === undefined) fail(ctx, d.nameNode, 'type', `storage size of '${d.name}' isn't known (${typeToString(d.type)})`);
          unsupported(ctx, d.nameNode, `the file-scope object '${d.name}', whose size the image builder could not work out before the program runs,`);
        }
        const type = d.value && d.type.kind === 'array' && d.type.length === undefined ? d.type : d.type;
        fileScope.define({ kind: 'object', name: d.name, type: sizeOf(type) === undefined && type.kind === 'array' ? { ...type, length: 1 } : type, storage: { kind: 'static', address } });
        if (d.value && !initialized.has(d.name)) {
          initialized.add(d.name);
          staticInits.push(checkStaticInitializer(ctx, d.name, address, type, d.value));
        }
      } catch (e) {
        if (!(e instanceof CheckAbandoned)) throw e;
        if (name && !fileScope.own(name)) fileScope.define({ kind: 'failed', name });
      }
    }
  }
}

/** libc's `stdin`/`stdout`/`stderr`: where the program reaches each, its copy in .bss if ld made one. */
function libraryPointers(image: ProcessImage): Map<string, LibraryObject> {
  const out = new Map(Object.entries(LIBRARY_OBJECTS));
  for (const s of image.symbols) {
    const libc = LIBRARY_OBJECTS[s.object.sourceName];
    if (s.object.section === 'dynbss' && libc) out.set(s.object.sourceName, { ...libc, address: s.address });
  }
  return out;
}

function libraryScope(library: ReadonlyMap<string, LibraryFunction>, objects: ReadonlyMap<string, LibraryObject>): ObjectScope {
  const scope = new ObjectScope();
  // The type is read when the name is used (a library prototype is parsed on first use).
  for (const fn of library.values()) scope.define({ kind: 'function', name: fn.name, get type() { return fn.type; }, address: fn.address, library: true });
  for (const [name, object] of objects) {
    scope.define({ kind: 'object', name, type: object.type, storage: { kind: 'static', address: object.address } });
  }
  scope.define({ kind: 'object', name: 'errno', type: ERRNO_OBJECT.type, storage: { kind: 'static', address: ERRNO_OBJECT.address } });
  return scope;
}

function declaredFunctionType(ctx: CheckContext, fn: SyntaxNode): FunctionType | undefined {
  const specs = ctx.types.specifiers(fn);
  const declarator = fn.childForFieldName('declarator');
  if (!declarator) return undefined;
  const d = ctx.types.declarator(declarator, specs.base);
  return d.type.kind === 'function' ? d.type : undefined;
}

function checkFunction(
  outer: CheckContext, node: SyntaxNode, addresses: SymbolAddresses, staticInits: StaticInit[],
): CheckedFunction | undefined {
  const errorsBefore = outer.diagnostics.length;
  const specs = outer.types.specifiers(node);
  const declarator = node.childForFieldName('declarator');
  const bodyNode = node.childForFieldName('body');
  if (!declarator || !bodyNode) return undefined;
  // The parameters' VLA lengths (`int n, int a[n][n]`) get their frame slots as they are resolved.
  const slots: LocalSlot[] = [];
  const pendingLengths: PendingLength[] = [];
  const fileObjects = outer.types.objects!;
  outer.types.objects = { operandSize: fileObjects.operandSize, ...lengthSlots(slots, pendingLengths), parameterLengths: true };
  let d: Declared;
  try {
    d = outer.types.declarator(declarator, specs.base);
  } finally {
    outer.types.objects = fileObjects;
  }
  if (!d.name || d.type.kind !== 'function') return undefined;
  const type = d.type;
  const address = addresses.functions.get(d.name) ?? 0;
  const parameters: number[] = [];
  const variadic = type.variadic ? { saveAreaSlot: slots.length, lastParameter: d.params?.[d.params.length - 1]?.name } : undefined;
  if (type.variadic) {
    slots.push({
      name: '(register save area)', type: REGISTER_SAVE_AREA, size: REG_SAVE_AREA_SIZE, align: 16, isParameter: false, hidden: true, saveArea: true,
      line: node.startPosition.row + 1,
    });
  }
  const fn: FunctionContext = {
    name: d.name, returns: type.returns, slots, labels: new Map(), gotos: [], labelStatementExpressions: new Map(), statementExpressions: [], statementExpressionCount: 0, staticInits: [], pendingLengths, liveVlas: [], vlaCount: 0, variadic, statics: [],
    staticAddress: (nameNode) => addresses.staticLocals.get(positionKey(nameNode)),
  };
  const scope = new ObjectScope(outer.scope);
  const typeScope = outer.types.scope;
  outer.types.scope = typeScope.child();
  const ctx: CheckContext & { fn: FunctionContext } = { ...outer, scope, fn };
  outer.types.objects = { ...objectKnowledge(ctx), ...lengthSlots(slots, pendingLengths) };
  try {
    const declaratorErrors = outer.diagnostics.slice(errorsBefore).filter((e) => e.severity === 'error');
    // Evaluated on entry, each in the scope of the parameters before it (C11 6.9.1p10).
    const entry: TExpr[] = [];
    for (const p of d.params ?? []) {
      const range = nodeRange(p.node);
      entry.push(...evaluateLengths(ctx, (size) => within(nodeRange(size), range)));
      if (!p.name) {
        if (p.type.kind !== 'void') fail(outer, p.node, 'parameter', 'parameter name omitted');
        continue;
      }
      const size = sizeOf(p.type);
      const reported = declaratorErrors.some((e) => within(e.range, range));
      if (size === undefined && !reported) report(outer, p.node, 'type', `parameter '${p.name}' has incomplete type`);
      if (size === undefined || reported) {
        scope.define({ kind: 'failed', name: p.name });
        continue;
      }
      parameters.push(slots.length);
      slots.push({ name: p.name, type: p.type, size, align: alignOf(p.type), isParameter: true, line: p.node.startPosition.row + 1 });
      scope.define({ kind: 'object', name: p.name, type: p.type, storage: { kind: 'local', slot: parameters[parameters.length - 1] } });
    }
    const body = checkStatement(ctx, bodyNode, { inLoop: false, inSwitch: false });
    staticInits.push(...fn.staticInits);
    for (const g of fn.gotos) {
      const label = fn.labels.get(g.label);
      if (!label) fail(outer, g.node, 'label', `label '${g.label}' used but not defined`);
      // A VLA in scope at the label must be in scope at the goto: its storage is allocated at its declaration.
      if (label.some((vla) => !g.vlas.includes(vla))) report(outer, g.node, 'jump', 'jump into scope of identifier with variably modified type');
      // Every statement expression around the label must be around the goto too (gcc's rule).
      const around = fn.labelStatementExpressions.get(g.label) ?? [];
      if (around.some((se) => !g.statementExpressions.includes(se))) report(outer, g.node, 'jump', 'jump into statement expression');
    }
    const end = nodeRange(bodyNode);
    return {
      name: d.name, type, address, slots, parameters, entry, body: body as TStmt, range: nodeRange(node), statics: fn.statics,
      endRange: { startLine: end.endLine, startColumn: Math.max(1, end.endColumn - 1), endLine: end.endLine, endColumn: end.endColumn },
    };
  } finally {
    outer.types.scope = typeScope;
    outer.types.objects = fileObjects;
  }
}

function within(inner: SourceRange, outer: SourceRange): boolean {
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return before(outer.startLine, outer.startColumn, inner.startLine, inner.startColumn) && before(inner.endLine, inner.endColumn, outer.endLine, outer.endColumn);
}

interface SymbolAddresses {
  readonly functions: Map<string, number>;
  readonly objects: Map<string, number>;
  readonly staticLocals: Map<string, number>;
  /** File-scope compound literals' objects, by the position of the literal. */
  readonly compoundLiterals: Map<string, number>;
}

const positionKey = (node: SyntaxNode) => `${node.startPosition.row + 1}:${node.startPosition.column + 1}`;

function symbolAddresses(image: ProcessImage): SymbolAddresses {
  const functions = new Map<string, number>();
  const objects = new Map<string, number>();
  const staticLocals = new Map<string, number>();
  const compoundLiterals = new Map<string, number>();
  for (const s of image.symbols) {
    const o = s.object;
    if (o.kind === 'function') functions.set(o.name, s.address);
    else if (o.kind === 'variable') objects.set(o.name, s.address);
    else if (o.kind === 'static-local') staticLocals.set(`${o.position.line}:${o.position.column}`, s.address);
    else if (o.kind === 'compound-literal') compoundLiterals.set(`${o.position.line}:${o.position.column}`, s.address);
  }
  return { functions, objects, staticLocals, compoundLiterals };
}

/** String literals by their bytes (`literalKey`), with their symbols: the front end placed one copy of each distinct literal. */
function literalAddresses(root: SyntaxNode, image: ProcessImage): Map<string, { readonly address: number; readonly name: string }> {
  const bytesAt = new Map<string, string>();
  for (const node of root.descendantsOfType(['string_literal', 'concatenated_string'])) {
    // A concatenation and its first piece start at the same place: the outer node wins.
    if (node && !bytesAt.has(positionKey(node))) bytesAt.set(positionKey(node), literalKey(node));
  }
  const out = new Map<string, { address: number; name: string }>();
  for (const s of image.symbols) {
    if (s.object.kind !== 'string-literal') continue;
    const key = bytesAt.get(`${s.object.position.line}:${s.object.position.column}`);
    if (key !== undefined && !out.has(key)) out.set(key, { address: s.address, name: s.object.name });
  }
  return out;
}

export const FILE_POINTER: CType = pointerTo({ kind: 'struct', tag: '_IO_FILE', layout: { size: 216, align: 8 } });
