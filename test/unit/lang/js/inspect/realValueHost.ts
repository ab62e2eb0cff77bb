import { types } from 'node:util';
import type { ErrorView, FunctionView, InspectHost, ObjectKind, ObjectView, OwnProperty, PrimitiveView, PropertyKeyView, PromiseStateView } from '../../../../../src/lang/js/inspect/inspectHost';

/**
 * The formatter's host over real JavaScript values of this Node process, answering each question
 * with the reflection a program would use. With it the tests run our formatter and node's own
 * util.inspect on the very same values.
 */
export const realValueHost: InspectHost<unknown> = {
  describe(value: unknown): PrimitiveView | ObjectView {
    switch (typeof value) {
      case 'undefined': return { type: 'undefined' };
      case 'boolean': return { type: 'boolean', value };
      case 'number': return { type: 'number', value };
      case 'bigint': return { type: 'bigint', value };
      case 'string': return { type: 'string', value };
      case 'symbol': return { type: 'symbol', description: value.description };
      default:
        if (value === null) return { type: 'null' };
        return { type: 'object', kind: kindOf(value as object), identity: value };
    }
  },

  constructorName(value: unknown): string | null {
    let obj: object | null = value as object;
    while (obj !== null) {
      const descriptor = Object.getOwnPropertyDescriptor(obj, 'constructor');
      if (descriptor !== undefined && typeof descriptor.value === 'function' && descriptor.value.name !== '' && isInstance(value, descriptor.value)) return String(descriptor.value.name);
      obj = Object.getPrototypeOf(obj);
    }
    return null;
  },

  toStringTag(value: unknown): string {
    const tag = (value as Record<symbol, unknown>)[Symbol.toStringTag];
    if (typeof tag !== 'string' || (tag !== '' && Object.prototype.propertyIsEnumerable.call(value, Symbol.toStringTag))) return '';
    return tag;
  },

  ownProperties(value: unknown, includeHidden: boolean): readonly OwnProperty<unknown>[] {
    const obj = value as object;
    let names: (string | symbol)[] = Reflect.ownKeys(obj);
    if (Array.isArray(obj) || types.isTypedArray(obj) || types.isStringObject(obj)) names = names.filter((k) => typeof k !== 'string' || !isIndex(k));
    const props: OwnProperty<unknown>[] = [];
    for (const key of names) {
      const d = Object.getOwnPropertyDescriptor(obj, key)!;
      if (!d.enumerable && !includeHidden) continue;
      props.push(propertyOf(key, d));
    }
    // Reflect.ownKeys lists symbols after strings already; showHidden lists them the same way.
    return props;
  },

  arrayLength: (value) => (value as unknown[]).length,
  arrayElements(value, max) {
    const out: { index: number; value: unknown }[] = [];
    const arr = value as unknown[];
    for (const key of Object.keys(arr)) {
      if (out.length >= max || !isIndex(key)) break;
      out.push({ index: Number(key), value: arr[Number(key)] });
    }
    return out;
  },

  collectionSize: (value) => (value as Map<unknown, unknown>).size,
  setValues: (value, max) => [...(value as Set<unknown>)].slice(0, max),
  mapEntries: (value, max) => [...(value as Map<unknown, unknown>)].slice(0, max),
  iteratorPreview(value) {
    // A copy of the iterator's state is not reachable from JavaScript; the tests only pass
    // fresh iterators, whose remaining entries are those of the collection they came from.
    const origin = iteratorOrigins.get(value as object);
    if (origin === undefined) {
      const preview = v8Internals()?.previewEntries(value, true);
      if (preview === undefined) throw new Error('realValueHost: iterators must be made with collectionIterator() (or node run with --expose-internals)');
      return { entries: preview[0], isKeyValue: preview[1] };
    }
    const { source, kind } = origin;
    if (kind === 'entries') return { entries: [...source.entries()].flat(), isKeyValue: true };
    return { entries: kind === 'keys' ? [...source.keys()] : [...source.values()], isKeyValue: false };
  },

  promiseState(value): PromiseStateView<unknown> {
    const state = promiseStates.get(value as Promise<unknown>);
    if (state !== undefined) return state;
    const details = v8Internals()?.getPromiseDetails(value);
    if (details === undefined) throw new Error('realValueHost: promises must be made with settledPromise() or pendingPromise() (or node run with --expose-internals)');
    if (details[0] === V8_PROMISE_PENDING) return { state: 'pending' };
    return { state: details[0] === V8_PROMISE_FULFILLED ? 'fulfilled' : 'rejected', result: details[1] };
  },

  typedArrayLength: (value) => (value as Uint8Array).length,
  typedArrayElements: (value, max) => Array.from((value as Uint8Array).subarray(0, max) as ArrayLike<number | bigint>),
  byteLength: (value) => (value as ArrayBuffer).byteLength,
  bytes: (value, max) => (types.isAnyArrayBuffer(value) ? new Uint8Array(value as ArrayBuffer, 0, max) : (value as Uint8Array).subarray(0, max)),

  functionInfo(value): FunctionView {
    const fn = value as (...args: unknown[]) => unknown;
    const source = Function.prototype.toString.call(fn);
    const hasName = Object.prototype.hasOwnProperty.call(fn, 'name');
    const proto = Object.getPrototypeOf(fn) as { name?: unknown } | null;
    return {
      name: hasName && typeof fn.name === 'string' ? fn.name : '',
      isClass: source.startsWith('class') && source.endsWith('}'),
      isAsync: types.isAsyncFunction(fn),
      isGenerator: types.isGeneratorFunction(fn),
      superName: typeof proto?.name === 'string' ? proto.name : '',
    };
  },

  errorInfo(value): ErrorView<unknown> {
    const err = value as Error & { cause?: unknown; errors?: unknown };
    const causeDescriptor = Object.getOwnPropertyDescriptor(err, 'cause');
    const errorsDescriptor = Object.getOwnPropertyDescriptor(err, 'errors');
    return {
      name: err.name != null ? String(err.name) : 'Error',
      message: typeof err.message === 'string' ? err.message : '',
      stack: err.stack ? String(err.stack) : Error.prototype.toString.call(err),
      ...('cause' in err ? { cause: causeDescriptor ? propertyOf('cause', causeDescriptor) : { key: 'cause', enumerable: true, kind: 'data' as const, value: err.cause } } : {}),
      ...(Array.isArray(err.errors) ? { errors: errorsDescriptor ? propertyOf('errors', errorsDescriptor) : { key: 'errors', enumerable: true, kind: 'data' as const, value: err.errors } } : {}),
    };
  },

  boxedValue(value): PrimitiveView {
    return realValueHost.describe((value as { valueOf(): unknown }).valueOf.call(value)) as PrimitiveView;
  },
  dateText: (value) => (Number.isNaN((value as Date).getTime()) ? Date.prototype.toString.call(value) : Date.prototype.toISOString.call(value)),
  regexpText: (value) => RegExp.prototype.toString.call(value),

  showHiddenPrototypes(value) {
    const out: unknown[] = [];
    let proto = Object.getPrototypeOf(value) as object | null;
    while (proto !== null && out.length < 3) {
      const d = Object.getOwnPropertyDescriptor(proto, 'constructor');
      if (d !== undefined && typeof d.value === 'function' && BUILTIN_CLASSES.has(d.value.name)) break;
      out.push(proto);
      proto = Object.getPrototypeOf(proto) as object | null;
    }
    return out;
  },
  typedArrayFacts(value) {
    const t = value as Uint8Array;
    return { bytesPerElement: t.BYTES_PER_ELEMENT, byteOffset: t.byteOffset, byteLength: t.byteLength, buffer: t.buffer };
  },
  weakCollectionEntries(value) {
    const internals = v8Internals();
    if (internals === undefined) throw new Error('realValueHost: weak collections\' entries need node run with --expose-internals');
    return internals.previewEntries(value) as unknown[];
  },

  toText: (value) => String(value),
  toNumber: (value) => Number(value),
  hasBuiltInToString(value) {
    const obj = value as Record<string | symbol, unknown>;
    if (Object.prototype.hasOwnProperty.call(obj, 'toString') || Object.prototype.hasOwnProperty.call(obj, Symbol.toPrimitive)) return false;
    let pointer: object | null = obj;
    do {
      pointer = Object.getPrototypeOf(pointer);
    } while (pointer !== null && !Object.prototype.hasOwnProperty.call(pointer, 'toString') && !Object.prototype.hasOwnProperty.call(pointer, Symbol.toPrimitive));
    if (pointer === null) return true;
    const descriptor = Object.getOwnPropertyDescriptor(pointer, 'constructor');
    return descriptor !== undefined && typeof descriptor.value === 'function' && BUILTIN_CLASSES.has(descriptor.value.name);
  },
  jsonText(value) {
    try {
      return JSON.stringify(value);
    } catch (e) {
      if (e instanceof TypeError && e.message.startsWith('Converting circular structure')) return 'circular';
      throw e;
    }
  },
};

