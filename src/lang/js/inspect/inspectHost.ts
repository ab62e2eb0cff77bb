/**
 * What the formatter asks about a value. The formatter (node 20's `util.inspect` rules) never
 * touches a value itself: an interpreter adapts its own value representation to this interface,
 * and the unit tests adapt real host JavaScript values to it, so the same formatter runs on both.
 *
 * `V` is the interpreter's value type. Every method is a question a JavaScript program could
 * answer with reflection (typeof, Object.getOwnPropertyDescriptor, Map.prototype.entries...), and
 * none of them may run user code except `toText` / `toNumber` (the `%s`/`%d`/`%i`/`%f` specifiers
 * convert as String() and Number() do) and `jsonText` (`%j`).
 */
export interface InspectHost<V> {
  /** A primitive as its JavaScript value, or an object with its kind and identity. */
  describe(value: V): PrimitiveView | ObjectView;

  /**
   * The name node prints for an object's class, found as node's getConstructorName does: walk the
   * prototype chain to the first own `constructor` that is a function with a non-empty name and of
   * which the value is an instance ('Object', 'Foo', 'Map'); null when the chain ends without one
   * (a null-prototype object: `Object.create(null)`).
   */
  constructorName(value: V): string | null;

  /** `value[Symbol.toStringTag]` when it is a string that is not an own enumerable property (else ''). */
  toStringTag(value: V): string;

  /**
   * Own properties in property order (integer keys ascending, then strings in insertion order,
   * then symbols), each with its descriptor. Only enumerable ones unless `includeHidden` (the
   * `showHidden` option, `%o`). Arrays, typed arrays and Buffers: non-index keys only (their
   * elements are asked separately); String objects: without their character indices.
   */
  ownProperties(value: V, includeHidden: boolean): readonly OwnProperty<V>[];

  /** Arrays: `length`. */
  arrayLength(value: V): number;
  /** Arrays: the first `max` elements that exist (holes skipped), by ascending index below length. */
  arrayElements(value: V, max: number): readonly ArrayElement<V>[];

  /** Maps and Sets: `size`. */
  collectionSize(value: V): number;
  /** Sets: the first `max` values in insertion order. */
  setValues(value: V, max: number): readonly V[];
  /** Maps: the first `max` entries in insertion order. */
  mapEntries(value: V, max: number): readonly (readonly [V, V])[];
  /** Map and Set iterators: what they have still to give (without advancing them); pairs for entries(). */
  iteratorPreview(value: V): { readonly entries: readonly V[]; readonly isKeyValue: boolean };

  /** Promises: the state and, once settled, the result. */
  promiseState(value: V): PromiseStateView<V>;

  /** Typed arrays (and Buffers): the element count. */
  typedArrayLength(value: V): number;
  /** Typed arrays: the first `max` elements. */
  typedArrayElements(value: V, max: number): readonly (number | bigint)[];
  /** ArrayBuffers and Buffers: the byte count. */
  byteLength(value: V): number;
  /** ArrayBuffers and Buffers: the first `max` bytes. */
  bytes(value: V, max: number): ArrayLike<number>;

  /** Functions: how node names them. */
  functionInfo(value: V): FunctionView;
  /** Errors: the parts node's error formatting reads. */
  errorInfo(value: V): ErrorView<V>;
  /** Boxed primitives (`new Number(3)`): the primitive inside. */
  boxedValue(value: V): PrimitiveView;
  /** Dates: `toISOString()`, or `toString()` ('Invalid Date') when the time is NaN. */
  dateText(value: V): string;
  /** Regular expressions: `toString()` ('/ab+c/gi'). */
  regexpText(value: V): string;

