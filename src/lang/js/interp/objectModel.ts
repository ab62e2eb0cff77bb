import type { Interp } from './interp';
import { type Eval, HOLE, JsArray, JsFunction, JsObject, JsSymbol, type JsValue, type PropKey, type Property } from './values';
import { call } from './calls';
import { primitiveToBigInt, primitiveToNumber } from './conversions';

/**
 * The object model: own properties, the prototype chain, and the exotic behaviours of arrays
 * (`length` and index keys), strings and typed arrays. Every store of a value goes through
 * `writeValue`, which tells the heap (the write barrier, reference counts).
 */

/** An array index as the language defines one: a canonical uint32 string below 2^32 - 1. */
export function arrayIndex(key: PropKey): number {
  if (typeof key !== 'string' || key.length === 0 || key.length > 10) return -1;
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57 || (c === 48 && key.length > 1)) return -1;
  const n = Number(key);
  return Number.isInteger(n) && n < 4294967295 ? n : -1;
}

export function dataProperty(value: JsValue, enumerable = true): Property {
  return { value, writable: true, enumerable, configurable: true };
}

/** The object's own property `key`, exotic ones included (array elements, a string's characters). */
export function ownProperty(o: JsObject, key: PropKey): Property | undefined {
  if (o instanceof JsArray) {
    if (key === 'length') return { value: o.items.length, writable: !o.frozenLength, enumerable: false, configurable: false };
    const i = arrayIndex(key);
    if (i >= 0) {
      const v = o.items[i];
      if (i >= o.items.length || v === HOLE) return o.props.get(key);
      return { value: v, writable: !o.frozenLength, enumerable: true, configurable: !o.frozenLength };
    }
  } else if (o.typed) {
    const i = arrayIndex(key);
    if (i >= 0) return i < o.typed.length ? { value: typedGet(o, i), writable: true, enumerable: true, configurable: true } : undefined;
    if (key === 'length') return undefined;
  } else if (o.cls === 'Error' && key === 'stack' && o.lazyStack) {
    // V8 formats an error's stack when it is first read (a `this.name = ...` in a subclass's
    // constructor shows in it), then keeps that text.
    o.lazyStack = false;
    o.props.set('stack', { value: errorHeadline(o), writable: true, enumerable: false, configurable: true });
  } else if (o.cls === 'String' && typeof o.primitive === 'string') {
    const s = o.primitive;
    if (key === 'length') return { value: s.length, writable: false, enumerable: false, configurable: false };
    const i = arrayIndex(key);
    if (i >= 0 && i < s.length) return { value: s[i], writable: false, enumerable: true, configurable: false };
  }
  return o.props.get(key);
}

/** "Name: message" from the error's data properties (the simulation lists no stack frames after it). */
export function errorHeadline(o: JsObject): string {
  const name = findProperty(o, 'name')?.value;
  const message = findProperty(o, 'message')?.value;
  const n = name === undefined ? 'Error' : String(name);
  const m = message === undefined ? '' : String(message);
  return n && m ? `${n}: ${m}` : n || m;
}

export function typedGet(o: JsObject, i: number): number | bigint {
  const t = o.typed!;
  const view = typedView(t.kind, t.buffer.bytes!.data.buffer, t.buffer.bytes!.data.byteOffset + t.byteOffset, t.length);
  return view[i];
}

export function elementSize(kind: string): number {
  return kind.includes('64') ? 8 : kind.includes('32') ? 4 : kind.includes('16') ? 2 : 1;
}

/** True for the typed arrays whose elements are BigInts. */
export function holdsBigInts(kind: string): boolean {
  return kind.startsWith('Big');
}

/** A value as an element of a typed array of this kind (ToBigInt or ToNumber of a primitive). */
export function typedElement(it: Interp, kind: string, v: JsValue): number | bigint {
  if (!holdsBigInts(kind)) return v instanceof JsObject ? Number(v) : primitiveToNumber(it, v);
  return v instanceof JsObject ? it.throwError('TypeError', 'Cannot convert object to a BigInt') : primitiveToBigInt(it, v);
}

export function typedSet(o: JsObject, i: number, v: number | bigint): void {
  const t = o.typed!;
  typedView(t.kind, t.buffer.bytes!.data.buffer, t.buffer.bytes!.data.byteOffset + t.byteOffset, t.length)[i] = v;
}

