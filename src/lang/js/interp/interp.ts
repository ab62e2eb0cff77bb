import type * as acorn from 'acorn';
import type { Frame } from './frames';
import { type HeapPort, NO_HEAP } from './heapPort';
import type { CollectionKind } from '../../../shared/gcReport';
import { Scope } from './scope';
import { type Eval, JsArray, JsFunction, JsObject, JsSymbol, JsThrow, type JsValue, type NativeImpl, type Signal } from './values';
import { dataProperty, defineHidden, defineOwn } from './objectModel';
import type { EventLoop } from './eventLoop';

/** The built-in objects every program starts with (filled in by builtins/realm.ts). */
export interface Intrinsics {
  objectProto: JsObject;
  functionProto: JsObject;
  arrayProto: JsObject;
  stringProto: JsObject;
  numberProto: JsObject;
  booleanProto: JsObject;
  symbolProto: JsObject;
  bigintProto: JsObject;
  iteratorProto: JsObject;
  generatorProto: JsObject;
  promiseProto: JsObject;
  promiseCtor: JsFunction;
  errorProtos: Map<string, JsObject>;
  /** Prototypes of the other built-in classes by name (Map, Set, WeakMap, ArrayBuffer, Uint8Array...). */
  protos: Map<string, JsObject>;
}

export const PAUSE: Signal = { kind: 'pause' };

/** The well-known symbols (Symbol.iterator and its kin). */
export interface WellKnownSymbols {
  readonly iterator: JsSymbol;
  readonly asyncIterator: JsSymbol;
  readonly hasInstance: JsSymbol;
  readonly toPrimitive: JsSymbol;
  readonly toStringTag: JsSymbol;
}

/**
 * The interpreter's whole state for one run (engine262's "agent", passed to every evaluator
 * rather than kept in a global, so two programs can run side by side): the built-ins, the call
 * stack, the step counter the session's driver is consulted by, the heap and the event loop.
 */
export class Interp {
  intrinsics!: Intrinsics;
  global!: JsObject;
  globalScope!: Scope;
  loop!: EventLoop;
  readonly symbols: WellKnownSymbols = {
    iterator: new JsSymbol('Symbol.iterator'),
    asyncIterator: new JsSymbol('Symbol.asyncIterator'),
    hasInstance: new JsSymbol('Symbol.hasInstance'),
    toPrimitive: new JsSymbol('Symbol.toPrimitive'),
    toStringTag: new JsSymbol('Symbol.toStringTag'),
  };
  /** Symbol.for's registry. */
  readonly symbolRegistry = new Map<string, JsSymbol>();
  frames: Frame[] = [];
  steps = 0;
  nextCheck = Infinity;
  breakpoints: Uint8Array = new Uint8Array(0);
  /** The statement about to run (or running): what location() reports. */
  current: acorn.Node | undefined;
  heap: HeapPort = NO_HEAP;
  stdout = '';
  stderr = '';
  /** Says whether to stop before `current`; the program's driver answers. */
  askPause: () => boolean = () => false;
  /** Asked when a collection starts at a safepoint: true pauses before its work is done. */
  askGcPause: (collection: CollectionKind) => boolean = () => false;
  /** Text the program writes (console.log), as it writes it. */
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void = () => undefined;
  /** Counts entries into a named function at a depth (step into a target). */
  onEnter?: (name: string, depth: number) => void;
  /** Resolves a module name to its exports (builtins/modules.ts). */
  requireModules?: (name: string) => JsValue;
  /** CommonJS `module` (its `exports` is the script's `this`). */
  moduleObject?: JsObject;
  /** The `require` function (calls to it are resolved to the built-in modules). */
  requireFunction?: JsFunction;
  /** Function.prototype[Symbol.hasInstance] (instanceof skips calling it). */
  defaultHasInstance?: JsFunction;
  /** Array.prototype[Symbol.iterator] and %ArrayIteratorPrototype%.next as the library made them. */
  arrayValues?: JsFunction;
  arrayIteratorNext?: JsFunction;
  /** Every FinalizationRegistry made (the heap's frees are checked against their cells). */
  readonly finalizationRegistries: JsObject[] = [];
  /** Calls deeper than this throw RangeError, as node's stack runs out (near 10 800 frames there). */
  maxDepth = 2000;

  constructor(readonly source: string, readonly lines: readonly string[]) {}

  write(stream: 'stdout' | 'stderr', text: string): void {
    if (stream === 'stdout') this.stdout += text;
    else this.stderr += text;
    this.onOutput(stream, text);
  }

