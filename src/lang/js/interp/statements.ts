import type * as acorn from 'acorn';
import type { Interp } from './interp';
import { Scope } from './scope';
import { type Eval, GeneratorReturn, JsObject, JsThrow, type JsValue } from './values';
import { blockDeclarations, namesClosuresUse, patternNames } from './analysis';
import { evaluate } from './evaluate';
import { bindName, bindPattern } from './patterns';
import { makeClosure, storeBinding } from './functions';
import { evalClass } from './classes';
import { looseEqualsStrict, forInKeys, iterate } from './loops';
import { iterateAwait } from './asyncIteration';
import { toBoolean } from './conversions';
import { thrownByProgram } from './hostLimits';

/**
 * Statements, each run as a step: the interpreter's `beginStatement` comes first (the collector's
 * safepoint, the driver's chance to pause), then the statement. A loop's test and update are
 * steps of their own, as a debugger stops on each.
 */

/** How a statement ended when not normally: break, continue (with its label) or return. */
export type Completion = undefined | { readonly type: 'break' | 'continue'; readonly label?: string } | { readonly type: 'return'; readonly value: JsValue };

/** Opens a scope declaring `names`: those some closure made inside `owner` refers to go in a heap context. */
export function enterScope(it: Interp, scope: Scope, owner: acorn.Node, names: readonly string[]): void {
  if (names.length === 0) return;
  const used = namesClosuresUse(owner);
  const captured = names.filter((n) => used.has(n));
  if (captured.length === 0) return;
  scope.captured = new Set(captured);
  const context = new JsObject(null, 'Object');
  context.contextOf = scope;
  it.heap.made(context, 'context', 'system / Context', owner.loc?.start.line);
  scope.context = context;
  it.heap.writeRoot(undefined, context);
  const outer = scope.parent?.nearestContext();
  if (outer) it.heap.write(context, undefined, outer);
}

/** The scope's variables stop being roots (a block or a call is over). */
export function leaveScope(it: Interp, scope: Scope): void {
  if (scope.context === undefined) {
    // No variable is captured (most calls): the values alone, without an entry array per variable.
    for (const b of scope.vars.values()) if (b.value instanceof JsObject) it.heap.writeRoot(b.value, undefined);
    return;
  }
  for (const [name, b] of scope.vars) {
    if (b.value instanceof JsObject && !scope.captured?.has(name)) it.heap.writeRoot(b.value, undefined);
  }
  it.heap.writeRoot(scope.context, undefined);
}

/** Hoisting in a statement list: functions made at once, let/const/class declared but uninitialised (the TDZ). */
export function declareBlock(it: Interp, owner: acorn.Node, statements: readonly acorn.Node[], scope: Scope): void {
  const d = blockDeclarations(owner, statements);
  if (scope.kind !== 'function' && scope.kind !== 'global') enterScope(it, scope, owner, [...d.lexical.map((l) => l.name), ...d.functions.map((f) => f.id.name)]);
  else if (scope.kind === 'global') enterScope(it, scope, owner, [...d.lexical.map((l) => l.name), ...d.functions.map((f) => f.id.name), ...scope.vars.keys()]);
  for (const l of d.lexical) scope.vars.set(l.name, { value: undefined, kind: l.kind, initialized: false });
  for (const f of d.functions) {
    if (!scope.vars.has(f.id.name)) scope.vars.set(f.id.name, { value: undefined, kind: 'function', initialized: true });
    storeBinding(it, scope, f.id.name, makeClosure(it, f, scope, f.id.name));
  }
}

/** Does the block need a scope of its own (it declares something)? */
function needsScope(owner: acorn.Node, statements: readonly acorn.Node[]): boolean {
  const d = blockDeclarations(owner, statements);
  return d.lexical.length > 0 || d.functions.length > 0;
}

export function* evalStatements(it: Interp, statements: readonly acorn.Node[], scope: Scope): Eval<Completion> {
  for (const s of statements) {
    const c = yield* evalStatement(it, s as acorn.Statement, scope, undefined);
    if (c) return c;
  }
  return undefined;
}

