import type {
  ArrayElement, ErrorView, FunctionView, InspectHost, ObjectKind, ObjectView, OwnProperty, PrimitiveView, PromiseStateView,
} from '../inspect/inspectHost';
import type { Interp } from '../interp/interp';
import { HOLE, JsArray, JsFunction, JsObject, JsSymbol, JsThrow, type JsValue, type PropKey, type Property } from '../interp/values';
import { arrayIndex, elementSize, findProperty, ownKeys, ownProperty, typedGet } from '../interp/objectModel';
import { hostRegExp } from './regexp';
import { call } from '../interp/calls';

/**
 * The interpreter's values as the inspect formatter asks about them. Every answer is read from
 * the object model without running the program's code (a getter is reported, never called):
 * formatting a value for console.log or the debugger cannot change what the program does.
 */
export class JsInspectHost implements InspectHost<JsValue> {
  constructor(private readonly it: Interp) {}

  describe(v: JsValue): PrimitiveView | ObjectView {
    if (v === undefined) return { type: 'undefined' };
    if (v === null) return { type: 'null' };
    if (typeof v === 'boolean') return { type: 'boolean', value: v };
    if (typeof v === 'number') return { type: 'number', value: v };
    if (typeof v === 'bigint') return { type: 'bigint', value: v };
    if (typeof v === 'string') return { type: 'string', value: v };
    if (v instanceof JsSymbol) return { type: 'symbol', description: v.description };
    return { type: 'object', kind: this.kindOf(v), identity: v };
  }

  private kindOf(o: JsObject): ObjectKind {
    if (o instanceof JsFunction) return 'function';
    if (o instanceof JsArray) return o.cls === 'Arguments' ? 'arguments' : 'array';
    if (o.mapData) return 'map';
    if (o.setData) return 'set';
    if (o.cls === 'WeakMap') return 'weakmap';
    if (o.cls === 'WeakSet') return 'weakset';
    if (o.promise) return 'promise';
    if (o.cls === 'Error') return 'error';
    if (o.typed) return this.isBuffer(o) ? 'buffer' : 'typed-array';
    if (o.bytes) return 'array-buffer';
    if (o.cls === 'RegExp' && hostRegExp(o)) return 'regexp';
    if (o.cls === 'Date' && typeof o.primitive === 'number') return 'date';
    if (o.primitive !== undefined && o.cls !== 'Date' && ['Number', 'String', 'Boolean', 'Symbol', 'BigInt'].includes(o.cls) && !this.isPrototypeObject(o)) return 'boxed';
    const iter = o.nativeIteratorKind;
    if (iter === 'Map Iterator') return 'map-iterator';
    if (iter === 'Set Iterator') return 'set-iterator';
    return 'object';
  }

  private isBuffer(o: JsObject): boolean {
    const b = this.it.intrinsics.protos.get('Buffer');
    for (let p = o.proto; p; p = p.proto) if (p === b) return true;
    return false;
  }

  /** String.prototype and its kin carry a primitive too, but print as plain objects. */
  private isPrototypeObject(o: JsObject): boolean {
    const i = this.it.intrinsics;
    return o === i.stringProto || o === i.numberProto || o === i.booleanProto;
  }

  constructorName(v: JsValue): string | null {
    if (!(v instanceof JsObject)) return null;
    for (let p: JsObject | null = v; p; p = p.proto) {
      const c = p.props.get('constructor');
      if (c && !c.get && c.value instanceof JsFunction && c.value.name) {
        const proto = c.value.props.get('prototype')?.value;
        if (proto instanceof JsObject && this.inherits(v, proto)) return c.value.name;
      }
    }
    return null;
  }

  private inherits(v: JsObject, proto: JsObject): boolean {
    for (let p: JsObject | null = v; p; p = p.proto) if (p === proto) return true;
    return false;
  }

  toStringTag(v: JsValue): string {
    if (!(v instanceof JsObject)) return '';
    const own = v.props.get(this.it.symbols.toStringTag);
    if (own?.enumerable) return '';
    const p = findProperty(v, this.it.symbols.toStringTag);
    if (p?.get) {
      // node reads value[Symbol.toStringTag], calling a getter: it runs here to its end, without stops.
      const tag = this.callToEnd(p.get, v);
      return typeof tag === 'string' ? tag : '';
    }
    return p && typeof p.value === 'string' ? p.value : '';
  }

