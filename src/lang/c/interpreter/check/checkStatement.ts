import type { SourceRange } from '../../../../shared/diagnostics';
import { evaluateConstant } from '../../constEval';
import type { SyntaxNode } from '../../parser';
import { nodeRange } from '../../syntaxDiagnostics';
import { type CType, alignOf, hasVariableSize, isVariablyModified, sizeOf, typeToString } from '../../types';
import { CheckAbandoned, type CheckContext, type Jumps, errorCount, fail, field, followOn, namedChildren, unsupported } from './checkContext';
import type { SwitchCase, TExpr, TStmt } from './checkedTree';
import { assignable, checkExpression, checkValue } from './checkExpression';
import { checkInitializer, checkStaticInitializer } from './checkInitializer';
import { condition, isInteger, promotedType, convertTo, unqualified } from './conversions';
import { returnValueAsGccCompilesIt } from './returnLocalAddress';
import { ObjectScope } from './scope';
import { requireNotTypedef, typedefMayBeDefined } from './typedefNames';
import { evaluateLengths, sequence, sizeExpression } from './variableLengths';

let nextCaseId = 1;

/**
 * One checker per statement production of tree-sitter-c. Problems are reported and the
 * statement dropped, so one mistake does not hide the next.
 */
export function checkStatement(ctx: CheckContext, node: SyntaxNode, jumps: Jumps): TStmt {
  // A statement expression in this statement's expressions jumps where the statement would.
  const fn = ctx.fn;
  const outer = fn?.jumps;
  if (fn) fn.jumps = jumps;
  try {
    const handler = STATEMENTS[node.type];
    if (!handler) return unsupported(ctx, node, `the statement '${node.text.split('\n')[0]}' (${node.type.replace(/_/g, ' ')})`);
    return handler(ctx, node, jumps);
  } catch (e) {
    if (e instanceof CheckAbandoned) return { stmt: 'empty' };
    throw e;
  } finally {
    if (fn) fn.jumps = outer;
  }
}

type StatementChecker = (ctx: CheckContext, node: SyntaxNode, jumps: Jumps) => TStmt;