function* evalBlock(it: Interp, node: acorn.BlockStatement | acorn.StaticBlock, scope: Scope): Eval<Completion> {
  if (!needsScope(node, node.body)) return yield* evalStatements(it, node.body, scope);
  const inner = new Scope(scope, 'block', scope.frame);
  declareBlock(it, node, node.body, inner);
  const frame = it.topFrame;
  const outer = frame?.current;
  if (frame) frame.current = inner;
  try {
    return yield* evalStatements(it, node.body, inner);
  } finally {
    if (frame && outer) frame.current = outer;
    leaveScope(it, inner);
  }
}

function loopContinues(c: Completion, labels: readonly string[] | undefined): 'next' | 'exit' | 'propagate' {
  if (!c) return 'next';
  if (c.type === 'return') return 'propagate';
  if (c.label !== undefined && !labels?.includes(c.label)) return 'propagate';
  return c.type === 'continue' ? 'next' : 'exit';
}

export function* evalStatement(it: Interp, node: acorn.Statement, scope: Scope, labels: string[] | undefined): Eval<Completion> {
  switch (node.type) {
    case 'ExpressionStatement':
      if (it.beginStatement(node)) yield* it.pauseAtStatement(node);
      yield* evaluate(it, node.expression, scope);
      return undefined;
    case 'VariableDeclaration':
      if (it.beginStatement(node)) yield* it.pauseAtStatement(node);
      yield* evalDeclaration(it, node, scope);
      return undefined;
    case 'FunctionDeclaration':
    case 'EmptyStatement':
      return undefined;
    case 'ClassDeclaration': {
      if (it.beginStatement(node)) yield* it.pauseAtStatement(node);
      const c = yield* evalClass(it, node, scope);
      initialize(it, scope, node.id!.name, c);
      return undefined;
    }
    case 'ReturnStatement': {
      if (it.beginStatement(node)) yield* it.pauseAtStatement(node);
      const value = node.argument ? yield* evaluate(it, node.argument, scope) : undefined;
      return { type: 'return', value };
    }
    case 'IfStatement': {
      if (it.beginStatement(node)) yield* it.pauseAtStatement(node);
      const test = toBoolean(yield* evaluate(it, node.test, scope));
      if (test) return yield* evalStatement(it, node.consequent, scope, undefined);
      return node.alternate ? yield* evalStatement(it, node.alternate, scope, undefined) : undefined;
    }
    case 'BlockStatement':
      return yield* evalBlock(it, node, scope);
    case 'ThrowStatement': {
      if (it.beginStatement(node)) yield* it.pauseAtStatement(node);
      const value = yield* evaluate(it, node.argument, scope);
      throw new JsThrow(value, node.loc!.start.line, node.loc!.start.column + 1);
    }
    case 'TryStatement':
      return yield* evalTry(it, node, scope);
    case 'BreakStatement':
      if (it.beginStatement(node)) yield* it.pauseAtStatement(node);
      return { type: 'break', label: node.label?.name };
    case 'ContinueStatement':
      if (it.beginStatement(node)) yield* it.pauseAtStatement(node);
      return { type: 'continue', label: node.label?.name };
    case 'LabeledStatement': {
      const all = [...(labels ?? []), node.label.name];
      const c = yield* evalStatement(it, node.body, scope, all);
      if (c && c.type === 'break' && c.label === node.label.name) return undefined;
      return c;
    }
    case 'WhileStatement':
      for (;;) {
        if (it.beginStatement(node.test)) yield* it.pauseAtStatement(node.test);
        const test = toBoolean(yield* evaluate(it, node.test, scope));
        if (!test) return undefined;
        const c = yield* evalStatement(it, node.body, scope, undefined);
        const next = loopContinues(c, labels);
        if (next === 'exit') return undefined;
        if (next === 'propagate') return c;
      }
    case 'DoWhileStatement':
      for (;;) {
        const c = yield* evalStatement(it, node.body, scope, undefined);
        const next = loopContinues(c, labels);
        if (next === 'exit') return undefined;
        if (next === 'propagate') return c;
        if (it.beginStatement(node.test)) yield* it.pauseAtStatement(node.test);
        const test = toBoolean(yield* evaluate(it, node.test, scope));
        if (!test) return undefined;
      }
    case 'ForStatement':
      return yield* evalFor(it, node, scope, labels);
    case 'ForOfStatement':
    case 'ForInStatement':
      return yield* evalForInOf(it, node, scope, labels);
    case 'SwitchStatement':
      return yield* evalSwitch(it, node, scope, labels);
    case 'DebuggerStatement':
      if (it.beginStatement(node)) yield* it.pauseAtStatement(node);
      return undefined;
    default:
      return it.throwError('SyntaxError', `${node.type} is not supported by Memory Atlas`);
  }
}

