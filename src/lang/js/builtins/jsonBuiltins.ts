import type { Interp } from '../interp/interp';
import { type Eval, HOLE, JsArray, JsFunction, JsObject, JsSymbol, type JsValue, isCallable } from '../interp/values';
import { dataProperty, defineOwn, deleteProp, enumerableKeys, getV } from '../interp/objectModel';
import { toNumber, toString } from '../interp/conversions';
import { call } from '../interp/calls';
import { method, protoObject } from './helpers';

/** JSON.stringify (toJSON, replacer function or list, indentation) and JSON.parse (with a reviver). */
export function installJson(it: Interp): void {
  const J = protoObject(it, it.intrinsics.objectProto);
  defineOwn(it, it.global, 'JSON', { value: J, writable: true, enumerable: false, configurable: true });
  defineOwn(it, J, it.symbols.toStringTag, { value: 'JSON', writable: false, enumerable: false, configurable: true });
  method(it, J, 'stringify', 3, function* (_t, [value, replacer, space]) {
    let indent = '';
    if (typeof space === 'number') indent = ' '.repeat(Math.min(10, Math.max(0, Math.floor(space))));
    else if (typeof space === 'string') indent = space.slice(0, 10);
    const allow = replacer instanceof JsArray ? new Set(replacer.items.filter((x) => x !== HOLE).map((x) => String(x))) : undefined;
    const fn = isCallable(replacer) ? replacer : undefined;
    const stack: JsObject[] = [];
    const holder = it.newObject();
    defineOwn(it, holder, '', dataProperty(value));
    const r = yield* serialize(it, holder, '', value, { indent, allow, fn, stack }, '');
    return r;
  });
  method(it, J, 'parse', 2, function* (_t, [text, reviver]) {
    const s = yield* toString(it, text);
    let host: unknown;
    try {
      host = JSON.parse(s);
    } catch (e) {
      return it.throwError('SyntaxError', (e as Error).message);
    }
    const v = fromHost(it, host);
    if (!isCallable(reviver)) return v;
    const root = it.newObject();
    defineOwn(it, root, '', dataProperty(v));
    return yield* revive(it, root, '', reviver);
  });
}

interface Options {
  readonly indent: string;
  readonly allow?: Set<string>;
  readonly fn?: JsFunction;
  readonly stack: JsObject[];
}

function* serialize(it: Interp, holder: JsObject, key: string, v: JsValue, o: Options, gap: string): Eval<string | undefined> {
  if (v instanceof JsObject || typeof v === 'bigint') {
    const toJSON = yield* getV(it, v, 'toJSON');
    if (isCallable(toJSON)) v = yield* call(it, toJSON, v, [key]);
  }
  if (o.fn) v = yield* call(it, o.fn, holder, [key, v]);
  if (v instanceof JsObject && v.primitive !== undefined && ['Number', 'String', 'Boolean'].includes(v.cls)) v = v.cls === 'Number' ? yield* toNumber(it, v) : v.cls === 'String' ? yield* toString(it, v) : v.primitive;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'bigint') return it.throwError('TypeError', 'Do not know how to serialize a BigInt');
  if (v === undefined || v instanceof JsSymbol || v instanceof JsFunction) return undefined;
  if (o.stack.includes(v)) return it.throwError('TypeError', 'Converting circular structure to JSON');
  o.stack.push(v);
  const inner = gap + o.indent;
  const parts: string[] = [];
  let text: string;
  if (v instanceof JsArray) {
    for (let i = 0; i < v.items.length; i++) {
      const x = v.items[i];
      parts.push((yield* serialize(it, v, String(i), x === HOLE ? undefined : x, o, inner)) ?? 'null');
    }
    text = parts.length === 0 ? '[]' : o.indent ? `[\n${inner}${parts.join(`,\n${inner}`)}\n${gap}]` : `[${parts.join(',')}]`;
  } else {
    const keys = o.allow ? [...o.allow] : enumerableKeys(v);
    for (const k of keys) {
      const s = yield* serialize(it, v, k, yield* getV(it, v, k), o, inner);
      if (s !== undefined) parts.push(`${JSON.stringify(k)}:${o.indent ? ' ' : ''}${s}`);
    }
    text = parts.length === 0 ? '{}' : o.indent ? `{\n${inner}${parts.join(`,\n${inner}`)}\n${gap}}` : `{${parts.join(',')}}`;
  }
  o.stack.pop();
  return text;
}

/** A parsed host value as the program's values (objects and arrays made on its heap). */
function fromHost(it: Interp, v: unknown): JsValue {
  if (Array.isArray(v)) return it.newArray(v.map((x) => fromHost(it, x)));
  if (v !== null && typeof v === 'object') {
    const o = it.newObject();
    for (const [k, x] of Object.entries(v)) defineOwn(it, o, k, dataProperty(fromHost(it, x)));
    return o;
  }
  return v as JsValue;
}

function* revive(it: Interp, holder: JsObject, key: string, reviver: JsFunction): Eval<JsValue> {
  const v = yield* getV(it, holder, key);
  if (v instanceof JsObject) {
    const keys = v instanceof JsArray ? v.items.map((_x, i) => String(i)) : enumerableKeys(v);
    for (const k of keys) {
      const nv = yield* revive(it, v, k, reviver);
      if (nv === undefined) {
        deleteProp(it, v, k);
      } else defineOwn(it, v, k, dataProperty(nv));
    }
  }
  return yield* call(it, reviver, holder, [key, v]);
}
