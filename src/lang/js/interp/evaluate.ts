import type * as acorn from 'acorn';
import type { Interp } from './interp';
import { Scope } from './scope';
import { type Eval, JsFunction, JsObject, JsSymbol, JsThrow, type JsValue, type PropKey } from './values';
import { dataProperty, defineOwn, deleteProp, enumerableKeys, getV, ownProperty } from './objectModel';
import { toBoolean, toNumeric, toObject, toPropertyKey, toString, typeOf } from './conversions';
import { NEEDS_CONVERSION, arithmetic, binary, fastBinary } from './operators';
import { call, construct } from './calls';
import { makeClosure, methodName } from './functions';
import { evalClass } from './classes';
import { assignName, bindPattern } from './patterns';
import { SHORT_CIRCUIT, ShortCircuit, evalMemberTarget } from './references';
import { collect } from './loops';
import { evalYield } from './generators';
import { awaitValue } from './asyncFunctions';
import { evalSuperCall } from './classes';
import { makeRegExp } from '../builtins/regexp';
import { requireModule } from '../builtins/modules';
import { thrownByProgram } from './hostLimits';

type RegExpLiteral = acorn.Literal & { regex?: { pattern: string; flags: string } };

/**
 * Expressions, one evaluator per node type (named after it). `nameHint` is the name an
 * anonymous function or class gets from where it is assigned (`const f = () => {}` is named f).
 * A plain function handing back what `yield*` evaluates the node with: a node with an evaluator
 * of its own (a call, an assignment) gets that generator directly, not wrapped in a second one,
 * and a pure expression (`evalPure`) its value, already done, with no generator at all.
 */
export function evaluate(it: Interp, node: acorn.Expression | acorn.Node, scope: Scope, nameHint?: string): Eval<JsValue> {
  const n = node as acorn.Expression;
  switch (n.type) {
    case 'CallExpression':
      return evalCall(it, n, scope);
    case 'AssignmentExpression':
      return evalAssignment(it, n, scope);
    case 'ObjectExpression':
      return evalObjectLiteral(it, n, scope);
    case 'UnaryExpression':
      return evalUnary(it, n, scope);
    default: {
      const v = evalPure(it, n, scope);
      if (v !== NOT_PURE) return settled(v);
      // The common expressions that may call get small generators of their own: a generator
      // object holds its function's whole register file, and evaluateNode's is large.
      switch (n.type) {
        case 'BinaryExpression':
          return n.left.type === 'PrivateIdentifier' ? evalPrivateIn(it, n, n.left, scope) : evalBinary(it, n, scope);
        case 'LogicalExpression':
          return evalLogical(it, n, scope);
        case 'ConditionalExpression':
          return evalConditional(it, n, scope, nameHint);
        case 'MemberExpression':
          return evalMember(it, n, scope);
        default:
          return evaluateNode(it, n, scope, nameHint);
      }
    }
  }
}

/** `#x in o`: o has the private name (its class made it). */
function* evalPrivateIn(it: Interp, n: acorn.BinaryExpression, left: acorn.PrivateIdentifier, scope: Scope): Eval<JsValue> {
  const name = scope.privateName(left.name);
  const o = yield* evaluate(it, n.right, scope);
  if (!(o instanceof JsObject)) return it.throwError('TypeError', `Cannot use 'in' operator to search for '#${left.name}' in ${String(o)}`);
  return name !== undefined && o.privates?.has(name) === true;
}

function* evalBinary(it: Interp, n: acorn.BinaryExpression, scope: Scope): Eval<JsValue> {
  const a = yield* evaluate(it, n.left, scope);
  const b = yield* evaluate(it, n.right, scope);
  const fast = fastBinary(it, n.operator, a, b);
  return fast !== NEEDS_CONVERSION ? fast : yield* binary(it, n.operator, a, b);
}

function* evalLogical(it: Interp, n: acorn.LogicalExpression, scope: Scope): Eval<JsValue> {
  const a = yield* evaluate(it, n.left, scope);
  if (n.operator === '&&') return toBoolean(a) ? yield* evaluate(it, n.right, scope) : a;
  if (n.operator === '||') return toBoolean(a) ? a : yield* evaluate(it, n.right, scope);
  return a === undefined || a === null ? yield* evaluate(it, n.right, scope) : a;
}

function* evalConditional(it: Interp, n: acorn.ConditionalExpression, scope: Scope, nameHint: string | undefined): Eval<JsValue> {
  const test = yield* evaluate(it, n.test, scope);
  return yield* evaluate(it, toBoolean(test) ? n.consequent : n.alternate, scope, nameHint);
}