function initialize(it: Interp, scope: Scope, name: string, value: JsValue): void {
  const owner = scope.owner(name)!;
  storeBinding(it, owner, name, value);
  owner.vars.get(name)!.initialized = true;
}

export function* evalDeclaration(it: Interp, node: acorn.VariableDeclaration, scope: Scope): Eval<void> {
  for (const d of node.declarations) {
    if (!d.init) {
      if (node.kind !== 'var') yield* bindPattern(it, d.id, undefined, scope, 'init');
      continue;
    }
    const name = d.id.type === 'Identifier' ? d.id.name : '';
    const value = yield* evaluate(it, d.init, scope, name);
    const mode = node.kind === 'var' ? 'assign' : 'init';
    if (d.id.type === 'Identifier') bindName(it, d.id.name, value, scope, mode);
    else yield* bindPattern(it, d.id, value, scope, mode);
  }
}

function* evalTry(it: Interp, node: acorn.TryStatement, scope: Scope): Eval<Completion> {
  let completion: Completion;
  let pending: unknown;
  let failed = false;
  try {
    completion = yield* evalBlock(it, node.block, scope);
  } catch (e) {
    const thrown = thrownByProgram(it, e);
    if (thrown && node.handler) {
      try {
        completion = yield* evalCatch(it, node.handler, thrown.value, scope);
      } catch (e2) {
        pending = e2;
        failed = true;
      }
    } else {
      pending = thrown ?? e;
      failed = true;
    }
  }
  if (node.finalizer && !(pending instanceof Error)) {
    const f = yield* evalBlock(it, node.finalizer, scope);
    // A `finally` that breaks, continues or returns overrides what the try did (even a throw).
    if (f) return f;
  }
  if (failed) throw pending;
  return completion;
}

function* evalCatch(it: Interp, handler: acorn.CatchClause, value: JsValue, scope: Scope): Eval<Completion> {
  const inner = new Scope(scope, 'catch', scope.frame);
  if (handler.param) {
    const names: string[] = [];
    patternNames(handler.param, names);
    enterScope(it, inner, handler, names);
    for (const n of names) inner.vars.set(n, { value: undefined, kind: 'catch', initialized: false });
    yield* bindPattern(it, handler.param, value, inner, 'init');
  }
  const frame = it.topFrame;
  const outer = frame?.current;
  if (frame) frame.current = inner;
  try {
    return yield* evalBlock(it, handler.body, inner);
  } finally {
    if (frame && outer) frame.current = outer;
    leaveScope(it, inner);
  }
}

/** The names a `let`/`const` loop head declares (each iteration gets fresh copies: closures see their own). */
function loopNames(init: acorn.Node | null | undefined): string[] {
  const out: string[] = [];
  if (init?.type === 'VariableDeclaration' && (init as acorn.VariableDeclaration).kind !== 'var') {
    for (const d of (init as acorn.VariableDeclaration).declarations) patternNames(d.id, out);
  }
  return out;
}

/** Some closure inside `node` refers to one of `names`. */
function capturesAny(node: acorn.Node, names: readonly string[]): boolean {
  const used = namesClosuresUse(node);
  return names.some((n) => used.has(n));
}

/** A new scope for one iteration, with the loop variables' current values copied. */
function iterationScope(it: Interp, node: acorn.Node, scope: Scope, names: readonly string[], from: Scope | undefined): Scope {
  const s = new Scope(scope, 'for', scope.frame);
  enterScope(it, s, node, names);
  for (const n of names) {
    const b = from?.vars.get(n);
    s.vars.set(n, { value: undefined, kind: b?.kind ?? 'let', initialized: b?.initialized ?? false });
    if (b?.initialized) storeBinding(it, s, n, b.value);
  }
  return s;
}

