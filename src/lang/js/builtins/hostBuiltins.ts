import type { Interp } from '../interp/interp';
import { JsFunction, JsObject, type JsValue, isCallable } from '../interp/values';
import { dataProperty, defineOwn } from '../interp/objectModel';
import { call } from '../interp/calls';
import { toNumber } from '../interp/conversions';
import { method, protoObject, simple } from './helpers';
import { formatForConsole, formatLogCall } from './consoleFormat';
import { installRequire } from './modules';
import type { Timer } from '../interp/eventLoop';

/**
 * What node adds to the language: console, timers on the simulated clock, queueMicrotask,
 * process (nextTick, memoryUsage, argv, exit), global.gc, require, Date.now and performance.now.
 */
export function installHost(it: Interp): void {
  const g = it.global;
  const consoleObject = protoObject(it, it.intrinsics.objectProto);
  defineOwn(it, g, 'console', { value: consoleObject, writable: true, enumerable: false, configurable: true });
  for (const [name, stream] of [['log', 'stdout'], ['info', 'stdout'], ['debug', 'stdout'], ['error', 'stderr'], ['warn', 'stderr'], ['trace', 'stderr']] as const) {
    method(it, consoleObject, name, 0, function* (_t, args) {
      it.write(stream, (yield* formatLogCall(it, args)) + '\n');
      return undefined;
    });
  }
  simple(it, consoleObject, 'dir', 0, (_t, [v]) => {
    it.write('stdout', formatForConsole(it, [typeof v === 'string' ? `'${v}'` : v]) + '\n');
    return undefined;
  });

  // ---- timers ----
  const timeoutProto = protoObject(it, it.intrinsics.objectProto);
  const handleOf = (t: JsValue) => t;
  for (const name of ['ref', 'unref', 'refresh'] as const) simple(it, timeoutProto, name, 0, (t) => handleOf(t));
  simple(it, timeoutProto, 'hasRef', 0, () => true);
  simple(it, timeoutProto, it.symbols.toPrimitive, 1, (t) => (t instanceof JsObject ? (t.primitive as number) : NaN));
  const schedule = (name: string, kind: Timer['kind']) =>
    method(it, g, name, 2, function* (_t, [callback, delay, ...args]) {
      if (!isCallable(callback)) return it.throwError('TypeError', `The "callback" argument must be of type function. Received ${callback === undefined ? 'undefined' : typeof callback}`);
      const handle = it.newObject(timeoutProto, 'Object', kind === 'immediate' ? 'Immediate' : 'Timeout');
      const ms = kind === 'immediate' ? 0 : delay === undefined ? 1 : yield* toNumber(it, delay);
      const timer = it.loop.addTimer(kind, callback, ms, kind === 'immediate' ? [delay, ...args].filter((_x, i) => i < args.length + (delay === undefined ? 0 : 1)) : args, handle);
      handle.primitive = timer.id;
      return handle;
    });
  schedule('setTimeout', 'timeout');
  schedule('setInterval', 'interval');
  schedule('setImmediate', 'immediate');
  for (const name of ['clearTimeout', 'clearInterval', 'clearImmediate']) {
    simple(it, g, name, 1, (_t, [h]) => {
      it.loop.clearTimer(h);
      return undefined;
    });
  }
  simple(it, g, 'queueMicrotask', 1, (_t, [f]) => {
    if (!isCallable(f)) return it.throwError('TypeError', `The "callback" argument must be of type function. Received ${typeof f}`);
    it.loop.enqueueMicrotask(function* () {
      yield* call(it, f, undefined, []);
    }, [f]);
    return undefined;
  });

  // ---- process ----
  const processObject = protoObject(it, it.intrinsics.objectProto);
  defineOwn(it, g, 'process', { value: processObject, writable: true, enumerable: false, configurable: true });
  defineOwn(it, processObject, 'argv', dataProperty(it.newArray(['/usr/local/bin/node', `/${it.source.replace(/^\/+/, '')}`])));
  defineOwn(it, processObject, 'env', dataProperty(it.newObject()));
  defineOwn(it, processObject, 'platform', dataProperty('linux'));
  defineOwn(it, processObject, 'pid', dataProperty(4242));
  defineOwn(it, processObject, 'exitCode', dataProperty(undefined));
  simple(it, processObject, 'nextTick', 1, (_t, [f, ...args]) => {
    if (!isCallable(f)) return it.throwError('TypeError', `The "callback" argument must be of type function. Received ${typeof f}`);
    it.loop.enqueueTick(function* () {
      yield* call(it, f, undefined, args);
    }, [f, ...args]);
    return undefined;
  });
  const usage = () => it.heap.usage() ?? it.throwError('Error', 'process.memoryUsage() needs the simulated managed heap, which this run does not have');
  const memoryUsage = simple(it, processObject, 'memoryUsage', 0, () => {
    const u = usage();
    const o = it.newObject();
    for (const k of ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const) defineOwn(it, o, k, dataProperty(u[k]));
    return o;
  });
  simple(it, memoryUsage, 'rss', 0, () => usage().rss);
  simple(it, processObject, 'exit', 1, (_t, [code]) => {
    throw new ProcessExit(typeof code === 'number' ? code : 0);
  });
  simple(it, processObject, 'uptime', 0, () => it.loop.now / 1000);
  simple(it, processObject, 'cwd', 0, () => '/');
  simple(it, processObject, 'on', 2, (t) => t);
  const gc = it.nativeFunction('gc', 0, function* () {
    it.heap.collect('global.gc()');
    return undefined;
  });
  defineOwn(it, g, 'gc', { value: gc, writable: true, enumerable: false, configurable: true });

  // ---- time: the simulated clock (timers advance it) ----
  const performance = protoObject(it, it.intrinsics.objectProto);
  defineOwn(it, g, 'performance', { value: performance, writable: true, enumerable: false, configurable: true });
  simple(it, performance, 'now', 0, () => it.loop.now);
  simple(it, g, 'structuredClone', 1, () => it.throwError('TypeError', 'structuredClone is not supported by Memory Atlas'));

  installRequire(it);
  void JsFunction;
}

/** process.exit(code): unwinds the program (no more statements or callbacks run). */
export class ProcessExit {
  constructor(readonly code: number) {}
}
