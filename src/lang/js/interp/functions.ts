import type * as acorn from 'acorn';
import type { Interp } from './interp';
import type { Frame } from './frames';
import { Scope } from './scope';
import { type Eval, type FunctionNode, GeneratorReturn, JsArray, JsFunction, JsObject, type JsValue, type PropKey, PrivateName } from './values';
import { dataProperty, defineOwn, getProp } from './objectModel';
import { bindName, bindPattern } from './patterns';
import { declareBlock, enterScope, evalStatement, leaveScope } from './statements';
import { evaluate } from './evaluate';
import { blockDeclarations, hasUseStrict, patternNames, usesArguments, varNames } from './analysis';
import { startAsync } from './asyncFunctions';
import { makeGenerator } from './generators';
import { initializeFields } from './classes';

/**
 * Functions: making a closure (it keeps its scope, whose captured variables are in a heap
 * context), and running one — a frame, the parameters bound, `var` and function declarations
 * hoisted, the body run; generators and async functions hand their body to their own drivers.
 */

export function makeClosure(it: Interp, node: FunctionNode, scope: Scope, name: string, homeObject?: JsObject): JsFunction {
  const isArrow = node.type === 'ArrowFunctionExpression';
  const proto = node.generator ? it.intrinsics.protos.get('GeneratorFunction')! : node.async ? it.intrinsics.protos.get('AsyncFunction')! : it.intrinsics.functionProto;
  const f = new JsFunction(proto);
  f.node = node;
  f.scope = scope;
  f.lexicalThis = isArrow;
  f.name = name;
  f.homeObject = homeObject;
  f.line = node.loc!.start.line;
  f.constructible = !isArrow && !node.generator && !node.async && !homeObject;
  it.heap.made(f, 'function', name ? `${name}` : '(anonymous)', f.line);
  it.hold(f);
  // A closure keeps the context of its scope (and through it the outer ones).
  const context = scope.nearestContext();
  if (context) it.heap.write(f, undefined, context);
  defineOwn(it, f, 'length', { value: expectedArguments(node.params), writable: false, enumerable: false, configurable: true });
  defineOwn(it, f, 'name', { value: name, writable: false, enumerable: false, configurable: true });
  if (f.constructible || node.generator) {
    const prototype = node.generator ? it.newObject(it.intrinsics.generatorProto) : it.newObject();
    if (!node.generator) defineOwn(it, prototype, 'constructor', { value: f, writable: true, enumerable: false, configurable: true });
    defineOwn(it, f, 'prototype', { value: prototype, writable: true, enumerable: false, configurable: false });
  }
  return f;
}

/** Function.length: the parameters before the first default or rest. */
function expectedArguments(params: readonly acorn.Pattern[]): number {
  let n = 0;
  for (const p of params) {
    if (p.type === 'AssignmentPattern' || p.type === 'RestElement') break;
    n++;
  }
  return n;
}

export function isStrictFunction(f: JsFunction): boolean {
  if (f.classConstructor || f.homeObject) return true;
  const body = f.node!.body;
  return body.type === 'BlockStatement' && hasUseStrict(body.body);
}

/** `this` of a function's frame, from its scope (a method of every such frame, not a closure per call). */
function frameThis(this: Frame): JsValue {
  return this.scope.thisScope()?.thisBinding?.value;
}

/** A frame and its function scope (`frame.scope`) for a call of `f` (its parameters not bound yet). */
function openFrame(it: Interp, f: JsFunction, thisValue: JsValue, newTarget: JsObject | undefined): Frame {
  if (it.frames.length >= it.maxDepth) it.throwError('RangeError', 'Maximum call stack size exceeded');
  const node = f.node!;
  const frame: Frame = { name: f.name || '(anonymous)', fn: f, scope: undefined as unknown as Scope, current: undefined as unknown as Scope, statement: undefined, thisValue: frameThis, temps: [] };
  const scope = new Scope(f.scope, 'function', frame);
  (frame as { scope: Scope }).scope = scope;
  frame.current = scope;
  scope.fn = f;
  if (!f.lexicalThis) {
    const derivedConstructor = newTarget !== undefined && f.classInfo?.derived === true;
    let self = thisValue;
    if (!derivedConstructor && (self === undefined || self === null) && !it.strict && !isStrictFunction(f)) self = it.global;
    scope.thisBinding = { value: derivedConstructor ? undefined : self, initialized: !derivedConstructor };
    scope.newTarget = newTarget;
  }
  enterScope(it, scope, node, frameNames(node));
  return frame;
}

