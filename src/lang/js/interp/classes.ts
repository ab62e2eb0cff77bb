import type * as acorn from 'acorn';
import type { Interp } from './interp';
import { Scope } from './scope';
import { type ClassInfo, type Eval, type FieldRecord, JsFunction, JsObject, type JsValue, type PropKey, PrivateName, type Property } from './values';
import { dataProperty, defineOwn, getProp } from './objectModel';
import { evalArguments, evaluate } from './evaluate';
import { makeClosure, methodName } from './functions';
import { toPropertyKey } from './conversions';
import { construct } from './calls';
import { evalStatements } from './statements';

/**
 * Classes: the constructor with its prototype, methods and accessors (non-enumerable), static
 * members and blocks, instance fields defined on each new instance before the constructor body
 * runs (after super() returns in a subclass), and private names (#x) unique to the class body.
 */
export function* evalClass(it: Interp, node: acorn.ClassDeclaration | acorn.ClassExpression, scope: Scope, nameHint?: string): Eval<JsFunction> {
  const name = node.id?.name ?? nameHint ?? '';
  let protoParent: JsObject | null = it.intrinsics.objectProto;
  let ctorParent: JsObject = it.intrinsics.functionProto;
  const derived = node.superClass !== null && node.superClass !== undefined;
  if (derived) {
    const sup = yield* evaluate(it, node.superClass!, scope);
    if (sup === null) {
      protoParent = null;
    } else {
      if (!(sup instanceof JsFunction) || !sup.constructible) return it.throwError('TypeError', `Class extends value ${sup instanceof JsObject ? '#<Object>' : String(sup)} is not a constructor or null`);
      const p = yield* getProp(it, sup, 'prototype');
      if (!(p instanceof JsObject) && p !== null) return it.throwError('TypeError', `Class extends value does not have valid prototype property ${String(p)}`);
      protoParent = p;
      ctorParent = sup;
    }
  }
  const classScope = new Scope(scope, 'class', scope.frame);
  if (node.id) classScope.vars.set(node.id.name, { value: undefined, kind: 'const', initialized: false });
  classScope.privateNames = new Map();
  for (const el of node.body.body) {
    if ((el.type === 'MethodDefinition' || el.type === 'PropertyDefinition') && el.key.type === 'PrivateIdentifier') {
      if (!classScope.privateNames.has(el.key.name)) classScope.privateNames.set(el.key.name, new PrivateName(el.key.name));
    }
  }
  const prototype = it.newObject(protoParent);
  const ctorNode = node.body.body.find((el): el is acorn.MethodDefinition => el.type === 'MethodDefinition' && el.kind === 'constructor');
  let F: JsFunction;
  if (ctorNode) {
    F = makeClosure(it, ctorNode.value, classScope, name, prototype);
  } else {
    F = new JsFunction(ctorParent);
    F.name = name;
    F.defaultConstructor = true;
    F.line = node.loc!.start.line;
    it.heap.made(F, 'function', name || '(anonymous class)', F.line);
    it.hold(F);
    defineOwn(it, F, 'length', { value: 0, writable: false, enumerable: false, configurable: true });
    defineOwn(it, F, 'name', { value: name, writable: false, enumerable: false, configurable: true });
  }
  F.proto = ctorParent;
  F.constructible = true;
  F.classConstructor = true;
  F.homeObject = prototype;
  defineOwn(it, F, 'prototype', { value: prototype, writable: false, enumerable: false, configurable: false });
  defineOwn(it, prototype, 'constructor', { value: F, writable: true, enumerable: false, configurable: true });

  const fields: FieldRecord[] = [];
  const privateMethods: { name: PrivateName; property: Property }[] = [];
  const statics: (() => Eval<void>)[] = [];
  for (const el of node.body.body) {
    if (el.type === 'MethodDefinition') {
      if (el.kind === 'constructor') continue;
      const target = el.static ? F : prototype;
      const key = yield* elementKey(it, el.key, el.computed, classScope);
      const fn = makeClosure(it, el.value, classScope, methodName(key, el.kind), target);
      if (key instanceof PrivateName) {
        const list = el.static ? undefined : privateMethods;
        const existing = list?.find((m) => m.name === key)?.property ?? (el.static ? F.privates?.get(key) : undefined);
        const property: Property = existing ?? { value: undefined, writable: false, enumerable: false, configurable: false };
        if (el.kind === 'get') property.get = fn;
        else if (el.kind === 'set') property.set = fn;
        else property.value = fn;
        if (!existing) {
          if (el.static) (F.privates ??= new Map()).set(key, property);
          else privateMethods.push({ name: key, property });
        }
        continue;
      }
      if (el.kind === 'get' || el.kind === 'set') {
        const existing = target.props.get(key);
        defineOwn(it, target, key, { value: undefined, get: el.kind === 'get' ? fn : existing?.get, set: el.kind === 'set' ? fn : existing?.set, writable: false, enumerable: false, configurable: true });
      } else {
        defineOwn(it, target, key, { value: fn, writable: true, enumerable: false, configurable: true });
      }
    } else if (el.type === 'PropertyDefinition') {
      const key = yield* elementKey(it, el.key, el.computed, classScope);
      if (el.static) statics.push(() => defineStaticField(it, F, key, el.value, classScope));
      else fields.push({ key, init: el.value, scope: classScope });
    } else if (el.type === 'StaticBlock') {
      statics.push(() => runStaticBlock(it, F, el, classScope));
    }
  }
  const info: ClassInfo = { derived, fields, privateMethods };
  F.classInfo = info;
  if (node.id) {
    const b = classScope.vars.get(node.id.name)!;
    b.value = F;
    b.initialized = true;
  }
  for (const s of statics) yield* s();
  return F;
}