function* evalMember(it: Interp, n: acorn.MemberExpression, scope: Scope): Eval<JsValue> {
  const t = yield* evalMemberTarget(it, n, scope);
  return yield* t.get();
}

/**
 * An iterator already done with `value`, for `yield*` to take at once: one object reused for
 * every pure expression instead of a generator each. Safe because every caller delegates to what
 * `evaluate` returns immediately, before anything else can evaluate.
 */
function settled(value: JsValue): Eval<JsValue> {
  SETTLED_RESULT.value = value;
  return SETTLED;
}

const SETTLED_RESULT: { done: true; value: JsValue } = { done: true, value: undefined };
const SETTLED = {
  next: () => SETTLED_RESULT,
  [Symbol.iterator]() {
    return this;
  },
} as unknown as Eval<JsValue>;

/** The expressions `evaluate` has no evaluator of their own for (calls, operators and members have theirs). */
function* evaluateNode(it: Interp, n: acorn.Expression, scope: Scope, nameHint: string | undefined): Eval<JsValue> {
  switch (n.type) {
    case 'Literal':
      if ((n as RegExpLiteral).regex) return makeRegExp(it, (n as RegExpLiteral).regex!.pattern, (n as RegExpLiteral).regex!.flags);
      if (typeof n.value === 'bigint') return n.value;
      return n.value as JsValue;
    case 'Identifier':
      return readName(it, scope, n.name, n);
    case 'ThisExpression':
      return readThis(it, scope);
    case 'TemplateLiteral': {
      let s = n.quasis[0].value.cooked ?? '';
      for (let i = 0; i < n.expressions.length; i++) {
        s += yield* toString(it, yield* evaluate(it, n.expressions[i], scope));
        s += n.quasis[i + 1].value.cooked ?? '';
      }
      return s;
    }
    case 'ArrayExpression': {
      const items: JsValue[] = [];
      const holes: number[] = [];
      for (const e of n.elements) {
        if (!e) {
          holes.push(items.length);
          items.push(undefined);
        } else if (e.type === 'SpreadElement') items.push(...(yield* collect(it, yield* evaluate(it, e.argument, scope))));
        else items.push(yield* evaluate(it, e, scope));
      }
      const a = it.newArray(items);
      for (const h of holes) deleteProp(it, a, String(h));
      return a;
    }
    case 'FunctionExpression':
    case 'ArrowFunctionExpression': {
      if (n.type === 'FunctionExpression' && n.id) {
        // A named function expression sees its own name in a scope of its own.
        const own = new Scope(scope, 'block', scope.frame);
        own.vars.set(n.id.name, { value: undefined, kind: 'const', initialized: true });
        const f = makeClosure(it, n, own, n.id.name);
        own.vars.get(n.id.name)!.value = f;
        return f;
      }
      return makeClosure(it, n, scope, nameHint ?? '');
    }
    case 'ClassExpression':
      return yield* evalClass(it, n, scope, nameHint);
    case 'UpdateExpression': {
      const target = n.argument;
      if (target.type === 'Identifier') {
        // A counter: a name holding a number needs no conversion (what follows would re-read it alike).
        const current = readName(it, scope, target.name, target);
        if (typeof current === 'number') {
          const next = n.operator === '++' ? current + 1 : current - 1;
          assignName(it, scope, target.name, next);
          return n.prefix ? next : current;
        }
      }
      const old = yield* toNumeric(it, yield* evaluate(it, target, scope));
      const next = arithmetic(it, n.operator === '++' ? '+' : '-', old, typeof old === 'bigint' ? 1n : 1);
      yield* assignTo(it, target, next, scope);
      return n.prefix ? next : old;
    }
    case 'SequenceExpression': {
      let v: JsValue;
      for (const e of n.expressions) v = yield* evaluate(it, e, scope);
      return v;
    }
    case 'ChainExpression':
      try {
        return yield* evaluate(it, n.expression, scope);
      } catch (e) {
        if (e instanceof ShortCircuit) return undefined;
        throw e;
      }
    case 'NewExpression': {
      const f = yield* evaluate(it, n.callee, scope);
      const args = yield* evalArguments(it, n.arguments, scope);
      if (!(f instanceof JsFunction) || !f.constructible) return it.throwAt(n, 'TypeError', `${sourceOf(it, n.callee)} is not a constructor`);
      return yield* construct(it, f, args);
    }
    case 'YieldExpression':
      return yield* evalYield(it, n, scope);
    case 'AwaitExpression':
      return yield* awaitValue(it, yield* evaluate(it, n.argument, scope));
    case 'MetaProperty':
      if (n.meta.name === 'new' && n.property.name === 'target') return scope.methodScope()?.newTarget;
      return it.throwError('SyntaxError', `${n.meta.name}.${n.property.name} is not supported by Memory Atlas`);
    case 'TaggedTemplateExpression': {
      const f = yield* evaluate(it, n.tag, scope);
      const strings = it.newArray(n.quasi.quasis.map((q) => q.value.cooked ?? undefined));
      defineOwn(it, strings, 'raw', { value: it.newArray(n.quasi.quasis.map((q) => q.value.raw)), writable: false, enumerable: false, configurable: false });
      const values: JsValue[] = [strings];
      for (const e of n.quasi.expressions) values.push(yield* evaluate(it, e, scope));
      return yield* call(it, f, undefined, values);
    }
    default:
      return it.throwError('SyntaxError', `${n.type} is not supported by Memory Atlas`);
  }
}