/** Node 20's builtInObjects: the globals named like classes (Object, Map, Uint8Array...). */
const BUILTIN_CLASSES = new Set(Object.getOwnPropertyNames(globalThis).filter((e) => /^[A-Z][a-zA-Z0-9]+$/.test(e)));

/** V8's promise states as its util binding numbers them. */
const V8_PROMISE_PENDING = 0;
const V8_PROMISE_FULFILLED = 1;

interface V8UtilBinding {
  getPromiseDetails(p: unknown): [number, unknown?];
  previewEntries(it: unknown, isIterator: true): [unknown[], boolean];
  previewEntries(weak: unknown): unknown[];
}

/**
 * Node's internal util binding, which reads a promise's state and an iterator's remaining entries
 * (no JavaScript API does): reachable only when node runs with --expose-internals, as the corpus
 * check does to run whole programs on this host.
 */
function v8Internals(): V8UtilBinding | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return (require('internal/test/binding') as { internalBinding(name: string): V8UtilBinding }).internalBinding('util');
  } catch {
    return undefined;
  }
}

const promiseStates = new WeakMap<Promise<unknown>, PromiseStateView<unknown>>();

/** A promise whose state the host can report (JavaScript cannot read a promise's state synchronously). */
export function settledPromise(state: 'fulfilled' | 'rejected', result: unknown): Promise<unknown> {
  const p = state === 'fulfilled' ? Promise.resolve(result) : Promise.reject(result);
  if (state === 'rejected') p.catch(() => undefined);
  promiseStates.set(p, { state, result });
  return p;
}