function* elementKey(it: Interp, key: acorn.Expression | acorn.PrivateIdentifier, computed: boolean, scope: Scope): Eval<PropKey | PrivateName> {
  if (key.type === 'PrivateIdentifier') return scope.privateName(key.name)!;
  if (computed) return yield* toPropertyKey(it, yield* evaluate(it, key, scope));
  if (key.type === 'Identifier') return key.name;
  return String((key as acorn.Literal).value);
}

/** A scope where `this` is `self` and `super` is the home object's prototype (field initialisers, static blocks). */
function memberScope(it: Interp, classScope: Scope, self: JsObject, home: JsObject): Scope {
  const s = new Scope(classScope, 'function', it.topFrame);
  s.thisBinding = { value: self, initialized: true };
  const fn = new JsFunction(it.intrinsics.functionProto);
  fn.homeObject = home;
  s.fn = fn;
  return s;
}

function* defineStaticField(it: Interp, F: JsFunction, key: PropKey | PrivateName, init: acorn.Expression | null | undefined, classScope: Scope): Eval<void> {
  const s = memberScope(it, classScope, F, F);
  const value = init ? yield* evaluate(it, init, s, typeof key === 'string' ? key : undefined) : undefined;
  definePrivateOrPublic(it, F, key, value);
}

function* runStaticBlock(it: Interp, F: JsFunction, block: acorn.StaticBlock, classScope: Scope): Eval<void> {
  const s = memberScope(it, classScope, F, F);
  yield* evalStatements(it, block.body, s);
}

function definePrivateOrPublic(it: Interp, o: JsObject, key: PropKey | PrivateName, value: JsValue): void {
  if (key instanceof PrivateName) {
    (o.privates ??= new Map()).set(key, dataProperty(value, false));
    it.heap.write(o, undefined, value);
  } else {
    defineOwn(it, o, key, dataProperty(value));
  }
}

/** A new instance's private methods and fields, in declaration order (the superclass's were defined by super()). */
export function* initializeFields(it: Interp, self: JsObject, F: JsFunction): Eval<void> {
  const info = F.classInfo;
  if (!info) return;
  for (const m of info.privateMethods) (self.privates ??= new Map()).set(m.name, m.property);
  if (info.fields.length === 0) return;
  const home = F.homeObject!;
  for (const f of info.fields) {
    const s = memberScope(it, f.scope, self, home);
    const value = f.init ? yield* evaluate(it, f.init, s, typeof f.key === 'string' ? f.key : undefined) : undefined;
    definePrivateOrPublic(it, self, f.key, value);
  }
}

/** `super(...args)` in a subclass constructor: the parent constructs `this`, then this class's fields are defined on it. */
export function* evalSuperCall(it: Interp, n: acorn.CallExpression, scope: Scope): Eval<JsValue> {
  const method = scope.methodScope();
  const F = method?.fn;
  if (!F || !F.classInfo?.derived) return it.throwError('SyntaxError', "'super' keyword unexpected here");
  const args = yield* evalArguments(it, n.arguments, scope);
  const parent = F.proto;
  const result = yield* construct(it, parent, args, (method!.newTarget as JsObject) ?? F);
  const t = method!.thisBinding!;
  if (t.initialized) it.throwError('ReferenceError', 'Super constructor may only be called once');
  t.value = result;
  t.initialized = true;
  it.heap.writeRoot(undefined, result);
  yield* initializeFields(it, result, F);
  return result;
}

/** A class without its own constructor, constructed: the parent's constructor (or a plain instance), then the fields. */
export function* constructDefault(it: Interp, F: JsFunction, args: readonly JsValue[], newTarget: JsObject): Eval<JsObject> {
  if (F.classInfo?.derived) {
    const result = yield* construct(it, F.proto, args, newTarget);
    yield* initializeFields(it, result, F);
    return result;
  }
  const protoValue = yield* getProp(it, newTarget, 'prototype');
  const self = it.newObject(protoValue instanceof JsObject ? protoValue : it.intrinsics.objectProto, 'Object', (newTarget as JsFunction).name || 'Object');
  yield* initializeFields(it, self, F);
  it.heap.constructed(self, newTarget);
  return self;
}