const STATEMENTS: Record<string, StatementChecker> = {
  expression_statement(ctx, node) {
    const inner = namedChildren(node)[0];
    if (!inner) return { stmt: 'empty' };
    return { stmt: 'expr', range: nodeRange(node), expr: checkExpression(ctx, inner) };
  },

  /** A block is a new scope for objects, typedefs and tags (C11 6.2.1p4). */
  compound_statement(ctx, node, jumps) {
    return inScope(ctx, node, () => ({ stmt: 'block', body: statementList(ctx, namedChildren(node), jumps) }));
  },

  declaration(ctx, node) {
    return { stmt: 'block', body: checkLocalDeclaration(ctx, node) };
  },

  /** A typedef of a VLA type evaluates its lengths where it is declared (C11 6.7.8p3). */
  type_definition(ctx, node) {
    const specs = ctx.types.specifiers(node);
    for (const d of ctx.types.declarators(node, specs.base)) {
      if (d.name && d.nameNode && typedefMayBeDefined(ctx, d.name, d.nameNode, d.type)) {
        ctx.types.scope.defineTypedef(d.name, d.type.kind === 'void' || d.type.kind === 'function' || d.type.kind === 'array' ? d.type : { ...d.type, alias: d.name } as CType);
      }
    }
    const lengths = evaluateLengths(ctx);
    return lengths.length ? { stmt: 'expr', range: nodeRange(node), expr: sequence(lengths) } : { stmt: 'empty' };
  },

  if_statement(ctx, node, jumps) {
    const test = condition(checkExpression(ctx, field(node, 'condition')));
    const then = checkStatement(ctx, field(node, 'consequence'), jumps);
    const elseClause = node.childForFieldName('alternative');
    const elseBody = elseClause ? namedChildren(elseClause)[0] : undefined;
    const otherwise = elseBody ? checkStatement(ctx, elseBody, jumps) : undefined;
    return { stmt: 'if', range: headerRange(node, field(node, 'condition')), condition: test, then, otherwise };
  },

  while_statement(ctx, node, jumps) {
    const test = condition(checkExpression(ctx, field(node, 'condition')));
    const body = checkStatement(ctx, field(node, 'body'), { ...jumps, inLoop: true });
    return { stmt: 'while', range: headerRange(node, field(node, 'condition')), condition: test, body };
  },

  do_statement(ctx, node, jumps) {
    const body = checkStatement(ctx, field(node, 'body'), { ...jumps, inLoop: true });
    const conditionNode = field(node, 'condition');
    const test = condition(checkExpression(ctx, conditionNode));
    return { stmt: 'doWhile', range: nodeRange(conditionNode), condition: test, body };
  },

  /** `for (init; cond; update)`: a declaration in init is scoped to the loop (C11 6.8.5p5). */
  for_statement(ctx, node, jumps) {
    return inScope(ctx, node, () => {
      const initNode = node.childForFieldName('initializer');
      const init = initNode ? (initNode.type === 'declaration' ? { stmt: 'block', body: checkLocalDeclaration(ctx, initNode) } as TStmt
        : { stmt: 'expr', range: nodeRange(initNode), expr: checkExpression(ctx, initNode) } as TStmt) : undefined;
      const conditionNode = node.childForFieldName('condition');
      const updateNode = node.childForFieldName('update');
      const test = conditionNode ? condition(checkExpression(ctx, conditionNode)) : undefined;
      const update = updateNode ? checkExpression(ctx, updateNode) : undefined;
      const body = checkStatement(ctx, field(node, 'body'), { ...jumps, inLoop: true });
      return {
        stmt: 'for', range: forHeader(node), init, condition: test, conditionRange: conditionNode ? nodeRange(conditionNode) : undefined,
        update, updateRange: updateNode ? nodeRange(updateNode) : undefined, body,
      };
    });
  },

  /** The controlling expression is promoted; case values are converted to its type (C11 6.8.4.2p5). */
  switch_statement(ctx, node, jumps) {
    const conditionNode = field(node, 'condition');
    const value = checkValue(ctx, conditionNode);
    if (!isInteger(value.type)) return fail(ctx, conditionNode, 'type', 'switch quantity not an integer');
    const promoted = convertTo(value, promotedType(value.type));
    const cases: SwitchCase[] = [];
    const body = checkStatement(ctx, field(node, 'body'), {
      inLoop: jumps.inLoop, inSwitch: true, cases, switchVlas: ctx.fn!.liveVlas.length, switchStatementExpressions: ctx.fn!.statementExpressions.length,
    });
    const bits = (sizeOf(promoted.type) ?? 4) * 8;
    const unsigned = promoted.type.kind === 'integer' && !promoted.type.signed;
    const normalized = cases.map((c) => c.value === undefined ? c : { ...c, value: wrapCase(BigInt(c.value), bits, unsigned) });
    const seen = new Set<string>();
    for (const c of normalized) {
      const key = String(c.value);
      if (seen.has(key)) return fail(ctx, node, 'switch', c.value === undefined ? "multiple default labels in one switch" : `duplicate case value ${key}`);
      seen.add(key);
    }
    return { stmt: 'switch', range: headerRange(node, conditionNode), value: promoted, body, cases: normalized };
  },

  case_statement(ctx, node, jumps) {
    if (!jumps.cases) return fail(ctx, node, 'switch', `'${node.text.startsWith('default') ? 'default' : 'case'}' label not within a switch statement`);
    if (ctx.fn!.liveVlas.length > (jumps.switchVlas ?? 0)) return fail(ctx, node, 'switch', 'switch jumps into scope of identifier with variably modified type');
    if (ctx.fn!.statementExpressions.length > (jumps.switchStatementExpressions ?? 0)) return fail(ctx, node, 'switch', 'switch jumps into statement expression');
    const valueNode = node.childForFieldName('value');
    let value: number | bigint | undefined;
    if (valueNode) {
      const v = evaluateConstant(valueNode, ctx.types);
      // An expression with errors of its own (a `_Generic` with two defaults) says so first.
      if (!v && valueNode.type === 'generic_expression') checkValue(ctx, valueNode);
      if (!v || v.kind !== 'int') return fail(ctx, valueNode, 'switch', 'case label does not reduce to an integer constant');
      value = v.value >= -9007199254740991n && v.value <= 9007199254740991n ? Number(v.value) : v.value;
    }
    const id = nextCaseId++;
    jumps.cases.push({ value, id });
    const statements = namedChildren(node).filter((c) => c.id !== valueNode?.id);
    return { stmt: 'case', id, body: { stmt: 'block', body: statementList(ctx, statements, jumps) } };
  },

  break_statement(ctx, node, jumps) {
    if (!jumps.inLoop && !jumps.inSwitch) return fail(ctx, node, 'jump', 'break statement not within loop or switch');
    return { stmt: 'break', range: nodeRange(node) };
  },

  continue_statement(ctx, node, jumps) {
    if (!jumps.inLoop) return fail(ctx, node, 'jump', 'continue statement not within a loop');
    return { stmt: 'continue', range: nodeRange(node) };
  },

  return_statement(ctx, node) {
    const valueNode = namedChildren(node)[0];
    const returns = ctx.fn!.returns;
    const range = nodeRange(node);
    if (!valueNode) return { stmt: 'return', range };
    const value = checkValue(ctx, valueNode);
    if (returns.kind === 'void') {
      if (value.type.kind !== 'void') return fail(ctx, valueNode, 'return', "'return' with a value, in function returning void");
      return { stmt: 'expr', range, expr: value };
    }
    return { stmt: 'return', range, value: returnValueAsGccCompilesIt(ctx, valueNode, assignable(ctx, valueNode, value, unqualified(returns))) };
  },

  goto_statement(ctx, node) {
    const label = field(node, 'label');
    ctx.fn!.gotos.push({ label: label.text, node: label, vlas: [...ctx.fn!.liveVlas], statementExpressions: [...ctx.fn!.statementExpressions] });
    return { stmt: 'goto', range: nodeRange(node), label: label.text };
  },

  labeled_statement(ctx, node, jumps) {
    const label = field(node, 'label').text;
    if (ctx.fn!.labels.has(label)) return fail(ctx, node, 'label', `duplicate label '${label}'`);
    ctx.fn!.labels.set(label, [...ctx.fn!.liveVlas]);
    ctx.fn!.labelStatementExpressions.set(label, [...ctx.fn!.statementExpressions]);
    const inner = namedChildren(node).filter((c) => c.type !== 'statement_identifier')[0];
    return { stmt: 'label', label, body: inner ? checkStatement(ctx, inner, jumps) : { stmt: 'empty' } };
  },

  attributed_statement(ctx, node, jumps) {
    const inner = namedChildren(node).filter((c) => c.type !== 'attribute_declaration')[0];
    return inner ? checkStatement(ctx, inner, jumps) : { stmt: 'empty' };
  },

  // Declarations of tags at block scope: `struct node { ... };`
  struct_specifier(ctx, node) {
    ctx.types.typeSpecifier(node);
    return { stmt: 'empty' };
  },
};
STATEMENTS.union_specifier = STATEMENTS.struct_specifier;
STATEMENTS.enum_specifier = STATEMENTS.struct_specifier;

