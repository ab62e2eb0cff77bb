import type { Interp } from '../interp/interp';
import { JsArray, JsFunction, JsObject, JsThrow, type JsValue, isCallable } from '../interp/values';
import { dataProperty, defineHidden, defineOwn, deleteProp, getProp, ownKeys, ownProperty } from '../interp/objectModel';
import { call } from '../interp/calls';
import { toString } from '../interp/conversions';
import { makeConstructor, method, protoObject, simple } from './helpers';
import { formatForConsole, inspectValue } from './consoleFormat';

/**
 * require() of node's built-in modules the snippets use: 'events' (EventEmitter, laid out as
 * node lays it out: `_events` with a function or an array per event, the max-listeners
 * warning), 'util' (inspect, format) and 'buffer'. Other names fail as node fails for a missing module.
 */
export function installRequire(it: Interp): void {
  const modules = new Map<string, () => JsValue>();
  let events: JsFunction | undefined;
  modules.set('events', () => (events ??= makeEventEmitter(it)));
  modules.set('util', () => {
    const u = it.newObject();
    simple(it, u, 'inspect', 2, (_t, [v]) => inspectValue(it, v));
    simple(it, u, 'format', 1, (_t, args) => formatForConsole(it, args));
    return u;
  });
  modules.set('buffer', () => {
    const b = it.newObject();
    defineOwn(it, b, 'Buffer', dataProperty(it.global.props.get('Buffer')?.value));
    return b;
  });
  const cache = new Map<string, JsValue>();
  it.requireModules = (name: string) => {
    const key = name.replace(/^node:/, '');
    if (cache.has(key)) return cache.get(key);
    const make = modules.get(key);
    if (!make) {
      const e = it.makeError('Error', `Cannot find module '${name}'`);
      defineOwn(it, e, 'code', dataProperty('MODULE_NOT_FOUND'));
      throw new JsThrow(e);
    }
    const m = make();
    cache.set(key, m);
    return m;
  };
  const req = it.nativeFunction('require', 1, function* (_t, [name]) {
    return requireModule(it, name);
  });
  it.requireFunction = req;
  const module = it.newObject();
  const exports = it.newObject();
  defineOwn(it, module, 'exports', dataProperty(exports));
  it.moduleObject = module;
  it.globalScope.vars.set('require', { value: req, kind: 'var', initialized: true });
  it.globalScope.vars.set('module', { value: module, kind: 'var', initialized: true });
  it.globalScope.vars.set('exports', { value: exports, kind: 'var', initialized: true });
  it.globalScope.vars.set('__filename', { value: `/${it.source.replace(/^\/+/, '')}`, kind: 'var', initialized: true });
  it.globalScope.vars.set('__dirname', { value: '/', kind: 'var', initialized: true });
}

export function requireModule(it: Interp, name: JsValue): JsValue {
  if (typeof name !== 'string') return it.throwError('TypeError', `The "id" argument must be of type string. Received ${String(name)}`);
  return it.requireModules!(name);
}

const DEFAULT_MAX_LISTENERS = 10;