export function pendingPromise(): Promise<unknown> {
  const p = new Promise<unknown>(() => undefined);
  promiseStates.set(p, { state: 'pending' });
  return p;
}

/** A Map or Set iterator that remembers where it came from, so the host can preview it. */
export function collectionIterator(source: Map<unknown, unknown> | Set<unknown>, kind: 'entries' | 'keys' | 'values'): IterableIterator<unknown> {
  const it = source[kind]() as IterableIterator<unknown>;
  iteratorOrigins.set(it, { source, kind });
  return it;
}

const iteratorOrigins = new WeakMap<object, { source: Map<unknown, unknown> | Set<unknown>; kind: 'entries' | 'keys' | 'values' }>();

function kindOf(value: object): ObjectKind {
  if (typeof value === 'function') return 'function';
  if (Array.isArray(value)) return 'array';
  if (Buffer.isBuffer(value)) return 'buffer';
  if (types.isTypedArray(value)) return 'typed-array';
  if (types.isMap(value)) return 'map';
  if (types.isSet(value)) return 'set';
  if (types.isMapIterator(value)) return 'map-iterator';
  if (types.isSetIterator(value)) return 'set-iterator';
  if (types.isWeakMap(value)) return 'weakmap';
  if (types.isWeakSet(value)) return 'weakset';
  if (types.isPromise(value)) return 'promise';
  if (types.isNativeError(value) || value instanceof Error) return 'error';
  if (types.isAnyArrayBuffer(value)) return 'array-buffer';
  if (types.isDate(value)) return 'date';
  if (types.isRegExp(value)) return 'regexp';
  if (types.isBoxedPrimitive(value)) return 'boxed';
  if (types.isArgumentsObject(value)) return 'arguments';
  return 'object';
}

function isInstance(value: unknown, ctor: (...args: unknown[]) => unknown): boolean {
  try {
    return value instanceof ctor;
  } catch {
    return false;
  }
}

function isIndex(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

function keyView(key: string | symbol): PropertyKeyView {
  return typeof key === 'string' ? key : { type: 'symbol', description: key.description };
}

function propertyOf(key: string | symbol, d: PropertyDescriptor): OwnProperty<unknown> {
  if ('value' in d || (d.get === undefined && d.set === undefined)) return { key: keyView(key), enumerable: d.enumerable === true, kind: 'data', value: d.value };
  return { key: keyView(key), enumerable: d.enumerable === true, kind: 'accessor', getter: d.get !== undefined, setter: d.set !== undefined };
}