function typedView(kind: string, buffer: ArrayBufferLike, offset: number, length: number): { [i: number]: number | bigint } {
  switch (kind) {
    case 'BigInt64Array': return new BigInt64Array(buffer, offset, length);
    case 'BigUint64Array': return new BigUint64Array(buffer, offset, length);
    case 'Int8Array': return new Int8Array(buffer, offset, length);
    case 'Uint16Array': return new Uint16Array(buffer, offset, length);
    case 'Int16Array': return new Int16Array(buffer, offset, length);
    case 'Uint32Array': return new Uint32Array(buffer, offset, length);
    case 'Int32Array': return new Int32Array(buffer, offset, length);
    case 'Float32Array': return new Float32Array(buffer, offset, length);
    case 'Float64Array': return new Float64Array(buffer, offset, length);
    case 'Uint8ClampedArray': return new Uint8ClampedArray(buffer, offset, length);
    default: return new Uint8Array(buffer, offset, length);
  }
}

/** The property `key` of `o` or its prototypes. */
export function findProperty(o: JsObject, key: PropKey): Property | undefined {
  for (let p: JsObject | null = o; p; p = p.proto) {
    const own = ownProperty(p, key);
    if (own) return own;
  }
  return undefined;
}

export function* getProp(it: Interp, o: JsObject, key: PropKey, receiver: JsValue = o): Eval<JsValue> {
  const p = findProperty(o, key);
  if (!p) return undefined;
  if (p.get || p.set) return p.get ? yield* call(it, p.get, receiver, []) : undefined;
  return p.value;
}

/** `v[key]` for any value: primitives read their wrapper's prototype (a string's characters and length directly). */
export function* getV(it: Interp, v: JsValue, key: PropKey): Eval<JsValue> {
  if (v instanceof JsObject) return yield* getProp(it, v, key);
  if (v === undefined || v === null) return it.throwError('TypeError', `Cannot read properties of ${v} (reading '${keyText(key)}')`);
  if (typeof v === 'string') {
    if (key === 'length') return v.length;
    const i = arrayIndex(key);
    if (i >= 0) return i < v.length ? v[i] : undefined;
  }
  return yield* getProp(it, it.protoOfPrimitive(v), key, v);
}

export function keyText(key: PropKey): string {
  return typeof key === 'string' ? key : `Symbol(${key.description ?? ''})`;
}

/** `o[key] = value`: an own or inherited setter, a read-only property (the store fails), or a data property on the receiver. */
export function* setProp(it: Interp, o: JsObject, key: PropKey, value: JsValue, receiver: JsValue = o): Eval<boolean> {
  const own = ownProperty(o, key);
  const p = own ?? (o.proto ? findProperty(o.proto, key) : undefined);
  if (p && (p.get || p.set)) {
    if (!p.set) return false;
    yield* call(it, p.set, receiver, [value]);
    return true;
  }
  if (p && !p.writable) return false;
  if (!(receiver instanceof JsObject)) return false;
  if (receiver !== o) return defineOwn(it, receiver, key, dataProperty(value));
  if (own) return writeOwn(it, o, key, own, value);
  if (!o.extensible) return false;
  return defineOwn(it, o, key, dataProperty(value));
}

/** Writes an existing writable data property's value. */
function writeOwn(it: Interp, o: JsObject, key: PropKey, own: Property, value: JsValue): boolean {
  if (o instanceof JsArray && (key === 'length' || arrayIndex(key) >= 0)) return defineOwn(it, o, key, dataProperty(value));
  if (o.typed && arrayIndex(key) >= 0) return defineOwn(it, o, key, dataProperty(value));
  const previous = own.value;
  own.value = value;
  it.heap.write(o, previous, value);
  return true;
}