function makeEventEmitter(it: Interp): JsFunction {
  const proto = protoObject(it, it.intrinsics.objectProto);
  const kCapture = it.symbolFor('kCapture');
  const shapeMode = it.symbolFor('shapeMode');
  const EE = makeConstructor(it, 'EventEmitter', 0, proto, function* (_t, _args, newTarget) {
    const p = newTarget ? yield* getProp(it, newTarget, 'prototype') : proto;
    const e = it.newObject(p instanceof JsObject ? p : proto, 'Object', (newTarget as JsFunction | undefined)?.name ?? 'EventEmitter');
    init(e);
    return e;
  });
  // makeConstructor put it on the global object; node has no global EventEmitter.
  it.global.props.delete('EventEmitter');
  defineOwn(it, EE, 'EventEmitter', dataProperty(EE));
  defineOwn(it, EE, 'defaultMaxListeners', dataProperty(DEFAULT_MAX_LISTENERS));
  const warned = new WeakMap<JsObject, Set<string>>();

  function init(e: JsObject): void {
    defineOwn(it, e, '_events', dataProperty(it.newObject(null)));
    defineOwn(it, e, '_eventsCount', dataProperty(0));
    defineOwn(it, e, '_maxListeners', dataProperty(undefined));
    defineOwn(it, e, shapeMode, { value: false, writable: true, enumerable: false, configurable: true });
    defineOwn(it, e, kCapture, { value: false, writable: true, enumerable: false, configurable: true });
  }
  const eventsOf = (t: JsValue): JsObject => {
    if (!(t instanceof JsObject)) return it.throwError('TypeError', 'EventEmitter method called on a non-object');
    let ev = ownProperty(t, '_events')?.value;
    if (!(ev instanceof JsObject)) {
      init(t);
      ev = ownProperty(t, '_events')!.value;
    }
    return ev as JsObject;
  };
  const listenersOf = (t: JsValue, name: string): JsValue[] => {
    const v = ownProperty(eventsOf(t), name)?.value;
    if (v === undefined) return [];
    return v instanceof JsArray ? [...(v.items as JsValue[])] : [v];
  };
  const setListeners = (t: JsValue, name: string, list: JsValue[]) => {
    const ev = eventsOf(t);
    const o = t as JsObject;
    const had = ownProperty(ev, name) !== undefined;
    if (list.length === 0) {
      deleteProp(it, ev, name);
      if (had) defineOwn(it, o, '_eventsCount', dataProperty((ownProperty(o, '_eventsCount')?.value as number) - 1));
      return;
    }
    defineOwn(it, ev, name, dataProperty(list.length === 1 ? list[0] : it.newArray(list)));
    if (!had) defineOwn(it, o, '_eventsCount', dataProperty(((ownProperty(o, '_eventsCount')?.value as number) ?? 0) + 1));
  };
  const keyOf = function* (v: JsValue) {
    return typeof v === 'string' ? v : yield* toString(it, v);
  };
  const add = (prepend: boolean) => function* (t: JsValue, [name, listener]: readonly JsValue[]) {
    if (!isCallable(listener)) return it.throwError('TypeError', `The "listener" argument must be of type function. Received ${listener === undefined ? 'undefined' : typeof listener}`);
    const key = yield* keyOf(name);
    // Past two listeners node adds to the array it has (events.js _addListener), in place.
    const existing = ownProperty(eventsOf(t), key)?.value;
    const list = existing instanceof JsArray ? existing.items as JsValue[] : listenersOf(t, key);
    if (prepend) list.unshift(listener);
    else list.push(listener);
    if (existing instanceof JsArray) {
      it.heap.writeElement(existing, undefined, listener);
      it.heap.grew(existing);
    } else setListeners(t, key, list);
    const count = list.length;
    const max = ownProperty(t as JsObject, '_maxListeners')?.value;
    const limit = typeof max === 'number' ? max : DEFAULT_MAX_LISTENERS;
    const seen = warned.get(t as JsObject) ?? new Set<string>();
    if (limit > 0 && count > limit && !seen.has(key)) {
      seen.add(key);
      warned.set(t as JsObject, seen);
      const ctor = (t as JsObject).proto?.props.get('constructor')?.value;
      const cls = ctor instanceof JsFunction ? ctor.name : 'EventEmitter';
      it.write('stderr', `(node:4242) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. ${count} ${key} listeners added to [${cls}]. MaxListeners is ${limit}. Use emitter.setMaxListeners() to increase limit\n(Use \`node --trace-warnings ...\` to show where the warning was created)\n`);
    }
    return t;
  };
  const on = method(it, proto, 'on', 2, add(false));
  defineOwn(it, proto, 'addListener', { value: on, writable: true, enumerable: false, configurable: true });
  method(it, proto, 'prependListener', 2, add(true));
  method(it, proto, 'once', 2, function* (t, [name, listener]) {
    if (!isCallable(listener)) return it.throwError('TypeError', `The "listener" argument must be of type function. Received ${typeof listener}`);
    const key = yield* keyOf(name);
    const wrapper: JsFunction = it.nativeFunction('bound onceWrapper', 0, function* (self, args) {
      setListeners(t, key, listenersOf(t, key).filter((l) => l !== wrapper));
      return yield* call(it, listener, self, args);
    });
    defineHidden(it, wrapper, 'listener', listener);
    it.keep(wrapper, t);
    return yield* add(false)(t, [key, wrapper]);
  });
  const off = method(it, proto, 'removeListener', 2, function* (t, [name, listener]) {
    const key = yield* keyOf(name);
    const list = listenersOf(t, key);
    // The last one added goes first, as node removes it.
    for (let i = list.length - 1; i >= 0; i--) {
      const l = list[i];
      if (l === listener || (l instanceof JsObject && ownProperty(l, 'listener')?.value === listener)) {
        list.splice(i, 1);
        setListeners(t, key, list);
        break;
      }
    }
    return t;
  });
  defineOwn(it, proto, 'off', { value: off, writable: true, enumerable: false, configurable: true });
  method(it, proto, 'removeAllListeners', 1, function* (t, [name]) {
    if (name === undefined) {
      for (const k of ownKeys(eventsOf(t))) if (typeof k === 'string') setListeners(t, k, []);
    } else setListeners(t, yield* keyOf(name), []);
    return t;
  });
  method(it, proto, 'emit', 1, function* (t, [name, ...args]) {
    const key = yield* keyOf(name);
    const list = listenersOf(t, key);
    if (list.length === 0) {
      if (key === 'error') {
        const err = args[0];
        if (err instanceof JsObject && err.cls === 'Error') throw new JsThrow(err);
        return it.throwError('Error', `Unhandled error. (${err === undefined ? 'undefined' : formatForConsole(it, [err])})`);
      }
      return false;
    }
    for (const l of list) yield* call(it, l, t, args);
    return true;
  });
  method(it, proto, 'listenerCount', 1, function* (t, [name]) {
    return listenersOf(t, yield* keyOf(name)).length;
  });
  method(it, proto, 'listeners', 1, function* (t, [name]) {
    return it.newArray(listenersOf(t, yield* keyOf(name)).map((l) => (l instanceof JsObject ? ownProperty(l, 'listener')?.value ?? l : l)));
  });
  simple(it, proto, 'eventNames', 0, (t) => it.newArray(ownKeys(eventsOf(t)) as JsValue[]));
  simple(it, proto, 'setMaxListeners', 1, (t, [n]) => {
    defineOwn(it, t as JsObject, '_maxListeners', dataProperty(n));
    return t;
  });
  simple(it, proto, 'getMaxListeners', 0, (t) => {
    const m = ownProperty(t as JsObject, '_maxListeners')?.value;
    return typeof m === 'number' ? m : DEFAULT_MAX_LISTENERS;
  });
  return EE;
}