function wrapCase(v: bigint, bits: number, unsigned: boolean): number | bigint {
  const w = unsigned ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
  return w >= -9007199254740991n && w <= 9007199254740991n ? Number(w) : w;
}

export function statementList(ctx: CheckContext, nodes: SyntaxNode[], jumps: Jumps): TStmt[] {
  return nodes.map((n) => checkStatement(ctx, n, jumps));
}

/**
 * A block scope: objects, typedefs and tags declared in it end with it. A scope that declared
 * VLAs gives their stack back when left, however it is left (gcc's stack save/restore).
 */
function inScope(ctx: CheckContext, node: SyntaxNode, body: () => TStmt): TStmt {
  const { checked, saveStack } = inBlockScope(ctx, node, body);
  return saveStack ? { stmt: 'block', body: [checked], saveStack: true } : checked;
}

/** The block scope of `node` around `body`; `saveStack`: the block declared VLAs. */
export function inBlockScope<T>(ctx: CheckContext, node: SyntaxNode, body: () => T): { checked: T; saveStack: boolean } {
  const objects = ctx.scope;
  const types = ctx.types.scope;
  const vlas = ctx.fn!.liveVlas.length;
  const block = ctx.fn!.block;
  ctx.scope = new ObjectScope(objects);
  ctx.types.scope = types.child();
  ctx.fn!.block = nodeRange(node);
  try {
    const checked = body();
    return { checked, saveStack: ctx.fn!.liveVlas.length > vlas };
  } finally {
    ctx.scope = objects;
    ctx.types.scope = types;
    ctx.fn!.liveVlas.length = vlas;
    ctx.fn!.block = block;
  }
}

