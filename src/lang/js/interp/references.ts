import type * as acorn from 'acorn';
import type { Interp } from './interp';
import type { Scope } from './scope';
import { type Eval, JsObject, type JsValue, type PropKey, PrivateName } from './values';
import { getProp, getV, setProp } from './objectModel';
import { evaluate } from './evaluate';
import { toObject, toPropertyKey } from './conversions';
import { call } from './calls';
import { isStrictFunction } from './functions';

/** A place a value can be read from and stored into: `o.x`, `o[k]`, `o.#x`, `super.x`. */
export interface MemberTarget {
  readonly base: JsValue;
  readonly thisValue: JsValue;
  get(): Eval<JsValue>;
  put(value: JsValue): Eval<void>;
}

/** Raised when `a?.b` finds `a` nullish: the whole chain is undefined (caught by the ChainExpression). */
export class ShortCircuit {}
export const SHORT_CIRCUIT = new ShortCircuit();

export function* evalMemberTarget(it: Interp, node: acorn.MemberExpression, scope: Scope): Eval<MemberTarget> {
  if (node.object.type === 'Super') return yield* superTarget(it, node, scope);
  const base = yield* evaluate(it, node.object as acorn.Expression, scope);
  if (node.optional && (base === undefined || base === null)) throw SHORT_CIRCUIT;
  if (node.property.type === 'PrivateIdentifier') return privateTarget(it, base, node.property.name, scope);
  const key: PropKey = node.computed ? yield* toPropertyKey(it, yield* evaluate(it, node.property as acorn.Expression, scope)) : (node.property as acorn.Identifier).name;
  return {
    base,
    thisValue: base,
    get: () => readMember(it, base, key, node),
    *put(value: JsValue) {
      if (base === undefined || base === null) it.throwError('TypeError', `Cannot set properties of ${base} (setting '${typeof key === 'string' ? key : key.description}')`);
      const o = base instanceof JsObject ? base : toObject(it, base);
      const ok = yield* setProp(it, o, key, value, base);
      if (!ok && isStrictHere(it, scope)) it.throwError('TypeError', `Cannot assign to read only property '${String(typeof key === 'string' ? key : key.description)}' of object`);
    },
  };
}

function isStrictHere(it: Interp, scope: Scope): boolean {
  if (it.strict) return true;
  // Strictness is lexical: any enclosing function with 'use strict' (or a class) makes this code strict.
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.fn?.node && isStrictFunction(s.fn)) return true;
  return false;
}

function* readMember(it: Interp, base: JsValue, key: PropKey, node: acorn.MemberExpression): Eval<JsValue> {
  if (base === undefined || base === null) {
    return it.throwAt(node.property, 'TypeError', `Cannot read properties of ${base} (reading '${typeof key === 'string' ? key : `Symbol(${key.description ?? ''})`}')`);
  }
  return yield* getV(it, base, key);
}

function privateTarget(it: Interp, base: JsValue, spelling: string, scope: Scope): MemberTarget {
  const name = scope.privateName(spelling);
  if (!name) return it.throwError('SyntaxError', `Private field '#${spelling}' must be declared in an enclosing class`);
  const slot = () => {
    const p = base instanceof JsObject ? base.privates?.get(name) : undefined;
    if (!p) it.throwError('TypeError', `Cannot read private member #${spelling} from an object whose class did not declare it`);
    return p;
  };
  return {
    base,
    thisValue: base,
    *get() {
      const p = slot();
      if (p.get) return yield* call(it, p.get, base, []);
      if (p.set && !p.get) return undefined;
      return p.value;
    },
    *put(value: JsValue) {
      const p = slot();
      if (p.set) {
        yield* call(it, p.set, base, [value]);
        return;
      }
      if (!p.writable) it.throwError('TypeError', `Cannot assign to private method #${spelling}`);
      const previous = p.value;
      p.value = value;
      it.heap.write(base as JsObject, previous, value);
    },
  };
}

function* superTarget(it: Interp, node: acorn.MemberExpression, scope: Scope): Eval<MemberTarget> {
  const method = scope.methodScope();
  const home = method?.fn?.homeObject;
  if (!home) return it.throwError('SyntaxError', "'super' keyword unexpected here");
  const thisValue = scope.thisScope()?.thisBinding?.value;
  const key: PropKey = node.computed ? yield* toPropertyKey(it, yield* evaluate(it, node.property as acorn.Expression, scope)) : (node.property as acorn.Identifier).name;
  const proto = home.proto;
  return {
    base: proto,
    thisValue,
    get: function* () {
      return proto ? yield* getProp(it, proto, key, thisValue) : undefined;
    },
    *put(value: JsValue) {
      if (proto) yield* setProp(it, proto, key, value, thisValue);
    },
  };
}

export { PrivateName };