  get topFrame(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  /**
   * Before each statement: the collector's due work, and the driver when it asked to be
   * consulted here. A plain call (a generator per statement was a tenth of the evaluator's
   * garbage): false when the statement may run now, true when the caller must
   * `yield* pauseAtStatement(node)` first.
   */
  beginStatement(node: acorn.Node): boolean {
    const frame = this.topFrame;
    if (frame) {
      frame.statement = node;
      this.dropTemps(frame);
    }
    this.current = node;
    const collection = this.heap.beginSafepoint(this.steps);
    // A collection starts here: the driver may stop before its work to step through it.
    if (collection && this.askGcPause(collection)) {
      this.pendingPause = 'collection';
      return true;
    }
    this.heap.endSafepoint();
    return this.countStatement(node);
  }

  /** Which pause `beginStatement` asked for. */
  private pendingPause: 'collection' | 'step' = 'step';

  /** The rest of a statement's start after `beginStatement` asked to pause. */
  *pauseAtStatement(node: acorn.Node): Eval<void> {
    if (this.pendingPause === 'collection') {
      yield PAUSE;
      this.heap.endSafepoint();
      if (!this.countStatement(node)) return;
    }
    yield PAUSE;
    this.current = node;
    this.steps++;
  }

  /** Counts the statement as a step, unless the driver stops before it (true: it is counted after the pause). */
  private countStatement(node: acorn.Node): boolean {
    if (this.steps >= this.nextCheck || this.breakpoints[node.loc!.start.line] === 1) {
      if (this.askPause()) {
        this.pendingPause = 'step';
        return true;
      }
      this.current = node;
    }
    this.steps++;
    return false;
  }

  /** A value the statement in progress holds before storing it (a handle: the heap must keep it). */
  hold(v: JsValue): void {
    if (!(v instanceof JsObject)) return;
    const frame = this.topFrame;
    (frame ? frame.temps : this.looseTemps).push(v);
    this.heap.writeRoot(undefined, v);
  }

  /**
   * WeakRef targets made or dereferenced in the current job: kept alive until it ends (the
   * spec's KeepDuringJob), so `new WeakRef(o).deref()` after a gc in the same job still gives o.
   */
  keptDuringJob: JsObject[] = [];

  keepDuringJob(o: JsObject): void {
    this.keptDuringJob.push(o);
    this.heap.writeRoot(undefined, o);
  }

  /** The job is over (the script, a callback, a microtask checkpoint): ClearKeptObjects. */
  clearKeptObjects(): void {
    for (const o of this.keptDuringJob) this.heap.writeRoot(o, undefined);
    this.keptDuringJob = [];
  }

  /** Values held while no frame runs (the event loop's own work between callbacks). */
  looseTemps: JsObject[] = [];

  /** The event loop starts another job: what the last one held is let go. */
  dropLooseTemps(): void {
    if (this.looseTemps.length === 0) return;
    for (const t of this.looseTemps) this.heap.writeRoot(t, undefined);
    this.looseTemps = [];
  }

  /** A built-in function's host code keeps `v` (a bound target, a promise's resolvers): the heap must see the reference. */
  keep(holder: JsObject, v: JsValue): void {
    if (!(v instanceof JsObject)) return;
    (holder.holds ??= []).push(v);
    this.heap.write(holder, undefined, v);
  }

  dropTemps(frame: Frame): void {
    if (frame.temps.length === 0) return;
    for (const t of frame.temps) this.heap.writeRoot(t, undefined);
    frame.temps = [];
  }

  throwError(type: string, message: string): never {
    throw new JsThrow(this.makeError(type, message));
  }

  /** An error the engine raises at a node (V8 reports its position: the caret of an uncaught error goes under it). */
  throwAt(node: acorn.Node, type: string, message: string): never {
    throw new JsThrow(this.makeError(type, message), node.loc!.start.line, node.loc!.start.column + 1);
  }

  /** The script has a 'use strict' directive: every function in it is strict. */
  strict = false;

  makeError(type: string, message: string): JsObject {
    const proto = this.intrinsics.errorProtos.get(type) ?? this.intrinsics.errorProtos.get('Error')!;
    const e = this.newObject(proto, 'Error');
    defineHidden(this, e, 'message', message);
    e.lazyStack = true;
    return e;
  }

  protoOfPrimitive(v: JsValue): JsObject {
    const i = this.intrinsics;
    switch (typeof v) {
      case 'string': return i.stringProto;
      case 'number': return i.numberProto;
      case 'boolean': return i.booleanProto;
      case 'bigint': return i.bigintProto;
      default: return v instanceof JsSymbol ? i.symbolProto : i.objectProto;
    }
  }

  /** An ordinary object, made on the heap (held as a temporary until the statement stores it). */
  newObject(proto: JsObject | null = this.intrinsics.objectProto, cls: JsObject['cls'] = 'Object', label?: string): JsObject {
    const o = new JsObject(proto, cls);
    this.heap.made(o, 'object', label ?? cls, this.line());
    this.hold(o);
    return o;
  }

  newArray(items: readonly JsValue[] = []): JsArray {
    const a = new JsArray(this.intrinsics.arrayProto);
    a.items = [...items];
    this.heap.made(a, 'array', 'Array', this.line());
    this.hold(a);
    for (const v of items) this.heap.writeElement(a, undefined, v);
    return a;
  }

  /** A plain `{ value, done }` record (an iterator result). */
  iterResult(value: JsValue, done: boolean): JsObject {
    const o = this.newObject();
    defineOwn(this, o, 'value', dataProperty(value));
    defineOwn(this, o, 'done', dataProperty(done));
    return o;
  }

  /** A built-in function. */
  nativeFunction(name: string, length: number, impl: NativeImpl, constructible = false): JsFunction {
    const f = new JsFunction(this.intrinsics?.functionProto ?? null);
    f.native = impl;
    f.name = name;
    f.constructible = constructible;
    this.heap.made(f, 'function', name || '(anonymous)', undefined);
    defineOwn(this, f, 'length', { value: length, writable: false, enumerable: false, configurable: true });
    defineOwn(this, f, 'name', { value: name, writable: false, enumerable: false, configurable: true });
    return f;
  }

  /** The line of the statement running now. */
  line(): number | undefined {
    return this.current?.loc?.start.line;
  }

  /** Nobody replaced array iteration (for-of over an array may then read its elements directly). */
  arrayIterationIntact(): boolean {
    const i = this.intrinsics;
    return i.arrayProto.props.get(this.symbols.iterator)?.value === this.arrayValues && i.protos.get('Array Iterator')?.props.get('next')?.value === this.arrayIteratorNext;
  }

  symbolFor(key: string): JsSymbol {
    let s = this.symbolRegistry.get(key);
    if (!s) this.symbolRegistry.set(key, (s = new JsSymbol(key)));
    return s;
  }
}