/** `for (...)` up to its closing parenthesis. */
function forHeader(node: SyntaxNode): SourceRange {
  const start = nodeRange(node);
  const close = node.children.find((c) => c?.type === ')');
  const end = close ? nodeRange(close) : start;
  return { startLine: start.startLine, startColumn: start.startColumn, endLine: end.endLine, endColumn: end.endColumn };
}

/** The range a debugger highlights for a compound statement's header: `if (x > 0)`. */
function headerRange(node: SyntaxNode, until: SyntaxNode): SourceRange {
  const start = nodeRange(node);
  const end = nodeRange(until);
  return { startLine: start.startLine, startColumn: start.startColumn, endLine: end.endLine, endColumn: end.endColumn };
}

/**
 * A declaration in a block: typedefs and tags go to the type scope; `static` and `extern`
 * objects are bound to their place in the image; automatic objects get a frame slot, and an
 * initializer becomes an initialization statement (executed each time the declaration is reached).
 */
function checkLocalDeclaration(ctx: CheckContext, node: SyntaxNode): TStmt[] {
  const fn = ctx.fn!;
  const errorsBefore = errorCount(ctx);
  const specs = ctx.types.specifiers(node);
  if (specs.storage === 'typedef') return [STATEMENTS.type_definition(ctx, node, { inLoop: false, inSwitch: false })];
  // An unknown type name already said what is wrong with every declarator of the declaration.
  const badSpecifiers = errorCount(ctx) > errorsBefore;
  const out: TStmt[] = [];
  for (const declarator of node.childrenForFieldName('declarator')) {
    if (!declarator) continue;
    let name: string | undefined;
    let declared = false;
    try {
      const before = errorCount(ctx);
      const d = ctx.types.declarator(declarator, specs.base);
      name = d.name;
      if (!d.name || !d.nameNode) continue;
      if (badSpecifiers || errorCount(ctx) > before) followOn(`the declaration of '${d.name}'`);
      requireNotTypedef(ctx, d.name, d.nameNode);
      const lengths = evaluateLengths(ctx);
      if (isVariablyModified(d.type) && (specs.storage === 'static' || specs.storage === 'extern')) {
        fail(ctx, d.nameNode, 'type', `storage size of '${d.name}' isn't constant: an object with static storage cannot have a variably modified type`);
      }
      if (d.type.kind === 'function') {
        const known = ctx.scope.lookup(d.name);
        if (known?.kind === 'function') ctx.scope.define(known);
        declared = true;
        continue;
      }
      if (specs.storage === 'extern') {
        const global = ctx.scope.lookup(d.name);
        if (global?.kind !== 'object' || global.storage.kind !== 'static') unsupported(ctx, d.nameNode, `an extern declaration of '${d.name}', which this file does not define,`);
        ctx.scope.define({ ...global, type: d.type });
        declared = true;
        continue;
      }
      if (specs.storage === 'static') {
        const address = fn.staticAddress(d.nameNode);
        if (address === undefined) fail(ctx, d.nameNode, 'internal', `static local '${d.name}' was not placed in the image`);
        ctx.scope.define({ kind: 'object', name: d.name, type: d.type, storage: { kind: 'static', address } });
        const visible = fn.block;
        if (visible && address !== undefined) fn.statics.push({ name: d.name, type: d.type, address, visible });
        declared = true;
        if (d.value) {
          // Checked here, in its block's scope; executed once by the loader, not at this statement.
          fn.staticInits.push(checkStaticInitializer(ctx, d.name, address!, d.type, d.value));
        }
        continue;
      }
      if (specs.storage === 'thread_local') unsupported(ctx, d.nameNode, 'thread-local storage');
      // The object is in scope from the end of its declarator, so its initializer can use it
      // (`struct node *n = malloc(sizeof *n);`, C11 6.2.1p7).
      const type = d.type;
      const range = nodeRange(declarator);
      if (hasVariableSize(type)) {
        out.push(declareVla(ctx, d.name, d.nameNode, type, lengths, range));
        if (d.value) fail(ctx, d.value, 'initializer', 'variable-sized object may not be initialized');
        declared = true;
        continue;
      }
      if (lengths.length) out.push({ stmt: 'expr', range, expr: sequence(lengths) });
      const size = sizeOf(type);
      if (size === undefined) {
        if (type.kind === 'array' && type.length === undefined) fail(ctx, d.nameNode, 'type', `array size missing in '${d.name}'`);
        fail(ctx, d.nameNode, 'type', `storage size of '${d.name}' isn't known (${typeToString(type)})`);
      }
      const slot = fn.slots.length;
      fn.slots.push({ name: d.name, type, size, align: alignOf(type), isParameter: false, line: d.nameNode.startPosition.row + 1, visible: fn.block });
      const object: TExpr = { node: 'object', storage: { kind: 'local', slot }, name: d.name, type, range: nodeRange(d.nameNode) };
      ctx.scope.define({ kind: 'object', name: d.name, type, storage: { kind: 'local', slot } });
      declared = true;
      const init = d.value ? checkInitializer(ctx, type, d.value) : undefined;
      if (init) out.push({ stmt: 'init', range, object, init: init.steps });
    } catch (e) {
      if (!(e instanceof CheckAbandoned)) throw e;
      // Declared after all, so that its uses do not each add "'x' undeclared".
      if (name && !declared) ctx.scope.define({ kind: 'failed', name });
    }
  }
  return out;
}

/**
 * `int a[n];`: the lengths are evaluated, then the array's bytes are taken from the stack below
 * the frame (gcc -O0 subtracts the size rounded up to 16 from rsp) and its address kept in a
 * frame slot, through which every use of `a` goes. The block gives the bytes back when left.
 */
function declareVla(ctx: CheckContext, name: string, nameNode: SyntaxNode, type: CType, lengths: TExpr[], range: SourceRange): TStmt {
  const fn = ctx.fn!;
  const slot = fn.slots.length;
  fn.slots.push({ name, type, size: 8, align: 8, isParameter: false, holdsAddress: true, line: nameNode.startPosition.row + 1, visible: fn.block });
  ctx.scope.define({ kind: 'object', name, type, storage: { kind: 'vla', slot } });
  fn.liveVlas.push(fn.vlaCount++);
  const size = sizeExpression(type, nodeRange(nameNode))!;
  return { stmt: 'vla', range, slot, lengths, size, align: alignOf(type) };
}