function* evalFor(it: Interp, node: acorn.ForStatement, scope: Scope, labels: string[] | undefined): Eval<Completion> {
  const names = loopNames(node.init);
  // Each iteration gets its own copy of the `let` variables only where a closure made in the loop
  // can tell (it keeps one iteration's binding); otherwise the copies are unobservable.
  const copies = names.length > 0 && capturesAny(node, names);
  let s = names.length ? iterationScope(it, node, scope, names, undefined) : scope;
  const frame = it.topFrame;
  const outer = frame?.current;
  try {
    if (frame) frame.current = s;
    if (node.init) {
      if (it.beginStatement(node.init)) yield* it.pauseAtStatement(node.init);
      if (node.init.type === 'VariableDeclaration') yield* evalDeclaration(it, node.init, s);
      else yield* evaluate(it, node.init, s);
    }
    for (;;) {
      if (copies) {
        const next = iterationScope(it, node, scope, names, s);
        leaveScope(it, s);
        s = next;
        if (frame) frame.current = s;
      }
      if (node.test) {
        if (it.beginStatement(node.test)) yield* it.pauseAtStatement(node.test);
        const test = toBoolean(yield* evaluate(it, node.test, s));
        if (!test) return undefined;
      }
      const c = yield* evalStatement(it, node.body, s, undefined);
      const next = loopContinues(c, labels);
      if (next === 'exit') return undefined;
      if (next === 'propagate') return c;
      if (node.update) {
        if (copies) {
          const copy = iterationScope(it, node, scope, names, s);
          leaveScope(it, s);
          s = copy;
          if (frame) frame.current = s;
        }
        if (it.beginStatement(node.update)) yield* it.pauseAtStatement(node.update);
        yield* evaluate(it, node.update, s);
      }
    }
  } finally {
    if (frame && outer) frame.current = outer;
    if (s !== scope) leaveScope(it, s);
  }
}

function* evalForInOf(it: Interp, node: acorn.ForOfStatement | acorn.ForInStatement, scope: Scope, labels: string[] | undefined): Eval<Completion> {
  const names = loopNames(node.left);
  if (it.beginStatement(node.right)) yield* it.pauseAtStatement(node.right);
  const subject = yield* evaluate(it, node.right, scope);
  const frame = it.topFrame;
  const outer = frame?.current;
  let result: Completion;
  const body = function* (value: JsValue): Eval<boolean> {
    if (it.beginStatement(node.left)) yield* it.pauseAtStatement(node.left);
    const s = names.length ? iterationScope(it, node, scope, names, undefined) : scope;
    if (frame) frame.current = s;
    try {
      const left = node.left;
      if (left.type === 'VariableDeclaration') yield* bindPattern(it, left.declarations[0].id, value, s, left.kind === 'var' ? 'assign' : 'init');
      else yield* bindPattern(it, left as acorn.Pattern, value, s, 'assign');
      const c = yield* evalStatement(it, node.body, s, undefined);
      const next = loopContinues(c, labels);
      if (next === 'propagate') result = c;
      return next === 'next';
    } finally {
      if (frame && outer) frame.current = outer;
      if (s !== scope) leaveScope(it, s);
    }
  };
  if (node.type === 'ForInStatement') {
    for (const key of yield* forInKeys(it, subject)) if (!(yield* body(key))) break;
  } else if (node.await) {
    yield* iterateAwait(it, subject, body);
  } else {
    yield* iterate(it, subject, body);
  }
  return result;
}

function* evalSwitch(it: Interp, node: acorn.SwitchStatement, scope: Scope, labels: string[] | undefined): Eval<Completion> {
  if (it.beginStatement(node.discriminant)) yield* it.pauseAtStatement(node.discriminant);
  const value = yield* evaluate(it, node.discriminant, scope);
  const inner = new Scope(scope, 'block', scope.frame);
  const all = node.cases.flatMap((c) => c.consequent);
  declareBlock(it, node, all, inner);
  let matched = -1;
  for (let i = 0; i < node.cases.length && matched < 0; i++) {
    const test = node.cases[i].test;
    if (test && looseEqualsStrict(value, yield* evaluate(it, test, inner))) matched = i;
  }
  if (matched < 0) matched = node.cases.findIndex((c) => !c.test);
  try {
    if (matched < 0) return undefined;
    for (let i = matched; i < node.cases.length; i++) {
      const c = yield* evalStatements(it, node.cases[i].consequent, inner);
      if (!c) continue;
      if (c.type === 'break' && (c.label === undefined || labels?.includes(c.label))) return undefined;
      return c;
    }
    return undefined;
  } finally {
    leaveScope(it, inner);
  }
}

export { GeneratorReturn };
