import type * as acorn from 'acorn';
import type { Interp } from './interp';
import { Scope } from './scope';
import { type Eval, JsFunction, JsObject, JsSymbol, JsThrow, type JsValue, type PropKey } from './values';
import { dataProperty, defineOwn, deleteProp, enumerableKeys, getV, ownProperty } from './objectModel';
import { toBoolean, toNumeric, toObject, toPropertyKey, toString, typeOf } from './conversions';
import { arithmetic, binary } from './operators';
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
 */
export function* evaluate(it: Interp, node: acorn.Expression | acorn.Node, scope: Scope, nameHint?: string): Eval<JsValue> {
  const n = node as acorn.Expression;
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
    case 'ObjectExpression':
      return yield* evalObjectLiteral(it, n, scope);
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
    case 'UnaryExpression':
      return yield* evalUnary(it, n, scope);
    case 'UpdateExpression': {
      const target = n.argument;
      const old = yield* toNumeric(it, yield* evaluate(it, target, scope));
      const next = arithmetic(it, n.operator === '++' ? '+' : '-', old, typeof old === 'bigint' ? 1n : 1);
      yield* assignTo(it, target, next, scope);
      return n.prefix ? next : old;
    }
    case 'BinaryExpression': {
      if (n.left.type === 'PrivateIdentifier') {
        // `#x in o`: o has the private name (its class made it).
        const name = scope.privateName(n.left.name);
        const o = yield* evaluate(it, n.right, scope);
        if (!(o instanceof JsObject)) return it.throwError('TypeError', "Cannot use 'in' operator to search for '#" + n.left.name + "' in a non-object");
        return name !== undefined && o.privates?.has(name) === true;
      }
      const a = yield* evaluate(it, n.left, scope);
      const b = yield* evaluate(it, n.right, scope);
      return yield* binary(it, n.operator, a, b);
    }
    case 'LogicalExpression': {
      const a = yield* evaluate(it, n.left, scope);
      if (n.operator === '&&') return toBoolean(a) ? yield* evaluate(it, n.right, scope) : a;
      if (n.operator === '||') return toBoolean(a) ? a : yield* evaluate(it, n.right, scope);
      return a === undefined || a === null ? yield* evaluate(it, n.right, scope) : a;
    }
    case 'ConditionalExpression':
      return toBoolean(yield* evaluate(it, n.test, scope)) ? yield* evaluate(it, n.consequent, scope, nameHint) : yield* evaluate(it, n.alternate, scope, nameHint);
    case 'AssignmentExpression':
      return yield* evalAssignment(it, n, scope);
    case 'SequenceExpression': {
      let v: JsValue;
      for (const e of n.expressions) v = yield* evaluate(it, e, scope);
      return v;
    }
    case 'MemberExpression': {
      const t = yield* evalMemberTarget(it, n, scope);
      return yield* t.get();
    }
    case 'ChainExpression':
      try {
        return yield* evaluate(it, n.expression, scope);
      } catch (e) {
        if (e instanceof ShortCircuit) return undefined;
        throw e;
      }
    case 'CallExpression':
      return yield* evalCall(it, n, scope);
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
    yield* assignTo(it, n.left, v, scope);
    return v;
  }
  // Compound and logical assignment read the target once.
  let read: () => Eval<JsValue>;
  let write: (v: JsValue) => Eval<void>;
  if (n.left.type === 'MemberExpression') {
    const t = yield* evalMemberTarget(it, n.left, scope);
    read = () => t.get();
    write = (v) => t.put(v);
  } else {
    const name = (n.left as acorn.Identifier).name;
    read = function* () {
      return readName(it, scope, name);
    };
    write = function* (v) {
      assignName(it, scope, name, v);
    };
  }
  const old = yield* read();
  if (op === '&&=' || op === '||=' || op === '??=') {
    const keep = op === '&&=' ? !toBoolean(old) : op === '||=' ? toBoolean(old) : old !== undefined && old !== null;
    if (keep) return old;
    const v = yield* evaluate(it, n.right, scope, hint);
    yield* write(v);
    return v;
  }
  const v = yield* binary(it, op.slice(0, -1), old, yield* evaluate(it, n.right, scope));
  yield* write(v);
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

function* evalCall(it: Interp, n: acorn.CallExpression, scope: Scope): Eval<JsValue> {
  if (n.callee.type === 'Super') return yield* evalSuperCall(it, n, scope);
  let f: JsValue;
  let thisValue: JsValue;
  if (n.callee.type === 'MemberExpression') {
    const t = yield* evalMemberTarget(it, n.callee, scope);
    f = yield* t.get();
    thisValue = t.thisValue;
  } else {
    f = yield* evaluate(it, n.callee, scope);
    thisValue = undefined;
  }
  if (n.optional && (f === undefined || f === null)) throw SHORT_CIRCUIT;
  if (n.callee.type === 'Identifier' && n.callee.name === 'require' && f === it.requireFunction) {
    const args = yield* evalArguments(it, n.arguments, scope);
    return requireModule(it, args[0]);
  }
  const args = yield* evalArguments(it, n.arguments, scope);
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
