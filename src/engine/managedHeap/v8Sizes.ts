/**
 * Shallow sizes of heap objects as V8 lays them out on x64 without pointer compression (node's
 * default build): every field is an 8-byte word, every object a multiple of 8 bytes. The figures
 * were checked against node v20's `v8.writeHeapSnapshot()` (test/fixtures/managedHeap/*.txt,
 * recorded by test/fixtures/managedHeap/recordSizes.js); the folder README draws the layouts.
 */

export const WORD = 8;

/** map, properties (out-of-object property store), elements. */
export const JS_OBJECT_HEADER_BYTES = 3 * WORD;
/** A FixedArray's map and length, before its slots. */
export const FIXED_ARRAY_HEADER_BYTES = 2 * WORD;
/** An empty object literal's map keeps four spare in-object slots (`{}` is 56 bytes). */
export const EMPTY_LITERAL_IN_OBJECT_SLOTS = 4;

/** Constructions of one constructor before slack tracking completes (V8's Map::kSlackTrackingCounterStart). */
export const SLACK_TRACKING_CONSTRUCTIONS = 7;
/** Spare in-object slots an instance gets while slack tracking runs. */
export const SLACK_TRACKING_EXTRA_SLOTS = 8;
/** A constructor is expected to add at least this many properties, whatever its body says. */
const MIN_EXPECTED_PROPERTIES = 2;

/** V8 objects end on a word boundary. */
export function roundToWord(bytes: number): number {
  return Math.ceil(bytes / WORD) * WORD;
}

/** A JSObject with `inObjectSlots` fields stored inside it. */
export function objectBytes(inObjectSlots: number): number {
  return JS_OBJECT_HEADER_BYTES + inObjectSlots * WORD;
}

/** An object literal with `propertyCount` properties: one slot each, or four spare ones for `{}`. */
export function objectLiteralBytes(propertyCount: number): number {
  return objectBytes(propertyCount === 0 ? EMPTY_LITERAL_IN_OBJECT_SLOTS : propertyCount);
}

/**
 * Instance size by slack tracking: the first constructions of a constructor (class or function)
 * get room for the properties its body assigns (at least two) plus eight spare slots; when the
 * seventh construction completes, V8 shrinks the map to the properties actually used, and every
 * instance made so far shrinks with it (the language calls `resize` on them).
 * `constructions` counts this one (1 for the first).
 */
export function instanceBytes(expectedProperties: number, usedProperties: number, constructions: number): number {
  if (constructions < SLACK_TRACKING_CONSTRUCTIONS) {
    return objectBytes(Math.max(expectedProperties, MIN_EXPECTED_PROPERTIES) + SLACK_TRACKING_EXTRA_SLOTS);
  }
  return objectBytes(usedProperties);
}

/** JSArray: the object header plus its length; the elements are a separate FixedArray (or the shared empty one). */
export const ARRAY_BYTES = JS_OBJECT_HEADER_BYTES + WORD;

/** A FixedArray (elements store, out-of-object properties) of `capacity` slots. */
export function fixedArrayBytes(capacity: number): number {
  return FIXED_ARRAY_HEADER_BYTES + capacity * WORD;
}

/** A FixedDoubleArray of `capacity` unboxed doubles (same shape: map, length, 8 bytes each). */
export const fixedDoubleArrayBytes = fixedArrayBytes;

/** How V8 grows an elements store that is full: old + old/2 + 16 (JSObject::NewElementsCapacity). */
export function grownElementsCapacity(oldCapacity: number): number {
  return oldCapacity + (oldCapacity >> 1) + 16;
}

/** Sequential strings: map, hash field (4 bytes) and length (4 bytes), then one or two bytes a character. */
export const STRING_HEADER_BYTES = 2 * WORD;

export function stringBytes(length: number, twoByte = false): number {
  return roundToWord(STRING_HEADER_BYTES + length * (twoByte ? 2 : 1));
}

/** A ConsString (the result of `a + b` past 13 characters): header plus first and second. */
export const CONS_STRING_BYTES = STRING_HEADER_BYTES + 2 * WORD;

/** A boxed double (a property holding a non-Smi number points to one). */
export const HEAP_NUMBER_BYTES = 2 * WORD;

/**
 * JSFunction: map, properties, elements, shared function info, context, feedback cell, code —
 * seven words (an arrow function or method) — plus the prototype-or-initial-map slot for
 * functions that can be constructors.
 */
export function closureBytes(hasPrototypeSlot: boolean): number {
  return (hasPrototypeSlot ? 8 : 7) * WORD;
}

/** A closure context: a FixedArray-like header, the scope info and previous-context slots, then one slot per captured variable. */
export function contextBytes(capturedVariables: number): number {
  return FIXED_ARRAY_HEADER_BYTES + (2 + capturedVariables) * WORD;
}

/** JSMap/JSSet/JSWeakMap/JSWeakSet: the object header plus the table pointer. */
export const COLLECTION_BYTES = JS_OBJECT_HEADER_BYTES + WORD;

/** Map's backing store (OrderedHashMap) holding up to `capacity` entries: key, value, chain each. */
export function orderedHashMapBytes(capacity: number): number {
  return orderedHashTableBytes(capacity, 3);
}

/** Set's backing store (OrderedHashSet): key and chain each. */
export function orderedHashSetBytes(capacity: number): number {
  return orderedHashTableBytes(capacity, 2);
}

/** OrderedHashTable: element count, deleted count and bucket count, capacity/2 buckets, then the entries. */
function orderedHashTableBytes(capacity: number, entryWords: number): number {
  return fixedArrayBytes(3 + capacity / 2 + capacity * entryWords);
}

/** Initial capacity of a Map's or Set's table; it doubles when full. */
export const ORDERED_HASH_INITIAL_CAPACITY = 4;

/**
 * A (non-ordered) HashTable: element count, deleted count, capacity, `prefixWords` of its own,
 * then `entryWords` per entry. WeakMap's EphemeronHashTable: no prefix, key and value (capacity
 * 4 is 104 bytes); a dictionary-mode object's NameDictionary: 2 prefix words, key, value, details.
 */
export function hashTableBytes(capacity: number, entryWords = 2, prefixWords = 0): number {
  return fixedArrayBytes(3 + prefixWords + capacity * entryWords);
}

/** JSArrayBuffer (its payload is off-heap: see ManagedHeap.allocateExternal). */
export const ARRAY_BUFFER_BYTES = 11 * WORD;
/** JSTypedArray (Uint8Array, Buffer...): header, buffer, offsets, lengths, pointers, embedder fields. */
export const TYPED_ARRAY_BYTES = 12 * WORD;