  /** Calls the program's function from the formatter (which cannot suspend): stepping is off until it returns. */
  private callToEnd(f: JsObject, self: JsValue): JsValue {
    const it = this.it;
    const saved = { nextCheck: it.nextCheck, breakpoints: it.breakpoints };
    it.nextCheck = Infinity;
    it.breakpoints = new Uint8Array(0);
    try {
      const g = call(it, f, self, []);
      let r = g.next();
      while (!r.done) r = g.next();
      return r.value;
    } catch (e) {
      if (e instanceof JsThrow) return undefined;
      throw e;
    } finally {
      it.nextCheck = saved.nextCheck;
      it.breakpoints = saved.breakpoints;
    }
  }

  ownProperties(v: JsValue, includeHidden: boolean): readonly OwnProperty<JsValue>[] {
    if (!(v instanceof JsObject)) return [];
    const out: OwnProperty<JsValue>[] = [];
    const skipIndices = v instanceof JsArray || v.typed !== undefined || (v.cls === 'String' && typeof v.primitive === 'string');
    for (const k of ownKeys(v)) {
      if (skipIndices && arrayIndex(k) >= 0) continue;
      if ((v instanceof JsArray || (v.cls === 'String' && typeof v.primitive === 'string')) && k === 'length' && !includeHidden) continue;
      const p = ownProperty(v, k)!;
      if (!p.enumerable && !includeHidden) continue;
      out.push(this.propertyView(k, p));
    }
    return out;
  }

  private propertyView(k: PropKey, p: Property): OwnProperty<JsValue> {
    const key = typeof k === 'string' ? k : { type: 'symbol' as const, description: k.description };
    if (p.get || p.set) return { key, enumerable: p.enumerable, kind: 'accessor', getter: p.get !== undefined, setter: p.set !== undefined };
    return { key, enumerable: p.enumerable, kind: 'data', value: p.value };
  }

  arrayLength(v: JsValue): number {
    return v instanceof JsArray ? v.items.length : 0;
  }

  arrayElements(v: JsValue, max: number): readonly ArrayElement<JsValue>[] {
    if (!(v instanceof JsArray)) return [];
    const out: ArrayElement<JsValue>[] = [];
    for (let i = 0; i < v.items.length && out.length < max; i++) {
      const x = v.items[i];
      if (x !== HOLE) out.push({ index: i, value: x });
      else {
        const p = v.props.get(String(i));
        if (p && !p.get) out.push({ index: i, value: p.value });
      }
    }
    return out;
  }

  collectionSize(v: JsValue): number {
    if (!(v instanceof JsObject)) return 0;
    return v.mapData?.size ?? v.setData?.size ?? 0;
  }

  setValues(v: JsValue, max: number): readonly JsValue[] {
    return v instanceof JsObject && v.setData ? [...v.setData].slice(0, max) : [];
  }

  mapEntries(v: JsValue, max: number): readonly (readonly [JsValue, JsValue])[] {
    return v instanceof JsObject && v.mapData ? [...v.mapData].slice(0, max) : [];
  }

  iteratorPreview(v: JsValue): { readonly entries: readonly JsValue[]; readonly isKeyValue: boolean } {
    const preview = v instanceof JsObject ? v.iteratorPreview?.() : undefined;
    return preview ?? { entries: [], isKeyValue: false };
  }

  promiseState(v: JsValue): PromiseStateView<JsValue> {
    const p = v instanceof JsObject ? v.promise : undefined;
    if (!p || p.state === 'pending') return { state: 'pending' };
    return { state: p.state, result: p.result };
  }

  typedArrayLength(v: JsValue): number {
    return v instanceof JsObject && v.typed ? v.typed.length : 0;
  }

  typedArrayElements(v: JsValue, max: number): readonly (number | bigint)[] {
    if (!(v instanceof JsObject) || !v.typed) return [];
    const out: (number | bigint)[] = [];
    for (let i = 0; i < Math.min(max, v.typed.length); i++) out.push(typedGet(v, i));
    return out;
  }

  byteLength(v: JsValue): number {
    if (!(v instanceof JsObject)) return 0;
    if (v.bytes) return v.bytes.data.length;
    return v.typed ? this.viewBytes(v).length : 0;
  }

  bytes(v: JsValue, max: number): ArrayLike<number> {
    if (!(v instanceof JsObject)) return [];
    const b = v.bytes ? v.bytes.data : v.typed ? this.viewBytes(v) : new Uint8Array(0);
    return b.subarray(0, max);
  }

  private viewBytes(o: JsObject): Uint8Array {
    const t = o.typed!;
    return t.buffer.bytes!.data.subarray(t.byteOffset, t.byteOffset + t.length * elementSize(t.kind));
  }