/** What `evalPure` returns for an expression it does not evaluate (`evaluate` runs its generator). */
export const NOT_PURE: unique symbol = Symbol('not pure');

/**
 * The value of an expression that can run none of the program's code — a literal, a name,
 * `this`, and `!`, `-`, `?:`, `&&`, `||`, `??` and the binary operators over those when the
 * operands are numbers or strings — without making a generator (making one per node was most of
 * the evaluator's time, and of the garbage its host collects). `evaluate` tries it first. Anything
 * else is NOT_PURE, as soon as it is met: what was read before it had no effect, so evaluating the
 * whole expression by its generator gives the same value and throws the same errors, in the same order.
 */
export function evalPure(it: Interp, node: acorn.Expression | acorn.Node, scope: Scope): JsValue | typeof NOT_PURE {
  const n = node as acorn.Expression;
  switch (n.type) {
    case 'Literal':
      return (n as RegExpLiteral).regex ? NOT_PURE : (n.value as JsValue);
    case 'Identifier':
      return readName(it, scope, n.name, n);
    case 'ThisExpression':
      return readThis(it, scope);
    case 'BinaryExpression': {
      if (n.left.type === 'PrivateIdentifier') return NOT_PURE;
      const a = evalPure(it, n.left, scope);
      if (a === NOT_PURE) return NOT_PURE;
      const b = evalPure(it, n.right, scope);
      if (b === NOT_PURE) return NOT_PURE;
      const r = fastBinary(it, n.operator, a, b);
      return r === NEEDS_CONVERSION ? NOT_PURE : r;
    }
    case 'UnaryExpression': {
      if (n.operator !== '!' && n.operator !== '-') return NOT_PURE;
      const v = evalPure(it, n.argument, scope);
      if (v === NOT_PURE) return NOT_PURE;
      if (n.operator === '!') return !toBoolean(v);
      return typeof v === 'number' ? -v : NOT_PURE;
    }
    case 'ConditionalExpression': {
      const test = evalPure(it, n.test, scope);
      if (test === NOT_PURE) return NOT_PURE;
      return evalPure(it, toBoolean(test) ? n.consequent : n.alternate, scope);
    }
    case 'LogicalExpression': {
      const a = evalPure(it, n.left, scope);
      if (a === NOT_PURE) return NOT_PURE;
      const short = n.operator === '&&' ? !toBoolean(a) : n.operator === '||' ? toBoolean(a) : a !== undefined && a !== null;
      return short ? a : evalPure(it, n.right, scope);
    }
    default:
      return NOT_PURE;
  }
}

export function readName(it: Interp, scope: Scope, name: string, at?: acorn.Node): JsValue {
  const b = scope.lookup(name);
  if (b) {
    if (!b.initialized) it.throwError('ReferenceError', `Cannot access '${name}' before initialization`);
    return b.value;
  }
  const p = ownProperty(it.global, name);
  if (p) return p.value;
  if (name === 'undefined') return undefined;
  if (at) return it.throwAt(at, 'ReferenceError', `${name} is not defined`);
  return it.throwError('ReferenceError', `${name} is not defined`);
}

function readThis(it: Interp, scope: Scope): JsValue {
  const s = scope.thisScope();
  if (!s) return undefined;
  if (!s.thisBinding!.initialized) it.throwError('ReferenceError', "Must call super constructor in derived class before accessing 'this' or returning from derived constructor");
  return s.thisBinding!.value;
}

/** The source text of a node (V8 names the callee as written in "x.y is not a function"). */
export function sourceOf(it: Interp, node: acorn.Node): string {
  const l = node.loc!;
  if (l.start.line !== l.end.line) return 'expression';
  return it.lines[l.start.line - 1].slice(l.start.column, l.end.column);
}