/** Defines (or redefines) an own property; false when the object refuses it (frozen, not extensible). */
export function defineOwn(it: Interp, o: JsObject, key: PropKey, prop: Property): boolean {
  if (o instanceof JsArray) {
    if (key === 'length') return setArrayLength(it, o, prop.value);
    const i = arrayIndex(key);
    if (i >= 0 && !prop.get && !prop.set && prop.writable && prop.enumerable && prop.configurable && !o.props.has(key)) {
      if (o.frozenLength || (!o.extensible && (i >= o.items.length || o.items[i] === HOLE))) return false;
      const previous = i < o.items.length ? o.items[i] : undefined;
      it.heap.reserveElements(o, i + 1);
      while (o.items.length < i) o.items.push(HOLE);
      o.items[i] = prop.value;
      it.heap.writeElement(o, previous === HOLE ? undefined : previous, prop.value);
      return true;
    }
  }
  if (o.typed) {
    const i = arrayIndex(key);
    if (i >= 0) {
      if (i < o.typed.length) {
        typedSet(o, i, typeof prop.value === 'number' && !holdsBigInts(o.typed.kind) ? prop.value : typedElement(it, o.typed.kind, prop.value));
        const size = elementSize(o.typed.kind);
        it.heap.bytesWritten(o.typed.buffer, o.typed.byteOffset + i * size, size);
      }
      return true;
    }
  }
  const existing = o.props.get(key);
  if (existing && !existing.configurable) {
    if (existing.writable && !prop.get && !prop.set) {
      const previous = existing.value;
      existing.value = prop.value;
      it.heap.write(o, previous, prop.value);
      return true;
    }
    return false;
  }
  if (!existing && !o.extensible) return false;
  o.props.set(key, prop);
  it.heap.write(o, existing?.value, prop.value);
  if (existing?.get !== prop.get) it.heap.write(o, existing?.get, prop.get);
  if (existing?.set !== prop.set) it.heap.write(o, existing?.set, prop.set);
  if (!existing) it.heap.grew(o);
  return true;
}

function setArrayLength(it: Interp, a: JsArray, value: JsValue): boolean {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 4294967295) it.throwError('RangeError', 'Invalid array length');
  if (a.frozenLength) return n === a.items.length;
  if (n < a.items.length) {
    for (let i = n; i < a.items.length; i++) {
      const v = a.items[i];
      if (v !== HOLE) it.heap.writeElement(a, v, undefined);
    }
    a.items.length = n;
  } else {
    it.heap.reserveElements(a, n);
    while (a.items.length < n) a.items.push(HOLE);
  }
  it.heap.grew(a);
  return true;
}

export function deleteProp(it: Interp, o: JsObject, key: PropKey): boolean {
  if (o instanceof JsArray) {
    const i = arrayIndex(key);
    if (i >= 0 && i < o.items.length) {
      if (o.frozenLength) return false;
      const v = o.items[i];
      if (v !== HOLE) it.heap.writeElement(o, v, undefined);
      o.items[i] = HOLE;
      return true;
    }
    if (key === 'length') return false;
  }
  const p = o.props.get(key);
  if (!p) return true;
  if (!p.configurable) return false;
  o.props.delete(key);
  it.heap.write(o, p.value, undefined);
  it.heap.write(o, p.get, undefined);
  it.heap.write(o, p.set, undefined);
  return true;
}

/** Own keys in the language's order: integer keys ascending, then strings and then symbols in insertion order. */
export function ownKeys(o: JsObject): PropKey[] {
  const ints: number[] = [];
  const strings: string[] = [];
  const symbols: JsSymbol[] = [];
  if (o instanceof JsArray) for (let i = 0; i < o.items.length; i++) if (o.items[i] !== HOLE) ints.push(i);
  if (o.typed) for (let i = 0; i < o.typed.length; i++) ints.push(i);
  if (o.cls === 'String' && typeof o.primitive === 'string') for (let i = 0; i < o.primitive.length; i++) ints.push(i);
  const extraInts: number[] = [];
  for (const k of o.props.keys()) {
    if (typeof k !== 'string') symbols.push(k);
    else if (arrayIndex(k) >= 0) extraInts.push(Number(k));
    else strings.push(k);
  }
  if (extraInts.length) {
    ints.push(...extraInts);
    ints.sort((a, b) => a - b);
  }
  const out: PropKey[] = ints.map(String);
  if (o instanceof JsArray) out.push('length');
  if (o.cls === 'String' && typeof o.primitive === 'string') out.push('length');
  out.push(...strings, ...symbols);
  return out;
}

/** Own enumerable string keys (Object.keys, for-in's own part, spread). */
export function enumerableKeys(o: JsObject): string[] {
  return ownKeys(o).filter((k): k is string => typeof k === 'string' && ownProperty(o, k)!.enumerable);
}

export function hasProperty(o: JsObject, key: PropKey): boolean {
  return findProperty(o, key) !== undefined;
}

/** Defines a non-enumerable built-in method or value (how the library's properties are made). */
export function defineHidden(it: Interp, o: JsObject, key: PropKey, value: JsValue): void {
  defineOwn(it, o, key, { value, writable: true, enumerable: false, configurable: true });
}

export function isArrayValue(v: JsValue): v is JsArray {
  return v instanceof JsArray;
}

export function functionName(f: JsObject): string {
  return f instanceof JsFunction ? f.name : '';
}