  /**
   * For `showHidden` (`%o`): the prototypes whose own properties node lists after the object's own
   * (`[area]: [Getter]`), nearest first and at most three: the first prototype unless its own
   * `constructor` is a built-in class (a global named like a class: Object, Array, Map, Uint8Array...), then each
   * next one until null or such a built-in's prototype. A class instance gives its class's
   * prototype and those of its user-defined superclasses; `{}` and `[]` give none.
   * Optional: a host without it gets no prototype properties under showHidden (node lists them).
   */
  showHiddenPrototypes?(value: V): readonly V[];
  /**
   * For `showHidden` on typed arrays: the facts node lists after the elements. Optional: without
   * it they are left out (node lists them).
   */
  typedArrayFacts?(value: V): { readonly bytesPerElement: number; readonly byteOffset: number; readonly byteLength: number; readonly buffer: V };
  /**
   * For `showHidden` on a WeakMap or WeakSet: its live entries (a WeakMap's as key, value, key,
   * value...). Optional: without it the collection prints `<items unknown>` as it does by default.
   */
  weakCollectionEntries?(value: V): readonly V[];

  /** `String(value)` (console.log's `%s`, `%i`, `%f` on objects with their own toString). */
  toText(value: V): string;
  /** `Number(value)` (`%d`). */
  toNumber(value: V): number;
  /**
   * True when the object's toString and Symbol.toPrimitive come from a built-in prototype (node's
   * hasBuiltInToString): `%s` then inspects the object instead of calling String().
   */
  hasBuiltInToString(value: V): boolean;
  /** `JSON.stringify(value)` for `%j` (undefined when it gives undefined); 'circular' when it throws for a cycle. */
  jsonText(value: V): string | undefined | 'circular';
}

export type PrimitiveView =
  | { readonly type: 'undefined' }
  | { readonly type: 'null' }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'bigint'; readonly value: bigint }
  | { readonly type: 'string'; readonly value: string }
  | SymbolView;

export interface SymbolView {
  readonly type: 'symbol';
  /** `Symbol('x').description`; undefined for `Symbol()`. */
  readonly description: string | undefined;
}

/**
 * The kinds of object the formatter draws differently. Class instances, generator objects,
 * WeakRefs and the like are 'object' (their constructor name and toStringTag say the rest);
 * subclasses keep their base kind (`class Stack extends Array` is an 'array').
 */
export type ObjectKind =
  | 'object' | 'arguments' | 'array' | 'function' | 'error'
  | 'map' | 'set' | 'weakmap' | 'weakset' | 'map-iterator' | 'set-iterator'
  | 'promise' | 'typed-array' | 'buffer' | 'array-buffer'
  | 'date' | 'regexp' | 'boxed';

export interface ObjectView {
  readonly type: 'object';
  readonly kind: ObjectKind;
  /** Stable for the object's lifetime and equal (===) only for the same object: how cycles are found. */
  readonly identity: unknown;
}

export type PropertyKeyView = string | SymbolView;

export type OwnProperty<V> =
  | { readonly key: PropertyKeyView; readonly enumerable: boolean; readonly kind: 'data'; readonly value: V }
  | { readonly key: PropertyKeyView; readonly enumerable: boolean; readonly kind: 'accessor'; readonly getter: boolean; readonly setter: boolean };

export interface ArrayElement<V> {
  readonly index: number;
  readonly value: V;
}

export type PromiseStateView<V> =
  | { readonly state: 'pending' }
  | { readonly state: 'fulfilled' | 'rejected'; readonly result: V };

export interface FunctionView {
  /** The `name` property ('' for an anonymous function). */
  readonly name: string;
  /** Written with `class` (node reads this from the source text). */
  readonly isClass: boolean;
  readonly isAsync: boolean;
  readonly isGenerator: boolean;
  /** Classes: the name of the prototype of the class (`extends B`: 'B'; '' for a base class). */
  readonly superName: string;
}

export interface ErrorView<V> {
  /** `String(err.name)`, or 'Error' when the name is null or undefined. */
  readonly name: string;
  /** `err.message` as a string ('' when absent). */
  readonly message: string;
  /** `String(err.stack)` when truthy, else what Error.prototype.toString gives. */
  readonly stack: string;
  /**
   * The `cause` property when `'cause' in err`: its own descriptor (`new Error(m, { cause })`
   * makes a hidden one), or an enumerable data property when it is inherited.
   */
  readonly cause?: OwnProperty<V>;
  /** The `errors` property when it is an array (AggregateError), described likewise. */
  readonly errors?: OwnProperty<V>;
}