const frameNamesCache = new WeakMap<FunctionNode, readonly string[]>();

/** Every name a call's function scope declares: parameters, `var`s and the body's own declarations (found once per function). */
function frameNames(node: FunctionNode): readonly string[] {
  let names = frameNamesCache.get(node);
  if (names === undefined) {
    names = [...paramNames(node), ...varNames(node.body), ...bodyDeclarations(node)];
    frameNamesCache.set(node, names);
  }
  return names;
}

/** The let/const/class and function declarations of a function's body: they share its scope (and its context, when captured). */
function bodyDeclarations(node: FunctionNode): string[] {
  if (node.body.type !== 'BlockStatement') return [];
  const d = blockDeclarations(node.body, node.body.body);
  return [...d.lexical.map((l) => l.name), ...d.functions.map((f) => f.id.name)];
}

function paramNames(node: FunctionNode): string[] {
  const out: string[] = [];
  for (const p of node.params) patternNames(p, out);
  return out;
}

/**
 * Parameters, `arguments`, hoisted `var`s and the body's own declarations. Parameters that are
 * plain names (most functions have only those) are bound here, without a generator; from the
 * first pattern on, the generator returned does the rest (undefined: nothing is left to do).
 */
function instantiate(it: Interp, f: JsFunction, scope: Scope, args: readonly JsValue[]): Eval<void> | undefined {
  const node = f.node!;
  if (usesArguments(node)) {
    const a = new JsArray(it.intrinsics.objectProto);
    a.cls = 'Arguments';
    a.items = [...args];
    it.heap.made(a, 'object', 'Arguments', it.line());
    for (const v of args) it.heap.writeElement(a, undefined, v);
    declareVar(it, scope, 'arguments', a);
  }
  const params = node.params;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p.type !== 'Identifier') return bindPatternParameters(it, node, scope, args, i);
    bindName(it, p.name, args[i], scope, 'param');
  }
  declareHoisted(it, node, scope);
  return undefined;
}

/** `instantiate` from the parameter at `from` (the first that is a pattern, a default or a rest) on. */
function* bindPatternParameters(it: Interp, node: FunctionNode, scope: Scope, args: readonly JsValue[], from: number): Eval<void> {
  for (let i = from; i < node.params.length; i++) {
    const p = node.params[i];
    if (p.type === 'RestElement') {
      yield* bindPattern(it, p.argument, it.newArray(args.slice(i)), scope, 'param');
      break;
    }
    yield* bindPattern(it, p, args[i], scope, 'param');
  }
  declareHoisted(it, node, scope);
}

/** The body's `var`s (undefined until assigned) and its block declarations (functions made now). */
function declareHoisted(it: Interp, node: FunctionNode, scope: Scope): void {
  for (const name of varNames(node.body)) if (!scope.vars.has(name)) declareVar(it, scope, name, undefined);
  if (node.body.type === 'BlockStatement') declareBlock(it, node.body, node.body.body, scope);
}

function declareVar(it: Interp, scope: Scope, name: string, value: JsValue): void {
  scope.vars.set(name, { value: undefined, kind: 'var', initialized: true });
  if (value !== undefined) storeBinding(it, scope, name, value);
}

/** A variable's new value, told to the heap: into its context when captured, else a root slot. */
export function storeBinding(it: Interp, scope: Scope, name: string, value: JsValue): void {
  const b = scope.vars.get(name)!;
  const previous = b.value;
  b.value = value;
  if (scope.context && scope.captured?.has(name)) it.heap.write(scope.context, previous, value);
  else it.heap.writeRoot(previous, value);
}

