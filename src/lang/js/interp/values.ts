import type * as acorn from 'acorn';
import type { ObjectRef } from '../../../engine/managedHeap/managedHeap';

/**
 * The values a JavaScript program handles. Primitives are the host's own (a JS number is a
 * double, a string is UTF-16, as in the host); symbols and objects are the interpreter's, so
 * that every object is one the simulated managed heap knows by its `ref`.
 */
export type JsValue = undefined | null | boolean | number | string | bigint | JsSymbol | JsObject;

export class JsSymbol {
  constructor(readonly description: string | undefined) {}
}

/** A property name: a string (array indices included, as the language defines them) or a symbol. */
export type PropKey = string | JsSymbol;

/** One own property: a data property (value, writable) or an accessor (get/set). */
export interface Property {
  value: JsValue;
  get?: JsObject;
  set?: JsObject;
  writable: boolean;
  enumerable: boolean;
  configurable: boolean;
}

/** What kind of object it is beyond the ordinary (the spec's internal slots, named by what holds them). */
export type ObjectClass =
  | 'Object' | 'Array' | 'Function' | 'Error' | 'Boolean' | 'Number' | 'String' | 'Symbol' | 'BigInt'
  | 'Map' | 'Set' | 'WeakMap' | 'WeakSet' | 'WeakRef' | 'FinalizationRegistry' | 'Promise'
  | 'Generator' | 'ArrayBuffer' | 'TypedArray' | 'Date' | 'RegExp' | 'Arguments' | 'Iterator';

/** The handle of an object not on any simulated heap (no heap attached). */
export const NO_REF: ObjectRef = -1;

/** Per object: the heap stores it has besides itself and their capacities (V8 grows them in steps). */
export interface HeapStores {
  elements?: ObjectRef;
  elementsCapacity: number;
  table?: ObjectRef;
  tableCapacity: number;
  bytes: number;
}

export class JsObject {
  /** Own properties in insertion order (integer keys are ordered first by ownKeys, as the language orders them). */
  readonly props = new Map<PropKey, Property>();
  extensible = true;
  /** Its handle on the managed heap (NO_REF without one). */
  ref: ObjectRef = NO_REF;
  /**
   * The heap adapter's record of its other heap stores (elements, hash table) and sizes: a field
   * rather than a WeakMap entry per object, which V8's collector processes as an ephemeron at
   * every scavenge of the host.
   */
  heapStores?: HeapStores;
  /** Private fields (#x), by the private name's identity (the class body that declared it). */
  privates?: Map<PrivateName, Property>;
  /** Internal slots of the built-in kinds. */
  primitive?: JsValue;
  mapData?: Map<JsValue, JsValue>;
  setData?: Set<JsValue>;
  /** WeakMap/WeakSet entries: keyed by the key object itself (the heap clears them when the key dies). */
  weakData?: Map<JsObject, JsValue>;
  weakTarget?: JsObject;
  promise?: PromiseSlots;
  bytes?: ByteStore;
  typed?: TypedArraySlots;
  generator?: GeneratorSlots;
  finalization?: FinalizationSlots;
  /** An error whose stack is written when first read. */
  lazyStack?: boolean;
  /** A heap context's scope (the captured variables it holds). */
  contextOf?: import('./scope').Scope;
  /** An iterator built into the library: the next step as a host function. */
  nativeIterator?: () => IteratorStep;
  /** Which built-in iterator it is ('Map Iterator', 'Array Iterator'...). */
  nativeIteratorKind?: string;
  /** A Map or Set iterator: what it has still to give, without advancing it (for inspect). */
  iteratorPreview?: () => { readonly entries: readonly JsValue[]; readonly isKeyValue: boolean };
  /** Values a built-in function's host code keeps (a bound function's target, a promise's resolvers' promise): traced as references. */
  holds?: JsValue[];
  constructor(public proto: JsObject | null, public cls: ObjectClass = 'Object') {}
}

export interface IteratorStep {
  readonly done: boolean;
  readonly value: JsValue;
}

/** An Array: its elements in a host array (holes are `HOLE`), `length` its length. */
export class JsArray extends JsObject {
  items: (JsValue | typeof HOLE)[] = [];
  /** Frozen or sealed: no element added, removed (or, frozen, changed). */
  frozenLength = false;
  constructor(proto: JsObject | null) {
    super(proto, 'Array');
  }
}

/** An array element never written (`[1, , 3]`, `new Array(3)`). */
export const HOLE: unique symbol = Symbol('hole');

/** The host side of a built-in function: it may call back into the program, hence a generator. */
export type NativeImpl = (thisValue: JsValue, args: readonly JsValue[], newTarget: JsObject | undefined) => Eval<JsValue>;

export type FunctionNode = acorn.FunctionDeclaration | acorn.FunctionExpression | acorn.ArrowFunctionExpression;

