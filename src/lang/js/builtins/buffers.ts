import type { Interp } from '../interp/interp';
import { type Eval, HOLE, JsArray, JsObject, type JsValue, type TypedArrayKind } from '../interp/values';
import { dataProperty, defineOwn, elementSize, getProp, holdsBigInts, typedGet } from '../interp/objectModel';
import { toBigInt, toIntegerOrInfinity, toNumber, toString } from '../interp/conversions';
import { collect } from '../interp/loops';
import { call } from '../interp/calls';
import { getter, makeConstructor, method, protoObject, simple } from './helpers';

/**
 * ArrayBuffer, the typed arrays and node's Buffer (a Uint8Array subclass). Their bytes are
 * off-heap: the heap adapter places each payload in the C heap (or an mmap for large ones)
 * and counts it in `external` and `arrayBuffers`, as V8 does.
 */
const KINDS: readonly [TypedArrayKind, number][] = [
  ['Uint8Array', 1], ['Int8Array', 1], ['Uint8ClampedArray', 1], ['Uint16Array', 2], ['Int16Array', 2],
  ['Uint32Array', 4], ['Int32Array', 4], ['Float32Array', 4], ['Float64Array', 8],
  ['BigInt64Array', 8], ['BigUint64Array', 8],
];

export function installBuffers(it: Interp): void {
  const abProto = protoObject(it, it.intrinsics.objectProto);
  it.intrinsics.protos.set('ArrayBuffer', abProto);
  defineOwn(it, abProto, it.symbols.toStringTag, { value: 'ArrayBuffer', writable: false, enumerable: false, configurable: true });
  const newBuffer = (bytes: number): JsObject => {
    if (!Number.isInteger(bytes) || bytes < 0 || bytes > 2 ** 32) it.throwError('RangeError', 'Array buffer allocation failed');
    const b = it.newObject(abProto, 'ArrayBuffer', 'ArrayBuffer');
    // The simulated off-heap block first: a size the process cannot hold fails (V8's fatal out of
    // memory) before the host makes the bytes.
    const store: { data: Uint8Array; address?: number } = { data: NO_BYTES };
    b.bytes = store;
    it.heap.external(b, bytes);
    store.data = new Uint8Array(bytes);
    return b;
  };
  makeConstructor(it, 'ArrayBuffer', 1, abProto, function* (_t, [n], newTarget) {
    if (!newTarget) return it.throwError('TypeError', "Constructor ArrayBuffer requires 'new'");
    return newBuffer(toIntegerOrInfinity(yield* toNumber(it, n)));
  });
  getter(it, abProto, 'byteLength', (t) => (t instanceof JsObject && t.bytes ? t.bytes.data.length : 0));

  const typedProto = protoObject(it, it.intrinsics.objectProto);
  // Buffer's prototype, once made (a Buffer's map/slice copies stay Buffers).
  const bufferProtoRef: { proto?: JsObject } = {};
  getter(it, typedProto, 'length', (t) => (t instanceof JsObject && t.typed ? t.typed.length : 0));
  getter(it, typedProto, 'byteLength', (t) => (t instanceof JsObject && t.typed ? t.typed.length * elementSize(t.typed.kind) : 0));
  getter(it, typedProto, 'byteOffset', (t) => (t instanceof JsObject && t.typed ? t.typed.byteOffset : 0));
  getter(it, typedProto, 'buffer', (t) => (t instanceof JsObject && t.typed ? t.typed.buffer : undefined));
  const values = it.arrayValues!;
  defineOwn(it, typedProto, it.symbols.iterator, { value: values, writable: true, enumerable: false, configurable: true });
  defineOwn(it, typedProto, 'values', { value: values, writable: true, enumerable: false, configurable: true });
  const elements = (t: JsValue): (number | bigint)[] => {
    if (!(t instanceof JsObject) || !t.typed) return it.throwError('TypeError', 'this is not a typed array.');
    const out: (number | bigint)[] = [];
    for (let i = 0; i < t.typed.length; i++) out.push(typedGet(t, i));
    return out;
  };
  simple(it, typedProto, 'join', 1, (t, [sep]) => elements(t).join(sep === undefined ? ',' : String(sep)));
  simple(it, typedProto, 'fill', 1, (t, [v, start, end]) => {
    const o = t as JsObject;
    const n = elements(t).length;
    const from = start === undefined ? 0 : Math.max(0, Number(start) < 0 ? n + Number(start) : Number(start));
    const to = end === undefined ? n : Math.min(n, Number(end) < 0 ? n + Number(end) : Number(end));
    // A Buffer filled with a string repeats its bytes.
    const pattern: JsValue[] = typeof v === 'string' && !holdsBigInts(o.typed!.kind) ? [...Buffer.from(v)] : [v];
    for (let i = from; i < to; i++) defineOwn(it, o, String(i), dataProperty(pattern[(i - from) % pattern.length]));
    return t;
  });
  simple(it, typedProto, 'at', 1, (t, [i]) => {
    const list = elements(t);
    const k = Math.trunc(Number(i));
    return list[k < 0 ? list.length + k : k];
  });
  // Strict equality (SameValueZero for includes), as the spec compares: `u8.indexOf('1')` is -1.
  simple(it, typedProto, 'indexOf', 1, (t, [x]) => elements(t).indexOf(x as number));
  simple(it, typedProto, 'includes', 1, (t, [x]) => elements(t).includes(x as number));
  simple(it, typedProto, 'reverse', 0, (t) => {
    elements(t).reverse().forEach((v, i) => defineOwn(it, t as JsObject, String(i), dataProperty(v)));
    return t;
  });
  const sameKind = (t: JsValue, values: readonly JsValue[]): JsObject => {
    const o = t as JsObject;
    const kind = o.typed!.kind;
    const copy = makeTyped(kind, o.proto === bufferProtoRef.proto ? o.proto! : it.intrinsics.protos.get(kind)!, newBuffer(values.length * elementSize(kind)), 0, values.length);
    values.forEach((v, i) => defineOwn(it, copy, String(i), dataProperty(v)));
    return copy;
  };
  method(it, typedProto, 'map', 1, function* (t, [f, thisArg]) {
    const list = elements(t);
    const out: JsValue[] = [];
    for (let i = 0; i < list.length; i++) out.push(yield* call(it, f, thisArg, [list[i], i, t]));
    return sameKind(t, out);
  });
  method(it, typedProto, 'forEach', 1, function* (t, [f, thisArg]) {
    const list = elements(t);
    for (let i = 0; i < list.length; i++) yield* call(it, f, thisArg, [list[i], i, t]);
    return undefined;
  });
  method(it, typedProto, 'reduce', 2, function* (t, args) {
    const list = elements(t);
    let k = 0;
    let acc: JsValue = args.length > 1 ? args[1] : list[k++];
    for (; k < list.length; k++) acc = yield* call(it, args[0], undefined, [acc, list[k], k, t]);
    return acc;
  });
  method(it, typedProto, 'filter', 1, function* (t, [f, thisArg]) {
    const list = elements(t);
    const out: JsValue[] = [];
    for (let i = 0; i < list.length; i++) if (yield* call(it, f, thisArg, [list[i], i, t])) out.push(list[i]);
    return sameKind(t, out);
  });
  simple(it, typedProto, 'slice', 2, (t, [s, e]) => {
    const list = elements(t);
    const rel = (v: JsValue, d: number) => (v === undefined ? d : Number(v) < 0 ? Math.max(list.length + Number(v), 0) : Math.min(Number(v), list.length));
    return sameKind(t, list.slice(rel(s, 0), rel(e, list.length)));
  });
  simple(it, typedProto, 'subarray', 2, (t, [s, e]) => {
    const o = t as JsObject;
    const len = o.typed!.length;
    const rel = (v: JsValue, d: number) => (v === undefined ? d : Number(v) < 0 ? Math.max(len + Number(v), 0) : Math.min(Number(v), len));
    const from = rel(s, 0), to = Math.max(from, rel(e, len));
    return makeTyped(o.typed!.kind, o.proto!, o.typed!.buffer, o.typed!.byteOffset + from * elementSize(o.typed!.kind), to - from);
  });
  simple(it, typedProto, 'set', 1, (t, [source, offset]) => {
    const o = t as JsObject;
    const list: JsValue[] = source instanceof JsArray ? source.items.map((x) => (x === HOLE ? undefined : x)) : elements(source);
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
      if (list) for (let i = 0; i < list.length; i++) defineOwn(it, o, String(i), dataProperty(yield* toElement(it, kind, list[i])));
      return o;
    });
    defineOwn(it, ctor, 'BYTES_PER_ELEMENT', { value: size, writable: false, enumerable: false, configurable: false });
    method(it, ctor, 'from', 1, function* (_t, [source, mapFn]) {
      let list = yield* collect(it, source);
      if (mapFn !== undefined) {
        const mapped: JsValue[] = [];
        for (let i = 0; i < list.length; i++) mapped.push(yield* call(it, mapFn, undefined, [list[i], i]));
        list = mapped;
      }
      const o = makeTyped(kind, proto, newBuffer(list.length * size), 0, list.length);
      for (let i = 0; i < list.length; i++) defineOwn(it, o, String(i), dataProperty(yield* toElement(it, kind, list[i])));
      return o;
    });
    simple(it, ctor, 'of', 0, (_t, args) => {
      const o = makeTyped(kind, proto, newBuffer(args.length * size), 0, args.length);
      args.forEach((v, i) => defineOwn(it, o, String(i), dataProperty(v)));
      return o;
    });
  }

  // ---- Buffer: a Uint8Array whose prototype adds node's methods ----
  const u8 = it.intrinsics.protos.get('Uint8Array')!;
  const bufferProto = protoObject(it, u8);
  bufferProtoRef.proto = bufferProto;
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
      return d.subarray(t.byteOffset, t.byteOffset + t.length * elementSize(t.kind));
    }
    return it.throwError('TypeError', 'The argument must be a Buffer or Uint8Array');
  };
  method(it, B, 'alloc', 2, function* (_t, [n, fill]) {
    const size = bufferSize(it, yield* toNumber(it, n));
    // Filled in its own store, made first (a size the process cannot hold fails before any filling).
    const store = newBuffer(size);
    const data = store.bytes!.data;
    let pattern: Uint8Array | undefined;
    if (typeof fill === 'number') pattern = Uint8Array.of(fill);
    else if (typeof fill === 'string' && fill.length) pattern = Buffer.from(fill);
    // Bytes other than zero go into the simulated memory too (fresh memory is zero already).
    if (pattern !== undefined && size > 0 && pattern.some((x) => x !== 0)) {
      repeatInto(data, pattern);
      it.heap.bytesWritten(store, 0, size);
    }
    return makeTyped('Uint8Array', bufferProto, store, 0, size);
  });
  method(it, B, 'allocUnsafe', 1, function* (_t, [n]) {
    // Zero-filled all the same: the simulation's fresh memory is zero (a real allocUnsafe may show old bytes).
    const size = bufferSize(it, yield* toNumber(it, n));
    return makeTyped('Uint8Array', bufferProto, newBuffer(size), 0, size);
  });
  method(it, B, 'from', 2, function* (_t, [v, encoding]) {
    if (typeof v === 'string') return makeBuffer(Buffer.from(v, encodingOf(it, encoding === undefined ? 'utf8' : String(encoding))));
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
    return Buffer.from(b.subarray(s, e)).toString(encodingOf(it, encoding === undefined ? 'utf8' : yield* toString(it, encoding)));
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
  // read/write of integers at a byte offset, little or big endian, as node's Buffer has them.
  const ints: readonly [string, number, boolean][] = [['UInt8', 1, false], ['Int8', 1, true], ['UInt16', 2, false], ['Int16', 2, true], ['UInt32', 4, false], ['Int32', 4, true]];
  for (const [name, size, signed] of ints) {
    for (const endian of size === 1 ? [''] : ['LE', 'BE']) {
      simple(it, bufferProto, `read${name}${endian}`, 1, (t, [offset]) => {
        const b = Buffer.from(bytesOf(t));
        const at = offset === undefined ? 0 : Number(offset);
        if (!Number.isInteger(at)) return it.throwError('RangeError', `The value of "offset" is out of range. It must be an integer. Received ${at}`);
        if (at < 0 || at + size > b.length) return it.throwError('RangeError', `The value of "offset" is out of range. It must be >= 0 and <= ${b.length - size}. Received ${at}`);
        return size === 1 ? (signed ? b.readInt8(at) : b.readUInt8(at)) : endian === 'LE' ? (signed ? b.readIntLE(at, size) : b.readUIntLE(at, size)) : (signed ? b.readIntBE(at, size) : b.readUIntBE(at, size));
      });
      simple(it, bufferProto, `write${name}${endian}`, 2, (t, [value, offset]) => {
        const o = t as JsObject;
        const view = bytesOf(t);
        const at = offset === undefined ? 0 : Number(offset);
        if (!Number.isInteger(at)) return it.throwError('RangeError', `The value of "offset" is out of range. It must be an integer. Received ${at}`);
        const b = Buffer.alloc(size);
        const v = Number(value);
        const bits = size * 8;
        const [min, max] = signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
        if (v < min || v > max) return it.throwError('RangeError', `The value of "value" is out of range. It must be >= ${min} and <= ${max}. Received ${v}`);
        if (size === 1) signed ? b.writeInt8(v) : b.writeUInt8(v);
        else if (endian === 'LE') signed ? b.writeIntLE(v, 0, size) : b.writeUIntLE(v, 0, size);
        else signed ? b.writeIntBE(v, 0, size) : b.writeUIntBE(v, 0, size);
        if (at < 0 || at + size > view.length) return it.throwError('RangeError', `The value of "offset" is out of range. It must be >= 0 and <= ${view.length - size}. Received ${at}`);
        view.set(b, at);
        it.heap.bytesWritten(o.typed!.buffer, o.typed!.byteOffset + at, size);
        return at + size;
      });
    }
  }
  simple(it, B, 'compare', 2, (_t, [a, b]) => Buffer.compare(Buffer.from(bytesOf(a)), Buffer.from(bytesOf(b))));
  simple(it, bufferProto, 'compare', 1, (t, [o]) => Buffer.compare(Buffer.from(bytesOf(t)), Buffer.from(bytesOf(o))));
  simple(it, bufferProto, 'equals', 1, (t, [o]) => Buffer.from(bytesOf(t)).equals(Buffer.from(bytesOf(o))));
  simple(it, bufferProto, 'toJSON', 0, (t) => {
    const o = it.newObject();
    defineOwn(it, o, 'type', dataProperty('Buffer'));
    defineOwn(it, o, 'data', dataProperty(it.newArray([...bytesOf(t)])));
    return o;
  });
}

/** ToBigInt or ToNumber of a value (valueOf and toString called) for an element of this kind. */
function* toElement(it: Interp, kind: TypedArrayKind, v: JsValue): Eval<number | bigint> {
  return holdsBigInts(kind) ? yield* toBigInt(it, v) : yield* toNumber(it, v);
}

/** An encoding node's Buffer knows, or the TypeError node throws (the host's own would be a defect of Memory Atlas). */
function encodingOf(it: Interp, name: string): BufferEncoding {
  if (!Buffer.isEncoding(name)) return it.throwError('TypeError', `Unknown encoding: ${name}`);
  return name;
}

/** `pattern` repeated over `data` (Buffer.alloc's fill): copied in doubling runs, not byte by byte. */
function repeatInto(data: Uint8Array, pattern: Uint8Array): void {
  const first = Math.min(pattern.length, data.length);
  data.set(pattern.subarray(0, first));
  for (let filled = first; filled < data.length; filled *= 2) data.copyWithin(filled, 0, Math.min(filled, data.length - filled));
}

/** A store's bytes while its simulated block is being reserved. */
const NO_BYTES = new Uint8Array(0);

/** Buffer.alloc's size as node checks it (the host's own RangeError would be a defect of Memory Atlas). */
function bufferSize(it: Interp, n: number): number {
  if (!(n >= 0 && n <= 2 ** 32)) return it.throwError('RangeError', `The value of "size" is out of range. It must be >= 0 && <= 4294967296. Received ${String(n)}`);
  return toIntegerOrInfinity(n);
}