function* evalUnary(it: Interp, n: acorn.UnaryExpression, scope: Scope): Eval<JsValue> {
  if (n.operator === 'typeof' && n.argument.type === 'Identifier' && !scope.lookup(n.argument.name) && !ownProperty(it.global, n.argument.name)) return 'undefined';
  if (n.operator === 'delete') {
    let a: acorn.Expression = n.argument;
    if (a.type === 'ChainExpression') {
      // delete o?.p: true without deleting when o is nullish.
      const member = a.expression;
      if (member.type !== 'MemberExpression') return true;
      try {
        const base = yield* evaluate(it, member.object as acorn.Expression, scope);
        if (member.optional && (base === undefined || base === null)) return true;
      } catch (e) {
        if (e instanceof ShortCircuit) return true;
        throw e;
      }
      a = member;
    }
    if (a.type !== 'MemberExpression') return true;
    const base = yield* evaluate(it, a.object as acorn.Expression, scope);
    const key: PropKey = a.computed ? yield* toPropertyKey(it, yield* evaluate(it, a.property as acorn.Expression, scope)) : (a.property as acorn.Identifier).name;
    const o = toObject(it, base);
    const ok = deleteProp(it, o, key);
    return ok;
  }
  const v = yield* evaluate(it, n.argument, scope);
  switch (n.operator) {
    case 'typeof': return typeOf(v);
    case '!': return !toBoolean(v);
    case 'void': return undefined;
    case '-': {
      const x = yield* toNumeric(it, v);
      return -x;
    }
    case '+': {
      const x = yield* toNumeric(it, v);
      if (typeof x === 'bigint') return it.throwError('TypeError', 'Cannot convert a BigInt value to a number');
      return x;
    }
    case '~': {
      const x = yield* toNumeric(it, v);
      return typeof x === 'bigint' ? ~x : ~x;
    }
  }
  return it.throwError('SyntaxError', `the operator ${n.operator} is not supported by Memory Atlas`);
}

/** Stores into an assignment target: a name, a member, or a destructuring pattern. */
export function* assignTo(it: Interp, target: acorn.Node, value: JsValue, scope: Scope): Eval<void> {
  if (target.type === 'Identifier') {
    assignName(it, scope, (target as acorn.Identifier).name, value);
    return;
  }
  if (target.type === 'MemberExpression') {
    const t = yield* evalMemberTarget(it, target as acorn.MemberExpression, scope);
    yield* t.put(value);
    return;
  }
  yield* bindPattern(it, target as acorn.Pattern, value, scope, 'assign');
}

function* evalAssignment(it: Interp, n: acorn.AssignmentExpression, scope: Scope): Eval<JsValue> {
  const op = n.operator;
  const hint = n.left.type === 'Identifier' ? n.left.name : undefined;
  if (op === '=') {
    if (n.left.type === 'MemberExpression') {
      const t = yield* evalMemberTarget(it, n.left, scope);
      const v = yield* evaluate(it, n.right, scope);
      yield* t.put(v);
      return v;
    }
    const v = yield* evaluate(it, n.right, scope, hint);
    if (n.left.type === 'Identifier') assignName(it, scope, n.left.name, v);
    else yield* assignTo(it, n.left, v, scope);
    return v;
  }
  // Compound and logical assignment read the target once.
  const member = n.left.type === 'MemberExpression' ? yield* evalMemberTarget(it, n.left, scope) : undefined;
  const name = (n.left as acorn.Identifier).name;
  const old = member !== undefined ? yield* member.get() : readName(it, scope, name);
  let v: JsValue;
  if (op === '&&=' || op === '||=' || op === '??=') {
    const keep = op === '&&=' ? !toBoolean(old) : op === '||=' ? toBoolean(old) : old !== undefined && old !== null;
    if (keep) return old;
    v = yield* evaluate(it, n.right, scope, hint);
  } else {
    const right = yield* evaluate(it, n.right, scope);
    const fast = fastBinary(it, op.slice(0, -1), old, right);
    v = fast !== NEEDS_CONVERSION ? fast : yield* binary(it, op.slice(0, -1), old, right);
  }
  if (member !== undefined) yield* member.put(v);
  else assignName(it, scope, name, v);
  return v;
}

export function* evalArguments(it: Interp, args: readonly (acorn.Expression | acorn.SpreadElement)[], scope: Scope): Eval<JsValue[]> {
  const out: JsValue[] = [];
  for (const a of args) {
    if (a.type === 'SpreadElement') out.push(...(yield* collect(it, yield* evaluate(it, a.argument, scope))));
    else out.push(yield* evaluate(it, a, scope));
  }
  return out;
}