export class JsFunction extends JsObject {
  /** A built-in's implementation (undefined for the program's own functions). */
  native?: NativeImpl;
  node?: FunctionNode;
  /** The environment it closes over. */
  scope?: import('./scope').Scope;
  /** `this` of an arrow function is the one of where it was made. */
  lexicalThis = false;
  /** The object whose methods' `super` refers to (a class prototype, an object literal). */
  homeObject?: JsObject;
  classInfo?: ClassInfo;
  /** A bound function's target (Function.prototype.bind). */
  boundTarget?: JsFunction;
  /** A class without a constructor of its own: it passes its arguments to the superclass's (or makes a plain instance). */
  defaultConstructor = false;
  /** Can be called with `new`. */
  constructible = false;
  /** A class constructor throws when called without `new`. */
  classConstructor = false;
  name = '';
  /** The line it was defined on (snapshots group closures by it). */
  line = 0;
  constructor(proto: JsObject | null) {
    super(proto, 'Function');
  }
}

/** What a class constructor keeps of its class body: instance fields, to define on each new instance. */
export interface ClassInfo {
  readonly derived: boolean;
  readonly fields: readonly FieldRecord[];
  /** The class's private names (its brand: `#x in o` and private methods). */
  readonly privateMethods: readonly { readonly name: PrivateName; readonly property: Property }[];
}

export interface FieldRecord {
  readonly key: PropKey | PrivateName;
  readonly init: acorn.Expression | null | undefined;
  /** The scope of the class body (fields see the class's own name and private names). */
  readonly scope: import('./scope').Scope;
}

/** A private name `#x` of one class body: two classes declaring `#x` have different names. */
export class PrivateName {
  constructor(readonly description: string) {}
}

export type PromiseState = 'pending' | 'fulfilled' | 'rejected';

export interface PromiseSlots {
  state: PromiseState;
  result: JsValue;
  fulfillReactions: PromiseReaction[];
  rejectReactions: PromiseReaction[];
  /** A rejection no handler has been attached to (node's unhandled-rejection check). */
  handled: boolean;
}

/** What runs when a promise settles: a `then` callback feeding a derived promise, or the continuation of an `await`. */
export type PromiseReaction =
  | { readonly kind: 'then'; readonly handler: JsValue; readonly derived: JsObject | undefined; readonly onFulfilled: boolean }
  | { readonly kind: 'await'; readonly frame: import('./frames').Frame; readonly holds?: readonly JsValue[]; readonly resume: (mode: 'next' | 'throw', value: JsValue) => Eval<void> };

/** A Buffer or ArrayBuffer payload: off-heap bytes (their address in the simulated process, when a heap places them). */
export interface ByteStore {
  readonly data: Uint8Array;
  address?: number;
}

export interface TypedArraySlots {
  readonly kind: TypedArrayKind;
  readonly buffer: JsObject;
  readonly byteOffset: number;
  readonly length: number;
}

export type TypedArrayKind = 'Uint8Array' | 'Int8Array' | 'Uint16Array' | 'Int16Array' | 'Uint32Array' | 'Int32Array' | 'Float32Array' | 'Float64Array' | 'Uint8ClampedArray' | 'BigInt64Array' | 'BigUint64Array';

export interface GeneratorSlots {
  state: 'suspended-start' | 'suspended-yield' | 'executing' | 'completed';
  body: Generator<Signal, JsValue, unknown>;
  frame: import('./frames').Frame;
}

export interface FinalizationSlots {
  readonly callback: JsValue;
  /** Registered targets, their held values and unregister tokens. */
  readonly cells: { target: JsObject; held: JsValue; token: JsValue }[];
}

/**
 * What an evaluator yields to whoever drives it: `pause` goes up to the session (the program
 * stops before a statement), `yield` and `await` go to the generator or async function that
 * runs the body. Evaluators that never suspend simply never yield.
 */
export type Signal =
  | { readonly kind: 'pause' }
  | { readonly kind: 'yield'; readonly value: JsValue; readonly delegate?: boolean }
  | { readonly kind: 'await'; readonly value: JsValue };

/** Every evaluator is a generator: it can pause at a statement, and suspend in a generator or async body. */
export type Eval<T = JsValue> = Generator<Signal, T, unknown>;

/** A JavaScript exception travelling through the host: `throw` in the program, or a TypeError the language raises. */
export class JsThrow {
  constructor(readonly value: JsValue, readonly line?: number, readonly column?: number) {}
}

/** A generator closed by `return()`: travels like an exception so that `finally` blocks run. */
export class GeneratorReturn {
  constructor(readonly value: JsValue) {}
}

export function isObject(v: JsValue): v is JsObject {
  return v instanceof JsObject;
}

export function isCallable(v: JsValue): v is JsFunction {
  return v instanceof JsFunction;
}