/** Runs a non-generator, non-async body to its completion value. */
function* runBody(it: Interp, node: FunctionNode, scope: Scope): Eval<JsValue> {
  if (node.body.type !== 'BlockStatement') {
    if (it.beginStatement(node.body)) yield* it.pauseAtStatement(node.body);
    return yield* evaluate(it, node.body, scope);
  }
  const statements = node.body.body;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (statement.type === 'ReturnStatement') {
      // A return at the body's top level (most functions end so) ends the call here: evalStatement's
      // own case, without its generator and completion record.
      if (it.beginStatement(statement)) yield* it.pauseAtStatement(statement);
      return statement.argument ? yield* evaluate(it, statement.argument, scope) : undefined;
    }
    const c = yield* evalStatement(it, statement as acorn.Statement, scope, undefined);
    if (c !== undefined) return c.type === 'return' ? c.value : undefined;
  }
  return undefined;
}

/**
 * A call of the program's own function (`call`'s, which hands back this generator itself: no
 * generator of its own per call). The result is held in the caller's frame, as `call` holds a
 * built-in's.
 */
export function* callUserFunction(it: Interp, f: JsFunction, thisValue: JsValue, args: readonly JsValue[], newTarget: JsObject | undefined): Eval<JsValue> {
  const node = f.node!;
  const frame = openFrame(it, f, thisValue, newTarget);
  const scope = frame.scope;
  it.frames.push(frame);
  it.onEnter?.(f.name, it.frames.length);
  let suspended = false;
  let result: JsValue;
  try {
    const rest = instantiate(it, f, scope, args);
    if (rest !== undefined) yield* rest;
    if (newTarget && f.classInfo && !f.classInfo.derived) yield* initializeFields(it, scope.thisBinding!.value as JsObject, f);
    if (node.generator) {
      suspended = true;
      result = makeGenerator(it, f, frame, runBody(it, node, scope));
    } else if (node.async) {
      suspended = true;
      result = yield* startAsync(it, frame, runBody(it, node, scope));
    } else {
      result = yield* runBody(it, node, scope);
      // The caller's statement holds the result before this frame's roots go (a refcount would drop to zero).
      it.frames.pop();
      it.hold(result);
      it.frames.push(frame);
    }
  } finally {
    // A generator's or async function's frame lives on with its body; it is closed when that ends.
    it.frames.pop();
    if (!suspended) closeFrame(it, frame);
  }
  it.hold(result);
  return result;
}

/** The frame's variables are no longer roots once the call is over. */
export function closeFrame(it: Interp, frame: Frame): void {
  it.dropTemps(frame);
  leaveScope(it, frame.scope);
}

export function* constructUser(it: Interp, f: JsFunction, args: readonly JsValue[], newTarget: JsObject): Eval<JsObject> {
  let self: JsObject | undefined;
  if (!f.classInfo?.derived) {
    const protoValue = yield* getProp(it, newTarget, 'prototype');
    const proto = protoValue instanceof JsObject ? protoValue : it.intrinsics.objectProto;
    self = it.newObject(proto, 'Object', (newTarget as JsFunction).name || 'Object');
  }
  const frame = openFrame(it, f, self, newTarget);
  const scope = frame.scope;
  it.frames.push(frame);
  it.onEnter?.(f.name, it.frames.length);
  try {
    const rest = instantiate(it, f, scope, args);
    if (rest !== undefined) yield* rest;
    if (self && f.classInfo) yield* initializeFields(it, self, f);
    const r = yield* runBody(it, f.node!, scope);
    if (r instanceof JsObject) {
      it.hold(r);
      return r;
    }
    const t = scope.thisBinding!;
    if (!t.initialized) it.throwError('ReferenceError', "Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
    const made = t.value as JsObject;
    // Held by the caller's statement: this frame's roots go when it closes.
    it.frames.pop();
    it.hold(made);
    it.frames.push(frame);
    if (made === self) it.heap.constructed(made, newTarget);
    return made;
  } finally {
    it.frames.pop();
    closeFrame(it, frame);
  }
}

/** A method or accessor on an object literal or class: its name, as Function.name gives it. */
export function methodName(key: PropKey | PrivateName, kind: 'get' | 'set' | 'method' | string): string {
  const base = key instanceof PrivateName ? `#${key.description}` : typeof key === 'string' ? key : `[${key.description ?? ''}]`;
  return kind === 'get' ? `get ${base}` : kind === 'set' ? `set ${base}` : base;
}

export { GeneratorReturn, dataProperty };