/** The arguments' values when every one is pure (no generator made), else undefined. */
function pureArguments(it: Interp, args: readonly (acorn.Expression | acorn.SpreadElement)[], scope: Scope): JsValue[] | undefined {
  // Made at its final size: pushing into [] makes room for 17 values, a call's garbage.
  const out: JsValue[] = new Array<JsValue>(args.length);
  for (let i = 0; i < args.length; i++) {
    const v = evalPure(it, args[i], scope);
    if (v === NOT_PURE) return undefined;
    out[i] = v;
  }
  return out;
}

function* evalCall(it: Interp, n: acorn.CallExpression, scope: Scope): Eval<JsValue> {
  if (n.callee.type === 'Super') return yield* evalSuperCall(it, n, scope);
  let f: JsValue;
  let thisValue: JsValue;
  if (n.callee.type === 'MemberExpression') {
    const t = yield* evalMemberTarget(it, n.callee, scope);
    f = yield* t.get();
    thisValue = t.thisValue;
  } else {
    // A function called by its name (the most frequent callee) is read without the iterator protocol.
    f = n.callee.type === 'Identifier' ? readName(it, scope, n.callee.name, n.callee) : yield* evaluate(it, n.callee, scope);
    thisValue = undefined;
  }
  if (n.optional && (f === undefined || f === null)) throw SHORT_CIRCUIT;
  if (n.callee.type === 'Identifier' && n.callee.name === 'require' && f === it.requireFunction) {
    const args = yield* evalArguments(it, n.arguments, scope);
    return requireModule(it, args[0]);
  }
  const args = pureArguments(it, n.arguments, scope) ?? (yield* evalArguments(it, n.arguments, scope));
  if (!(f instanceof JsFunction)) return it.throwAt(n.callee.type === 'MemberExpression' ? n.callee.property : n.callee, 'TypeError', `${sourceOf(it, n.callee)} is not a function`);
  try {
    return yield* call(it, f, thisValue, args);
  } catch (e) {
    // The host's own stack ran out (a deep recursion of generators), or another of V8's limits: the program's RangeError.
    throw thrownByProgram(it, e) ?? e;
  }
}

function* evalObjectLiteral(it: Interp, n: acorn.ObjectExpression, scope: Scope): Eval<JsObject> {
  const o = it.newObject();
  for (const p of n.properties) {
    if (p.type === 'SpreadElement') {
      const source = yield* evaluate(it, p.argument, scope);
      if (source === undefined || source === null) continue;
      const from = toObject(it, source);
      if (typeof source === 'string') {
        for (let i = 0; i < source.length; i++) defineOwn(it, o, String(i), dataProperty(source[i]));
        continue;
      }
      for (const k of enumerableKeys(from)) defineOwn(it, o, k, dataProperty(yield* getV(it, from, k)));
      for (const [k, prop] of from.props) if (k instanceof JsSymbol && prop.enumerable) defineOwn(it, o, k, dataProperty(prop.value));
      continue;
    }
    const key: PropKey = p.computed ? yield* toPropertyKey(it, yield* evaluate(it, p.key as acorn.Expression, scope)) : p.key.type === 'Identifier' ? p.key.name : String((p.key as acorn.Literal).value);
    if (!p.computed && key === '__proto__' && p.kind === 'init' && !p.method && !p.shorthand) {
      const proto = yield* evaluate(it, p.value as acorn.Expression, scope);
      if (proto instanceof JsObject || proto === null) o.proto = proto;
      continue;
    }
    if (p.kind === 'get' || p.kind === 'set') {
      const f = makeClosure(it, p.value as acorn.FunctionExpression, scope, methodName(key, p.kind), o);
      const existing = o.props.get(key);
      defineOwn(it, o, key, { value: undefined, get: p.kind === 'get' ? f : existing?.get, set: p.kind === 'set' ? f : existing?.set, writable: false, enumerable: true, configurable: true });
      continue;
    }
    if (p.method) {
      defineOwn(it, o, key, dataProperty(makeClosure(it, p.value as acorn.FunctionExpression, scope, methodName(key, 'method'), o)));
      continue;
    }
    const v = yield* evaluate(it, p.value as acorn.Expression, scope, typeof key === 'string' ? key : `[${key.description ?? ''}]`);
    defineOwn(it, o, key, dataProperty(v));
  }
  it.heap.literal(o, o.props.size);
  return o;
}
