import type * as acorn from 'acorn';
import type { Interp } from './interp';
import type { Scope } from './scope';
import { type Eval, type JsValue, type PropKey } from './values';
import { dataProperty, defineOwn, enumerableKeys, getV, ownProperty, setProp } from './objectModel';
import { evaluate } from './evaluate';
import { toObject, toPropertyKey } from './conversions';
import { getIterator, iteratorClose, iteratorStep } from './loops';
import { storeBinding } from './functions';
import { evalMemberTarget } from './references';

/**
 * Binding and assigning through patterns: a name, a member (`o.x = ...` in an assignment
 * pattern), `{ a, b: c = 1, ...rest }` and `[x, , y = 2, ...z]` with defaults.
 * `init` initialises let/const/class bindings (ending their TDZ), `param` declares parameters,
 * `assign` stores into existing variables (const refuses).
 */
export type BindMode = 'init' | 'assign' | 'param';

export function* bindPattern(it: Interp, p: acorn.Pattern, value: JsValue, scope: Scope, mode: BindMode): Eval<void> {
  switch (p.type) {
    case 'Identifier':
      bindName(it, p.name, value, scope, mode);
      return;
    case 'MemberExpression': {
      const target = yield* evalMemberTarget(it, p, scope);
      yield* target.put(value);
      return;
    }
    case 'AssignmentPattern': {
      let v = value;
      if (v === undefined) v = yield* evaluate(it, p.right, scope, p.left.type === 'Identifier' ? p.left.name : undefined);
      yield* bindPattern(it, p.left, v, scope, mode);
      return;
    }
    case 'ObjectPattern':
      yield* bindObjectPattern(it, p, value, scope, mode);
      return;
    case 'ArrayPattern':
      yield* bindArrayPattern(it, p, value, scope, mode);
      return;
    case 'RestElement':
      yield* bindPattern(it, p.argument, value, scope, mode);
      return;
    default:
      it.throwError('SyntaxError', `the pattern ${(p as acorn.Node).type} is not supported by Memory Atlas`);
  }
}

/** A pattern that is a plain name, bound without a generator (what bindPattern does for one). */
export function bindName(it: Interp, name: string, value: JsValue, scope: Scope, mode: BindMode): void {
  if (mode === 'assign') assignName(it, scope, name, value);
  else initializeName(it, scope, name, value, mode);
}

function initializeName(it: Interp, scope: Scope, name: string, value: JsValue, mode: BindMode): void {
  let owner = mode === 'param' ? (scope.vars.has(name) ? scope : undefined) : scope.owner(name);
  if (!owner) {
    owner = scope;
    scope.vars.set(name, { value: undefined, kind: mode === 'param' ? 'param' : 'let', initialized: true });
  }
  storeBinding(it, owner, name, value);
  owner.vars.get(name)!.initialized = true;
}

/** `name = value`: the nearest variable of that name (a const refuses, one in its TDZ throws), else a global. */
export function assignName(it: Interp, scope: Scope, name: string, value: JsValue): void {
  const owner = scope.owner(name);
  if (!owner) {
    // Sloppy mode: an undeclared name becomes a property of the global object.
    defineOwn(it, it.global, name, dataProperty(value));
    return;
  }
  const b = owner.vars.get(name)!;
  if (!b.initialized) it.throwError('ReferenceError', `Cannot access '${name}' before initialization`);
  if (b.kind === 'const') it.throwError('TypeError', 'Assignment to constant variable.');
  storeBinding(it, owner, name, value);
}

function* bindObjectPattern(it: Interp, p: acorn.ObjectPattern, value: JsValue, scope: Scope, mode: BindMode): Eval<void> {
  if (value === undefined || value === null) {
    const first = p.properties[0];
    const name = first && first.type === 'Property' && first.key.type === 'Identifier' ? first.key.name : undefined;
    it.throwError('TypeError', name ? `Cannot destructure property '${name}' of '${value}' as it is ${value}.` : `Cannot destructure '${value}' as it is ${value}.`);
  }
  const used: PropKey[] = [];
  for (const prop of p.properties) {
    if (prop.type === 'RestElement') {
      const source = toObject(it, value);
      const rest = it.newObject();
      for (const k of enumerableKeys(source)) {
        if (used.includes(k)) continue;
        const own = ownProperty(source, k);
        defineOwn(it, rest, k, dataProperty(own?.get ? yield* getV(it, source, k) : own?.value));
      }
      yield* bindPattern(it, prop.argument, rest, scope, mode);
      continue;
    }
    const key: PropKey = prop.computed ? yield* toPropertyKey(it, yield* evaluate(it, prop.key as acorn.Expression, scope)) : keyName(prop.key);
    used.push(key);
    yield* bindPattern(it, prop.value, yield* getV(it, value, key), scope, mode);
  }
}

function keyName(key: acorn.Node): string {
  if (key.type === 'Identifier') return (key as acorn.Identifier).name;
  return String((key as acorn.Literal).value);
}

function* bindArrayPattern(it: Interp, p: acorn.ArrayPattern, value: JsValue, scope: Scope, mode: BindMode): Eval<void> {
  const r = yield* getIterator(it, value);
  let done = false;
  try {
    for (const element of p.elements) {
      if (element?.type === 'RestElement') {
        const rest: JsValue[] = [];
        while (!done) {
          const step = yield* iteratorStep(it, r);
          if (step.done) done = true;
          else rest.push(step.value);
        }
        yield* bindPattern(it, element.argument, it.newArray(rest), scope, mode);
        continue;
      }
      let v: JsValue;
      if (!done) {
        const step = yield* iteratorStep(it, r);
        done = step.done;
        v = step.value;
      }
      if (element) yield* bindPattern(it, element, v, scope, mode);
    }
  } catch (e) {
    if (!done) {
      try {
        yield* iteratorClose(it, r);
      } catch {
        // the first exception wins
      }
    }
    throw e;
  }
  if (!done) yield* iteratorClose(it, r);
}

export { setProp };