  functionInfo(v: JsValue): FunctionView {
    const f = v as JsFunction;
    const nameProp = ownProperty(f, 'name');
    const name = nameProp && !nameProp.get && typeof nameProp.value === 'string' ? nameProp.value : '';
    const isClass = f.classConstructor || f.defaultConstructor;
    const parent = isClass && f.proto instanceof JsFunction && f.proto !== this.it.intrinsics.functionProto ? f.proto.name : '';
    return { name, isClass, isAsync: f.node?.async === true, isGenerator: f.node?.generator === true, superName: parent };
  }

  errorInfo(v: JsValue): ErrorView<JsValue> {
    const e = v as JsObject;
    const name = findProperty(e, 'name')?.value;
    const message = findProperty(e, 'message')?.value;
    const stack = ownProperty(e, 'stack')?.value;
    const n = name === undefined || name === null ? 'Error' : String(name);
    const m = message === undefined ? '' : String(message);
    const view: { name: string; message: string; stack: string; cause?: OwnProperty<JsValue>; errors?: OwnProperty<JsValue> } = {
      name: n, message: m, stack: stack ? String(stack) : n && m ? `${n}: ${m}` : n || m,
    };
    const cause = ownProperty(e, 'cause') ?? findProperty(e, 'cause');
    if (cause) view.cause = ownProperty(e, 'cause') ? this.propertyView('cause', cause) : { key: 'cause', enumerable: true, kind: 'data', value: cause.value };
    const errors = ownProperty(e, 'errors');
    if (errors && errors.value instanceof JsArray) view.errors = this.propertyView('errors', errors);
    return view;
  }

  boxedValue(v: JsValue): PrimitiveView {
    const inner = v instanceof JsObject ? v.primitive : undefined;
    const view = this.describe(inner as JsValue);
    return view.type === 'object' ? { type: 'undefined' } : view;
  }

  dateText(v: JsValue): string {
    const t = v instanceof JsObject ? Number(v.primitive) : NaN;
    return Number.isNaN(t) ? 'Invalid Date' : new Date(t).toISOString();
  }

  regexpText(v: JsValue): string {
    return String(hostRegExp(v) ?? '/(?:)/');
  }

  /** Texts of objects with their own toString, computed by running it before formatting (the formatter cannot run code). */
  readonly texts = new Map<JsObject, string>();

  toText(v: JsValue): string {
    if (v instanceof JsObject && this.texts.has(v)) return this.texts.get(v)!;
    if (v instanceof JsSymbol) return `Symbol(${v.description ?? ''})`;
    if (!(v instanceof JsObject)) return String(v);
    if (v instanceof JsArray) return v.items.map((x) => (x === HOLE || x === undefined || x === null ? '' : this.toText(x))).join(',');
    if (v.cls === 'Error') return this.errorInfo(v).stack.split('\n')[0];
    if (v instanceof JsFunction) return `function ${v.name}() { [native code] }`;
    if (v.primitive !== undefined) return this.toText(v.primitive);
    return '[object Object]';
  }

  toNumber(v: JsValue): number {
    if (v instanceof JsObject) return v.primitive !== undefined && typeof v.primitive === 'number' ? v.primitive : NaN;
    if (v instanceof JsSymbol || typeof v === 'bigint') return NaN;
    return Number(v);
  }

  hasBuiltInToString(v: JsValue): boolean {
    if (!(v instanceof JsObject)) return true;
    const ts = findProperty(v, 'toString');
    const tp = findProperty(v, this.it.symbols.toPrimitive);
    const builtin = (p: Property | undefined) => !p || (p.value instanceof JsFunction && p.value.native !== undefined);
    return builtin(ts) && builtin(tp);
  }

  jsonText(v: JsValue): string | undefined | 'circular' {
    const seen: JsObject[] = [];
    const walk = (x: JsValue): string | undefined => {
      if (x === null) return 'null';
      if (typeof x === 'string') return JSON.stringify(x);
      if (typeof x === 'number') return Number.isFinite(x) ? String(x) : 'null';
      if (typeof x === 'boolean') return String(x);
      if (x === undefined || x instanceof JsSymbol || x instanceof JsFunction || typeof x === 'bigint') return undefined;
      if (seen.includes(x)) throw new CircularJson();
      seen.push(x);
      let text: string;
      if (x instanceof JsArray) text = `[${x.items.map((i) => walk(i === HOLE ? undefined : i) ?? 'null').join(',')}]`;
      else {
        const parts: string[] = [];
        for (const k of ownKeys(x)) {
          const p = ownProperty(x, k)!;
          if (typeof k !== 'string' || !p.enumerable || p.get) continue;
          const s = walk(p.value);
          if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
        }
        text = `{${parts.join(',')}}`;
      }
      seen.pop();
      return text;
    };
    try {
      return walk(v);
    } catch (e) {
      if (e instanceof CircularJson) return 'circular';
      throw e;
    }
  }
}

class CircularJson {}
