import type { Interp } from '../interp/interp';
import { HOLE, JsArray, JsObject, type JsValue, type TypedArrayKind } from '../interp/values';
import { dataProperty, defineOwn, getProp, typedGet } from '../interp/objectModel';
import { toIntegerOrInfinity, toNumber, toString } from '../interp/conversions';
import { collect } from '../interp/loops';
import { getter, makeConstructor, method, protoObject, simple } from './helpers';

/**
 * ArrayBuffer, the typed arrays and node's Buffer (a Uint8Array subclass). Their bytes are
 * off-heap: the heap adapter places each payload in the C heap (or an mmap for large ones)
 * and counts it in `external` and `arrayBuffers`, as V8 does.
 */
const KINDS: readonly [TypedArrayKind, number][] = [
  ['Uint8Array', 1], ['Int8Array', 1], ['Uint8ClampedArray', 1], ['Uint16Array', 2], ['Int16Array', 2],
  ['Uint32Array', 4], ['Int32Array', 4], ['Float32Array', 4], ['Float64Array', 8],
];

export function installBuffers(it: Interp): void {
  const abProto = protoObject(it, it.intrinsics.objectProto);
  it.intrinsics.protos.set('ArrayBuffer', abProto);
  defineOwn(it, abProto, it.symbols.toStringTag, { value: 'ArrayBuffer', writable: false, enumerable: false, configurable: true });
  const newBuffer = (bytes: number): JsObject => {
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > 2 ** 32) it.throwError('RangeError', 'Array buffer allocation failed');
    const b = it.newObject(abProto, 'ArrayBuffer', 'ArrayBuffer');
    b.bytes = { data: new Uint8Array(bytes) };
    it.heap.external(b, bytes);
    return b;
  };
  makeConstructor(it, 'ArrayBuffer', 1, abProto, function* (_t, [n], newTarget) {
    if (!newTarget) return it.throwError('TypeError', "Constructor ArrayBuffer requires 'new'");
    return newBuffer(toIntegerOrInfinity(yield* toNumber(it, n)));
  });
  getter(it, abProto, 'byteLength', (t) => (t instanceof JsObject && t.bytes ? t.bytes.data.length : 0));

  const typedProto = protoObject(it, it.intrinsics.objectProto);
  getter(it, typedProto, 'length', (t) => (t instanceof JsObject && t.typed ? t.typed.length : 0));
  getter(it, typedProto, 'byteLength', (t) => (t instanceof JsObject && t.typed ? t.typed.length * bytesPer(t.typed.kind) : 0));
  getter(it, typedProto, 'byteOffset', (t) => (t instanceof JsObject && t.typed ? t.typed.byteOffset : 0));
  getter(it, typedProto, 'buffer', (t) => (t instanceof JsObject && t.typed ? t.typed.buffer : undefined));
  const values = it.arrayValues!;
  defineOwn(it, typedProto, it.symbols.iterator, { value: values, writable: true, enumerable: false, configurable: true });
  defineOwn(it, typedProto, 'values', { value: values, writable: true, enumerable: false, configurable: true });
  const elements = (t: JsValue): number[] => {
    if (!(t instanceof JsObject) || !t.typed) return it.throwError('TypeError', 'this is not a typed array.');
    const out: number[] = [];
    for (let i = 0; i < t.typed.length; i++) out.push(typedGet(t, i));
    return out;
  };
  simple(it, typedProto, 'join', 1, (t, [sep]) => elements(t).join(sep === undefined ? ',' : String(sep)));
  simple(it, typedProto, 'fill', 1, (t, [v]) => {
    const o = t as JsObject;
    for (let i = 0; i < elements(t).length; i++) defineOwn(it, o, String(i), dataProperty(Number(v)));
    return t;
  });
  simple(it, typedProto, 'set', 1, (t, [source, offset]) => {
    const o = t as JsObject;
    const list = source instanceof JsArray ? source.items.map((x) => (x === HOLE ? 0 : Number(x))) : elements(source);
    const at = offset === undefined ? 0 : Number(offset);
    list.forEach((v, i) => defineOwn(it, o, String(at + i), dataProperty(v)));
    return undefined;
  });

  const makeTyped = (kind: TypedArrayKind, proto: JsObject, buffer: JsObject, byteOffset: number, length: number): JsObject => {
    const o = it.newObject(proto, 'TypedArray', kind);
    o.typed = { kind, buffer, byteOffset, length };
    it.heap.write(o, undefined, buffer);
    return o;
  };
  for (const [kind, size] of KINDS) {
    const proto = protoObject(it, typedProto);
    it.intrinsics.protos.set(kind, proto);
    defineOwn(it, proto, it.symbols.toStringTag, { value: kind, writable: false, enumerable: false, configurable: true });
    const ctor = makeConstructor(it, kind, 3, proto, function* (_t, [a, b, c], newTarget) {
      if (!newTarget) return it.throwError('TypeError', `Constructor ${kind} requires 'new'`);
      const p = yield* getProp(it, newTarget, 'prototype');
      const protoOf = p instanceof JsObject ? p : proto;
      if (a instanceof JsObject && a.bytes) {
        const offset = b === undefined ? 0 : Number(b);
        const length = c === undefined ? (a.bytes.data.length - offset) / size : Number(c);
        if (!Number.isInteger(length) || offset % size !== 0) return it.throwError('RangeError', `byte length of ${kind} should be a multiple of ${size}`);
        return makeTyped(kind, protoOf, a, offset, length);
      }
      const list = a instanceof JsObject ? yield* collect(it, a) : undefined;
      const length = list ? list.length : a === undefined ? 0 : toIntegerOrInfinity(yield* toNumber(it, a));
      const o = makeTyped(kind, protoOf, newBuffer(length * size), 0, length);
      if (list) for (let i = 0; i < list.length; i++) defineOwn(it, o, String(i), dataProperty(yield* toNumber(it, list[i])));
      return o;
    });
    defineOwn(it, ctor, 'BYTES_PER_ELEMENT', { value: size, writable: false, enumerable: false, configurable: false });
  }

  // ---- Buffer: a Uint8Array whose prototype adds node's methods ----
  const u8 = it.intrinsics.protos.get('Uint8Array')!;
  const bufferProto = protoObject(it, u8);
  it.intrinsics.protos.set('Buffer', bufferProto);
  const makeBuffer = (bytes: Uint8Array): JsObject => {
    const store = newBuffer(bytes.length);
    store.bytes!.data.set(bytes);
    if (bytes.some((x) => x !== 0)) it.heap.bytesWritten(store, 0, bytes.length);
    return makeTyped('Uint8Array', bufferProto, store, 0, bytes.length);
  };
  const B = makeConstructor(it, 'Buffer', 2, bufferProto, function* () {
    return it.throwError('TypeError', 'The Buffer() constructor is deprecated and not supported by Memory Atlas: use Buffer.alloc() or Buffer.from()');
  });
  const bytesOf = (v: JsValue): Uint8Array => {
    if (v instanceof JsObject && v.typed) {
      const t = v.typed;
      const d = t.buffer.bytes!.data;
      return d.subarray(t.byteOffset, t.byteOffset + t.length * bytesPer(t.kind));
    }
    return it.throwError('TypeError', 'The argument must be a Buffer or Uint8Array');
  };
  method(it, B, 'alloc', 2, function* (_t, [n, fill]) {
    const size = toIntegerOrInfinity(yield* toNumber(it, n));
    const b = new Uint8Array(size);
    if (typeof fill === 'number') b.fill(fill);
    else if (typeof fill === 'string' && fill.length) {
      const f = Buffer.from(fill);
      for (let i = 0; i < size; i++) b[i] = f[i % f.length];
    }
    return makeBuffer(b);
  });
  method(it, B, 'allocUnsafe', 1, function* (_t, [n]) {
    // Zero-filled all the same: the simulation's fresh memory is zero (a real allocUnsafe may show old bytes).
    return makeBuffer(new Uint8Array(toIntegerOrInfinity(yield* toNumber(it, n))));
  });
  method(it, B, 'from', 2, function* (_t, [v, encoding]) {
    if (typeof v === 'string') return makeBuffer(Buffer.from(v, (encoding === undefined ? 'utf8' : String(encoding)) as BufferEncoding));
    if (v instanceof JsObject && v.typed) return makeBuffer(bytesOf(v).slice());
    if (v instanceof JsObject && v.bytes) return makeTyped('Uint8Array', bufferProto, v, 0, v.bytes.data.length);
    const list = yield* collect(it, v);
    const out = new Uint8Array(list.length);
    for (let i = 0; i < list.length; i++) out[i] = Number(list[i]) & 255;
    return makeBuffer(out);
  });
  simple(it, B, 'concat', 2, (_t, [list, total]) => {
    const parts = list instanceof JsArray ? list.items.map((x) => bytesOf(x as JsValue)) : [];
    const size = total === undefined ? parts.reduce((n, p) => n + p.length, 0) : Number(total);
    const out = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      out.set(p.subarray(0, Math.max(0, size - at)), at);
      at += p.length;
    }
    return makeBuffer(out);
  });
  simple(it, B, 'isBuffer', 1, (_t, [v]) => v instanceof JsObject && v.proto === bufferProto);
  simple(it, B, 'byteLength', 1, (_t, [v]) => (typeof v === 'string' ? Buffer.byteLength(v) : bytesOf(v).length));
  method(it, bufferProto, 'toString', 3, function* (t, [encoding, start, end]) {
    const b = bytesOf(t);
    const s = start === undefined ? 0 : Number(start), e = end === undefined ? b.length : Number(end);
    return Buffer.from(b.subarray(s, e)).toString((encoding === undefined ? 'utf8' : yield* toString(it, encoding)) as BufferEncoding);
  });
  simple(it, bufferProto, 'write', 2, (t, [s, offset]) => {
    const b = bytesOf(t);
    const bytes = Buffer.from(String(s));
    const at = offset === undefined ? 0 : Number(offset);
    const n = Math.min(bytes.length, b.length - at);
    b.set(bytes.subarray(0, n), at);
    const o = t as JsObject;
    it.heap.bytesWritten(o.typed!.buffer, o.typed!.byteOffset + at, n);
    return n;
  });
  simple(it, bufferProto, 'slice', 2, (t, [s, e]) => {
    const o = t as JsObject;
    const len = o.typed!.length;
    const rel = (v: JsValue, d: number) => (v === undefined ? d : Number(v) < 0 ? Math.max(len + Number(v), 0) : Math.min(Number(v), len));
    const from = rel(s, 0), to = Math.max(from, rel(e, len));
    return makeTyped('Uint8Array', bufferProto, o.typed!.buffer, o.typed!.byteOffset + from, to - from);
  });
  defineOwn(it, bufferProto, 'subarray', { value: bufferProto.props.get('slice')!.value, writable: true, enumerable: false, configurable: true });
  simple(it, bufferProto, 'equals', 1, (t, [o]) => Buffer.from(bytesOf(t)).equals(Buffer.from(bytesOf(o))));
  simple(it, bufferProto, 'toJSON', 0, (t) => {
    const o = it.newObject();
    defineOwn(it, o, 'type', dataProperty('Buffer'));
    defineOwn(it, o, 'data', dataProperty(it.newArray([...bytesOf(t)])));
    return o;
  });
}

function bytesPer(kind: TypedArrayKind): number {
  return KINDS.find(([k]) => k === kind)![1];
}
